"""The call history: recent calls, filtered and searched, read off the GUI thread.

Pages come from the session's ``HistoryReader`` (a ``Future`` of masked
``HistoryRow``s, read on its own threads). A refresh asked for while one runs
is remembered and run once afterwards (never piled up). The view refreshes by
itself ~300 ms after a call ends, once the writer thread has written it.

Rows hold masked parties only (138****5678, 张*): whether a call back is
possible is the row's ``can_redial``, and a call back leaves here as the
call's id (``redial_requested``); the session dials the number it keeps.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt, QTimer, Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from softphone.events import CallStateChanged
from softphone.session import Disposition, HistoryPage, HistoryQuery, HistoryReader, HistoryRow
from softphone.states import CallDirection, CallState

from ..bridge import EngineBridge
from ..errors import error_text
from ..ops import run_op
from .wrapup_form import disposition_words

__all__ = ["HistoryModel", "HistoryView"]

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 250
AFTER_CALL_DELAY_MS = 300
_MISSED_RED = QColor("#c62828")
_REJECTED_CODES = frozenset({403, 486, 600, 603})
_NO_ANSWER_CODES = frozenset({408, 480, 487})  # outbound: nobody picked up, or we hung up first
_Index = QModelIndex | QPersistentModelIndex


def duration_text(record: HistoryRow) -> str:
    if record.answered_at is None or record.ended_at is None:
        return "—"
    seconds = max(0, round(record.ended_at - record.answered_at))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def started_text(record: HistoryRow) -> str:
    return datetime.fromtimestamp(record.started_at).strftime("%Y-%m-%d %H:%M")


class HistoryModel(QAbstractTableModel):
    """Read-only rows of ``HistoryRow``; never exposes the clear URI in a role."""

    DIRECTION, PARTY, REASON, STARTED, DURATION, RESULT, WRAPUP = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[HistoryRow] = []
        self._headers = [self.tr("Direction"), self.tr("Party"), self.tr("Hand-off reason"),
                         self.tr("Started"), self.tr("Duration"), self.tr("Result"), self.tr("Wrap-up")]

    def set_records(self, records: list[HistoryRow]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> HistoryRow | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def visible_strings(self) -> list[str]:
        roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        return [str(self.data(self.index(row, column), role) or "") for row in range(self.rowCount())
                for column in range(self.columnCount()) for role in roles]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and record.missed and index.column() in (0, 5):
            return QBrush(_MISSED_RED)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.DURATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, record: HistoryRow, column: int) -> str:
        if column == self.DIRECTION:
            return self.direction_text(record)
        if column == self.PARTY:
            return record.party
        if column == self.REASON:
            return record.handoff_reason
        if column == self.STARTED:
            return started_text(record)
        if column == self.DURATION:
            return duration_text(record)
        if column == self.WRAPUP:
            return self.wrapup_text(record)
        return self.result_text(record)

    def wrapup_text(self, record: HistoryRow) -> str:
        """``Promise to pay · 85``: the wrap-up's disposition and the call's score, and "new plan" when the customer
        confirmed one; "" when none."""
        plan = self.tr("new plan") if record.plan_changed else ""
        if not record.disposition:
            return plan
        try:
            words = disposition_words(Disposition(record.disposition))
        except ValueError:
            words = record.disposition
        text = f"{words} · {record.score}" if record.score is not None else words
        return f"{text} · {plan}" if plan else text

    def _tooltip(self, record: HistoryRow, column: int) -> str:
        if column == self.DIRECTION:
            return self.tr("Inbound call") if record.direction is CallDirection.INBOUND else self.tr("Outbound call")
        if column == self.PARTY:
            return record.party_uri
        if column == self.RESULT and record.end_code is not None:
            return f"{record.end_code} {record.end_reason}".strip()
        return self._display(record, column)

    def direction_text(self, record: HistoryRow) -> str:
        arrow = "↙" if record.direction is CallDirection.INBOUND else "↗"
        return arrow + " " + self.tr("missed") if record.missed else arrow

    def result_text(self, record: HistoryRow) -> str:
        """answered / missed / rejected / no answer / failed, in the agent's words."""
        if record.ended_at is None:
            return self.tr("In progress") if record.answered_at is not None else self.tr("Ringing")
        if record.answered_at is not None:
            return self.tr("Answered")
        if record.missed:
            return self.tr("Missed")
        if record.end_code in _REJECTED_CODES:
            return self.tr("Rejected")
        if record.end_code in _NO_ANSWER_CODES:
            return self.tr("No answer")
        return self.tr("Failed")


