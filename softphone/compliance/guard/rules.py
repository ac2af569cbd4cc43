"""Where a dialing decision is made: the rules, in the debtor's local time.

``decide(policy, target, facts, at)`` is a pure function: the ledger gathers the
facts (the debtor's attempts since the start of the local day before ``at``,
quiet periods, the do-not-contact list) and this module says yes or no, which
rule refused and when dialling is next allowed. Rules, in the order they are
checked (the first that refuses is the one named):

1. ``third_party``: only the customer's own numbers are dialled; never a contact's.
2. ``do_not_contact``: a number marked so in the case or put on the ledger's list.
3. ``calling_hours``: the debtor's local time must be in the window (08:00-21:00).
4. ``quiet_period``: the customer asked not to be called until a time.
5. ``in_progress``: another call to this debtor (a colleague's, the bot's) is not finished.
6. ``conversation_cap``: effective conversations with the debtor today (3).
7. ``unanswered_cap``: unanswered attempts on this number today (6; busy and rejected count).

"Today" is the debtor's local calendar day (zoneinfo: daylight saving handled).
The next allowed time is searched forward: a refusal's own next time is checked
against every rule again (a quiet period ending at 22:00 moves to 08:00 next day).
Permanent refusals (1, 2) and ``in_progress`` have no next time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from ...i18n import Msg, N_
from .policy import GuardPolicy, zone

__all__ = ["GuardRule", "Outcome", "Attempt", "Quiet", "Target", "Facts", "Decision", "decide", "local_day",
           "NOT_ANSWERED"]


class GuardRule(str, Enum):
    THIRD_PARTY = "third_party"
    DO_NOT_CONTACT = "do_not_contact"
    CALLING_HOURS = "calling_hours"
    QUIET_PERIOD = "quiet_period"
    IN_PROGRESS = "in_progress"
    CONVERSATION_CAP = "conversation_cap"
    UNANSWERED_CAP = "unanswered_cap"
    LEDGER_DOWN = "ledger_down"


class Outcome(str, Enum):
    """What became of an attempt (docs/compliance.md)."""

    PENDING = "pending"  # dialled, not finished yet
    EFFECTIVE = "effective"  # answered, talk time at least the policy's effective_min_talk_s
    ANSWERED_SHORT = "answered_short"  # answered, shorter
    UNANSWERED = "unanswered"  # rang out, timed out, cancelled while ringing
    BUSY = "busy"  # 486 / 600
    REJECTED = "rejected"  # 603 / 403 / declined
    CANCELLED = "cancelled"  # never left this computer (the dial itself failed): counts for nothing


NOT_ANSWERED = frozenset({Outcome.UNANSWERED, Outcome.BUSY, Outcome.REJECTED})


@dataclass(frozen=True)
class Attempt:
    started_at: float  # epoch seconds
    number_fp: str
    outcome: Outcome


@dataclass(frozen=True)
class Quiet:
    start: float
    end: float


@dataclass(frozen=True)
class Target:
    """Who would be called: the debtor (case), the number's fingerprint and what the case says of it."""

    case_id: str
    number_fp: str
    own_number: bool = True  # the customer's own (Relation.SELF); False: a third party
    do_not_contact: bool = False  # marked so in the case
    time_zone: str = ""  # the case's; "" = the policy's default


@dataclass(frozen=True)
class Facts:
    attempts: tuple[Attempt, ...] = ()
    quiet: tuple[Quiet, ...] = ()
    listed_dnc: bool = False  # on the ledger's do-not-contact list


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: GuardRule | None
    next_allowed: float | None
    at: float
    time_zone: str
    message: Msg
    effective_today: int = 0
    unanswered_today: int = 0
    attempt_id: int | None = field(default=None, compare=False)  # the ledger row held for an allowed dial

    def to_json(self) -> dict[str, Any]:
        tz = ZoneInfo(self.time_zone)
        return {"allowed": self.allowed, "rule": self.rule.value if self.rule else None,
                "next_allowed": _iso(self.next_allowed, tz) if self.next_allowed is not None else None,
                "at": _iso(self.at, tz), "time_zone": self.time_zone, "message": str(self.message),
                "effective_today": self.effective_today, "unanswered_today": self.unanswered_today}


def _iso(epoch: float, tz: ZoneInfo) -> str:
    return datetime.fromtimestamp(epoch, tz).isoformat(timespec="seconds")


def local_day(at: float, tz: ZoneInfo) -> tuple[float, float]:
    """The debtor's local calendar day holding ``at``: [midnight, next midnight) as epoch seconds."""
    day = datetime.fromtimestamp(at, tz).date()
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    nxt = day + timedelta(days=1)
    return start.timestamp(), datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz).timestamp()


def decide(policy: GuardPolicy, target: Target, facts: Facts, at: float) -> Decision:
    tz_name = target.time_zone or policy.default_time_zone
    tz = zone(tz_name)
    effective, unanswered = _counts(policy, target, facts, at, tz)
    refusal = _refusal(policy, target, facts, at, tz, now=True)
    if refusal is None:
        return Decision(True, None, None, at, tz_name, N_("Allowed."), effective, unanswered)
    rule, nxt = refusal
    for _ in range(30):  # each step moves forward at least to the next window or day
        if nxt is None:
            break
        again = _refusal(policy, target, facts, nxt, tz, now=False)
        if again is None:
            break
        nxt = again[1]
    message = _message(rule, policy, at, nxt, tz, tz_name, effective, unanswered)
    return Decision(False, rule, nxt, at, tz_name, message, effective, unanswered)


