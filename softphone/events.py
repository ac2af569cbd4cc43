"""The closed set of events the engine publishes on the bus.

Every event is a frozen dataclass with plain copied values (no pjsua2 object
ever leaves the engine thread). ``to_json`` turns one into the dict the
headless protocol prints. Names are nouns or ``subject_verb`` past tense.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Union

from .crm.views import CaseView, RiskHint, ScriptView
from .plans.views import PlanQuoteView, PlanState
from .states import (
    AccountId,
    CallDirection,
    CallId,
    AudioChannel,
    CallState,
    CasePopState,
    DeviceRole,
    DtmfSignal,
    EmotionLabel,
    MediaState,
    ModelState,
    PacingKind,
    RegProblem,
    RegState,
    RecordingState,
    NoticeKind,
    AgentState,
    SupervisionMode,
    SupervisionState,
    RulePackState,
    SettingsState,
    Severity,
)

__all__ = [
    "Event",
    "RegistrationChanged",
    "IncomingCall",
    "OutgoingCall",
    "CallStateChanged",
    "MediaStateChanged",
    "DtmfReceived",
    "TransferProgress",
    "AudioDeviceChanged",
    "ErrorRaised",
    "TranscriptWord",
    "TranscriptSegment",
    "ModelStateChanged",
    "TranscriptionFailed",
    "PhraseAlert",
    "EmotionChanged",
    "PacingAlert",
    "RulePackChanged",
    "SettingsChanged",
    "EngineStopped",
    "CaseFound",
    "RiskHintsChanged",
    "WrapUpRequired",
    "WrapUpStored",
    "PlanQuoted",
    "PlanStateChanged",
    "RecordingStateChanged",
    "RecordingNoticePlayed",
    "AgentStateChanged",
    "TeamLinkChanged",
    "SupervisionChanged",
    "ALL_EVENTS",
    "event_name",
    "kind_name",
    "to_json",
]

Headers = tuple[tuple[str, str], ...]


def _now() -> float:
    return time.time()


def _coerce(event: object, name: str, kind: type[Enum]) -> None:
    """Make the closed-set field ``name`` a ``kind`` member: a plain value is converted,
    an unknown one raises ``ValueError`` (a producer's bug, loudly)."""
    value = getattr(event, name)
    if not isinstance(value, kind):
        object.__setattr__(event, name, kind(value))


@dataclass(frozen=True)
class RegistrationChanged:
    account_id: AccountId
    old: RegState
    new: RegState
    code: int
    reason: str
    problem: RegProblem = RegProblem.NONE
    user_message: str = ""
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class IncomingCall:
    call_id: CallId
    account_id: AccountId
    remote_uri: str
    display_name: str
    sip_call_id: str
    headers: Headers  # every header of the INVITE, in order, as received
    auto_answer_after: float | None  # seconds, from Call-Info or a rule
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class OutgoingCall:
    call_id: CallId
    account_id: AccountId
    remote_uri: str
    headers: Headers  # the custom headers we sent
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class CallStateChanged:
    call_id: CallId
    old: CallState
    new: CallState
    code: int
    reason: str
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class MediaStateChanged:
    call_id: CallId
    state: MediaState
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class DtmfReceived:
    call_id: CallId
    digit: str
    method: DtmfSignal
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "method", DtmfSignal)


@dataclass(frozen=True)
class TransferProgress:
    call_id: CallId
    code: int
    reason: str
    final: bool
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class AudioDeviceChanged:
    role: DeviceRole
    old: str
    new: str
    lost: bool  # True when the old device disappeared (unplugged)
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class ErrorRaised:
    source: str  # "sip", "audio", "storage", ...
    message: str
    user_message: str
    call_id: CallId | None = None
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class TranscriptWord:
    word: str
    start: float  # seconds since the call started
    end: float
    confidence: float


@dataclass(frozen=True)
class TranscriptSegment:
    """A partial (updated in place) or final piece of one side's transcript.

    ``segment`` numbers the utterances of one call and channel from 0; the
    partials of an utterance and its final share the number, so a view
    replaces the partial when the final arrives. ``delay`` is the wall-clock
    lag between the end of the audio it covers and this event.
    """

    call_id: CallId
    channel: AudioChannel
    segment: int
    final: bool
    text: str
    start: float  # seconds since the call started
    end: float
    words: tuple[TranscriptWord, ...]
    confidence: float
    delay: float
    at: float = field(default_factory=_now)
    simulated: bool = False  # the demo's scripted transcript (softphone/demo/script.py), not recognised speech


@dataclass(frozen=True)
class ModelStateChanged:
    """The speech model: ``off``, ``none``, ``loading``, ``ready`` or ``failed``."""

    state: ModelState
    name: str
    language: str
    user_message: str = ""
    rules_language: str = ""  # with ``ready``: the phrase rules' language when it differs from the model's
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "state", ModelState)


