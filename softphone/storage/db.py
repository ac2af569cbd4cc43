"""Opening the softphone database and translating sqlite errors.

``open_database`` opens ``softphone.db`` through sqlite-utils and brings its
schema up to date (``migrations.py``). Every sqlite error that leaves this
package goes through ``sqlite_errors()``: a full disk (SQLITE_FULL) becomes
``DiskFullError``, anything else ``StorageError``.

A sqlite connection belongs to the thread that opened it (sqlite3's
``check_same_thread`` stays on); see ``HistoryWriter`` for writing from the
engine without waiting on the disk.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from ..errors import DiskFullError, StorageError
from ..paths import data_dir, make_private_dir
from ..settings import StorageSettings

if TYPE_CHECKING:
    from .vault import FieldCipher

__all__ = ["DB_FILE_NAME", "database_path", "open_database", "sqlite_errors", "write_transaction"]

DB_FILE_NAME = "softphone.db"
SQLITE_FULL = 13
_BUSY_TIMEOUT_MS = 5000

_DISK_FULL_MESSAGE = (
    "The disk is full, so the call history cannot be saved. Free some disk "
    "space; calls saved earlier are kept."
)
_STORAGE_MESSAGE = (
    "The call history could not be saved or read. The calls themselves are not "
    "affected; if this keeps happening, tell your administrator."
)


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
    from .migrations import apply_migrations  # migrations imports this module

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


def is_disk_full(exc: sqlite3.Error) -> bool:
    code: int | None = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return (code & 0xFF) == SQLITE_FULL
    return "database or disk is full" in str(exc)


@contextmanager
def sqlite_errors(action: str) -> Iterator[None]:
    """Map sqlite and OS errors raised inside to ``StorageError``/``DiskFullError``.

    ``action`` names what was being done (a call id at most, never a number).
    """
    try:
        yield
    except sqlite3.Error as exc:
        raise _mapped(action, exc, disk_full=is_disk_full(exc)) from exc
    except OSError as exc:
        raise _mapped(action, exc, disk_full=exc.errno == errno.ENOSPC) from exc


def _mapped(action: str, exc: Exception, *, disk_full: bool) -> StorageError:
    if disk_full:
        return DiskFullError(f"disk full: could not {action}", user_message=_DISK_FULL_MESSAGE)
    return StorageError(f"could not {action}: {exc}", user_message=_STORAGE_MESSAGE)


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error.

    IMMEDIATE takes the write lock up front, so two processes migrating the same
    file wait for each other instead of failing on a lock upgrade.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    try:
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise
