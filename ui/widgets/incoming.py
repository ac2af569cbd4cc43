"""The incoming-call popup: who is calling and, for an AI hand-off, why."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from softphone.events import IncomingCall
from softphone.sip.headers import header_value

from .handoff import field_label, popup_fields
from .party import party_name_and_number

__all__ = ["IncomingPopup", "is_ai_handoff"]


def is_ai_handoff(event: IncomingCall) -> bool:
    return header_value(event.headers, "X-Handoff-Reason") is not None


class IncomingPopup(QDialog):
    answer_clicked = Signal(str)
    reject_clicked = Signal(str)

    def __init__(self, event: IncomingCall, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.call_id = event.call_id
        self.setObjectName("incomingPopup")
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setWindowTitle(self.tr("Incoming call"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("AI hand-off") if is_ai_handoff(event) else self.tr("Incoming call"))
        title.setObjectName("incomingTitle")
        title.setStyleSheet("font-size: 18px; font-weight: 700;")
        layout.addWidget(title)
        name, number = party_name_and_number(event.remote_uri, event.display_name)
        caller = QLabel(f"{name}   {number}" if name else number)
        caller.setObjectName("incomingCaller")
        caller.setStyleSheet("font-size: 15px;")
        layout.addWidget(caller)
        for name, value in popup_fields(event.headers):  # masked by the session, like the side pane
            row = QLabel(f"<b>{field_label(name)}</b>  {value}")
            row.setWordWrap(True)
            row.setObjectName(f"incoming_{name[2:]}")
            layout.addWidget(row)
        if event.auto_answer_after is not None:
            note = QLabel(self.tr("Answered automatically in {0} s").format(f"{event.auto_answer_after:g}"))
            note.setObjectName("autoAnswerNote")
            layout.addWidget(note)
        layout.addLayout(self._buttons())
        self.setMinimumWidth(380)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.answer_b = QPushButton(self.tr("Answer"))
        self.answer_b.setObjectName("popupAnswer")
        self.answer_b.setStyleSheet("QPushButton { background: #2e9d4a; color: white; font-weight: 600; padding: 8px; }")
        self.reject_b = QPushButton(self.tr("Reject"))
        self.reject_b.setObjectName("popupReject")
        self.reject_b.setStyleSheet("QPushButton { background: #cc3333; color: white; font-weight: 600; padding: 8px; }")
        self.answer_b.clicked.connect(lambda _=False: self.answer_clicked.emit(self.call_id))
        self.reject_b.clicked.connect(lambda _=False: self.reject_clicked.emit(self.call_id))
        row.addWidget(self.answer_b)
        row.addWidget(self.reject_b)
        return row
