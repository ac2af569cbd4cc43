"""The day's numbers on the wallboard: by agent, by hour (with a small chart of calls and upset customers per
hour), and an export to CSV or Excel.

The numbers come from the lead session (computed in the engine from the calls
it stored, off the GUI thread); this view only lays them out. Refreshed when
shown and every 30 s while shown.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from softphone.session import KpiRow, LeadSession

from ..bridge import EngineBridge
from ..clock import elapsed_text
from ..errors import show_error
from ..ops import run_op

__all__ = ["KpiView", "HourChart", "REFRESH_MS"]

REFRESH_MS = 30_000
FIRST_HOUR, LAST_HOUR = 8, 21  # the calling window: the chart always shows it


def _pct(rate: float) -> str:
    return f"{rate * 100:.0f} %"


class HourChart(QWidget):
    """Calls per hour as bars, the part with an upset customer in red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[KpiRow] = []
        self.setMinimumHeight(150)

    def set_rows(self, rows: list[KpiRow]) -> None:
        self.rows = [r for r in rows if r.key != "all"]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        if not self.rows:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No calls yet today."))
            return
        by_hour = {int(r.key[:2]): r for r in self.rows}
        hours = range(min(FIRST_HOUR, *by_hour), max(LAST_HOUR, *by_hour) + 1)  # the calling window at least
        top = max(r.calls for r in self.rows)
        slot = self.width() / len(hours)
        bar = min(slot - 6, 36.0)
        base = self.height() - 18
        for i, hour in enumerate(hours):
            x = i * slot + (slot - bar) / 2
            painter.drawText(QRectF(i * slot, base, slot, 18), Qt.AlignmentFlag.AlignCenter, f"{hour:02d}")
            row = by_hour.get(hour)
            if row is None:
                continue
            h, upset = (base - 24) * row.calls / top, (base - 24) * row.upset / top
            painter.fillRect(QRectF(x, base - h, bar, h), QColor("#90caf9"))
            painter.fillRect(QRectF(x, base - upset, bar, upset), QColor("#e57373"))
            painter.drawText(QRectF(x - 10, base - h - 16, bar + 20, 16), Qt.AlignmentFlag.AlignCenter, str(row.calls))


class KpiView(QWidget):
    def __init__(self, bridge: EngineBridge, lead: LeadSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge, self._lead = bridge, lead
        self.kpis_since: float | None = None  # None: since today's midnight
        self.by_agent = self._table()
        self.by_hour = self._table()
        self.chart = HourChart()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self._ask_export)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("Today, by agent")), 1)
        head.addWidget(self.status)
        head.addWidget(self.export_button)
        layout.addLayout(head)
        layout.addWidget(self.by_agent, 2)
        layout.addWidget(QLabel(self.tr("By hour (red: calls with an upset customer)")))
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.by_hour, 2)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, 12)
        table.setHorizontalHeaderLabels([
            "", self.tr("Calls"), self.tr("Connected"), self.tr("Handle time"), self.tr("Alerts / call"),
            self.tr("Compliant"), self.tr("Hang-ups < 30 s"), self.tr("Transfers"), self.tr("Promises"),
            self.tr("Promised (yuan)"), self.tr("Upset customers"), self.tr("Upset rate")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self.refresh()
        self._timer.start()

    def hideEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self._timer.stop()

    def refresh(self) -> None:
        run_op(self._bridge, self._lead.kpis(self.kpis_since), self.show_rows, self._failed, self)

    def show_rows(self, rows: tuple[list[KpiRow], list[KpiRow]]) -> None:
        if not shiboken6.isValid(self):
            return
        agents, hours = rows
        self._fill(self.by_agent, agents, self.tr("All agents"))
        self._fill(self.by_hour, hours, self.tr("All hours"))
        self.chart.set_rows(hours)
        self.status.setText("")

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            show_error(self, exc)

    def _fill(self, table: QTableWidget, rows: list[KpiRow], all_label: str) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [all_label if row.key == "all" else row.key, str(row.calls),
                     f"{row.connected} ({_pct(row.connected_rate)})", elapsed_text(round(row.aht_s)),
                     f"{row.alerts_per_call:.2f}", _pct(row.compliance_rate),
                     f"{row.short_hangups} ({_pct(row.short_hangup_rate)})",
                     f"{row.transfers} ({_pct(row.transfer_rate)})", str(row.promises),
                     f"{row.promise_fen / 100:,.2f}", str(row.upset), _pct(row.upset_rate)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.key == "all":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(r, c, item)

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export today's numbers"), "team-kpis.xlsx",
                                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        run_op(self._bridge, self._lead.export_kpis(path, self.kpis_since),
               lambda n: self.status.setText(self.tr("{0} rows written to {1}").format(n, path.name)),
               self._failed, self)
