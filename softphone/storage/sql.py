"""Translating sqlite errors, and write transactions.

Every sqlite error that leaves this package goes through ``sqlite_errors()``:
a full disk (SQLITE_FULL) becomes ``DiskFullError``, anything else
``StorageError``. This module imports no other module of the package, so the
schema runner (``migrations.py``), ``db.py`` and the tables can all use it.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from ..errors import DiskFullError, StorageError
from ..i18n import N_

__all__ = ["SQLITE_FULL", "is_disk_full", "sqlite_errors", "write_transaction"]

SQLITE_FULL = 13

_DISK_FULL_MESSAGE = N_(
    "The disk is full, so the call history cannot be saved. Free some disk "
    "space; calls saved earlier are kept."
)
_STORAGE_MESSAGE = N_(
    "The call history could not be saved or read. The calls themselves are not "
    "affected; if this keeps happening, tell your administrator."
)


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
