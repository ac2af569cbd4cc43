"""The plan desk with real parts and no SIP: a real bus, SQLite, keyring backend, audit log and Kannel.

The call is only a call id here (the live call through Kamailio, with the
customer keying the code, is ``test_plan_change.py``); the case is handed in
as the case desk would hand it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from keyrings.alt.file import PlaintextKeyring

from softphone.bus import EventBus
from softphone.compliance.audit import AuditLog
from softphone.compliance.otp import OtpBook, OtpRules
from softphone.crm.model import Case, ContactNumber, Customer, Loan, Relation, stage_for_days
from softphone.events import DtmfReceived, PlanQuoted, PlanStateChanged
from softphone.plans import Method
from softphone.plans.desk import PlanDesk, PlanRefused, PlanRequest
from softphone.plans.store import PlanStore
from softphone.plans.views import PlanState
from softphone.secrets import SecretStore
from softphone.sms import KannelGateway
from softphone.states import CallId, DtmfSignal
from tests.rig.kannel import KannelRig
from tests.rig.recorder import EventRecorder

pytestmark = pytest.mark.timeout(90)

PHONE = "13700001111"
THIRD_PARTY = "13700002222"


def the_case() -> Case:
    due = date.today() + timedelta(days=10)
    return Case("C-PLAN", Customer("孙测试", "", "", ""),
                (Loan("HT-PLAN-1", "消费分期", 1_200_000, 1_000_000, 0.18, 91_680, due, 0, stage_for_days(0)),),
                (ContactNumber(THIRD_PARTY, Relation.SPOUSE, True), ContactNumber(PHONE, Relation.SELF)))


class Rig:
    def __init__(self, tmp_path: Path, kannel: KannelRig, rules: OtpRules | None = None) -> None:
        backend = PlaintextKeyring()
        backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
        self.secrets = SecretStore(backend)
        self.kannel = kannel
        self.bus = EventBus()
        self.seen = EventRecorder(self.bus)
        self.db = tmp_path / "data" / "softphone.db"
        self.audit = AuditLog.open(tmp_path / "data" / "audit.db", self.secrets)
        self.desk = PlanDesk(self.bus, self.db, self.case_of, self.gateway, lambda: self.audit, actor="1001",
                             otp=OtpBook(rules))
        self.cases: dict[str, Case] = {}

    def case_of(self, call_id: CallId) -> Future[Case | None]:
        f: Future[Case | None] = Future()
        f.set_result(self.cases.get(call_id))
        return f

    def gateway(self) -> KannelGateway:
        return KannelGateway(self.kannel.sendsms_url, self.kannel.user, self.kannel.password, timeout_s=3)

    def code(self, after: int = 0) -> str:
        text = self.kannel.wait_message(PHONE, after=after).text
        match = re.search(r"验证码(\d{6})", text)
        assert match, text
        return match.group(1)

    def close(self) -> None:
        self.desk.close()
        self.audit.close()
        self.bus.close()


@pytest.fixture
def rig(tmp_path: Path, kannel: KannelRig) -> Iterator[Rig]:
    r = Rig(tmp_path, kannel)
    yield r
    r.close()


def quote(rig: Rig, call: str, **kw: Any) -> Any:
    rig.cases[call] = the_case()
    return rig.desk.quote(CallId(call), PlanRequest(kw.pop("method", Method.EQUAL_INSTALLMENT),
                                                    kw.pop("months", 12), **kw)).result(10)


def test_the_code_goes_to_the_customers_own_phone_and_confirms_the_plan(rig: Rig):
    view = quote(rig, "k1", months=24)
    assert view.case_id == "C-PLAN" and len(view.rows) == 24 and view.contract_rate == "18.00 %"
    assert view.current is not None and view.current.periods < 24
    assert rig.desk.send_code(CallId("k1")).result(10) is PlanState.CODE_SENT
    sent = rig.seen.wait(PlanStateChanged, call_id="k1", state=PlanState.CODE_SENT)
    assert sent.sent_to == "137****1111" and sent.tries_left == 5 and sent.sends_left == 2
    message = rig.kannel.wait_message(PHONE)
    assert "24期" in message.text and view.totals.paid in message.text
    assert [m.to for m in rig.kannel.received()] == [PHONE]  # never the third party's number
    code = rig.code()
    for digit in code:  # the customer keys it on the phone
        rig.bus.post(DtmfReceived(CallId("k1"), digit, DtmfSignal.RFC2833))
    done = rig.seen.wait(PlanStateChanged, call_id="k1", state=PlanState.CONFIRMED)
    assert done.outcome == "confirmed" and done.plan_id
    store = PlanStore.open(rig.db)
    try:
        [plan] = store.plans_of("C-PLAN")
        assert (plan.call_id, plan.confirmed_by, plan.terms["months"]) == ("k1", "dtmf", 24)
    finally:
        store.close()
    actions = [e.action for e in rig.audit.entries()]
    assert actions == ["plan.proposed", "code.sent", "code.tried", "plan.confirmed"]
    assert rig.audit.verify().ok
    # the code is kept nowhere: not in the database, the audit log or any event
    for path in rig.db.parent.iterdir():
        assert code.encode() not in path.read_bytes(), path.name
    assert code not in repr([e for e in rig.seen.events if not isinstance(e, DtmfReceived)])


def test_five_wrong_codes_lock_and_the_right_one_then_does_nothing(rig: Rig):
    quote(rig, "k1")
    rig.desk.send_code(CallId("k1")).result(10)
    code = rig.code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    states = [rig.desk.confirm(CallId("k1"), wrong).result(10) for _ in range(5)]
    assert states == [PlanState.CODE_SENT] * 4 + [PlanState.LOCKED]
    rig.seen.wait(PlanStateChanged, state=PlanState.LOCKED)
    tries = [e.tries_left for e in rig.seen.events if isinstance(e, PlanStateChanged) and e.outcome]
    assert tries == [4, 3, 2, 1, 0]
    assert rig.desk.confirm(CallId("k1"), code).result(10) is PlanState.LOCKED
    with pytest.raises(PlanRefused, match="locked"):
        rig.desk.send_code(CallId("k1")).result(10)
    assert "plan.locked" in [e.action for e in rig.audit.entries()]


def test_an_expired_code_is_refused(tmp_path: Path, kannel: KannelRig):
    rig = Rig(tmp_path, kannel, OtpRules(expiry_s=0.5))
    try:
        quote(rig, "k1")
        rig.desk.send_code(CallId("k1")).result(10)
        code = rig.code()
        time.sleep(0.7)
        assert rig.desk.confirm(CallId("k1"), code).result(10) is PlanState.EXPIRED
        assert rig.seen.wait(PlanStateChanged, state=PlanState.EXPIRED).outcome == "expired"
    finally:
        rig.close()


def test_a_code_from_another_call_and_a_replayed_code_are_refused(rig: Rig):
    quote(rig, "k1")
    rig.desk.send_code(CallId("k1")).result(10)
    code = rig.code()
    quote(rig, "k2")
    rig.desk.confirm(CallId("k2"), code).result(10)
    assert rig.seen.wait(PlanStateChanged, call_id="k2", outcome="other_call").state is PlanState.QUOTED
    assert rig.desk.confirm(CallId("k1"), code).result(10) is PlanState.CONFIRMED
    rig.desk.confirm(CallId("k1"), code).result(10)
    assert "used already" in rig.seen.wait(PlanStateChanged, call_id="k1", outcome="used").user_message
    assert len(PlanStore.open(rig.db).plans_of("C-PLAN")) == 1


def test_a_changed_plan_needs_a_new_code(rig: Rig):
    quote(rig, "k1", months=12)
    rig.desk.send_code(CallId("k1")).result(10)
    code = rig.code()
    quote(rig, "k1", months=18)  # the agent changed the terms after the code went out
    rig.desk.confirm(CallId("k1"), code).result(10)
    changed = rig.seen.wait(PlanStateChanged, call_id="k1", outcome="plan_changed")
    assert "Send a new code" in changed.user_message


def test_a_rate_above_contract_plus_2_points_goes_to_review_and_no_sms_leaves(rig: Rig):
    view = quote(rig, "k1", annual_rate=Decimal("0.2050"))
    assert view.needs_review and "20.50 %" in view.review_reasons[0]
    assert rig.desk.send_code(CallId("k1")).result(10) is PlanState.REVIEW
    review = rig.seen.wait(PlanStateChanged, state=PlanState.REVIEW)
    assert "reviewer" in review.user_message
    time.sleep(1.0)
    assert rig.kannel.received() == []
    assert [e.action for e in rig.audit.entries()] == ["plan.review_queued"]
    # the agent cannot push it through by sending again
    assert rig.desk.send_code(CallId("k1")).result(10) is PlanState.REVIEW
    assert rig.kannel.received() == []
    store = PlanStore.open(rig.db)
    [pending] = store.reviews("pending")
    store.close()
    assert rig.desk.decide_review(pending.review_id, True, "reviewer-7", "hardship proven").result(10)
    decided = [e for e in rig.audit.entries() if e.action == "review.decided"]
    assert decided[0].actor == "reviewer-7" and decided[0].details["decision"] == "approved"
    assert rig.desk.send_code(CallId("k1")).result(10) is PlanState.CODE_SENT  # approved: now it may go
    rig.code()


def test_a_gateway_error_is_told_in_plain_words_and_the_plan_stays_pending(rig: Rig, tmp_path: Path):
    quote(rig, "k1")
    rig.kannel.password = "wrong"  # the administrator typed the Kannel password wrong
    assert rig.desk.send_code(CallId("k1")).result(10) is PlanState.SEND_FAILED
    failed = rig.seen.wait(PlanStateChanged, state=PlanState.SEND_FAILED)
    assert "refused the softphone's password" in failed.user_message
    rig.kannel.password = "kannel-test-pw"
    assert rig.desk.send_code(CallId("k1")).result(10) is PlanState.CODE_SENT  # the failed one did not count
    assert rig.seen.wait(PlanStateChanged, state=PlanState.CODE_SENT).sends_left == 2
    assert [e.action for e in rig.audit.entries()] == ["plan.proposed", "code.send_failed", "plan.proposed",
                                                       "code.sent"]


def test_no_case_and_no_own_phone_are_refused_in_plain_words(rig: Rig):
    with pytest.raises(PlanRefused, match="case"):
        rig.desk.quote(CallId("nobody"), PlanRequest(Method.EQUAL_INSTALLMENT, 12)).result(10)
    case = the_case()
    rig.cases["k1"] = Case(case.case_id, case.customer, case.loans, (ContactNumber(THIRD_PARTY, Relation.SPOUSE),))
    rig.desk.quote(CallId("k1"), PlanRequest(Method.EQUAL_INSTALLMENT, 12)).result(10)
    with pytest.raises(PlanRefused) as err:
        rig.desk.send_code(CallId("k1")).result(10)
    assert "customer's own" in err.value.user_message
    assert rig.kannel.received() == []


def test_a_plan_a_reviewer_rejected_is_never_sent(rig: Rig):
    quote(rig, "k1", annual_rate=Decimal("0.30"))
    assert rig.desk.send_code(CallId("k1")).result(10) is PlanState.REVIEW
    store = PlanStore.open(rig.db)
    [pending] = store.reviews("pending")
    store.close()
    assert rig.desk.decide_review(pending.review_id, False, "reviewer-7", "").result(10)
    assert not rig.desk.decide_review(pending.review_id, True, "reviewer-8", "").result(10), "decided once"
    quote(rig, "k2", annual_rate=Decimal("0.30"))  # the same plan on a later call
    with pytest.raises(PlanRefused, match="rejected"):
        rig.desk.send_code(CallId("k2")).result(10)
    assert rig.kannel.received() == []


def test_a_change_of_the_compliance_settings_is_audited_without_its_values(tmp_path: Path):
    import dataclasses

    from softphone.compliance.audit import audit_path
    from softphone.session import Session
    from tests.conftest import engine_settings

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    settings = engine_settings(None, storage=dict(data_dir=str(tmp_path / "data")))
    session = Session(settings, SecretStore(backend))
    session.start()
    try:
        new = dataclasses.replace(settings, sms=dataclasses.replace(settings.sms, gateway="kannel",
                                                                    kannel_user="ops-7"),
                                  cases=dataclasses.replace(settings.cases, require_wrapup=False))
        wanted = session.apply_settings(new)
        assert "engine" not in {p.value for p in wanted.restarts}, "an [sms] change restarts nothing"
        log = AuditLog.open(audit_path(settings.storage), SecretStore(backend))
        [entry] = [e for e in log.entries() if e.action == "compliance.settings_changed"]
        assert entry.details["keys"] == ["cases.require_wrapup", "sms.gateway", "sms.kannel_user"]
        assert "ops-7" not in repr(entry) and log.verify().ok
        log.close()
    finally:
        session.close()
