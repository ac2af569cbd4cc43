"""The customer panel and the wrap-up form, offscreen: what the agent reads, what they send back.

The case views are built by hand with fictional, already masked values (as
``crm.views.case_view`` hands them over); no engine runs. Both widgets are
also painted into PNG files, which catches crashes in drawing.
"""

from __future__ import annotations

import os
import re
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QDoubleSpinBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from softphone.crm.model import Disposition, EarlyBucket, OverdueStage, PromiseState, Relation, WrapUp
from softphone.crm.views import (
    CaseView, ContactView, LoanView, NumberView, PromiseView, RiskHint, RiskKind, ScriptView,
)
from softphone.i18n import N_
from ui.widgets import wrapup_form
from ui.widgets.customer_panel import STAGE_COLOURS, CustomerPanel, fen_text
from ui.widgets.wrapup_form import NOTE_MAX, WrapUpForm

pytestmark = pytest.mark.timeout(30)

ROOT = Path(__file__).resolve().parents[2]


def loan(contract: str, balance_fen: int, days: int, stage: OverdueStage, bucket: EarlyBucket | None,
         due_today_fen: int = 0) -> LoanView:
    return LoanView(contract, "随借随还", balance_fen * 2, balance_fen, 0.18, 50_000, date(2026, 11, 15), days, stage,
                    bucket, due_today_fen)


def case(case_id: str = "C-1001", stage: OverdueStage = OverdueStage.M1, bucket: EarlyBucket | None = EarlyBucket.D4_5,
         balance_fen: int = 800_000) -> CaseView:
    return CaseView(
        case_id=case_id, name="张*", id_number="110101********1234", card="****0123",
        numbers=(NumberView("138****5678", "5678", Relation.SELF, False, "mobile"),
                 NumberView("139****0000", "0000", Relation.SPOUSE, True, "")),
        loans=(loan("HT2026-0001", 650_000, 5, OverdueStage.M1, EarlyBucket.D4_5, 120_000),
               loan("HT2026-0002", 150_000, 2, OverdueStage.M1, EarlyBucket.D1_3, 30_000)),
        balance_fen=balance_fen, due_today_fen=150_000, days_overdue=5, stage=stage, bucket=bucket,
        contacts=(ContactView(time.time() - 86_400, "call", "promise_to_pay"),),
        promises=(PromiseView(date(2026, 11, 10), date(2026, 11, 14), 50_000, PromiseState.BROKEN),
                  PromiseView(date(2026, 10, 2), date(2026, 10, 5), 120_000, PromiseState.KEPT)),
        lenders_count=4, complaints=0, vulnerable=False, source="local")


HINTS = (RiskHint(RiskKind.BROKEN_PROMISES, N_("{0} promises broken in the last 30 days", 2)),
         RiskHint(RiskKind.MULTI_LENDER, N_("Owes {0} lenders at once", 4)))
SCRIPT = ScriptView(OverdueStage.M1, EarlyBucket.D4_5, "", "M1 提醒还款", "您好，请问是张先生吗？",
                    ("确认本人身份", "告知今日应还金额"), "感谢您的配合。")


@pytest.fixture
def panel(qtbot) -> CustomerPanel:  # type: ignore[no-untyped-def]
    widget = CustomerPanel()
    qtbot.addWidget(widget)
    widget.resize(420, 700)
    return widget


@pytest.fixture
def form(qtbot) -> WrapUpForm:  # type: ignore[no-untyped-def]
    widget = WrapUpForm()
    qtbot.addWidget(widget)
    return widget


def label(widget: CustomerPanel | WrapUpForm, name: str) -> QLabel:
    found = widget.findChild(QLabel, name)
    assert found is not None, name
    return found


# --- the customer panel ----------------------------------------------------------------------------

def test_a_case_shows_what_the_agent_reads(panel: CustomerPanel) -> None:
    panel.show_case(case(), HINTS, SCRIPT)
    text = panel.visible_text()
    for masked in ("张*", "138****5678", "110101********1234", "****0123"):
        assert masked in text
    assert label(panel, "caseName").text() == "张*"
    assert label(panel, "casePhone").text() == "138****5678"
    assert label(panel, "caseBalance").text() == "¥8,000.00"
    assert label(panel, "caseDueToday").text() == "¥1,500.00"
    assert label(panel, "caseStage").text() == "M1 · 4-5 days"
    assert STAGE_COLOURS[OverdueStage.M1] in label(panel, "caseStage").styleSheet()
    assert "5 days" in label(panel, "caseDaysOverdue").text()
    assert "2 promises broken in the last 30 days" in text and "Owes 4 lenders at once" in text
    assert label(panel, "scriptTitle").text() == "M1 提醒还款"
    assert "• 确认本人身份" in label(panel, "scriptPoints").text()
    assert panel.findChild(QLabel, "caseStale").isVisibleTo(panel) is False  # type: ignore[union-attr]
    assert not re.search(r"\d{7,}", text)  # nothing that could be a clear phone, ID or card number