@dataclass(frozen=True)
class TranscriptionFailed:
    """Transcription of a call (or one channel) stopped; the call goes on."""

    call_id: CallId
    channel: AudioChannel | None
    message: str
    user_message: str
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class PhraseAlert:
    """A rule of the phrase pack matched what one side said (raised once per occurrence)."""

    call_id: CallId
    channel: AudioChannel
    alert_id: str  # call/channel/segment/rule/occurrence: the same occurrence keeps its id
    rule_id: str
    category: str
    severity: Severity
    text: str  # the words that matched (numbers masked)
    segment: int  # the transcript segment it is in
    span: tuple[int, int]  # character offsets of ``text`` in that segment's text
    suggestion: str
    audio_time: float  # seconds since the call started: the end of the audio holding the words
    delay: float  # seconds from that audio being heard to this alert
    from_partial: bool
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "severity", Severity)


@dataclass(frozen=True)
class EmotionChanged:
    """One side's emotion label changed (after hysteresis)."""

    call_id: CallId
    channel: AudioChannel
    label: EmotionLabel
    score: float  # the moving average, -1 (positive) .. 1 (negative)
    audio_time: float
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "label", EmotionLabel)


@dataclass(frozen=True)
class PacingAlert:
    """The agent's pacing: too_fast, too_slow, long_silence or talk_over."""

    call_id: CallId
    kind: PacingKind
    value: float
    audio_time: float
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "kind", PacingKind)


@dataclass(frozen=True)
class RulePackChanged:
    """The phrase rules in force: ``loaded`` or ``failed`` (then the previous pack stays)."""

    state: RulePackState
    language: str
    version: str
    rules: int
    phrases: int
    user_message: str = ""
    where: str = ""  # file:line of the mistake when failed
    detail: str = ""  # what is wrong there (an English sentence; the window translates it)
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "state", RulePackState)


@dataclass(frozen=True)
class SettingsChanged:
    """Saved settings in a running session: ``applied``, or ``deferred`` until no call is up."""

    state: SettingsState
    keys: tuple[str, ...]  # the ``section.key`` names that changed
    user_message: str = ""
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class EngineStopped:
    reason: str
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class CaseFound:
    """The screen pop: the case of a call (already masked: ``crm.views``), or why there is none."""

    call_id: CallId  # "" for a search outside a call
    state: CasePopState
    cases: tuple[CaseView, ...]  # one when FOUND, the choices when SEVERAL
    hints: tuple[RiskHint, ...]  # of the one case shown
    script: ScriptView | None  # the stage script of the one case shown
    found_by: str  # "customer_id", "user_to_user", "number", "search", "chosen"
    cached_at: float | None = None  # the source was down: the copy shown is from then
    user_message: str = ""
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "state", CasePopState)


@dataclass(frozen=True)
class RiskHintsChanged:
    """The risk hints of a call's case changed during the call (the customer said something)."""

    call_id: CallId
    case_id: str
    hints: tuple[RiskHint, ...]
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class WrapUpRequired:
    """A call ended: its wrap-up is asked for (``required``: before the next call)."""

    call_id: CallId
    case_id: str  # "" when the call had no case
    balance_fen: int | None  # the most a promise may be
    horizon_days: int  # the latest promise date, from today
    required: bool
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class WrapUpStored:
    call_id: CallId
    case_id: str
    disposition: str
    score: int  # the call's collection score, 0-100
    promise_fen: int = 0  # a promise to pay: how much (0: none)
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class PlanQuoted:
    """A repayment plan was quoted on a call: its schedule, APR, comparison and review reasons (no personal data)."""

    call_id: CallId
    quote: PlanQuoteView
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class PlanStateChanged:
    """A plan change moved on (``plans.views.PlanState``): code sent, wrong code, confirmed, locked, ...

    Never carries the code; ``sent_to`` is the masked number the code went to.
    """

    call_id: CallId
    case_id: str
    state: PlanState
    plan_hash: str
    tries_left: int = 5
    expires_at: float | None = None  # epoch seconds, while a code is pending
    sends_left: int = 3
    sent_to: str = ""
    outcome: str = ""  # a compliance.otp.CheckOutcome value after a try
    plan_id: str = ""  # the stored plan, once confirmed
    user_message: str = ""
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "state", PlanState)


@dataclass(frozen=True)
class RecordingStateChanged:
    """A call's recording started, was saved, or stopped (``user_message`` says why, for the agent;
    ``problem`` for programs: "disk_full" or "write_failed")."""

    call_id: CallId
    state: RecordingState
    duration_s: float = 0.0
    user_message: str = ""
    problem: str = ""
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "state", RecordingState)


@dataclass(frozen=True)
class AgentStateChanged:
    """The agent's state as the team lead sees it changed (``call_id``: the call that makes it so)."""

    old: AgentState
    new: AgentState
    call_id: str = ""
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "old", AgentState)
        _coerce(self, "new", AgentState)


