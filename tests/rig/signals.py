"""Known signals in, measurements out: tones, speech and what a recording contains."""

from __future__ import annotations

import threading
from typing import Self
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


def speech_match(recorded: bytes, sent: bytes, block_s: float = 0.5, rate: int = 16000) -> float:
    """How well ``recorded`` (16-bit PCM cut from a recording) carries ``sent`` (the 16-bit PCM one side
    played, in a loop): the median, over blocks of ``block_s``, of each block's peak normalised
    cross-correlation with ``sent`` at any lag. 1.0 is the same waveform.

    The lag runs over the whole loop (``sent`` taken as periodic), so neither where the sender was in its
    loop when the recording started nor the call path's delay (jitter buffer, bridge, codec) need be known.
    Each block finds its own lag: a 20 ms frame dropped or repeated between two independent clocks spoils
    one block, not the measure. Both signals are pre-emphasised first (x[n] - 0.95 x[n-1]): a voice's
    strong low harmonics otherwise make any two stretches of speech look alike (half-second blocks of two
    different espeak-ng utterances score about 0.5 without it, 0.3 with it). Lags where the loop is
    near-silent for a block's length, and silent blocks, score 0.
    """
    def prepared(pcm: bytes) -> np.ndarray:
        x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
        x = np.append(x[:1], x[1:] - 0.95 * x[:-1])
        x -= x.mean()
        return x

    x, r = prepared(recorded), prepared(sent)
    n, m = int(block_s * rate), r.size
    if not 0 < n <= min(x.size, m):
        raise ValueError(f"blocks of {n} samples need a recording ({x.size}) and a loop ({m}) at least as long")
    ext = np.concatenate([r, r[:n - 1]])  # lags near the end read on into the next repetition
    size = 1 << int(np.ceil(np.log2(ext.size + n)))
    loop_spectrum = np.fft.rfft(ext, size)
    energy = np.concatenate([[0.0], np.cumsum(ext * ext)])
    local = energy[n:n + m] - energy[:m]  # the loop's energy under a block at each lag
    audible = local > 1e-4 * local.max()
    peaks = []
    for start in range(0, x.size - n + 1, n):
        block = x[start:start + n]
        dots = np.fft.irfft(np.conj(np.fft.rfft(block, size)) * loop_spectrum, size)[:m]
        norm = np.sqrt(float(block @ block) * np.maximum(local, 0.0))
        ncc = np.divide(dots, norm, out=np.zeros(m), where=audible & (norm > 0))
        peaks.append(float(ncc.max()))
    return float(np.median(peaks))


class _Paced:
    """A thread that does one frame's work every ``frame_ms``, on a real-time schedule, while entered."""

    def __init__(self, ring: RingBuffer, rate: int, frame_ms: int) -> None:
        self._ring = ring
        self._size = rate * frame_ms // 1000 * 2
        self._period = frame_ms / 1000
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)

    def _run(self) -> None:
        next_t = time.monotonic()
        while not self._stop.is_set():
            self._frame()
            next_t += self._period
            time.sleep(max(0.0, next_t - time.monotonic()))

    def _frame(self) -> None:
        raise NotImplementedError


class PcmFeeder(_Paced):
    """Stands in for the sound card's capture side: writes PCM into the
    engine's microphone ring at real-time pace (the device edge, nothing
    else is replaced). The PulseAudio tests cover the real device path.

    ``loop`` repeats ``pcm``; otherwise silence follows it and ``done`` is set
    once it has all been written. ``lead_s`` of silence comes first."""

    def __init__(self, ring: RingBuffer, pcm: bytes, rate: int = 16000, frame_ms: int = 20,
                 loop: bool = True, lead_s: float = 0.0) -> None:
        super().__init__(ring, rate, frame_ms)
        self._pcm = b"\0" * int(lead_s * rate) * 2 + pcm
        self._loop = loop
        self._pos = 0
        self.done = threading.Event()

    def _frame(self) -> None:
        chunk = self._pcm[self._pos:self._pos + self._size]
        self._pos += self._size
        if self._pos >= len(self._pcm):
            self.done.set()
            if self._loop:
                self._pos = 0
        self._ring.write(chunk.ljust(self._size, b"\0"))


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


class SpeakerDrain(_Paced):
    """Stands in for the sound card's playback side: reads the engine's speaker ring at real-time pace and
    keeps what the agent would have heard (the device edge only; the PulseAudio tests cover real devices)."""

    def __init__(self, ring: RingBuffer, rate: int = 16000, frame_ms: int = 20) -> None:
        super().__init__(ring, rate, frame_ms)
        self.heard = bytearray()

    def _frame(self) -> None:
        self.heard += self._ring.read(self._size)