def test_loans_and_promises_are_listed_with_their_state(panel: CustomerPanel) -> None:
    panel.show_case(case(), (), None)
    assert panel.loans.rowCount() == 2
    assert [panel.loans.item(0, c).text() for c in range(5)] == [  # type: ignore[union-attr]
        "HT2026-0001", "随借随还", "¥6,500.00", "5", "M1 · 4-5 days"]
    assert panel.tabs.tabText(0) == "Loans (2)"
    broken = panel.promises.item(0, 3)
    assert broken is not None and broken.text() == "Broken"
    assert broken.foreground().color().name() == "#c62828"
    assert [panel.promises.item(0, c).text() for c in range(3)] == [  # type: ignore[union-attr]
        "2026-11-10", "2026-11-14", "¥500.00"]
    assert panel.promises.item(1, 3).text() == "Kept"  # type: ignore[union-attr]
    assert panel.contacts.item(0, 2).text() == "Promise to pay"  # type: ignore[union-attr]
    assert "No script for this stage." in label(panel, "scriptTitle").text()
    assert not panel.hints_box.isVisibleTo(panel)


@pytest.mark.parametrize("stage", list(OverdueStage))
def test_each_stage_has_its_colour(panel: CustomerPanel, stage: OverdueStage) -> None:
    panel.show_case(case(stage=stage, bucket=None), (), None)
    badge = label(panel, "caseStage")
    assert badge.text() == stage.value
    assert STAGE_COLOURS[stage] in badge.styleSheet()
    assert len(set(STAGE_COLOURS.values())) == 4


def test_money_is_shown_in_yuan_from_fen() -> None:
    assert fen_text(800_000) == "¥8,000.00"
    assert fen_text(123_456_789) == "¥1,234,567.89"
    assert fen_text(5) == "¥0.05"
    assert fen_text(-1_050) == "-¥10.50"


def test_hints_change_alone_during_the_call(qtbot, panel: CustomerPanel) -> None:  # type: ignore[no-untyped-def]
    panel.show_case(case(), HINTS[:1], SCRIPT)
    assert panel.findChild(type(panel.hints_box), "riskHints") is panel.hints_box
    panel.set_hints((RiskHint(RiskKind.HARDSHIP_SAID, N_("The customer said they lost their job")),))
    text = panel.visible_text()
    assert "The customer said they lost their job" in text
    assert "2 promises broken in the last 30 days" not in text
    assert label(panel, "caseBalance").text() == "¥8,000.00" and label(panel, "scriptTitle").text() == "M1 提醒还款"
    panel.set_hints(())
    assert not panel.hints_box.isVisibleTo(panel)


def test_the_stale_warning_shows_only_with_a_cached_copy(panel: CustomerPanel) -> None:
    panel.show_case(case(), (), None)
    stale = label(panel, "caseStale")
    assert not stale.isVisibleTo(panel)
    panel.show_case(case(), (), None, cached_at=time.time() - 600, problem="The case API did not answer.")
    assert stale.isVisibleTo(panel)
    assert "Customer system unreachable: showing the copy from 10 minutes ago" in stale.text()
    assert "The case API did not answer." in stale.text()
    panel.show_case(case(), (), None)
    assert not stale.isVisibleTo(panel)


