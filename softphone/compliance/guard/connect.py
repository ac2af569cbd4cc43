"""Which ledger the settings name, and its password from the keyring."""

from __future__ import annotations

from pathlib import Path

from ...errors import SecretStoreError
from ...secrets import SecretStore
from ...settings import Settings
from ...storage.db import database_path
from .ledger import LEDGER_FILE, ContactLedger, PostgresLedger, SqliteLedger

__all__ = ["LEDGER_PASSWORD_ENTRY", "open_ledger", "ledger_password"]

LEDGER_PASSWORD_ENTRY = "guard-ledger-password"  # keyring entry (service agent-softphone)


def ledger_password(secrets: SecretStore) -> str:
    try:
        return secrets.get_secret(LEDGER_PASSWORD_ENTRY) or ""
    except SecretStoreError:  # no keyring: a server without a password (trust, peer) still works
        return ""


def open_ledger(settings: Settings, secrets: SecretStore) -> ContactLedger:
    """The ledger the settings name: PostgreSQL for a team, else ``<data_dir>/contact-ledger.db``."""
    g = settings.guard
    if g.ledger_url:
        return PostgresLedger(g.ledger_url, ledger_password(secrets), g.ledger_timeout_s)
    return SqliteLedger(Path(database_path(settings.storage)).parent / LEDGER_FILE)
