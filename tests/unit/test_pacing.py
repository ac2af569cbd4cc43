"""Agent pacing from voice activity and final utterances (the assist service feeds it)."""

from __future__ import annotations

from pathlib import Path

from softphone.assist.pacing import FAST, SILENCE_S, SLOW, PacingMonitor
from softphone.assist.packs import PackHolder
from softphone.assist.service import AssistService
from softphone.audio.taps import TapFrame
from softphone.bus import EventBus
from softphone.events import CallStateChanged, OutgoingCall, PacingAlert
from softphone.states import AccountId, AudioChannel, CallId, CallState
from tests.rig.recorder import EventRecorder
from tests.unit.test_assist_rules import make_pack


def frames(m: PacingMonitor, start: float, seconds: float, agent: bool, customer: bool) -> list[tuple[str, float]]:
    found = []
    for i in range(int(seconds / 0.02)):
        t = start + i * 0.02
        for channel, voiced in (("customer", customer), ("agent", agent)):
            p = m.frame(channel, t, voiced)
            if p is not None:
                found.append((p.kind, p.audio_time))
    return found


def test_long_silence_is_told_once_per_silence() -> None:
    m = PacingMonitor()
    assert frames(m, 0.0, 2.0, agent=True, customer=False) == []
    quiet = frames(m, 2.0, SILENCE_S + 3, agent=False, customer=False)
    assert [k for k, _ in quiet] == ["long_silence"] and 2.0 + SILENCE_S - 0.1 <= quiet[0][1] <= 2.0 + SILENCE_S + 0.1
    assert frames(m, 13.0, 1.0, agent=False, customer=True) == []  # speech ends the silence
    assert [k for k, _ in frames(m, 14.0, SILENCE_S + 1, agent=False, customer=False)] == ["long_silence"]


def test_talking_over_the_customer_needs_a_sustained_overlap() -> None:
    m = PacingMonitor()
    assert frames(m, 0.0, 1.0, agent=True, customer=True) == []  # a short overlap (a back-channel "嗯")
    assert frames(m, 1.0, 0.5, agent=True, customer=False) == []
    over = frames(m, 1.5, 2.0, agent=True, customer=True)
    assert [k for k, _ in over] == ["talk_over"]
    assert frames(m, 3.5, 2.0, agent=True, customer=True) == []  # not again at once


def test_speech_rate_needs_two_utterances_in_a_row() -> None:
    m = PacingMonitor()
    assert m.utterance(FAST + 1, 2.0, 3.0) is None
    told = m.utterance(FAST + 2, 2.0, 6.0)
    assert told is not None and told.kind == "too_fast" and told.value == round(FAST + 2, 1)
    assert m.utterance(FAST + 2, 2.0, 9.0) is None  # the same episode
    assert m.utterance(4.5, 2.0, 12.0) is None
    assert m.utterance(SLOW - 0.5, 2.0, 15.0) is None
    slow = m.utterance(SLOW - 0.5, 2.0, 18.0)
    assert slow is not None and slow.kind == "too_slow"
    assert m.utterance(FAST + 3, 0.5, 20.0) is None  # too short to judge


def test_the_monitor_counts_silence_from_its_first_frame_not_from_the_call_start() -> None:
    m = PacingMonitor()  # started at the answer, 12 s into the call (it rang)
    assert frames(m, 12.0, SILENCE_S - 1, agent=False, customer=False) == []
    assert [k for k, _ in frames(m, 12.0 + SILENCE_S - 1, 2.0, agent=False, customer=False)] == ["long_silence"]


def test_no_pacing_while_the_call_rings_then_from_the_answer(tmp_path: Path) -> None:
    """The agent's tap runs from the first ring (audio/bridge.py): 10 s of ringing was a "long silence"."""
    bus = EventBus()
    rec = EventRecorder(bus)
    holder = PackHolder("zh", bus.post, make_pack(tmp_path))
    assert holder.reload()
    svc = AssistService(bus, holder)
    call = CallId("c1")
    try:
        bus.post(OutgoingCall(call, AccountId("acc"), "sip:2001@pbx", ()))
        bus.post(CallStateChanged(call, CallState.CALLING, CallState.EARLY, 180, "Ringing"))
        bus.flush()
        feed(svc, call, 0.0, 10.0)  # ringing, the agent quiet
        settle(bus, svc)
        assert rec.of(PacingAlert) == [], "a pacing hint while the call rings"
        bus.post(CallStateChanged(call, CallState.EARLY, CallState.CONFIRMED, 200, "OK"))
        bus.flush()
        feed(svc, call, 10.0, SILENCE_S - 1)  # answered: quiet, but not long yet
        settle(bus, svc)
        assert rec.of(PacingAlert) == [], "the ringing time counted as silence"
        feed(svc, call, 10.0 + SILENCE_S - 1, 2.0)
        settle(bus, svc)
        told = rec.of(PacingAlert)
        assert [p.kind for p in told] == ["long_silence"] and told[0].audio_time >= 10.0 + SILENCE_S - 0.1
    finally:
        svc.close()
        bus.close()


def feed(svc: AssistService, call: CallId, start: float, seconds: float) -> None:
    for i in range(int(seconds / 0.02)):
        for channel in AudioChannel:
            svc.on_frame(TapFrame(call, channel, start + i * 0.02, bytes(640), 16000))


def settle(bus: EventBus, svc: AssistService) -> None:
    bus.flush()
    assert svc.flush()
    bus.flush()


def test_speech_heard_from_the_demos_script_is_no_silence() -> None:
    """The demo's scripted lines have no audio: each one heard keeps the silent headset from reading as silence."""
    m = PacingMonitor()
    found: list[tuple[str, float]] = []
    for second in range(int(3 * SILENCE_S)):
        found += frames(m, float(second), 1.0, agent=False, customer=False)
        if second % 4 == 0:
            m.heard("agent")
    assert found == []
    assert [k for k, _ in frames(m, 3 * SILENCE_S, SILENCE_S + 1, agent=False, customer=False)] == ["long_silence"]
