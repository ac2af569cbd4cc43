"""The plan desk: a repayment-plan change on a call, from the quote to the customer's code.

::

    quote(call, PlanRequest) --> the call's case (CaseDesk) --> Quote --> PlanQuoted (view, no personal data)
    send_code(call) --> over the caps? --> plan_reviews, audit, PlanStateChanged(REVIEW); no SMS
                    --> OtpBook.issue --> SMS to the customer's phone on file --> PlanStateChanged(CODE_SENT)
                                                       (gateway error: SEND_FAILED, the plan stays quoted)
    DtmfReceived digits (raw bus; hidden from front ends) / confirm(call, typed code)
                    --> OtpBook.check --> audit --> CONFIRMED (plan_changes, case history) | CODE_SENT | LOCKED
    CallStateChanged(DISCONNECTED) --> the pending code ends with the call (ENDED)

Everything runs on one ``plans`` thread, which owns the plan tables; the
code exists only inside ``_send`` (from ``OtpBook.issue`` to the gateway) and
inside ``_check`` (what the customer keyed or the agent typed). Once a code
is sent on a call, the far end's keys of that call reach front ends as ``•``
(``keys_hidden``, used by the session's masked feed) until the call ends.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from ..bus import EventBus
from ..compliance.audit import AuditAction, AuditLog
from ..compliance.masking import mask_phone
from ..compliance.otp import Challenge, CheckOutcome, CheckResult, OtpBook, OtpRefused
from ..crm.model import Case, Loan, Relation
from ..errors import SmsError, SoftphoneError
from ..events import CallStateChanged, DtmfReceived, Event, PlanQuoted, PlanStateChanged
from ..i18n import Msg, N_
from ..sms.message import SmsGateway, SmsMessage
from ..states import CallId, CallState
from ..worker import submit
from .compare import current_summary
from .quote import Quote, quote
from .schedule import add_months
from .reviews import decide_review
from .store import PlanStore, ReviewState
from .terms import Method, Terms, plan_hash
from .views import PlanQuoteView, PlanState, quote_view

__all__ = ["PlanDesk", "PlanRequest", "PlanRefused", "CaseOfCall"]

log = logging.getLogger(__name__)
T = TypeVar("T")

CaseOfCall = Callable[[CallId], "Future[Case | None]"]


class PlanRefused(SoftphoneError):
    """The plan change cannot go on now (no case, no quote, no phone on file, the rules): ``user_message`` says why."""

    default_user_message = N_("The plan change cannot go on now.")


@dataclass(frozen=True)
class PlanRequest:
    """The terms the agent picks; amounts in fen, the rate a fraction. Defaults come from the call's loan."""

    method: Method
    months: int
    annual_rate: Decimal | None = None  # None: the contract's rate
    defer_months: int = 0
    first_due: date | None = None  # None: the loan's next due date, or a month from today
    principal_fen: int | None = None  # None: the loan's balance
    contract_no: str = ""  # "": the case's first loan


@dataclass
class _Change:
    case: Case
    loan: Loan
    quote: Quote
    view: PlanQuoteView
    state: PlanState = PlanState.QUOTED
    digits: list[str] = field(default_factory=list)


