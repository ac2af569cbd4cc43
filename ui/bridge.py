"""The one place where engine threads meet Qt.

``EngineBridge`` follows the session's masked events (``Session.subscribe``;
a bare ``EventBus`` in tests) and re-emits every event as a Qt signal; Qt queues a signal emitted on another thread to the receiver's
(GUI) thread. ``call_on_main(fn)`` runs any closure on the GUI thread, the
way engine futures report back (Anki's ``run_on_main``: a lock-free queue of
closures and one signal). Widgets connect only to this object.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from softphone.events import ALL_EVENTS, EngineStopped, ErrorRaised, kind_name

__all__ = ["EngineBridge", "EventSource"]


class EventSource(Protocol):
    def subscribe(self, handler: Callable[[Any], None]) -> Callable[[], None]: ...

log = logging.getLogger(__name__)

_RENAMED: dict[type, str] = {ErrorRaised: "error_raised"}  # "error", its headless name, is too vague for a signal
_SIGNAL_OF: dict[type, str] = {kind: _RENAMED.get(kind, kind_name(kind)) for kind in ALL_EVENTS
                               if kind is not EngineStopped}  # the engine's own end: the host reports it


class EngineBridge(QObject):
    registration_changed = Signal(object)
    incoming_call = Signal(object)
    outgoing_call = Signal(object)
    call_state_changed = Signal(object)
    media_state_changed = Signal(object)
    dtmf_received = Signal(object)
    transfer_progress = Signal(object)
    audio_device_changed = Signal(object)
    error_raised = Signal(object)
    transcript = Signal(object)
    model_state_changed = Signal(object)
    transcription_failed = Signal(object)
    phrase_alert = Signal(object)
    emotion_changed = Signal(object)
    pacing_alert = Signal(object)
    rule_pack_changed = Signal(object)
    settings_changed = Signal(object)
    case_found = Signal(object)
    risk_hints_changed = Signal(object)
    wrapup_required = Signal(object)
    wrapup_stored = Signal(object)
    plan_quoted = Signal(object)
    plan_state_changed = Signal(object)
    recording_state_changed = Signal(object)
    recording_notice_played = Signal(object)
    agent_state_changed = Signal(object)
    team_link_changed = Signal(object)
    supervision_changed = Signal(object)
    _run = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run.connect(self._on_run)
        self._unsubscribe: Callable[[], None] | None = None

    def attach(self, source: EventSource) -> None:
        """Follow ``source``'s events (the session's, masked; replaces any followed before)."""
        self.detach()
        self._unsubscribe = source.subscribe(self._on_event)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def call_on_main(self, fn: Callable[[], Any]) -> None:
        """Run ``fn`` on the GUI thread (safe to call from any thread)."""
        self._run.emit(fn)

    # bus thread: hand over, never touch a widget here
    def _on_event(self, event: object) -> None:
        name = _SIGNAL_OF.get(type(event))
        if name is not None:
            getattr(self, name).emit(event)

    @Slot(object)
    def _on_run(self, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except Exception:  # noqa: BLE001 - a UI callback must not take the loop down
            log.exception("UI callback failed")


_missing = [name for name in _SIGNAL_OF.values() if not hasattr(EngineBridge, name)]
assert not _missing, f"EngineBridge has no signal for the events {_missing}"
