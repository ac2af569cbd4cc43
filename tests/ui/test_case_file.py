"""The case file in the window: an AI hand-off through Kamailio from a pjsua2 peer carrying X-Customer-Id.

Real parts: Kamailio, the peer in its own process, the window offscreen, the
case book in the real SQLite file encrypted with the key in a real (file)
keyring backend. The case is put in the book the way ``cases import`` does
(``CaseStore.upsert_many``) before the call.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QTableWidget, QWidget

from softphone.crm.model import (
    Case, ContactNumber, Customer, Disposition, Loan, Promise, PromiseState, Relation, stage_for_days,
)
from softphone.crm.store import CaseStore
from softphone.demo.cases import fictional_id
from softphone.session import WrapUpPending
from softphone.storage.db import database_path
from softphone.storage.vault import history_cipher
from softphone.states import CallState
from tests.conftest import MakePeer
from tests.rig.kamailio import Kamailio

pytestmark = pytest.mark.timeout(120)

NAME = "赵测试"
PHONE = "13912345678"
SPOUSE = "13987654321"
ID_NUMBER = fictional_id("110101", "19000307", "421")
CARD = "6222020200112233445"
ADDRESS = "测试省测试市某路 8 号"
RAW = (NAME, PHONE, SPOUSE, ID_NUMBER, CARD, ADDRESS)


def the_case() -> Case:
    today = date.today()
    return Case(
        "C-900", Customer(NAME, ID_NUMBER, CARD, ADDRESS),
        (Loan("HT-2026-0900", "消费分期", 1_200_000, 800_000, 0.18, 105_000, today - timedelta(days=5), 5,
              stage_for_days(5), 210_000),),
        (ContactNumber(PHONE, Relation.SELF), ContactNumber(SPOUSE, Relation.SPOUSE, True)),
        promises=(Promise(today - timedelta(days=20), today - timedelta(days=12), 105_000, PromiseState.BROKEN),
                  Promise(today - timedelta(days=8), today - timedelta(days=4), 105_000, PromiseState.BROKEN)),
        lenders_count=4, complaints=1)


def seed(session) -> Path:  # type: ignore[no-untyped-def]
    cipher, problem = history_cipher(session.secrets)
    assert cipher is not None, problem
    path = database_path(session.settings.storage)
    store = CaseStore.open(path, cipher)
    try:
        assert store.upsert_many([the_case()]) == (1, 0)
    finally:
        store.close()
    return path


def window_text(root: QWidget) -> str:
    """Everything readable in the window: labels, fields, buttons, table cells, tooltips."""
    texts = [w.text() for w in root.findChildren(QLabel)] + [w.toolTip() for w in root.findChildren(QWidget)]
    texts += [w.text() for w in root.findChildren(QLineEdit)] + [w.text() for w in root.findChildren(QAbstractButton)]
    texts += [w.toPlainText() for w in root.findChildren(QPlainTextEdit)]
    for table in root.findChildren(QTableWidget):
        texts += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())
                  if table.item(r, c) is not None]
    return "\n".join(texts)


def test_handoff_pops_the_masked_case_with_hints_and_script_and_the_wrapup_is_required_and_stored(
        qtbot, kam: Kamailio, make_session, make_peer: MakePeer, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    s = make_session(kam)
    qtbot.waitUntil(lambda: s.window.status.state.text() == "Registered", timeout=10000)
    db_path = seed(s.host.session)
    peer = make_peer(kam, "2001", tone=500)
    pc = peer.cmd("call", uri=kam.uri("1001"), headers={"X-Customer-Id": "C-900",
                                                        "X-Intent": "客户对账单金额有异议"})["call"]
    panel = s.window.customer
    qtbot.waitUntil(lambda: panel.state == "case", timeout=10000)
    shown = panel.visible_text()
    for masked in ("赵*", "139****5678", "110101********" + ID_NUMBER[-4:], "****" + CARD[-4:], "¥8,000.00",
                   "¥2,100.00", "M1", "4-5"):
        assert masked in shown, (masked, shown)
    for reason in ("Owes 4 lenders at once", "2 promises to pay broken in the last 30 days", "Complaints on record: 1"):
        assert reason in shown, (reason, shown)
    script = s.window.customer.findChild(QWidget, "stageScript")
    assert script is not None
    dispute_title = s.host.session._cases._scripts.script_for(stage_for_days(5), None, "客户对账单金额有异议").title
    assert dispute_title in shown, "the hand-off's intent picked the dispute script"

    popup = next(iter(s.window.popups.values()))
    qtbot.mouseClick(popup.answer_b, Qt.MouseButton.LeftButton)
    peer.wait_event("call_state", call=pc, state="CONFIRMED")
    call = next(iter(s.window.panels.values()))
    qtbot.waitUntil(lambda: call.state is CallState.CONFIRMED, timeout=5000)
    qtbot.mouseClick(call.hangup_b, Qt.MouseButton.LeftButton)
    peer.wait_event("call_state", call=pc, state="DISCONNECTED")

    form = s.window.wrapup
    qtbot.waitUntil(lambda: form.isVisible(), timeout=6000)
    assert "Required before the next call" in window_text(form)
    refused = s.host.session.dial("2001").exception(5)
    assert isinstance(refused, WrapUpPending), "no next call before the wrap-up"

    form.set_disposition(Disposition.PROMISE_TO_PAY)
    form.promise_amount.setMaximum(100_000)  # the agent cannot type more than the balance; the engine checks anyway
    form.promise_amount.setValue(9_000)  # more than the 8,000 owed
    form.note.setPlainText("客户同意月底还款")
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "8,000.00" in window_text(form), timeout=5000)
    assert form.note.toPlainText() == "客户同意月底还款", "a refused wrap-up loses nothing typed"

    form.promise_amount.setValue(2_100)
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not s.host.session.pending_wrapups, timeout=5000)
    qtbot.waitUntil(lambda: hasattr(s.window, "history_view"), timeout=10000)
    history = s.window.history_view
    qtbot.waitUntil(lambda: "Promise to pay" in history.visible_text(), timeout=8000)

    with sqlite3.connect(db_path) as db:
        row = db.execute("SELECT case_id, disposition, promise_amount_fen, score FROM wrapups").fetchone()
    assert row[:3] == ("C-900", "promise_to_pay", 210_000) and 0 < row[3] <= 100
    assert s.host.session.dial("2001").result(5), "dialling is allowed again"
    peer.wait_event("incoming_call")

    everything = window_text(s.window) + panel.visible_text() + history.visible_text()
    stored = b"".join(p.read_bytes() for p in db_path.parent.rglob("*") if p.is_file())  # the whole data folder
    for raw in RAW:
        assert raw not in everything, f"{raw!r} shown unmasked"
        assert raw not in caplog.text, f"{raw!r} in the log"
        assert raw.encode() not in stored, f"{raw!r} in clear in the data folder"
    assert "客户同意月底还款".encode() not in stored, "the wrap-up note is encrypted"
