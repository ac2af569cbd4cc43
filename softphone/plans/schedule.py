"""A plan's schedule: one row per monthly payment, worked in whole fen.

Rounding (the same for every method, so a schedule can be checked by hand):

* the monthly rate is ``annual_rate / 12``, exact in ``Decimal``;
* each month's interest is ``balance × monthly rate``, rounded half up to the
  fen; interest is by month, not by day count;
* the equal instalment (等额本息) is ``P·r·(1+r)^n / ((1+r)^n − 1)`` rounded
  half up to the fen (``P / n`` at 0 %); its principal part is the payment
  less the month's interest;
* the equal principal (等额本金) is ``P / n`` rounded half up to the fen;
* the **last** payment takes whatever balance is left, so the principal
  parts always add up to the principal exactly and the last payment may
  differ from the others by a few fen.

Due dates keep the first due date's day of the month; a month without that
day uses its last day (31 January, 28/29 February, 31 March, ...).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .terms import Method, Terms

__all__ = ["Period", "Schedule", "build_schedule", "add_months", "fen", "monthly_rate", "equal_instalment"]


@dataclass(frozen=True)
class Period:
    number: int  # 1, 2, ...
    due: date
    principal_fen: int
    interest_fen: int
    balance_fen: int  # what is left after this payment

    @property
    def payment_fen(self) -> int:
        return self.principal_fen + self.interest_fen


@dataclass(frozen=True)
class Schedule:
    terms: Terms
    periods: tuple[Period, ...]

    @property
    def total_interest_fen(self) -> int:
        return sum(p.interest_fen for p in self.periods)

    @property
    def total_principal_fen(self) -> int:
        return sum(p.principal_fen for p in self.periods)

    @property
    def total_paid_fen(self) -> int:
        return self.total_principal_fen + self.total_interest_fen

    @property
    def first_payment_fen(self) -> int:
        return self.periods[0].payment_fen

    @property
    def max_payment_fen(self) -> int:
        return max(p.payment_fen for p in self.periods)

    @property
    def last_due(self) -> date:
        return self.periods[-1].due


def fen(value: Decimal) -> int:
    """``value`` (fen, with fractions) rounded half up to a whole fen."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def monthly_rate(annual_rate: Decimal) -> Decimal:
    return annual_rate / 12


def add_months(first: date, months: int) -> date:
    """``first`` moved by ``months`` months, its day kept or clamped to the month's last day."""
    index = first.month - 1 + months
    year, month = first.year + index // 12, index % 12 + 1
    return date(year, month, min(first.day, calendar.monthrange(year, month)[1]))


def equal_instalment(principal_fen: int, rate: Decimal, n: int) -> int:
    """The monthly payment that repays ``principal_fen`` in ``n`` months at monthly ``rate``, in fen."""
    if rate == 0:
        return fen(Decimal(principal_fen) / n)
    growth = (1 + rate) ** n
    return fen(Decimal(principal_fen) * rate * growth / (growth - 1))


def build_schedule(terms: Terms) -> Schedule:
    """The schedule of ``terms`` (validated first: :class:`PlanError` when they are not valid)."""
    terms.validate()
    rate = monthly_rate(terms.annual_rate)
    if terms.method is Method.EQUAL_INSTALLMENT:
        parts = _instalments(terms.principal_fen, rate, terms.months)
    elif terms.method is Method.EQUAL_PRINCIPAL:
        parts = _equal_principal(terms.principal_fen, rate, terms.months)
    elif terms.method is Method.INTEREST_ONLY:
        parts = _interest_only(terms.principal_fen, rate, terms.months)
    else:
        parts = _interest_only_months(terms.principal_fen, rate, terms.defer_months)
        parts += _instalments(terms.principal_fen, rate, terms.months)
    return Schedule(terms, _periods(terms, parts))


def _periods(terms: Terms, parts: list[tuple[int, int]]) -> tuple[Period, ...]:
    balance = terms.principal_fen
    rows: list[Period] = []
    for i, (principal, interest) in enumerate(parts):
        balance -= principal
        rows.append(Period(i + 1, add_months(terms.first_due, i), principal, interest, balance))
    return tuple(rows)


def _instalments(principal_fen: int, rate: Decimal, n: int) -> list[tuple[int, int]]:
    payment = equal_instalment(principal_fen, rate, n)
    balance, parts = principal_fen, []
    for month in range(n):
        interest = fen(balance * rate)
        principal = balance if month == n - 1 else min(balance, payment - interest)
        parts.append((principal, interest))
        balance -= principal
    return parts


def _equal_principal(principal_fen: int, rate: Decimal, n: int) -> list[tuple[int, int]]:
    share = fen(Decimal(principal_fen) / n)
    balance, parts = principal_fen, []
    for month in range(n):
        principal = balance if month == n - 1 else min(balance, share)
        parts.append((principal, fen(balance * rate)))
        balance -= principal
    return parts


def _interest_only(principal_fen: int, rate: Decimal, n: int) -> list[tuple[int, int]]:
    parts = _interest_only_months(principal_fen, rate, n - 1)
    parts.append((principal_fen, fen(principal_fen * rate)))
    return parts


def _interest_only_months(principal_fen: int, rate: Decimal, n: int) -> list[tuple[int, int]]:
    return [(0, fen(principal_fen * rate)) for _ in range(n)]
