"""The call history: one row per call in the ``calls`` table.

Times are floats, seconds since the Unix epoch (UTC), as ``time.time()`` gives
and as the engine's events carry them; format them only for display.

Each write is a single statement in its own transaction, so a failure (even a
full disk) never undoes what was recorded before. ``HistoryWriter`` owns the
connection on one worker thread: the engine's pjsua2 thread hands it work and
gets a ``Future`` back instead of waiting on the disk.

Personal data never reaches the file in clear text (docs/privacy.md). The
remote and local URIs, the display name and the hand-off headers are stored
encrypted with the ``FieldCipher`` (``vault.py``), next to a masked form
(138****5678) and, for the remote number, a keyed fingerprint for exact
lookups. Without a cipher (no keyring) only the masked forms are stored and
hand-off headers are dropped. They are never logged, and they are left out of
``CallRecord``'s repr: logs name call ids.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import sqlite_utils

from ..errors import EngineStateError, StorageError
from ..i18n import N_
from ..states import AccountId, CallDirection, CallId
from .db import open_database
from .fields import protect_field
from .sql import sqlite_errors
from .vault import FieldCipher, normalise_number

__all__ = ["Headers", "CallRecord", "CallHistory", "HistoryWriter", "protected_columns"]

_log = logging.getLogger(__name__)
T = TypeVar("T")
Headers = tuple[tuple[str, str], ...]

_COLUMNS = (
    "id", "account_id", "direction", "sip_call_id", "started_at", "answered_at",
    "ended_at", "end_code", "end_reason", "missed",
)
_NUMBER_CHARS = re.compile(r"^\s*\+?[\d\s\-()]+$")


def _is_whole_number(text: str) -> bool:
    """``13812345678``, ``+86 138-1234-5678``: a number to look up by fingerprint."""
    return bool(_NUMBER_CHARS.match(text)) and len(normalise_number(text)) >= 7


@dataclass(frozen=True)
class CallRecord:
    """One call. ``missed``: inbound and ended without being answered.

    Read back with a cipher, ``remote_uri``, ``remote_display``, ``local_uri``
    and ``handoff_headers`` hold the decrypted values; without one (or for a
    row written without one) the masked values, and no headers.
    ``remote_masked``/``remote_fp`` are filled in when the call is stored.
    """

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
    remote_masked: str = ""
    remote_fp: str = ""

    def header(self, name: str) -> str | None:
        """The first handoff header called ``name`` (any case), or None."""
        wanted = name.lower()
        return next((v for k, v in self.handoff_headers if k.lower() == wanted), None)


def protected_columns(
    cipher: FieldCipher | None,
    call_id: str,
    remote_uri: str,
    remote_display: str,
    local_uri: str,
    headers_json: str,
) -> dict[str, str | None]:
    """The stored form of a call's personal fields (``fields.protect_field``, as migration 2)."""
    remote = protect_field(cipher, call_id, "remote", remote_uri)
    display = protect_field(cipher, call_id, "display", remote_display)
    local = protect_field(cipher, call_id, "local", local_uri)
    return {
        "remote_masked": remote.masked,
        "remote_enc": remote.ciphertext,
        "remote_fp": remote.fingerprint,
        "display_masked": display.masked,
        "display_enc": display.ciphertext,
        "local_masked": local.masked,
        "local_enc": local.ciphertext,
        "headers_enc": protect_field(cipher, call_id, "headers", headers_json).ciphertext,
    }


def _to_row(record: CallRecord, cipher: FieldCipher | None) -> dict[str, Any]:
    row = {name: getattr(record, name) for name in _COLUMNS}
    row["direction"] = record.direction.value
    row["missed"] = int(record.missed)
    headers = json.dumps([list(h) for h in record.handoff_headers], ensure_ascii=False)
    row.update(protected_columns(
        cipher, record.id, record.remote_uri, record.remote_display, record.local_uri, headers))
    return row


class _Opener:
    """Decrypts one row's fields; a field that does not decrypt shows masked."""

    def __init__(self, cipher: FieldCipher | None, row: dict[str, Any]) -> None:
        self.cipher, self.row = cipher, row

    def open(self, column: str, context: str, fallback: str) -> str:
        token = self.row[column]
        if self.cipher is None or not token:
            return fallback
        try:
            return self.cipher.decrypt(token, f"{self.row['id']}/{context}")
        except StorageError:
            _log.warning("call %s: %s cannot be decrypted; shown masked", self.row["id"], context)
            return fallback


