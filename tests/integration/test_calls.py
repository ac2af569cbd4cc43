"""Calls through a real Kamailio between our engine and pjsua2 peers in their own processes."""

from __future__ import annotations

import time

import pytest

from softphone.events import (
    CallStateChanged, DtmfReceived, IncomingCall, MediaStateChanged, OutgoingCall, TransferProgress,
)
from softphone.states import CallState, MediaState
from tests.conftest import MakeEngine, MakePeer
from tests.rig.kamailio import Kamailio
from tests.rig.signals import MicFeeder, TapCollector, dominant_hz, tone_share

pytestmark = pytest.mark.timeout(90)


def _confirmed(rec, call_id: str, timeout: float = 10) -> None:  # type: ignore[no-untyped-def]
    rec.wait(CallStateChanged, timeout=timeout, call_id=call_id, new=CallState.CONFIRMED)


def test_outbound_call_carries_headers_and_audio_both_ways(kam: Kamailio, make_engine: MakeEngine,
                                                           make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam)
    taps = TapCollector()
    engine.subscribe_taps(taps)
    peer = make_peer(kam, "2001", tone=1000)
    headers = {"X-Customer-Id": "C42", "X-Handoff-Reason": "客户要求人工"}
    call_id = engine.dial("2001", headers).result(5)
    incoming = peer.wait_event("incoming_call")
    assert incoming["headers"]["X-Customer-Id"] == "C42"
    assert incoming["headers"]["X-Handoff-Reason"] == "客户要求人工"
    peer.cmd("answer", call=incoming["call"])
    _confirmed(rec, call_id)
    with MicFeeder(engine._core.rings.mic, 440):  # the sound card's place; see MicFeeder
        time.sleep(2.0)
        far = peer.cmd("recv_stats", call=incoming["call"], seconds=1.0, freq=440)
    assert abs(far["dominant_hz"] - 440) < 15 and far["tone_ratio"] > 0.8, far
    near = taps.pcm(call_id, "customer", last_seconds=1.0)
    assert abs(dominant_hz(near) - 1000) < 15 and tone_share(near, 1000) > 0.8
    engine.hangup(call_id).result(5)
    peer.wait_event("call_state", call=incoming["call"], state="DISCONNECTED")
    ended = rec.wait(CallStateChanged, call_id=call_id, new=CallState.DISCONNECTED)
    assert ended.old is CallState.CONFIRMED


def test_inbound_handoff_headers_arrive_intact_and_call_info_auto_answers(
        kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam)
    bot = make_peer(kam, "2001", tone=700)
    bot_call = bot.cmd("call", uri=kam.uri("1001"), headers={
        "X-Customer-Id": "C-7781", "X-Handoff-Reason": "complaint", "X-Customer-Emotion": "angry",
        "Call-Info": "<sip:bot@127.0.0.1>;answer-after=0"})["call"]
    inc = rec.wait(IncomingCall)
    got = dict(inc.headers)
    assert got["X-Customer-Id"] == "C-7781" and got["X-Customer-Emotion"] == "angry"
    assert inc.auto_answer_after == 0
    assert "2001" in inc.remote_uri
    _confirmed(rec, inc.call_id)  # answered by the engine itself
    bot.wait_event("call_state", call=bot_call, state="CONFIRMED")
    bot.cmd("hangup", call=bot_call)
    end = rec.wait(CallStateChanged, call_id=inc.call_id, new=CallState.DISCONNECTED)
    assert end.old is CallState.CONFIRMED


@pytest.mark.parametrize("code", [486, 603])
def test_reject_sends_the_chosen_code(kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer, code: int) -> None:
    engine, rec = make_engine(kam)
    peer = make_peer(kam, "2001")
    pc = peer.cmd("call", uri=kam.uri("1001"))["call"]
    inc = rec.wait(IncomingCall)
    rec.wait(CallStateChanged, call_id=inc.call_id, new=CallState.EARLY)  # ringing
    engine.reject(inc.call_id, code).result(5)
    ev = peer.wait_event("call_state", call=pc, state="DISCONNECTED")
    assert ev["code"] == code


