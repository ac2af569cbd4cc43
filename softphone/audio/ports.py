"""pjsua2 ports between the conference bridge and Python.

Created and connected on the engine thread; ``onFrameRequested`` and
``onFrameReceived`` run on the media clock thread and must never block:
they copy one frame to or from a ring buffer or a queue and return.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import pjsua2 as pj

from .vector import vector_bytes

__all__ = ["audio_format", "SourcePort", "SinkPort", "PortPool"]


def audio_format(clock_rate: int, frame_ms: int) -> pj.MediaFormatAudio:
    fmt = pj.MediaFormatAudio()
    fmt.type = pj.PJMEDIA_TYPE_AUDIO
    fmt.clockRate = clock_rate
    fmt.channelCount = 1
    fmt.bitsPerSample = 16
    fmt.frameTimeUsec = frame_ms * 1000
    return fmt


class SourcePort(pj.AudioMediaPort):  # type: ignore[misc]
    """Feeds the conference from ``pull(n_bytes) -> bytes`` (the microphone).

    Torn down: Python's cycle collector may clear a port's attributes (on
    whichever thread collects) a moment before the port is deleted, while the
    media clock can still call it. Both ports then pass nothing (an empty
    frame) instead of raising on the clock thread.
    """

    frames = 0

    def __init__(self, name: str, clock_rate: int, frame_ms: int, pull: Callable[[int], bytes]) -> None:
        super().__init__()
        self._pull = pull
        self._size = clock_rate * frame_ms // 1000 * 2
        self.frames = 0
        self.createPort(name, audio_format(clock_rate, frame_ms))

    def bind(self, pull: Callable[[int], bytes]) -> None:
        """Take the next frames from ``pull`` (one attribute store: atomic for the clock thread)."""
        self._pull = pull

    def onFrameRequested(self, frame: pj.MediaFrame) -> None:
        pull = self.__dict__.get("_pull")
        if pull is None:  # being torn down (see the class doc)
            frame.type, frame.size = pj.PJMEDIA_FRAME_TYPE_NONE, 0
            return
        data = pull(self._size)
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        frame.buf = pj.ByteVector(data)
        frame.size = len(data)
        self.frames += 1


class SinkPort(pj.AudioMediaPort):  # type: ignore[misc]
    """Takes frames out of the conference into ``push(pcm)``.

    A frame with no audio (silence suppressed by the bridge) is pushed as
    digital silence so consumers keep a real-time rate. Torn down: see
    ``SourcePort``.
    """

    frames = 0

    def __init__(self, name: str, clock_rate: int, frame_ms: int, push: Callable[[bytes], None]) -> None:
        super().__init__()
        self._push = push
        self._silence = b"\x00" * (clock_rate * frame_ms // 1000 * 2)
        self.frames = 0
        self.createPort(name, audio_format(clock_rate, frame_ms))

    def bind(self, push: Callable[[bytes], None]) -> None:
        """Send the next frames to ``push`` (one attribute store: atomic for the clock thread)."""
        self._push = push

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:
        push = self.__dict__.get("_push")
        if push is None:  # being torn down (see SourcePort)
            return
        self.frames += 1
        if frame.type == pj.PJMEDIA_FRAME_TYPE_AUDIO:
            data = vector_bytes(frame.buf)
            push(data if data else self._silence)
        else:
            push(self._silence)


P = TypeVar("P")  # SourcePort or SinkPort


class PortPool(Generic[P]):
    """Ports kept for the engine's lifetime and reused call after call.

    A per-call port deleted while the media clock was (or was about to be) in
    its callback segfaulted under load, even 0.3 s after its disconnect (CI,
    three times). A port that is never freed cannot be called after free: a
    finished call's port is unbound by its user (bound to a callback that
    does nothing) and waits for the next call. There are never more ports
    than were in use at once.
    """

    def __init__(self, make: Callable[[int], P]) -> None:
        self._make: Callable[[int], P] = make
        self._all: list[P] = []
        self._free: list[P] = []

    def take(self) -> P:
        if self._free:
            return self._free.pop()
        port: P = self._make(len(self._all))
        self._all.append(port)
        return port

    def give_back(self, port: P) -> None:
        self._free.append(port)

    def close(self) -> list[P]:
        ports, self._all, self._free = self._all, [], []
        return ports