def _from_row(row: dict[str, Any], cipher: FieldCipher | None) -> CallRecord:
    fields = _Opener(cipher, row)
    return CallRecord(
        id=CallId(row["id"]),
        account_id=AccountId(row["account_id"]),
        direction=CallDirection(row["direction"]),
        started_at=float(row["started_at"]),
        remote_uri=fields.open("remote_enc", "remote", row["remote_masked"]),
        remote_display=fields.open("display_enc", "display", row["display_masked"]),
        local_uri=fields.open("local_enc", "local", row["local_masked"]),
        sip_call_id=row["sip_call_id"],
        answered_at=row["answered_at"],
        ended_at=row["ended_at"],
        end_code=row["end_code"],
        end_reason=row["end_reason"],
        handoff_headers=_headers_from_json(row["id"], fields.open("headers_enc", "headers", "[]")),
        missed=bool(row["missed"]),
        remote_masked=row["remote_masked"],
        remote_fp=row["remote_fp"],
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
    """Reads and writes the ``calls`` table on the calling thread's connection.

    ``cipher`` None: personal fields are stored and read masked only.
    """

    def __init__(self, db: sqlite_utils.Database, cipher: FieldCipher | None = None) -> None:
        self.db = db
        self.cipher = cipher

    @property
    def encrypted(self) -> bool:
        return self.cipher is not None

    def record_started(self, record: CallRecord) -> None:
        with sqlite_errors(f"record call {record.id}"):
            self.db.table("calls").insert(_to_row(record, self.cipher))
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
        """Newest first.

        ``search`` matches part of the masked remote URI or display name
        (``138``, ``5678``, ``张*``) and, when it is a whole number and there is
        a cipher, every call with that number by its fingerprint.
        """
        clauses: list[str] = []
        params: list[Any] = []
        if direction is not None:
            clauses.append("direction = ?")
            params.append(CallDirection(direction).value)
        if missed is not None:
            clauses.append("missed = ?")
            params.append(int(missed))
        if search:
            clause, values = self._search(search)
            clauses.append(clause)
            params += values
        return self._select(" AND ".join(clauses) or None, params, limit=limit)

    def _search(self, text: str) -> tuple[str, list[Any]]:
        masked = "remote_masked LIKE ? ESCAPE '\\' OR display_masked LIKE ? ESCAPE '\\'"
        params: list[Any] = [_like(text), _like(text)]
        if self.cipher is not None and _is_whole_number(text):
            masked += " OR remote_fp = ?"
            params.append(self.cipher.fingerprint(text))
        return f"({masked})", params

    def _select(self, where: str | None, params: list[Any], *, limit: int) -> list[CallRecord]:
        with sqlite_errors("read the call history"):
            rows = self.db.table("calls").rows_where(
                where, params, order_by="started_at DESC, id", limit=limit
            )
            return [_from_row(row, self.cipher) for row in rows]

    def _update(self, call_id: CallId, assignments: str, params: list[Any]) -> None:
        with sqlite_errors(f"update call {call_id}"):
            cursor = self.db.execute(
                f"UPDATE calls SET {assignments} WHERE id = ?", [*params, call_id]
            )
        if cursor.rowcount == 0:
            raise StorageError(
                f"call {call_id} is not in the history",
                user_message=N_("The call could not be found in the call history."),
            )


_Job = tuple["Future[Any]", Callable[[CallHistory], Any]]


class HistoryWriter:
    """A worker thread that owns the database connection.

    ``submit(fn)`` queues ``fn(history)`` and returns a Future at once, so the
    caller (the pjsua2 thread) never waits on the disk; errors arrive in the
    Future as ``StorageError``/``DiskFullError``. Jobs run in submission order.
    Call ``close()`` (or use ``with``): it runs what was queued, then closes.

    ``cipher`` None (no keyring): the history keeps masked values only;
    ``encrypted`` tells the UI so it can say it once.
    """

    def __init__(
        self,
        path: str | Path,
        cipher: FieldCipher | None = None,
        *,
        thread_name: str = "history-writer",
    ) -> None:
        self._cipher = cipher
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

    @property
    def encrypted(self) -> bool:
        """False when personal fields are stored masked only (no keyring)."""
        return self._cipher is not None

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
            db = open_database(path, self._cipher)
        except BaseException as exc:
            ready.set_exception(exc)
            return
        ready.set_result(None)
        try:
            self._serve(CallHistory(db, self._cipher))
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
