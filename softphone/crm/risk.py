"""Risk hints of a case: what the agent must keep in mind on this call, each with its reason.

``risk_hints(case, said)`` looks at the case on file and at what the customer
said in this call (``said``: the customer-intent categories the phrase rules
matched, ``"complaint"`` and ``"hardship"``, see ``assist.rules``). Each hint
carries its reason as an ``N_`` sentence naming the figure behind it (how
many lenders, complaints, broken promises, numbers on file).

The hints come most serious first, always in this order:

1. ``COMPLAINT_SAID``    the customer spoke of a complaint in this call;
2. ``VULNERABLE``        the case is marked vulnerable;
3. ``HARDSHIP_SAID``     the customer spoke of hardship in this call;
4. ``COMPLAINTS``        complaints on record (1 or more);
5. ``BROKEN_PROMISES``   2 or more promises broken in the last 30 days (``views.broken_promises``);
6. ``MULTI_LENDER``      the customer owes ``multi_lender_threshold`` or more lenders at once (多头借贷);
7. ``THIRD_PARTY_ONLY``  numbers are on file, but none is the customer's own that may be called.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..i18n import Msg, N_
from .model import Case, Relation
from .views import BROKEN_WINDOW_DAYS, RiskHint, RiskKind, broken_promises

__all__ = ["risk_hints", "MULTI_LENDER_THRESHOLD", "BROKEN_PROMISES_THRESHOLD"]

MULTI_LENDER_THRESHOLD = 3
BROKEN_PROMISES_THRESHOLD = 2

Check = Callable[[Case, frozenset[str], date, int], Msg | None]


def _complaint_said(case: Case, said: frozenset[str], today: date, threshold: int) -> Msg | None:
    if "complaint" not in said:
        return None
    return N_("The customer spoke of a complaint in this call: listen, do not argue, and give the complaint channels.")


def _vulnerable(case: Case, said: frozenset[str], today: date, threshold: int) -> Msg | None:
    if not case.vulnerable:
        return None
    return N_("The customer is marked vulnerable (illness, old age or hardship on record): handle with care.")


def _hardship_said(case: Case, said: frozenset[str], today: date, threshold: int) -> Msg | None:
    if "hardship" not in said:
        return None
    return N_("The customer spoke of financial hardship in this call: offer a plan they can afford.")


def _complaints(case: Case, said: frozenset[str], today: date, threshold: int) -> Msg | None:
    if case.complaints < 1:
        return None
    return N_("Complaints on record: {0}.", case.complaints)


def _broken_promises(case: Case, said: frozenset[str], today: date, threshold: int) -> Msg | None:
    broken = broken_promises(case, today)
    if broken < BROKEN_PROMISES_THRESHOLD:
        return None
    return N_("{0} promises to pay broken in the last {1} days.", broken, BROKEN_WINDOW_DAYS)


def _multi_lender(case: Case, said: frozenset[str], today: date, threshold: int) -> Msg | None:
    if case.lenders_count < threshold:
        return None
    return N_("Owes {0} lenders at once (multi-lender borrowing).", case.lenders_count)


def _third_party_only(case: Case, said: frozenset[str], today: date, threshold: int) -> Msg | None:
    if not case.numbers or any(n.relation is Relation.SELF and not n.do_not_contact for n in case.numbers):
        return None
    return N_("None of the {0} numbers on file is the customer's own that may be called: "
              "do not speak of the debt to anyone else.", len(case.numbers))


_CHECKS: tuple[tuple[RiskKind, Check], ...] = (
    (RiskKind.COMPLAINT_SAID, _complaint_said),
    (RiskKind.VULNERABLE, _vulnerable),
    (RiskKind.HARDSHIP_SAID, _hardship_said),
    (RiskKind.COMPLAINTS, _complaints),
    (RiskKind.BROKEN_PROMISES, _broken_promises),
    (RiskKind.MULTI_LENDER, _multi_lender),
    (RiskKind.THIRD_PARTY_ONLY, _third_party_only),
)


def risk_hints(case: Case, said: frozenset[str] = frozenset(), today: date | None = None,
               multi_lender_threshold: int = MULTI_LENDER_THRESHOLD) -> tuple[RiskHint, ...]:
    """The risk hints of ``case``, most serious first (the order is in the module's docstring).

    ``said``: the customer-intent categories matched in this call; ``today``
    (default: today) bounds the 30 days of broken promises.
    """
    day = today or date.today()
    hints: list[RiskHint] = []
    for kind, check in _CHECKS:
        reason = check(case, said, day, multi_lender_threshold)
        if reason is not None:
            hints.append(RiskHint(kind, reason))
    return tuple(hints)
