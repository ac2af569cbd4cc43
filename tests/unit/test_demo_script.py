"""The demo's scripted transcript: what it posts, for which calls, and that it stops with the call."""

from __future__ import annotations

import threading
import time

from softphone.bus import EventBus
from softphone.demo.script import DEMO_SCRIPT, ScriptedTranscript, ScriptLine
from softphone.events import CallStateChanged, IncomingCall, TranscriptSegment
from softphone.states import AccountId, AudioChannel, CallId, CallState

A, C = AudioChannel.AGENT, AudioChannel.CUSTOMER
SHORT = (ScriptLine(0.0, 1.0, C, "机器人的话", handoff_only=True), ScriptLine(1.0, 2.0, C, "客户说的话"),
         ScriptLine(2.0, 3.0, A, "坐席说的话"))


def run(call: CallId, handoff: bool, script: tuple[ScriptLine, ...] = SHORT, hang_up_after: float | None = None,
        pace: float = 0.05) -> list[TranscriptSegment]:
    bus = EventBus()
    seen: list[TranscriptSegment] = []
    done = threading.Event()
    bus.subscribe(lambda e: seen.append(e) if isinstance(e, TranscriptSegment) else None, TranscriptSegment)
    track = ScriptedTranscript(bus, script, pace=pace)
    if handoff:
        bus.post(IncomingCall(call, AccountId("acc"), "sip:bot@127.0.0.1", "bot", "x", (), None))
    bus.post(CallStateChanged(call, CallState.EARLY, CallState.CONFIRMED, 200, "OK"))
    total = max(line.end for line in script) * pace + 0.5
    if hang_up_after is not None:
        time.sleep(hang_up_after)
        bus.post(CallStateChanged(call, CallState.CONFIRMED, CallState.DISCONNECTED, 200, "BYE"))
    done.wait(total)
    track.close()
    bus.flush()
    return seen


def test_partials_grow_into_the_final_and_every_segment_is_marked_simulated() -> None:
    seen = run(CallId("1"), handoff=True)
    assert all(s.simulated for s in seen)
    customer0 = [s for s in seen if s.channel is C and s.segment == 0]
    assert [s.final for s in customer0][-1] and not any(s.final for s in customer0[:-1])
    texts = [s.text for s in customer0]
    assert all("机器人的话".startswith(t) for t in texts) and texts[-1] == "机器人的话"
    assert len(texts) >= 3, "partials as a recogniser sends them"
    finals = [(s.channel, s.segment, s.text) for s in seen if s.final]
    assert finals == [(C, 0, "机器人的话"), (C, 1, "客户说的话"), (A, 0, "坐席说的话")]


def test_the_bots_own_words_are_only_in_the_ai_hand_off() -> None:
    finals = [s.text for s in run(CallId("2"), handoff=False) if s.final]
    assert finals == ["客户说的话", "坐席说的话"]


def test_the_track_stops_when_the_call_ends() -> None:
    seen = run(CallId("3"), handoff=True, hang_up_after=0.08, pace=0.2)  # within the first line (0-200 ms at this pace)
    assert seen and all(s.segment == 0 and s.channel is C for s in seen)
    assert not any(s.final and s.text == "坐席说的话" for s in seen)


def test_the_demo_script_raises_what_the_demo_is_for() -> None:
    """One agent line breaks a rule on purpose; the customer turns negative, then calms down (timings in order)."""
    starts = [line.start for line in DEMO_SCRIPT]
    assert starts == sorted(starts) and all(line.end > line.start for line in DEMO_SCRIPT)
    assert any(line.channel is A and "联系你单位" in line.text for line in DEMO_SCRIPT)
    assert any(line.channel is C and "投诉" in line.text for line in DEMO_SCRIPT)