class PlanDesk:
    """See the module docstring. ``close()`` ends its thread."""

    def __init__(self, bus: EventBus, db_path: Path, case_of: CaseOfCall, gateway: Callable[[], SmsGateway],
                 audit: Callable[[], AuditLog], actor: str, otp: OtpBook | None = None,
                 sms_signature: Callable[[], str] = lambda: "", note_contact: Callable[[str, str], object] | None = None) -> None:
        self._bus, self._db_path = bus, db_path
        self._case_of, self._gateway_factory, self._audit_factory = case_of, gateway, audit
        self._actor, self._signature = actor, sms_signature
        self._note_contact = note_contact
        self.otp = otp or OtpBook()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="plans")
        self._changes: dict[CallId, _Change] = {}
        self._awaiting: set[CallId] = set()  # calls whose code is awaited (read on the engine thread)
        self._awaiting_lock = threading.Lock()
        self._store: PlanStore | None = None
        self._pool.submit(self._open).add_done_callback(_log_failure)
        self._unsubscribe = bus.subscribe(self._on_event, CallStateChanged, DtmfReceived)

    # -- any thread ------------------------------------------------------------------------
    def quote(self, call_id: CallId, request: PlanRequest) -> Future[PlanQuoteView]:
        case = self._case_of(call_id)
        return self._run(lambda: self._quote(call_id, request, case.result(timeout=10)))

    def send_code(self, call_id: CallId) -> Future[PlanState]:
        return self._run(lambda: self._send(call_id))

    def confirm(self, call_id: CallId, code: str) -> Future[PlanState]:
        """The code the customer read out, typed by the agent."""
        return self._run(lambda: self._check(call_id, code, "typed"))

    def decide_review(self, review_id: str, approve: bool, reviewer: str, note: str = "") -> Future[bool]:
        return self._run(lambda: self._decide(review_id, approve, reviewer, note))

    def keys_hidden(self, call_id: str) -> bool:
        """True once a code was sent on the call, until it ends: front ends see its keys as ``•``."""
        with self._awaiting_lock:
            return call_id in self._awaiting

    def close(self) -> None:
        self._unsubscribe()
        self._pool.submit(self._close_store)
        self._pool.shutdown(wait=True)

    def _run(self, fn: Callable[[], T]) -> Future[T]:
        return submit(self._pool, fn, "plan")

    def _on_event(self, event: Event) -> None:
        if isinstance(event, DtmfReceived) and self.keys_hidden(event.call_id):
            try:
                self._pool.submit(self._on_digit, event.call_id, event.digit).add_done_callback(_log_failure)
            except RuntimeError:
                pass
        elif isinstance(event, CallStateChanged) and event.new is CallState.DISCONNECTED:
            self._set_awaiting(event.call_id, False)
            try:
                self._pool.submit(self._call_ended, event.call_id).add_done_callback(_log_failure)
            except RuntimeError:
                pass

    def _set_awaiting(self, call_id: CallId, on: bool) -> None:
        with self._awaiting_lock:
            (self._awaiting.add if on else self._awaiting.discard)(call_id)

    # -- the plans thread ------------------------------------------------------------------
    def _open(self) -> None:
        self._store = PlanStore.open(self._db_path)

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def _require_store(self) -> PlanStore:
        if self._store is None:
            raise PlanRefused("no plan store", user_message=N_("The plan changes cannot be stored now."))
        return self._store

    def _quote(self, call_id: CallId, request: PlanRequest, case: Case | None) -> PlanQuoteView:
        if case is None:
            raise PlanRefused("no case on the call", user_message=N_("Choose the customer's case first."))
        loan = _loan(case, request.contract_no)
        today = date.today()
        first = request.first_due or (loan.due_date if loan.due_date and loan.due_date >= today
                                      else add_months(today, 1))
        if first < today:
            raise PlanRefused("first due date in the past", user_message=N_(
                "The first payment of a new plan cannot be before today."))
        contract = Decimal(str(loan.annual_rate))
        terms = Terms(request.method, request.principal_fen or loan.balance_fen,
                      request.annual_rate if request.annual_rate is not None else contract, request.months, first,
                      request.defer_months)
        current = current_summary(loan.balance_fen, contract, loan.instalment_fen, loan.due_date or first)
        q = quote(terms, contract, current)
        view = quote_view(q, case.case_id)
        self._changes[call_id] = _Change(case, loan, q, view)
        self._bus.post(PlanQuoted(call_id, view))
        self._post_state(call_id, PlanState.QUOTED)
        return view

    def _change(self, call_id: CallId) -> _Change:
        change = self._changes.get(call_id)
        if change is None:
            raise PlanRefused("no quote on the call", user_message=N_("Quote a plan on this call first."))
        return change

    def _send(self, call_id: CallId) -> PlanState:
        change = self._change(call_id)
        if change.state in (PlanState.CONFIRMED, PlanState.LOCKED, PlanState.ENDED):
            raise PlanRefused(f"plan change is {change.state.value}", user_message=_FINAL[change.state])
        store, view = self._require_store(), change.view
        audit = self._audit_factory()
        if view.needs_review:
            reviewed = store.review_state(view.case_id, view.plan_hash)
            if reviewed == ReviewState.REJECTED:
                raise PlanRefused("plan rejected by a reviewer", user_message=N_(
                    "A reviewer rejected this plan; it cannot be sent to the customer."))
            if reviewed != ReviewState.APPROVED:
                return self._queue_review(call_id, change, store, audit, reviewed == ReviewState.PENDING)
        phone = _phone_on_file(change.case)
        try:
            code, challenge = self.otp.issue(call_id, view.case_id, view.plan_hash)
        except OtpRefused as exc:
            raise PlanRefused(f"code refused: {exc}", user_message=exc.reason) from None
        audit.append(AuditAction.PLAN_PROPOSED, actor=self._actor, call_id=call_id, case_id=view.case_id,
                     details=_plan_details(view))
        self._set_awaiting(call_id, True)  # from now on the far end's keys may be the code
        message = SmsMessage(phone, self._text(view, code))  # the code's only way out
        try:
            self._gateway_factory().send(message)
        except SmsError as exc:
            self.otp.discard(challenge.challenge_id)
            audit.append(AuditAction.CODE_SEND_FAILED, actor=self._actor, call_id=call_id, case_id=view.case_id,
                         details={"plan": view.plan_hash[:16], "error": type(exc).__name__})
            change.state = PlanState.SEND_FAILED
            self._post_state(call_id, PlanState.SEND_FAILED, user_message=exc.user_message)
            return change.state
        store.save_challenge(challenge)
        audit.append(AuditAction.CODE_SENT, actor=self._actor, call_id=call_id, case_id=view.case_id,
                     details={"plan": view.plan_hash[:16], "sends": challenge.sends,
                              "expires_in_s": int(challenge.expires_at - challenge.issued_at)})
        change.state, change.digits = PlanState.CODE_SENT, []
        self._post_state(call_id, PlanState.CODE_SENT, challenge, to=mask_phone(phone))
        return change.state

    def _text(self, view: PlanQuoteView, code: str) -> str:
        name = self._signature()
        sign = f"【{name}】" if name else ""
        return (f"{sign}还款计划变更：{view.proposed.periods}期，首期{view.proposed.monthly}元，"
                f"年化{view.apr.replace(' ', '')}，合计{view.totals.paid}元。验证码{code}，5分钟内有效，"
                f"可在通话中按键输入。勿告诉他人。")

    def _queue_review(self, call_id: CallId, change: _Change, store: PlanStore, audit: AuditLog,
                      queued: bool) -> PlanState:
        view = change.view
        change.state = PlanState.REVIEW
        if queued:  # sending again does not queue it twice
            self._post_state(call_id, PlanState.REVIEW, user_message=N_(
                "This plan is waiting for a reviewer; no code is sent until it is approved."))
            return change.state
        record = store.queue_review(view.case_id, call_id, view.plan_hash, change.quote.terms.canonical(),
                                    view.review_reasons)
        audit.append(AuditAction.PLAN_REVIEW_QUEUED, actor=self._actor, call_id=call_id, case_id=view.case_id,
                     details={**_plan_details(view), "review": record.review_id,
                              "reasons": [str(r) for r in view.review_reasons]})
        self._post_state(call_id, PlanState.REVIEW, user_message=N_(
            "This plan goes to a reviewer first, and no code is sent: {0}", view.review_reasons[0]))
        return change.state

    def _on_digit(self, call_id: CallId, digit: str) -> None:
        change = self._changes.get(call_id)
        if change is None or change.state is not PlanState.CODE_SENT:
            return
        if digit == "*":
            change.digits = []
            return
        if digit != "#":
            change.digits.append(digit)
        if digit == "#" or len(change.digits) >= self.otp.rules.digits:
            entered, change.digits = "".join(change.digits), []
            self._check(call_id, entered, "dtmf")

    def _check(self, call_id: CallId, entered: str, how: str) -> PlanState:
        change = self._change(call_id)
        view = change.view
        result = self.otp.check(call_id, view.plan_hash, entered)
        audit = self._audit_factory()
        audit.append(AuditAction.CODE_TRIED, actor=self._actor, call_id=call_id, case_id=view.case_id,
                     details={"plan": view.plan_hash[:16], "outcome": result.outcome.value, "by": how,
                              "tries_left": result.tries_left})
        if result.challenge is not None:
            self._require_store().save_challenge(result.challenge)
        if result.outcome is CheckOutcome.CONFIRMED:
            return self._confirmed(call_id, change, how, audit, result)
        if result.outcome is CheckOutcome.LOCKED:
            change.state = PlanState.LOCKED
            audit.append(AuditAction.PLAN_LOCKED, actor=self._actor, call_id=call_id, case_id=view.case_id,
                         details={"plan": view.plan_hash[:16]})
        elif result.outcome is CheckOutcome.EXPIRED:
            change.state = PlanState.EXPIRED
            audit.append(AuditAction.PLAN_EXPIRED, actor=self._actor, call_id=call_id, case_id=view.case_id,
                         details={"plan": view.plan_hash[:16]})
        self._post_state(call_id, change.state, result.challenge, user_message=result.message, outcome=result)
        return change.state

    def _confirmed(self, call_id: CallId, change: _Change, how: str, audit: AuditLog, result: CheckResult) -> PlanState:
        view = change.view
        record = self._require_store().save_plan(view.case_id, call_id, view.plan_hash,
                                                 change.quote.terms.canonical(),
                                                 {"interest": view.totals.interest, "paid": view.totals.paid},
                                                 view.apr, how)
        audit.append(AuditAction.PLAN_CONFIRMED, actor=self._actor, call_id=call_id, case_id=view.case_id,
                     details={**_plan_details(view), "plan_id": record.plan_id, "by": how})
        change.state = PlanState.CONFIRMED
        if self._note_contact is not None:
            self._note_contact(view.case_id, f"plan changed: {view.method}, {view.proposed.periods} months, "
                                             f"{view.proposed.monthly} a month, APR {view.apr} ({record.plan_id})")
        self._post_state(call_id, PlanState.CONFIRMED, result.challenge, user_message=result.message,
                         outcome=result, plan_id=record.plan_id)
        return change.state

    def _call_ended(self, call_id: CallId) -> None:
        ended = self.otp.end_call(call_id)
        change = self._changes.pop(call_id, None)
        if not ended or change is None:
            return
        for challenge in ended:
            if self._store is not None:
                self._store.save_challenge(challenge)
        self._audit_factory().append(AuditAction.PLAN_EXPIRED, actor=self._actor, call_id=call_id,
                                     case_id=change.view.case_id,
                                     details={"plan": change.view.plan_hash[:16], "why": "call ended"})
        self._post_state(call_id, PlanState.ENDED, ended[-1], user_message=N_(
            "The call ended before the customer gave the code; the plan was not changed."))

    def _decide(self, review_id: str, approve: bool, reviewer: str, note: str) -> bool:
        return decide_review(self._require_store(), self._audit_factory(), review_id, approve, reviewer,
                             note) is not None

    def _post_state(self, call_id: CallId, state: PlanState, challenge: Challenge | None = None, *,
                    user_message: str = "", to: str = "", outcome: CheckResult | None = None,
                    plan_id: str = "") -> None:
        change = self._changes.get(call_id)
        case_id = change.view.case_id if change else (challenge.case_id if challenge else "")
        plan = change.view.plan_hash if change else ""
        sends = len(self.otp.challenges(call_id))
        self._bus.post(PlanStateChanged(
            call_id, case_id, state, plan,
            tries_left=challenge.tries_left if challenge else self.otp.rules.max_tries,
            expires_at=challenge.expires_at if challenge else None,
            sends_left=max(0, self.otp.rules.max_sends_per_call - sends),
            sent_to=to, outcome=outcome.outcome.value if outcome else "", plan_id=plan_id,
            user_message=user_message))


