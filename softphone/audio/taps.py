"""Per-call taps: the agent and customer channels as timestamped PCM frames.

Frames are handed over on the media clock thread with one ``put`` and
delivered to listeners on the ``audio-taps`` thread, so a slow consumer
(transcription, recording) never stalls the conference clock.

Timestamps are seconds since the call started (its ``IncomingCall`` or
``OutgoingCall``), counted in frames from the channel's first frame so they
advance by exactly one frame length each time.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..states import AudioChannel, CallId

__all__ = ["TapFrame", "TapListener", "TapHub", "CallTap"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TapFrame:
    call_id: CallId
    channel: AudioChannel
    t: float  # seconds since call start, of the frame's first sample
    pcm: bytes  # 16-bit little-endian mono; empty on the last frame
    rate: int
    last: bool = False  # the call ended: no more frames on this channel


TapListener = Callable[[TapFrame], None]
_STOP = object()
_GAP_S = 0.25


class TapHub:
    """Fans tap frames out to listeners on one worker thread."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._listeners: list[tuple[CallId | None, TapListener]] = []
        self._thread = threading.Thread(target=self._run, name="audio-taps", daemon=True)
        self._thread.start()

    def subscribe(self, listener: TapListener, call_id: CallId | None = None) -> Callable[[], None]:
        entry = (call_id, listener)
        with self._lock:
            self._listeners.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._listeners:
                    self._listeners.remove(entry)

        return unsubscribe

    def publish(self, frame: TapFrame) -> None:
        self._queue.put(frame)

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join(2.0)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            assert isinstance(item, TapFrame)
            with self._lock:
                listeners = [l for cid, l in self._listeners if cid in (None, item.call_id)]
            for listener in listeners:
                try:
                    listener(item)
                except Exception:  # noqa: BLE001 - one consumer must not hurt the others
                    log.exception("tap listener failed")


class CallTap:
    """Timestamps frames of one call; called on the media clock thread."""

    def __init__(self, hub: TapHub, call_id: CallId, started_mono: float, rate: int, frame_ms: int) -> None:
        self._hub = hub
        self.call_id = call_id
        self._start = started_mono
        self._rate = rate
        self._frame_s = frame_ms / 1000.0
        self._anchor: dict[AudioChannel, float] = {}
        self._count: dict[AudioChannel, int] = {AudioChannel.AGENT: 0, AudioChannel.CUSTOMER: 0}
        self._closed = False

    def push(self, channel: AudioChannel, pcm: bytes) -> None:
        if self._closed:
            return
        now = time.monotonic() - self._start
        anchor = self._anchor.get(channel)
        n = self._count[channel]
        if anchor is None or now - (anchor + n * self._frame_s) > _GAP_S:
            # first frame, or frames stopped for a while (held): re-anchor
            anchor, n = max(0.0, now - self._frame_s), 0
            self._anchor[channel] = anchor
        self._count[channel] = n + 1
        self._hub.publish(TapFrame(self.call_id, channel, anchor + n * self._frame_s, pcm, self._rate))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        end = time.monotonic() - self._start
        for channel in (AudioChannel.AGENT, AudioChannel.CUSTOMER):
            self._hub.publish(TapFrame(self.call_id, channel, end, b"", self._rate, last=True))
