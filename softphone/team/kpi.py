"""The team's numbers for the day, from the calls the wallboard stored: by agent and by hour.

Definitions (docs/team.md):

* **calls**: calls started (in or out); **connected**: answered; **connected rate** = connected / calls.
* **average handle time**: answer to hang-up, over connected calls (wrap-up time not counted).
* **alerts per call**: phrase, pacing and recording alerts / calls.
* **compliance rate**: calls without a high or critical alert / calls.
* **30-second hang-ups**: connected calls that ended within 30 s of the answer / connected.
* **transfer rate**: calls transferred (a transfer the far end accepted) / connected.
* **promises**: wrap-ups with a promise to pay, and their total amount (fen).
* **upset customers** (the emotion trend, read by hour): connected calls in which the customer's emotion
  went negative / connected.

A rate over nothing is 0.0, and the row says how many calls it is over.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

__all__ = ["CallFacts", "KpiRow", "kpis", "by_agent", "by_hour", "export", "SHORT_CALL_S", "HIGH"]

SHORT_CALL_S = 30.0
HIGH = 2  # SEVERITY_RANK of "high"; "critical" is 3


@dataclass(frozen=True)
class CallFacts:
    """One stored call as the numbers need it."""

    call_id: str
    agent: str
    started: float
    answered: float | None
    ended: float | None
    alerts: int = 0
    top_severity: int = -1  # -1: no alert; 0 low .. 3 critical
    transferred: bool = False
    promise_fen: int = 0  # 0: no promise to pay
    customer_negative: bool = False


@dataclass(frozen=True)
class KpiRow:
    key: str  # the agent, or the hour ("09:00")
    calls: int
    connected: int
    connected_rate: float
    aht_s: float
    alerts_per_call: float
    compliance_rate: float
    short_hangups: int
    short_hangup_rate: float
    transfers: int
    transfer_rate: float
    promises: int
    promise_fen: int
    upset: int
    upset_rate: float


def by_agent(call: CallFacts) -> str:
    return call.agent


def by_hour(call: CallFacts) -> str:
    return time.strftime("%H:00", time.localtime(call.started))


def kpis(calls: Iterable[CallFacts], key: Callable[[CallFacts], str]) -> list[KpiRow]:
    """One row per key (sorted), and a last row "all"."""
    groups: dict[str, list[CallFacts]] = {}
    everything: list[CallFacts] = []
    for call in calls:
        groups.setdefault(key(call), []).append(call)
        everything.append(call)
    return [_row(k, groups[k]) for k in sorted(groups)] + [_row("all", everything)]


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _row(key: str, calls: list[CallFacts]) -> KpiRow:
    connected = [c for c in calls if c.answered is not None]
    talk = [c.ended - c.answered for c in connected if c.ended is not None and c.answered is not None]
    short = sum(1 for t in talk if t < SHORT_CALL_S)
    transfers = sum(1 for c in connected if c.transferred)
    promises = [c for c in calls if c.promise_fen > 0]
    upset = sum(1 for c in connected if c.customer_negative)
    n, m = len(calls), len(connected)
    return KpiRow(key, n, m, _rate(m, n), round(sum(talk) / len(talk), 1) if talk else 0.0,
                  round(sum(c.alerts for c in calls) / n, 3) if n else 0.0,
                  _rate(sum(1 for c in calls if c.top_severity < HIGH), n), short, _rate(short, m),
                  transfers, _rate(transfers, m), len(promises), sum(c.promise_fen for c in promises),
                  upset, _rate(upset, m))


def export(rows: list[KpiRow], path: Path) -> None:
    """``.csv`` (UTF-8 with a BOM, so Excel reads the Chinese headers) or ``.xlsx`` (openpyxl)."""
    names = [f.name for f in fields(KpiRow)]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(names)
        for row in rows:
            sheet.append(list(asdict(row).values()))
        book.save(str(path))
        return
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        out = csv.writer(f)
        out.writerow(names)
        out.writerows(list(asdict(row).values()) for row in rows)
