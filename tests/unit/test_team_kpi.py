"""The day's numbers against a set of calls worked out by hand (docs/team.md has the definitions), their
storage, and the CSV / XLSX export."""

from __future__ import annotations

import csv
import time
from pathlib import Path

from openpyxl import load_workbook

from softphone.team.call_store import TeamCallStore
from softphone.team.kpi import CallFacts, KpiRow, by_agent, by_hour, export, kpis


def at(hour: int, minute: int, second: int = 0) -> float:
    return time.mktime((2026, 12, 4, hour, minute, second, 0, 0, -1))


CALLS = [
    # agent A: connected 2 min, a low alert, a promise of 500 yuan
    CallFacts("1", "A", at(9, 5), at(9, 5, 10), at(9, 7, 10), alerts=1, top_severity=0, promise_fen=50_000),
    CallFacts("2", "A", at(9, 20), None, at(9, 20, 30)),  # not answered
    # 20 s after the answer: a short hang-up; two alerts, the worst high; the customer got upset
    CallFacts("3", "A", at(10, 0), at(10, 0, 5), at(10, 0, 25), alerts=2, top_severity=2, customer_negative=True),
    CallFacts("4", "B", at(9, 40), at(9, 40, 3), at(9, 45, 3), transferred=True),  # 5 min, transferred
    CallFacts("5", "B", at(10, 30), at(10, 30, 10), at(10, 31, 10), alerts=1, top_severity=3, promise_fen=120_000,
              customer_negative=True),
]


def test_by_agent_as_worked_out_by_hand() -> None:
    a, b, everyone = kpis(CALLS, by_agent)
    assert a == KpiRow("A", calls=3, connected=2, connected_rate=0.6667, aht_s=70.0, alerts_per_call=1.0,
                       compliance_rate=0.6667, short_hangups=1, short_hangup_rate=0.5, transfers=0,
                       transfer_rate=0.0, promises=1, promise_fen=50_000, upset=1, upset_rate=0.5)
    assert b == KpiRow("B", 2, 2, 1.0, 180.0, 0.5, 0.5, 0, 0.0, 1, 0.5, 1, 120_000, 1, 0.5)
    assert everyone == KpiRow("all", 5, 4, 0.8, 125.0, 0.8, 0.6, 1, 0.25, 1, 0.25, 2, 170_000, 2, 0.5)


def test_by_hour_as_worked_out_by_hand() -> None:
    nine, ten, _ = kpis(CALLS, by_hour)
    assert nine == KpiRow("09:00", 3, 2, 0.6667, 210.0, 0.333, 1.0, 0, 0.0, 1, 0.5, 1, 50_000, 0, 0.0)
    assert ten == KpiRow("10:00", 2, 2, 1.0, 40.0, 1.5, 0.0, 1, 0.5, 0, 0.0, 1, 120_000, 2, 1.0)


def test_no_calls_gives_zero_rates_not_an_error() -> None:
    assert kpis([], by_agent) == [KpiRow("all", 0, 0, 0.0, 0.0, 0.0, 0.0, 0, 0.0, 0, 0.0, 0, 0, 0, 0.0)]


def test_the_store_keeps_the_latest_facts_per_call_and_answers_by_day(tmp_path: Path) -> None:
    store = TeamCallStore(tmp_path / "lead" / "team-calls.db")
    for call in CALLS:
        store.save(call)
    store.save(CallFacts("2", "A", at(9, 20), at(9, 20, 5), at(9, 20, 30)))  # written again: answered after all
    assert [c.call_id for c in store.since(at(0, 0))] == ["1", "2", "4", "3", "5"]
    assert store.since(at(0, 0))[1].answered == at(9, 20, 5)
    assert [c.call_id for c in store.since(at(10, 0))] == ["3", "5"]
    store.close()


def test_export_to_csv_and_xlsx_holds_every_row(tmp_path: Path) -> None:
    rows = kpis(CALLS, by_agent) + kpis(CALLS, by_hour)
    export(rows, tmp_path / "k.csv")
    with open(tmp_path / "k.csv", encoding="utf-8-sig") as f:
        table = list(csv.DictReader(f))
    assert [r["key"] for r in table] == ["A", "B", "all", "09:00", "10:00", "all"]
    assert table[2]["promise_fen"] == "170000" and table[2]["connected_rate"] == "0.8"
    export(rows, tmp_path / "k.xlsx")
    sheet = load_workbook(tmp_path / "k.xlsx").active
    assert sheet is not None
    values = list(sheet.values)
    assert values[0][0] == "key" and values[3][:3] == ("all", 5, 4) and len(values) == 7
