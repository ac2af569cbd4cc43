"""Headset streams through sounddevice, with loss detection and fallback.

Each stream runs on PortAudio's own thread and only copies one block to or
from a ring buffer. A monitor thread checks twice a second that every stream
still delivers callbacks; a stream that stopped (device unplugged) is closed
and reopened on the system default device, and ``AudioDeviceChanged(lost=True)``
is posted. The call is never touched: the conference keeps running on its own
clock and only the headset end is replaced.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import AudioDeviceError
from ..i18n import N_
from ..events import AudioDeviceChanged, ErrorRaised, Event
from ..settings import AudioSettings
from ..states import DeviceRole
from .levels import rms_level
from .presence import present_devices
from .ringbuffer import RingBuffer

__all__ = ["DeviceInfo", "list_devices", "find_device", "DeviceStreams", "load_sounddevice"]

log = logging.getLogger(__name__)
# A stream whose callbacks stop for this long is taken as unplugged. Measured
# on PulseAudio's ALSA plugin: start-up gaps of 0.3-1.9 s and mid-stream gaps
# up to 0.46 s on a healthy stream, so a fresh stream gets a grace period.
_STALL_S = 1.5
_STARTUP_GRACE_S = 4.0
_PRESENCE_EVERY_S = 3.0


def load_sounddevice() -> Any:
    """Import sounddevice, mapping a missing PortAudio to ``AudioDeviceError``."""
    try:
        import sounddevice as sd
    except OSError as exc:
        raise AudioDeviceError(
            f"PortAudio not available: {exc}",
            user_message=N_("The sound system library (PortAudio) is missing. On Debian: apt-get install libportaudio2."),
        ) from exc
    return sd


@dataclass(frozen=True)
class DeviceInfo:
    index: int
    name: str
    hostapi: str
    max_input: int
    max_output: int
    default_input: bool
    default_output: bool


def list_devices() -> list[DeviceInfo]:
    sd = load_sounddevice()
    try:
        devices = sd.query_devices()
        apis = sd.query_hostapis()
        d_in, d_out = sd.default.device
    except sd.PortAudioError as exc:
        raise AudioDeviceError(str(exc), user_message=N_("The list of sound devices could not be read.")) from exc
    return [
        DeviceInfo(i, d["name"], apis[d["hostapi"]]["name"], d["max_input_channels"], d["max_output_channels"],
                   i == d_in, i == d_out)
        for i, d in enumerate(devices)
    ]


def find_device(name: str, role: DeviceRole = DeviceRole.OUTPUT) -> int | None:
    """Index of the device called ``name`` for ``role``; None = system default."""
    if not name:
        return None
    want_in = role is DeviceRole.INPUT
    for dev in list_devices():
        if (dev.max_input if want_in else dev.max_output) > 0 and dev.name == name:
            return dev.index
    raise AudioDeviceError(f"device {name!r} not found", user_message=N_("The sound device “{0}” is not connected.", name))


class _Stream:
    """One sounddevice stream bound to a ring buffer, with a heartbeat."""

    def __init__(self, role: DeviceRole, ring: RingBuffer, rate: int, block: int) -> None:
        self.role = role
        self.ring = ring
        self.rate = rate
        self.block = block
        self.name = ""
        self.stream: Any = None
        self.last_beat = 0.0
        self.opened_at = 0.0
        self.stale_rounds = 0  # monitor rounds in a row that found no recent callback
        self.errors = 0
        self.level = 0.0  # input streams: RMS of the last block, 0..1

    def open(self, name: str) -> None:
        sd = load_sounddevice()
        index = find_device(name, self.role)
        kwargs: dict[str, Any] = dict(samplerate=self.rate, blocksize=self.block, channels=1, dtype="int16",
                                      device=index, latency=0.04)
        if sys.platform == "win32":
            kwargs["extra_settings"] = sd.WasapiSettings(auto_convert=True)
        try:
            if self.role is DeviceRole.INPUT:
                self.stream = sd.RawInputStream(callback=self._on_input, **kwargs)
            else:
                self.stream = sd.RawOutputStream(callback=self._on_output, **kwargs)
            self.last_beat = self.opened_at = time.monotonic()
            self.stale_rounds = 0
            self.stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            self.stream = None
            raise AudioDeviceError(str(exc), user_message=N_("The {0} device “{1}” could not be opened.",
                                                             self.role.value, name or "default")) from exc
        self.name = name

    def close(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            try:
                stream.abort()
                stream.close()
            except Exception:  # noqa: BLE001 - a vanished device may refuse to close
                log.debug("closing %s stream failed", self.role.value, exc_info=True)

    def stalled(self) -> bool:
        """No callback for ``_STALL_S``, seen by two monitor rounds in a row (or the stream stopped).

        One round is not enough: a thread holding the GIL (loading the phrase pack at start-up takes
        1-2 s) starves the monitor and the callbacks alike, and when it lets go the monitor may look
        before the callbacks have run again (seen in the tests: both headsets "lost" at once).
        """
        if self.stream is None:
            return False
        now = time.monotonic()
        if now - self.opened_at < _STARTUP_GRACE_S:
            return False
        if not self.stream.active:
            return True
        self.stale_rounds = self.stale_rounds + 1 if now - self.last_beat > _STALL_S else 0
        return self.stale_rounds >= 2

    # PortAudio threads: copy and return
    def _on_input(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        self.last_beat = time.monotonic()
        if status:
            self.errors += 1
        data = bytes(indata)
        self.ring.write(data)
        self.level = rms_level(data)

    def _on_output(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        self.last_beat = time.monotonic()
        if status:
            self.errors += 1
        outdata[:] = self.ring.read(len(outdata))


class DeviceStreams:
    """The input, output and ringer streams, and the monitor that revives them."""

    def __init__(self, settings: AudioSettings, rings: Any, frame_ms: int, post: Callable[[Event], None]) -> None:
        block = settings.clock_rate * frame_ms // 1000
        self._post = post
        self._streams = {
            DeviceRole.INPUT: _Stream(DeviceRole.INPUT, rings.mic, settings.clock_rate, block),
            DeviceRole.OUTPUT: _Stream(DeviceRole.OUTPUT, rings.speaker, settings.clock_rate, block),
            DeviceRole.RINGER: _Stream(DeviceRole.RINGER, rings.ringer, settings.clock_rate, block),
        }
        self._wanted = {DeviceRole.INPUT: settings.input_device, DeviceRole.OUTPUT: settings.output_device,
                        DeviceRole.RINGER: settings.ringer_device}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        for role in self._streams:
            self._open_or_fallback(role)
        self._thread = threading.Thread(target=self._monitor, name="audio-devices", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)
        for s in self._streams.values():
            s.close()

    def input_level(self) -> float:
        """The microphone's level now (0..1), for the meter in the status bar."""
        return self._streams[DeviceRole.INPUT].level

    def current(self, role: DeviceRole) -> str:
        return self._streams[role].name

    def select(self, role: DeviceRole, name: str) -> None:
        """Switch ``role`` to device ``name`` ("" = default). Raises AudioDeviceError."""
        with self._lock:
            stream = self._streams[role]
            old = stream.name
            stream.close()
            try:
                stream.open(name)
            except AudioDeviceError:
                stream.open(old) if old != name else None
                raise
            self._wanted[role] = name
        self._post(AudioDeviceChanged(role, old, name, lost=False))

    def _open_or_fallback(self, role: DeviceRole) -> None:
        stream = self._streams[role]
        try:
            stream.open(self._wanted[role])
        except AudioDeviceError as exc:
            if not self._wanted[role]:
                self._post(ErrorRaised("audio", str(exc), exc.user_message))
                return
            self._fallback(stream, self._wanted[role], exc)

    def _fallback(self, stream: _Stream, old: str, cause: Exception) -> None:
        stream.close()
        try:
            stream.open("")
        except AudioDeviceError as exc:
            self._post(ErrorRaised("audio", str(exc), exc.user_message))
            return
        log.warning("%s device lost (%s); using the default device", stream.role.value, cause)
        self._post(AudioDeviceChanged(stream.role, old, "", lost=True))

    def _monitor(self) -> None:
        next_presence = time.monotonic() + _PRESENCE_EVERY_S
        while not self._stop.wait(0.5):
            with self._lock:
                for stream in self._streams.values():
                    if stream.stream is None:
                        self._retry_open(stream)
                    elif stream.stalled():
                        self._fallback(stream, stream.name, AudioDeviceError("stream stalled"))
            if time.monotonic() >= next_presence:
                next_presence = time.monotonic() + _PRESENCE_EVERY_S
                self._check_presence()

    def _retry_open(self, stream: _Stream) -> None:
        """No stream at all (no device at start): try again every few seconds, quietly."""
        if time.monotonic() - stream.opened_at < _PRESENCE_EVERY_S:
            return
        stream.opened_at = time.monotonic()
        try:
            stream.open("")
        except AudioDeviceError:
            return
        self._post(AudioDeviceChanged(stream.role, "", "", lost=False))

    def _check_presence(self) -> None:
        """A named device that vanished (the sound server may have moved our
        stream elsewhere silently): fall back and tell the agent."""
        named = [s for s in self._streams.values() if s.stream is not None and s.name]
        if not named:
            return
        missing = self._missing(named)
        if missing:
            # A fresh PortAudio sometimes leaves out an ALSA device that is busy at that moment (seen
            # in the tests: a headset in use reported gone, about one probe in ten): only a device
            # missing from a second probe is taken as unplugged.
            missing &= self._missing(named)
        with self._lock:
            for stream in named:
                if stream.name in missing and stream.stream is not None:
                    self._fallback(stream, stream.name, AudioDeviceError("device gone"))

    @staticmethod
    def _missing(named: list[_Stream]) -> set[str]:
        """The names of ``named`` that a fresh device list leaves out (none when it cannot be told)."""
        present = present_devices()
        if present is None:
            return set()
        return {s.name for s in named if s.name not in present}
