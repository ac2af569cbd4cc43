"""Account and registration status: a coloured dot, the state, the reason."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from softphone.events import RegistrationChanged
from softphone.states import RegState
from ..engine_text import engine_text

__all__ = ["AccountStatus"]

_COLOURS = {RegState.REGISTERED: "#2e9d4a", RegState.REGISTERING: "#d9a400",
            RegState.FAILED: "#cc3333", RegState.UNREGISTERED: "#888888"}


class AccountStatus(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dot = QLabel("●")
        self.account = QLabel()
        self.account.setObjectName("accountName")
        self.state = QLabel()
        self.state.setObjectName("registrationState")
        self.reason = QLabel()
        self.reason.setObjectName("registrationReason")
        self.reason.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for w in (self.dot, self.account, self.state, self.reason):
            layout.addWidget(w)
        layout.addStretch(1)
        self.show_state(RegState.UNREGISTERED, "")

    def set_account(self, text: str) -> None:
        self.account.setText(text)

    def state_text(self, state: RegState) -> str:
        return {RegState.REGISTERED: self.tr("Registered"), RegState.REGISTERING: self.tr("Signing in…"),
                RegState.FAILED: self.tr("Not registered"), RegState.UNREGISTERED: self.tr("Offline")}[state]

    def show_state(self, state: RegState, reason: str) -> None:
        self.dot.setStyleSheet(f"color: {_COLOURS[state]}; font-size: 16px;")
        self.state.setText(self.state_text(state))
        self.reason.setText(reason)

    def show_ready_without_server(self) -> None:
        """Direct calls only (no registrar, e.g. the demo): ready, not offline."""
        self.dot.setStyleSheet(f"color: {_COLOURS[RegState.REGISTERED]}; font-size: 16px;")
        self.state.setText(self.tr("Ready (no server: direct calls)"))
        self.reason.setText("")

    def on_registration(self, event: RegistrationChanged) -> None:
        reason = engine_text(event.user_message) if event.new is RegState.FAILED else ""
        self.show_state(event.new, reason)
