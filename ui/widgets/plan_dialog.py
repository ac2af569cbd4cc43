"""The repayment-plan change of a call: pick the terms, see the schedule, send the customer the code.

The dialog only shows what it is given (a ``PlanQuoteView``, ``PlanStateChanged`` events: no personal data,
never the code) and says what the agent asked for as signals; the main window runs the session commands.
Its parts, top to bottom:

* the terms: method, months, the annual rate (the contract's by default), deferral months, first due date;
* the quote: APR beside the contract rate, the review reasons (red: such a plan goes to a reviewer, no code
  is sent), the comparison with the current plan, and the schedule;
* the code: "Send code", then the waiting state (tries left, the expiry counting down, codes left to send),
  a field for the code the customer reads out, and the end (confirmed, locked, expired, refused).

Changing a term after the code went out asks for a new quote: a changed plan needs a new code.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QDialog, QDoubleSpinBox, QGridLayout, QGroupBox,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from softphone.events import PlanStateChanged
from softphone.session import PlanMethod, PlanQuoteView, PlanRequest, PlanSide, PlanState

from ..engine_text import engine_text

__all__ = ["PlanDialog", "method_words"]

_GOOD, _BAD, _WAIT = "#2e7d32", "#c62828", "#b7791f"
_ENDED = (PlanState.CONFIRMED, PlanState.LOCKED, PlanState.ENDED)


def method_words(method: PlanMethod) -> str:
    return {
        PlanMethod.EQUAL_INSTALLMENT: QCoreApplication.translate("PlanDialog", "Equal instalments"),
        PlanMethod.EQUAL_PRINCIPAL: QCoreApplication.translate("PlanDialog", "Equal principal"),
        PlanMethod.INTEREST_ONLY: QCoreApplication.translate("PlanDialog", "Interest only, then the principal"),
        PlanMethod.DEFERRAL: QCoreApplication.translate("PlanDialog", "Deferral: interest only first"),
    }[method]


class PlanDialog(QDialog):
    """See the module docstring. Signals: ``quote_requested(PlanRequest)``, ``send_requested()``,
    ``code_typed(str)``."""

    quote_requested = Signal(object)
    send_requested = Signal()
    code_typed = Signal(str)

    def __init__(self, call_id: str, case_label: str, contract_rate: float, first_due: date | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planDialog")
        self.call_id = call_id
        self.view: PlanQuoteView | None = None
        self.state: PlanState | None = None
        self._expires_at: float | None = None
        self.setWindowTitle(self.tr("Change the repayment plan: {0}").format(case_label))
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_terms(contract_rate, first_due))
        layout.addWidget(self._build_quote(), 1)
        layout.addWidget(self._build_code())
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._show_state(None)
        self.resize(760, 680)

    # -- building -------------------------------------------------------------------------------
    def _build_terms(self, contract_rate: float, first_due: date | None) -> QGroupBox:
        box = QGroupBox(self.tr("New terms"))
        form = QGridLayout(box)
        self.method = QComboBox()
        self.method.setObjectName("planMethod")
        for m in PlanMethod:
            self.method.addItem(method_words(m), m)
        self.months = _spin(1, 120, 12, "planMonths")
        self.rate = QDoubleSpinBox()
        self.rate.setObjectName("planRate")
        self.rate.setRange(0.0, 36.0)
        self.rate.setDecimals(2)
        self.rate.setSuffix(" %")
        self.rate.setValue(round(contract_rate * 100, 2))
        self.defer = _spin(1, 24, 3, "planDefer")
        self.first_due = QDateEdit()
        self.first_due.setObjectName("planFirstDue")
        self.first_due.setCalendarPopup(True)
        self.first_due.setDisplayFormat("yyyy-MM-dd")
        today = date.today()
        due = first_due if first_due is not None and first_due >= today else today + timedelta(days=30)
        self.first_due.setMinimumDate(QDate(today.year, today.month, today.day))
        self.first_due.setDate(QDate(due.year, due.month, due.day))
        self.quote_button = QPushButton(self.tr("Show the schedule"))
        self.quote_button.setObjectName("planQuote")
        self.quote_button.clicked.connect(lambda _=False: self._ask_quote())
        self.contract_label = QLabel(self.tr("Contract rate {0} %").format(f"{contract_rate * 100:.2f}"))
        self.contract_label.setStyleSheet("color: #666;")
        form.addWidget(QLabel(self.tr("Method")), 0, 0)
        form.addWidget(self.method, 0, 1, 1, 3)
        form.addWidget(QLabel(self.tr("Months")), 1, 0)
        form.addWidget(self.months, 1, 1)
        form.addWidget(QLabel(self.tr("Annual rate")), 1, 2)
        form.addWidget(self.rate, 1, 3)
        self.defer_label = QLabel(self.tr("Interest-only months"))
        form.addWidget(self.defer_label, 2, 0)
        form.addWidget(self.defer, 2, 1)
        form.addWidget(QLabel(self.tr("First payment")), 2, 2)
        form.addWidget(self.first_due, 2, 3)
        form.addWidget(self.contract_label, 3, 0, 1, 2)
        form.addWidget(self.quote_button, 3, 3)
        self.method.currentIndexChanged.connect(lambda _: self._terms_changed())
        for spin in (self.months, self.rate, self.defer):
            spin.valueChanged.connect(lambda _: self._terms_changed())
        self.first_due.dateChanged.connect(lambda _: self._terms_changed())
        self._terms_changed()
        return box

    def _build_quote(self) -> QGroupBox:
        box = QGroupBox(self.tr("Schedule"))
        column = QVBoxLayout(box)
        self.apr = QLabel()
        self.apr.setObjectName("planApr")
        self.apr.setStyleSheet("font-weight: bold;")
        self.review = QLabel()
        self.review.setObjectName("planReview")
        self.review.setWordWrap(True)
        self.review.setStyleSheet(f"color: {_BAD};")
        self.compare = QLabel()
        self.compare.setObjectName("planCompare")
        self.compare.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("planSchedule")
        self.table.setHorizontalHeaderLabels([self.tr("No."), self.tr("Due"), self.tr("Principal"),
                                              self.tr("Interest"), self.tr("Payment"), self.tr("Left")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.totals = QLabel()
        self.totals.setObjectName("planTotals")
        column.addWidget(self.apr)
        column.addWidget(self.review)
        column.addWidget(self.compare)
        column.addWidget(self.table, 1)
        column.addWidget(self.totals)
        return box

    def _build_code(self) -> QGroupBox:
        box = QGroupBox(self.tr("Customer's confirmation"))
        column = QVBoxLayout(box)
        self.status = QLabel()
        self.status.setObjectName("planStatus")
        self.status.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setObjectName("planCountdown")
        self.send_button = QPushButton(self.tr("Send code"))
        self.send_button.setObjectName("planSend")
        self.send_button.clicked.connect(lambda _=False: self.send_requested.emit())
        self.code = QLineEdit()
        self.code.setObjectName("planCode")
        self.code.setMaxLength(6)
        self.code.setEchoMode(QLineEdit.EchoMode.Password)  # the agent types what is heard; nobody beside reads it
        self.code.setPlaceholderText(self.tr("Code the customer reads out"))
        self.code.returnPressed.connect(self._type_code)
        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.confirm_button.setObjectName("planConfirm")
        self.confirm_button.clicked.connect(lambda _=False: self._type_code())
        row = QHBoxLayout()
        row.addWidget(self.send_button)
        row.addSpacing(16)
        row.addWidget(self.code, 1)
        row.addWidget(self.confirm_button)
        column.addWidget(self.status)
        column.addWidget(self.countdown)
        column.addLayout(row)
        hint = QLabel(self.tr("The customer may also key the code on the phone. You never see the code."))
        hint.setStyleSheet("color: #666;")
        hint.setWordWrap(True)
        column.addWidget(hint)
        return box

    # -- what the agent does --------------------------------------------------------------------
    def request(self) -> PlanRequest:
        method: PlanMethod = self.method.currentData()
        d = self.first_due.date()
        return PlanRequest(method, self.months.value(), Decimal(f"{self.rate.value():.2f}") / 100,
                           self.defer.value() if method is PlanMethod.DEFERRAL else 0,
                           date(d.year(), d.month(), d.day()))

    def _ask_quote(self) -> None:
        self.quote_requested.emit(self.request())

    def _terms_changed(self) -> None:
        deferral = self.method.currentData() is PlanMethod.DEFERRAL
        self.defer.setEnabled(deferral)
        self.defer_label.setEnabled(deferral)
        if self.view is not None and self.state not in _ENDED:
            self.view = None  # a changed plan needs a new quote, and a new code
            self.send_button.setEnabled(False)
            self.status.setText(self.tr("The terms changed: show the schedule again."))
            self.status.setStyleSheet(f"color: {_WAIT};")

    def _type_code(self) -> None:
        code = self.code.text().strip()
        self.code.clear()
        if code:
            self.code_typed.emit(code)

    # -- what the engine says -------------------------------------------------------------------
    def show_quote(self, view: PlanQuoteView) -> None:
        self.view = view
        self.apr.setText(self.tr("APR {0} · contract rate {1} · plan rate {2}").format(
            view.apr, view.contract_rate, view.annual_rate))
        reasons = [engine_text(r) for r in view.review_reasons]
        self.review.setText("\n".join(self.tr("Needs a reviewer: {0}").format(r) for r in reasons))
        self.review.setVisible(bool(reasons))
        self.compare.setText(self._comparison(view.current, view.proposed))
        self.table.setRowCount(len(view.rows))
        for i, row in enumerate(view.rows):
            for j, text in enumerate((str(row.period), row.due, row.principal, row.interest, row.payment,
                                      row.balance)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.totals.setText(self.tr("Total: principal ¥{0} · interest ¥{1} · paid ¥{2}").format(
            view.totals.principal, view.totals.interest, view.totals.paid))
        self._show_state(PlanState.QUOTED)

    def _comparison(self, current: PlanSide | None, proposed: PlanSide) -> str:
        new = self.tr("New: {0} months of ¥{1}, interest ¥{2}, last payment {3}").format(
            proposed.periods, proposed.monthly, proposed.total_interest, proposed.last_due)
        if current is None:
            return new + "\n" + self.tr("Now: the current instalment does not repay the balance.")
        return new + "\n" + self.tr("Now: {0} months of ¥{1}, interest ¥{2}, last payment {3}").format(
            current.periods, current.monthly, current.total_interest, current.last_due)

    def on_state(self, event: PlanStateChanged) -> None:
        if event.call_id != self.call_id:
            return
        self._expires_at = event.expires_at if event.state is PlanState.CODE_SENT else None
        self._show_state(event.state, event)

    def show_problem(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {_BAD};")

    def _show_state(self, state: PlanState | None, event: PlanStateChanged | None = None) -> None:
        self.state = state
        text, colour = self._state_words(state, event)
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour};")
        waiting = state is PlanState.CODE_SENT
        self.send_button.setEnabled(self.view is not None and state in (
            PlanState.QUOTED, PlanState.SEND_FAILED, PlanState.EXPIRED, PlanState.CODE_SENT))
        self.send_button.setText(self.tr("Send a new code") if waiting else self.tr("Send code"))
        self.code.setEnabled(waiting)
        self.confirm_button.setEnabled(waiting)
        for widget in (self.method, self.months, self.rate, self.first_due, self.quote_button):
            widget.setEnabled(state not in _ENDED)
        if waiting:
            self._timer.start()
        else:
            self._timer.stop()
        self._tick()

    def _state_words(self, state: PlanState | None, event: PlanStateChanged | None) -> tuple[str, str]:
        """What the status line says: the engine's own sentence where it has one (a try, a refusal, the end)."""
        said = engine_text(event.user_message) if event is not None and event.user_message else ""
        if state is None:
            return self.tr("Pick the terms and show the schedule."), "#555"
        if state is PlanState.QUOTED:
            return said, "#555"
        if state is PlanState.CONFIRMED:
            return self.tr("Confirmed by the customer. The new plan is stored with the case."), _GOOD
        if state is PlanState.CODE_SENT:
            if event is not None and not event.outcome:
                return self.tr("Code sent to {0}. Tries left: {1}. Codes left to send: {2}.").format(
                    event.sent_to or "—", event.tries_left, event.sends_left), _WAIT
            return said or self.tr("Waiting for the customer's code."), _WAIT
        fallback = {PlanState.REVIEW: self.tr("Sent to a reviewer."), PlanState.SEND_FAILED:
                    self.tr("The code was not sent."), PlanState.LOCKED: self.tr("Locked."),
                    PlanState.EXPIRED: self.tr("Expired."), PlanState.ENDED: self.tr("The call ended.")}
        return said or fallback[state], _BAD

    def _tick(self) -> None:
        if self._expires_at is None or self.state is not PlanState.CODE_SENT:
            self.countdown.setText("")
            return
        left = max(0, int(self._expires_at - time.time()))
        self.countdown.setText(self.tr("The code expires in {0}:{1}.").format(left // 60, f"{left % 60:02d}"))


def _spin(low: int, high: int, value: int, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


