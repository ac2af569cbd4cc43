"""The call history view against a real SQLite file written by the real ``HistoryWriter``.

Rows are written with a real ``FieldCipher`` (and with none, as on a computer
without a keyring); the view reads them on its own worker thread through a
real ``EngineBridge``. Every cell's display text and tooltip is searched for
the clear number and name.

The screenshot in docs/screenshots/history.png is made by this file too:
``QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python tests/ui/test_history_view.py``.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from softphone.events import CallStateChanged
from softphone.states import AccountId, CallDirection, CallId, CallState
from softphone.storage.history import CallRecord, HistoryWriter
from softphone.storage.vault import FieldCipher
from ui.bridge import EngineBridge
from softphone.session import HistoryReader
from ui.widgets.history import HistoryModel, HistoryView

pytestmark = pytest.mark.timeout(30)

MOBILE = "13812345678"
NAME = "张三"
T0 = datetime(2026, 11, 20, 9, 0).timestamp()


@dataclass(frozen=True)
class Call:
    id: str
    direction: CallDirection
    uri: str
    start: float  # minutes after T0
    talk: float | None  # seconds answered; None: never answered
    code: int
    reason: str
    handoff: str = ""
    display: str = ""


CALLS = (
    Call("c1", CallDirection.INBOUND, f'"{NAME}" <sip:{MOBILE}@pbx.example>', 0, 125, 200, "Normal call clearing",
         "客户要求人工服务", NAME),
    Call("c2", CallDirection.INBOUND, "sip:13987654321@pbx.example", 10, None, 487, "Request Terminated"),
    Call("c3", CallDirection.OUTBOUND, f"sip:{MOBILE}@pbx.example", 20, 61, 200, "Normal call clearing"),
    Call("c4", CallDirection.OUTBOUND, "sip:15011112222@pbx.example", 30, None, 486, "Busy Here"),
)


def write_calls(path: Path, cipher: FieldCipher | None, calls: tuple[Call, ...]) -> None:
    with HistoryWriter(path, cipher) as writer:
        for call in calls:
            started = T0 + call.start * 60
            headers = (("X-Handoff-Reason", call.handoff),) if call.handoff else ()
            writer.record_started(CallRecord(
                id=CallId(call.id), account_id=AccountId("acc-1"), direction=call.direction,
                started_at=started, remote_uri=call.uri, remote_display=call.display,
                local_uri="sip:1001@pbx.example", handoff_headers=headers)).result(5)
            answered = started + 8 if call.talk is not None else None
            if answered is not None:
                writer.record_answered(CallId(call.id), answered).result(5)
            ended = (answered or started + 20) + (call.talk or 0)
            writer.record_ended(CallId(call.id), ended, call.code, call.reason).result(5)


@pytest.fixture
def bridge(qapp: QApplication) -> Iterator[EngineBridge]:
    b = EngineBridge()
    yield b
    b.deleteLater()


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher(FieldCipher.new_key())


def open_view(qtbot, bridge: EngineBridge, path: Path, cipher: FieldCipher | None) -> HistoryView:  # type: ignore[no-untyped-def]
    view = HistoryView(bridge, HistoryReader(path, cipher))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.last_page is not None and not view.loading, timeout=5000)
    return view


def cells(model: HistoryModel) -> list[str]:
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    return [str(model.data(model.index(r, c), role) or "")
            for r in range(model.rowCount()) for c in range(model.columnCount()) for role in roles]


def row_of(view: HistoryView, call_id: str) -> int:
    return next(r for r in range(view.model.rowCount()) if view.model.record(r).call_id == call_id)  # type: ignore[union-attr]


def text(view: HistoryView, call_id: str, column: int) -> str:
    return str(view.model.data(view.model.index(row_of(view, call_id), column)))


def assert_nothing_clear(view: HistoryView) -> None:
    shown = "\n".join(cells(view.model))
    for secret in (MOBILE, "13987654321", "15011112222", NAME):
        assert secret not in shown


@pytest.mark.parametrize("encrypted", [True, False], ids=["cipher", "no-cipher"])
def test_rows_show_masked_parties_only(qtbot, bridge, tmp_path: Path, cipher: FieldCipher, encrypted: bool) -> None:  # type: ignore[no-untyped-def]
    key = cipher if encrypted else None
    write_calls(tmp_path / "h.db", key, CALLS)
    view = open_view(qtbot, bridge, tmp_path / "h.db", key)
    assert view.model.rowCount() == view.row_count() == 4
    assert view.visible_text() == "\n".join(cells(view.model))
    assert [view.model.record(r).call_id for r in range(4)] == ["c4", "c3", "c2", "c1"]  # type: ignore[union-attr]
    assert_nothing_clear(view)
    assert text(view, "c1", HistoryModel.PARTY) == "张* · 138****5678"
    assert text(view, "c3", HistoryModel.PARTY) == "138****5678"
    assert text(view, "c1", HistoryModel.REASON) == ("客户要求人工服务" if encrypted else "")
    assert text(view, "c1", HistoryModel.STARTED) == "2026-11-20 09:00"
    assert text(view, "c1", HistoryModel.DURATION) == "02:05"
    assert text(view, "c2", HistoryModel.DURATION) == "—"
    assert [text(view, c, HistoryModel.RESULT) for c in ("c1", "c2", "c4")] == ["Answered", "Missed", "Rejected"]
    assert text(view, "c2", HistoryModel.DIRECTION) == "↙ missed"
    assert text(view, "c3", HistoryModel.DIRECTION) == "↗"
    assert view.model.data(view.model.index(row_of(view, "c2"), 0), Qt.ItemDataRole.ForegroundRole) is not None


def test_filters_and_search_narrow_the_rows(qtbot, bridge, tmp_path: Path, cipher: FieldCipher) -> None:  # type: ignore[no-untyped-def]
    write_calls(tmp_path / "h.db", cipher, CALLS)
    view = open_view(qtbot, bridge, tmp_path / "h.db", cipher)
    for button, expected in ((1, {"c2"}), (2, {"c1", "c2"}), (3, {"c3", "c4"}), (0, {"c1", "c2", "c3", "c4"})):
        with qtbot.waitSignal(view.loaded, timeout=5000):
            view.filters.button(button).click()
        assert {view.model.record(r).call_id for r in range(view.model.rowCount())} == expected  # type: ignore[union-attr]

    loads: list[int] = []
    view.loaded.connect(loads.append)
    qtbot.keyClicks(view.search, "5678")  # four keystrokes, one debounced load
    qtbot.waitUntil(lambda: loads == [2], timeout=5000)
    qtbot.wait(400)
    assert loads == [2]
    view.search.setText(MOBILE)  # a whole number: found by its fingerprint
    qtbot.waitUntil(lambda: len(loads) == 2, timeout=5000)
    assert {view.model.record(r).call_id for r in range(view.model.rowCount())} == {"c1", "c3"}  # type: ignore[union-attr]
    view.search.setText("nobody-here")
    qtbot.waitUntil(lambda: len(loads) == 3, timeout=5000)
    assert view.model.rowCount() == 0 and view.status.text() == "No calls match."


def test_redial_emits_the_full_uri_with_a_cipher(qtbot, bridge, tmp_path: Path, cipher: FieldCipher) -> None:  # type: ignore[no-untyped-def]
    write_calls(tmp_path / "h.db", cipher, CALLS)
    view = open_view(qtbot, bridge, tmp_path / "h.db", cipher)
    assert not view.call_back.isEnabled()  # nothing selected yet
    view.table.selectRow(row_of(view, "c3"))
    assert view.call_back.isEnabled()
    with qtbot.waitSignal(view.redial_requested, timeout=1000) as blocker:
        view.call_back.click()
    assert blocker.args == ["c3"]  # the session dials its kept number (test_session.py)

    index = view.model.index(row_of(view, "c4"), HistoryModel.PARTY)
    view.show()
    qtbot.waitExposed(view)
    view.table.scrollTo(index)
    centre = view.table.visualRect(index).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # item views want a press first
    with qtbot.waitSignal(view.redial_requested, timeout=1000) as blocker:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == ["c4"]

    with qtbot.waitSignal(view.open_call_requested, timeout=1000) as blocker:
        view.open_row(row_of(view, "c2"))
    assert blocker.args == ["c2"]


def test_redial_is_disabled_without_a_cipher(qtbot, bridge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_calls(tmp_path / "h.db", None, CALLS)
    view = open_view(qtbot, bridge, tmp_path / "h.db", None)
    view.table.selectRow(row_of(view, "c3"))
    assert not view.call_back.isEnabled()
    assert "not stored" in view.call_back.toolTip()
    emitted: list[str] = []
    view.redial_requested.connect(emitted.append)
    view.redial_row(row_of(view, "c3"))
    view.table.doubleClicked.emit(view.model.index(row_of(view, "c3"), 1))
    assert emitted == []


def test_rows_written_without_a_key_are_not_redialled_with_one(qtbot, bridge, tmp_path: Path, cipher: FieldCipher) -> None:  # type: ignore[no-untyped-def]
    write_calls(tmp_path / "h.db", None, CALLS[2:3])  # before the keyring existed
    view = open_view(qtbot, bridge, tmp_path / "h.db", cipher)
    view.table.selectRow(0)
    assert not view.call_back.isEnabled()
    assert_nothing_clear(view)


def test_a_call_ending_refreshes_the_view(qtbot, bridge, tmp_path: Path, cipher: FieldCipher) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "h.db"
    write_calls(path, cipher, CALLS[:1])
    view = open_view(qtbot, bridge, path, cipher)
    assert view.model.rowCount() == 1
    write_calls(path, cipher, (Call("c9", CallDirection.INBOUND, "sip:18600001111@pbx.example", 90, 30, 200, "OK",
                                    "协商还款计划"),))
    loads: list[int] = []
    view.loaded.connect(loads.append)
    bridge.call_state_changed.emit(CallStateChanged(CallId("c9"), CallState.CONFIRMED, CallState.CONFIRMED, 200, "OK"))
    qtbot.wait(500)
    assert loads == []  # only a call that ended refreshes
    bridge.call_state_changed.emit(CallStateChanged(CallId("c9"), CallState.CONFIRMED, CallState.DISCONNECTED, 200, "OK"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    assert view.model.record(0).call_id == "c9"  # type: ignore[union-attr]
    assert text(view, "c9", HistoryModel.PARTY) == "186****1111"


def test_loading_runs_off_the_gui_thread_and_coalesces(qtbot, bridge, tmp_path: Path, cipher: FieldCipher) -> None:  # type: ignore[no-untyped-def]
    write_calls(tmp_path / "h.db", cipher, CALLS)
    view = open_view(qtbot, bridge, tmp_path / "h.db", cipher)
    assert view.last_page is not None
    assert view.last_page.loaded_on is not threading.main_thread()
    assert view.last_page.loaded_on is not threading.current_thread()

    loads: list[int] = []
    view.loaded.connect(loads.append)
    for _ in range(5):
        view.refresh()
    assert view.loading and view.status.text() == "Loading…"
    qtbot.waitUntil(lambda: len(loads) == 2 and not view.loading, timeout=5000)
    qtbot.wait(300)
    assert loads == [4, 4]  # one running, one after it; never five
    assert not view.status.isVisible() or view.status.text() == ""


def test_a_storage_error_is_shown_in_the_view(qtbot, bridge, tmp_path: Path, cipher: FieldCipher) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database file at all " * 200)
    view = HistoryView(bridge, HistoryReader(broken, cipher))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.loading, timeout=5000)
    assert view.model.rowCount() == 0
    assert "call history could not be saved or read" in view.status.text()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]


def test_an_error_after_a_good_load_replaces_the_rows(qtbot, bridge, tmp_path: Path, cipher: FieldCipher) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "h.db"
    write_calls(path, cipher, CALLS)
    view = open_view(qtbot, bridge, path, cipher)
    view.show()
    for leftover in (path.with_name("h.db-wal"), path.with_name("h.db-shm")):
        leftover.unlink(missing_ok=True)
    path.write_bytes(b"damaged " * 1000)
    view.refresh()
    assert not view.status.isVisible()  # a reload over shown rows does not jump the table
    qtbot.waitUntil(lambda: not view.loading, timeout=5000)
    assert view.model.rowCount() == 0 and view.status.isVisible()
    assert "call history could not be saved or read" in view.status.text()


def test_every_visible_string_is_translatable() -> None:
    source = Path(__file__).parents[2].joinpath("ui", "widgets", "history.py").read_text(encoding="utf-8")
    assert not re.search(r"tr\(\s*f[\"']", source)
    assert re.findall(r"self\.tr\(\"Call back\"\)", source)


# --- the screenshot in docs/screenshots/history.png ---------------------------------------

SCREENSHOT_CALLS = (
    Call("s1", CallDirection.INBOUND, '"张三" <sip:13812345678@pbx.example>', 0, 312, 200, "OK", "客户要求人工服务", "张三"),
    Call("s2", CallDirection.INBOUND, "sip:13987654321@pbx.example", 17, None, 487, "Request Terminated", "协商还款计划"),
    Call("s3", CallDirection.OUTBOUND, "sip:15011112222@pbx.example", 42, 95, 200, "OK"),
    Call("s4", CallDirection.INBOUND, '"李四" <sip:18600001111@pbx.example>', 75, 548, 200, "OK", "协商还款计划", "李四"),
    Call("s5", CallDirection.OUTBOUND, "sip:13700002222@pbx.example", 101, None, 486, "Busy Here"),
    Call("s6", CallDirection.INBOUND, "sip:13500003333@pbx.example", 130, 188, 200, "OK", "询问逾期费用"),
    Call("s7", CallDirection.INBOUND, "sip:15900004444@pbx.example", 161, None, 487, "Request Terminated",
         "客户情绪激动，要求投诉"),
    Call("s8", CallDirection.OUTBOUND, "sip:18800005555@pbx.example", 190, None, 503, "Service Unavailable"),
)


def make_screenshot(out: Path) -> None:
    from PySide6.QtGui import QFont

    app = QApplication.instance() or QApplication(sys.argv)
    app.setFont(QFont("Noto Sans CJK SC", 10))
    with tempfile.TemporaryDirectory() as folder:
        cipher = FieldCipher(FieldCipher.new_key())
        write_calls(Path(folder) / "h.db", cipher, SCREENSHOT_CALLS)
        view = HistoryView(EngineBridge(), HistoryReader(Path(folder) / "h.db", cipher))
        view.resize(1000, 500)
        view.show()
        while view.last_page is None or view.loading:
            app.processEvents()
        view.table.selectRow(4)
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        assert view.grab().save(str(out)), out
        view.close()


if __name__ == "__main__":
    make_screenshot(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots/history.png"))
