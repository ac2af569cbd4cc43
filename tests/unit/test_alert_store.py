"""Alerts are stored with their call (masked), and the agent's "wrong alert" feedback is kept."""

from __future__ import annotations

from pathlib import Path

from softphone.events import PhraseAlert
from softphone.states import AudioChannel, CallId
from softphone.storage.alerts import AlertStore
from softphone.storage.db import open_database


def alert(n: int, text: str) -> PhraseAlert:
    return PhraseAlert(CallId("c1"), AudioChannel.AGENT, f"c1/agent/{n}/threat.visit/0", "threat.visit", "threat",
                       "high", text, n, (2, 6), "我们会通过电话与您沟通", 3.5 + n, 0.4, True)


def test_alerts_round_trip_feedback_is_kept_and_numbers_are_masked(tmp_path: Path) -> None:
    db_path = tmp_path / "h.db"
    store = AlertStore(open_database(db_path))
    store.add(alert(0, "上门催收"))
    store.add(alert(0, "上门催收"))  # the same occurrence twice: one row
    store.add(alert(1, "打13812345678找你家人"))
    got = store.for_call(CallId("c1"))
    assert [(a.rule_id, a.segment, a.span, a.wrong) for a in got] == [("threat.visit", 0, (2, 6), False),
                                                                      ("threat.visit", 1, (2, 6), False)]
    assert "13812345678" not in got[1].text and "138****5678" in got[1].text
    assert store.mark_wrong(got[0].id, "客户自己说的")
    assert not store.mark_wrong("no-such-alert")
    assert [a.wrong for a in store.for_call(CallId("c1"))] == [True, False]
    assert store.feedback() == [("threat.visit", "上门催收", "客户自己说的")]
    store.db.conn.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"13812345678" not in raw
