"""The dialing guard in the window: a dial the rules refuse says why and when, in English and Chinese,
and never rings the customer's phone (a pjsua2 peer through Kamailio).

Real parts: Kamailio, the peer in its own process, the window offscreen, the case book in the real SQLite
file (encrypted, key in a file keyring backend) and the local contact ledger. "Night" is the case's own time
zone: one where it is 03:00 now.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from softphone.crm.model import Case, ContactNumber, Customer, Loan, Relation, stage_for_days
from softphone.crm.store import CaseStore
from softphone.storage.db import database_path
from softphone.storage.vault import history_cipher
from tests.conftest import MakePeer
from tests.rig.kamailio import Kamailio
from tests.rig.zones import zone_where_it_is
from ui.i18n import install_translator

pytestmark = pytest.mark.timeout(120)
CJK = re.compile(r"[\u4e00-\u9fff]")


def night_case(number: str) -> Case:
    due = date.today() - timedelta(days=4)
    return Case("C-NIGHT", Customer("夜测试"), (Loan("HT-N", "消费分期", 1_000_000, 800_000, 0.18, 90_000, due, 4,
                                                      stage_for_days(4)),),
                (ContactNumber(number, Relation.SELF),), time_zone=zone_where_it_is(3))


def seed(session, case: Case) -> None:  # type: ignore[no-untyped-def]
    cipher, problem = history_cipher(session.secrets)
    assert cipher is not None, problem
    store = CaseStore.open(database_path(session.settings.storage), cipher)
    try:
        store.upsert_many([case])
    finally:
        store.close()


def refusal_box(qtbot, before: set[QMessageBox]) -> QMessageBox:  # type: ignore[no-untyped-def]
    def new() -> list[QMessageBox]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
                and w not in before]
    qtbot.waitUntil(lambda: bool(new()), timeout=8000)
    return new()[0]


@pytest.fixture(autouse=True)
def _close_boxes() -> Iterator[None]:
    """The refusals shown here are closed afterwards, as the agent would (later tests look for boxes)."""
    before = boxes()
    yield
    for box in boxes() - before:
        if shiboken6.isValid(box):  # the window's teardown may have deleted it with its parent already
            box.close()
            box.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def boxes() -> set[QMessageBox]:
    return {w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)}


def window_with(qtbot, kam: Kamailio, make_session, make_peer: MakePeer, case: Case):  # type: ignore[no-untyped-def]
    """The window signed in, ``case`` in its case book, and the customer's phone (a peer) registered."""
    s = make_session(kam)
    qtbot.waitUntil(lambda: s.window.status.state.text() == "Registered", timeout=10000)
    seed(s.host.session, case)
    return s, make_peer(kam, case.numbers[0].number)


def rang(peer) -> int:  # type: ignore[no-untyped-def]
    time.sleep(1.5)  # any INVITE would have reached the peer by now
    return len([e for e in list(peer.events) if e.get("event") == "incoming_call"])


def test_a_night_dial_is_refused_with_the_reason_in_english_and_chinese(
        qtbot, kam: Kamailio, make_session, make_peer: MakePeer) -> None:  # type: ignore[no-untyped-def]
    s, peer = window_with(qtbot, kam, make_session, make_peer, night_case("2001"))
    pad = s.window.dialpad
    pad.set_number("2001")
    before = boxes()
    qtbot.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
    box = refusal_box(qtbot, before)
    text = box.text()
    assert "Not dialled" in text and "outside the calling hours 08:00 to 21:00" in text, text
    assert "Next allowed:" in text and "08:00 the customer's time (Etc/" in text, text
    box.close()
    try:
        assert install_translator(s.app, "zh_CN")
        before = boxes()
        qtbot.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
        zh = refusal_box(qtbot, before).text()
        assert CJK.search(zh) and "Not dialled" not in zh and "08:00" in zh and "Etc/" in zh, zh
    finally:
        install_translator(s.app, "en")
    assert rang(peer) == 0, "no INVITE was sent"
    assert not s.window.panels, "no call panel for a refused dial"
    assert pad.number.text() == "2001", "the typed number stays for a later try"


def test_the_case_panels_call_button_goes_through_the_guard_too(
        qtbot, kam: Kamailio, make_session, make_peer: MakePeer) -> None:  # type: ignore[no-untyped-def]
    s, peer = window_with(qtbot, kam, make_session, make_peer, night_case("2001"))
    panel = s.window.customer
    s.window.search_case("C-NIGHT")  # outside a call: the panel shows the case found
    qtbot.waitUntil(lambda: panel.state == "case" and panel.call_button.isVisible(), timeout=8000)
    assert not panel.plan_button.isVisible(), "a plan is changed on the customer's call only"
    before = boxes()
    qtbot.mouseClick(panel.call_button, Qt.MouseButton.LeftButton)
    text = refusal_box(qtbot, before).text()
    assert "outside the calling hours" in text and "2001" not in text, text
    assert rang(peer) == 0, "no INVITE was sent"


def test_an_allowed_call_from_the_case_panel_rings_the_customers_own_number(
        qtbot, kam: Kamailio, make_session, make_peer: MakePeer) -> None:  # type: ignore[no-untyped-def]
    day = dataclasses.replace(night_case("2002"), case_id="C-DAY", time_zone=zone_where_it_is(14))
    s, peer = window_with(qtbot, kam, make_session, make_peer, day)
    s.window.search_case("C-DAY")
    panel = s.window.customer
    qtbot.waitUntil(lambda: panel.state == "case" and panel.call_button.isVisible(), timeout=8000)
    qtbot.mouseClick(panel.call_button, Qt.MouseButton.LeftButton)
    peer.wait_event("incoming_call", timeout=10)
    qtbot.waitUntil(lambda: bool(s.window.panels), timeout=8000)  # the call's own panel, ringing out
