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
from dataclasses import dataclass

import pjsua2 as pj

from ..states import AudioChannel, CallId
from .levels import rms_level
from .notice import NoticePlay
from .ports import PortPool, SinkPort, SourcePort
from .ringbuffer import RingBuffer
from .supervise import SupervisionRoutes
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


def _drop(pcm: bytes) -> None:
    """What an idle tap port does with a frame."""


def _quiet(size: int) -> bytes:
    """What an idle notice port sends."""
    return b"\0" * size


@dataclass
class _CallAudio:
    tap: CallTap
    port: SinkPort
    media: pj.AudioMedia | None = None
    muted: bool = False
    notice: NoticePlay | None = None  # set once: a call hears its recording notice at most once
    notice_port: SourcePort | None = None  # while the notice plays


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
        self._taps: PortPool[SinkPort] = PortPool(lambda n: SinkPort(f"tap-{n}", clock_rate, frame_ms, _drop))
        self._notices: PortPool[SourcePort] = PortPool(
            lambda n: SourcePort(f"notice-{n}", clock_rate, frame_ms, _quiet))
        self._metered = False
        self.supervision = SupervisionRoutes(self.mic, self.speaker)
        self.ring = Tone(clock_rate, RING, loop=True)
        self.ringback = Tone(clock_rate, RINGBACK, loop=True)
        self.beep = Tone(clock_rate, BEEP, loop=False)

    # -- media clock thread ----------------------------------------------
    def _pull_mic(self, size: int) -> bytes:
        data = self.rings.mic.read(size)
        with self._lock:
            calls = list(self._calls.values())
        for ca in calls:
            sent = self._silence if ca.muted or ca.media is None else data
            notice = ca.notice
            ca.tap.push(AudioChannel.AGENT, sent if notice is None else notice.mix_into(sent))
        return data

    def _meter(self, pcm: bytes) -> None:
        self.mic_level = rms_level(pcm)

    # -- engine thread ---------------------------------------------------
    def add_call(self, call_id: CallId, started_mono: float) -> None:
        tap = CallTap(self._hub, call_id, started_mono, self.clock_rate, self.frame_ms)
        port = self._taps.take()
        port.bind(lambda pcm: tap.push(AudioChannel.CUSTOMER, pcm))
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
        self.supervision.follow(self._current_media())

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
        ca.port.bind(_drop)
        self._taps.give_back(ca.port)  # a frame in flight still goes to the old tap, which drops it once closed
        ca.tap.close()
        if not self._calls and self._metered:
            self.mic.stopTransmit(self.meter)
            self._metered = False
            self.mic_level = 0.0

    def play_notice(self, call_id: CallId, pcm: bytes) -> bool:
        """Start the recording notice into the call and the headset; False if the call has no media up, or
        has had its notice. The caller ends it (``end_notice``) once it has played."""
        ca = self._calls.get(call_id)
        if ca is None or ca.media is None or ca.notice is not None:
            return False
        ca.notice, ca.notice_port = NoticePlay(pcm), self._notices.take()
        ca.notice_port.bind(ca.notice.pull)
        ca.notice_port.startTransmit(ca.media)
        ca.notice_port.startTransmit(self.speaker)
        return True

    def end_notice(self, call_id: CallId) -> None:
        ca = self._calls.get(call_id)
        if ca is not None:
            self._stop_notice(ca)

    def _stop_notice(self, ca: _CallAudio) -> None:
        port, ca.notice_port = ca.notice_port, None
        if port is None:
            return
        for sink in (ca.media, self.speaker):
            if sink is not None:
                try:
                    port.stopTransmit(sink)
                except pj.Error:
                    pass  # the call's conference slot is already gone
        port.bind(_quiet)
        self._notices.give_back(port)

    def _current_media(self) -> pj.AudioMedia | None:
        """The media of the agent's latest call that has it up: what a supervising lead joins."""
        up = [ca.media for ca in self._calls.values() if ca.media is not None]
        return up[-1] if up else None

    def _disconnect(self, ca: _CallAudio) -> None:
        self._stop_notice(ca)
        media, ca.media = ca.media, None
        assert media is not None
        self.supervision.follow(self._current_media())
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
        self.supervision.close()
        for tone in (self.ring, self.ringback, self.beep):
            tone.stop()
        # A port the clock thread was calling at the disconnect is still in its
        # Python callback; deleting it then crashed (a segfault in CI). Once
        # disconnected the conference calls it no more: one frame ends it.
        time.sleep(PORT_GRACE_S)
        pooled = self._taps.close(), self._notices.close()
        del pooled
        # The ports call back into bound methods of this object: a reference
        # cycle. Drop them now, on the engine thread, before libDestroy();
        # a port freed later by the garbage collector aborts inside pjmedia.
        del self.mic, self.meter, self.speaker, self.ringer
        del self.ring, self.ringback, self.beep, self.supervision
