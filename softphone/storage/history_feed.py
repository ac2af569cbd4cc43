"""Keeps the call history in step with the bus.

Subscribes to call events (final transcript segments, phrase alerts) and hands each write to the ``HistoryWriter``'s own
thread; the engine thread never waits on disk. A write that fails (disk
full) becomes an ``ErrorRaised`` event; nothing already written is lost.

The records carry the parties and hand-off headers as they came; the writer's
``CallHistory`` masks and encrypts them before they reach the file, so
nothing here has to (docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future

from ..bus import EventBus
from ..errors import SoftphoneError
from ..events import CallStateChanged, ErrorRaised, Event, IncomingCall, OutgoingCall, PhraseAlert, TranscriptSegment
from ..i18n import N_
from ..states import CallDirection, CallState
from .alerts import AlertStore
from .history import CallRecord, HistoryWriter
from .transcripts import TranscriptStore

__all__ = ["HistoryRecorder", "handoff_headers"]

_KEEP = {"call-info", "subject", "referred-by", "diversion", "history-info", "p-asserted-identity", "user-to-user"}


def handoff_headers(headers: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The headers worth keeping with a call: X-* (bot hand-off context) and a few standard ones."""
    return tuple((n, v) for n, v in headers if n.lower().startswith("x-") or n.lower() in _KEEP)


class HistoryRecorder:
    """Writes what the bus says about calls to the history (``close()`` unsubscribes)."""

    def __init__(self, bus: EventBus, writer: HistoryWriter) -> None:
        self._bus = bus
        self._writer = writer
        self._unsubscribe = bus.subscribe(self._on_event, IncomingCall, OutgoingCall, CallStateChanged,
                                          TranscriptSegment, PhraseAlert)

    def close(self) -> None:
        self._unsubscribe()

    def _on_event(self, event: Event) -> None:
        if isinstance(event, IncomingCall):
            self._watch(self._writer.record_started(CallRecord(
                id=event.call_id, account_id=event.account_id, direction=CallDirection.INBOUND,
                started_at=event.at, remote_uri=event.remote_uri, remote_display=event.display_name,
                sip_call_id=event.sip_call_id, handoff_headers=handoff_headers(event.headers))))
        elif isinstance(event, OutgoingCall):
            self._watch(self._writer.record_started(CallRecord(
                id=event.call_id, account_id=event.account_id, direction=CallDirection.OUTBOUND,
                started_at=event.at, remote_uri=event.remote_uri, handoff_headers=event.headers)))
        elif isinstance(event, TranscriptSegment):
            if event.final and event.text.strip():
                self._watch(self._writer.submit(lambda h: TranscriptStore(h.db, h.cipher).add_final(event)))
        elif isinstance(event, PhraseAlert):
            self._watch(self._writer.submit(lambda h: AlertStore(h.db).add(event)))
        elif isinstance(event, CallStateChanged):
            if event.new is CallState.CONFIRMED:
                self._watch(self._writer.record_answered(event.call_id, event.at))
            elif event.new is CallState.DISCONNECTED:
                self._watch(self._writer.record_ended(event.call_id, event.at, event.code, event.reason))

    def _watch(self, fut: Future[None]) -> None:
        fut.add_done_callback(self._report)

    def _report(self, fut: Future[None]) -> None:
        exc = fut.exception()
        if exc is None:
            return
        user = exc.user_message if isinstance(exc, SoftphoneError) else N_("The call history could not be saved.")
        self._bus.post(ErrorRaised("storage", str(exc), user))