class HistoryView(QWidget):
    """Recent calls with filters and search; asks for a call back, never places one."""

    redial_requested = Signal(str)  # the call id of the row: the session dials its number
    open_call_requested = Signal(str)  # a call id (a past call's transcript, later)
    play_requested = Signal(str, str)  # a call id and how the player names it (masked party, time)
    loaded = Signal(int)  # rows shown after a refresh

    def __init__(self, bridge: EngineBridge, reader: HistoryReader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge, self._reader = bridge, reader
        self._loading = False
        self._pending = False
        self.last_page: HistoryPage | None = None
        self._may_play = False  # the administrator's policy (set_playback_allowed)
        self.model = HistoryModel(self)
        self._search_timer = self._single_shot(SEARCH_DEBOUNCE_MS)
        self._after_call_timer = self._single_shot(AFTER_CALL_DELAY_MS)
        self._build()
        bridge.call_state_changed.connect(self._on_call_state)
        bridge.wrapup_stored.connect(lambda _event: self.refresh())  # the wrap-up column
        self.refresh()

    # --- building -------------------------------------------------------
    def _single_shot(self, ms: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(self.refresh)
        return timer

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_toolbar())
        self.status = QLabel(self)
        self.status.setObjectName("historyStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addWidget(self._build_table(), 1)
        self._update_call_back()

    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.filters = QButtonGroup(self)
        labels = (self.tr("All"), self.tr("Missed"), self.tr("Inbound"), self.tr("Outbound"))
        for number, label in enumerate(labels):
            button = QPushButton(label, self)
            button.setCheckable(True)
            button.setChecked(number == 0)
            self.filters.addButton(button, number)
            bar.addWidget(button)
        self.filters.idClicked.connect(lambda _id: self.refresh())
        bar.addStretch(1)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search number or name"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        bar.addWidget(self.search, 1)
        self.call_back = QPushButton(self.tr("Call back"), self)
        self.call_back.clicked.connect(self.redial_selected)
        bar.addWidget(self.call_back)
        self.play = QPushButton(self.tr("Play recording"), self)
        self.play.clicked.connect(lambda: self.play_row(self.selected_row()))
        self.play.hide()
        bar.addWidget(self.play)
        return bar

    def _build_table(self) -> QTableView:
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setStyleSheet("QTableView::item { padding: 0 8px; }")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HistoryModel.REASON, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.redial_row(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_call_back())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)
        return self.table

    # --- loading --------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loading

    def query(self) -> HistoryQuery:
        """The filters and search as they are on screen now."""
        direction, missed = {
            1: (None, True), 2: (CallDirection.INBOUND, None), 3: (CallDirection.OUTBOUND, None),
        }.get(self.filters.checkedId(), (None, None))
        return HistoryQuery(direction=direction, missed=missed, search=self.search.text().strip())

    def refresh(self) -> None:
        """Reload in the background; while a load runs, one more follows it."""
        self._search_timer.stop()
        if self._loading:
            self._pending = True
            return
        self._loading = True
        self._show_status(self.tr("Loading…"))
        run_op(self._bridge, self._reader.page(self.query()), self._on_loaded, self._on_load_failed, self)

    def _on_loaded(self, page: HistoryPage) -> None:
        if not shiboken6.isValid(self):
            return
        self._loading = False
        self.last_page = page
        self.model.set_records(page.rows)
        self._update_call_back()
        self._show_status(self._empty_text(page) if not page.rows else "")
        self.loaded.emit(len(page.rows))
        self._run_pending()

    def _on_load_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        log.warning("call history not loaded: %s", exc)
        self._loading = False
        self.model.set_records([])
        self._update_call_back()
        self._show_status(error_text(exc))
        self._run_pending()

    def _run_pending(self) -> None:
        if self._pending:
            self._pending = False
            self.refresh()

    def _empty_text(self, page: HistoryPage) -> str:
        if page.query == HistoryQuery():
            return self.tr("No calls yet.")
        return self.tr("No calls match.")

    def _show_status(self, text: str) -> None:
        """``text`` above the table; "Loading…" over rows already shown stays hidden (no jumping)."""
        self.status.setText(text)
        quiet_reload = self._loading and self.model.rowCount() > 0
        self.status.setVisible(bool(text) and not quiet_reload)

    def _on_call_state(self, event: CallStateChanged) -> None:
        if event.new is CallState.DISCONNECTED:
            self._after_call_timer.start()

    def row_count(self) -> int:
        return self.model.rowCount()

    def visible_text(self) -> str:
        """Every cell's text and tooltip, one per line: what the agent can see (tests check it)."""
        return "\n".join(self.model.visible_strings())

    # --- actions --------------------------------------------------------
    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def redial_selected(self) -> None:
        self.redial_row(self.selected_row())

    def redial_row(self, row: int) -> None:
        record = self.model.record(row)
        if record is not None and record.can_redial:
            self.redial_requested.emit(str(record.call_id))

    def open_row(self, row: int) -> None:
        record = self.model.record(row)
        if record is not None:
            self.open_call_requested.emit(str(record.call_id))

    def set_playback_allowed(self, allowed: bool) -> None:
        """The administrator's policy lets agents play their calls back: show Play (hidden otherwise)."""
        self._may_play = allowed
        self.play.setVisible(allowed)
        self._update_call_back()

    def play_row(self, row: int) -> None:
        record = self.model.record(row)
        if record is not None and self._may_play and record.answered_at is not None:
            self.play_requested.emit(str(record.call_id), f"{record.party} · {started_text(record)}")

    def _update_call_back(self) -> None:
        record = self.model.record(self.selected_row())
        answered = record is not None and record.answered_at is not None
        self.play.setEnabled(answered)
        self.play.setToolTip(self.tr("Listen to this call's recording") if answered or record is None
                             else self.tr("This call was not answered, so it has no recording."))
        if not self._reader.keeps_full_numbers:
            self.call_back.setEnabled(False)
            self.call_back.setToolTip(self.tr(
                "The full number is not stored (no password store on this computer), "
                "so calls cannot be returned from the history."))
            return
        ok = record is not None and record.can_redial
        self.call_back.setEnabled(ok)
        self.call_back.setToolTip(self.tr("Call this number back") if ok or record is None
                                  else self.tr("The full number of this call is not stored."))

    def _show_menu(self, pos: QPoint) -> None:
        row = self.table.indexAt(pos).row()
        if row < 0:
            return
        menu = QMenu(self)
        call_back = menu.addAction(self.tr("Call back"), lambda: self.redial_row(row))
        record = self.model.record(row)
        call_back.setEnabled(record is not None and record.can_redial)
        menu.addAction(self.tr("Open call"), lambda: self.open_row(row))
        if self._may_play:
            play = menu.addAction(self.tr("Play recording"), lambda: self.play_row(row))
            play.setEnabled(record is not None and record.answered_at is not None)
        menu.popup(self.table.viewport().mapToGlobal(pos))
