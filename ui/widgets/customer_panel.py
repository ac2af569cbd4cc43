"""The customer of the call: who, what is owed, what happened before, what to watch for, what to say.

The panel only shows the ``CaseView`` it is given (masked when it was built:
张*, 138****5678, 110101********1234, ****0123) and says what the agent
asked for as signals; it never calls the engine. Its states:

* idle ("No call"), after ``clear()``;
* one case (``show_case``): a header with the masked identity, a summary
  strip (balance, due today, days overdue and the stage in its colour), the
  risk hints, and tabs with the loans, the last contacts and promises and the
  stage script; a warning when the copy shown is an old one;
* several cases matched the caller (``show_choices``): the agent picks one
  (``case_chosen``);
* no case (``show_none``): a search box (``search_requested``).

The search box can be opened in every state ("Search"), so the agent can look
up another case at any time. Money is in fen and shown as ¥8,000.00; dates
as YYYY-MM-DD.
"""

from __future__ import annotations

import time
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QScrollArea, QStackedWidget, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from softphone.session import (
    CaseView, ContactView, Disposition, EarlyBucket, LoanView, OverdueStage, PromiseState, PromiseView, RiskHint,
    RiskKind, ScriptView,
)

from ..engine_text import engine_text
from .wrapup_form import disposition_words

__all__ = ["CustomerPanel", "fen_text", "day_text", "stage_text", "risk_words", "age_words", "STAGE_COLOURS"]

# stage -> badge colour: M0 grey, M1 amber, M2 orange, M3+ red
STAGE_COLOURS: dict[OverdueStage, str] = {
    OverdueStage.M0: "#757575",
    OverdueStage.M1: "#b7791f",
    OverdueStage.M2: "#dd6b20",
    OverdueStage.M3_PLUS: "#c62828",
}
PROMISE_COLOURS: dict[PromiseState, str] = {
    PromiseState.KEPT: "#2e7d32",
    PromiseState.BROKEN: "#c62828",
    PromiseState.OPEN: "#1f5fbf",
}
TABLE_ROWS_SHOWN = 4  # rows the loans table shows before it scrolls
HISTORY_ROWS_SHOWN = 3  # rows of promises, and of contacts, shown before they scroll
_CAPTION_STYLE = "color: #666;"
_HINTS_STYLE = ("QFrame#riskHint { background: #fde8e8; border-left: 3px solid #c62828; border-radius: 3px; }"
                " QLabel { color: #6d1010; }")
_STALE_STYLE = "background: #fff4d6; color: #5c4100; border: 1px solid #d99a00; border-radius: 3px; padding: 4px 6px;"


# --- words and numbers ----------------------------------------------------------------------------

def fen_text(fen: int) -> str:
    """Fen as yuan: 800000 -> ¥8,000.00 (integer arithmetic, never rounded)."""
    yuan, cents = divmod(abs(fen), 100)
    return f"{'-' if fen < 0 else ''}¥{yuan:,}.{cents:02d}"


def day_text(day: date | None) -> str:
    return day.isoformat() if day is not None else "—"


def stage_text(stage: OverdueStage, bucket: EarlyBucket | None) -> str:
    """M1, or M1 · 4-5 days within the first days of M1."""
    if bucket is None:
        return stage.value
    return QCoreApplication.translate("CustomerPanel", "{0} · {1} days").format(stage.value, bucket.value)


def days_words(days: int) -> str:
    if days == 1:
        return QCoreApplication.translate("CustomerPanel", "1 day")
    return QCoreApplication.translate("CustomerPanel", "{0} days").format(days)


