"""The per-call taps: agent and customer channels for transcription and recording."""

from __future__ import annotations

import time

import pytest

from softphone.events import CallStateChanged
from softphone.states import CallState
from tests.conftest import MakeEngine, MakePeer
from tests.rig.kamailio import Kamailio
from tests.rig.signals import MicFeeder, TapCollector, dominant_hz, tone_share

pytestmark = pytest.mark.timeout(60)


def test_taps_deliver_each_side_at_real_time_rate_and_stop_at_hangup(
        kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam)
    taps = TapCollector()
    engine.subscribe_taps(taps)
    peer = make_peer(kam, "2001", tone=1000, auto_answer=True)
    with MicFeeder(engine._core.rings.mic, 440):
        call_id = engine.dial("2001").result(5)
        rec.wait(CallStateChanged, call_id=call_id, new=CallState.CONFIRMED)
        n0 = {ch: taps.count(call_id, ch) for ch in ("agent", "customer")}
        time.sleep(3.0)
        n1 = {ch: taps.count(call_id, ch) for ch in ("agent", "customer")}
        engine.hangup(call_id).result(5)
    rec.wait(CallStateChanged, call_id=call_id, new=CallState.DISCONNECTED)
    for ch in ("agent", "customer"):
        rate = (n1[ch] - n0[ch]) / 3.0
        assert 45 <= rate <= 55, f"{ch}: {rate:.1f} frames/s, want 50 (20 ms frames)"
    # each channel carries its own side only
    agent = taps.pcm(call_id, "agent", last_seconds=1.0)
    customer = taps.pcm(call_id, "customer", last_seconds=1.0)
    assert abs(dominant_hz(agent) - 440) < 15 and tone_share(agent, 1000) < 0.01
    assert abs(dominant_hz(customer) - 1000) < 15 and tone_share(customer, 440) < 0.01
    # timestamps: relative to the call's start, one frame apart, increasing
    stamps = [t for t, _, last in taps.frames[(call_id, "agent")] if not last]
    steps = {round(b - a, 3) for a, b in zip(stamps, stamps[1:])}
    assert steps == {0.02}, steps
    assert 0 <= stamps[0] < 2.0
    # the stream ends with a last marker and nothing after it
    time.sleep(0.5)
    for ch in ("agent", "customer"):
        assert taps.ended(call_id, ch)
        assert taps.frames[(call_id, ch)][-1][2] is True
