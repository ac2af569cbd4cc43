"""The APR of a plan: the internal rate of return of its cash flows, as a yearly rate.

The cash flows are the amount lent (or restructured) paid out at the start and
each monthly payment one month after the one before; the monthly IRR ``m``
solves ``principal = Σ payment_k / (1 + m)^k``. The APR is ``12 · m`` (the
nominal yearly rate, as Chinese lenders state 年化利率 for monthly loans) and is
shown and compared rounded half up to 0.01 % (``Decimal("0.0001")``), so a plan
worked at exactly 24 % is not pushed over the cap by a fen of rounding.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from .schedule import Schedule

__all__ = ["monthly_irr", "apr_of", "APR_QUANTUM"]

APR_QUANTUM = Decimal("0.0001")


def monthly_irr(principal_fen: int, payments_fen: Sequence[int]) -> float:
    """The monthly rate at which ``payments_fen`` (one a month, the first after a month) repay ``principal_fen``.

    Bisection on the net present value, which falls as the rate rises; 0 when
    the payments add up to the principal, negative when they add up to less.
    """
    if principal_fen <= 0 or not payments_fen:
        raise ValueError("a principal above 0 and at least one payment are needed")
    low, high = -0.99, 1.0
    while _npv(high, principal_fen, payments_fen) > 0:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if _npv(mid, principal_fen, payments_fen) > 0:
            low = mid
        else:
            high = mid
        if high - low < 1e-13:
            break
    return (low + high) / 2


def _npv(rate: float, principal_fen: int, payments_fen: Sequence[int]) -> float:
    factor, total = 1.0 / (1.0 + rate), 0.0
    discount = 1.0
    for payment in payments_fen:
        discount *= factor
        total += payment * discount
    return total - principal_fen


def apr_of(schedule: Schedule) -> Decimal:
    """The schedule's APR (12 × monthly IRR), rounded half up to 0.01 %."""
    payments = [p.payment_fen for p in schedule.periods]
    irr = monthly_irr(schedule.terms.principal_fen, payments)
    return (Decimal(repr(irr)) * 12).quantize(APR_QUANTUM, rounding=ROUND_HALF_UP)
