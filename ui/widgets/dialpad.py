"""The number field, the twelve keys and the call button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from softphone.numbers import clean_number

__all__ = ["DialPad", "KEYS"]

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#")


class NumberField(QLineEdit):
    """Cleans what is typed or pasted (keyboard or menu): spaces, dashes, a +86 prefix go."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.textEdited.connect(self._clean)

    def _clean(self, text: str) -> None:
        cleaned = clean_number(text)
        if cleaned != text:
            self.setText(cleaned)


class DialPad(QWidget):
    dial_requested = Signal(str)
    key_pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = NumberField()
        self.number.setObjectName("numberField")
        self.number.setPlaceholderText(self.tr("Number or SIP address"))
        self.number.returnPressed.connect(self._dial)
        grid = QGridLayout()
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(KEYS):
            button = QPushButton(key)
            button.setObjectName(f"key_{key}")
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(button, i // 3, i % 3)
            self.keys[key] = button
        self.call_button = QPushButton(self.tr("Call"))
        self.call_button.setObjectName("callButton")
        self.call_button.setMinimumHeight(44)
        self.call_button.clicked.connect(self._dial)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number)
        layout.addLayout(grid)
        layout.addWidget(self.call_button)
        layout.addStretch(1)

    def _press(self, key: str) -> None:
        self.number.insert(key)
        self.key_pressed.emit(key)

    def _dial(self) -> None:
        target = clean_number(self.number.text())
        if target:
            self.number.setText(target)
            self.dial_requested.emit(target)

    def dialled(self, target: str) -> None:
        """The call to ``target`` is placed: the number leaves the screen (the call shows it masked).

        Kept when the dial fails (to correct it), and when another number was typed meanwhile."""
        if clean_number(self.number.text()) == target:
            self.number.clear()

    def set_number(self, number: str) -> None:
        self.number.setText(number)
        self.number.setFocus(Qt.FocusReason.OtherFocusReason)