def age_words(seconds: float) -> str:
    """How old a copy is, in the agent's words: 5 minutes, 2 hours, 3 days."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return QCoreApplication.translate("CustomerPanel", "less than a minute")
    if minutes < 60:
        return (QCoreApplication.translate("CustomerPanel", "1 minute") if minutes == 1
                else QCoreApplication.translate("CustomerPanel", "{0} minutes").format(minutes))
    hours = minutes // 60
    if hours < 24:
        return (QCoreApplication.translate("CustomerPanel", "1 hour") if hours == 1
                else QCoreApplication.translate("CustomerPanel", "{0} hours").format(hours))
    return days_words(hours // 24)


def risk_words(kind: RiskKind) -> str:
    """The kind of a risk hint in a few words (its reason says why)."""
    words = {
        RiskKind.MULTI_LENDER: QCoreApplication.translate("CustomerPanel", "Multi-lender"),
        RiskKind.COMPLAINTS: QCoreApplication.translate("CustomerPanel", "Complaints"),
        RiskKind.BROKEN_PROMISES: QCoreApplication.translate("CustomerPanel", "Broken promises"),
        RiskKind.HARDSHIP_SAID: QCoreApplication.translate("CustomerPanel", "Hardship said"),
        RiskKind.COMPLAINT_SAID: QCoreApplication.translate("CustomerPanel", "Complaint said"),
        RiskKind.VULNERABLE: QCoreApplication.translate("CustomerPanel", "Vulnerable"),
        RiskKind.THIRD_PARTY_ONLY: QCoreApplication.translate("CustomerPanel", "Third party"),
    }
    return words.get(kind, kind.value.replace("_", " "))


def promise_words(state: PromiseState) -> str:
    words = {
        PromiseState.OPEN: QCoreApplication.translate("CustomerPanel", "Open"),
        PromiseState.KEPT: QCoreApplication.translate("CustomerPanel", "Kept"),
        PromiseState.BROKEN: QCoreApplication.translate("CustomerPanel", "Broken"),
    }
    return words[state]


def channel_words(channel: str) -> str:
    words = {
        "call": QCoreApplication.translate("CustomerPanel", "Call"),
        "sms": QCoreApplication.translate("CustomerPanel", "SMS"),
        "visit": QCoreApplication.translate("CustomerPanel", "Visit"),
        "letter": QCoreApplication.translate("CustomerPanel", "Letter"),
    }
    return words.get(channel.lower(), channel)


def outcome_words(outcome: str) -> str:
    """A past contact's outcome: a disposition in words, or the source's own word."""
    if outcome == "plan_confirmed":
        return QCoreApplication.translate("CustomerPanel", "Plan changed (customer's code)")
    try:
        return disposition_words(Disposition(outcome))
    except ValueError:
        return outcome


# --- small building blocks ------------------------------------------------------------------------

def _label(text: str = "", name: str = "", style: str = "", wrap: bool = False) -> QLabel:
    """A plain-text label (data is never read as HTML)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    if style:
        label.setStyleSheet(style)
    label.setWordWrap(wrap)
    return label


def _scale_font(widget: QWidget, factor: float, bold: bool = False) -> None:
    font = widget.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    widget.setFont(font)


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # a narrow column: scroll, not clip
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setHighlightSections(False)
    return table


def _fill(table: QTableWidget, rows: list[list[QTableWidgetItem]], stretch: int,
          shown: int = TABLE_ROWS_SHOWN) -> None:
    """Put ``rows`` in ``table``, as high as ``shown`` rows (more scroll)."""
    table.setRowCount(0)
    for cells in rows:
        row = table.rowCount()
        table.insertRow(row)
        for column, item in enumerate(cells):
            table.setItem(row, column, item)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    shown = max(1, min(len(rows), shown))
    header = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    row = table.verticalHeader().defaultSectionSize()
    table.setMinimumHeight(header + row)  # squeezed: one row, the rest scroll
    table.setMaximumHeight(header + shown * row)