_FINAL: dict[PlanState, Msg] = {
    PlanState.CONFIRMED: N_("The customer has confirmed this plan already."),
    PlanState.LOCKED: N_("This plan change is locked after too many wrong codes."),
    PlanState.ENDED: N_("The call has ended."),
}


def _loan(case: Case, contract_no: str) -> Loan:
    if not case.loans:
        raise PlanRefused("case without loans", user_message=N_("This case has no loan to change."))
    if not contract_no:
        return case.loans[0]
    for loan in case.loans:
        if loan.contract_no == contract_no:
            return loan
    raise PlanRefused("no such contract", user_message=N_("The case has no loan with that contract number."))


def _phone_on_file(case: Case) -> str:
    """The customer's own number (never a third party's, never one the agent typed)."""
    for number in case.numbers:
        if number.relation is Relation.SELF and not number.do_not_contact and len(number.number) >= 7:
            return number.number
    raise PlanRefused("no customer phone on file", user_message=N_(
        "The case has no phone number of the customer's own on file, so no code can be sent."))


def _plan_details(view: PlanQuoteView) -> dict[str, object]:
    return {"plan": view.plan_hash[:16], "method": view.method, "months": view.months,
            "defer_months": view.defer_months, "rate": view.annual_rate, "apr": view.apr,
            "monthly": view.proposed.monthly, "total_paid": view.totals.paid}


def _log_failure(future: Future[Any]) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("plan desk: %s", exc, exc_info=exc)
