"""The proposed plan against the customer's current one.

The current plan is rebuilt from what the case file holds for the loan: the
balance, the contract's annual rate, the monthly instalment and the next due
date. It is the loan paid at that instalment each month (interest on the
balance, rounded as in ``schedule``) until the balance is repaid, the last
payment taking what is left. An instalment that does not cover the month's
interest never repays the loan: then the current side is ``None`` and the
comparison says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .schedule import Period, Schedule, add_months, fen, monthly_rate

__all__ = ["Summary", "Comparison", "current_summary", "compare", "MAX_CURRENT_MONTHS"]

MAX_CURRENT_MONTHS = 600


@dataclass(frozen=True)
class Summary:
    periods: int
    first_payment_fen: int
    max_payment_fen: int
    total_interest_fen: int
    total_paid_fen: int
    last_due: date

    @classmethod
    def of(cls, schedule: Schedule) -> Summary:
        return cls(len(schedule.periods), schedule.first_payment_fen, schedule.max_payment_fen,
                   schedule.total_interest_fen, schedule.total_paid_fen, schedule.last_due)


@dataclass(frozen=True)
class Comparison:
    current: Summary | None  # None: the current instalment never repays the balance (or no current plan)
    proposed: Summary

    @property
    def interest_change_fen(self) -> int | None:
        return None if self.current is None else self.proposed.total_interest_fen - self.current.total_interest_fen

    @property
    def payment_change_fen(self) -> int | None:
        return None if self.current is None else self.proposed.first_payment_fen - self.current.first_payment_fen

    @property
    def months_change(self) -> int | None:
        return None if self.current is None else self.proposed.periods - self.current.periods


def current_summary(balance_fen: int, annual_rate: Decimal, instalment_fen: int, next_due: date) -> Summary | None:
    """The current plan's summary, or ``None`` when its instalment never repays ``balance_fen``."""
    if balance_fen <= 0 or instalment_fen <= 0:
        return None
    rate = monthly_rate(annual_rate)
    balance, rows = balance_fen, list[Period]()
    while balance > 0:
        if len(rows) >= MAX_CURRENT_MONTHS:
            return None
        interest = fen(balance * rate)
        principal = min(balance, instalment_fen - interest)
        if principal <= 0:
            return None
        balance -= principal
        rows.append(Period(len(rows) + 1, add_months(next_due, len(rows)), principal, interest, balance))
    payments = [p.payment_fen for p in rows]
    interest_total = sum(p.interest_fen for p in rows)
    return Summary(len(rows), payments[0], max(payments), interest_total, balance_fen + interest_total, rows[-1].due)


def compare(proposed: Schedule, current: Summary | None) -> Comparison:
    return Comparison(current, Summary.of(proposed))
