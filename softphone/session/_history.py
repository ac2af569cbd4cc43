"""Reading the call history for a front end, off its thread.

Every read runs on the reader's own worker threads, each with a SQLite
connection of its own (a connection belongs to the thread that opened it;
the ``HistoryWriter`` keeps its own) and returns a ``Future`` of read models
(``_views``), already masked. The clear number of a past call leaves the
reader only as a dial target, inside the session (``redial_target``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from ..errors import EngineStateError
from ..i18n import N_
from ..privacy import uri_user
from ..states import CallDirection, CallId
from ..storage.db import open_database
from ..storage.history import CallHistory
from ..storage.transcripts import TranscriptStore
from ..storage.vault import FieldCipher
from ._views import HistoryRow, TranscriptHit, TranscriptLine, history_row, transcript_hit, transcript_line

__all__ = ["HistoryQuery", "HistoryPage", "HistoryReader", "ROW_LIMIT"]


def _wrapups(db: sqlite_utils.Database, call_ids: list[str]) -> dict[str, tuple[str, int | None]]:
    """(disposition, score) of the calls that have a wrap-up."""
    if not call_ids:
        return {}
    marks = ", ".join("?" for _ in call_ids)
    rows = db.execute(f"SELECT call_id, disposition, score FROM wrapups WHERE call_id IN ({marks})", call_ids)
    return {str(r[0]): (str(r[1]), int(r[2])) for r in rows.fetchall()}


def _plan_calls(db: sqlite_utils.Database, call_ids: Sequence[str]) -> set[str]:
    """The calls on which the customer confirmed a new repayment plan."""
    if not call_ids:
        return set()
    marks = ", ".join("?" for _ in call_ids)
    rows = db.execute(f"SELECT DISTINCT call_id FROM plan_changes WHERE call_id IN ({marks})", list(call_ids))
    return {str(r[0]) for r in rows.fetchall()}


T = TypeVar("T")
ROW_LIMIT = 200


@dataclass(frozen=True)
class HistoryQuery:
    """What one page of the history asks for."""

    direction: CallDirection | None = None
    missed: bool | None = None
    search: str = ""
    limit: int = ROW_LIMIT


@dataclass(frozen=True)
class HistoryPage:
    """One page; ``loaded_on`` is the thread that read it (never a front end's)."""

    query: HistoryQuery
    rows: list[HistoryRow]
    loaded_on: threading.Thread


class HistoryReader:
    """Masked reads of one history database (``db_path``, with its key when there is one)."""

    def __init__(self, db_path: Path, cipher: FieldCipher | None, workers: int = 2) -> None:
        self.db_path, self._cipher = Path(db_path), cipher
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="history-reader")

    def point_at(self, db_path: Path, cipher: FieldCipher | None) -> None:
        """Read another database from now on (the data folder or the key changed)."""
        self.db_path, self._cipher = Path(db_path), cipher

    @property
    def keeps_full_numbers(self) -> bool:
        """False without a key: only masked numbers are kept, so nothing can be called back."""
        return self._cipher is not None

    def page(self, query: HistoryQuery) -> Future[HistoryPage]:
        def read(db: sqlite_utils.Database) -> HistoryPage:
            records = CallHistory(db, self._cipher).recent(
                query.limit, direction=query.direction, missed=query.missed, search=query.search or None)
            ids: list[str] = [r.id for r in records]
            wrapups, plans = _wrapups(db, ids), _plan_calls(db, ids)
            rows = [history_row(r, self.keeps_full_numbers, *wrapups.get(r.id, ("", None)), r.id in plans)
                    for r in records]
            return HistoryPage(query, rows, threading.current_thread())
        return self._read(read)

    def transcript(self, call_id: CallId) -> Future[list[TranscriptLine]]:
        return self._read(lambda db: [transcript_line(s) for s in TranscriptStore(db, self._cipher).for_call(call_id)])

    def search(self, text: str) -> Future[list[TranscriptHit]]:
        return self._read(lambda db: [transcript_hit(h) for h in TranscriptStore(db, self._cipher).search(text)])

    def redial_target(self, call_id: CallId) -> Future[str]:
        """The number to dial back for a past call (its clear user part); only the session calls this."""
        def read(db: sqlite_utils.Database) -> str:
            record = CallHistory(db, self._cipher).get(call_id)
            user = uri_user(record.remote_uri) if record is not None and record.remote_uri else ""
            if self._cipher is None or not user or "*" in user:
                raise EngineStateError("no full number kept for this call", user_message=N_(
                    "The full number of this call is not stored, so it cannot be called back from here."))
            return user
        return self._read(read)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _read(self, fn: Callable[[sqlite_utils.Database], T]) -> Future[T]:
        def run() -> T:
            db = open_database(self.db_path, self._cipher)
            try:
                return fn(db)
            finally:
                db.close()
        try:
            return self._pool.submit(run)
        except RuntimeError:  # closed: the session ended while a view still refreshes
            closed: Future[T] = Future()
            closed.set_exception(EngineStateError("history reader closed", user_message=N_(
                "The call history is not open yet.")))
            return closed
