"""Agent pacing from voice activity and final utterances (the assist service feeds it)."""

from __future__ import annotations

from softphone.assist.pacing import FAST, SILENCE_S, SLOW, PacingMonitor


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
