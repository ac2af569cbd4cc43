"""The guard desk: the dialing guard's thread, between the session and the ledger.

Every dial of this softphone (dial pad, Call back, the case panel, headless
``dial``) goes through ``Session.dial``, which asks ``begin`` before the engine
sends any INVITE. ``begin`` holds a pending attempt per debtor the number belongs
to; ``bind`` ties it to the call, and the call's own state events finish it
(answered and how long, busy, rejected, unanswered). Outside attempts (the AI
bot's, via headless ``guard.begin`` / ``guard.finish`` or ``guard.record``) use
the same ledger.

The ledger connection lives on this desk's one thread (``guard``). A ledger that
cannot be reached refuses the call (``LedgerDown.REFUSE``, the default) or, if
the administrator chose ``allow``, lets it through unchecked and writes an audit
entry for it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ...bus import EventBus
from ...crm.model import Case, Relation
from ...errors import DialRefused, LedgerUnavailable
from ...events import CallStateChanged, Event
from ...states import CallId, CallState
from ...storage.vault import normalise_number
from ...worker import submit
from .ledger import ContactLedger
from .policy import GuardPolicy, LedgerDown
from .rules import Decision, Facts, GuardRule, Outcome, Target, decide

__all__ = ["GuardDesk", "Ticket", "targets_for", "classify"]

log = logging.getLogger(__name__)
T = TypeVar("T")
_BUSY, _REJECTED = frozenset({486, 600}), frozenset({403, 603})
OUTSIDE_DIGITS = 7  # a number this long is outside the company (extensions are shorter)


@dataclass
class Ticket:
    """What ``begin`` held for one dial: the ledger rows to finish when the call ends."""

    attempt_ids: list[int] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    unchecked: bool = False  # the ledger was down and the policy let the call through


@dataclass
class _Track:
    answered_at: float | None = None
    ended: tuple[float, int] | None = None  # (at, SIP code)
    ticket: Ticket | None = None
    seen_at: float = 0.0


def classify(policy: GuardPolicy, answered_at: float | None, ended_at: float, code: int) -> Outcome:
    if answered_at is not None:
        talk = ended_at - answered_at
        return Outcome.EFFECTIVE if talk >= policy.effective_min_talk_s else Outcome.ANSWERED_SHORT
    if code in _BUSY:
        return Outcome.BUSY
    if code in _REJECTED:
        return Outcome.REJECTED
    return Outcome.UNANSWERED


def targets_for(cases: tuple[Case, ...], number: str, fingerprint: Callable[[str], str],
                default_zone: str) -> list[Target]:
    """The debtors ``number`` would reach: its cases where it is the customer's own; else where it is a third party's."""
    digits = normalise_number(number)
    fp = fingerprint(number)
    own: list[Target] = []
    third: list[Target] = []
    for case in cases:
        for n in case.numbers:
            if normalise_number(n.number) != digits:
                continue
            target = Target(case.case_id, fp, n.relation is Relation.SELF, n.do_not_contact,
                            case.time_zone or default_zone)
            (own if target.own_number else third).append(target)
            break
    return own or third


class GuardDesk:
    """See the module docstring; ``close()`` ends its thread."""

    def __init__(self, bus: EventBus, open_ledger: Callable[[], ContactLedger], policy: GuardPolicy, *,
                 agent: str, clock: Callable[[], float] = time.time,
                 audit_fail_open: Callable[[str, dict[str, object]], None] | None = None) -> None:
        self.policy, self.agent, self.clock = policy, agent, clock
        self._open_ledger = open_ledger
        self._audit_fail_open = audit_fail_open or (lambda case_id, details: None)
        self._ledger: ContactLedger | None = None
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="guard")
        self._tracks: dict[CallId, _Track] = {}
        self._lock = threading.Lock()
        self._unsubscribe = bus.subscribe(self._on_event, CallStateChanged)

    # -- any thread ----------------------------------------------------------------------------
    def begin(self, cases: tuple[Case, ...], number: str, *, source: str = "softphone",
              call_ref: str = "") -> Future[Ticket]:
        """Check and hold a dial to ``number``; fails with ``DialRefused`` (its decision) before any INVITE."""
        return self._run(lambda: self._begin(cases, number, source, call_ref))

    def bind(self, ticket: Ticket, call_id: CallId) -> None:
        """The engine placed the call: its end finishes the ticket's attempts."""
        self._run(lambda: self._bind(ticket, call_id)).add_done_callback(_log_failure)

    def cancel(self, ticket: Ticket) -> None:
        """The dial never left this computer: its attempts count for nothing."""
        now = self.clock()

        def run() -> None:
            for attempt_id in ticket.attempt_ids:
                self._ledger_().finish(attempt_id, Outcome.CANCELLED, answered_at=None, ended_at=now)
        self._run(run).add_done_callback(_log_failure)

    def check(self, case: Case, number: str, at: float | None = None) -> Future[Decision]:
        """What dialling ``number`` of ``case`` would meet at ``at`` (default now); holds nothing."""
        return self._run(lambda: self._check(case, number, self.clock() if at is None else at))

    def begin_outside(self, case: Case, number: str, *, source: str, agent: str, call_ref: str = "",
                      at: float | None = None) -> Future[Decision]:
        """An outside dialler (the AI bot) asks and holds; ``finish_outside`` closes the attempt."""
        def run() -> Decision:
            ledger = self._ledger_()
            target = self._target(ledger, case, number)
            return ledger.begin(self.policy, target, self.clock() if at is None else at, source=source, agent=agent,
                                call_ref=call_ref)
        return self._run(run)

    def finish_outside(self, attempt_id: int, outcome: Outcome, *, answered_at: float | None,
                       ended_at: float | None = None) -> Future[None]:
        return self._run(lambda: self._ledger_().finish(attempt_id, outcome, answered_at=answered_at,
                                                        ended_at=self.clock() if ended_at is None else ended_at))

    def record(self, case: Case, number: str, outcome: Outcome, started_at: float, *, answered_at: float | None,
               ended_at: float | None, source: str, agent: str) -> Future[int]:
        def run() -> int:
            ledger = self._ledger_()
            target = self._target(ledger, case, number)
            return ledger.record(case.case_id, target.number_fp, outcome, started_at, answered_at=answered_at,
                                 ended_at=ended_at, source=source, agent=agent)
        return self._run(run)

    def quiet(self, case_id: str, until: float, *, set_by: str, start: float | None = None) -> Future[int]:
        """The customer asked not to be called until ``until``."""
        return self._run(lambda: self._ledger_().add_quiet(case_id, self.clock() if start is None else start, until,
                                                           set_by))

    def set_dnc(self, number: str, listed: bool, *, set_by: str, reason: str = "") -> Future[None]:
        def run() -> None:
            ledger = self._ledger_()
            ledger.set_dnc(ledger.fingerprint(number), listed, set_by=set_by, at=self.clock(), reason=reason)
        return self._run(run)

    def close(self) -> None:
        self._unsubscribe()
        self._pool.submit(self._close_ledger)
        self._pool.shutdown(wait=True)

    def _run(self, fn: Callable[[], T]) -> Future[T]:
        return submit(self._pool, fn, "guard")

    def _on_event(self, event: Event) -> None:
        if isinstance(event, CallStateChanged) and event.new in (CallState.CONFIRMED, CallState.DISCONNECTED):
            try:
                self._pool.submit(self._on_state, event).add_done_callback(_log_failure)
            except RuntimeError:
                pass  # closing

    # -- the guard thread ---------------------------------------------------------------------
    def _ledger_(self) -> ContactLedger:
        if self._ledger is None:
            self._ledger = self._open_ledger()
        return self._ledger

    def _close_ledger(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None

    def _target(self, ledger: ContactLedger, case: Case, number: str) -> Target:
        found = targets_for((case,), number, ledger.fingerprint, self.policy.default_time_zone)
        if found:
            return found[0]
        # a number the case does not list: the guard treats it as a third party's (never dialled)
        return Target(case.case_id, ledger.fingerprint(number), False, False,
                      case.time_zone or self.policy.default_time_zone)

    def _check(self, case: Case, number: str, at: float) -> Decision:
        ledger = self._ledger_()
        return ledger.check(self.policy, self._target(ledger, case, number), at)

    def _begin(self, cases: tuple[Case, ...], number: str, source: str, call_ref: str) -> Ticket:
        at = self.clock()
        try:
            return self._hold(cases, number, source, call_ref, at)
        except LedgerUnavailable as exc:
            self._drop_ledger()
            if self.policy.on_ledger_down is LedgerDown.ALLOW:
                log.warning("contact ledger down, dialling unchecked (policy: allow): %s", exc)
                self._audit_fail_open(cases[0].case_id if cases else "", {"reason": "ledger_down"})
                return Ticket(unchecked=True)
            raise DialRefused(str(exc), user_message=exc.user_message, decision={
                "allowed": False, "rule": GuardRule.LEDGER_DOWN.value, "next_allowed": None,
                "message": str(exc.user_message)}) from exc

    def _hold(self, cases: tuple[Case, ...], number: str, source: str, call_ref: str, at: float) -> Ticket:
        ledger = self._ledger_()
        targets = targets_for(cases, number, ledger.fingerprint, self.policy.default_time_zone)
        ticket = Ticket()
        if not targets:
            self._check_unknown(ledger, number, at)
            return ticket
        for target in targets:
            decision = ledger.begin(self.policy, target, at, source=source, agent=self.agent, call_ref=call_ref)
            if not decision.allowed:
                for held in ticket.attempt_ids:
                    ledger.finish(held, Outcome.CANCELLED, answered_at=None, ended_at=at)
                raise DialRefused(f"guard: {decision.rule.value if decision.rule else ''} for case "
                                  f"{target.case_id}", user_message=decision.message, decision=decision.to_json())
            ticket.decisions.append(decision)
            if decision.attempt_id is not None:
                ticket.attempt_ids.append(decision.attempt_id)
        return ticket

    def _check_unknown(self, ledger: ContactLedger, number: str, at: float) -> None:
        """A number in no case: an extension (a colleague) meets only the do-not-contact list; an outside
        number (7 digits or more) also the calling hours, in the policy's default zone. No cap: no debtor."""
        fp = ledger.fingerprint(number)
        if len(normalise_number(number)) >= OUTSIDE_DIGITS:
            decision = ledger.check(self.policy, Target("", fp), at)
        elif ledger.is_listed(fp):
            decision = decide(self.policy, Target("", fp), Facts(listed_dnc=True), at)
        else:
            return
        if not decision.allowed:
            raise DialRefused(f"guard: {decision.rule.value if decision.rule else ''} (no case)",
                              user_message=decision.message, decision=decision.to_json())

    def _drop_ledger(self) -> None:
        """After a failure: open again on the next use (a server back up is used at once)."""
        if self._ledger is not None:
            try:
                self._ledger.close()
            except Exception:  # noqa: BLE001 - already broken
                pass
            self._ledger = None

    def _bind(self, ticket: Ticket, call_id: CallId) -> None:
        track = self._tracks.setdefault(call_id, _Track(seen_at=self.clock()))
        track.ticket = ticket
        self._maybe_finish(call_id, track)

    def _on_state(self, event: CallStateChanged) -> None:
        track = self._tracks.setdefault(event.call_id, _Track(seen_at=self.clock()))
        if event.new is CallState.CONFIRMED and track.answered_at is None:
            track.answered_at = event.at
        elif event.new is CallState.DISCONNECTED:
            track.ended = (event.at, event.code)
        self._maybe_finish(event.call_id, track)
        self._prune()

    def _maybe_finish(self, call_id: CallId, track: _Track) -> None:
        if track.ended is None or track.ticket is None:
            return
        del self._tracks[call_id]
        ended_at, code = track.ended
        outcome = classify(self.policy, track.answered_at, ended_at, code)
        try:
            ledger = self._ledger_()
            for attempt_id in track.ticket.attempt_ids:
                ledger.finish(attempt_id, outcome, answered_at=track.answered_at, ended_at=ended_at)
        except LedgerUnavailable as exc:  # the attempt stays pending and goes stale: it then counts as unanswered
            log.error("call outcome not written to the contact ledger: %s", exc)
            self._drop_ledger()

    def _prune(self) -> None:
        """Calls that were never ours (incoming, or dialled before the guard) are forgotten after a while."""
        old = self.clock() - 120
        for call_id in [c for c, t in self._tracks.items() if t.ticket is None and t.ended and t.seen_at < old]:
            del self._tracks[call_id]


def _log_failure(future: Future[Any]) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("guard desk: %s", exc)
