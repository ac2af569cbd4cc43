"""The team lead's model, without a broker: the agent's state machine, the messages (masked, with ids), the
outbox that keeps them until acknowledged, and the board that drops duplicates and sorts flagged calls."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from softphone.events import (
    CallStateChanged, EmotionChanged, IncomingCall, PhraseAlert, RegistrationChanged, TranscriptSegment,
    WrapUpRequired, WrapUpStored,
)
from softphone.states import (
    AccountId, AudioChannel, CallId, CallState, EmotionLabel, RegState, Severity,
)
from softphone.team.agent_state import AgentState, AgentStateMachine, AgentStatus
from softphone.team.board import BoardChange, TeamBoard
from softphone.team.messages import TeamMessage, decode, from_event, from_status
from softphone.team.outbox import Outbox
from softphone.team.topics import TopicKind, agent_topic, parse_topic, team_filter

C1, C2 = CallId("c1"), CallId("c2")


def reg(new: RegState) -> RegistrationChanged:
    return RegistrationChanged(AccountId("default"), RegState.UNREGISTERED, new, 200, "OK")


def state(call: CallId, new: CallState) -> CallStateChanged:
    return CallStateChanged(call, CallState.CALLING, new, 200, "")


def test_the_agent_state_follows_registration_calls_wrapups_and_pause() -> None:
    seen: list[tuple[AgentState, AgentState]] = []
    m = AgentStateMachine(lambda old, new: seen.append((old.state, new.state)))
    m.on_event(reg(RegState.REGISTERED))
    m.on_event(state(C1, CallState.INCOMING))
    m.on_event(state(C1, CallState.CONFIRMED))
    m.on_event(state(C2, CallState.INCOMING))  # a second call rings during the first: still in the call
    m.on_event(state(C2, CallState.DISCONNECTED))
    m.set_paused(True)  # asked for in a call: takes effect after the call and its wrap-up
    m.on_event(WrapUpRequired(C1, "case-1", 100, 30, True))
    m.on_event(state(C1, CallState.DISCONNECTED))
    assert m.status.state is AgentState.WRAP_UP and m.status.call_id == "c1"
    m.on_event(WrapUpStored(C1, "case-1", "promise", 80))
    m.set_paused(False)
    m.on_event(reg(RegState.FAILED))
    assert [n for _o, n in seen] == [AgentState.IDLE, AgentState.RINGING, AgentState.IN_CALL, AgentState.WRAP_UP,
                                     AgentState.PAUSED, AgentState.IDLE, AgentState.OFFLINE]


def test_an_unanswered_call_goes_back_to_where_the_agent_was() -> None:
    m = AgentStateMachine(lambda old, new: None)
    m.set_online(True)
    m.set_paused(True)
    m.on_event(state(C1, CallState.CALLING))
    assert m.status.state is AgentState.RINGING
    m.on_event(state(C1, CallState.DISCONNECTED))
    assert m.status.state is AgentState.PAUSED


def test_topics_are_per_team_agent_and_kind_and_refuse_wildcards() -> None:
    topic = agent_topic("team-a", "1001", TopicKind.ALERT)
    assert topic == "agent-softphone/team-a/agents/1001/alert" and parse_topic(topic) == ("team-a", "1001",
                                                                                         TopicKind.ALERT)
    assert team_filter("team-a") == "agent-softphone/team-a/agents/+/+"
    for bad in ("a/b", "#", "+", ""):
        with pytest.raises(ValueError):
            agent_topic(bad, "1001", TopicKind.STATE)
    assert parse_topic("agent-softphone/team-a/agents/1001/secrets") is None


def test_messages_come_from_masked_events_and_round_trip_with_their_id() -> None:
    incoming = IncomingCall(C1, AccountId("default"), "sip:138****5678@pbx", "张*", "x", (), None)
    alert = PhraseAlert(C1, AudioChannel.AGENT, "c1/agent/3/threat/0", "threat", "threat", Severity.HIGH,
                        "上门", 3, (0, 2), "请改为：我们会继续联系您", 4.2, 0.4, False)
    line = TranscriptSegment(C1, AudioChannel.CUSTOMER, 2, True, "我没钱", 1.0, 2.0, (), 0.9, 0.3)
    msgs = [from_event("1001", e) for e in (incoming, alert, line)]
    assert [m.kind for m in msgs if m] == [TopicKind.CALL, TopicKind.ALERT, TopicKind.TRANSCRIPT]
    assert msgs[0] is not None and msgs[0].body["party"] == "sip:138****5678@pbx"
    assert from_event("1001", TranscriptSegment(C1, AudioChannel.AGENT, 3, False, "partial", 0, 1, (), 0.5, 0.1)) is None
    for m in msgs:
        assert m is not None
        back = decode(m.kind, "1001", m.encode())
        assert back is not None and (back.id, back.body) == (m.id, m.body)
    assert decode(TopicKind.ALERT, "1002", msgs[1].encode()) is None, "an agent speaks only on its own topic"  # type: ignore[union-attr]
    assert decode(TopicKind.ALERT, "1001", b"\xff not json") is None
    assert decode(TopicKind.ALERT, "1001", json.dumps({"agent": "1001"}).encode()) is None, "no id"


def test_the_outbox_keeps_messages_until_acknowledged_and_only_the_newest_state(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "outbox.db")
    a = box.put("t/state", b"idle", retain=True)
    b = box.put("t/alert", b"alert-1")
    box.put("t/state", b"in_call", retain=True)
    assert [(p.topic, p.payload) for p in box.pending()] == [("t/alert", b"alert-1"), ("t/state", b"in_call")]
    assert a not in [p.row for p in box.pending()]
    box.done(b)
    box.close()
    again = Outbox(tmp_path / "outbox.db")  # after a restart
    assert [p.payload for p in again.pending()] == [b"in_call"]
    again.close()


def message(kind: TopicKind, agent: str, at: float, **body: object) -> TeamMessage:
    return TeamMessage(kind, agent, dict(body), at=at)


def test_the_board_drops_duplicates_and_puts_the_most_serious_call_first() -> None:
    board = TeamBoard()
    started = message(TopicKind.CALL, "1001", 1.0, call_id="c1", event="started", direction="outbound",
                      party="138****5678")
    assert board.apply(started) is BoardChange.CALLS and board.apply(started) is BoardChange.NONE
    assert board.duplicates == 1
    board.apply(message(TopicKind.CALL, "1002", 2.0, call_id="c2", event="started"))
    board.apply(message(TopicKind.ALERT, "1001", 3.0, call_id="c1", alert_id="a1", severity="medium"))
    board.apply(message(TopicKind.ALERT, "1002", 4.0, call_id="c2", alert_id="a2", severity="critical"))
    board.apply(message(TopicKind.ALERT, "1001", 5.0, call_id="c1", alert_id="a3", severity="low"))
    assert [c.call_id for c in board.flagged_calls()] == ["c2", "c1"]
    board.apply(message(TopicKind.EMOTION, "1001", 5.5, call_id="c1", channel="customer", label="negative"))
    assert board.call("c1").customer_emotion == "negative"  # type: ignore[union-attr]
    board.apply(message(TopicKind.CALL, "1002", 6.0, call_id="c2", event="ended"))
    assert [c.call_id for c in board.flagged_calls()] == ["c1"], "an ended call leaves the live list"
    board.apply(message(TopicKind.TRANSCRIPT, "1001", 6.5, call_id="c1", channel="customer", segment=0,
                        text="我没钱", start=1.0))
    assert [line.text for line in board.transcript("c1")] == ["我没钱"]


def test_the_board_keeps_the_newest_state_even_when_an_older_one_comes_late() -> None:
    board = TeamBoard()
    newer = from_status("1001", AgentStatus(AgentState.IN_CALL, 20.0, "c1"))
    older = from_status("1001", AgentStatus(AgentState.IDLE, 10.0))
    assert board.apply(newer) is BoardChange.AGENTS
    board.apply(older)
    [agent] = board.agents()
    assert (agent.state, agent.call_id) == (AgentState.IN_CALL, "c1")
    assert EmotionLabel.NEGATIVE.value == "negative"


def test_a_lead_who_comes_in_mid_call_learns_the_party_from_the_retained_state() -> None:
    board = TeamBoard()
    change = board.apply(from_status("1001", AgentStatus(AgentState.IN_CALL, 20.0, "c1"), "inbound",
                                     "sip:138****5678@pbx"))
    assert change == BoardChange.AGENTS | BoardChange.CALLS
    call = board.call("c1")
    assert call is not None and (call.party, call.direction, call.agent) == ("sip:138****5678@pbx", "inbound", "1001")


def test_transfers_and_wrap_ups_reach_the_board_and_its_facts() -> None:
    from softphone.events import TransferProgress

    board = TeamBoard()
    for event in (IncomingCall(C1, AccountId("default"), "sip:138****5678@pbx", "", "x", (), None),
                  state(C1, CallState.CONFIRMED), TransferProgress(C1, 100, "Trying", False),
                  TransferProgress(C1, 200, "OK", True), state(C1, CallState.DISCONNECTED),
                  WrapUpStored(C1, "case-1", "promise_to_pay", 80, 50_000)):
        msg = from_event("1001", event)
        if msg is not None:
            board.apply(msg)
    call = board.call("c1")
    assert call is not None and (call.transferred, call.disposition, call.promise_fen) == (True, "promise_to_pay",
                                                                                          50_000)
    facts = call.facts()
    assert facts.transferred and facts.promise_fen == 50_000 and facts.answered is not None and facts.ended
    assert board.ended_calls() == [call]


def test_what_waits_for_the_lead_on_disk_holds_no_raw_number_id_or_card(tmp_path: Path) -> None:
    """The publisher follows the session's masked feed: raw events in, and the outbox (a plain file, kept while
    the broker is unreachable: here a closed port) is grepped for the raw values."""
    import time as clock

    from softphone.bus import EventBus
    from softphone.compliance.masking import MaskedFeed
    from softphone.team.link import BrokerAddress
    from softphone.team.publisher import PublisherIdentity, TeamPublisher
    from tests.rig.kamailio import free_port

    bus = EventBus()
    box = tmp_path / "team-outbox.db"
    publisher = TeamPublisher(BrokerAddress("127.0.0.1", free_port(), tls=False),
                              PublisherIdentity("team-a", "1001", "agent-1001", "pw"), Outbox(box), bus.post)
    MaskedFeed(bus).subscribe(publisher.on_event)
    publisher.start()
    bus.post(IncomingCall(C1, AccountId("default"), "sip:13812345678@pbx", "张三丰", "x",
                          (("X-Customer-Id", "110101199001011234"),), None))
    bus.post(TranscriptSegment(C1, AudioChannel.CUSTOMER, 0, True, "我的卡号是6222000000000001234 电话13812345678",
                               0.0, 2.0, (), 0.9, 0.2))
    bus.flush()
    deadline = clock.monotonic() + 5
    while Outbox(box).count() < 2 and clock.monotonic() < deadline:
        clock.sleep(0.05)
    publisher.close()
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("team-outbox"))
    assert "138****5678".encode() in blob, "the masked party is there"
    for raw in ("13812345678", "110101199001011234", "6222000000000001234", "张三丰"):
        assert raw.encode() not in blob, raw


def test_a_recording_that_stopped_is_a_high_alert_for_the_lead() -> None:
    from softphone.events import RecordingStateChanged
    from softphone.states import RecordingState

    board = TeamBoard()
    for event in (IncomingCall(C1, AccountId("default"), "sip:138****5678@pbx", "", "x", (), None),
                  RecordingStateChanged(C1, RecordingState.FAILED, user_message="The disk is full", problem="disk_full")):
        msg = from_event("1001", event)
        assert msg is not None
        board.apply(msg)
    [flagged] = board.flagged_calls()
    [alert] = flagged.alerts
    assert (alert.source, alert.severity, alert.category) == ("recording", "high", "disk_full")
