"""What the window shows belongs to the selected call: the AI hand-off, the popup, the dialled number, the keys.

Issue 17: after a hand-off, the "From the AI assistant" pane kept that
customer on the next outbound call and after hang-up; the popup lacked the
bot's summary; the dialled number stayed in the field; Ctrl+Shift+A did not
answer while the popup had the focus. The real window, engine, Kamailio, and
pjsua2 peers in their own processes.
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from softphone.states import CallDirection, CallState, MediaState
from tests.conftest import MakePeer
from tests.rig.kamailio import Kamailio

pytestmark = pytest.mark.timeout(120)

HANDOFF = {"X-Handoff-Reason": "客户要求人工服务", "X-Customer-Id": "C-42", "X-Customer-Name": "张三",
           "X-Intent": "协商还款计划", "X-Customer-Emotion": "焦虑",
           "X-Bot-Summary": "客户称收入减少，希望延期；联系电话13812345678", "X-Customer-Phone": "13812345678"}


def registered(session) -> bool:  # type: ignore[no-untyped-def]
    return session.window.status.state.text() == "Registered"


def panel_of(session, direction: CallDirection):  # type: ignore[no-untyped-def]
    found = [p for p in session.window.panels.values() if p.direction is direction]
    return found[0] if len(found) == 1 else None


def take_handoff(qtbot, s, kam: Kamailio, make_peer: MakePeer):  # type: ignore[no-untyped-def]
    """The bot hands a customer over; the agent answers in the popup."""
    bot = make_peer(kam, "2001", tone=500)
    pc = bot.cmd("call", uri=kam.uri("1001"), headers=HANDOFF)["call"]
    qtbot.waitUntil(lambda: bool(s.window.popups), timeout=10000)
    popup = next(iter(s.window.popups.values()))
    qtbot.mouseClick(popup.answer_b, Qt.MouseButton.LeftButton)
    bot.wait_event("call_state", call=pc, state="CONFIRMED")
    panel = panel_of(s, CallDirection.INBOUND)
    qtbot.waitUntil(lambda: panel.state is CallState.CONFIRMED, timeout=5000)
    return bot, pc, panel


def dial_out(qtbot, s, kam: Kamailio, make_peer: MakePeer):  # type: ignore[no-untyped-def]
    customer = make_peer(kam, "2002", auto_answer=True)
    s.window.dial("2002")
    customer.wait_event("incoming_call")
    qtbot.waitUntil(lambda: panel_of(s, CallDirection.OUTBOUND) is not None
                    and panel_of(s, CallDirection.OUTBOUND).state is CallState.CONFIRMED, timeout=8000)
    return customer, panel_of(s, CallDirection.OUTBOUND)


def shown_fields(s) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(s.window.handoff.fields())


def test_a_handoff_is_gone_after_hang_up_and_on_the_next_outbound_call(qtbot, kam: Kamailio, make_session,  # type: ignore[no-untyped-def]
                                                                       make_peer: MakePeer) -> None:
    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    handoff = s.window.handoff
    assert not handoff.isVisible(), "no call, no hand-off"
    bot, pc, panel = take_handoff(qtbot, s, kam, make_peer)
    assert handoff.isVisible() and shown_fields(s)["X-Customer-Id"] == "C-42"
    assert shown_fields(s)["X-Customer-Name"] == "张*", "masked by the session"
    qtbot.mouseClick(panel.hangup_b, Qt.MouseButton.LeftButton)
    bot.wait_event("call_state", call=pc, state="DISCONNECTED")
    qtbot.waitUntil(lambda: not handoff.isVisible(), timeout=5000)
    assert shown_fields(s) == {}, "the ended call's customer is still on screen"
    qtbot.waitUntil(lambda: not s.window.panels, timeout=6000)
    _, outbound = dial_out(qtbot, s, kam, make_peer)
    assert s.window.shown_call == outbound.call_id
    assert not handoff.isVisible() and shown_fields(s) == {}
    texts = " ".join(label.text() for label in handoff.findChildren(QLabel))
    assert "C-42" not in texts and "张" not in texts


def test_with_two_calls_only_the_selected_calls_handoff_is_shown(qtbot, kam: Kamailio, make_session,  # type: ignore[no-untyped-def]
                                                                 make_peer: MakePeer) -> None:
    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    handoff = s.window.handoff
    bot, pc, inbound = take_handoff(qtbot, s, kam, make_peer)
    qtbot.mouseClick(inbound.hold_b, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: inbound.media is MediaState.LOCAL_HOLD, timeout=5000)
    _, outbound = dial_out(qtbot, s, kam, make_peer)
    assert s.window.shown_call == outbound.call_id, "the new call is selected"
    assert not handoff.isVisible() and shown_fields(s) == {}, "the held hand-off's customer shown on the outbound call"
    select(qtbot, s, inbound)
    assert handoff.isVisible() and shown_fields(s)["X-Customer-Id"] == "C-42"
    select(qtbot, s, outbound)
    assert not handoff.isVisible() and shown_fields(s) == {}
    select(qtbot, s, inbound)
    bot.cmd("hangup", call=pc)  # the customer hangs up while on hold, the hand-off selected
    qtbot.waitUntil(lambda: not handoff.isVisible(), timeout=8000)
    assert shown_fields(s) == {}
    qtbot.waitUntil(lambda: s.window.shown_call == outbound.call_id, timeout=8000)
    assert not handoff.isVisible()


def select(qtbot, s, panel) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton, pos=QPoint(panel.width() - 8, panel.height() - 8))
    qtbot.waitUntil(lambda: s.window.shown_call == panel.call_id, timeout=3000)


def test_the_popup_shows_the_bots_summary_masked(qtbot, kam: Kamailio, make_session,  # type: ignore[no-untyped-def]
                                                 make_peer: MakePeer) -> None:
    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    bot = make_peer(kam, "2001")
    bot.cmd("call", uri=kam.uri("1001"), headers=HANDOFF)
    qtbot.waitUntil(lambda: bool(s.window.popups), timeout=10000)
    popup = next(iter(s.window.popups.values()))
    summary = popup.findChild(QLabel, "incoming_Bot-Summary")
    assert summary is not None, [w.objectName() for w in popup.findChildren(QLabel)]
    assert "Summary" in summary.text() and "客户称收入减少" in summary.text() and "138****5678" in summary.text()
    texts = " ".join(w.text() for w in popup.findChildren(QLabel))
    assert "13812345678" not in texts
    side = dict(s.window.handoff.fields())["X-Bot-Summary"]
    assert side in summary.text(), "the popup and the side pane show the same (masked) summary"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_answer_key_works_while_the_popup_has_the_focus(qtbot, kam: Kamailio, make_session,  # type: ignore[no-untyped-def]
                                                            make_peer: MakePeer, language: str) -> None:
    from ui.i18n import install_translator

    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    try:
        if language != "en":
            s.apply_settings(dataclasses.replace(s.settings, general=dataclasses.replace(
                s.settings.general, language=language)), None)  # the window is built again, in Chinese
            assert s.window.dialpad.call_button.text() != "Call"
        peer = make_peer(kam, "2001")
        pc = peer.cmd("call", uri=kam.uri("1001"), headers=HANDOFF)["call"]
        qtbot.waitUntil(lambda: bool(s.window.popups), timeout=10000)
        popup = next(iter(s.window.popups.values()))
        popup.activateWindow()
        popup.answer_b.setFocus()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is popup, timeout=3000)
        qtbot.keyClick(popup, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        peer.wait_event("call_state", call=pc, state="CONFIRMED")
    finally:
        install_translator(s.app, "en")


def test_the_answer_key_works_from_the_popup_while_the_window_is_in_the_tray(qtbot, kam: Kamailio,  # type: ignore[no-untyped-def]
                                                                             make_session, make_peer: MakePeer) -> None:
    """Started minimised to the tray: the main window is hidden, the popup is the app's only window."""
    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    s.window.hide()
    peer = make_peer(kam, "2001")
    pc = peer.cmd("call", uri=kam.uri("1001"))["call"]
    qtbot.waitUntil(lambda: bool(s.window.popups), timeout=10000)
    popup = next(iter(s.window.popups.values()))
    popup.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is popup, timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    peer.wait_event("call_state", call=pc, state="CONFIRMED")
    s.window.show()


def test_the_number_leaves_the_dial_field_once_the_call_is_placed(qtbot, kam: Kamailio, make_session,  # type: ignore[no-untyped-def]
                                                                  make_peer: MakePeer) -> None:
    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    customer = make_peer(kam, "2002", auto_answer=True)
    pad = s.window.dialpad
    pad.number.setText("2002")
    qtbot.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
    customer.wait_event("incoming_call")
    qtbot.waitUntil(lambda: pad.number.text() == "", timeout=5000)
    assert pad.number.placeholderText()


def test_a_dial_that_fails_keeps_the_number_to_correct_it(qtbot, kam: Kamailio, make_session,  # type: ignore[no-untyped-def]
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.ops

    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    shown: list[BaseException] = []
    monkeypatch.setattr(ui.ops, "show_error", lambda parent, exc: shown.append(exc))  # the error reaches the agent
    pad = s.window.dialpad
    pad.number.setText("sip:nobody@")  # not a number or an address
    qtbot.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert pad.number.text() == "sip:nobody@"
