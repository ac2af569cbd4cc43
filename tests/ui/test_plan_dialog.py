"""The plan dialog's states, offscreen, fed the engine's own values: a real quote (``softphone.plans``) and the
``PlanStateChanged`` events the plan desk posts. The live flow is ``test_plan_window.py``."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

from softphone.events import PlanStateChanged
from softphone.i18n import N_
from softphone.plans import Method, Terms, quote
from softphone.plans.views import quote_view
from softphone.session import PlanMethod, PlanState
from ui.widgets.plan_dialog import PlanDialog


def dialog_with_quote(qtbot, rate: str = "0.18"):  # type: ignore[no-untyped-def]
    d = PlanDialog("k1", "钱* · C-1", 0.18, date.today() + timedelta(days=10))
    qtbot.addWidget(d)
    view = quote_view(quote(Terms(Method.EQUAL_INSTALLMENT, 1_000_000, Decimal(rate), 12,
                                  date.today() + timedelta(days=10)), Decimal("0.18")), "C-1")
    d.show_quote(view)
    return d, view


def state(s: PlanState, **kw) -> PlanStateChanged:  # type: ignore[no-untyped-def]
    return PlanStateChanged("k1", "C-1", s, "h", **kw)


def test_the_request_is_what_the_agent_picked(qtbot) -> None:  # type: ignore[no-untyped-def]
    d = PlanDialog("k1", "x", 0.18, None)
    qtbot.addWidget(d)
    d.method.setCurrentIndex(d.method.findData(PlanMethod.DEFERRAL))
    d.months.setValue(6)
    d.defer.setValue(2)
    d.rate.setValue(16.5)
    r = d.request()
    assert (r.method, r.months, r.defer_months, r.annual_rate) == (PlanMethod.DEFERRAL, 6, 2, Decimal("0.165"))
    assert r.first_due is not None and r.first_due >= date.today(), "never a first payment in the past"


def test_a_quote_fills_the_schedule_and_a_plan_over_the_caps_says_why(qtbot) -> None:  # type: ignore[no-untyped-def]
    d, view = dialog_with_quote(qtbot)
    assert d.table.rowCount() == 12 and d.table.item(0, 4).text() == "916.80"
    assert not d.review.isVisible() and d.send_button.isEnabled()
    over, _ = dialog_with_quote(qtbot, "0.2001")
    over.show()
    assert over.review.isVisible() and "20.01 %" in over.review.text()


def test_the_waiting_state_counts_down_and_a_wrong_code_says_the_tries_left(qtbot) -> None:  # type: ignore[no-untyped-def]
    d, _ = dialog_with_quote(qtbot)
    d.on_state(state(PlanState.CODE_SENT, expires_at=time.time() + 300, tries_left=5, sends_left=2,
                     sent_to="138****0001"))
    assert "138****0001" in d.status.text() and d.code.isEnabled() and d.confirm_button.isEnabled()
    assert "4:5" in d.countdown.text() or "5:00" in d.countdown.text()
    typed: list[str] = []
    d.code_typed.connect(typed.append)
    d.code.setText("123456")
    d.confirm_button.click()
    assert typed == ["123456"] and d.code.text() == "", "the typed code does not stay on screen"
    d.on_state(state(PlanState.CODE_SENT, expires_at=time.time() + 250, tries_left=4, outcome="wrong",
                     user_message=N_("The code is not right. Tries left: {0}.", 4)))
    assert "Tries left: 4" in d.status.text()
    d.on_state(state(PlanState.LOCKED, tries_left=0, outcome="locked",
                     user_message=N_("Too many wrong codes: this plan change is locked.")))
    assert "locked" in d.status.text() and not d.send_button.isEnabled() and not d.code.isEnabled()
    assert d.countdown.text() == "" and not d.quote_button.isEnabled()


def test_a_gateway_error_keeps_the_plan_and_allows_sending_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    d, _ = dialog_with_quote(qtbot)
    d.on_state(state(PlanState.SEND_FAILED, user_message=N_(
        "The SMS gateway cannot be reached. The plan stays pending; try again.")))
    assert "cannot be reached" in d.status.text()
    assert d.send_button.isEnabled() and d.table.rowCount() == 12


def test_changed_terms_need_a_new_quote(qtbot) -> None:  # type: ignore[no-untyped-def]
    d, _ = dialog_with_quote(qtbot)
    d.months.setValue(24)
    assert not d.send_button.isEnabled() and "show the schedule again" in d.status.text()


def test_events_of_another_call_are_ignored(qtbot) -> None:  # type: ignore[no-untyped-def]
    d, _ = dialog_with_quote(qtbot)
    d.on_state(PlanStateChanged("other", "C-1", PlanState.CONFIRMED, "h"))
    assert d.state is PlanState.QUOTED
