"""The engine's exception tree.

Every error that crosses the engine's public surface is one of these; errors of
pjsua2, sounddevice, keyring and sqlite are mapped where they enter
(``raise ... from exc``) so callers never catch a library's exception.

::

    SoftphoneError
     ├── ConfigError          bad settings file or value (.path, .key)
     ├── SecretStoreError     keyring problems
     │    └── NoKeyringBackend
     ├── StorageError         sqlite or disk problems
     │    └── DiskFullError
     ├── SipError             registration or call failures (.code, .reason)
     ├── AudioDeviceError
     ├── ModelError           speech model missing, broken, or not installable
     ├── EngineStateError     illegal transition, engine not running
     ├── PlanError            plan terms that cannot be quoted (.problems)
     ├── SmsError             the SMS gateway did not accept a message
     │    ├── SmsNotConfigured, SmsUnreachable, SmsTimeout
     │    └── SmsAuthFailed, SmsRejected (.status)
     ├── DialRefused          the dialing guard refused a call (.decision: rule, next allowed time)
     ├── GuardPolicyError     the administrator's guard policy file is not usable
     ├── LedgerUnavailable    the contact ledger cannot be reached (a StorageError)
     └── RecordingUnavailable a recording cannot be played here (not allowed, none, fails its check)

Each carries ``user_message``: plain words an agent understands, as a
:class:`softphone.i18n.Msg` (an English ``str`` with a message id and fields the
window translates). A plain ``str`` given by a caller becomes a ``Msg`` without
fields.
"""

from __future__ import annotations

from typing import Any

from .i18n import Msg, N_

__all__ = [
    "SoftphoneError",
    "ConfigError",
    "SecretStoreError",
    "NoKeyringBackend",
    "StorageError",
    "DiskFullError",
    "SipError",
    "AudioDeviceError",
    "ModelError",
    "RulePackError",
    "EngineStateError",
    "PlanError",
    "SmsError",
    "SmsNotConfigured",
    "SmsUnreachable",
    "SmsTimeout",
    "SmsAuthFailed",
    "SmsRejected",
    "DialRefused",
    "GuardPolicyError",
    "LedgerUnavailable",
    "RecordingUnavailable",
]


class SoftphoneError(Exception):
    """Root of every error the engine raises."""

    default_user_message: Msg = N_("Something went wrong in the softphone.")

    def __init__(self, message: str, *, user_message: str | None = None) -> None:
        super().__init__(message)
        self.user_message: Msg = _msg(user_message) if user_message else self.default_user_message


def _msg(text: str) -> Msg:
    """``text`` as a :class:`Msg` (a plain ``str`` becomes one without fields, shown as it is)."""
    return text if isinstance(text, Msg) else Msg(text)


class ConfigError(SoftphoneError):
    default_user_message = N_("The settings are not valid.")

    def __init__(
        self,
        message: str,
        *,
        user_message: str | None = None,
        path: str | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message, user_message=user_message or message)
        self.path = path
        self.key = key


class SecretStoreError(SoftphoneError):
    default_user_message = N_("The password store of this computer could not be used.")


class NoKeyringBackend(SecretStoreError):
    default_user_message = N_(
        "This computer has no password store (keyring). You can go on without "
        "saving the password and enter it each time, or set the password "
        "environment variable named in the settings."
    )


class StorageError(SoftphoneError):
    default_user_message = N_("The call history could not be saved or read.")


class DiskFullError(StorageError):
    default_user_message = N_(
        "The disk is full: the call history cannot be written. Free some space; "
        "nothing already saved was lost."
    )


class SipError(SoftphoneError):
    default_user_message = N_("The phone server refused the request.")

    def __init__(
        self,
        message: str,
        *,
        user_message: str | None = None,
        code: int = 0,
        reason: str = "",
    ) -> None:
        super().__init__(message, user_message=user_message)
        self.code = code
        self.reason = reason


class AudioDeviceError(SoftphoneError):
    default_user_message = N_("The headset or sound device could not be used.")


class ModelError(SoftphoneError):
    default_user_message = N_("The speech model could not be used; calls work, but without a transcript.")


class EngineStateError(SoftphoneError):
    default_user_message = N_("That action is not possible right now.")


class RulePackError(SoftphoneError):
    """A rule pack file is wrong; ``where`` is ``file:line``. The running pack stays in use."""

    default_user_message = N_("The phrase rules could not be loaded; the rules in use stay in force.")

    def __init__(self, message: str, *, where: str = "", user_message: str | None = None) -> None:
        super().__init__(f"{where}: {message}" if where else message, user_message=user_message)
        self.where = where
        self.detail: Msg = _msg(message)  # what is wrong, without the place (an N_(...) sentence)


class PlanError(SoftphoneError):
    """Plan terms that cannot be quoted (``.problems``: each problem in plain words)."""

    default_user_message = N_("The plan terms are not valid.")

    def __init__(self, message: str, *, user_message: str | None = None, problems: list[Msg] | None = None) -> None:
        super().__init__(message, user_message=user_message)
        self.problems: list[Msg] = list(problems or [])


class SmsError(SoftphoneError):
    """An SMS was not accepted by the gateway; nothing was sent."""

    default_user_message = N_("The SMS could not be sent.")


class SmsNotConfigured(SmsError):
    default_user_message = N_("No SMS gateway is set up, so no code can be sent. Ask your administrator.")


class SmsUnreachable(SmsError):
    default_user_message = N_("The SMS gateway cannot be reached. The plan stays pending; try again.")


class SmsTimeout(SmsError):
    default_user_message = N_("The SMS gateway did not answer in time. The plan stays pending; try again.")


class SmsAuthFailed(SmsError):
    default_user_message = N_("The SMS gateway refused the softphone's password. Ask your administrator.")


class SmsRejected(SmsError):
    default_user_message = N_("The SMS gateway refused the message. The plan stays pending.")

    def __init__(self, message: str, *, user_message: str | None = None, status: int = 0) -> None:
        super().__init__(message, user_message=user_message)
        self.status = status


class DialRefused(SoftphoneError):
    """The dialing guard refused a call before any INVITE (``.decision``: its JSON form, as ``guard check`` prints)."""

    default_user_message = N_("Not dialled: a calling rule does not allow this call now.")

    def __init__(self, message: str, *, user_message: str | None = None, decision: dict[str, Any] | None = None) -> None:
        super().__init__(message, user_message=user_message)
        self.decision: dict[str, Any] = dict(decision or {})


class GuardPolicyError(SoftphoneError):
    """The guard policy file cannot be used (not the administrator's, or a mistake in it)."""

    default_user_message = N_("The calling-rules policy file cannot be used; the built-in rules apply. "
                              "Ask your administrator.")


class LedgerUnavailable(StorageError):
    """The contact ledger (SQLite file or PostgreSQL server) cannot be read or written."""

    default_user_message = N_("The contact ledger cannot be reached, so the calling rules cannot be checked. "
                              "Ask your administrator.")


class RecordingUnavailable(SoftphoneError):
    """A call's recording cannot be played here: the policy does not allow it, there is none, or it fails its
    check (``user_message`` says which)."""

    default_user_message = N_("This recording cannot be played.")
