"""Where the account's password comes from: one lookup for every front end."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..errors import SecretStoreError, SoftphoneError
from ..i18n import N_
from ..secrets import SecretStore, resolve_password
from ..settings import AccountSettings

__all__ = ["PasswordLookup", "find_password", "NO_PASSWORD_MESSAGE"]

log = logging.getLogger(__name__)

NO_PASSWORD_MESSAGE = N_(
    "No password is saved for this account, so the phone did not sign in. Enter it in Settings, "
    "save it in the keyring, or set the password variable named in the settings.")


@dataclass(frozen=True)
class PasswordLookup:
    """The password (None: none anywhere) and, when it could not be had, why."""

    password: str | None
    problem: SoftphoneError | None = None


def find_password(account: AccountSettings, secrets: SecretStore, typed: str | None = None) -> PasswordLookup:
    """The password typed for this session wins, then the environment, then the keyring."""
    if typed is not None:
        return PasswordLookup(typed)
    try:
        found = resolve_password(account, secrets)
    except SecretStoreError as exc:
        log.warning("no password from the keyring: %s", exc)
        return PasswordLookup(None, exc)
    if found is None and account.register and account.server:
        return PasswordLookup(None, SecretStoreError("no password for the account", user_message=NO_PASSWORD_MESSAGE))
    return PasswordLookup(found)
