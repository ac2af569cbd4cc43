"""The one way into the engine for every front end (window, headless, team-lead service).

::

    session = Session(settings)
    session.subscribe(show)          # every event, already masked
    session.start()                  # engine, history, speech model, assist; signs in
    call_id = session.dial("2001").result(5)
    page = session.history.page(HistoryQuery()).result(5)   # masked rows
    session.apply_settings(new)      # restarts only what changed, never in a call
    session.stop()

Everything a front end may use is listed in ``__all__``; the modules behind
it are private (``_session``, ``_history``, ...). A test checks that
``ui/`` reaches the engine only through here and a few value types
(events, states, settings, errors).
"""

from __future__ import annotations

from ..crm.desk import WrapUpPending, WrapUpRejected
from ..crm.model import Disposition, EarlyBucket, OverdueStage, PromiseState, Relation, WrapUp
from ..crm.views import CaseView, ContactView, LoanView, NumberView, PromiseView, RiskHint, RiskKind, ScriptView
from ..plans.desk import PlanRefused, PlanRequest
from ..plans.terms import Method as PlanMethod
from ..plans.views import PlanQuoteView, PlanSide, PlanState, PlanTotals, ScheduleRow
from ..recording.player import Player, PlayerState
from ..team.board import AgentView, AlertView, BoardChange, CallView, LineView
from ..team.link import BrokerAddress, LinkProblem, parse_broker
from ._lead import KpiRow, LeadLink, LeadPhone, LeadSession, lead_phone
from ..sms.message import SmsMessage
from ._history import ROW_LIMIT, HistoryPage, HistoryQuery, HistoryReader
from ._model import model_for
from ._password import NO_PASSWORD_MESSAGE, PasswordLookup, find_password
from ._session import Session, leave_collection_to_front_end
from ._settings_plan import Part, SettingsPlan, plan
from ._views import HANDOFF_REASON, HistoryRow, TranscriptHit, TranscriptLine

__all__ = [
    "Session",
    "HistoryReader",
    "HistoryQuery",
    "HistoryPage",
    "HistoryRow",
    "TranscriptLine",
    "TranscriptHit",
    "HANDOFF_REASON",
    "ROW_LIMIT",
    "Part",
    "SettingsPlan",
    "plan",
    "PasswordLookup",
    "find_password",
    "NO_PASSWORD_MESSAGE",
    "model_for",
    "leave_collection_to_front_end",
    # the case file, as front ends are given it (masked views) and hand it back (a wrap-up)
    "CaseView",
    "LoanView",
    "NumberView",
    "ContactView",
    "PromiseView",
    "ScriptView",
    "RiskHint",
    "RiskKind",
    "OverdueStage",
    "EarlyBucket",
    "Relation",
    "PromiseState",
    "Disposition",
    "WrapUp",
    "WrapUpPending",
    "WrapUpRejected",
    # the plan change (quoted views, no personal data; the code never comes back)
    "PlanRequest",
    "PlanMethod",
    "PlanQuoteView",
    "PlanSide",
    "PlanTotals",
    "ScheduleRow",
    "PlanState",
    "PlanRefused",
    "SmsMessage",  # what the demo's simulated customer's phone receives
    # playing one's own call back (where the administrator's policy allows it)
    "Player",
    "PlayerState",
    # the team lead's wallboard (its own session: it follows the team's broker, holds only masked values)
    "LeadSession",
    "LeadLink",
    "BrokerAddress",
    "LinkProblem",
    "parse_broker",
    "BoardChange",
    "AgentView",
    "AlertView",
    "CallView",
    "LineView",
    "KpiRow",
    "LeadPhone",
    "lead_phone",
]
