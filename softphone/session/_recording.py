"""The session's recorder: opened with the engine, fed by its taps, closed after its last call ended.

Without a recordings key (no keyring) calls are not recorded and the front end is
told once (``ErrorRaised``); the demo, on a fresh machine, seals its recordings
with a key of this run only.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from ..bus import EventBus
from ..engine import Engine
from ..events import ErrorRaised
from ..recording import Recorder, RecordingKeys, RecordingKeyUnavailable
from ..errors import GuardPolicyError
from ..recording.policy import MIN_YEARS, RecordingPolicy, load_recording_policy
from ..recording.store import purge_expired, recordings_folder
from ..secrets import SecretStore
from ..settings import Settings

__all__ = ["start_recorder", "purge_in_background"]

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
    return recorder


def purge_in_background(settings: Settings, deleted: Callable[[str, float], None]) -> threading.Thread:
    """Delete the recordings whose years are up (the administrator's ``keep_years``), off the start-up path;
    ``deleted`` writes each one's audit entry first (if it cannot, the recording stays)."""
    def run() -> None:
        try:
            policy = load_recording_policy()
        except GuardPolicyError as exc:
            log.error("recordings policy not used, kept %d years: %s", MIN_YEARS, exc)
            policy = RecordingPolicy()
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