def test_remote_cancel_of_a_ringing_call_ends_it(kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam)
    peer = make_peer(kam, "2001")
    pc = peer.cmd("call", uri=kam.uri("1001"))["call"]
    inc = rec.wait(IncomingCall)
    rec.wait(CallStateChanged, call_id=inc.call_id, new=CallState.EARLY)
    peer.cmd("hangup", call=pc)
    rec.wait(CallStateChanged, call_id=inc.call_id, new=CallState.DISCONNECTED)
    assert engine.calls().result(5) == []


def _connect(engine, rec, peer, kam, target: str = "2001", **headers: str):  # type: ignore[no-untyped-def]
    call_id = engine.dial(target, headers).result(5)
    inc = peer.wait_event("incoming_call")
    peer.cmd("answer", call=inc["call"])
    _confirmed(rec, call_id)
    peer.wait_event("call_state", call=inc["call"], state="CONFIRMED")
    return call_id, inc["call"]


def test_hold_and_unhold_reach_the_far_side(kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam)
    peer = make_peer(kam, "2001")
    call_id, pc = _connect(engine, rec, peer, kam)
    engine.hold(call_id).result(5)
    peer.wait_event("media_state", call=pc, status="remote_hold")
    rec.wait(MediaStateChanged, call_id=call_id, state=MediaState.LOCAL_HOLD)
    mark = rec.mark()  # before the unhold: our ACTIVE may arrive before the peer reports its own
    engine.unhold(call_id).result(5)
    peer.wait_event("media_state", call=pc, status="active")
    rec.wait(MediaStateChanged, after=mark, call_id=call_id, state=MediaState.ACTIVE)


def test_mute_sends_silence_and_unmute_restores(kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam)
    peer = make_peer(kam, "2001")
    call_id, pc = _connect(engine, rec, peer, kam)
    with MicFeeder(engine._core.rings.mic, 440):
        time.sleep(1.2)
        assert peer.cmd("recv_stats", call=pc, seconds=1.0, freq=440)["rms"] > 0.05
        engine.mute(call_id, True).result(5)
        time.sleep(1.2)
        assert peer.cmd("recv_stats", call=pc, seconds=1.0, freq=440)["rms"] < 0.005
        engine.mute(call_id, False).result(5)
        time.sleep(1.2)
        assert peer.cmd("recv_stats", call=pc, seconds=1.0, freq=440)["rms"] > 0.05


def test_dtmf_both_directions(kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam)
    peer = make_peer(kam, "2001")
    call_id, pc = _connect(engine, rec, peer, kam)
    assert engine.dtmf(call_id, "12#").result(5) == "rfc2833"
    got = [peer.wait_event("dtmf", call=pc)["digit"] for _ in range(3)]
    assert got == ["1", "2", "#"]
    peer.cmd("dtmf", call=pc, digits="9")
    peer.cmd("dtmf", call=pc, digits="*", method="info")
    d1 = rec.wait(DtmfReceived, call_id=call_id, digit="9")
    d2 = rec.wait(DtmfReceived, call_id=call_id, digit="*")
    assert (d1.method, d2.method) == ("rfc2833", "info")


def test_dtmf_rejects_non_keypad_characters(kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer) -> None:
    from softphone.errors import EngineStateError

    engine, rec = make_engine(kam)
    peer = make_peer(kam, "2001")
    call_id, _ = _connect(engine, rec, peer, kam)
    with pytest.raises(EngineStateError) as info:
        engine.dtmf(call_id, "12x").result(5)
    assert "0-9" in info.value.user_message


def test_blind_transfer_moves_the_customer_to_the_target(kam: Kamailio, make_engine: MakeEngine,
                                                         make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam)
    customer = make_peer(kam, "2001")
    colleague = make_peer(kam, "2002", auto_answer=True)
    call_id, cc = _connect(engine, rec, customer, kam)
    engine.transfer(call_id, "2002").result(5)
    customer.wait_event("transfer_request")
    colleague.wait_event("incoming_call", timeout=10)
    final = rec.wait(TransferProgress, call_id=call_id, final=True, timeout=10)
    assert 200 <= final.code < 300
    rec.wait(CallStateChanged, call_id=call_id, new=CallState.DISCONNECTED)
    # the customer now talks to the colleague
    customer.wait_event("call_state", state="CONFIRMED", timeout=10)


