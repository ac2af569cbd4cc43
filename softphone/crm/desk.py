"""The case desk: the screen pop, live risk hints and the wrap-up, for the calls of one session.

::

    bus: IncomingCall / OutgoingCall --> cases thread: find the case (X-Customer-Id, User-to-User, number)
                                         --> CaseFound (masked views, hints, stage script)
         PhraseAlert (customer: hardship, complaint) --> RiskHintsChanged
         CallStateChanged (DISCONNECTED), a case shown --> WrapUpRequired
    submit_wrapup(WrapUp) --> check --> store (wrap-up, contact, promise) --> WrapUpStored

Everything runs on one ``cases`` thread, which owns the case store (sqlite)
and the HTTP source; bus handlers only hand events over. Clear case data
never leaves this module: events carry ``views.CaseView`` values.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ..bus import EventBus
from ..errors import SoftphoneError, StorageError
from ..events import (
    CallStateChanged, CaseFound, EmotionChanged, ErrorRaised, Event, IncomingCall, OutgoingCall, PhraseAlert,
    RiskHintsChanged, WrapUpRequired, WrapUpStored,
)
from ..i18n import Msg, N_
from ..secrets import SecretStore
from ..settings import Settings
from ..sip.headers import uri_user
from ..states import AudioChannel, CallId, CallState, CasePopState, EmotionLabel, Severity
from ..storage.vault import FieldCipher
from ..worker import submit
from . import risk, wrapup as wrapup_rules
from .handoff_keys import handoff_case_key
from .model import Case, PastContact, Promise, WrapUp, Disposition
from .scripts import ScriptBook, ScriptError, load_scripts, script_dir
from .source import CaseLookup, CaseNotFound, CaseSource, CaseSourceError, LookupResult
from .store import CaseStore
from .views import CaseView, RiskHint, ScriptView, case_view

__all__ = ["CaseDesk", "WrapUpPending", "WrapUpRejected", "NO_KEY_MESSAGE"]

log = logging.getLogger(__name__)
T = TypeVar("T")

NO_KEY_MESSAGE = N_("Customer cases need the password store (keyring) to be encrypted; none are shown.")
NO_CASE_MESSAGE = N_("No case was found for this call. Search by case id, contract no., name or last 4 digits.")
_CUSTOMER_SAID = ("hardship", "complaint")


class WrapUpPending(SoftphoneError):
    default_user_message = N_("Finish the wrap-up of the last call before the next call.")


class WrapUpRejected(SoftphoneError):
    """The wrap-up has problems the agent must fix (``problems``); nothing was stored."""

    default_user_message = N_("The wrap-up has mistakes to fix; nothing was stored.")

    def __init__(self, message: str, *, problems: list[Msg] | None = None, user_message: str | None = None) -> None:
        problems = problems or []
        super().__init__(message, user_message=user_message or (problems[0] if problems else None))
        self.problems = problems


@dataclass
class _CallCase:
    intent: str = ""
    case: Case | None = None
    said: set[str] = field(default_factory=set)
    agent_alerts: list[Severity] = field(default_factory=list)
    customer_negative: bool = False


class CaseDesk:
    """See the module docstring. ``close()`` ends its thread."""

    def __init__(self, bus: EventBus, settings: Settings, db_path: Path, cipher: FieldCipher | None,
                 secrets: SecretStore) -> None:
        self._bus, self._settings = bus, settings
        self._db_path, self._cipher, self._secrets = db_path, cipher, secrets
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="cases")
        self._lock = threading.Lock()
        self._pending: dict[CallId, WrapUpRequired] = {}
        self._calls: dict[CallId, _CallCase] = {}
        self._store: CaseStore | None = None
        self._source: CaseSource | None = None
        self._scripts: ScriptBook | None = None
        self._pool.submit(self._open).add_done_callback(_log_failure)
        self._unsubscribe = bus.subscribe(self._on_event, IncomingCall, OutgoingCall, PhraseAlert, EmotionChanged,
                                          CallStateChanged)

    # -- any thread ----------------------------------------------------------------------
    @property
    def pending_wrapups(self) -> tuple[CallId, ...]:
        with self._lock:
            return tuple(self._pending)

    def check_can_dial(self) -> None:
        """Raises ``WrapUpPending`` while a required wrap-up is not done."""
        if self.pending_wrapups:
            raise WrapUpPending(f"wrap-up pending for {len(self.pending_wrapups)} call(s)")

    def lookup(self, text: str, call_id: CallId | None = None) -> Future[tuple[CaseView, ...]]:
        """The agent's search; with ``call_id`` the result is also that call's screen pop."""
        return self._run(lambda: self._search(text, call_id))

    def choose(self, call_id: CallId, case_id: str) -> Future[CaseView]:
        """The agent picked ``case_id`` for ``call_id`` (several matched, or a search)."""
        return self._run(lambda: self._choose(call_id, case_id))

    def submit_wrapup(self, wrapup: WrapUp) -> Future[int]:
        """Check and store a call's wrap-up; the result is the call's score. ``WrapUpRejected`` lists what to fix."""
        return self._run(lambda: self._submit(wrapup))

    def case_of(self, call_id: CallId) -> Future[Case | None]:
        """The clear case of a call, for the engine's own parts (the plan desk); never for a front end."""
        return self._run(lambda: self._calls[call_id].case if call_id in self._calls else None)

    def cases_for(self, number: str) -> Future[tuple[Case, ...]]:
        """The clear cases holding ``number`` (the dialling guard's question); never for a front end.

        A case source that fails (the CRM down) falls back to the local case book."""
        def find() -> tuple[Case, ...]:
            query = CaseLookup(number=number)
            try:
                if self._source is not None:
                    return self._source.lookup(query).cases
            except CaseSourceError as exc:
                log.warning("case source failed for the guard, the local case book answers: %s", exc)
            return self._store.lookup(query).cases if self._store is not None else ()
        return self._run(find)

    def case_by_id(self, case_id: str) -> Future[Case | None]:
        """The clear case ``case_id`` from the local case book (the guard's commands); never for a front end."""
        return self._run(lambda: self._store.get(case_id) if self._store is not None else None)

    def note_contact(self, case_id: str, outcome: str, note: str) -> Future[bool]:
        """Add a line to a case's history (a confirmed plan change); False when there is no such case."""
        def add() -> bool:
            if self._store is None:
                return False
            return self._store.add_contact(case_id, PastContact(time.time(), "call", outcome, note))
        return self._run(add)

    def seed(self, cases: list[Case]) -> Future[tuple[int, int]]:
        """Put ``cases`` into the local case book (the demo's); (added, updated)."""
        def put() -> tuple[int, int]:
            if self._store is None:
                raise StorageError("no case store", user_message=NO_KEY_MESSAGE)
            return self._store.upsert_many(cases)
        return self._run(put)

    def take_over(self, old: CaseDesk) -> None:
        """Keep the calls and pending wrap-ups of the desk this one replaces (settings applied)."""
        with old._lock, self._lock:
            self._pending.update(old._pending)
        self._pool.submit(self._calls.update, dict(old._calls))

    def close(self) -> None:
        self._unsubscribe()
        self._pool.submit(self._close_store)
        self._pool.shutdown(wait=True)

    def _run(self, fn: Any) -> Future[Any]:
        return submit(self._pool, fn, "case")

    # -- bus thread: hand over ----------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        try:
            self._pool.submit(self._handle, event).add_done_callback(_log_failure)
        except RuntimeError:
            pass  # closing

    # -- the cases thread ------------------------------------------------------------------------
    def _open(self) -> None:
        cases = self._settings.cases
        if self._cipher is not None:
            self._store = CaseStore.open(self._db_path, self._cipher)
        if cases.source == "http" and cases.http_url:
            from .http_source import HttpCaseSource, crm_token

            self._source = HttpCaseSource(cases.http_url, crm_token(self._secrets), cases.http_timeout_s, self._store)
        else:
            self._source = self._store
        try:
            self._scripts = load_scripts(script_dir(self._settings.assist.rules_language))
        except ScriptError as exc:
            log.error("call scripts not loaded: %s", exc)
            self._bus.post(_error(exc))

    def _close_store(self) -> None:
        if self._source is not None and self._source is not self._store:
            self._source.close()
        if self._store is not None:
            self._store.close()
        self._store = self._source = None

    def _handle(self, event: Event) -> None:
        if isinstance(event, (IncomingCall, OutgoingCall)):  # the caller's, or the dialled, number
            self._pop(event.call_id, event.headers, uri_user(event.remote_uri))
        elif isinstance(event, PhraseAlert):
            self._on_alert(event)
        elif isinstance(event, EmotionChanged) and event.channel is AudioChannel.CUSTOMER:
            self._call(event.call_id).customer_negative = event.label is EmotionLabel.NEGATIVE
        elif isinstance(event, CallStateChanged):
            self._on_state(event)

    def _call(self, call_id: CallId) -> _CallCase:
        return self._calls.setdefault(call_id, _CallCase())

    def _pop(self, call_id: CallId, headers: tuple[tuple[str, str], ...], number: str) -> None:
        call = self._call(call_id)
        call.intent = next((v for n, v in headers if n.lower() == "x-intent"), "")
        key = handoff_case_key(headers)
        attempts: list[tuple[str, CaseLookup]] = []
        if key is not None:
            attempts.append((key[0], CaseLookup(case_id=key[1])))
        if sum(ch.isdigit() for ch in number) >= 5:
            attempts.append(("number", CaseLookup(number=number)))
        if not attempts:
            self._post_none(call_id, "number")
            return
        for found_by, query in attempts:
            result = self._ask(call_id, query, found_by)
            if result is None:
                return  # the source failed: said so
            if result.cases:
                self._show(call_id, result, found_by)
                return
        self._post_none(call_id, attempts[-1][0])

    def _ask(self, call_id: CallId, query: CaseLookup, found_by: str) -> LookupResult | None:
        if self._source is None:
            self._bus.post(CaseFound(call_id, CasePopState.UNAVAILABLE, (), (), None, found_by,
                                     user_message=NO_KEY_MESSAGE))
            return None
        try:
            return self._source.lookup(query)
        except (CaseSourceError, StorageError) as exc:
            log.warning("case lookup failed: %s", exc)
            self._bus.post(CaseFound(call_id, CasePopState.UNAVAILABLE, (), (), None, found_by,
                                     user_message=exc.user_message))
            return None

    def _show(self, call_id: CallId, result: LookupResult, found_by: str) -> None:
        message = result.problem or ""
        if len(result.cases) > 1:
            views = tuple(case_view(c) for c in result.cases)
            self._bus.post(CaseFound(call_id, CasePopState.SEVERAL, views, (), None, found_by, result.cached_at,
                                     message or N_("{0} cases match this call: choose one.", len(views))))
            return
        self._attach(call_id, result.cases[0], found_by, result.cached_at, message)

    def _attach(self, call_id: CallId, case: Case, found_by: str, cached_at: float | None, message: str) -> CaseView:
        call = self._call(call_id) if call_id else _CallCase()
        call.case = case
        view = case_view(case)
        self._bus.post(CaseFound(call_id, CasePopState.FOUND, (view,), self._hints(call), self._script(case, call),
                                 found_by, cached_at, message))
        return view

    def _post_none(self, call_id: CallId, found_by: str) -> None:
        self._bus.post(CaseFound(call_id, CasePopState.NONE, (), (), None, found_by, user_message=NO_CASE_MESSAGE))

    def _hints(self, call: _CallCase) -> tuple[RiskHint, ...]:
        if call.case is None:
            return ()
        return risk.risk_hints(call.case, frozenset(call.said), date.today(),
                               self._settings.cases.multi_lender_threshold)

    def _script(self, case: Case, call: _CallCase) -> ScriptView | None:
        if self._scripts is None:
            return None
        return self._scripts.script_for(case.stage, case.loans[0].bucket if case.loans else None, call.intent)

    def _search(self, text: str, call_id: CallId | None) -> tuple[CaseView, ...]:
        if self._source is None:
            raise CaseSourceError("no case source", user_message=NO_KEY_MESSAGE)
        result = self._source.lookup(CaseLookup(text=text))
        views = tuple(case_view(c) for c in result.cases)
        if call_id:
            if len(result.cases) == 1:
                self._attach(call_id, result.cases[0], "search", result.cached_at, result.problem or "")
            elif result.cases:
                self._show(call_id, result, "search")
            else:
                self._post_none(call_id, "search")
        return views

    def _choose(self, call_id: CallId, case_id: str) -> CaseView:
        if self._source is None:
            raise CaseSourceError("no case source", user_message=NO_KEY_MESSAGE)
        result = self._source.lookup(CaseLookup(case_id=case_id))
        if not result.cases:
            raise CaseNotFound(f"no case {case_id}")
        return self._attach(call_id, result.cases[0], "chosen", result.cached_at, result.problem or "")

    def _on_alert(self, alert: PhraseAlert) -> None:
        call = self._call(alert.call_id)
        if alert.channel is AudioChannel.AGENT:
            call.agent_alerts.append(alert.severity)
            return
        if alert.category in _CUSTOMER_SAID and alert.category not in call.said:
            call.said.add(alert.category)
            if call.case is not None:
                self._bus.post(RiskHintsChanged(alert.call_id, call.case.case_id, self._hints(call)))

    def _on_state(self, event: CallStateChanged) -> None:
        if event.new is not CallState.DISCONNECTED or self._store is None:
            return
        call = self._call(event.call_id)
        if call.case is None:  # a call without a case (a colleague, an unknown number): nothing to wrap up
            self._calls.pop(event.call_id, None)
            return
        cases = self._settings.cases
        asked = WrapUpRequired(event.call_id, call.case.case_id, call.case.balance_fen, cases.promise_horizon_days,
                               cases.require_wrapup)
        if cases.require_wrapup:
            with self._lock:
                self._pending[event.call_id] = asked
        self._bus.post(asked)

    def _submit(self, wrapup: WrapUp) -> int:
        if self._store is None:
            raise StorageError("no case store", user_message=NO_KEY_MESSAGE)
        call = self._calls.get(CallId(wrapup.call_id), _CallCase())
        case = call.case if call.case is not None and call.case.case_id == wrapup.case_id else (
            self._store.get(wrapup.case_id) if wrapup.case_id else None)
        problems = wrapup_rules.check(wrapup, case, date.today(), self._settings.cases.promise_horizon_days)
        if problems:
            raise WrapUpRejected("wrap-up refused: " + "; ".join(problems), problems=problems)
        scored = wrapup_rules.score(wrapup, call.agent_alerts, call.customer_negative)
        self._store.save_wrapup(wrapup, scored.total, {"promise": scored.promise, "compliance": scored.compliance,
                                                       "emotion": scored.emotion})
        if case is not None:
            self._store.add_contact(case.case_id, PastContact(time.time(), "call", wrapup.disposition.value,
                                                              wrapup.note), _promise_of(wrapup))
        with self._lock:
            self._pending.pop(CallId(wrapup.call_id), None)
        self._calls.pop(CallId(wrapup.call_id), None)
        self._bus.post(WrapUpStored(CallId(wrapup.call_id), wrapup.case_id, wrapup.disposition.value, scored.total,
                                    wrapup.promise_amount_fen or 0))
        return scored.total


def _promise_of(wrapup: WrapUp) -> Promise | None:
    if wrapup.disposition is not Disposition.PROMISE_TO_PAY or wrapup.promise_due is None:
        return None
    return Promise(date.today(), wrapup.promise_due, wrapup.promise_amount_fen or 0)


def _error(exc: SoftphoneError) -> Event:
    return ErrorRaised("cases", str(exc), exc.user_message)


def _log_failure(future: Future[Any]) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("case desk: %s", exc, exc_info=exc)
