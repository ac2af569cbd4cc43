"""Assist during calls: transcript events and tap audio in, alert events out.

::

    bus: TranscriptSegment --> queue --> assist thread: PhraseMatcher --> PhraseAlert
                                                      EmotionTracker --> EmotionChanged
                                                      PacingMonitor  --> PacingAlert (speech rate)
    audio-taps thread: TapFrame --> voice activity --> PacingMonitor --> PacingAlert (silence, talk-over)
                                \\-> last 30 s of audio per side (prosody of final utterances)

Pacing starts when a call is answered (``CONFIRMED``): the agent's tap runs
from the first ring, and a ring is no silence to tell the agent about. A
call the service never saw ring (a recording fed by ``analyze``) is paced
from its first frame.

Phrase alerts come from partials as soon as a rule matches; each occurrence
(call, channel, segment, rule, n-th occurrence in the segment) is alerted
once, so the final of the same utterance does not alert again. Matching
runs on the ``assist`` thread, never on the bus, taps or GUI thread.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..audio.taps import TapFrame
from ..bus import EventBus
from ..events import (
    CallStateChanged, EmotionChanged, Event, IncomingCall, OutgoingCall, PacingAlert, PhraseAlert, TranscriptSegment,
)
from ..privacy import redact
from ..states import AudioChannel, CallId, CallState
from .emotion import EmotionTracker
from .lexical import lexical
from .pacing import PacingMonitor
from .packs import PackHolder
from .prosody import Prosody, features, speech_rate

__all__ = ["AssistService"]

log = logging.getLogger(__name__)
_KEEP_S = 30.0
_TRIM_S = 5.0  # trim the kept audio in 5 s steps: one memmove per 5 s on the taps thread, not one per frame
_VOICED_RMS = 300.0  # about -40 dBFS


@dataclass
class _Side:
    tracker: EmotionTracker = field(default_factory=EmotionTracker)
    audio: bytearray = field(default_factory=bytearray)
    audio_start: float = 0.0  # call time of audio[0]
    rate: int = 16000


@dataclass
class _Call:
    sides: dict[AudioChannel, _Side] = field(default_factory=lambda: {c: _Side() for c in AudioChannel})
    pacing: PacingMonitor = field(default_factory=PacingMonitor)
    alerted: set[tuple[AudioChannel, int, str, int]] = field(default_factory=set)


class AssistService:
    def __init__(self, bus: EventBus, packs: PackHolder, pacing: bool = True) -> None:
        """``pacing=False``: no silence or talk-over findings (a one-sided recording has no other side)."""
        self._bus, self.packs, self._pacing = bus, packs, pacing
        self._calls: dict[CallId, _Call] = {}
        self._ringing: set[CallId] = set()  # not answered yet: no pacing
        self._lock = threading.Lock()
        self._queue: queue.Queue[TranscriptSegment | None] = queue.Queue()
        self._unsubscribe = bus.subscribe(self._on_event, TranscriptSegment, CallStateChanged, IncomingCall,
                                          OutgoingCall)
        self._detach: Callable[[], None] | None = None
        self._thread = threading.Thread(target=self._run, name="assist", daemon=True)
        self._thread.start()

    def attach(self, engine: Any) -> None:
        """Follow ``engine``'s taps for voice activity and prosody."""
        self._detach = engine.subscribe_taps(self.on_frame)

    def close(self, timeout: float = 5.0) -> None:
        if self._detach is not None:
            self._detach()
            self._detach = None
        self._unsubscribe()
        self._queue.put(None)
        self._thread.join(timeout)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every segment received so far has been looked at."""
        done = threading.Event()
        self._queue.put(_Marker(done))  # type: ignore[arg-type]
        return done.wait(timeout)

    # -- taps thread ---------------------------------------------------------------------------------
    def on_frame(self, frame: TapFrame) -> None:
        if frame.last or not frame.pcm:
            return
        call = self._call(frame.call_id)
        side = call.sides[frame.channel]
        with self._lock:
            paced = self._pacing and frame.call_id not in self._ringing
            if not side.audio:
                side.audio_start, side.rate = frame.t, frame.rate
            side.audio += frame.pcm
            excess = len(side.audio) - int(_KEEP_S * frame.rate) * 2
            if excess >= int(_TRIM_S * frame.rate) * 2:
                del side.audio[:excess]
                side.audio_start += excess / 2 / frame.rate
        x = np.frombuffer(frame.pcm, dtype="<i2").astype(np.float32)
        voiced = bool(np.sqrt(np.mean(x * x)) > _VOICED_RMS)
        found = call.pacing.frame(frame.channel.value, frame.t, voiced) if paced else None
        if found is not None:
            self._bus.post(PacingAlert(frame.call_id, found.kind, found.value, found.audio_time))

    # -- bus ---------------------------------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        if isinstance(event, TranscriptSegment):
            self._queue.put(event)
        elif isinstance(event, (IncomingCall, OutgoingCall)):
            with self._lock:
                self._ringing.add(event.call_id)
        elif isinstance(event, CallStateChanged) and event.new is CallState.CONFIRMED:
            self._answered(event.call_id)
        elif isinstance(event, CallStateChanged) and event.new is CallState.DISCONNECTED:
            with self._lock:
                self._ringing.discard(event.call_id)
            self._queue.put(_Ended(event.call_id))  # type: ignore[arg-type]

    def _answered(self, call_id: CallId) -> None:
        """Pacing from now on, with a fresh monitor: the silence counts from the answer."""
        with self._lock:
            if call_id in self._ringing:
                self._ringing.discard(call_id)
                call = self._calls.get(call_id)
                if call is not None:
                    call.pacing = PacingMonitor()

    # -- assist thread ----------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            try:
                if isinstance(item, _Marker):
                    item.done.set()
                elif isinstance(item, _Ended):
                    with self._lock:
                        self._calls.pop(item.call_id, None)
                else:
                    self._segment(item)
            except Exception:  # noqa: BLE001 - one bad segment must not stop assist for the call
                log.exception("assist failed on a segment")

    def _segment(self, seg: TranscriptSegment) -> None:
        if not seg.text.strip():
            return
        if seg.simulated:  # the demo's scripted lines have no audio: a silent headset is not a silent call
            self._call(seg.call_id).pacing.heard(seg.channel.value)
        flagged = self._phrases(seg)
        if seg.final:
            self._emotion(seg, flagged)

    def _phrases(self, seg: TranscriptSegment) -> list[tuple[str, str]]:
        """Alert what is new; returns (category, words) of every match, for the emotion score."""
        loaded = self.packs.loaded
        if loaded is None:
            return []
        call = self._call(seg.call_id)
        flagged: list[tuple[str, str]] = []
        for m in loaded[1].find(seg.text, seg.channel.value):
            flagged.append((m.rule.category, m.text))
            key = (seg.channel, seg.segment, m.rule.id, m.ordinal)
            if key in call.alerted:
                continue
            call.alerted.add(key)
            self._bus.post(PhraseAlert(
                seg.call_id, seg.channel, f"{seg.call_id}/{seg.channel.value}/{seg.segment}/{m.rule.id}/{m.ordinal}",
                m.rule.id, m.rule.category, m.rule.severity, redact(m.text), seg.segment, (m.start, m.end),
                m.rule.suggestion, round(self._end_of(seg, m.end), 3), round(seg.delay + max(0.0, time.time() - seg.at), 3),
                not seg.final))
        return flagged

    def _end_of(self, seg: TranscriptSegment, char_end: int) -> float:
        """Call time of the matched words' end: from word timings when the final has them."""
        if not seg.words:
            return seg.end
        count = 0
        for w in seg.words:
            count += len(w.word)
            if count >= char_end - seg.text[:char_end].count(" "):
                return w.end
        return seg.end

    def _emotion(self, seg: TranscriptSegment, flagged: list[tuple[str, str]]) -> None:
        loaded = self.packs.loaded
        cues = loaded[0].cues if loaded else ()
        call = self._call(seg.call_id)
        side = call.sides[seg.channel]
        start = seg.words[0].start if seg.words else seg.start
        end = seg.words[-1].end if seg.words else seg.end
        rate = speech_rate(seg.text, start, end)
        prosody = self._prosody(side, start, end)
        arousal = side.tracker.arousal(prosody, rate, end - start)
        words = lexical(seg.text, cues, seg.channel.value, flagged, side.tracker.refusal_streak)
        side.tracker.refusal_streak = side.tracker.refusal_streak + 1 if words.refused else 0
        label, _, changed = side.tracker.add(words.score, arousal)
        if changed:
            self._bus.post(EmotionChanged(seg.call_id, seg.channel, label, round(side.tracker.average, 3), end))
        if seg.channel is AudioChannel.AGENT:
            found = call.pacing.utterance(rate, end - start, end)
            if found is not None:
                self._bus.post(PacingAlert(seg.call_id, found.kind, found.value, found.audio_time))

    def _prosody(self, side: _Side, start: float, end: float) -> Prosody | None:
        with self._lock:
            a = int((start - side.audio_start) * side.rate) * 2
            b = int((end - side.audio_start) * side.rate) * 2
            if a < 0 or b <= a or b > len(side.audio):
                return None
            pcm = bytes(side.audio[a:b])
        return features(pcm, side.rate)

    def _call(self, call_id: CallId) -> _Call:
        with self._lock:
            call = self._calls.get(call_id)
            if call is None:
                call = self._calls[call_id] = _Call()
            return call


@dataclass(frozen=True)
class _Marker:
    done: threading.Event


@dataclass(frozen=True)
class _Ended:
    call_id: CallId
