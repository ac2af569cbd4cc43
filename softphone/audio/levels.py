"""Signal level of a 16-bit PCM block, cheap enough for an audio callback."""

from __future__ import annotations

import array
import math

__all__ = ["rms_level"]


def rms_level(pcm: bytes) -> float:
    """RMS of 16-bit PCM (every 4th sample), 0..1."""
    samples = array.array("h", pcm[: len(pcm) // 2 * 2])[::4]
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768.0
