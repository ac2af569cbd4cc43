"""The terms of a proposed repayment plan, checked, and their fingerprint.

Amounts are whole fen (分, 1/100 yuan) in ``int``; rates are ``Decimal``
fractions (``Decimal("0.18")`` for 18 % a year). The methods:

* ``EQUAL_INSTALLMENT`` (等额本息): the same payment every month;
* ``EQUAL_PRINCIPAL`` (等额本金): the same principal every month, interest
  on what is left, so payments fall;
* ``INTEREST_ONLY`` (先息后本): interest every month, all principal with the
  last payment (the balloon);
* ``DEFERRAL`` (展期): ``defer_months`` months of interest only, then
  ``months`` equal instalments; the plan runs ``defer_months + months``
  months in all.

``plan_hash(terms, case_id)`` is the fingerprint a confirmation code is bound
to: any change of method, amount, rate, term, first due date or deferral
(or another case) gives another hash, so a changed plan needs a new code.
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from ..errors import PlanError
from ..i18n import Msg, N_

__all__ = ["Method", "Terms", "plan_hash", "parse_yuan", "parse_rate", "MAX_MONTHS", "MAX_DEFER_MONTHS",
           "MAX_PRINCIPAL_FEN"]

MAX_MONTHS = 120
MAX_DEFER_MONTHS = 24
MAX_PRINCIPAL_FEN = 100_000_000_00  # 100 million yuan: above it is a typing mistake, not a consumer loan


class Method(enum.Enum):
    EQUAL_INSTALLMENT = "equal-installment"
    EQUAL_PRINCIPAL = "equal-principal"
    INTEREST_ONLY = "interest-only"
    DEFERRAL = "deferral"


@dataclass(frozen=True)
class Terms:
    method: Method
    principal_fen: int
    annual_rate: Decimal
    months: int
    first_due: date
    defer_months: int = 0

    @property
    def periods(self) -> int:
        """How many monthly payments the plan has."""
        return self.months + (self.defer_months if self.method is Method.DEFERRAL else 0)

    def problems(self) -> list[Msg]:
        """What is wrong with these terms, in plain words; empty when they can be quoted."""
        out: list[Msg] = []
        if not 0 < self.principal_fen <= MAX_PRINCIPAL_FEN:
            out.append(N_("The amount must be above 0 and at most 100,000,000 yuan."))
        if not Decimal(0) <= self.annual_rate < Decimal(1):
            out.append(N_("The annual rate must be between 0 % and 100 % (0.18 is 18 %)."))
        if not 1 <= self.months <= MAX_MONTHS:
            out.append(N_("The term must be between 1 and {0} months.", MAX_MONTHS))
        if self.method is Method.DEFERRAL and not 1 <= self.defer_months <= MAX_DEFER_MONTHS:
            out.append(N_("A deferral must be between 1 and {0} months.", MAX_DEFER_MONTHS))
        if self.method is not Method.DEFERRAL and self.defer_months:
            out.append(N_("Deferral months are given only with the deferral method."))
        return out

    def validate(self) -> Terms:
        """These terms, or :class:`PlanError` naming what is wrong."""
        problems = self.problems()
        if problems:
            raise PlanError(f"invalid plan terms: {len(problems)} problem(s)", user_message=problems[0],
                            problems=problems)
        return self

    def canonical(self) -> dict[str, object]:
        """The terms as plain JSON values, in a fixed form (the hash's input)."""
        return {
            "method": self.method.value,
            "principal_fen": self.principal_fen,
            "annual_rate": str(self.annual_rate.normalize()) if self.annual_rate else "0",
            "months": self.months,
            "first_due": self.first_due.isoformat(),
            "defer_months": self.defer_months,
        }


def plan_hash(terms: Terms, case_id: str) -> str:
    """A SHA-256 hex digest of the case id and the canonical terms."""
    body = json.dumps({"case": case_id, "terms": terms.canonical()}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def parse_yuan(text: str) -> int:
    """``"10000"``, ``"10,000.5"`` or ``"10000.50"`` yuan as fen; :class:`PlanError` otherwise."""
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        raise PlanError(f"not an amount: {len(text)} chars", user_message=N_("Not an amount in yuan: {0}", text[:20]))
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise PlanError("amount with more than 2 decimals",
                        user_message=N_("An amount has at most two decimals (fen): {0}", text[:20]))
    return int(value * 100)


def parse_rate(text: str) -> Decimal:
    """``"0.18"`` or ``"18%"`` as ``Decimal("0.18")``; :class:`PlanError` otherwise."""
    raw = text.strip()
    percent = raw.endswith("%")
    try:
        value = Decimal(raw.rstrip("%").strip())
    except InvalidOperation:
        raise PlanError("not a rate", user_message=N_("Not a rate: {0} (write 0.18 or 18%)", raw[:20]))
    if not value.is_finite():
        raise PlanError("not a rate", user_message=N_("Not a rate: {0} (write 0.18 or 18%)", raw[:20]))
    return value / 100 if percent else value
