"""The demo call's scripted transcript: the assist shown end to end without a Chinese speech model.

No Mandarin model can ship with the app (docs/models.md), and the demo's
simulated customer speaks Mandarin, so without one the demo would show no
transcript and none of the assist. ``ScriptedTranscript`` stands in for the
recogniser only: once a demo call is answered it posts the script below as
``TranscriptSegment`` events on the engine's bus, partials growing as speech
would and then the final, each marked ``simulated``. Everything after that is
the product itself: the assist service's phrase matcher, emotion and pacing
raise real alerts, which the window shows with its banner and highlights,
the history stores, and the team lead's feed carries. The transcript pane says
the lines are simulated. With a Chinese model installed the demo transcribes
the call's audio instead and this is not used (``ui/demo.py``).

The story: the customer asks for a few days, gets upset about the calls and
mentions a complaint; the agent answers with a threat to call the customer's
workplace (a rule broken on purpose, so an alert shows), then apologises and
offers an extension, and the customer calms down.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..bus import EventBus
from ..events import CallStateChanged, Event, IncomingCall, TranscriptSegment
from ..states import AudioChannel, CallId, CallState

__all__ = ["ScriptLine", "DEMO_SCRIPT", "ScriptedTranscript", "PARTIAL_EVERY_S"]

A, C = AudioChannel.AGENT, AudioChannel.CUSTOMER
PARTIAL_EVERY_S = 0.3  # how often a line being "spoken" grows, as a recogniser's partials do
_LAG_S = 0.25  # a recogniser's delay behind the speech, shown as the segment's ``delay``


@dataclass(frozen=True)
class ScriptLine:
    start: float  # seconds after the call is answered
    end: float
    channel: AudioChannel
    text: str
    handoff_only: bool = False  # the bot's own words before the customer: only on the AI hand-off


DEMO_SCRIPT: tuple[ScriptLine, ...] = (
    ScriptLine(0.5, 5.5, C, "您好，我是智能客服。客户张先生希望协商还款计划，现在为您转接人工坐席。", handoff_only=True),
    ScriptLine(6.5, 10.5, C, "你好，我这个月工资晚发了，能不能把还款日往后推几天？"),
    ScriptLine(11.0, 13.5, C, "我不是不还，就是现在手头确实紧。"),
    ScriptLine(14.5, 18.0, A, "张先生您好，我是贷款服务专员，您的情况我了解了。"),
    ScriptLine(19.0, 22.5, C, "你们天天打电话骚扰我，我真的受够了，太过分了！"),
    ScriptLine(23.0, 25.0, C, "再这样我就去投诉你们！"),
    ScriptLine(26.0, 29.5, A, "你再不还钱，我们就联系你单位和家里人。"),
    ScriptLine(30.5, 34.5, A, "抱歉，刚才的说法不对。我们可以帮您申请延期还款。"),
    ScriptLine(35.5, 38.0, C, "好的，谢谢，那就麻烦你了。"),
)


class ScriptedTranscript:
    """Plays ``script`` as the transcript of every call answered on ``bus`` (one thread per call).

    ``pace`` scales the script's times (tests run it faster). ``close`` stops every call's track.
    """

    def __init__(self, bus: EventBus, script: tuple[ScriptLine, ...] = DEMO_SCRIPT, pace: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._bus, self._script, self._pace, self._clock = bus, script, pace, clock
        self._handoffs: set[CallId] = set()
        self._stops: dict[CallId, threading.Event] = {}
        self._lock = threading.Lock()
        self._unsubscribe = bus.subscribe(self._on_event, IncomingCall, CallStateChanged)

    def close(self) -> None:
        self._unsubscribe()
        with self._lock:
            stops, self._stops = list(self._stops.values()), {}
        for stop in stops:
            stop.set()

    def _on_event(self, event: Event) -> None:
        if isinstance(event, IncomingCall):
            with self._lock:
                self._handoffs.add(event.call_id)
        elif isinstance(event, CallStateChanged):
            if event.new is CallState.CONFIRMED:
                self._start(event.call_id)
            elif event.new is CallState.DISCONNECTED:
                with self._lock:
                    stop = self._stops.pop(event.call_id, None)
                    self._handoffs.discard(event.call_id)
                if stop is not None:
                    stop.set()

    def _start(self, call_id: CallId) -> None:
        with self._lock:
            if call_id in self._stops:
                return
            stop = self._stops[call_id] = threading.Event()
            handoff = call_id in self._handoffs
        lines = [line for line in self._script if handoff or not line.handoff_only]
        threading.Thread(target=self._play, args=(call_id, lines, stop), name="demo-transcript", daemon=True).start()

    def _play(self, call_id: CallId, lines: list[ScriptLine], stop: threading.Event) -> None:
        answered = self._clock()
        segments = {A: 0, C: 0}
        for line in lines:
            segment = segments[line.channel]
            segments[line.channel] += 1
            for shown, final in _growth(line.text, line.end - line.start):
                at = answered + (line.start + shown[1]) * self._pace
                if stop.wait(max(0.0, at - self._clock())):
                    return
                self._post(call_id, line, segment, shown[0], final)

    def _post(self, call_id: CallId, line: ScriptLine, segment: int, text: str, final: bool) -> None:
        start, end = line.start * self._pace, line.end * self._pace
        self._bus.post(TranscriptSegment(call_id, line.channel, segment, final, text, start, end, (),
                                         1.0 if final else 0.0, _LAG_S, simulated=True))


def _growth(text: str, duration: float) -> list[tuple[tuple[str, float], bool]]:
    """The partials of ``text`` spoken over ``duration`` seconds, then the final: ((text, offset), final)."""
    steps = max(1, int(duration / PARTIAL_EVERY_S))
    shown = [((text[: max(1, round(len(text) * (i + 1) / steps))], duration * (i + 1) / steps), False)
             for i in range(steps - 1)]
    return [*shown, ((text, duration), True)]
