"""The calls the lead's wallboard has seen, kept on disk: what the day's numbers are computed from.

``<data_dir>/team-calls.db`` (SQLite) on the lead's computer. A row per call,
written when the call ends and again when its wrap-up comes; only the facts the
numbers need (no party, no transcript), so it holds nothing personal. Rows older
than ``KEEP_DAYS`` are deleted as new ones come.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import astuple, fields
from pathlib import Path

from ..errors import StorageError
from ..i18n import N_
from .kpi import CallFacts

__all__ = ["TeamCallStore", "KEEP_DAYS"]

KEEP_DAYS = 400
_COLUMNS = [f.name for f in fields(CallFacts)]


class TeamCallStore:
    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS calls (call_id TEXT PRIMARY KEY, agent TEXT, started REAL, "
                             "answered REAL, ended REAL, alerts INTEGER, top_severity INTEGER, transferred INTEGER, "
                             "promise_fen INTEGER, customer_negative INTEGER)")
        except sqlite3.Error as exc:
            raise StorageError(str(exc), user_message=N_(
                "The team's calls cannot be kept on this computer ({0}); the day's numbers are not counted.",
                str(exc))) from exc

    def save(self, call: CallFacts) -> None:
        marks = ", ".join("?" for _ in _COLUMNS)
        with self._lock:
            self._db.execute(f"INSERT OR REPLACE INTO calls ({', '.join(_COLUMNS)}) VALUES ({marks})",
                             astuple(call))
            self._db.execute("DELETE FROM calls WHERE started < ?", (time.time() - KEEP_DAYS * 86400,))

    def since(self, start: float) -> list[CallFacts]:
        with self._lock:
            rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM calls WHERE started >= ? ORDER BY started",
                                    (start,)).fetchall()
        return [CallFacts(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), r[8], bool(r[9])) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
