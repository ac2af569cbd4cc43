"""Playing a recording back to the agent's headset, from memory.

The session hands a decrypted recording here only when the administrator's
policy lets agents play their calls (``agents_may_play``) and after the
``recording.played`` audit entry is written. Both channels are mixed into one
(a one-ear headset hears both sides); nothing decrypted touches the disk.

The sound device stream is open only while playing (PortAudio's thread copies
one block and returns). States: STOPPED (at the start or the end) -> PLAYING
<-> PAUSED -> STOPPED; ``on_change`` hears each change, from whichever thread
made it (the device's at the end of the recording).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import Enum
from typing import Any

import numpy as np

from ..audio.devices import find_device, load_sounddevice
from ..errors import AudioDeviceError
from ..i18n import N_

__all__ = ["Player", "PlayerState", "mono_mix"]

log = logging.getLogger(__name__)


class PlayerState(str, Enum):
    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"


def mono_mix(agent: bytes, customer: bytes) -> bytes:
    """Both channels (16-bit) as one, of the longer one's length, clipped."""
    a, c = (np.frombuffer(x, dtype="<i2").astype(np.int32) for x in (agent, customer))
    n = max(a.size, c.size)
    both = np.zeros(n, dtype=np.int32)
    both[:a.size] += a
    both[:c.size] += c
    return bytes(np.clip(both, -32768, 32767).astype("<i2").tobytes())


class Player:
    def __init__(self, pcm: bytes, rate: int, device: str = "",
                 on_change: Callable[[PlayerState], None] | None = None) -> None:
        self._pcm, self.rate, self.device = pcm, rate, device
        self._on_change = on_change
        self._lock = threading.Lock()
        self._pos = 0  # bytes
        self._stream: Any = None
        self.state = PlayerState.STOPPED

    @property
    def duration_s(self) -> float:
        return len(self._pcm) / 2 / self.rate

    @property
    def position_s(self) -> float:
        with self._lock:
            return self._pos / 2 / self.rate

    def play(self) -> None:
        """From where it was (the start again once it reached the end); AudioDeviceError if no headset."""
        if self.state is PlayerState.PLAYING:
            return
        with self._lock:
            if self._pos >= len(self._pcm):
                self._pos = 0
        self._open()
        self._set(PlayerState.PLAYING)

    def pause(self) -> None:
        if self.state is PlayerState.PLAYING:
            self._close_stream()
            self._set(PlayerState.PAUSED)

    def stop(self) -> None:
        self._close_stream()
        with self._lock:
            self._pos = 0
        self._set(PlayerState.STOPPED)

    def seek(self, seconds: float) -> None:
        with self._lock:
            self._pos = min(len(self._pcm), max(0, int(seconds * self.rate)) * 2)

    def close(self) -> None:
        """Stop and forget the audio (it stays in memory no longer than the player)."""
        self.stop()
        self._pcm = b""

    def _set(self, state: PlayerState) -> None:
        if state is self.state:
            return
        self.state = state
        if self._on_change is not None:
            self._on_change(state)

    def _open(self) -> None:
        self._close_stream()  # one that ran to its end
        sd = load_sounddevice()
        try:
            self._stream = sd.RawOutputStream(samplerate=self.rate, channels=1, dtype="int16",
                                              blocksize=self.rate // 50, device=find_device(self.device),
                                              callback=self._fill, finished_callback=self._finished)
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            self._stream = None
            raise AudioDeviceError(str(exc), user_message=N_(
                "The recording cannot be played: the headset “{0}” could not be opened.",
                self.device or "default")) from exc

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            stream.abort()
            stream.close()
        except Exception:  # noqa: BLE001 - a vanished device may refuse to close
            log.debug("closing the playback stream failed", exc_info=True)

    # -- PortAudio's thread ------------------------------------------------------------------
    def _fill(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        with self._lock:
            chunk = self._pcm[self._pos:self._pos + len(outdata)]
            self._pos += len(chunk)
        outdata[:len(chunk)] = chunk
        if len(chunk) < len(outdata):
            outdata[len(chunk):] = b"\0" * (len(outdata) - len(chunk))
            raise load_sounddevice().CallbackStop

    def _finished(self) -> None:
        """The device played the last block (or the stream was aborted by ``pause``/``stop``)."""
        with self._lock:
            at_end = self._pos >= len(self._pcm) and self._pcm != b""
        if at_end and self.state is PlayerState.PLAYING:
            with self._lock:
                self._pos = len(self._pcm)
            self._set(PlayerState.STOPPED)
