"""The wallboard: every agent's state and time in it, the calls raising alerts (most serious first), and the
selected call's live transcript and alerts.

Board changes arrive from the follower's thread through the bridge
(``call_on_main``); each redraws only the part that changed. A one-second
timer refreshes the "time in state" column. Nothing here decides anything: the
order of the flagged calls is the board's.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem, QMainWindow, QPushButton, QSplitter,
    QTableWidget, QTableWidgetItem, QTabWidget, QTextEdit, QVBoxLayout, QWidget,
)

from softphone.session import BoardChange, CallView, LeadLink, LeadSession
from softphone.states import AgentState, SupervisionMode

from ..bridge import EngineBridge
from ..clock import elapsed_text
from ..engine_text import engine_text
from ..ops import run_op
from .kpi_view import KpiView

__all__ = ["Wallboard", "party_text"]

_STATE_COLOURS = {AgentState.OFFLINE: "#9e9e9e", AgentState.IDLE: "#2e7d32", AgentState.RINGING: "#f9a825",
                  AgentState.IN_CALL: "#1565c0", AgentState.WRAP_UP: "#6a1b9a", AgentState.PAUSED: "#ef6c00"}
REDRAW_MS = 150
_SEVERITY_COLOURS = {"critical": "#b71c1c", "high": "#d84315", "medium": "#f9a825", "low": "#607d8b"}


def party_text(uri: str) -> str:
    """The number of a (masked) SIP URI: ``sip:138****5678@pbx`` -> ``138****5678``."""
    return uri.removeprefix("sip:").removeprefix("sips:").split("@", 1)[0]


class Wallboard(QMainWindow):
    def __init__(self, bridge: EngineBridge, lead: LeadSession, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self._bridge, self._lead, self._clock = bridge, lead, clock
        self.selected_call = ""
        self.setWindowTitle(self.tr("Team {0}: wallboard").format(lead.team))
        self.resize(1180, 720)
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._show_agents)
        self._timer.start()
        self._pending = BoardChange.NONE  # changes not drawn yet: drawn together, at most every REDRAW_MS
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_MS)
        self._redraw.timeout.connect(self._draw_pending)
        lead.subscribe(lambda change: bridge.call_on_main(lambda: self.board_changed(change)),
                       lambda link: bridge.call_on_main(lambda: self.link_changed(link)))
        self.link_changed(lead.link)

    # -- building -------------------------------------------------------------------------------------
    def _build(self) -> None:
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._panel(self.tr("Agents"), self._agents_table()))
        split.addWidget(self._panel(self.tr("Calls with alerts"), self._flagged_list()))
        split.addWidget(self._panel(self.tr("Selected call"), self._call_detail()))
        split.setSizes([360, 380, 440])
        self.tabs = QTabWidget()
        self.tabs.addTab(split, self.tr("Live"))
        self.kpis = KpiView(self._bridge, self._lead)
        self.tabs.addTab(self.kpis, self.tr("Today's numbers"))
        self.setCentralWidget(self.tabs)
        self.link_label = QLabel()
        self.statusBar().addPermanentWidget(self.link_label)

    def _panel(self, title: str, body: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        head = QLabel(title)
        head.setStyleSheet("font-weight: 600; font-size: 15px;")
        layout.addWidget(head)
        layout.addWidget(body, 1)
        return box

    def _agents_table(self) -> QTableWidget:
        self.agents = QTableWidget(0, 4)
        self.agents.setHorizontalHeaderLabels([self.tr("Agent"), self.tr("State"), self.tr("Time"),
                                               self.tr("Customer")])
        self.agents.verticalHeader().hide()
        self.agents.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.agents.cellClicked.connect(self._agent_clicked)
        header = self.agents.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return self.agents

    def _flagged_list(self) -> QListWidget:
        self.flagged = QListWidget()
        self.flagged.setWordWrap(True)
        self.flagged.currentItemChanged.connect(lambda item, _old: self.select_call(item.data(Qt.ItemDataRole.UserRole)
                                                                                   if item else ""))
        return self.flagged

    def _call_detail(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.call_header = QLabel(self.tr("Choose a call with alerts to follow it."))
        self.call_header.setWordWrap(True)
        layout.addWidget(self.call_header)
        layout.addLayout(self._supervise_row())
        self.call_alerts = QListWidget()
        self.call_alerts.setMaximumHeight(160)
        self.call_alerts.setWordWrap(True)
        layout.addWidget(self.call_alerts)
        self.transcript = QTextEdit()
        self.transcript.setReadOnly(True)
        layout.addWidget(self.transcript, 1)
        return box

    def _supervise_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.supervise_buttons: dict[SupervisionMode, QPushButton] = {}
        for mode, text, tip in ((SupervisionMode.LISTEN, self.tr("Listen"), self.tr("Hear both sides; nobody hears you")),
                                (SupervisionMode.WHISPER, self.tr("Whisper"), self.tr("Only the agent hears you")),
                                (SupervisionMode.BARGE, self.tr("Barge"), self.tr("Join the call: both hear you"))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, m=mode: self.supervise(m))
            self.supervise_buttons[mode] = button
            row.addWidget(button)
        self.leave_button = QPushButton(self.tr("Leave"))
        self.leave_button.clicked.connect(self.leave)
        row.addWidget(self.leave_button)
        self.supervise_state = QLabel()
        row.addWidget(self.supervise_state, 1)
        for w in (*self.supervise_buttons.values(), self.leave_button, self.supervise_state):
            w.setVisible(self._lead.can_supervise)
        return row

    def supervise(self, mode: SupervisionMode) -> None:
        call = self._lead.call(self.selected_call) if self.selected_call else None
        if call is None:
            return
        words = {SupervisionMode.LISTEN: self.tr("Listening to {0}"), SupervisionMode.WHISPER:
                 self.tr("Whispering to {0}"), SupervisionMode.BARGE: self.tr("In the call of {0}")}
        run_op(self._bridge, self._lead.supervise(call.agent, mode),
               lambda _call_id: self.supervise_state.setText(words[mode].format(call.agent)), parent=self)

    def leave(self) -> None:
        self._lead.stop_supervising()
        self.supervise_state.setText("")

    # -- from the lead session (GUI thread) ---------------------------------------------------------------
    def board_changed(self, change: BoardChange) -> None:
        """A change on the board: drawn within REDRAW_MS, together with the others that came meanwhile (200
        agents make about 75 changes a second: benchmarks/bench_team.py)."""
        self._pending |= change
        if not self._redraw.isActive():
            self._redraw.start()

    def _draw_pending(self) -> None:
        change, self._pending = self._pending, BoardChange.NONE
        self.draw(change)

    def draw(self, change: BoardChange) -> None:
        if change & BoardChange.AGENTS:
            self._show_agents()
        if change & BoardChange.CALLS:
            self._show_flagged()
            self._show_call()
        if change & BoardChange.TRANSCRIPT:
            self._show_call()

    def link_changed(self, link: LeadLink) -> None:
        text = engine_text(link.user_message) if link.user_message else self.tr("Connecting to the team server…")
        self.link_label.setText(("● " if link.connected else "○ ") + text)
        self.link_label.setStyleSheet("color: #2e7d32;" if link.connected else "color: #c62828;")

    def _agent_clicked(self, row: int, _column: int) -> None:
        """An agent's row: follow (and be able to join) the call it is in, alerts or not."""
        agents = self._lead.agents()
        if 0 <= row < len(agents) and agents[row].call_id:
            self.select_call(agents[row].call_id)

    def select_call(self, call_id: str) -> None:
        self.selected_call = call_id
        self._show_call()

    # -- words --------------------------------------------------------------------------------------------
    def state_text(self, state: AgentState) -> str:
        return {AgentState.OFFLINE: self.tr("Offline"), AgentState.IDLE: self.tr("Ready"),
                AgentState.RINGING: self.tr("Ringing"), AgentState.IN_CALL: self.tr("In call"),
                AgentState.WRAP_UP: self.tr("Wrap-up"), AgentState.PAUSED: self.tr("Paused")}[state]

    def severity_text(self, severity: str) -> str:
        return {"critical": self.tr("CRITICAL"), "high": self.tr("HIGH"), "medium": self.tr("MEDIUM"),
                "low": self.tr("LOW")}.get(severity, severity.upper())

    # -- drawing --------------------------------------------------------------------------------------
    def _show_agents(self) -> None:
        agents = self._lead.agents()
        now = self._clock()
        self.agents.setRowCount(len(agents))
        for row, a in enumerate(agents):
            state = QTableWidgetItem(self.state_text(a.state))
            state.setForeground(QColor(_STATE_COLOURS[a.state]))
            call = self._lead.call(a.call_id) if a.call_id else None
            cells = [QTableWidgetItem(a.agent), state, QTableWidgetItem(elapsed_text(now - a.since)),
                     QTableWidgetItem(party_text(call.party) if call else "")]
            for column, cell in enumerate(cells):
                self.agents.setItem(row, column, cell)

    def _show_flagged(self) -> None:
        calls = self._lead.flagged_calls()
        self.flagged.blockSignals(True)
        self.flagged.clear()
        for call in calls:
            item = QListWidgetItem(self._call_line(call))
            item.setData(Qt.ItemDataRole.UserRole, call.call_id)
            worst = max(call.alerts, key=lambda a: a.at)
            item.setForeground(QColor(_SEVERITY_COLOURS.get(call.worst_severity, "#333")))
            item.setToolTip(worst.suggestion)
            self.flagged.addItem(item)
            if call.call_id == self.selected_call:
                self.flagged.setCurrentItem(item)
        self.flagged.blockSignals(False)

    def _call_line(self, call: CallView) -> str:
        latest = max(call.alerts, key=lambda a: a.at)
        mood = self.tr(" · customer upset") if call.customer_emotion == "negative" else ""
        return self.tr("{0} · {1} · {2} alert(s){3}\n{4}: {5}").format(
            call.agent, party_text(call.party) or call.call_id, len(call.alerts), mood, self.severity_text(call.worst_severity),
            latest.text or latest.category)

    def _show_call(self) -> None:
        call = self._lead.call(self.selected_call) if self.selected_call else None
        if call is None:
            return
        ended = self.tr(" (ended)") if call.ended is not None else ""
        self.call_header.setText(self.tr("{0} with {1}{2}").format(call.agent, party_text(call.party) or call.call_id,
                                                                   ended))
        self.call_alerts.clear()
        for alert in sorted(call.alerts, key=lambda a: a.at, reverse=True):
            item = QListWidgetItem(f"{self.severity_text(alert.severity)} · {alert.text or alert.category}"
                                   + (f"\n→ {alert.suggestion}" if alert.suggestion else ""))
            item.setForeground(QColor(_SEVERITY_COLOURS.get(alert.severity, "#333")))
            self.call_alerts.addItem(item)
        who = {"agent": self.tr("Agent"), "customer": self.tr("Customer")}
        self.transcript.setPlainText("\n".join(f"{who.get(line.channel, line.channel)}: {line.text}"
                                               for line in self._lead.transcript(call.call_id)))

