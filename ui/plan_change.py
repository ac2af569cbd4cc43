"""The window's plan change: the customer panel's "Change plan…" opens the dialog; its asks go to the session.

One dialog per call at most. The dialog shows the session's answers (``PlanQuoted``, ``PlanStateChanged``
through the bridge); a refused quote or send (no case, the terms, the rules) is shown in the dialog in plain
words, and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from softphone.events import CallStateChanged, PlanQuoted, PlanStateChanged
from softphone.session import CaseView, PlanRequest, Session
from softphone.states import CallId, CallState

from .bridge import EngineBridge
from .engine_text import engine_text
from .ops import run_op
from .widgets.customer_panel import CustomerPanel
from .widgets.plan_dialog import PlanDialog

__all__ = ["PlanChange"]


class PlanChange:
    def __init__(self, parent: QWidget, bridge: EngineBridge, customer: CustomerPanel,
                 engine: Callable[[], Session | None], call_of_case: Callable[[], str | None]) -> None:
        self._parent, self._bridge, self._customer = parent, bridge, customer
        self._engine, self._call_of_case = engine, call_of_case
        self.dialogs: dict[str, PlanDialog] = {}
        self.links: list[tuple[Any, Any]] = [(bridge.plan_quoted, self.on_quoted),
                                             (bridge.plan_state_changed, self.on_state),
                                             (bridge.call_state_changed, self.on_call_state)]
        for signal, slot in self.links:
            signal.connect(slot)
        customer.plan_requested.connect(self.open)

    def open(self, case_id: str) -> PlanDialog | None:
        call_id, view = self._call_of_case(), self._customer.case
        if not call_id or view is None or view.case_id != case_id:
            return None
        dialog = self.dialogs.get(call_id)
        if dialog is None:
            dialog = self._new_dialog(call_id, view)
            self.dialogs[call_id] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    def _new_dialog(self, call_id: str, view: CaseView) -> PlanDialog:
        loan = view.loans[0] if view.loans else None
        dialog = PlanDialog(call_id, f"{view.name} · {view.case_id}", loan.annual_rate if loan else 0.0,
                            loan.due_date if loan else None, self._parent)
        dialog.quote_requested.connect(lambda request: self._quote(dialog, request))
        dialog.send_requested.connect(lambda: self._ask(dialog, lambda s: s.send_plan_code(CallId(call_id))))
        dialog.code_typed.connect(lambda code: self._ask(dialog, lambda s: s.confirm_plan(CallId(call_id), code)))
        return dialog

    def _quote(self, dialog: PlanDialog, request: PlanRequest) -> None:
        self._ask(dialog, lambda s: s.quote_plan(CallId(dialog.call_id), request))

    def _ask(self, dialog: PlanDialog, command: Callable[[Session], Any]) -> None:
        session = self._engine()
        if session is None:
            dialog.show_problem(QCoreApplication.translate("PlanDialog", "The phone engine is not running."))
            return
        run_op(self._bridge, command(session), None,
               lambda exc: dialog.show_problem(engine_text(getattr(exc, "user_message", "") or str(exc))),
               parent=dialog)

    def on_quoted(self, event: PlanQuoted) -> None:
        dialog = self.dialogs.get(event.call_id)
        if dialog is not None:
            dialog.show_quote(event.quote)

    def on_state(self, event: PlanStateChanged) -> None:
        dialog = self.dialogs.get(event.call_id)
        if dialog is not None:
            dialog.on_state(event)

    def on_call_state(self, event: CallStateChanged) -> None:
        if event.call_id == self._call_of_case():
            self._customer.set_in_call(event.new is CallState.CONFIRMED)

    def detach(self) -> None:
        for signal, slot in self.links:
            signal.disconnect(slot)
        self.links = []
        for dialog in self.dialogs.values():
            dialog.close()