def test_attended_transfer_connects_the_two_parties(kam: Kamailio, make_engine: MakeEngine,
                                                    make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam)
    customer = make_peer(kam, "2001", tone=600)
    colleague = make_peer(kam, "2002", tone=900)
    c1, pc1 = _connect(engine, rec, customer, kam, "2001")
    engine.hold(c1).result(5)
    c2, pc2 = _connect(engine, rec, colleague, kam, "2002")
    engine.attended_transfer(c1, c2).result(5)
    rec.wait(CallStateChanged, call_id=c1, new=CallState.DISCONNECTED, timeout=10)
    rec.wait(CallStateChanged, call_id=c2, new=CallState.DISCONNECTED, timeout=10)
    # the customer's new call replaced the colleague's call with us: they hear each other
    new_call = customer.wait_event("call_state", state="CONFIRMED", timeout=10)["call"]
    time.sleep(1.5)
    heard = customer.cmd("recv_stats", call=new_call, seconds=1.0, freq=900)
    assert abs(heard["dominant_hz"] - 900) < 15, heard


def test_two_calls_one_held_one_active(kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam)
    first = make_peer(kam, "2001")
    second = make_peer(kam, "2002")
    c1, p1 = _connect(engine, rec, first, kam, "2001")
    engine.hold(c1).result(5)
    rec.wait(MediaStateChanged, call_id=c1, state=MediaState.LOCAL_HOLD)
    pc = second.cmd("call", uri=kam.uri("1001"))["call"]
    inc = rec.wait(IncomingCall)
    engine.answer(inc.call_id).result(5)
    _confirmed(rec, inc.call_id)
    second.wait_event("call_state", call=pc, state="CONFIRMED")
    calls = {c.call_id: c for c in engine.calls().result(5)}
    assert calls[c1].media_state is MediaState.LOCAL_HOLD
    assert calls[inc.call_id].media_state is MediaState.ACTIVE
    with MicFeeder(engine._core.rings.mic, 440):
        time.sleep(1.5)
        to_second = second.cmd("recv_stats", call=pc, seconds=1.0, freq=440)
        to_first = first.cmd("recv_stats", call=p1, seconds=1.0, freq=440)
    assert to_second["rms"] > 0.05 and abs(to_second["dominant_hz"] - 440) < 15
    assert to_first["rms"] < 0.005, "the held customer must not hear the agent"


def test_bad_target_and_malformed_header_are_refused_clearly(kam: Kamailio, make_engine: MakeEngine) -> None:
    from softphone.errors import SipError

    engine, rec = make_engine(kam)
    with pytest.raises(SipError) as bad_header:
        engine.dial("2001", {"X-Note": "line\r\nInjected: yes"}).result(5)
    assert "line break" in bad_header.value.user_message
    with pytest.raises(SipError) as bad_name:
        engine.dial("2001", {"X Bad": "v"}).result(5)
    assert "not valid" in bad_name.value.user_message
    with pytest.raises(SipError) as bad_target:
        engine.dial("sip:@@", {}).result(5)
    assert "not a valid" in bad_target.value.user_message
    assert engine.calls().result(5) == [] and not rec.of(OutgoingCall)


def test_dtmf_over_sip_info_when_configured(kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam, sip=dict(dtmf_method="info"))
    peer = make_peer(kam, "2001")
    call_id, pc = _connect(engine, rec, peer, kam)
    assert engine.dtmf(call_id, "7").result(5) == "info"
    got = peer.wait_event("dtmf", call=pc)
    assert (got["digit"], got["method"]) == ("7", "info")


def test_auth_user_distinct_from_user(make_engine: MakeEngine, make_peer: MakePeer) -> None:
    with Kamailio(users={"agent7": "pw-agent", "2001": "pw2001"}, auth_user_must_match=False) as k:
        engine, rec = make_engine(k, user="1001", password="pw-agent", account=dict(auth_user="agent7"))
        from softphone.events import RegistrationChanged
        from softphone.states import RegState
        assert rec.wait(RegistrationChanged, where=lambda e: e.new is not RegState.REGISTERING).new is RegState.REGISTERED
        assert "sip:1001@" in k.rpc("ul.dump"), "registered as the extension, authenticated as agent7"
        peer = make_peer(k, "2001")
        peer.cmd("call", uri=k.uri("1001"))
        rec.wait(IncomingCall)
