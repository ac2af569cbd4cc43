"""The session's recorder: opened with the engine, fed by its taps, closed after its last call ended.

Without a recordings key (no keyring) calls are not recorded and the front end is
told once (``ErrorRaised``); the demo, on a fresh machine, seals its recordings
with a key of this run only. While calls are recorded, each answered call first
hears the notice the administrator's policy asks for (``recording/notice.py``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from ..bus import EventBus
from ..engine import Engine
from ..events import ErrorRaised, Event, RecordingStateChanged
from ..recording import Recorder, RecordingKeys, RecordingKeyUnavailable
from ..errors import GuardPolicyError, SoftphoneError
from ..recording.notice import notice_audio
from ..recording.policy import MIN_YEARS, RecordingPolicy, load_recording_policy
from ..recording.store import purge_expired, recordings_folder
from ..secrets import SecretStore
from ..settings import Settings
from ..states import NoticeKind, RecordingState

__all__ = ["start_recorder", "purge_in_background", "recording_policy", "audit_failures"]

log = logging.getLogger(__name__)


def start_recorder(bus: EventBus, settings: Settings, secrets: SecretStore, engine: Engine,
                   throwaway: bool) -> Recorder | None:
    try:
        keys = RecordingKeys.load(secrets)
    except RecordingKeyUnavailable as exc:
        if not throwaway:
            log.error("calls are not recorded: %s", exc)
            bus.post(ErrorRaised("recording", str(exc), exc.user_message))
            return None
        keys = RecordingKeys(os.urandom(32))  # the demo on a machine without a keyring
    recorder = Recorder(bus, recordings_folder(settings.storage), keys)
    engine.subscribe_taps(recorder.on_frame)
    _set_notice(engine, recording_policy(), settings.audio.clock_rate)
    return recorder


def recording_policy() -> RecordingPolicy:
    """The administrator's ``[recordings]``; the built-in one (with the reason logged) when the file is bad."""
    try:
        return load_recording_policy()
    except GuardPolicyError as exc:
        log.error("recordings policy not used, the built-in one applies (kept %d years, beep): %s", MIN_YEARS, exc)
        return RecordingPolicy()


def _set_notice(engine: Engine, policy: RecordingPolicy, rate: int) -> None:
    try:
        notice = notice_audio(policy.notice, policy.announcement, rate)
    except GuardPolicyError as exc:  # the announcement went bad after the policy was read: beep instead
        log.error("recording announcement not used, the beep plays: %s", exc)
        notice = notice_audio(NoticeKind.BEEP, "", rate)
    if notice is not None:
        engine.set_recording_notice(notice.kind, notice.pcm)


def audit_failures(bus: EventBus, append: Callable[[str, str], None]) -> Callable[[], None]:
    """Each recording that stops mid-call (a full disk) leaves an audit entry for compliance and the team lead:
    ``append(call_id, why)``, off the bus thread. Returns the unsubscribe."""
    def on_event(event: Event) -> None:
        if isinstance(event, RecordingStateChanged) and event.state is RecordingState.FAILED:
            threading.Thread(target=_append_quietly, args=(append, event.call_id, event.problem), name="recording-audit",
                             daemon=True).start()
    return bus.subscribe(on_event, RecordingStateChanged)


def _append_quietly(append: Callable[[str, str], None], call_id: str, why: str) -> None:
    try:
        append(call_id, why)
    except SoftphoneError as exc:
        log.error("the recording failure of %s is not in the audit log: %s", call_id, exc)


def purge_in_background(settings: Settings, deleted: Callable[[str, float], None]) -> threading.Thread:
    """Delete the recordings whose years are up (the administrator's ``keep_years``), off the start-up path;
    ``deleted`` writes each one's audit entry first (if it cannot, the recording stays)."""
    def run() -> None:
        policy = recording_policy()
        try:
            gone = purge_expired(recordings_folder(settings.storage), policy.keep_years, deleted)
        except Exception as exc:  # noqa: BLE001 - retention runs again at the next start
            log.error("recordings retention not run: %s", exc)
            return
        if gone:
            log.info("%d recording(s) older than %d years deleted", gone, policy.keep_years)
    thread = threading.Thread(target=run, name="recordings-retention", daemon=True)
    thread.start()
    return thread
