"""The collector's window against the real engine, a real Kamailio and pjsua2 peers."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time

import pytest
from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from softphone.states import CallState, MediaState
from tests.conftest import MakePeer
from tests.rig.kamailio import Kamailio
from tests.rig.signals import MicFeeder

pytestmark = pytest.mark.timeout(90)


def registered(session) -> bool:  # type: ignore[no-untyped-def]
    return session.window.status.state.text() == "Registered"


def only_panel(session):  # type: ignore[no-untyped-def]
    assert len(session.window.panels) == 1, session.window.panels
    return next(iter(session.window.panels.values()))


def test_incoming_ai_handoff_popup_answer_timer_hangup_history(qtbot, kam: Kamailio, make_session,  # type: ignore[no-untyped-def]
                                                               make_peer: MakePeer) -> None:
    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    peer = make_peer(kam, "2001", tone=500)
    pc = peer.cmd("call", uri=kam.uri("1001"), headers={"X-Handoff-Reason": "客户要求人工服务",
                                                        "X-Customer-Id": "C-42", "X-Customer-Phone": "13812345678"})["call"]
    qtbot.waitUntil(lambda: bool(s.window.popups), timeout=10000)
    popup = next(iter(s.window.popups.values()))
    assert popup.findChild(QLabel, "incomingTitle").text() == "AI hand-off"
    texts = " ".join(w.text() for w in popup.findChildren(QLabel))
    assert "客户要求人工服务" in texts and "13812345678" not in texts and "138****5678" in texts
    qtbot.mouseClick(popup.answer_b, Qt.MouseButton.LeftButton)
    peer.wait_event("call_state", call=pc, state="CONFIRMED")
    panel = only_panel(s)
    qtbot.waitUntil(lambda: panel.state is CallState.CONFIRMED, timeout=5000)
    assert not s.window.popups, "the popup closes once answered"
    qtbot.waitUntil(lambda: panel.timer_label.text() >= "00:02", timeout=6000)
    assert panel.state_label.text() == "Talking"
    qtbot.mouseClick(panel.hangup_b, Qt.MouseButton.LeftButton)
    peer.wait_event("call_state", call=pc, state="DISCONNECTED")
    qtbot.waitUntil(lambda: not s.window.panels, timeout=6000)
    assert s.window.idle_label.isVisible()
    history = s.window.history_view
    qtbot.waitUntil(lambda: history.row_count() >= 1, timeout=8000)
    assert "客户要求人工服务" in history.visible_text()
    history.redial_row(0)  # "Call back"
    back = peer.wait_event("incoming_call")
    assert "2001" in back["headers"]["To"]


def test_dialling_from_the_pad(qtbot, kam: Kamailio, make_session, make_peer: MakePeer) -> None:  # type: ignore[no-untyped-def]
    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    peer = make_peer(kam, "2001", auto_answer=True)
    pad = s.window.dialpad
    for key in "2001":
        qtbot.mouseClick(pad.keys[key], Qt.MouseButton.LeftButton)
    assert pad.number.text() == "2001"
    qtbot.mouseClick(pad.call_button, Qt.MouseButton.LeftButton)
    peer.wait_event("incoming_call")
    qtbot.waitUntil(lambda: bool(s.window.panels) and only_panel(s).state is CallState.CONFIRMED, timeout=8000)


def test_pasted_number_is_cleaned(qtbot, kam: Kamailio, make_session) -> None:  # type: ignore[no-untyped-def]
    s = make_session(kam)
    field = s.window.dialpad.number
    field.setFocus()
    from PySide6.QtWidgets import QApplication
    QApplication.clipboard().setText("+86 138-1234-5678")
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "13812345678"


def test_hold_and_mute_reach_the_far_side(qtbot, kam: Kamailio, make_session, make_peer: MakePeer) -> None:  # type: ignore[no-untyped-def]
    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    peer = make_peer(kam, "2001", auto_answer=True)
    s.window.dial("2001")
    pc = peer.wait_event("incoming_call")["call"]
    qtbot.waitUntil(lambda: bool(s.window.panels) and only_panel(s).state is CallState.CONFIRMED, timeout=8000)
    panel = only_panel(s)
    with MicFeeder(s.host.session._engine._core.rings.mic, 440):  # the sound card's place (see MicFeeder)
        qtbot.wait(1200)
        assert peer.cmd("recv_stats", call=pc, seconds=1.0)["rms"] > 0.05
        qtbot.mouseClick(panel.mute_b, Qt.MouseButton.LeftButton)
        # the customer hears nothing for a whole second, soon after the click (the command crosses two
        # threads: under a loaded CI the engine thread took longer than the fixed 0.2 s this once allowed)
        qtbot.waitUntil(lambda: peer.cmd("recv_stats", call=pc, seconds=1.0)["rms"] < 0.005, timeout=6000)
        qtbot.mouseClick(panel.mute_b, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.hold_b, Qt.MouseButton.LeftButton)
    peer.wait_event("media_state", call=pc, status="remote_hold")
    qtbot.waitUntil(lambda: panel.media is MediaState.LOCAL_HOLD and panel.hold_b.isChecked(), timeout=5000)
    assert panel.state_label.text() == "On hold"
    qtbot.mouseClick(panel.hold_b, Qt.MouseButton.LeftButton)
    peer.wait_event("media_state", call=pc, status="active")
    qtbot.waitUntil(lambda: panel.media is MediaState.ACTIVE and not panel.hold_b.isChecked(), timeout=5000)


def test_the_demo_starts_and_its_call_arrives(qtbot, make_session) -> None:  # type: ignore[no-untyped-def]
    s = make_session(None, demo=True)
    assert "DEMO" in s.window.windowTitle()
    qtbot.waitUntil(lambda: bool(s.window.popups), timeout=15000)
    popup = next(iter(s.window.popups.values()))
    qtbot.mouseClick(popup.answer_b, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(s.window.panels) and only_panel(s).state is CallState.CONFIRMED, timeout=8000)
    handoff = s.window.handoff
    assert "协商还款计划" in " ".join(label.text() for label in handoff.findChildren(QLabel))


def test_the_event_loop_keeps_running_and_nothing_slow_runs_on_it(qtbot, kam: Kamailio, make_session,  # type: ignore[no-untyped-def]
                                                                   make_peer: MakePeer,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    gui = threading.current_thread()
    opened_on: list[str] = []
    real_connect = sqlite3.connect

    def tracking_connect(*a, **k):  # type: ignore[no-untyped-def]
        opened_on.append(threading.current_thread().name)
        return real_connect(*a, **k)

    monkeypatch.setattr(sqlite3, "connect", tracking_connect)
    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    # The rule pack is built on a worker at start-up: pure Python, it slows every Qt call the window makes
    # while it runs (the interpreter lock), by up to a second on a first start (benchmarks/bench_assist.py,
    # "build" rows). This test watches the window's own work, so it starts once that build is done.
    qtbot.waitUntil(lambda: s.host.session.packs is not None and s.host.session.packs.loaded is not None,
                    timeout=20000)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    peer = make_peer(kam, "2001", auto_answer=True, tone=800)
    for _ in range(3):  # calls up and down while the loop is watched
        s.window.dial("2001")
        qtbot.waitUntil(lambda: bool(s.window.panels) and only_panel(s).state is CallState.CONFIRMED, timeout=8000)
        qtbot.wait(700)
        only_panel(s).hangup()
        qtbot.waitUntil(lambda: not s.window.panels, timeout=8000)
    timer.stop()
    gaps = sorted(b - a for a, b in zip(ticks, ticks[1:]))
    print(f"GUI loop: {len(ticks)} ticks, p99 gap {gaps[int(len(gaps) * 0.99)] * 1000:.1f} ms, max {gaps[-1] * 1000:.1f} ms")
    assert gaps[-1] < 1.0, "the window froze (no event handled for a second)"
    assert opened_on and gui.name not in opened_on, f"SQLite opened on the GUI thread: {opened_on}"
    del peer


def test_without_a_keyring_the_window_says_history_keeps_masked_numbers(qtbot, kam: Kamailio, make_session) -> None:  # type: ignore[no-untyped-def]
    from keyring.backends.fail import Keyring as NoKeyring

    from softphone.secrets import SecretStore

    s = make_session(kam, secrets=SecretStore(NoKeyring()))
    notice = s.window.history_notice
    qtbot.waitUntil(notice.isVisible, timeout=8000)
    assert notice.text() == "History: masked numbers only"
    assert "keyring" in notice.toolTip() and "138****5678" in notice.toolTip()


def test_language_switch_rebuilds_the_window_in_chinese(qtbot, kam: Kamailio, make_session) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from ui.i18n import install_translator

    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    old = s.window
    zh = dataclasses.replace(s.settings, general=dataclasses.replace(s.settings.general, language="zh_CN"))
    try:
        s.apply_settings(zh, None)
        assert s.window is not old
        assert s.window.dialpad.call_button.text() != "Call", "the new window speaks Chinese"
        qtbot.waitUntil(lambda: s.window.status.state.text() not in ("", "Registered"), timeout=10000)
    finally:
        install_translator(s.app, "en")


def test_keyboard_shortcuts_answer_and_hang_up(qtbot, kam: Kamailio, make_session, make_peer: MakePeer) -> None:  # type: ignore[no-untyped-def]
    s = make_session(kam)
    qtbot.waitUntil(lambda: registered(s), timeout=10000)
    peer = make_peer(kam, "2001")
    pc = peer.cmd("call", uri=kam.uri("1001"))["call"]
    qtbot.waitUntil(lambda: bool(s.window.panels), timeout=10000)
    s.window.activateWindow()
    qtbot.keyClick(s.window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    peer.wait_event("call_state", call=pc, state="CONFIRMED")
    qtbot.waitUntil(lambda: only_panel(s).state is CallState.CONFIRMED, timeout=5000)
    qtbot.keyClick(s.window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: only_panel(s).mute_b.isChecked(), timeout=3000)
    qtbot.keyClick(s.window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    peer.wait_event("call_state", call=pc, state="DISCONNECTED")


def test_register_from_the_settings_dialog(qtbot, kam: Kamailio, make_session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A fresh phone with no account: the agent types the server, user and password, presses OK."""
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

    from softphone.paths import settings_path

    settings_path().write_text('schema_version = 1\n[sip]\nbind_address = "127.0.0.1"\n[audio]\nenabled = false\n'
                               '[general]\nfirst_run_done = true\n')
    s = make_session(None)
    s.open_settings()
    dialog = s._dialog
    qtbot.keyClicks(dialog.findChild(QLineEdit, "account.server"), f"127.0.0.1:{kam.port}")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "account.user"), "1001")
    password = next(e for e in dialog.findChildren(QLineEdit) if e.echoMode() == QLineEdit.EchoMode.Password)
    qtbot.keyClicks(password, kam.users["1001"])
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(ok.isEnabled, timeout=3000)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: registered(s), timeout=15000)
    saved = settings_path().read_text()
    assert f"127.0.0.1:{kam.port}" in saved and kam.users["1001"] not in saved, "the password is never in the file"
    assert s.secrets.get_password("default") == kam.users["1001"], "the password went to the keyring"


def test_an_engine_that_cannot_start_says_why(qtbot, kam: Kamailio, make_session) -> None:  # type: ignore[no-untyped-def]
    """The SIP port is taken by another program: a message box names it (the window stays usable)."""
    taken = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    taken.bind(("127.0.0.1", 0))
    port = taken.getsockname()[1]
    try:
        s = make_session(kam, sip=f"local_port = {port}")

        def box_text() -> str:
            boxes = [b for b in s.window.findChildren(QMessageBox) if b.isVisible()]
            return boxes[0].text() if boxes else ""

        qtbot.waitUntil(lambda: bool(box_text()), timeout=10000)
        assert f"The SIP port {port} is in use" in box_text()
        assert not registered(s)
    finally:
        taken.close()
