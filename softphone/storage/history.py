"""The call history: one row per call in the ``calls`` table.

Times are floats, seconds since the Unix epoch (UTC), as ``time.time()`` gives
and as the engine's events carry them; format them only for display.

Each write is a single statement in its own transaction, so a failure (even a
full disk) never undoes what was recorded before. ``HistoryWriter`` owns the
connection on one worker thread: the engine's pjsua2 thread hands it work and
gets a ``Future`` back instead of waiting on the disk.

The remote party's URI (a phone number, usually) is stored as given, but it is
never logged, and it is left out of ``CallRecord``'s repr: logs name call ids.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import sqlite_utils

from ..errors import EngineStateError, StorageError
from ..states import AccountId, CallDirection, CallId
from .db import open_database, sqlite_errors

__all__ = ["Headers", "CallRecord", "CallHistory", "HistoryWriter"]

_log = logging.getLogger(__name__)
T = TypeVar("T")
Headers = tuple[tuple[str, str], ...]

_COLUMNS = (
    "id", "account_id", "direction", "local_uri", "remote_uri", "remote_display",
    "sip_call_id", "started_at", "answered_at", "ended_at", "end_code", "end_reason",
    "handoff_headers", "missed",
)


@dataclass(frozen=True)
class CallRecord:
    """One call as stored. ``missed``: inbound and ended without being answered."""

    id: CallId
    account_id: AccountId
    direction: CallDirection
    started_at: float
    remote_uri: str = field(default="", repr=False)
    remote_display: str = field(default="", repr=False)
    local_uri: str = field(default="", repr=False)
    sip_call_id: str = ""
    answered_at: float | None = None
    ended_at: float | None = None
    end_code: int | None = None
    end_reason: str | None = None
    handoff_headers: Headers = field(default=(), repr=False)  # X-*, Call-Info, ...
    missed: bool = False

    def header(self, name: str) -> str | None:
        """The first handoff header called ``name`` (any case), or None."""
        wanted = name.lower()
        return next((v for k, v in self.handoff_headers if k.lower() == wanted), None)


def _to_row(record: CallRecord) -> dict[str, Any]:
    row = {name: getattr(record, name) for name in _COLUMNS}
    row["direction"] = record.direction.value
    headers = [list(h) for h in record.handoff_headers]
    row["handoff_headers"] = json.dumps(headers, ensure_ascii=False)
    row["missed"] = int(record.missed)
    return row


def _from_row(row: dict[str, Any]) -> CallRecord:
    return CallRecord(
        id=CallId(row["id"]),
        account_id=AccountId(row["account_id"]),
        direction=CallDirection(row["direction"]),
        started_at=float(row["started_at"]),
        remote_uri=row["remote_uri"],
        remote_display=row["remote_display"],
        local_uri=row["local_uri"],
        sip_call_id=row["sip_call_id"],
        answered_at=row["answered_at"],
        ended_at=row["ended_at"],
        end_code=row["end_code"],
        end_reason=row["end_reason"],
        handoff_headers=_headers_from_json(row["id"], row["handoff_headers"]),
        missed=bool(row["missed"]),
    )


def _headers_from_json(call_id: str, text: str) -> Headers:
    try:
        return tuple((str(name), str(value)) for name, value in json.loads(text))
    except (ValueError, TypeError):
        _log.warning("call %s: stored handoff headers unreadable; shown as none", call_id)
        return ()


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class CallHistory:
    """Reads and writes the ``calls`` table on the calling thread's connection."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def record_started(self, record: CallRecord) -> None:
        with sqlite_errors(f"record call {record.id}"):
            self.db.table("calls").insert(_to_row(record))
        _log.debug("call %s started", record.id)

    def record_answered(self, call_id: CallId, at: float) -> None:
        """Set ``answered_at`` once; a repeated answer keeps the first time."""
        self._update(call_id, "answered_at = COALESCE(answered_at, ?)", [at])
        _log.debug("call %s answered", call_id)

    def record_ended(self, call_id: CallId, at: float, code: int, reason: str) -> None:
        """Close the call; an unanswered inbound call becomes ``missed``."""
        self._update(
            call_id,
            "ended_at = ?, end_code = ?, end_reason = ?, "
            "missed = (direction = 'inbound' AND answered_at IS NULL)",
            [at, code, reason],
        )
        _log.debug("call %s ended with %d", call_id, code)

    def get(self, call_id: CallId) -> CallRecord | None:
        rows = self._select("id = ?", [call_id], limit=1)
        return rows[0] if rows else None

    def recent(
        self,
        limit: int = 100,
        direction: CallDirection | None = None,
        missed: bool | None = None,
        search: str | None = None,
    ) -> list[CallRecord]:
        """Newest first. ``search`` matches part of the remote URI or display name."""
        clauses: list[str] = []
        params: list[Any] = []
        if direction is not None:
            clauses.append("direction = ?")
            params.append(CallDirection(direction).value)
        if missed is not None:
            clauses.append("missed = ?")
            params.append(int(missed))
        if search:
            clauses.append("(remote_uri LIKE ? ESCAPE '\\' OR remote_display LIKE ? ESCAPE '\\')")
            params += [_like(search), _like(search)]
        return self._select(" AND ".join(clauses) or None, params, limit=limit)

    def _select(self, where: str | None, params: list[Any], *, limit: int) -> list[CallRecord]:
        with sqlite_errors("read the call history"):
            rows = self.db.table("calls").rows_where(
                where, params, order_by="started_at DESC, id", limit=limit
            )
            return [_from_row(row) for row in rows]

    def _update(self, call_id: CallId, assignments: str, params: list[Any]) -> None:
        with sqlite_errors(f"update call {call_id}"):
            cursor = self.db.execute(
                f"UPDATE calls SET {assignments} WHERE id = ?", [*params, call_id]
            )
        if cursor.rowcount == 0:
            raise StorageError(
                f"call {call_id} is not in the history",
                user_message="The call could not be found in the call history.",
            )


