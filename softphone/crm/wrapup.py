"""Wrap-up rules: what the agent must fix before a wrap-up is stored, and the call's collection score.

``check(wrapup, case)`` lists the problems, each an ``N_`` sentence the agent
can act on; an empty list means the wrap-up may be stored:

* ``PROMISE_TO_PAY`` needs a promise date and an amount; the date lies between
  today and today + ``horizon_days``; the amount is above 0 and not above the
  case's balance (when the call has a case);
* ``CALLBACK`` needs a time, in the future;
* any other disposition carries no promise date or amount;
* the note is at most ``NOTE_MAX_CHARS`` characters.

``score(wrapup, alert_severities, customer_negative)`` gives a simple
collection score, 0-100, the sum of three parts:

* **promise** (0-60, weighs most): what the call achieved, by disposition
  (``OUTCOME_POINTS``): paid 60, promise to pay 50, callback 20, hardship
  (a plan to work out) 20, dispute 15 (registered for review), wrong party 0,
  no answer 0;
* **compliance** (0-30): 30, less for each alert on the *agent's* side (a
  forbidden phrase) by its severity (``ALERT_DEDUCTION``): low 5, medium 10,
  high 20, critical 30; never below 0. The caller passes the severities of the
  agent-channel alerts only: what the customer says does not count against
  the agent;
* **emotion** (0-10): 10, or 5 when the customer ended the call negative.

So a clean call with a promise scores 90, a paid one 100, a clean call
nobody answered 40; one critical alert takes every compliance point.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..i18n import Msg, N_
from ..states import Severity
from .model import Case, Disposition, WrapUp

__all__ = ["check", "score", "CallScore", "yuan", "NOTE_MAX_CHARS", "HORIZON_DAYS", "OUTCOME_POINTS", "ALERT_DEDUCTION",
           "COMPLIANCE_POINTS", "EMOTION_POINTS", "NEGATIVE_DEDUCTION"]

NOTE_MAX_CHARS = 500
HORIZON_DAYS = 30

OUTCOME_POINTS: dict[Disposition, int] = {
    Disposition.PAID: 60,
    Disposition.PROMISE_TO_PAY: 50,
    Disposition.CALLBACK: 20,
    Disposition.HARDSHIP: 20,
    Disposition.DISPUTE: 15,
    Disposition.WRONG_PARTY: 0,
    Disposition.NO_ANSWER: 0,
}
COMPLIANCE_POINTS = 30
ALERT_DEDUCTION: dict[Severity, int] = {Severity.LOW: 5, Severity.MEDIUM: 10, Severity.HIGH: 20, Severity.CRITICAL: 30}
EMOTION_POINTS = 10
NEGATIVE_DEDUCTION = 5


@dataclass(frozen=True)
class CallScore:
    total: int  # 0-100: promise + compliance + emotion
    promise: int  # 0-60
    compliance: int  # 0-30
    emotion: int  # 0-10


# -- check ------------------------------------------------------------------------------------------

def yuan(fen: int) -> str:
    """``fen`` as yuan with two decimals and thousands separators: 123456 -> "1,234.56"."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def _promise_date(due: date | None, today: date, horizon_days: int) -> list[Msg]:
    if due is None:
        return [N_("A promise to pay needs the day the customer will pay.")]
    if due < today:
        return [N_("The promise date {0} is in the past.", due.isoformat())]
    latest = today + timedelta(days=horizon_days)
    if due > latest:
        return [N_("The promise date {0} is more than {1} days ahead; the latest allowed is {2}.",
                   due.isoformat(), horizon_days, latest.isoformat())]
    return []


def _promise_amount(amount_fen: int | None, case: Case | None) -> list[Msg]:
    if amount_fen is None:
        return [N_("A promise to pay needs the amount.")]
    if amount_fen <= 0:
        return [N_("The promised amount must be more than 0.")]
    if case is not None and amount_fen > case.balance_fen:
        return [N_("The promised amount of {0} yuan is more than the balance of {1} yuan.",
                   yuan(amount_fen), yuan(case.balance_fen))]
    return []


def _callback(callback_at: float | None, now: float) -> list[Msg]:
    if callback_at is None:
        return [N_("A callback needs the time to call back.")]
    if callback_at <= now:
        return [N_("The callback time must be in the future.")]
    return []


def _no_promise(wrapup: WrapUp) -> list[Msg]:
    if wrapup.promise_due is None and wrapup.promise_amount_fen is None:
        return []
    return [N_("A promise date or amount is filled in, but the call is not recorded as a promise to pay: "
               "clear them or choose promise to pay.")]


def _note(note: str) -> list[Msg]:
    if len(note) <= NOTE_MAX_CHARS:
        return []
    return [N_("The note has {0} characters; at most {1} are allowed.", len(note), NOTE_MAX_CHARS)]


def check(wrapup: WrapUp, case: Case | None, today: date | None = None, horizon_days: int = HORIZON_DAYS,
          *, now: float | None = None) -> list[Msg]:
    """The problems of ``wrapup`` the agent must fix; empty when it may be stored.

    ``case``: the call's case (None without one: the amount is not checked
    against a balance); ``today`` (default: today) and ``horizon_days`` bound
    the promise date; ``now`` (epoch seconds, default: the clock) is what a
    callback time must lie after.
    """
    day = today or date.today()
    problems: list[Msg] = []
    if wrapup.disposition is Disposition.PROMISE_TO_PAY:
        problems += _promise_date(wrapup.promise_due, day, horizon_days)
        problems += _promise_amount(wrapup.promise_amount_fen, case)
    else:
        problems += _no_promise(wrapup)
    if wrapup.disposition is Disposition.CALLBACK:
        problems += _callback(wrapup.callback_at, time.time() if now is None else now)
    problems += _note(wrapup.note)
    return problems


# -- score ------------------------------------------------------------------------------------------

def score(wrapup: WrapUp, alert_severities: Sequence[Severity], customer_negative: bool) -> CallScore:
    """The call's collection score (the formula is in the module's docstring).

    ``alert_severities``: one per phrase alert on the agent's side in this call.
    """
    promise = OUTCOME_POINTS.get(wrapup.disposition, 0)
    compliance = max(0, COMPLIANCE_POINTS - sum(ALERT_DEDUCTION[Severity(s)] for s in alert_severities))
    emotion = EMOTION_POINTS - (NEGATIVE_DEDUCTION if customer_negative else 0)
    return CallScore(min(100, promise + compliance + emotion), promise, compliance, emotion)
