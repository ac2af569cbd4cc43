"""The session is the front ends' one way in: its surface, what ui/ may import, masked events, the settings plan."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import softphone.session
from softphone.compliance.masking import mask_event
from softphone.events import IncomingCall, TranscriptSegment, TranscriptWord
from softphone.session import Part, plan
from softphone.states import AccountId, AudioChannel, CallId

ROOT = Path(__file__).resolve().parents[2]

# What ui/ may take from the engine besides the session: value types, and a few
# tools of the settings dialog and the demo that hold no customer data.
UI_MAY_IMPORT = {
    "softphone.session", "softphone.events", "softphone.states", "softphone.settings", "softphone.errors",
    "softphone.i18n", "softphone.paths", "softphone.secrets", "softphone.numbers", "softphone.bus",
    "softphone.sip.headers",  # header_value: reading a (masked) header by name
    "softphone.asr.models", "softphone.asr.live",  # the Speech tab and the demo: model files, no calls
    "softphone.audio.devices", "softphone.audio.presence", "softphone.audio.test_tone",  # the Audio tab
    "softphone.demo.run", "softphone.cli.main",  # the demo's settings; the console entry point
    "softphone.cli.doctor_install",  # the launcher: Qt's X11 libraries, checked before Qt is loaded
    "softphone.demo.team",  # the lead's demo: a broker and simulated agents
    "softphone.helpers",  # starting the demo bot the same way from a checkout or a frozen build
}

SESSION_API = {
    "Session", "HistoryReader", "HistoryQuery", "HistoryPage", "HistoryRow", "TranscriptLine", "TranscriptHit",
    "HANDOFF_REASON", "ROW_LIMIT", "Part", "SettingsPlan", "plan", "PasswordLookup", "find_password",
    "NO_PASSWORD_MESSAGE", "model_for", "leave_collection_to_front_end",
    "CaseView", "LoanView", "NumberView", "ContactView", "PromiseView", "ScriptView", "RiskHint", "RiskKind",
    "OverdueStage", "EarlyBucket", "Relation", "PromiseState", "Disposition", "WrapUp", "WrapUpPending",
    "WrapUpRejected",
    "PlanRequest", "PlanMethod", "PlanQuoteView", "PlanSide", "PlanTotals", "ScheduleRow", "PlanState", "PlanRefused",
    "SmsMessage",
    "Player", "PlayerState",
    "LeadSession", "LeadLink", "BrokerAddress", "LinkProblem", "parse_broker", "BoardChange", "AgentView",
    "AlertView", "CallView", "LineView", "KpiRow", "LeadPhone", "lead_phone",
}


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_session_api_is_its_all_and_its_modules_are_private() -> None:
    assert set(softphone.session.__all__) == SESSION_API
    for name in softphone.session.__all__:
        assert getattr(softphone.session, name) is not None
    modules = [m.name for m in pkgutil.iter_modules(softphone.session.__path__)]
    assert modules and all(m.startswith("_") for m in modules), modules
    for m in modules:
        importlib.import_module(f"softphone.session.{m}")


def test_ui_reaches_the_engine_only_through_the_session_and_value_types() -> None:
    reach: dict[str, set[str]] = {}
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for module in imported_modules(path):
            if module.split(".")[0] == "softphone" and module not in UI_MAY_IMPORT:
                reach.setdefault(module, set()).add(str(path.relative_to(ROOT)))
    assert reach == {}, f"ui/ reaches into the engine past the session: {reach}"


def test_no_widget_opens_the_storage_or_masks_by_itself() -> None:
    for path in sorted((ROOT / "ui" / "widgets").glob("*.py")):
        modules = imported_modules(path)
        assert not [m for m in modules if m.startswith("softphone.storage")], path
        assert "softphone.privacy" not in modules, f"{path}: masking is the session's, not a widget's"


def test_events_for_a_front_end_are_masked_and_keep_their_ids() -> None:
    raw = IncomingCall(CallId("c-13812345678"), AccountId("acc"), '"张三" <sip:13812345678@pbx>', "张三",
                       "sip-call-13812345678", (("X-Customer-Phone", "13812345678"), ("X-Customer-Name", "张三"),
                                                ("X-Handoff-Reason", "逾期咨询")), None)
    masked = mask_event(raw)
    assert "13812345678" not in repr(dataclass_values(masked)) and "张三" not in repr(dataclass_values(masked))
    assert masked.remote_uri == '"张*" <sip:138****5678@pbx>' and masked.display_name == "张*"
    assert masked.headers == (("X-Customer-Phone", "138****5678"), ("X-Customer-Name", "张*"),
                              ("X-Handoff-Reason", "逾期咨询"))
    assert masked.call_id == raw.call_id and masked.sip_call_id == raw.sip_call_id  # ids are not customer data
    said = TranscriptSegment(CallId("c1"), AudioChannel.CUSTOMER, 0, True, "我的卡号是6222021234567890", 0.0, 1.0,
                             (TranscriptWord("6222021234567890", 0.1, 0.9, 0.8),), 0.8, 0.1)
    shown = mask_event(said)
    assert "6222021234567890" not in repr(shown) and shown.text == "我的卡号是622*********7890"
    assert shown.words[0].word == "622*********7890"
    quiet = TranscriptSegment(CallId("c1"), AudioChannel.AGENT, 1, True, "您好", 0.0, 1.0, (), 0.9, 0.1)
    assert mask_event(quiet) is quiet  # nothing to mask: no copy


def dataclass_values(event: object) -> list[object]:
    return [getattr(event, f) for f in event.__dataclass_fields__ if f not in ("call_id", "sip_call_id")]  # type: ignore[attr-defined]


def test_the_settings_plan_restarts_only_what_a_key_needs() -> None:
    assert plan(frozenset({"general.start_minimized", "assist.alert_sound"})).restarts == frozenset()
    devices = plan(frozenset({"audio.input_device"}))
    assert devices.parts == {Part.DEVICES} and not devices.restarts
    assert plan(frozenset({"assist.rules_language"})).restarts == {Part.RULES}
    assert plan(frozenset({"asr.model"})).restarts == {Part.SPEECH}
    for key in ("account.server", "sip.local_port", "audio.clock_rate", "storage.data_dir", "auto_answer.enabled",
                "account.password"):
        assert Part.ENGINE in plan(frozenset({key})).restarts, key
