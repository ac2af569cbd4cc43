"""Account passwords, kept in the system keyring behind one small interface.

Passwords never live in the settings file. ``resolve_password`` looks first in
the environment variable named by ``account.password_env`` (for headless
machines and services), then in the keyring under the service name
``agent-softphone`` and the account id.

keyring's errors are mapped here: a machine without any usable keyring
(headless Linux without a Secret Service; keyring's ``fail.Keyring`` or an
empty chainer) raises ``NoKeyringBackend``, whose user_message offers the way
on; every other keyring failure raises ``SecretStoreError``.

``get_secret``/``set_secret`` keep other secrets of the app (the call
history's data key, ``storage/vault.py``) under the same service name, with the
same mapping of errors.

Nothing here ever logs a password; log lines name the account id only.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from typing import TypeVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail

from .errors import NoKeyringBackend, SecretStoreError
from .i18n import N_
from .settings import AccountSettings

__all__ = ["SERVICE_NAME", "SecretStore", "resolve_password"]

SERVICE_NAME = "agent-softphone"

_log = logging.getLogger(__name__)
T = TypeVar("T")

_NO_KEYRING_MESSAGE = N_(
    "This computer has no password store (keyring), so the password cannot be "
    "saved. You can go on without saving it and enter it each time you start "
    "the softphone, or ask your administrator to set the password environment "
    "variable named in the settings (account.password_env)."
)
_STORE_FAILED_MESSAGE = N_(
    "The password store (keyring) of this computer did not work. If it is "
    "locked, unlock it and try again; or enter the password without saving it."
)


class SecretStore:
    """Account passwords in a keyring backend (the active one unless given)."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend

    @property
    def backend(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def backend_name(self) -> str:
        backend = self.backend
        return f"{type(backend).__module__}.{type(backend).__qualname__}"

    def is_usable(self) -> bool:
        """False when there is no keyring to save passwords in."""
        return not _is_missing(self.backend, self._explicit())

    def _explicit(self) -> bool:
        """A backend given here, or named by the administrator in ``PYTHON_KEYRING_BACKEND`` (keyring's own
        setting), is a choice; one keyring picked by itself is not."""
        chosen = os.environ.get("PYTHON_KEYRING_BACKEND", "")
        return self._backend is not None or (bool(chosen) and chosen == self.backend_name())

    def get_password(self, account_id: str) -> str | None:
        return self._call("read", account_id, lambda b: b.get_password(SERVICE_NAME, account_id))

    def get_secret(self, name: str) -> str | None:
        """Another secret of the app (not an account password), or None."""
        return self._call(
            "read", name, lambda b: b.get_password(SERVICE_NAME, name), what="the secret"
        )

    def set_secret(self, name: str, value: str) -> None:
        self._call(
            "save", name, lambda b: b.set_password(SERVICE_NAME, name, value), what="the secret"
        )
        _log.info("secret %s saved", name)

    def set_password(self, account_id: str, password: str) -> None:
        self._call("save", account_id, lambda b: b.set_password(SERVICE_NAME, account_id, password))
        _log.info("password saved for account %s", account_id)

    def delete_password(self, account_id: str) -> None:
        """Forget the saved password; nothing happens when none is saved."""
        try:
            self._call("delete", account_id, lambda b: b.delete_password(SERVICE_NAME, account_id))
        except SecretStoreError as exc:
            if not isinstance(exc.__cause__, keyring.errors.PasswordDeleteError):
                raise
            if self.get_password(account_id) is not None:
                raise
        _log.info("password deleted for account %s", account_id)

    def _call(
        self,
        action: str,
        account_id: str,
        fn: Callable[[KeyringBackend], T],
        what: str = "the password of account",
    ) -> T:
        backend = self.backend
        subject = f"{what} {account_id}"
        if _is_missing(backend, self._explicit()):
            raise NoKeyringBackend(
                f"no keyring backend ({self.backend_name()}) to {action} {subject}",
                user_message=_NO_KEYRING_MESSAGE,
            )
        try:
            return fn(backend)
        except (keyring.errors.NoKeyringError, keyring.errors.InitError) as exc:
            raise NoKeyringBackend(
                f"keyring unusable for {subject.removeprefix('the password of ')}: "
                f"{type(exc).__name__}",
                user_message=_NO_KEYRING_MESSAGE,
            ) from exc
        except Exception as exc:  # backends are plugins: KeyringError, OSError, D-Bus, ...
            raise SecretStoreError(
                f"keyring could not {action} {subject}: {type(exc).__name__}",
                user_message=_STORE_FAILED_MESSAGE,
            ) from exc


def _is_plain_file(backend: KeyringBackend) -> bool:
    """keyrings.alt's file backends keep passwords in a file we must not use
    unless chosen explicitly (a test, or ``PYTHON_KEYRING_BACKEND``) (it installs them with the test extras,
    and keyring would pick them by itself on a headless machine)."""
    return type(backend).__module__.startswith("keyrings.alt")


def _is_missing(backend: KeyringBackend, explicit: bool = False) -> bool:
    if isinstance(backend, fail.Keyring):
        return True
    if not explicit and _is_plain_file(backend):
        return True
    if isinstance(backend, chainer.ChainerBackend):
        usable = [b for b in backend.backends if explicit or not _is_plain_file(b)]
        return not usable
    return False


def resolve_password(
    account: AccountSettings,
    store: SecretStore,
    environ: Mapping[str, str] = os.environ,
) -> str | None:
    """The account's password, or None when the caller must ask the agent.

    The variable named by ``account.password_env`` wins when it is set and not
    empty; then the keyring. No keyring at all gives None (ask, and do not offer
    to save: ``store.is_usable()`` is False); other keyring failures raise
    ``SecretStoreError``.
    """
    if account.password_env:
        from_env = environ.get(account.password_env, "")
        if from_env:
            _log.debug("password for account %s taken from the environment", account.id)
            return from_env
        _log.info(
            "%s is not set; looking in the keyring for account %s",
            account.password_env,
            account.id,
        )
    try:
        return store.get_password(account.id)
    except NoKeyringBackend:
        _log.info("no keyring; the password for account %s must be entered", account.id)
        return None
