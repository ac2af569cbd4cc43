"""The plan change in the window: a live call through Kamailio, Kannel delivering the SMS, the caller keying it.

Real parts: Kamailio, a pjsua2 peer in its own process (the customer on the phone), Kannel (bearerbox,
smsbox, fakesmsc as the operator's SMSC), the window offscreen, SQLite and a real (file) keyring backend.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from softphone.crm.model import Case, ContactNumber, Customer, Disposition, Loan, Relation, stage_for_days
from softphone.crm.store import CaseStore
from softphone.plans.store import PlanStore
from softphone.session import PlanState
from softphone.sms import KANNEL_PASSWORD_ENTRY, save_sms_secret
from softphone.states import CallState
from softphone.storage.db import database_path
from softphone.storage.vault import history_cipher
from tests.conftest import MakePeer
from tests.rig.kamailio import Kamailio
from tests.rig.kannel import KannelRig
from tests.ui.conftest import file_keyring_store
from tests.ui.test_case_file import window_text

pytestmark = pytest.mark.timeout(150)

PHONE = "13955556666"


def the_case() -> Case:
    due = date.today() + timedelta(days=9)
    return Case("C-PL", Customer("钱测试", "", "", ""),
                (Loan("HT-PL-1", "消费分期", 1_200_000, 1_000_000, 0.18, 91_680, due, 0, stage_for_days(0)),),
                (ContactNumber(PHONE, Relation.SELF),))


def test_the_agent_changes_the_plan_and_the_customer_confirms_it_by_keying_the_sms_code(
        qtbot, kam: Kamailio, kannel: KannelRig, make_session, make_peer: MakePeer, tmp_path: Path,  # type: ignore[no-untyped-def]
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = file_keyring_store(tmp_path)
    save_sms_secret(secrets, KANNEL_PASSWORD_ENTRY, kannel.password)
    s = make_session(kam, secrets=secrets, extra=f"""[sms]
