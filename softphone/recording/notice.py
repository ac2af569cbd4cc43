"""The recording notice: the sound both sides hear at the answer, as the administrator's policy asks.

``notice = "beep"`` (the built-in policy) plays two short 1400 Hz beeps, the
frequency of the recording warning tone in telephone practice; ``"announcement"``
plays a recorded sentence, the administrator's WAV file or the Mandarin one
shipped in ``resources/notices/``; ``"none"`` plays nothing.

This module only makes the audio (16-bit mono PCM at the conference's rate).
The engine plays it into the call and the agent's headset and mixes it into
the agent's recorded channel, so the recording itself proves the customer
heard it (``audio/notice.py``).
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import GuardPolicyError
from ..paths import resources_dir
from ..states import NoticeKind

__all__ = ["Notice", "beep", "read_announcement", "notice_audio", "shipped_announcement", "MAX_NOTICE_S"]

BEEP_HZ = 1400.0
MAX_NOTICE_S = 15.0  # longer than that is not a notice; a wrong file, most likely


def shipped_announcement() -> Path:
    return resources_dir() / "notices" / "recording-notice-zh.wav"


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    pcm: bytes  # 16-bit little-endian mono at ``rate``
    rate: int

    @property
    def duration_s(self) -> float:
        return len(self.pcm) / 2 / self.rate


def beep(rate: int, beeps: int = 2, on_s: float = 0.2, off_s: float = 0.2, level: float = 0.25) -> bytes:
    """``beeps`` tones of ``on_s`` with ``off_s`` between them, faded in and out over 5 ms (no clicks)."""
    n_on, n_off = int(on_s * rate), int(off_s * rate)
    t = np.arange(n_on) / rate
    tone = np.sin(2 * np.pi * BEEP_HZ * t) * level
    fade = min(n_on // 2, int(0.005 * rate))
    ramp = np.linspace(0.0, 1.0, fade)
    tone[:fade] *= ramp
    tone[n_on - fade:] *= ramp[::-1]
    gap = np.zeros(n_off)
    parts = [tone if i % 2 == 0 else gap for i in range(2 * beeps - 1)]
    return bytes((np.concatenate(parts) * 32767).astype("<i2").tobytes())


def read_announcement(path: Path, rate: int) -> bytes:
    """A WAV file (16-bit PCM, mono or stereo, any rate) as mono PCM at ``rate``; GuardPolicyError if unusable."""
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, source_rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            frames = w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise GuardPolicyError(f"{path}: the recording announcement cannot be read ({exc})") from exc
    if width != 2 or channels not in (1, 2) or not frames:
        raise GuardPolicyError(f"{path}: the recording announcement must be 16-bit PCM WAV, mono or stereo")
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float64)
    if channels == 2:
        samples = samples.reshape(-1, 2).mean(axis=1)
    if samples.size / source_rate > MAX_NOTICE_S:
        raise GuardPolicyError(f"{path}: the recording announcement is longer than {MAX_NOTICE_S:.0f} s")
    return _resampled(samples, source_rate, rate)


def _resampled(samples: np.ndarray, source_rate: int, rate: int) -> bytes:
    if source_rate != rate:
        count = int(round(samples.size * rate / source_rate))
        samples = np.interp(np.arange(count) * source_rate / rate, np.arange(samples.size), samples)
    return bytes(np.clip(samples, -32768, 32767).astype("<i2").tobytes())


def notice_audio(kind: NoticeKind, announcement: str, rate: int) -> Notice | None:
    """The notice the policy asks for, at ``rate``; None for ``NoticeKind.NONE``."""
    if kind is NoticeKind.NONE:
        return None
    if kind is NoticeKind.BEEP:
        return Notice(kind, beep(rate), rate)
    path = Path(announcement) if announcement else shipped_announcement()
    return Notice(kind, read_announcement(path, rate), rate)