def _cell(text: str, colour: str = "", right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if colour:
        item.setForeground(QBrush(QColor(colour)))
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _empty(layout: QVBoxLayout) -> None:
    """Take every row out of ``layout`` (their widgets hidden at once, deleted later)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def _stage_badge(label: QLabel, stage: OverdueStage, bucket: EarlyBucket | None) -> None:
    label.setText(stage_text(stage, bucket))
    label.setStyleSheet(f"background: {STAGE_COLOURS[stage]}; color: white; font-weight: 600;"
                        " border-radius: 3px; padding: 1px 6px;")


# --- the panel ------------------------------------------------------------------------------------

class CustomerPanel(QGroupBox):
    """The case of the call, as given; asks for a choice or a search, never looks anything up."""

    case_chosen = Signal(str)  # the case id the agent picked among several
    search_requested = Signal(str)  # what the agent typed: a case id, a contract no., 张*, last 4 digits
    plan_requested = Signal(str)  # the case id whose repayment plan the agent wants to change (during its call)
    call_requested = Signal(str)  # the case id whose customer the agent wants to call (their own number)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerPanel")
        self.setTitle(self.tr("Customer"))
        self.case: CaseView | None = None
        self.in_call = False  # a plan change is made on the customer's call only
        self.choices: tuple[CaseView, ...] = ()
        self._hints: tuple[RiskHint, ...] = ()
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addLayout(self._build_status_row())
        layout.addWidget(self._build_search_row())
        layout.addWidget(self._build_message())
        layout.addWidget(self._build_case_page())
        layout.addWidget(self._build_choices_page())
        self.clear()

    # -- building ----------------------------------------------------------------------------------
    def _build_status_row(self) -> QHBoxLayout:
        self.status = _label(name="caseStatus")
        _scale_font(self.status, 1.0, bold=True)
        self.search_toggle = QPushButton(self.tr("Search"))
        self.search_toggle.setObjectName("caseSearchToggle")
        self.search_toggle.setCheckable(True)
        self.search_toggle.setFlat(True)
        self.search_toggle.setToolTip(self.tr("Look up another case"))
        self.search_toggle.setStyleSheet("color: #1f5fbf; text-decoration: underline; padding: 0 4px;")
        self.search_toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self.search_toggle.toggled.connect(self._search_toggled)
        self.plan_button = QPushButton(self.tr("Change plan…"))
        self.plan_button.setObjectName("casePlanButton")
        self.plan_button.setToolTip(self.tr("A new repayment plan, confirmed by the customer's SMS code"))
        self.plan_button.clicked.connect(lambda _=False: self._ask_plan())
        self.call_button = QPushButton(self.tr("Call customer"))
        self.call_button.setObjectName("caseCallButton")
        self.call_button.setToolTip(self.tr("Call the customer's own number (the calling rules are checked first)"))
        self.call_button.clicked.connect(lambda _=False: self._ask_call())
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.call_button)
        row.addWidget(self.plan_button)
        row.addWidget(self.search_toggle)
        return row

    def _build_search_row(self) -> QWidget:
        self.search_box = QWidget()
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(self.tr("Case id, contract no., 张*, or last 4 digits"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._ask_search)
        self.search_button = QPushButton(self.tr("Find"))
        self.search_button.setObjectName("caseSearchButton")
        self.search_button.clicked.connect(lambda _=False: self._ask_search())
        row = QHBoxLayout(self.search_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addWidget(self.search_button)
        return self.search_box

    def _build_message(self) -> QLabel:
        self.message = _label(name="caseMessage", style="color: #555;", wrap=True)
        return self.message

    def _build_case_page(self) -> QWidget:
        self.case_page = QWidget()
        column = QVBoxLayout(self.case_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addLayout(self._build_header())
        self.stale = _label(name="caseStale", style=_STALE_STYLE, wrap=True)
        column.addWidget(self.stale)
        column.addWidget(self._build_summary())
        column.addWidget(self._build_hints())
        column.addWidget(self._build_tabs(), 1)
        return self.case_page

    def _build_header(self) -> QVBoxLayout:
        self.name = _label(name="caseName")
        _scale_font(self.name, 1.5, bold=True)
        self.phone = _label(name="casePhone")
        _scale_font(self.phone, 1.15)
        self.id_number = _label(name="caseIdNumber", style=_CAPTION_STYLE)
        self.card = _label(name="caseCard", style=_CAPTION_STYLE)
        first = QHBoxLayout()
        first.addWidget(self.name)
        first.addSpacing(10)
        first.addWidget(self.phone)
        first.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(self.id_number)
        second.addSpacing(12)
        second.addWidget(self.card)
        second.addStretch(1)
        header = QVBoxLayout()
        header.setSpacing(0)
        header.addLayout(first)
        header.addLayout(second)
        return header

    def _build_summary(self) -> QFrame:
        strip = QFrame()
        strip.setObjectName("caseSummary")
        strip.setStyleSheet("QFrame#caseSummary { background: #f4f5f7; border-radius: 4px; }")
        self.balance = _label(name="caseBalance")
        _scale_font(self.balance, 1.15, bold=True)
        self.due_today = _label(name="caseDueToday", style="color: #c62828;")
        _scale_font(self.due_today, 1.4, bold=True)
        self.days = _label(name="caseDaysOverdue")
        _scale_font(self.days, 1.15, bold=True)
        self.stage = _label(name="caseStage")
        grid = QGridLayout(strip)
        grid.setContentsMargins(8, 4, 8, 6)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        grid.addWidget(_label(self.tr("Due today"), style=_CAPTION_STYLE), 0, 0)
        grid.addWidget(_label(self.tr("Balance"), style=_CAPTION_STYLE), 0, 1)
        grid.addWidget(self.stage, 0, 2, Qt.AlignmentFlag.AlignLeft)  # the stage badge heads its column
        bottom = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
        grid.addWidget(self.due_today, 1, 0, bottom)
        grid.addWidget(self.balance, 1, 1, bottom)
        grid.addWidget(self.days, 1, 2, bottom)
        grid.setColumnStretch(2, 1)
        return strip

    def _build_hints(self) -> QFrame:
        self.hints_box = QFrame()
        self.hints_box.setObjectName("riskHints")
        self.hints_box.setStyleSheet(_HINTS_STYLE)
        self.hints_layout = QVBoxLayout(self.hints_box)
        self.hints_layout.setContentsMargins(0, 0, 0, 0)
        self.hints_layout.setSpacing(3)
        return self.hints_box

    def _build_tabs(self) -> QTabWidget:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        self.tabs.setDocumentMode(True)
        self.loans = _table("caseLoans", [self.tr("Contract"), self.tr("Product"), self.tr("Balance"),
                                          self.tr("Days"), self.tr("Stage")])
        self.tabs.addTab(self.loans, self.tr("Loans"))
        self.tabs.addTab(self._build_history(), self.tr("History"))
        self.tabs.addTab(self._build_script(), self.tr("Script"))
        return self.tabs

    def _build_history(self) -> QWidget:
        self.promises = _table("casePromises", [self.tr("Promised"), self.tr("Pay by"), self.tr("Amount"),
                                                self.tr("Promise")])
        self.contacts = _table("caseContacts", [self.tr("Contacted"), self.tr("Channel"), self.tr("Outcome")])
        self.no_history = _label(self.tr("No earlier contacts or promises."), name="caseNoHistory",
                                 style=_CAPTION_STYLE)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        for widget in (self.no_history, self.promises, self.contacts):
            column.addWidget(widget)
        column.addStretch(1)
        return page

    def _build_script(self) -> QScrollArea:
        self.script_title = _label(name="scriptTitle", wrap=True)
        _scale_font(self.script_title, 1.1, bold=True)
        self.script_opening = _label(name="scriptOpening", wrap=True)
        self.script_points = _label(name="scriptPoints", wrap=True)
        self.script_closing = _label(name="scriptClosing", wrap=True)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(2, 4, 2, 4)
        column.setSpacing(3)
        self.script_captions = [_label(self.tr("Opening"), style=_CAPTION_STYLE),
                                _label(self.tr("Key points"), style=_CAPTION_STYLE),
                                _label(self.tr("Closing"), style=_CAPTION_STYLE)]
        column.addWidget(self.script_title)
        for caption, text in zip(self.script_captions, (self.script_opening, self.script_points, self.script_closing)):
            column.addWidget(caption)
            column.addWidget(text)
        column.addStretch(1)
        self.script_area = QScrollArea()
        self.script_area.setObjectName("stageScript")
        self.script_area.setWidgetResizable(True)
        self.script_area.setFrameShape(QFrame.Shape.NoFrame)
        self.script_area.setWidget(page)
        return self.script_area

    def _build_choices_page(self) -> QScrollArea:
        self.choices_box = QWidget()
        self.choices_layout = QVBoxLayout(self.choices_box)
        self.choices_layout.setContentsMargins(0, 0, 0, 0)
        self.choices_layout.setSpacing(4)
        self.choices_page = QScrollArea()
        self.choices_page.setObjectName("caseChoices")
        self.choices_page.setWidgetResizable(True)
        self.choices_page.setFrameShape(QFrame.Shape.NoFrame)
        self.choices_page.setWidget(self.choices_box)
        return self.choices_page

    # -- states ------------------------------------------------------------------------------------
    def clear(self) -> None:
        """Back to idle: no call, nothing shown."""
        self.case, self.choices, self._hints = None, (), ()
        self.search.clear()
        self._set_state(self.tr("No call"), "")

    def show_case(self, view: CaseView, hints: tuple[RiskHint, ...], script: ScriptView | None,
                  cached_at: float | None = None, problem: str = "") -> None:
        """The one case of the call (``cached_at``: the source was down and this copy is from then)."""
        self.case, self.choices = view, ()
        self._show_identity(view)
        self._show_summary(view)
        self._show_stale(cached_at, problem)
        self.set_hints(hints)
        self._show_loans(view.loans)
        self._show_history(view.promises, view.contacts)
        self._show_script(script)
        self.tabs.setCurrentIndex(0)
        self._set_state(self.tr("Case {0}").format(view.case_id), "case")

    def show_choices(self, views: tuple[CaseView, ...]) -> None:
        """Several cases matched the caller: the agent picks one (``case_chosen``)."""
        self.case, self.choices, self._hints = None, tuple(views), ()
        _empty(self.choices_layout)
        for index, view in enumerate(self.choices):
            self.choices_layout.addWidget(self._choice_button(index, view))
        self.choices_layout.addStretch(1)
        self._set_state(self.tr("{0} cases match this caller: choose one").format(len(self.choices)), "choices")

    def show_none(self, message: str = "") -> None:
        """No case for this call: the agent may search for one."""
        self.case, self.choices, self._hints = None, (), ()
        self._set_state(self.tr("No case for this call"), "none", engine_text(message))
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_hints(self, hints: tuple[RiskHint, ...]) -> None:
        """Only the risk hints change (the customer said something during the call)."""
        self._hints = tuple(hints)
        _empty(self.hints_layout)
        for hint in self._hints:
            self.hints_layout.addWidget(self._hint_chip(hint))
        self.hints_box.setVisible(bool(self._hints))

    def _ask_plan(self) -> None:
        if self.case is not None:
            self.plan_requested.emit(self.case.case_id)

    def _ask_call(self) -> None:
        if self.case is not None:
            self.call_requested.emit(self.case.case_id)

    def set_in_call(self, on: bool) -> None:
        """Whether the case shown is that of a call in progress (only then can its plan be changed)."""
        self.in_call = on
        self.plan_button.setVisible(self._state == "case" and on)
        self.call_button.setVisible(self._state == "case" and not on)

    @property
    def state(self) -> str:
        """"idle", "case", "choices" or "none"."""
        return self._state

    def _set_state(self, status: str, state: str, message: str = "") -> None:
        self._state = state or "idle"
        self.status.setText(status)
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.case_page.setVisible(state == "case")
        self.plan_button.setVisible(state == "case" and self.in_call)
        self.call_button.setVisible(state == "case" and not self.in_call)
        self.choices_page.setVisible(state == "choices")
        always = state == "none"
        self.search_toggle.setVisible(not always)
        self.search_toggle.setChecked(False)
        self.search_box.setVisible(always)

    # -- filling -----------------------------------------------------------------------------------
    def _show_identity(self, view: CaseView) -> None:
        self.name.setText(view.name)
        self.phone.setText(view.phone)
        self.phone.setVisible(bool(view.phone))
        self.id_number.setText(self.tr("ID {0}").format(view.id_number) if view.id_number else "")
        self.id_number.setVisible(bool(view.id_number))
        self.card.setText(self.tr("Card {0}").format(view.card) if view.card else "")
        self.card.setVisible(bool(view.card))

    def _show_summary(self, view: CaseView) -> None:
        self.balance.setText(fen_text(view.balance_fen))
        self.due_today.setText(fen_text(view.due_today_fen))
        self.days.setText(self.tr("{0} overdue").format(days_words(view.days_overdue)))
        _stage_badge(self.stage, view.stage, view.bucket)
        self.stage.setToolTip(self.tr("Overdue stage"))

    def _show_stale(self, cached_at: float | None, problem: str) -> None:
        if cached_at is None:
            self.stale.clear()
            self.stale.hide()
            return
        text = self.tr("Customer system unreachable: showing the copy from {0} ago").format(
            age_words(_age_s(cached_at)))
        problem = engine_text(problem)
        self.stale.setText(f"⚠ {text}\n{problem}" if problem else f"⚠ {text}")
        self.stale.show()

    def _show_loans(self, loans: tuple[LoanView, ...]) -> None:
        rows = [[_cell(loan.contract_no), _cell(loan.product), _cell(fen_text(loan.balance_fen), right=True),
                 _cell(str(loan.days_overdue), right=True),
                 _cell(stage_text(loan.stage, loan.bucket), STAGE_COLOURS[loan.stage])] for loan in loans]
        _fill(self.loans, rows, stretch=1)
        self.tabs.setTabText(0, self.tr("Loans ({0})").format(len(loans)))

    def _show_history(self, promises: tuple[PromiseView, ...], contacts: tuple[ContactView, ...]) -> None:
        _fill(self.promises, [self._promise_cells(p) for p in promises], stretch=2, shown=HISTORY_ROWS_SHOWN)
        _fill(self.contacts, [self._contact_cells(c) for c in contacts], stretch=2, shown=HISTORY_ROWS_SHOWN)
        self.promises.setVisible(bool(promises))
        self.contacts.setVisible(bool(contacts))
        self.no_history.setVisible(not promises and not contacts)

    def _promise_cells(self, promise: PromiseView) -> list[QTableWidgetItem]:
        colour = PROMISE_COLOURS[promise.state]
        return [_cell(day_text(promise.promised_on)), _cell(day_text(promise.due_on)),
                _cell(fen_text(promise.amount_fen), right=True), _cell(promise_words(promise.state), colour)]

    def _contact_cells(self, contact: ContactView) -> list[QTableWidgetItem]:
        when = datetime.fromtimestamp(contact.at).strftime("%Y-%m-%d %H:%M")
        return [_cell(when), _cell(channel_words(contact.channel)), _cell(outcome_words(contact.outcome))]

    def _show_script(self, script: ScriptView | None) -> None:
        if script is None:
            self.script_title.setText(self.tr("No script for this stage."))
            texts = ("", "", "")
        else:
            self.script_title.setText(script.title)
            texts = (script.opening, "\n".join(f"• {point}" for point in script.key_points), script.closing)
        for caption, label, text in zip(self.script_captions,
                                        (self.script_opening, self.script_points, self.script_closing), texts):
            label.setText(text)
            caption.setVisible(bool(text))
            label.setVisible(bool(text))

    def _hint_chip(self, hint: RiskHint) -> QFrame:
        chip = QFrame()
        chip.setObjectName("riskHint")
        kind = _label(f"⚠ {risk_words(hint.kind)}", name=f"riskHint_{hint.kind.value}")
        _scale_font(kind, 1.0, bold=True)
        reason = _label(engine_text(hint.reason), name="riskHintReason", wrap=True)
        row = QHBoxLayout(chip)
        row.setContentsMargins(6, 3, 6, 3)
        row.setSpacing(8)
        row.addWidget(kind, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(reason, 1)
        return chip

    def _choice_button(self, index: int, view: CaseView) -> QPushButton:
        who = " · ".join(part for part in (view.name, view.phone) if part)
        what = " · ".join((stage_text(view.stage, view.bucket), fen_text(view.balance_fen),
                           self.tr("Case {0}").format(view.case_id)))
        button = QPushButton(f"{who}\n{what}")
        button.setObjectName(f"caseChoice_{index}")
        button.setStyleSheet("QPushButton { text-align: left; padding: 4px 8px; }")
        button.setToolTip(self.tr("Show this case"))
        button.clicked.connect(lambda _=False, case_id=view.case_id: self.case_chosen.emit(case_id))
        return button

    # -- search ------------------------------------------------------------------------------------
    def _search_toggled(self, on: bool) -> None:
        if self._state == "none":
            return
        self.search_box.setVisible(on)
        if on:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _ask_search(self) -> None:
        text = self.search.text().strip()
        if text:
            self.search_requested.emit(text)

    # -- reading (tests, accessibility) ------------------------------------------------------------
    def visible_text(self) -> str:
        """What the agent can read in the state shown (every tab), one text per line."""
        texts = [w.text() for w in self.findChildren(QLabel) if self._shown(w) and w.text()]
        for table in (self.loans, self.promises, self.contacts):
            if self._shown(table):
                texts += [item.text() for r in range(table.rowCount()) for c in range(table.columnCount())
                          if (item := table.item(r, c)) is not None]
        texts += [b.text() for b in self.findChildren(QPushButton) if self._shown(b) and b.text()]
        return "\n".join(texts)

    def _shown(self, widget: QWidget) -> bool:
        """Not hidden by the panel's state (a tab not in front still counts as readable)."""
        current: QWidget | None = widget
        while current is not None and current is not self:
            parent = current.parentWidget()
            if current.isHidden() and not isinstance(parent, QStackedWidget):
                return False
            current = parent
        return current is self


def _age_s(cached_at: float) -> float:
    return max(0.0, time.time() - cached_at)
