"""The agent's side of the team lead's view, in the status bar: whether the lead's server is reached, what
the lead sees (ready, in call, …), and Pause / Ready.

Shown only when ``[team]`` is on. The button asks the session; the label
follows ``agent_state_changed`` and ``team_link_changed`` through the bridge.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from softphone.events import AgentStateChanged, SupervisionChanged, TeamLinkChanged
from softphone.states import AgentState, SupervisionMode, SupervisionState

from ..engine_text import engine_text

__all__ = ["TeamStatus", "SupervisionIndicator"]


class TeamStatus(QWidget):
    def __init__(self, set_paused: Callable[[bool], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._set_paused = set_paused
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.link = QLabel(self.tr("○ Team lead: connecting…"))
        self.link.setStyleSheet("color: #9a6700;")
        self.state = QLabel()
        self.pause = QPushButton(self.tr("Pause"))
        self.pause.setCheckable(True)
        self.pause.setToolTip(self.tr("Tell your team lead you are not taking calls"))
        self.pause.toggled.connect(self._toggled)
        for w in (self.link, self.state, self.pause):
            layout.addWidget(w)

    def on_link(self, event: TeamLinkChanged) -> None:
        self.link.setText(("● " if event.connected else "○ ") + self.tr("Team lead"))
        self.link.setStyleSheet("color: #2e7d32;" if event.connected else "color: #c62828;")
        self.link.setToolTip(engine_text(event.user_message))

    def on_state(self, event: AgentStateChanged) -> None:
        words = {AgentState.OFFLINE: self.tr("offline"), AgentState.IDLE: self.tr("ready"),
                 AgentState.RINGING: self.tr("ringing"), AgentState.IN_CALL: self.tr("in call"),
                 AgentState.WRAP_UP: self.tr("wrap-up"), AgentState.PAUSED: self.tr("paused")}
        self.state.setText(self.tr("(sees you: {0})").format(words[event.new]))

    def _toggled(self, paused: bool) -> None:
        self.pause.setText(self.tr("Ready") if paused else self.tr("Pause"))
        self.pause.setToolTip(self.tr("Take calls again") if paused else
                              self.tr("Tell your team lead you are not taking calls"))
        self._set_paused(paused)


class SupervisionIndicator(QLabel):
    """"Team lead listening" while a lead supervises this agent, if the administrator's policy says to show it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #6a1b9a; font-weight: 600;")
        self._leads: dict[str, SupervisionMode] = {}
        self.hide()

    def on_supervision(self, event: SupervisionChanged) -> None:
        if event.state in (SupervisionState.STARTED, SupervisionState.MODE_CHANGED) and event.notify_agent:
            self._leads[event.call_id] = event.mode
        elif event.state is SupervisionState.ENDED:
            self._leads.pop(event.call_id, None)
        if not self._leads:
            self.hide()
            return
        words = {SupervisionMode.LISTEN: self.tr("● Team lead listening"),
                 SupervisionMode.WHISPER: self.tr("● Team lead whispering to you"),
                 SupervisionMode.BARGE: self.tr("● Team lead in the call")}
        self.setText(words[list(self._leads.values())[-1]])
        self.show()