def test_several_cases_the_agent_picks_one(qtbot, panel: CustomerPanel) -> None:  # type: ignore[no-untyped-def]
    other = case("C-2002", OverdueStage.M3_PLUS, None, 1_234_500)
    panel.show_choices((case(), other))
    assert panel.state == "choices" and not panel.case_page.isVisibleTo(panel)
    button = panel.findChild(QPushButton, "caseChoice_1")
    assert button is not None
    assert all(part in button.text() for part in ("张*", "138****5678", "M3+", "¥12,345.00"))
    panel.show()
    with qtbot.waitSignal(panel.case_chosen, timeout=1000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["C-2002"]


def test_no_case_search_on_enter_and_click(qtbot, panel: CustomerPanel) -> None:  # type: ignore[no-untyped-def]
    panel.show_none("No case matches 138****5678.")
    assert "No case for this call" in label(panel, "caseStatus").text()
    assert "No case matches 138****5678." in panel.visible_text()
    search = panel.findChild(QLineEdit, "caseSearch")
    assert search is not None and search.isVisibleTo(panel)
    assert search.placeholderText() == "Case id, contract no., 张*, or last 4 digits"
    asked: list[str] = []
    panel.search_requested.connect(asked.append)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert asked == []  # nothing typed, nothing asked
    qtbot.keyClicks(search, "5678")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    search.setText(" HT2026-0001 ")
    qtbot.mouseClick(panel.search_button, Qt.MouseButton.LeftButton)
    assert asked == ["5678", "HT2026-0001"]


def test_search_is_reachable_while_a_case_is_shown(qtbot, panel: CustomerPanel) -> None:  # type: ignore[no-untyped-def]
    panel.show_case(case(), HINTS, SCRIPT)
    assert not panel.search.isVisibleTo(panel) and panel.search_toggle.isVisibleTo(panel)
    panel.show()
    qtbot.mouseClick(panel.search_toggle, Qt.MouseButton.LeftButton)
    assert panel.search.isVisible()
    with qtbot.waitSignal(panel.search_requested, timeout=1000) as blocker:
        qtbot.keyClicks(panel.search, "C-3003")
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert blocker.args == ["C-3003"]


def test_clear_goes_back_to_idle(panel: CustomerPanel) -> None:
    panel.show_case(case(), HINTS, SCRIPT)
    panel.clear()
    assert panel.state == "idle" and panel.case is None
    assert label(panel, "caseStatus").text() == "No call"
    assert not panel.case_page.isVisibleTo(panel) and not panel.choices_page.isVisibleTo(panel)
    assert "张*" not in panel.visible_text()


# --- the wrap-up form ------------------------------------------------------------------------------

def widgets(form: WrapUpForm) -> tuple[QDateEdit, QDoubleSpinBox, QDateTimeEdit, QPlainTextEdit, QPushButton]:
    date_edit = form.findChild(QDateEdit, "promiseDate")
    amount = form.findChild(QDoubleSpinBox, "promiseAmount")
    callback = form.findChild(QDateTimeEdit, "callbackAt")
    note = form.findChild(QPlainTextEdit, "wrapUpNote")
    submit = form.findChild(QPushButton, "wrapUpSubmit")
    assert date_edit and amount and callback and note and submit
    return date_edit, amount, callback, note, submit


def test_the_form_opens_hidden_until_started(form: WrapUpForm) -> None:
    assert form.isHidden() and form.objectName() == "wrapUpForm" and form.title() == "Wrap-up"
    form.start("call-1", "C-1001", 800_000, 30, required=True)
    assert not form.isHidden()
    assert label(form, "wrapUpRequired").isVisibleTo(form)
    assert label(form, "wrapUpRequired").text() == "Required before the next call"
    form.start("call-2", "", None, 30)
    assert not label(form, "wrapUpRequired").isVisibleTo(form)


def test_promise_fields_only_for_a_promise_to_pay(form: WrapUpForm) -> None:
    form.start("call-1", "C-1001", 800_000, 30)
    date_edit, amount, callback, _note, submit = widgets(form)
    assert not date_edit.isEnabled() and not amount.isEnabled() and not callback.isEnabled()
    assert not submit.isEnabled()  # a disposition first
    labels = {form.disposition_buttons[d].text() for d in Disposition}
    assert labels == {"Promise to pay", "Paid", "Dispute", "Wrong party", "No answer", "Call back", "Hardship"}
    for disposition in Disposition:
        form.set_disposition(disposition)
        promise = disposition is Disposition.PROMISE_TO_PAY
        assert date_edit.isEnabled() is promise and amount.isEnabled() is promise
        assert callback.isEnabled() is (disposition is Disposition.CALLBACK)
        assert submit.isEnabled()


def test_submit_emits_the_wrap_up_with_fen_and_a_date(qtbot, form: WrapUpForm) -> None:  # type: ignore[no-untyped-def]
    form.start("call-1", "C-1001", 800_000, 30)
    date_edit, amount, _callback, note, submit = widgets(form)
    today = QDate.currentDate()
    assert date_edit.minimumDate() == today and date_edit.maximumDate() == today.addDays(30)
    assert amount.maximum() == 8000.00
    amount.setValue(9000)
    assert amount.value() == 8000.00  # at most the balance
    form.disposition_buttons[Disposition.PROMISE_TO_PAY].click()
    date_edit.setDate(today.addDays(3))
    amount.setValue(1234.56)
    note.setPlainText("月底发工资后还款")
    with qtbot.waitSignal(form.submitted, timeout=1000) as blocker:
        qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert blocker.args == [WrapUp("call-1", "C-1001", Disposition.PROMISE_TO_PAY,
                                   promise_due=date.today() + timedelta(days=3), promise_amount_fen=123_456,
                                   note="月底发工资后还款")]


def test_a_call_back_is_sent_in_epoch_seconds(qtbot, form: WrapUpForm) -> None:  # type: ignore[no-untyped-def]
    form.start("call-1", "C-1001", 800_000, 30)
    _date, _amount, callback, _note, submit = widgets(form)
    form.set_disposition(Disposition.CALLBACK)
    when = QDateTime.currentDateTime().addDays(1)
    callback.setDateTime(when)
    with qtbot.waitSignal(form.submitted, timeout=1000) as blocker:
        submit.click()
    sent = blocker.args[0]
    assert sent.disposition is Disposition.CALLBACK and sent.promise_due is None and sent.promise_amount_fen is None
    assert sent.callback_at == float(when.toSecsSinceEpoch() // 60 * 60)  # shown to the minute


def test_problems_keep_what_the_agent_typed(form: WrapUpForm) -> None:
    form.start("call-1", "C-1001", 800_000, 30)
    _date, amount, _callback, note, submit = widgets(form)
    form.set_disposition(Disposition.PROMISE_TO_PAY)
    amount.setValue(100)
    note.setPlainText("客户说下周再还")
    form.show_problems([N_("The promise date is after the latest allowed day."), "The amount is too small."])
    problems = label(form, "wrapUpProblems")
    assert problems.isVisibleTo(form) and "The amount is too small." in problems.text()
    assert "#c62828" in problems.styleSheet()
    assert note.toPlainText() == "客户说下周再还" and amount.value() == 100
    assert form.disposition() is Disposition.PROMISE_TO_PAY and submit.isEnabled()
    form.show_problems([])
    assert not problems.isVisibleTo(form)


def test_the_note_is_at_most_500_characters(form: WrapUpForm) -> None:
    form.start("call-1", "C-1001", 800_000, 30)
    note = widgets(form)[3]
    note.setPlainText("欠" * 20)
    assert label(form, "wrapUpNoteCount").text() == f"20 / {NOTE_MAX}"
    note.setPlainText("x" * 600)
    assert len(note.toPlainText()) == NOTE_MAX
    assert label(form, "wrapUpNoteCount").text() == f"{NOTE_MAX} / {NOTE_MAX}"


def test_done_says_saved_resets_and_closes(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(wrapup_form, "SAVED_SHOWN_MS", 50)
    form = WrapUpForm()
    qtbot.addWidget(form)
    form.start("call-1", "C-1001", 800_000, 30)
    form.set_disposition(Disposition.PAID)
    widgets(form)[3].setPlainText("已还清")
    form.show()
    form.done("Score 82/100")
    saved = label(form, "wrapUpSaved")
    assert saved.isVisible() and "Saved" in saved.text() and "Score 82/100" in saved.text()
    assert form.disposition() is None and widgets(form)[3].toPlainText() == ""
    qtbot.waitUntil(lambda: form.isHidden(), timeout=2000)


# --- painting ----------------------------------------------------------------------------------------

def test_both_widgets_paint_in_every_state(qtbot, tmp_path: Path, panel: CustomerPanel, form: WrapUpForm) -> None:  # type: ignore[no-untyped-def]
    panel.show()
    states = {
        "idle": panel.clear,
        "case": lambda: panel.show_case(case(), HINTS, SCRIPT, cached_at=time.time() - 7200, problem="Timed out."),
        "choices": lambda: panel.show_choices((case(), case("C-2002"))),
        "none": lambda: panel.show_none("No case matches."),
    }
    for name, show in states.items():
        show()
        qtbot.wait(10)
        path = tmp_path / f"panel_{name}.png"
        assert panel.grab().save(str(path)), path
        assert not QImage(str(path)).isNull()
    for tab in range(panel.tabs.count()):
        states["case"]()
        panel.tabs.setCurrentIndex(tab)
        assert panel.grab().save(str(tmp_path / f"panel_tab{tab}.png"))
    form.start("call-1", "C-1001", 800_000, 30, required=True)
    form.set_disposition(Disposition.PROMISE_TO_PAY)
    form.show_problems(["The amount is too small."])
    assert form.grab().save(str(tmp_path / "wrapup.png"))
    form.done("Score 82/100")
    assert form.grab().save(str(tmp_path / "wrapup_done.png"))
    assert len(list(tmp_path.glob("*.png"))) == 9


def test_every_visible_string_is_translatable() -> None:
    for name in ("customer_panel.py", "wrapup_form.py"):
        source = (ROOT / "ui" / "widgets" / name).read_text(encoding="utf-8")
        assert not re.search(r"tr\(\s*f[\"']", source), name
        assert not re.search(r"setText\(\s*[\"'][A-Za-z]", source), name  # a literal English text, not through tr