_Job = tuple["Future[Any]", Callable[[CallHistory], Any]]


class HistoryWriter:
    """A worker thread that owns the database connection.

    ``submit(fn)`` queues ``fn(history)`` and returns a Future at once, so the
    caller (the pjsua2 thread) never waits on the disk; errors arrive in the
    Future as ``StorageError``/``DiskFullError``. Jobs run in submission order.
    Call ``close()`` (or use ``with``): it runs what was queued, then closes.
    """

    def __init__(self, path: str | Path, *, thread_name: str = "history-writer") -> None:
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        ready: Future[None] = Future()
        self._thread = threading.Thread(
            target=self._run, args=(Path(path), ready), name=thread_name, daemon=True
        )
        self._thread.start()
        try:
            ready.result()  # open errors (newer schema, unreadable file) surface here
        except BaseException:
            self._closed = True
            self._thread.join()
            raise

    def submit(self, fn: Callable[[CallHistory], T]) -> Future[T]:
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise EngineStateError("history writer is closed")
            self._queue.put((future, fn))
        return future

    def record_started(self, record: CallRecord) -> Future[None]:
        return self.submit(lambda history: history.record_started(record))

    def record_answered(self, call_id: CallId, at: float) -> Future[None]:
        return self.submit(lambda history: history.record_answered(call_id, at))

    def record_ended(self, call_id: CallId, at: float, code: int, reason: str) -> Future[None]:
        return self.submit(lambda history: history.record_ended(call_id, at, code, reason))

    def close(self, timeout: float | None = None) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._queue.put(None)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def __enter__(self) -> HistoryWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _run(self, path: Path, ready: Future[None]) -> None:
        try:
            db = open_database(path)
        except BaseException as exc:
            ready.set_exception(exc)
            return
        ready.set_result(None)
        try:
            self._serve(CallHistory(db))
        finally:
            db.close()

    def _serve(self, history: CallHistory) -> None:
        while (job := self._queue.get()) is not None:
            future, fn = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(history))
            except Exception as exc:
                future.set_exception(exc)