gateway = "kannel"
kannel_url = "{kannel.sendsms_url}"
kannel_user = "{kannel.user}"
""")
    qtbot.waitUntil(lambda: s.window.status.state.text() == "Registered", timeout=10000)
    session = s.host.session
    cipher, _ = history_cipher(session.secrets)
    store = CaseStore.open(database_path(session.settings.storage), cipher)
    store.upsert_many([the_case()])
    store.close()

    peer = make_peer(kam, "2001")
    pc = peer.cmd("call", uri=kam.uri("1001"), headers={"X-Customer-Id": "C-PL"})["call"]
    panel = s.window.customer
    qtbot.waitUntil(lambda: panel.state == "case", timeout=10000)
    assert not panel.plan_button.isVisible(), "no plan change before the call is answered"
    popup = next(iter(s.window.popups.values()))
    qtbot.mouseClick(popup.answer_b, Qt.MouseButton.LeftButton)
    peer.wait_event("call_state", call=pc, state="CONFIRMED")
    qtbot.waitUntil(lambda: panel.plan_button.isVisible(), timeout=5000)

    qtbot.mouseClick(panel.plan_button, Qt.MouseButton.LeftButton)
    dialog = next(iter(s.window.plan_change.dialogs.values()))
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert dialog.rate.value() == 18.0, "the contract's rate is the default"

    # over the contract rate + 2 points: a reviewer decides, no SMS leaves
    dialog.rate.setValue(21.0)
    qtbot.mouseClick(dialog.quote_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.view is not None and dialog.review.isVisible(), timeout=5000)
    assert "21.00 %" in dialog.review.text() and "reviewer" in dialog.review.text()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state is PlanState.REVIEW, timeout=5000)
    assert "reviewer" in dialog.status.text() and "no code is sent" in dialog.status.text()
    qtbot.wait(800)
    assert kannel.received() == []

    # back to the contract rate, over 24 months: the code goes out, the customer keys it
    dialog.rate.setValue(18.0)
    dialog.months.setValue(24)
    assert not dialog.send_button.isEnabled(), "changed terms need a new quote first"
    qtbot.mouseClick(dialog.quote_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 24 and not dialog.review.isVisible(), timeout=5000)
    assert "APR 18.00 %" in dialog.apr.text()
    assert dialog.table.item(23, 5).text() == "0.00" and "Now:" in dialog.compare.text()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state is PlanState.CODE_SENT, timeout=8000)
    assert "139****6666" in dialog.status.text() and "Tries left: 5" in dialog.status.text()
    qtbot.waitUntil(lambda: "expires in 4:" in dialog.countdown.text(), timeout=3000)
    assert dialog.code.echoMode() is QLineEdit.EchoMode.Password

    text = kannel.wait_message(PHONE).text
    code = re.search(r"验证码(\d{6})", text).group(1)  # type: ignore[union-attr]
    peer.cmd("dtmf", call=pc, digits=code)
    qtbot.waitUntil(lambda: dialog.state is PlanState.CONFIRMED, timeout=10000)
    assert "Confirmed by the customer" in dialog.status.text()
    assert not dialog.send_button.isEnabled() and not dialog.code.isEnabled()
    call = next(iter(s.window.panels.values()))
    assert "•" in call.notice.text(), "the call panel shows the customer's keys hidden"
    dialog.grab().save(str(tmp_path / "plan-dialog.png"))

    plans = PlanStore.open(database_path(session.settings.storage))
    [plan] = plans.plans_of("C-PL")
    plans.close()
    assert plan.confirmed_by == "dtmf" and plan.terms["months"] == 24

    shown = window_text(s.window) + window_text(dialog)
    assert code not in shown and code not in caplog.text
    stored = b"".join(p.read_bytes() for p in database_path(session.settings.storage).parent.rglob("*")
                      if p.is_file())
    assert code.encode() not in stored and PHONE.encode() not in stored
    qtbot.mouseClick(call.hangup_b, Qt.MouseButton.LeftButton)
    peer.wait_event("call_state", call=pc, state="DISCONNECTED")
    qtbot.waitUntil(lambda: call.state is CallState.DISCONNECTED, timeout=5000)
    qtbot.waitUntil(lambda: not panel.plan_button.isVisible(), timeout=5000)

    form = s.window.wrapup  # the wrap-up; then the call's history row says a new plan was agreed
    qtbot.waitUntil(lambda: form.isVisible(), timeout=6000)
    form.set_disposition(Disposition.HARDSHIP)
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not session.pending_wrapups, timeout=5000)
    qtbot.waitUntil(lambda: hasattr(s.window, "history_view"), timeout=10000)
    qtbot.waitUntil(lambda: "new plan" in s.window.history_view.visible_text(), timeout=8000)


def test_in_the_demo_the_simulated_customer_keys_the_code_from_the_sms(qtbot, make_session) -> None:  # type: ignore[no-untyped-def]
    s = make_session(None, demo=True)
    qtbot.waitUntil(lambda: bool(s.window.popups), timeout=15000)
    popup = next(iter(s.window.popups.values()))
    qtbot.mouseClick(popup.answer_b, Qt.MouseButton.LeftButton)
    panel = s.window.customer
    qtbot.waitUntil(lambda: panel.state == "case" and panel.plan_button.isVisible(), timeout=10000)
    qtbot.mouseClick(panel.plan_button, Qt.MouseButton.LeftButton)
    dialog = next(iter(s.window.plan_change.dialogs.values()))
    dialog.months.setValue(6)
    qtbot.mouseClick(dialog.quote_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 6, timeout=5000)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state is PlanState.CODE_SENT, timeout=5000)
    assert "138****0001" in dialog.status.text(), "the code went to the demo customer's own phone on file"
    qtbot.waitUntil(lambda: dialog.state is PlanState.CONFIRMED, timeout=15000)  # the bot reads it, keys it
