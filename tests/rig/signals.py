"""Known signals in, measurements out: tones and what a recording contains."""

from __future__ import annotations

import threading
import time

import numpy as np

from softphone.audio.ringbuffer import RingBuffer


def tone(freq: float, seconds: float, rate: int = 16000, amplitude: float = 0.3) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * freq * t) * amplitude * 32767).astype("<i2").tobytes()


def dominant_hz(pcm: bytes, rate: int = 16000) -> float:
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    if x.size < 256 or not np.any(x):
        return 0.0
    spectrum = np.abs(np.fft.rfft(x * np.hanning(x.size)))
    return float(np.fft.rfftfreq(x.size, 1 / rate)[int(np.argmax(spectrum))])


def tone_share(pcm: bytes, freq: float, rate: int = 16000, width: float = 25.0) -> float:
    """Fraction of the signal's energy within ``freq`` ± ``width`` Hz."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    if x.size < 256 or not np.any(x):
        return 0.0
    power = np.abs(np.fft.rfft(x * np.hanning(x.size))) ** 2
    freqs = np.fft.rfftfreq(x.size, 1 / rate)
    return float(power[np.abs(freqs - freq) <= width].sum() / power.sum())


def rms(pcm: bytes) -> float:
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(x * x)) / 32768) if x.size else 0.0


class PcmFeeder:
    """Stands in for the sound card's capture side: writes PCM into the
    engine's microphone ring at real-time pace (the device edge, nothing
    else is replaced). The PulseAudio tests cover the real device path.

    ``loop`` repeats ``pcm``; otherwise silence follows it and ``done`` is set
    once it has all been written. ``lead_s`` of silence comes first."""

    def __init__(self, ring: RingBuffer, pcm: bytes, rate: int = 16000, frame_ms: int = 20,
                 loop: bool = True, lead_s: float = 0.0) -> None:
        self._ring = ring
        self._pcm = b"\0" * int(lead_s * rate) * 2 + pcm
        self._size = rate * frame_ms // 1000 * 2
        self._period = frame_ms / 1000
        self._loop = loop
        self._stop = threading.Event()
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PcmFeeder:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)

    def _run(self) -> None:
        pos, next_t = 0, time.monotonic()
        while not self._stop.is_set():
            chunk = self._pcm[pos:pos + self._size]
            pos += self._size
            if pos >= len(self._pcm):
                self.done.set()
                if self._loop:
                    pos = 0
            self._ring.write(chunk.ljust(self._size, b"\0"))
            next_t += self._period
            time.sleep(max(0.0, next_t - time.monotonic()))


class MicFeeder(PcmFeeder):
    """A steady tone into the microphone ring (see ``PcmFeeder``)."""

    def __init__(self, ring: RingBuffer, freq: float, rate: int = 16000, frame_ms: int = 20) -> None:
        super().__init__(ring, tone(freq, 1.0, rate), rate, frame_ms)


class TapCollector:
    """Collects an engine's tap frames per (call, channel)."""

    def __init__(self) -> None:
        self.frames: dict[tuple[str, str], list[tuple[float, bytes, bool]]] = {}
        self._lock = threading.Lock()

    def __call__(self, frame: object) -> None:
        key = (frame.call_id, frame.channel.value)  # type: ignore[attr-defined]
        with self._lock:
            self.frames.setdefault(key, []).append((frame.t, frame.pcm, frame.last))  # type: ignore[attr-defined]

    def pcm(self, call_id: str, channel: str, last_seconds: float | None = None, rate: int = 16000) -> bytes:
        with self._lock:
            data = b"".join(p for _, p, _ in self.frames.get((call_id, channel), []))
        if last_seconds is not None:
            data = data[-int(last_seconds * rate) * 2:]
        return data

    def count(self, call_id: str, channel: str) -> int:
        with self._lock:
            return sum(1 for _, p, last in self.frames.get((call_id, channel), []) if not last)

    def ended(self, call_id: str, channel: str) -> bool:
        with self._lock:
            return any(last for _, _, last in self.frames.get((call_id, channel), []))
