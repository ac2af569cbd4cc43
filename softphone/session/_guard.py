"""The session's dialing guard: the policy, the ledger it opens, and the dial that asks first.

``GuardParts.dial`` is the only way this softphone places a call: it finds the
cases that hold the number (the case desk), asks the guard desk to check and
hold an attempt, and only then lets the engine dial. A refusal fails the future
with ``DialRefused``: no INVITE has left.

The policy is read once per start (``compliance.guard.policy``); a policy file
that cannot be used is reported (``ErrorRaised``) and the built-in policy applies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from ..bus import EventBus
from ..compliance.audit import AuditAction
from ..compliance.guard import BUILT_IN, GuardDesk, GuardPolicy, Outcome, Ticket, load_policy
from ..compliance.guard.connect import open_ledger
from ..crm.desk import CaseDesk
from ..crm.model import Case
from ..states import CallId
from ..errors import GuardPolicyError, SoftphoneError
from ..events import ErrorRaised
from ..i18n import N_
from ..secrets import SecretStore
from ..settings import Settings
from ..sip.headers import uri_user
from ..worker import copy_outcome

__all__ = ["GuardParts", "dialled_number"]

log = logging.getLogger(__name__)


def dialled_number(target: str) -> str:
    """The number a dial target reaches: the user part of a SIP URI, or the target itself."""
    return uri_user(target) if ("@" in target or ":" in target) else target


class GuardParts:
    def __init__(self, bus: EventBus, settings: Settings, secrets: SecretStore, cases: Callable[[], CaseDesk],
                 audit: Callable[[AuditAction, str, dict[str, object]], None], *,
                 clock: Callable[[], float] | None = None) -> None:
        self._cases = cases
        self.policy = self._policy(bus)
        self._audit = audit
        agent = settings.account.user or settings.account.id or "agent"
        kwargs: dict[str, Any] = {"clock": clock} if clock is not None else {}
        self.desk = GuardDesk(bus, lambda: open_ledger(settings, secrets), self.policy, agent=agent,
                              audit_fail_open=lambda case_id, details: audit(AuditAction.GUARD_FAIL_OPEN, case_id,
                                                                            details), **kwargs)

    @staticmethod
    def _policy(bus: EventBus) -> GuardPolicy:
        try:
            return load_policy()
        except GuardPolicyError as exc:
            log.error("guard policy not used: %s", exc)
            bus.post(ErrorRaised("guard", str(exc), exc.user_message))
            return BUILT_IN

    def dial(self, target: str, place: Callable[[], Future[CallId]]) -> Future[CallId]:
        """Check ``target`` with the guard, then ``place`` the call; ``DialRefused`` before any INVITE."""
        result: Future[CallId] = Future()
        number = dialled_number(target)

        def placed(ticket: Ticket, call: Future[CallId]) -> None:
            exc = call.exception()
            if exc is not None:
                self.desk.cancel(ticket)
                result.set_exception(exc)
                return
            self.desk.bind(ticket, call.result())
            result.set_result(call.result())

        def checked(held: Future[Ticket]) -> None:
            exc = held.exception()
            if exc is not None:
                result.set_exception(exc)
                return
            ticket = held.result()
            place().add_done_callback(lambda call: placed(ticket, call))

        def found(cases: Future[tuple[Case, ...]]) -> None:
            exc = cases.exception()
            if exc is not None:
                result.set_exception(exc)
                return
            self.desk.begin(cases.result(), number).add_done_callback(checked)

        self._cases().cases_for(number).add_done_callback(found)
        return result

    # -- the guard's own commands (CLI, headless, the bot) -------------------------------------
    def case(self, case_id: str) -> Future[Case]:
        result: Future[Case] = Future()

        def got(f: Future[Case | None]) -> None:
            exc = f.exception()
            if exc is not None:
                result.set_exception(exc)
            elif f.result() is None:
                result.set_exception(SoftphoneError(f"no case {case_id}", user_message=N_(
                    "There is no case {0} in the case book.", case_id)))
            else:
                result.set_result(f.result())  # type: ignore[arg-type]
        self._cases().case_by_id(case_id).add_done_callback(got)
        return result

    def then(self, case_id: str, fn: Callable[[Case], Future[Any]]) -> Future[Any]:
        """``fn(case)`` once the case is found; its result (or the failure)."""
        result: Future[Any] = Future()

        def with_case(f: Future[Case]) -> None:
            exc = f.exception()
            if exc is not None:
                result.set_exception(exc)
                return
            try:
                fn(f.result()).add_done_callback(lambda inner: copy_outcome(inner, result))
            except BaseException as err:  # noqa: BLE001 - goes back to the caller
                result.set_exception(err)
        self.case(case_id).add_done_callback(with_case)
        return result

    def check(self, case_id: str, number: str, at: float | None = None) -> Future[dict[str, Any]]:
        return self._json(self.then(case_id, lambda case: self.desk.check(case, number, at)))

    def begin_outside(self, case_id: str, number: str, source: str, agent: str) -> Future[dict[str, Any]]:
        def run(case: Case) -> Future[Any]:
            return self.desk.begin_outside(case, number, source=source, agent=agent)
        return self._json(self.then(case_id, run), with_id=True)

    def finish_outside(self, attempt_id: int, outcome: Outcome, answered_at: float | None,
                       ended_at: float | None) -> Future[None]:
        return self.desk.finish_outside(attempt_id, outcome, answered_at=answered_at, ended_at=ended_at)

    def record(self, case_id: str, number: str, outcome: Outcome, started_at: float, answered_at: float | None,
               ended_at: float | None, source: str, agent: str) -> Future[int]:
        return self.then(case_id, lambda case: self.desk.record(case, number, outcome, started_at,
                                                                answered_at=answered_at, ended_at=ended_at,
                                                                source=source, agent=agent))

    def quiet(self, case_id: str, until: float, set_by: str) -> Future[int]:
        def run(case: Case) -> Future[Any]:
            self._audit(AuditAction.GUARD_QUIET_SET, case.case_id, {"until": until})
            return self.desk.quiet(case.case_id, until, set_by=set_by)
        return self.then(case_id, run)

    def set_dnc(self, number: str, listed: bool, set_by: str, reason: str = "") -> Future[None]:
        self._audit(AuditAction.GUARD_DNC_CHANGED, "", {"listed": listed})
        return self.desk.set_dnc(number, listed, set_by=set_by, reason=reason)

    def close(self) -> None:
        self.desk.close()

    @staticmethod
    def _json(decision: Future[Any], with_id: bool = False) -> Future[dict[str, Any]]:
        result: Future[dict[str, Any]] = Future()

        def done(f: Future[Any]) -> None:
            exc = f.exception()
            if exc is not None:
                result.set_exception(exc)
                return
            body = f.result().to_json()
            if with_id:
                body["attempt_id"] = f.result().attempt_id
            result.set_result(body)
        decision.add_done_callback(done)
        return result
