"""The agent playing back a call's recording: only where the administrator allows it, always audited.

Opening one (on the desk's own thread: decryption takes a moment) checks the
policy's ``agents_may_play``, finds the call's recording, verifies its chain,
writes the ``recording.played`` audit entry and only then decrypts into a
``Player`` (memory only). One player at a time; a call starting stops it (the
headset is needed for the call). Agents never get a file: export is the
``recordings export`` command, for the seats the policy allows.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from ..compliance.audit import AuditAction, AuditLog
from ..errors import RecordingUnavailable
from ..i18n import N_
from ..recording import RecordingKeys, RecordingKeyUnavailable, open_recording
from ..recording.player import Player, PlayerState, mono_mix
from ..recording.reader import Opened, channel_pcm
from ..recording.store import find_recording, recordings_folder
from ..secrets import SecretStore
from ..settings import Settings
from ..worker import submit
from ._recording import recording_policy

__all__ = ["PlaybackDesk"]

log = logging.getLogger(__name__)

NOT_ALLOWED = N_("Your administrator does not allow playing back recordings on this computer.")
NONE_KEPT = N_("This call has no recording here (it was not answered, or it was recorded on another computer).")
NO_KEY = N_("The recordings key is not on this computer, so its recordings cannot be opened.")
FAILS_CHECK = N_("This recording does not pass its integrity check, so it is not played. Tell your team lead.")


class PlaybackDesk:
    def __init__(self, settings: Callable[[], Settings], secrets: SecretStore, audit: Callable[[], AuditLog],
                 actor: Callable[[], str], keys: Callable[[], RecordingKeys | None]) -> None:
        """``keys``: the running recorder's (the demo's key of the run); else the keyring's is loaded."""
        self._settings, self._secrets, self._audit, self._actor = settings, secrets, audit, actor
        self._keys = keys
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="playback")
        self._lock = threading.Lock()
        self._player: Player | None = None

    def may_play(self) -> bool:
        return recording_policy().agents_may_play

    def open(self, call_id: str, on_change: Callable[[PlayerState], None] | None = None) -> Future[Player]:
        return submit(self._pool, lambda: self._open(call_id, on_change), "playback")

    def stop(self) -> None:
        """A call is starting (or the session closes): the headset is the call's."""
        with self._lock:
            player = self._player
        if player is not None and player.state is PlayerState.PLAYING:
            player.pause()

    def close(self) -> None:
        with self._lock:
            player, self._player = self._player, None
        if player is not None:
            player.close()
        self._pool.shutdown(wait=False)

    def _open(self, call_id: str, on_change: Callable[[PlayerState], None] | None) -> Player:
        if not self.may_play():
            raise RecordingUnavailable("playback not allowed by the policy", user_message=NOT_ALLOWED)
        settings = self._settings()
        path = find_recording(recordings_folder(settings.storage), call_id)
        if path is None:
            raise RecordingUnavailable(f"no recording of {call_id}", user_message=NONE_KEPT)
        opened = self._decrypt(path)
        self._audit().append(AuditAction.RECORDING_PLAYED, actor=self._actor(), call_id=call_id,
                             details={"complete": bool(opened.verdict and opened.verdict.complete)})
        pcm = mono_mix(channel_pcm(opened.audio, "agent"), channel_pcm(opened.audio, "customer"))
        player = Player(pcm, opened.header.rate, settings.audio.output_device, on_change)
        with self._lock:
            old, self._player = self._player, player
        if old is not None:
            old.close()
        return player

    def _decrypt(self, path: Path) -> Opened:
        try:
            keys = self._keys() or RecordingKeys.load(self._secrets, create=False)
            opened = open_recording(path, keys)
        except RecordingKeyUnavailable as exc:
            raise RecordingUnavailable(str(exc), user_message=NO_KEY) from exc
        except (OSError, ValueError) as exc:
            raise RecordingUnavailable(f"{path.name}: {exc}", user_message=FAILS_CHECK) from exc
        verdict = opened.verdict
        if verdict is None or opened.problems or (verdict.complete and not verdict.ok):
            log.error("recording %s not played: %s", path.stem, verdict.problems if verdict else "no verdict")
            raise RecordingUnavailable(f"{path.stem} fails its check", user_message=FAILS_CHECK)
        return opened
