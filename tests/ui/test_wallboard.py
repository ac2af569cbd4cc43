"""The lead's wallboard offscreen: fed by a real broker and real publishers (the lead's demo: Mosquitto on
127.0.0.1 and simulated agents that publish through the product's TeamPublisher), it shows every agent, the
calls with alerts most serious first, and the selected call's transcript; in Chinese too."""

from __future__ import annotations

import time

import pytest

from softphone.session import BoardChange, LeadSession
from softphone.states import AgentState
from softphone.team.link import BrokerAddress
from softphone.team.messages import TeamMessage
from softphone.team.topics import TopicKind
from tests.rig.mosquitto import mosquitto_available
from tests.ui.conftest import kept_bridge

pytestmark = pytest.mark.timeout(90)


def test_the_wallboard_orders_flagged_calls_and_follows_the_selected_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.lead.wallboard import Wallboard

    # not started: no broker; the messages are handed to its board as the follower would
    lead = LeadSession(BrokerAddress("127.0.0.1", 8883), "team-a", "lead-team-a", "unused")
    board = Wallboard(kept_bridge(), lead, clock=lambda: 100.0)
    qtbot.addWidget(board)
    feed = [TeamMessage(TopicKind.STATE, "1001", {"state": "in_call", "since": 40.0, "call_id": "c1"}),
            TeamMessage(TopicKind.STATE, "1002", {"state": "in_call", "since": 90.0, "call_id": "c2"}),
            TeamMessage(TopicKind.CALL, "1001", {"call_id": "c1", "event": "started", "party": "sip:138****0011@x"}),
            TeamMessage(TopicKind.CALL, "1002", {"call_id": "c2", "event": "started", "party": "sip:138****0022@x"}),
            TeamMessage(TopicKind.ALERT, "1001", {"call_id": "c1", "alert_id": "a1", "severity": "medium",
                                                  "text": "你必须今天还"}, at=50.0),
            TeamMessage(TopicKind.ALERT, "1002", {"call_id": "c2", "alert_id": "a2", "severity": "high",
                                                  "text": "上门", "suggestion": "请改为：我们会继续联系您"}, at=95.0),
            TeamMessage(TopicKind.TRANSCRIPT, "1002", {"call_id": "c2", "channel": "agent", "segment": 0,
                                                       "text": "再不还钱我们就上门了", "start": 3.0})]
    for msg in feed:
        board.board_changed(lead.board.apply(msg))
    assert board.agents.rowCount() == 0, "not drawn at each message"
    qtbot.waitUntil(lambda: board.agents.rowCount() == 2, timeout=2000)  # drawn together, shortly after
    assert [board.agents.item(r, 0).text() for r in range(2)] == ["1001", "1002"]
    assert [board.agents.item(r, 2).text() for r in range(2)] == ["1:00", "0:10"], "time in state"
    assert board.agents.item(0, 1).text() == "In call"
    assert "1002" in board.flagged.item(0).text() and "HIGH" in board.flagged.item(0).text(), "most serious first"
    board.flagged.setCurrentRow(0)
    assert board.selected_call == "c2"
    assert "再不还钱我们就上门了" in board.transcript.toPlainText()
    assert "请改为" in board.call_alerts.item(0).text()
    board.board_changed(lead.board.apply(TeamMessage(TopicKind.CALL, "1002", {"call_id": "c2", "event": "ended"})))
    qtbot.waitUntil(lambda: board.flagged.count() == 1, timeout=2000)
    assert board.flagged.count() == 1 and "1001" in board.flagged.item(0).text(), "an ended call leaves the list"
    assert "○" in board.link_label.text(), "not connected: said"
    assert BoardChange.NONE == lead.board.apply(feed[0]), "a message seen twice changes nothing"


@pytest.mark.skipif(not mosquitto_available(), reason="mosquitto is not installed (installer/setup.sh --test)")
def test_the_demo_wallboard_fills_from_simulated_agents_over_a_real_broker(qtbot) -> None:  # type: ignore[no-untyped-def]
    from softphone.demo.team import DemoTeam
    from ui.lead.wallboard import Wallboard

    team = DemoTeam.start(pace=0.2)
    lead = LeadSession(team.address, team.team, team.lead_user, team.lead_password)
    board = Wallboard(kept_bridge(), lead)
    qtbot.addWidget(board)
    lead.start()
    try:
        qtbot.waitUntil(lambda: board.agents.rowCount() == 6, timeout=10000)
        qtbot.waitUntil(lambda: board.flagged.count() >= 1, timeout=20000)
        states = {a.state for a in lead.agents()}
        assert AgentState.PAUSED in states and states & {AgentState.IN_CALL, AgentState.RINGING, AgentState.WRAP_UP}
        assert "●" in board.link_label.text() and "Connected" in board.link_label.text()
    finally:
        lead.close()
        team.close()
    time.sleep(0.1)


def test_todays_numbers_by_agent_and_hour_and_their_export(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from softphone.team.call_store import TeamCallStore
    from tests.unit.test_team_kpi import CALLS
    from ui.lead.wallboard import Wallboard

    store = TeamCallStore(tmp_path / "lead" / "team-calls.db")  # the lead's stored calls (worked out by hand)
    for call in CALLS:
        store.save(call)
    store.close()
    lead = LeadSession(BrokerAddress("127.0.0.1", 8883), "team-a", "lead-team-a", "unused", tmp_path / "lead")
    board = Wallboard(kept_bridge(), lead)
    qtbot.addWidget(board)
    board.show()
    view = board.kpis
    assert view.kpis_since is None
    view.kpis_since = CALLS[0].started - 3600  # the hand-made calls are on 2026-12-04, not necessarily today
    board.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.by_agent.rowCount() == 3, timeout=5000)
    assert [view.by_agent.item(r, 0).text() for r in range(3)] == ["A", "B", "All agents"]
    assert view.by_agent.item(2, 2).text() == "4 (80 %)" and view.by_agent.item(2, 9).text() == "1,700.00"
    assert view.by_agent.item(0, 3).text() == "1:10", "A's handle time: 70 s"
    assert [view.by_hour.item(r, 0).text() for r in range(3)] == ["09:00", "10:00", "All hours"]
    assert [r.key for r in view.chart.rows] == ["09:00", "10:00"]
    view.export_to(tmp_path / "today.xlsx")
    qtbot.waitUntil(lambda: "rows written" in view.status.text(), timeout=5000)
    sheet = load_workbook(tmp_path / "today.xlsx").active
    assert sheet is not None and [row[0] for row in sheet.values][1:] == ["A", "B", "all", "09:00", "10:00", "all"]
    lead.close()
