"""Applying the schema steps (``schema.py``) to the softphone database.

``MIGRATIONS`` is an ordered list of ``(version, name, fn)``. Each one runs in
its own transaction together with its row in ``schema_migrations(version,
applied_at)``, so a crash leaves the database at the last whole version.
Applying is idempotent: versions already recorded are skipped. A database
that records a version this code does not know was written by a newer
softphone and is refused with ``StorageError`` rather than touched.

The steps themselves, frozen as they shipped, are in ``schema.py``. Steps
that rewrite personal data need the history's ``FieldCipher`` (or None when
there is no keyring): ``migrations_for(cipher)`` binds it, through
``fields.field_protector``, as the ``Protect`` those steps are given.
``MIGRATIONS`` is the list for ``cipher=None``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import sqlite_utils

from ..errors import StorageError
from ..i18n import N_
from .fields import field_protector
from .schema import LATEST_VERSION, Migration, migrations
from .sql import sqlite_errors, write_transaction

if TYPE_CHECKING:
    from .vault import FieldCipher

__all__ = [
    "Migration",
    "MIGRATIONS",
    "LATEST_VERSION",
    "apply_migrations",
    "applied_versions",
    "migrations_for",
]

_log = logging.getLogger(__name__)


def migrations_for(cipher: FieldCipher | None) -> list[Migration]:
    """Every step, those that rewrite personal data bound to ``cipher``."""
    return migrations(field_protector(cipher))


MIGRATIONS: list[Migration] = migrations_for(None)


def applied_versions(db: sqlite_utils.Database) -> list[int]:
    with sqlite_errors("read the schema version"):
        _ensure_version_table(db)
        rows = db.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    return [int(row[0]) for row in rows]


def apply_migrations(
    db: sqlite_utils.Database,
    migrations: list[Migration] | None = None,
    *,
    cipher: FieldCipher | None = None,
) -> list[int]:
    """Apply every missing step; return the versions applied now (often none).

    ``cipher`` encrypts existing rows where a step needs it (ignored when
    ``migrations`` is given).
    """
    steps = migrations_for(cipher) if migrations is None else migrations
    _refuse_newer(applied_versions(db), steps)
    done: list[int] = []
    for version, name, fn in steps:
        if _apply_one(db, version, name, fn):
            done.append(version)
    return done


def _ensure_version_table(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL)"
    )


def _refuse_newer(applied: list[int], steps: list[Migration]) -> None:
    known = {version for version, _, _ in steps}
    unknown = [v for v in applied if v not in known]
    if unknown:
        raise StorageError(
            f"database schema version {max(unknown)} is newer than this softphone knows "
            f"(up to {max(known)})",
            user_message=N_(
                "The call history was saved by a newer version of the softphone. "
                "Update the softphone to open it; nothing was changed."
            ),
        )


def _apply_one(
    db: sqlite_utils.Database, version: int, name: str, fn: Callable[[sqlite_utils.Database], None]
) -> bool:
    with sqlite_errors(f"apply database migration {version}"), write_transaction(db):
        # Checked inside the transaction: another process may have just applied it.
        if db.execute("SELECT 1 FROM schema_migrations WHERE version = ?", [version]).fetchone():
            return False
        fn(db)
        db.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            [version, name, time.time()],
        )
    _log.info("database migration %d (%s) applied", version, name)
    return True
