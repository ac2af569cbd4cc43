"""The wrap-up after a call: how it ended, the promise or the call back, a note.

``start()`` opens it for one call; the agent picks a disposition, fills in
what that disposition needs (a promise to pay: the day and the amount; a call
back: when) and submits: ``submitted`` carries a ``model.WrapUp`` (the
amount in fen, the call back in epoch seconds). The engine checks it: its
problems come back through ``show_problems`` (nothing the agent typed is
lost), its verdict through ``done`` ("Saved", then the form closes). The form
never calls the engine itself.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QTime, QTimer, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox, QButtonGroup, QDateEdit, QDateTimeEdit, QDoubleSpinBox, QFormLayout, QGridLayout, QGroupBox,
    QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from softphone.session import Disposition, WrapUp

from ..engine_text import engine_text

__all__ = ["WrapUpForm", "disposition_words", "NOTE_MAX", "SAVED_SHOWN_MS"]

NOTE_MAX = 500  # characters of the note
SAVED_SHOWN_MS = 4000  # how long "Saved" stays before the form closes
NO_BALANCE_MAX_YUAN = 10_000_000.0  # the amount's limit when the balance is unknown
_PROBLEM_STYLE = "color: #c62828; background: #fde8e8; border-radius: 3px; padding: 4px 6px;"
_SAVED_STYLE = "color: #2e7d32; font-weight: 600; padding: 4px 0;"


def disposition_words(disposition: Disposition) -> str:
    """A disposition in the agent's words."""
    words = {
        Disposition.PROMISE_TO_PAY: QCoreApplication.translate("WrapUpForm", "Promise to pay"),
        Disposition.PAID: QCoreApplication.translate("WrapUpForm", "Paid"),
        Disposition.DISPUTE: QCoreApplication.translate("WrapUpForm", "Dispute"),
        Disposition.WRONG_PARTY: QCoreApplication.translate("WrapUpForm", "Wrong party"),
        Disposition.NO_ANSWER: QCoreApplication.translate("WrapUpForm", "No answer"),
        Disposition.CALLBACK: QCoreApplication.translate("WrapUpForm", "Call back"),
        Disposition.HARDSHIP: QCoreApplication.translate("WrapUpForm", "Hardship"),
    }
    return words[disposition]


