"""Opening the softphone database.

``open_database`` opens ``softphone.db`` through sqlite-utils and brings its
schema up to date (``migrations.py`` applies the steps of ``schema.py``).
Every sqlite error that leaves this package goes through ``sqlite_errors()``
(``sql.py``, also importable from here): a full disk (SQLITE_FULL) becomes
``DiskFullError``, anything else ``StorageError``.

A sqlite connection belongs to the thread that opened it (sqlite3's
``check_same_thread`` stays on); see ``HistoryWriter`` for writing from the
engine without waiting on the disk.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from ..paths import data_dir, make_private_dir
from ..settings import StorageSettings
from .migrations import apply_migrations
from .sql import sqlite_errors, write_transaction

if TYPE_CHECKING:
    from .vault import FieldCipher

__all__ = ["DB_FILE_NAME", "database_path", "open_database", "sqlite_errors", "write_transaction"]

DB_FILE_NAME = "softphone.db"
_BUSY_TIMEOUT_MS = 5000


def database_path(storage: StorageSettings | None = None) -> Path:
    """``<data_dir>/softphone.db``; an empty ``storage.data_dir`` means ``paths.data_dir()``."""
    folder = storage.data_dir if storage is not None else ""
    base = make_private_dir(Path(folder).expanduser()) if folder else data_dir()
    return base / DB_FILE_NAME


def open_database(path: str | Path, cipher: FieldCipher | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at ``path``.

    ``cipher`` encrypts rows that a migration converts (see ``migrations.py``).
    ``secure_delete`` is on, so deleted or replaced data is overwritten with
    zeros instead of lingering in free pages of the file.
    """
    path = Path(path)
    with sqlite_errors(f"open {path.name}"):
        make_private_dir(path.parent)
        conn = sqlite3.connect(str(path), timeout=_BUSY_TIMEOUT_MS / 1000)
    db = sqlite_utils.Database(conn)
    try:
        with sqlite_errors(f"prepare {path.name}"):
            db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA secure_delete = ON")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        if apply_migrations(db, cipher=cipher):
            with sqlite_errors(f"checkpoint {path.name}"):
                # old page images (clear text before migration 2) leave the WAL
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        conn.close()
        raise
    return db
