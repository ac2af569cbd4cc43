"""8 kHz <-> 16 kHz for 16-bit mono PCM, with numpy (no audioop in 3.13).

A windowed-sinc low-pass (63 taps, cut-off at the lower rate's Nyquist)
around zero-stuffing (up) or decimation (down). ``Resampler`` streams: it
keeps the filter's history between frames, so 20 ms frames resampled one by
one equal the whole signal resampled at once.

The live pipeline does not need it: ``KaldiRecognizer(model, 8000)``
resamples inside Vosk, and feeding a call at its own rate cost 8 % less CPU
than upsampling here first (see ``ChannelRecognizer``). It makes the 8 kHz
test fixtures and is here for audio at the other rate.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Resampler", "resample", "upsample_2x", "downsample_2x"]

_TAPS = 63


def _lowpass(cutoff: float, taps: int = _TAPS) -> np.ndarray:
    """Windowed-sinc FIR; ``cutoff`` as a fraction of the sample rate."""
    n = np.arange(taps) - (taps - 1) / 2
    h: np.ndarray = 2 * cutoff * np.sinc(2 * cutoff * n) * np.blackman(taps)
    return np.asarray(h / h.sum())


_FILTER = _lowpass(0.25 * 0.92)  # a little below the 8 kHz Nyquist at 16 kHz


class Resampler:
    """Streaming 2x up or down between 8000 and 16000 Hz."""

    def __init__(self, from_rate: int, to_rate: int) -> None:
        if {from_rate, to_rate} != {8000, 16000}:
            raise ValueError(f"only 8000 <-> 16000 Hz, not {from_rate} -> {to_rate}")
        self.up = to_rate > from_rate
        self._history = np.zeros(_TAPS - 1)
        self._odd = 0  # down: offset of the next sample to keep

    def process(self, pcm: bytes) -> bytes:
        x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
        if self.up:
            stuffed = np.zeros(x.size * 2)
            stuffed[::2] = x * 2
            y = self._filter(stuffed)
        else:
            y = self._filter(x)
            y, self._odd = y[self._odd::2], (self._odd + y.size) % 2
        return np.clip(np.round(y), -32768, 32767).astype("<i2").tobytes()

    def _filter(self, x: np.ndarray) -> np.ndarray:
        padded = np.concatenate([self._history, x])
        self._history = padded[-(_TAPS - 1):]
        return np.convolve(padded, _FILTER, mode="valid")


def resample(pcm: bytes, from_rate: int, to_rate: int) -> bytes:
    """All of ``pcm`` at once (same result as streaming it)."""
    if from_rate == to_rate:
        return pcm
    return Resampler(from_rate, to_rate).process(pcm)


def upsample_2x(pcm: bytes) -> bytes:
    return resample(pcm, 8000, 16000)


def downsample_2x(pcm: bytes) -> bytes:
    return resample(pcm, 16000, 8000)
