"""What the AI voice bot learned before it handed the customer over.

Read from the INVITE's ``X-*`` headers, which the session hands over already
masked (phone, ID and card numbers: ``compliance.masking``). Unknown ``X-``
headers are listed too, under their own names.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

__all__ = ["HandoffPanel", "handoff_fields", "field_label"]

_KNOWN = ("X-Customer-Id", "X-Customer-Name", "X-Handoff-Reason", "X-Intent", "X-Customer-Emotion", "X-Bot-Summary")


def handoff_fields(headers: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """The hand-off headers worth showing, known ones first."""
    found = {n: v for n, v in headers if n.lower().startswith("x-") and n.lower() != "x-demo"}
    ordered = [(n, found.pop(n)) for n in _KNOWN if n in found]
    return ordered + sorted(found.items())


def field_label(name: str) -> str:
    """The agent's words for a hand-off header."""
    labels = {
        "X-Customer-Id": QCoreApplication.translate("handoff", "Customer"),
        "X-Customer-Name": QCoreApplication.translate("handoff", "Name"),
        "X-Handoff-Reason": QCoreApplication.translate("handoff", "Reason"),
        "X-Intent": QCoreApplication.translate("handoff", "Intent"),
        "X-Customer-Emotion": QCoreApplication.translate("handoff", "Emotion"),
        "X-Bot-Summary": QCoreApplication.translate("handoff", "Summary"),
    }
    return labels.get(name, name[2:])


class HandoffPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoffPanel")
        self.setTitle(self.tr("From the AI assistant"))
        self._form = QFormLayout(self)
        self._empty = QLabel(self.tr("No hand-off details for this call."))
        self._form.addRow(self._empty)

    def show_headers(self, headers: tuple[tuple[str, str], ...]) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        fields = handoff_fields(headers)
        if not fields:
            self._empty = QLabel(self.tr("No hand-off details for this call."))
            self._form.addRow(self._empty)
            return
        for name, value in fields:
            label = QLabel(value)
            label.setWordWrap(True)
            label.setObjectName(f"handoff_{name[2:]}")
            self._form.addRow(field_label(name), label)
