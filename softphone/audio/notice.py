"""One call's recording notice on its way through the conference.

The conference pulls the notice frame by frame (``pull``, media clock
thread) and sends it to the call (the customer hears it) and to the agent's
headset. The same frames are kept for the agent's tap (``mix_into``), so the
agent channel of the recording holds what the customer heard from this side:
the notice, then the agent's voice.
"""

from __future__ import annotations

from collections import deque

import numpy as np

__all__ = ["NoticePlay", "mix"]


def mix(a: bytes, b: bytes) -> bytes:
    """Two 16-bit frames of one length added, clipped."""
    total = np.frombuffer(a, dtype="<i2").astype(np.int32) + np.frombuffer(b, dtype="<i2")
    return bytes(np.clip(total, -32768, 32767).astype("<i2").tobytes())


class NoticePlay:
    def __init__(self, pcm: bytes) -> None:
        self._pcm = pcm
        self._pos = 0
        self._sent: deque[bytes] = deque()  # frames the call got, not yet in the agent's tap

    @property
    def done(self) -> bool:
        return self._pos >= len(self._pcm)

    def pull(self, size: int) -> bytes:
        """The next frame for the conference (silence once it has all been played)."""
        frame = self._pcm[self._pos:self._pos + size].ljust(size, b"\0")
        if self._pos < len(self._pcm):
            self._sent.append(frame)
        self._pos += size
        return frame

    def mix_into(self, pcm: bytes) -> bytes:
        """The agent's frame with the notice frame sent alongside it, if one is waiting."""
        if not self._sent:
            return pcm
        frame = self._sent.popleft()
        return mix(pcm, frame) if len(frame) == len(pcm) else pcm
