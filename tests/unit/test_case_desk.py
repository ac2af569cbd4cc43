"""The case desk between the bus and the case sources: screen pop, live hints, wrap-up, the CRM going down.

Real parts: the event bus, the case store in a SQLite file, the HTTP adapter
against a local HTTP server (the one of ``test_case_http.py``). The call
events are posted on the bus as the engine posts them; the SIP path itself is
covered by ``tests/ui/test_case_file.py`` and
``tests/integration/test_headless_cases.py``.
"""

from __future__ import annotations

import binascii
import dataclasses
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from softphone.bus import EventBus
from softphone.crm.desk import CaseDesk, WrapUpPending, WrapUpRejected
from softphone.crm.model import (
    Case, ContactNumber, Customer, Disposition, Loan, Relation, WrapUp, stage_for_days,
)
from softphone.crm.store import CaseStore
from softphone.events import CallStateChanged, CaseFound, IncomingCall, PhraseAlert, RiskHintsChanged, WrapUpRequired
from softphone.secrets import SecretStore
from softphone.settings import Settings
from softphone.states import AccountId, AudioChannel, CallId, CallState, CasePopState
from softphone.storage.vault import FieldCipher
from tests.unit.test_case_http import CrmServer, case_json, crm  # noqa: F401 - the server fixture

Seen = list[Any]


def case(case_id: str, name: str, number: str, days: int = 20, balance: int = 500_000) -> Case:
    loan = Loan(f"HT-{case_id}", "现金贷", balance, balance, 0.18, 50_000, date.today() - timedelta(days=days), days,
                stage_for_days(days))
    return Case(case_id, Customer(name), (loan,), (ContactNumber(number, Relation.SELF),))


