"""The guards a plan passes before any code is sent to the customer.

A plan is **never sent** when

* its annual rate is above the contract's rate + 2 percentage points
  (``RATE_MARGIN``): ``RATE_ABOVE_CONTRACT``; or
* its APR (``apr.apr_of``, rounded to 0.01 %) is above 24 % (``APR_CAP``):
  ``APR_ABOVE_CAP``.

The limits themselves are allowed (contract + 2 points exactly, 24.00 %
exactly). Such a plan goes to the review queue with its reasons; the agent
cannot override it, only a reviewer decides (and the decision is audited).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from ..i18n import Msg, N_

__all__ = ["ReviewCode", "ReviewReason", "review_reasons", "RATE_MARGIN", "APR_CAP", "percent"]

RATE_MARGIN = Decimal("0.02")
APR_CAP = Decimal("0.24")


class ReviewCode(enum.Enum):
    RATE_ABOVE_CONTRACT = "rate_above_contract"
    APR_ABOVE_CAP = "apr_above_cap"


@dataclass(frozen=True)
class ReviewReason:
    code: ReviewCode
    reason: Msg


def percent(rate: Decimal) -> str:
    """``Decimal("0.1825")`` as ``"18.25 %"``."""
    return f"{(rate * 100).quantize(Decimal('0.01'))} %"


def review_reasons(annual_rate: Decimal, apr: Decimal, contract_rate: Decimal) -> list[ReviewReason]:
    """Why a plan at ``annual_rate`` with ``apr`` needs a reviewer; empty when it may go to the customer."""
    out: list[ReviewReason] = []
    limit = contract_rate + RATE_MARGIN
    if annual_rate > limit:
        out.append(ReviewReason(ReviewCode.RATE_ABOVE_CONTRACT, N_(
            "The rate {0} is above the contract rate {1} plus 2 points ({2}).",
            percent(annual_rate), percent(contract_rate), percent(limit))))
    if apr > APR_CAP:
        out.append(ReviewReason(ReviewCode.APR_ABOVE_CAP, N_(
            "The APR {0} is above the 24 % cap.", percent(apr))))
    return out