class WrapUpForm(QGroupBox):
    """One call's wrap-up; emits it, shows what the engine said about it."""

    submitted = Signal(object)  # a softphone.crm.model.WrapUp

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wrapUpForm")
        self.setTitle(self.tr("Wrap-up"))
        self.call_id = ""
        self.case_id = ""
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.setInterval(SAVED_SHOWN_MS)
        self._close_timer.timeout.connect(self.hide)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.saved = self._label("wrapUpSaved", _SAVED_STYLE)
        layout.addWidget(self.saved)
        layout.addWidget(self._build_body())
        self.saved.hide()
        self.hide()

    # -- building ----------------------------------------------------------------------------------
    @staticmethod
    def _label(name: str, style: str = "") -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        if style:
            label.setStyleSheet(style)
        return label

    def _build_body(self) -> QWidget:
        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.required = self._label("wrapUpRequired", "color: #9a6700; font-weight: 600;")
        self.required.setText(self.tr("Required before the next call"))
        self.case_line = self._label("wrapUpCase", "color: #555;")
        column.addWidget(self.required)
        column.addWidget(self.case_line)
        column.addWidget(self._build_dispositions())
        column.addLayout(self._build_details())
        column.addLayout(self._build_note())
        self.problems = self._label("wrapUpProblems", _PROBLEM_STYLE)
        self.problems.hide()
        column.addWidget(self.problems)
        column.addLayout(self._build_buttons())
        return self.body

    def _build_dispositions(self) -> QWidget:
        self.disposition_box = QWidget()
        self.disposition_box.setObjectName("disposition")
        self.dispositions = QButtonGroup(self)
        self.dispositions.setExclusive(True)
        grid = QGridLayout(self.disposition_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.disposition_buttons: dict[Disposition, QRadioButton] = {}
        for index, disposition in enumerate(Disposition):
            button = QRadioButton(disposition_words(disposition))
            button.setObjectName(f"disposition_{disposition.value}")
            self.dispositions.addButton(button, index)
            self.disposition_buttons[disposition] = button
            grid.addWidget(button, index // 2, index % 2)
        self.dispositions.idToggled.connect(lambda _id, _on: self._update_fields())
        return self.disposition_box

    def _build_details(self) -> QFormLayout:
        self.promise_date = QDateEdit()
        self.promise_date.setObjectName("promiseDate")
        self.promise_date.setCalendarPopup(True)
        self.promise_date.setDisplayFormat("yyyy-MM-dd")
        self.promise_amount = QDoubleSpinBox()
        self.promise_amount.setObjectName("promiseAmount")
        self.promise_amount.setDecimals(2)
        self.promise_amount.setPrefix("¥")
        self.promise_amount.setGroupSeparatorShown(True)
        self.promise_amount.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.promise_amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.callback_at = QDateTimeEdit()
        self.callback_at.setObjectName("callbackAt")
        self.callback_at.setCalendarPopup(True)
        self.callback_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        promise = QHBoxLayout()
        promise.addWidget(self.promise_date, 1)
        self.amount_label = QLabel(self.tr("Amount"))
        promise.addWidget(self.amount_label)
        promise.addWidget(self.promise_amount, 1)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.promise_label = QLabel(self.tr("Pays on"))
        self.callback_label = QLabel(self.tr("Call back at"))
        form.addRow(self.promise_label, promise)
        form.addRow(self.callback_label, self.callback_at)
        return form

    def _build_note(self) -> QVBoxLayout:
        self.note = QPlainTextEdit()
        self.note.setObjectName("wrapUpNote")
        self.note.setPlaceholderText(self.tr("Note (what was agreed, what to do next)"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.note.textChanged.connect(self._note_changed)
        self.note_count = self._label("wrapUpNoteCount", "color: #777;")
        self.note_count.setAlignment(Qt.AlignmentFlag.AlignRight)
        column = QVBoxLayout()
        column.setSpacing(1)
        column.addWidget(self.note)
        column.addWidget(self.note_count)
        return column

    def _build_buttons(self) -> QHBoxLayout:
        self.submit = QPushButton(self.tr("Submit"))
        self.submit.setObjectName("wrapUpSubmit")
        self.submit.setDefault(True)
        self.submit.clicked.connect(lambda _=False: self._submit())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.submit)
        return row

    # -- the engine's side -------------------------------------------------------------------------
    def start(self, call_id: str, case_id: str, balance_fen: int | None, horizon_days: int,
              required: bool = False) -> None:
        """Open the form for ``call_id`` (a promise: today .. today + ``horizon_days``, at most the balance)."""
        self._close_timer.stop()
        self.call_id, self.case_id = call_id, case_id
        self.required.setVisible(required)
        self.case_line.setText(self.tr("Case {0}").format(case_id) if case_id else self.tr("No case for this call"))
        self._reset(balance_fen, horizon_days)
        self.saved.hide()
        self.body.show()
        self.show()

    def show_problems(self, problems: list[str]) -> None:
        """What the engine found wrong, in red; every field keeps what the agent entered."""
        lines = [engine_text(p) for p in problems if p]
        self.problems.setText("\n".join(f"• {line}" for line in lines))
        self.problems.setVisible(bool(lines))
        self._update_fields()

    def done(self, score_text: str = "") -> None:
        """The wrap-up was stored: say so, empty the form and close it a moment later."""
        saved = "✓ " + self.tr("Saved")
        self.saved.setText(f"{saved} · {score_text}" if score_text else saved)
        self.saved.show()
        self.body.hide()
        self._reset(None, 0)
        self._close_timer.start()

    # -- the agent's side --------------------------------------------------------------------------
    def disposition(self) -> Disposition | None:
        for disposition, button in self.disposition_buttons.items():
            if button.isChecked():
                return disposition
        return None

    def set_disposition(self, disposition: Disposition) -> None:
        self.disposition_buttons[disposition].setChecked(True)

    def wrap_up(self) -> WrapUp | None:
        """The wrap-up as entered, or None while no disposition is chosen."""
        disposition = self.disposition()
        if disposition is None:
            return None
        promise = disposition is Disposition.PROMISE_TO_PAY
        callback = disposition is Disposition.CALLBACK
        return WrapUp(
            call_id=self.call_id, case_id=self.case_id, disposition=disposition,
            promise_due=self._promise_day() if promise else None,
            promise_amount_fen=round(self.promise_amount.value() * 100) if promise else None,
            callback_at=self._callback_seconds() if callback else None,
            note=self.note.toPlainText().strip())

    def _promise_day(self) -> date:
        day = self.promise_date.date()
        return date(day.year(), day.month(), day.day())

    def _callback_seconds(self) -> float:
        """The call back time in epoch seconds, to the minute (as shown)."""
        return float(self.callback_at.dateTime().toSecsSinceEpoch() // 60 * 60)

    def _submit(self) -> None:
        wrap_up = self.wrap_up()
        if wrap_up is not None:
            self.submitted.emit(wrap_up)

    # -- helpers -----------------------------------------------------------------------------------
    def _reset(self, balance_fen: int | None, horizon_days: int) -> None:
        today = QDate.currentDate()
        self.promise_date.setDateRange(today, today.addDays(max(0, horizon_days)))
        self.promise_date.setDate(today)
        top = balance_fen / 100 if balance_fen is not None else NO_BALANCE_MAX_YUAN
        self.promise_amount.setRange(0.0, max(0.0, top))
        self.promise_amount.setValue(0.0)
        self.promise_amount.setToolTip(self.tr("At most the balance") if balance_fen is not None else "")
        now = QDateTime.currentDateTime()
        self.callback_at.setDateTimeRange(now, QDateTime(today.addDays(max(1, horizon_days)), QTime(23, 59)))
        self.callback_at.setDateTime(now.addSecs(3600))
        self.dispositions.setExclusive(False)  # an exclusive group cannot be emptied
        for button in self.disposition_buttons.values():
            button.setChecked(False)
        self.dispositions.setExclusive(True)
        self.note.clear()
        self.problems.clear()
        self.problems.hide()
        self._update_fields()

    def _update_fields(self) -> None:
        disposition = self.disposition()
        promise = disposition is Disposition.PROMISE_TO_PAY
        callback = disposition is Disposition.CALLBACK
        promise_fields: tuple[QWidget, ...] = (self.promise_label, self.promise_date, self.amount_label,
                                               self.promise_amount)
        for widget in promise_fields:
            widget.setEnabled(promise)
        for widget in (self.callback_label, self.callback_at):
            widget.setEnabled(callback)
        self.submit.setEnabled(disposition is not None)

    def _note_changed(self) -> None:
        text = self.note.toPlainText()
        if len(text) > NOTE_MAX:
            cursor = self.note.textCursor()
            position = min(cursor.position(), NOTE_MAX)
            self.note.setPlainText(text[:NOTE_MAX])  # re-enters once, within the limit
            cursor = self.note.textCursor()
            cursor.setPosition(position)
            self.note.setTextCursor(cursor)
            return
        self.note_count.setText(f"{len(text)} / {NOTE_MAX}")
        self.note_count.setStyleSheet("color: #c62828;" if len(text) >= NOTE_MAX else "color: #777;")
