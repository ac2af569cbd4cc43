"""What front ends are shown of a plan change: plain values, money as yuan text, no personal data.

``PlanState`` is the plan change's state machine on one call::

    QUOTED --send--> REVIEW (rate or APR over the caps: no code is sent)
    QUOTED --send--> CODE_SENT --right code--> CONFIRMED
                     CODE_SENT --wrong code--> CODE_SENT (tries left - 1) ... --> LOCKED (5 wrong)
                     CODE_SENT --5 min--> EXPIRED --send--> CODE_SENT
                     CODE_SENT --the call ends--> ENDED
    QUOTED --send fails (gateway)--> SEND_FAILED --send--> CODE_SENT

A new quote on the same call goes back to QUOTED (a changed plan needs a new code).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..crm.wrapup import yuan
from .quote import Quote
from .review import percent
from .terms import plan_hash

__all__ = ["PlanState", "ScheduleRow", "PlanTotals", "PlanSide", "PlanQuoteView", "quote_view", "money"]


class PlanState(enum.Enum):
    QUOTED = "quoted"
    REVIEW = "review"
    CODE_SENT = "code_sent"
    SEND_FAILED = "send_failed"
    CONFIRMED = "confirmed"
    LOCKED = "locked"
    EXPIRED = "expired"
    ENDED = "ended"


def money(fen: int) -> str:
    """Fen as yuan text with thousands separators: 123456 -> "1,234.56"."""
    return yuan(fen)


@dataclass(frozen=True)
class ScheduleRow:
    period: int
    due: str  # YYYY-MM-DD
    principal: str
    interest: str
    payment: str
    balance: str


@dataclass(frozen=True)
class PlanTotals:
    principal: str
    interest: str
    paid: str


@dataclass(frozen=True)
class PlanSide:
    """One side of the comparison (the current plan, or the proposed one)."""

    periods: int
    monthly: str  # the first payment
    total_interest: str
    total_paid: str
    last_due: str


@dataclass(frozen=True)
class PlanQuoteView:
    case_id: str
    plan_hash: str
    method: str
    months: int
    defer_months: int
    annual_rate: str  # "18.00 %"
    contract_rate: str
    apr: str
    rows: tuple[ScheduleRow, ...]
    totals: PlanTotals
    current: PlanSide | None  # None: the current instalment never repays the balance
    proposed: PlanSide
    review_reasons: tuple[str, ...]  # Msg values: why a reviewer must decide; empty: may go to the customer

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)


def quote_view(q: Quote, case_id: str) -> PlanQuoteView:
    s, t = q.schedule, q.terms
    rows = tuple(ScheduleRow(p.number, p.due.isoformat(), money(p.principal_fen), money(p.interest_fen),
                             money(p.payment_fen), money(p.balance_fen)) for p in s.periods)
    totals = PlanTotals(money(s.total_principal_fen), money(s.total_interest_fen), money(s.total_paid_fen))
    cur = q.comparison.current
    current = None if cur is None else PlanSide(cur.periods, money(cur.first_payment_fen),
                                                money(cur.total_interest_fen), money(cur.total_paid_fen),
                                                cur.last_due.isoformat())
    pro = q.comparison.proposed
    proposed = PlanSide(pro.periods, money(pro.first_payment_fen), money(pro.total_interest_fen),
                        money(pro.total_paid_fen), pro.last_due.isoformat())
    return PlanQuoteView(case_id, plan_hash(t, case_id), t.method.value, t.months, t.defer_months,
                         percent(t.annual_rate), percent(q.contract_rate), percent(q.apr), rows, totals, current,
                         proposed, tuple(r.reason for r in q.review))
