"""What the AI voice bot learned before it handed the customer over.

Read from the INVITE's ``X-*`` headers, which the session hands over already
masked (phone, ID and card numbers: ``compliance.masking``). Unknown ``X-``
headers are listed too, under their own names.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from softphone.states import CallId

__all__ = ["HandoffPanel", "handoff_fields", "popup_fields", "field_label"]

_KNOWN = ("X-Customer-Id", "X-Customer-Name", "X-Handoff-Reason", "X-Intent", "X-Customer-Emotion", "X-Bot-Summary")


def handoff_fields(headers: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """The hand-off headers worth showing, known ones first."""
    found = {n: v for n, v in headers if n.lower().startswith("x-") and n.lower() != "x-demo"}
    ordered = [(n, found.pop(n)) for n in _KNOWN if n in found]
    return ordered + sorted(found.items())


def popup_fields(headers: tuple[tuple[str, str], ...], most: int = 6) -> list[tuple[str, str]]:
    """The popup's shorter list: every known field (the bot's summary too), then other ``X-`` headers up to ``most``."""
    fields = handoff_fields(headers)
    known = [f for f in fields if f[0] in _KNOWN]
    return known + [f for f in fields if f[0] not in _KNOWN][:max(0, most - len(known))]


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
    """The shown call's hand-off, and only while that call lasts.

    Like the transcript and the alerts, it keeps every live call's fields and
    shows the selected call's: an outbound call, or a second call taken while a
    hand-off is on hold, never shows another customer. A call's fields are
    dropped when it ends; the pane is hidden while the shown call has none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoffPanel")
        self.setTitle(self.tr("From the AI assistant"))
        self._form = QFormLayout(self)
        self._calls: dict[CallId, list[tuple[str, str]]] = {}
        self.current_call: CallId | None = None
        self.hide()

    def on_incoming(self, call_id: CallId, headers: tuple[tuple[str, str], ...]) -> None:
        fields = handoff_fields(headers)
        if fields:
            self._calls[call_id] = fields
        if call_id == self.current_call:
            self._draw()

    def show_call(self, call_id: CallId | None) -> None:
        self.current_call = call_id
        self._draw()

    def end_call(self, call_id: CallId) -> None:
        """The call is over: what the bot said about its customer goes with it."""
        self._calls.pop(call_id, None)
        if call_id == self.current_call:
            self._draw()

    def fields(self) -> list[tuple[str, str]]:
        """What is shown: (header name, masked value) of the shown call."""
        return list(self._calls.get(self.current_call, [])) if self.current_call is not None else []

    def _draw(self) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        fields = self.fields()
        for name, value in fields:
            label = QLabel(value)
            label.setWordWrap(True)
            label.setObjectName(f"handoff_{name[2:]}")
            self._form.addRow(field_label(name), label)
        self.setVisible(bool(fields))
