"""A quote: the schedule of proposed terms with its APR, review reasons and comparison, in one value."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..crm.wrapup import yuan
from .apr import apr_of
from .compare import Comparison, Summary, compare
from .review import ReviewReason, review_reasons
from .schedule import Schedule, build_schedule
from .terms import Terms

__all__ = ["Quote", "quote", "quote_json"]


@dataclass(frozen=True)
class Quote:
    schedule: Schedule
    apr: Decimal
    contract_rate: Decimal
    review: tuple[ReviewReason, ...]
    comparison: Comparison

    @property
    def terms(self) -> Terms:
        return self.schedule.terms

    @property
    def needs_review(self) -> bool:
        return bool(self.review)


def quote(terms: Terms, contract_rate: Decimal, current: Summary | None = None) -> Quote:
    """The quote of ``terms`` against a loan at ``contract_rate`` (:class:`PlanError` for invalid terms)."""
    schedule = build_schedule(terms)
    apr = apr_of(schedule)
    reasons = tuple(review_reasons(terms.annual_rate, apr, contract_rate))
    return Quote(schedule, apr, contract_rate, reasons, compare(schedule, current))


def _money(fen: int) -> str:
    return yuan(fen).replace(",", "")


def _summary_json(s: Summary | None) -> dict[str, object] | None:
    if s is None:
        return None
    return {"periods": s.periods, "first_payment": _money(s.first_payment_fen),
            "max_payment": _money(s.max_payment_fen), "total_interest": _money(s.total_interest_fen),
            "total_paid": _money(s.total_paid_fen), "last_due": s.last_due.isoformat()}


def quote_json(q: Quote) -> dict[str, object]:
    """The quote as JSON values; money as yuan strings with two decimals ("10000.00")."""
    t, s = q.terms, q.schedule
    return {
        "method": t.method.value,
        "principal": _money(t.principal_fen),
        "annual_rate": str(t.annual_rate),
        "months": t.months,
        "defer_months": t.defer_months,
        "first_due": t.first_due.isoformat(),
        "schedule": [{"period": p.number, "date": p.due.isoformat(), "principal": _money(p.principal_fen),
                      "interest": _money(p.interest_fen), "payment": _money(p.payment_fen),
                      "balance": _money(p.balance_fen)} for p in s.periods],
        "totals": {"principal": _money(s.total_principal_fen), "interest": _money(s.total_interest_fen),
                   "payment": _money(s.total_paid_fen)},
        "apr": str(q.apr),
        "contract_rate": str(q.contract_rate),
        "review": [{"code": r.code.value, "reason": str(r.reason)} for r in q.review],
        "comparison": {"current": _summary_json(q.comparison.current),
                       "proposed": _summary_json(q.comparison.proposed)},
    }
