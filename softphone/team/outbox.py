"""Messages for the team lead, kept on disk until the broker has them.

A message is written here first (``put``) and deleted when the broker
acknowledges it (``done``), so a broker that is down, a dropped link or a
restarted softphone loses nothing: what is left is sent again, oldest first,
when the link is back. Sending again may deliver a message twice; the lead's
side drops the second by its id. Only the newest state message per topic is
kept (an older state has no use once a newer one exists).

The file is ``<data_dir>/team-outbox.db`` (SQLite). It holds masked content
only (see ``messages``), and only until it is acknowledged. A full disk makes
``put`` raise ``StorageError``: the caller says the lead's view is behind and
the call goes on.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import DiskFullError, StorageError
from ..i18n import N_

__all__ = ["Outbox", "Pending", "MAX_ROWS"]

MAX_ROWS = 50_000  # about a day of a busy agent's messages; beyond that the oldest events go (never state)


@dataclass(frozen=True)
class Pending:
    row: int
    topic: str
    payload: bytes
    retain: bool


class Outbox:
    def __init__(self, path: Path | str) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS outbox (row INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "topic TEXT NOT NULL, payload BLOB NOT NULL, retain INTEGER NOT NULL)")

    def put(self, topic: str, payload: bytes, retain: bool = False) -> int:
        try:
            with self._lock:
                if retain:  # a newer state replaces an older one not yet sent
                    self._db.execute("DELETE FROM outbox WHERE topic = ? AND retain = 1", (topic,))
                row = self._db.execute("INSERT INTO outbox (topic, payload, retain) VALUES (?, ?, ?)",
                                       (topic, payload, int(retain))).lastrowid
                self._trim()
        except sqlite3.OperationalError as exc:
            raise _storage_error(exc) from exc
        assert row is not None
        return row

    def pending(self, after: int = 0, limit: int = 500) -> list[Pending]:
        with self._lock:
            rows = self._db.execute("SELECT row, topic, payload, retain FROM outbox WHERE row > ? ORDER BY row "
                                    "LIMIT ?", (after, limit)).fetchall()
        return [Pending(r, t, bytes(p), bool(k)) for r, t, p, k in rows]

    def done(self, row: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM outbox WHERE row = ?", (row,))

    def count(self) -> int:
        with self._lock:
            (n,) = self._db.execute("SELECT count(*) FROM outbox").fetchone()
        return int(n)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _trim(self) -> None:
        (n,) = self._db.execute("SELECT count(*) FROM outbox").fetchone()
        if n > MAX_ROWS:
            self._db.execute("DELETE FROM outbox WHERE row IN (SELECT row FROM outbox WHERE retain = 0 "
                             "ORDER BY row LIMIT ?)", (n - MAX_ROWS,))


def _storage_error(exc: sqlite3.OperationalError) -> StorageError:
    if "full" in str(exc).lower():
        return DiskFullError(str(exc), user_message=N_(
            "The disk is full: the team lead's view of your calls is behind. Your calls go on."))
    return StorageError(str(exc), user_message=N_(
        "The messages for your team lead cannot be kept ({0}); the lead's view may be behind.", str(exc)))
