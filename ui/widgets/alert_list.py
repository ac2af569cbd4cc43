"""Every alert of the call shown: when, what kind, which words; and "Mark as wrong".

One row per alert (an alert is raised once per occurrence, so a repeated id
is ignored). Each call keeps its own rows, so switching calls shows that
call's alerts. Marking an alert wrong is asked of the window (which stores it
off the GUI thread); the row shows the result once it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from softphone.events import PhraseAlert
from softphone.states import AudioChannel, CallId

from .alert_banner import SEVERITY_COLOURS, category_words

__all__ = ["AlertList"]

ID_ROLE = Qt.ItemDataRole.UserRole
TIME, CATEGORY, WORDS, FEEDBACK = range(4)


@dataclass
class _Row:
    alert: PhraseAlert
    wrong: bool = False


class AlertList(QWidget):
    wrong_requested = Signal(str)  # alert id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertList")
        self._calls: dict[CallId, dict[str, _Row]] = {}
        self.current_call: CallId | None = None
        self.tree = QTreeWidget()
        self.tree.setObjectName("alertTree")
        self.tree.setHeaderLabels([self.tr("Time"), self.tr("Category"), self.tr("Words"), self.tr("Feedback")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column, mode in ((TIME, QHeaderView.ResizeMode.ResizeToContents),
                             (CATEGORY, QHeaderView.ResizeMode.ResizeToContents),
                             (WORDS, QHeaderView.ResizeMode.Stretch),
                             (FEEDBACK, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.empty = QLabel(self.tr("No alerts in this call."))
        self.empty.setObjectName("alertListEmpty")
        self.empty.setStyleSheet("color: #777;")
        self.wrong_b = QPushButton(self.tr("Mark as wrong"))
        self.wrong_b.setObjectName("alertListWrong")
        self.wrong_b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.wrong_b.setToolTip(self.tr("The selected alert is wrong: store it for the people who tune the rules"))
        self.wrong_b.clicked.connect(lambda _=False: self._ask_wrong())
        row = QHBoxLayout()
        row.addWidget(self.empty)
        row.addStretch(1)
        row.addWidget(self.wrong_b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self._selection_changed()

    # -- which call -----------------------------------------------------------------------------
    def show_call(self, call_id: CallId | None) -> None:
        self.current_call = call_id
        self.tree.clear()
        rows = self._calls.get(call_id, {}) if call_id is not None else {}
        for row in sorted(rows.values(), key=lambda r: r.alert.audio_time):
            self.tree.addTopLevelItem(self._item(row))
        self._selection_changed()

    # -- events ---------------------------------------------------------------------------------
    def on_alert(self, alert: PhraseAlert) -> None:
        rows = self._calls.setdefault(alert.call_id, {})
        if alert.alert_id in rows:
            return
        rows[alert.alert_id] = row = _Row(alert)
        if alert.call_id == self.current_call:
            self.tree.addTopLevelItem(self._item(row))
            self.tree.scrollToBottom()
            self._selection_changed()

    def set_wrong(self, alert_id: str, stored: bool) -> None:
        """The feedback on ``alert_id`` was stored (or not: the button works again)."""
        for rows in self._calls.values():
            if stored and alert_id in rows:
                rows[alert_id].wrong = True
        item = self._find(alert_id)
        if item is not None and stored:
            self._draw_wrong(item)
        self._selection_changed()

    # -- reading --------------------------------------------------------------------------------
    def row_count(self) -> int:
        return self.tree.topLevelItemCount()

    def row_texts(self, index: int) -> list[str]:
        item = self.tree.topLevelItem(index)
        return [item.text(c) for c in range(self.tree.columnCount())] if item is not None else []

    def select_row(self, index: int) -> None:
        item = self.tree.topLevelItem(index)
        if item is not None:
            self.tree.setCurrentItem(item)

    # -- drawing --------------------------------------------------------------------------------
    def _item(self, row: _Row) -> QTreeWidgetItem:
        a = row.alert
        minutes, seconds = divmod(int(a.audio_time), 60)
        side = self.tr("Customer") if a.channel is AudioChannel.CUSTOMER else self.tr("Agent")
        item = QTreeWidgetItem([f"{minutes:02d}:{seconds:02d}", category_words(a.category), a.text, ""])
        item.setData(TIME, ID_ROLE, a.alert_id)
        advice = self.tr("Suggestion: {0}") if a.channel is AudioChannel.CUSTOMER else self.tr("Say instead: {0}")
        tip = [f"{side}: {a.text}"] + ([advice.format(a.suggestion)] if a.suggestion else [])
        item.setToolTip(WORDS, "\n".join(tip))
        accent = SEVERITY_COLOURS.get(a.severity, SEVERITY_COLOURS["medium"])[1]
        item.setForeground(CATEGORY, QBrush(QColor(accent)))
        if row.wrong:
            self._draw_wrong(item)
        return item

    def _draw_wrong(self, item: QTreeWidgetItem) -> None:
        item.setText(FEEDBACK, self.tr("Marked wrong"))
        for column in (TIME, CATEGORY, WORDS, FEEDBACK):
            item.setForeground(column, QBrush(QColor("#888888")))
            font = QFont(item.font(column))
            font.setStrikeOut(column in (CATEGORY, WORDS))
            item.setFont(column, font)

    def _find(self, alert_id: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(TIME, ID_ROLE) == alert_id:
                return item
        return None

    def _selected(self) -> _Row | None:
        items = self.tree.selectedItems()
        if not items or self.current_call is None:
            return None
        return self._calls.get(self.current_call, {}).get(str(items[0].data(TIME, ID_ROLE)))

    def _selection_changed(self) -> None:
        row = self._selected()
        self.wrong_b.setEnabled(row is not None and not row.wrong)
        self.empty.setVisible(self.tree.topLevelItemCount() == 0)

    def _ask_wrong(self) -> None:
        row = self._selected()
        if row is not None and not row.wrong:
            self.wrong_b.setEnabled(False)
            self.wrong_requested.emit(row.alert.alert_id)