@dataclass(frozen=True)
class SupervisionChanged:
    """A team lead's supervision of this agent started, changed mode, ended, or was refused (``reason``).
    ``notify_agent``: the administrator's policy lets the agent see it."""

    call_id: CallId  # the lead's call into this softphone (never a customer's call)
    lead: str
    mode: SupervisionMode
    state: SupervisionState
    reason: str = ""
    notify_agent: bool = True
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "mode", SupervisionMode)
        _coerce(self, "state", SupervisionState)


@dataclass(frozen=True)
class TeamLinkChanged:
    """The link to the team lead's broker came up or went down (``problem``: a LinkProblem value);
    ``pending``: messages kept for the lead, not yet acknowledged."""

    connected: bool
    problem: str
    user_message: str
    pending: int = 0
    at: float = field(default_factory=_now)


@dataclass(frozen=True)
class RecordingNoticePlayed:
    """The recording notice (a beep or an announcement) started on an answered call: both sides hear it."""

    call_id: CallId
    kind: NoticeKind
    duration_s: float
    at: float = field(default_factory=_now)

    def __post_init__(self) -> None:
        _coerce(self, "kind", NoticeKind)


Event = Union[
    RegistrationChanged,
    IncomingCall,
    OutgoingCall,
    CallStateChanged,
    MediaStateChanged,
    DtmfReceived,
    TransferProgress,
    AudioDeviceChanged,
    ErrorRaised,
    TranscriptSegment,
    ModelStateChanged,
    TranscriptionFailed,
    PhraseAlert,
    EmotionChanged,
    PacingAlert,
    RulePackChanged,
    SettingsChanged,
    EngineStopped,
    CaseFound,
    RiskHintsChanged,
    WrapUpRequired,
    WrapUpStored,
    PlanQuoted,
    PlanStateChanged,
    RecordingStateChanged,
    RecordingNoticePlayed,
    AgentStateChanged,
    TeamLinkChanged,
    SupervisionChanged,
]

ALL_EVENTS: tuple[type, ...] = (
    RegistrationChanged,
    IncomingCall,
    OutgoingCall,
    CallStateChanged,
    MediaStateChanged,
    DtmfReceived,
    TransferProgress,
    AudioDeviceChanged,
    ErrorRaised,
    TranscriptSegment,
    ModelStateChanged,
    TranscriptionFailed,
    PhraseAlert,
    EmotionChanged,
    PacingAlert,
    RulePackChanged,
    SettingsChanged,
    EngineStopped,
    CaseFound,
    RiskHintsChanged,
    WrapUpRequired,
    WrapUpStored,
    PlanQuoted,
    PlanStateChanged,
    RecordingStateChanged,
    RecordingNoticePlayed,
    AgentStateChanged,
    TeamLinkChanged,
    SupervisionChanged,
)

_NAMES = {
    RegistrationChanged: "registration_changed",
    IncomingCall: "incoming_call",
    OutgoingCall: "outgoing_call",
    CallStateChanged: "call_state_changed",
    MediaStateChanged: "media_state_changed",
    DtmfReceived: "dtmf_received",
    TransferProgress: "transfer_progress",
    AudioDeviceChanged: "audio_device_changed",
    ErrorRaised: "error",
    TranscriptSegment: "transcript",
    ModelStateChanged: "model_state_changed",
    TranscriptionFailed: "transcription_failed",
    PhraseAlert: "phrase_alert",
    EmotionChanged: "emotion_changed",
    PacingAlert: "pacing_alert",
    RulePackChanged: "rule_pack_changed",
    SettingsChanged: "settings_changed",
    EngineStopped: "engine_stopped",
    CaseFound: "case_found",
    RiskHintsChanged: "risk_hints_changed",
    WrapUpRequired: "wrapup_required",
    WrapUpStored: "wrapup_stored",
    PlanQuoted: "plan_quoted",
    PlanStateChanged: "plan_state_changed",
    RecordingStateChanged: "recording_state_changed",
    RecordingNoticePlayed: "recording_notice_played",
    AgentStateChanged: "agent_state_changed",
    TeamLinkChanged: "team_link_changed",
    SupervisionChanged: "supervision_changed",
}


def event_name(event: Event) -> str:
    return _NAMES[type(event)]


def kind_name(kind: type) -> str:
    """The name of an event class (as ``event_name`` gives for its instances)."""
    return _NAMES[kind]


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def to_json(event: Event) -> dict[str, Any]:
    """The event as a JSON-ready dict: ``{"event": name, ...fields}``."""
    out: dict[str, Any] = {"event": event_name(event)}
    for f in dataclasses.fields(event):
        value = getattr(event, f.name)
        if f.name == "headers":
            out[f.name] = [[k, v] for k, v in value]
        else:
            out[f.name] = _plain(value)
    return out
