"""The conference side of the audio path: ports, tones and per-call routing.

Engine thread only (it creates and connects pjsua2 objects). The ring
buffers it reads and writes are shared with ``devices.py``.

While any call exists the microphone port is connected to a level meter, so
the conference pulls it every tick and the agent tap keeps a steady rate
while muted or held. With no call nothing is connected: the idle engine runs
no Python audio callbacks (measured before: 4.5 % of a core when idle). The
mic ring is emptied when the first call starts, so no stale audio is sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pjsua2 as pj

from ..states import AudioChannel, CallId
from .levels import rms_level
from .ports import SinkPort, SourcePort
from .ringbuffer import RingBuffer
from .taps import CallTap, TapHub
from .tones import BEEP, RING, RINGBACK, Tone

__all__ = ["ConferenceAudio", "Rings", "rms_level", "PORT_GRACE_S"]

# At shutdown, after every port is disconnected, the media clock may still be
# inside a callback for up to a frame: ports are deleted only this much later.
PORT_GRACE_S = 0.3


@dataclass
class Rings:
    """The three ring buffers between the conference and the devices."""

    mic: RingBuffer
    speaker: RingBuffer
    ringer: RingBuffer

    @classmethod
    def create(cls, clock_rate: int, frame_ms: int) -> Rings:
        frame = clock_rate * frame_ms // 1000 * 2
        # target: one frame in hand absorbs the two clocks' jitter; more is latency
        return cls(RingBuffer(frame * 3, target=frame), RingBuffer(frame * 4, prefill=frame, target=frame),
                   RingBuffer(frame * 4, target=frame))


class _TapPorts:
    """Call tap ports, kept for the engine's lifetime and reused call after call.

    A per-call port deleted while the media clock was (or was about to be) in
    its callback segfaulted under load, even 0.3 s after its disconnect (CI,
    three times). A port that is never freed cannot be called after free: a
    finished call's port is unbound (it drops frames) and waits for the next
    call. There are never more ports than calls up at once.
    """

    def __init__(self, clock_rate: int, frame_ms: int) -> None:
        self._clock_rate, self._frame_ms = clock_rate, frame_ms
        self._all: list[SinkPort] = []
        self._free: list[SinkPort] = []

    def take(self, push: Callable[[bytes], None]) -> SinkPort:
        if self._free:
            port = self._free.pop()
        else:
            port = SinkPort(f"tap-{len(self._all)}", self._clock_rate, self._frame_ms, _drop)
            self._all.append(port)
        port.bind(push)
        return port

    def give_back(self, port: SinkPort) -> None:
        port.bind(_drop)
        self._free.append(port)

    def close(self) -> list[SinkPort]:
        ports, self._all, self._free = self._all, [], []
        return ports


def _drop(pcm: bytes) -> None:
    """What an idle tap port does with a frame."""


@dataclass
class _CallAudio:
    tap: CallTap
    port: SinkPort
    media: pj.AudioMedia | None = None
    muted: bool = False


class ConferenceAudio:
    def __init__(self, clock_rate: int, frame_ms: int, rings: Rings, hub: TapHub) -> None:
        self.clock_rate = clock_rate
        self.frame_ms = frame_ms
        self.rings = rings
        self._hub = hub
        self._lock = threading.Lock()  # guards _calls between engine and media threads
        self._calls: dict[CallId, _CallAudio] = {}
        self._silence = b"\x00" * (clock_rate * frame_ms // 1000 * 2)
        self.mic_level = 0.0
        self.mic = SourcePort("mic", clock_rate, frame_ms, self._pull_mic)
        self.meter = SinkPort("mic-meter", clock_rate, frame_ms, self._meter)
        self.speaker = SinkPort("speaker", clock_rate, frame_ms, rings.speaker.write)
        self.ringer = SinkPort("ringer", clock_rate, frame_ms, rings.ringer.write)
        self._taps = _TapPorts(clock_rate, frame_ms)
        self._metered = False
        self.ring = Tone(clock_rate, RING, loop=True)
        self.ringback = Tone(clock_rate, RINGBACK, loop=True)
        self.beep = Tone(clock_rate, BEEP, loop=False)

    # -- media clock thread ----------------------------------------------
    def _pull_mic(self, size: int) -> bytes:
        data = self.rings.mic.read(size)
        with self._lock:
            calls = list(self._calls.values())
        for ca in calls:
            ca.tap.push(AudioChannel.AGENT, self._silence if ca.muted or ca.media is None else data)
        return data

    def _meter(self, pcm: bytes) -> None:
        self.mic_level = rms_level(pcm)

    # -- engine thread ---------------------------------------------------
    def add_call(self, call_id: CallId, started_mono: float) -> None:
        tap = CallTap(self._hub, call_id, started_mono, self.clock_rate, self.frame_ms)
        port = self._taps.take(lambda pcm: tap.push(AudioChannel.CUSTOMER, pcm))
        with self._lock:
            self._calls[call_id] = _CallAudio(tap, port)
        if not self._metered:
            self.rings.mic.clear()
            self.mic.startTransmit(self.meter)
            self._metered = True

    def media_up(self, call_id: CallId, media: pj.AudioMedia) -> None:
        ca = self._calls.get(call_id)
        if ca is None:
            return
        if ca.media is not None:
            self._disconnect(ca)
        if not any(c.media is not None for c in self._calls.values()):
            self.rings.speaker.clear()  # the first voice path starts with no backlog
        ca.media = media
        media.startTransmit(self.speaker)
        media.startTransmit(ca.port)
        if not ca.muted:
            self.mic.startTransmit(media)

    def media_down(self, call_id: CallId) -> None:
        ca = self._calls.get(call_id)
        if ca is not None and ca.media is not None:
            self._disconnect(ca)

    def set_muted(self, call_id: CallId, muted: bool) -> None:
        ca = self._calls.get(call_id)
        if ca is None or ca.muted == muted:
            return
        ca.muted = muted
        if ca.media is None:
            return
        if muted:
            self.mic.stopTransmit(ca.media)
        else:
            self.mic.startTransmit(ca.media)

    def remove_call(self, call_id: CallId) -> None:
        """Disconnect a finished call; its tap port goes back to the pool."""
        with self._lock:
            ca = self._calls.pop(call_id, None)
        if ca is None:
            return
        if ca.media is not None:
            self._disconnect(ca)
        self._taps.give_back(ca.port)  # a frame in flight still goes to the old tap, which drops it once closed
        ca.tap.close()
        if not self._calls and self._metered:
            self.mic.stopTransmit(self.meter)
            self._metered = False
            self.mic_level = 0.0

    def _disconnect(self, ca: _CallAudio) -> None:
        media, ca.media = ca.media, None
        assert media is not None
        links: list[tuple[pj.AudioMedia, pj.AudioMedia]] = [(media, self.speaker), (media, ca.port), (self.mic, media)]
        for source, sink in links:
            try:
                source.stopTransmit(sink)
            except pj.Error:
                pass  # the call's conference slot is already gone

    def start_ringing(self) -> None:
        if not self.ring.playing():
            self.ring.play_to(self.ringer)

    def stop_ringing(self) -> None:
        self.ring.stop()

    def start_ringback(self) -> None:
        if not self.ringback.playing():
            self.ringback.play_to(self.speaker)

    def stop_ringback(self) -> None:
        self.ringback.stop()

    def play_beep(self) -> None:
        self.beep.stop()
        self.beep.play_to(self.speaker)

    def close(self) -> None:
        """Disconnect every port, let the media clock finish a callback in flight, then drop the ports."""
        for cid in list(self._calls):
            self.remove_call(cid)
        for tone in (self.ring, self.ringback, self.beep):
            tone.stop()
        # A port the clock thread was calling at the disconnect is still in its
        # Python callback; deleting it then crashed (a segfault in CI). Once
        # disconnected the conference calls it no more: one frame ends it.
        time.sleep(PORT_GRACE_S)
        tap_ports = self._taps.close()
        del tap_ports
        # The ports call back into bound methods of this object: a reference
        # cycle. Drop them now, on the engine thread, before libDestroy();
        # a port freed later by the garbage collector aborts inside pjmedia.
        del self.mic, self.meter, self.speaker, self.ringer
        del self.ring, self.ringback, self.beep