class Desk:
    def __init__(self, tmp_path: Path, settings: Settings, cases: list[Case]) -> None:
        self.bus = EventBus()
        self.seen: list[Any] = []
        self._cond = threading.Condition()
        self.bus.subscribe(self._keep)
        cipher = FieldCipher(FieldCipher.new_key())
        path = tmp_path / "softphone.db"
        store = CaseStore.open(path, cipher)
        store.upsert_many(cases)
        store.close()
        self.desk = CaseDesk(self.bus, settings, path, cipher, SecretStore())

    def _keep(self, event: Any) -> None:
        with self._cond:
            self.seen.append(event)
            self._cond.notify_all()

    def wait(self, kind: type, timeout: float = 5, **match: Any) -> Any:
        with self._cond:
            ok = self._cond.wait_for(lambda: any(isinstance(e, kind) and all(getattr(e, k) == v for k, v in
                                                                             match.items()) for e in self.seen), timeout)
            assert ok, f"no {kind.__name__} {match}: {self.seen}"
            return next(e for e in self.seen if isinstance(e, kind) and all(getattr(e, k) == v for k, v in
                                                                          match.items()))

    def ring(self, call_id: str, number: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.bus.post(IncomingCall(CallId(call_id), AccountId("a"), f"<sip:{number}@pbx>", "", "sip-id", headers,
                                   None))

    def end(self, call_id: str) -> None:
        self.bus.post(CallStateChanged(CallId(call_id), CallState.INCOMING, CallState.CONFIRMED, 200, "OK"))
        self.bus.post(CallStateChanged(CallId(call_id), CallState.CONFIRMED, CallState.DISCONNECTED, 200, "BYE"))

    def close(self) -> None:
        self.desk.close()
        self.bus.close()


@pytest.fixture
def make_desk(tmp_path: Path) -> Iterator[Any]:
    made: list[Desk] = []

    def make(cases: list[Case], **cases_settings: Any) -> Desk:
        s = Settings()
        settings = dataclasses.replace(s, cases=dataclasses.replace(s.cases, **cases_settings))
        made.append(Desk(tmp_path, settings, cases))
        return made[-1]

    yield make
    for d in made:
        d.close()


BOOK = [case("C-1", "张三", "13800001111"), case("C-2", "张四", "13900002222", days=3),
        case("C-3", "李五", "13900002222", days=70)]


def test_the_caller_number_finds_its_case_and_two_cases_on_one_number_let_the_agent_choose(make_desk) -> None:  # type: ignore[no-untyped-def]
    d = make_desk(BOOK)
    d.ring("k1", "+8613800001111")
    found = d.wait(CaseFound, call_id="k1")
    assert found.state is CasePopState.FOUND and found.found_by == "number"
    assert found.cases[0].case_id == "C-1" and found.cases[0].name == "张*"
    d.ring("k2", "13900002222")
    several = d.wait(CaseFound, call_id="k2")
    assert several.state is CasePopState.SEVERAL and {c.case_id for c in several.cases} == {"C-2", "C-3"}
    assert "2 cases" in several.user_message
    chosen = d.desk.choose(CallId("k2"), "C-3").result(5)
    assert chosen.stage.value == "M3+"
    assert d.wait(CaseFound, call_id="k2", found_by="chosen").script is not None, "the M3+ script comes with it"


def test_user_to_user_hex_names_the_case_and_an_unknown_caller_gets_none_with_a_search(make_desk) -> None:  # type: ignore[no-untyped-def]
    d = make_desk(BOOK)
    uui = binascii.hexlify(b"case_id=C-2&lang=zh").decode() + ";encoding=hex;purpose=isdn-uui"
    d.ring("k1", "2001", (("User-to-User", uui),))
    found = d.wait(CaseFound, call_id="k1")
    assert (found.state, found.found_by, found.cases[0].case_id) == (CasePopState.FOUND, "user_to_user", "C-2")
    assert found.script is not None and found.script.bucket is not None and found.script.bucket.value == "1-3"
    d.ring("k2", "2002", (("User-to-User", "zz;encoding=hex"), ("X-Customer-Id", "no such case")))
    none = d.wait(CaseFound, call_id="k2")
    assert none.state is CasePopState.NONE and "Search" in none.user_message
    assert [v.case_id for v in d.desk.lookup("2222", CallId("k2")).result(5)] in (["C-2", "C-3"], ["C-3", "C-2"])


def test_hardship_said_during_the_call_adds_a_hint_and_the_wrapup_is_required_before_the_next_call(make_desk) -> None:  # type: ignore[no-untyped-def]
    d = make_desk(BOOK)
    d.ring("k1", "13800001111", (("X-Customer-Id", "C-1"),))
    d.wait(CaseFound, call_id="k1")
    d.bus.post(PhraseAlert(CallId("k1"), AudioChannel.CUSTOMER, "k1/customer/0/h/0", "hardship.no_money", "hardship",
                           "medium", "没钱", 0, (0, 2), "", 3.0, 0.2, False))
    hints = d.wait(RiskHintsChanged, call_id="k1")
    assert "hardship" in " ".join(h.reason for h in hints.hints)
    d.end("k1")
    asked = d.wait(WrapUpRequired, call_id="k1")
    assert asked.required and asked.balance_fen == 500_000 and asked.case_id == "C-1"
    with pytest.raises(WrapUpPending):
        d.desk.check_can_dial()
    late = WrapUp("k1", "C-1", Disposition.PROMISE_TO_PAY, date.today() + timedelta(days=60), 10_000)
    with pytest.raises(WrapUpRejected) as refused:
        d.desk.submit_wrapup(late).result(5)
    assert "30 days" in str(refused.value.problems[0])
    good = dataclasses.replace(late, promise_due=date.today() + timedelta(days=5))
    assert 0 < d.desk.submit_wrapup(good).result(5) <= 100
    d.desk.check_can_dial()  # no longer refused


def test_without_the_wrapup_rule_the_next_call_is_not_held_back(make_desk) -> None:  # type: ignore[no-untyped-def]
    d = make_desk(BOOK, require_wrapup=False)
    d.ring("k1", "13800001111")
    d.wait(CaseFound, call_id="k1")
    d.end("k1")
    assert d.wait(WrapUpRequired, call_id="k1").required is False
    d.desk.check_can_dial()


def test_the_crm_down_shows_the_last_copy_with_its_age_and_says_so(make_desk, crm: CrmServer) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    crm.json("/api/cases/C-1001", case_json("C-1001"))
    d = make_desk([], source="http", http_url=crm.url, http_timeout_s=0.5)
    d.ring("k1", "2001", (("X-Customer-Id", "C-1001"),))
    fresh = d.wait(CaseFound, call_id="k1")
    assert fresh.state is CasePopState.FOUND and fresh.cached_at is None
    crm.stop()
    d.ring("k2", "2001", (("X-Customer-Id", "C-1001"),))
    stale = d.wait(CaseFound, call_id="k2")
    assert stale.state is CasePopState.FOUND and stale.cached_at is not None
    assert "cannot be reached" in stale.user_message, stale.user_message
    d.ring("k3", "2001", (("X-Customer-Id", "C-404"),))
    down = d.wait(CaseFound, call_id="k3")
    assert down.state is CasePopState.UNAVAILABLE and down.user_message
