"""Versioned schema migrations of the softphone database.

``MIGRATIONS`` is an ordered list of ``(version, name, fn)``. Each one runs in
its own transaction together with its row in ``schema_migrations(version,
applied_at)``, so a crash leaves the database at the last whole version.
Applying is idempotent: versions already recorded are skipped. A database
that records a version this code does not know was written by a newer
softphone and is refused with ``StorageError`` rather than touched.

To change the schema, append a step; never edit a step that has shipped.

Steps that rewrite personal data need the history's ``FieldCipher`` (or None
when there is no keyring): ``migrations_for(cipher)`` binds it.
``MIGRATIONS`` is the list for ``cipher=None``.

1. ``calls`` with the parties and hand-off headers in clear text.
2. Those columns replaced by masked, encrypted and fingerprinted ones
   (``history.protected_columns``): existing rows are encrypted when a cipher
   is given, else only their masked form is kept. Clear columns are dropped
   with ``secure_delete`` on, and ``open_database`` truncates the WAL after,
   so no clear number stays behind in free pages.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import sqlite_utils

from ..errors import StorageError
from .db import sqlite_errors, write_transaction

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

Migration = tuple[int, str, Callable[[sqlite_utils.Database], None]]


def _create_calls(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE calls (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
            local_uri TEXT NOT NULL DEFAULT '',
            remote_uri TEXT NOT NULL DEFAULT '',
            remote_display TEXT NOT NULL DEFAULT '',
            sip_call_id TEXT NOT NULL DEFAULT '',
            started_at REAL NOT NULL,
            answered_at REAL,
            ended_at REAL,
            end_code INTEGER,
            end_reason TEXT,
            handoff_headers TEXT NOT NULL DEFAULT '[]',
            missed INTEGER NOT NULL DEFAULT 0 CHECK (missed IN (0, 1))
        )
        """
    )
    db.execute("CREATE INDEX idx_calls_started_at ON calls (started_at)")
    db.execute("CREATE INDEX idx_calls_direction ON calls (direction)")


_CLEAR_COLUMNS = ("remote_uri", "remote_display", "local_uri", "handoff_headers")
_PROTECTED_COLUMNS = (
    "remote_masked TEXT NOT NULL DEFAULT ''",
    "remote_enc TEXT",
    "remote_fp TEXT NOT NULL DEFAULT ''",
    "display_masked TEXT NOT NULL DEFAULT ''",
    "display_enc TEXT",
    "local_masked TEXT NOT NULL DEFAULT ''",
    "local_enc TEXT",
    "headers_enc TEXT",
)


def _protect_calls(cipher: FieldCipher | None, db: sqlite_utils.Database) -> None:
    from .history import protected_columns  # history imports db, like this module

    for column in _PROTECTED_COLUMNS:
        db.execute(f"ALTER TABLE calls ADD COLUMN {column}")
    rows = db.execute(f"SELECT id, {', '.join(_CLEAR_COLUMNS)} FROM calls").fetchall()
    for call_id, remote, display, local, headers_json in rows:
        values = protected_columns(cipher, call_id, remote, display, local, headers_json)
        assignments = ", ".join(f"{name} = ?" for name in values)
        db.execute(f"UPDATE calls SET {assignments} WHERE id = ?", [*values.values(), call_id])
    for column in _CLEAR_COLUMNS:
        db.execute(f"ALTER TABLE calls DROP COLUMN {column}")
    db.execute("CREATE INDEX idx_calls_remote_fp ON calls (remote_fp)")
    _log.info("call history: %d call(s) %s", len(rows), "encrypted" if cipher else "masked")


def _create_transcripts(db: sqlite_utils.Database) -> None:
    from .transcripts import create_transcripts  # transcripts imports db, like this module

    create_transcripts(db)


def _create_alerts(db: sqlite_utils.Database) -> None:
    from .alerts import create_alerts

    create_alerts(db)


def migrations_for(cipher: FieldCipher | None) -> list[Migration]:
    """Every step, those that rewrite personal data bound to ``cipher``."""
    return [
        (1, "create calls", _create_calls),
        (2, "protect parties and headers", functools.partial(_protect_calls, cipher)),
        (3, "create transcripts", _create_transcripts),
        (4, "create alerts", _create_alerts),
    ]


MIGRATIONS: list[Migration] = migrations_for(None)
LATEST_VERSION = MIGRATIONS[-1][0]


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
            user_message=(
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