def _counts(policy: GuardPolicy, target: Target, facts: Facts, at: float, tz: ZoneInfo) -> tuple[int, int]:
    start, end = local_day(at, tz)
    today = [a for a in facts.attempts if start <= a.started_at < end]
    effective = sum(1 for a in today if a.outcome is Outcome.EFFECTIVE)
    unanswered = sum(1 for a in today if a.number_fp == target.number_fp and _not_answered(policy, a, at))
    return effective, unanswered


def _not_answered(policy: GuardPolicy, a: Attempt, at: float) -> bool:
    stale = a.outcome is Outcome.PENDING and at - a.started_at > policy.in_progress_stale_s
    return a.outcome in NOT_ANSWERED or stale  # a call never finished (a crash) counts as unanswered


def _window_open(policy: GuardPolicy, at: float, tz: ZoneInfo) -> float | None:
    """None when ``at`` is inside the calling window; else the next window opening."""
    local = datetime.fromtimestamp(at, tz)
    t = local.time()
    if policy.window_start <= t < policy.window_end:
        return None
    day = local.date() if t < policy.window_start else local.date() + timedelta(days=1)
    return _opening(policy, day, tz)


def _opening(policy: GuardPolicy, day: Any, tz: ZoneInfo) -> float:
    s = policy.window_start
    return datetime(day.year, day.month, day.day, s.hour, s.minute, tzinfo=tz).timestamp()


def _tomorrow(policy: GuardPolicy, at: float, tz: ZoneInfo) -> float:
    return _opening(policy, datetime.fromtimestamp(at, tz).date() + timedelta(days=1), tz)


def _refusal(policy: GuardPolicy, target: Target, facts: Facts, at: float, tz: ZoneInfo,
             *, now: bool) -> tuple[GuardRule, float | None] | None:
    if not target.own_number:
        return GuardRule.THIRD_PARTY, None
    if target.do_not_contact or facts.listed_dnc:
        return GuardRule.DO_NOT_CONTACT, None
    opening = _window_open(policy, at, tz)
    if opening is not None:
        return GuardRule.CALLING_HOURS, opening
    quiet_end = _quiet_until(facts.quiet, at)
    if quiet_end is not None:
        return GuardRule.QUIET_PERIOD, quiet_end
    if now and any(a.outcome is Outcome.PENDING and at - a.started_at <= policy.in_progress_stale_s
                   for a in facts.attempts if a.started_at <= at):
        return GuardRule.IN_PROGRESS, None
    effective, unanswered = _counts(policy, target, facts, at, tz)
    if effective >= policy.effective_per_day:
        return GuardRule.CONVERSATION_CAP, _tomorrow(policy, at, tz)
    if unanswered >= policy.unanswered_per_number_per_day:
        return GuardRule.UNANSWERED_CAP, _tomorrow(policy, at, tz)
    return None


def _quiet_until(quiet: Iterable[Quiet], at: float) -> float | None:
    ends = [q.end for q in quiet if q.start <= at < q.end]
    return max(ends) if ends else None


def _message(rule: GuardRule, policy: GuardPolicy, at: float, nxt: float | None, tz: ZoneInfo, tz_name: str,
             effective: int, unanswered: int) -> Msg:
    when = _when(nxt, tz, tz_name) if nxt is not None else ""
    if rule is GuardRule.THIRD_PARTY:
        return N_("Not dialled: this number belongs to a third party (a contact of the customer), "
                  "who is never called.")
    if rule is GuardRule.DO_NOT_CONTACT:
        return N_("Not dialled: this number is on the do-not-contact list.")
    if rule is GuardRule.CALLING_HOURS:
        start, end = policy.window_text()
        return N_("Not dialled: it is {0} for the customer, outside the calling hours {1} to {2}. "
                  "Next allowed: {3}.", datetime.fromtimestamp(at, tz).strftime("%H:%M"), start, end, when)
    if rule is GuardRule.QUIET_PERIOD:
        return N_("Not dialled: the customer asked not to be called for now. Next allowed: {0}.", when)
    if rule is GuardRule.IN_PROGRESS:
        return N_("Not dialled: another call to this customer (a colleague's or the voice bot's) is not finished.")
    if rule is GuardRule.CONVERSATION_CAP:
        return N_("Not dialled: the customer has had {0} effective conversations today, the most allowed. "
                  "Next allowed: {1}.", effective, when)
    if rule is GuardRule.UNANSWERED_CAP:
        return N_("Not dialled: this number went unanswered {0} times today, the most allowed. "
                  "Next allowed: {1}.", unanswered, when)
    return N_("Not dialled: the contact ledger cannot be reached, so the calling rules cannot be checked. "
              "Ask your administrator.")


def _when(epoch: float, tz: ZoneInfo, tz_name: str) -> Msg:
    return N_("{0} the customer's time ({1})", datetime.fromtimestamp(epoch, tz).strftime("%Y-%m-%d %H:%M"), tz_name)
