"""Ids and the state enums shared by events, the engine and the UI."""

from __future__ import annotations

from enum import Enum
from typing import NewType

__all__ = [
    "AccountId",
    "CallId",
    "RegState",
    "RegProblem",
    "CallState",
    "CallDirection",
    "MediaState",
    "AudioChannel",
    "DeviceRole",
    "SettingsState",
    "DtmfSignal",
    "ModelState",
    "RulePackState",
    "Severity",
    "EmotionLabel",
    "PacingKind",
    "CasePopState",
    "RecordingState",
    "NoticeKind",
    "AgentState",
    "SupervisionMode",
    "SupervisionState",
]

AccountId = NewType("AccountId", str)
CallId = NewType("CallId", str)


class RegState(str, Enum):
    UNREGISTERED = "unregistered"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"


class RegProblem(str, Enum):
    """Why a registration failed, in the distinctions an agent can act on."""

    NONE = "none"
    AUTH_FAILED = "auth_failed"  # wrong user or password
    UNREACHABLE = "unreachable"  # no answer or connection refused
    DNS_FAILED = "dns_failed"  # server name does not resolve
    TLS_FAILED = "tls_failed"  # certificate not trusted or handshake failed
    TRANSPORT_LOST = "transport_lost"  # TCP/TLS connection dropped
    REJECTED = "rejected"  # any other final error from the registrar


class CallState(str, Enum):
    CALLING = "calling"  # outgoing INVITE sent
    INCOMING = "incoming"  # incoming INVITE, not answered yet
    EARLY = "early"  # provisional response with tag (ringing)
    CONNECTING = "connecting"  # answered, waiting for ACK
    CONFIRMED = "confirmed"  # talking
    DISCONNECTED = "disconnected"


class CallDirection(str, Enum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class MediaState(str, Enum):
    NONE = "none"
    ACTIVE = "active"
    LOCAL_HOLD = "local_hold"
    REMOTE_HOLD = "remote_hold"
    ERROR = "error"


class AudioChannel(str, Enum):
    AGENT = "agent"  # the agent's microphone, as sent into the call
    CUSTOMER = "customer"  # the remote party's audio, as received


class DeviceRole(str, Enum):
    INPUT = "input"
    OUTPUT = "output"
    RINGER = "ringer"


class SettingsState(str, Enum):
    """What became of saved settings in a running session."""

    APPLIED = "applied"  # in force now
    DEFERRED = "deferred"  # saved; they need a restart, which waits for the last call to end


class DtmfSignal(str, Enum):
    """How a received key press (DTMF) arrived."""

    RFC2833 = "rfc2833"  # in the media stream (RFC 2833 / 4733 events)
    INFO = "info"  # a SIP INFO request


class ModelState(str, Enum):
    """The speech model (``ModelStateChanged.state``)."""

    OFF = "off"  # transcription is off in the settings
    NONE = "none"  # no model installed (or not loaded yet)
    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"


class RulePackState(str, Enum):
    """The phrase rules in force (``RulePackChanged.state``)."""

    LOADED = "loaded"
    FAILED = "failed"  # the previous pack stays in force


class Severity(str, Enum):
    """How serious a phrase rule's match is (a rule pack's ``severity``)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class EmotionLabel(str, Enum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


class PacingKind(str, Enum):
    TOO_FAST = "too_fast"
    TOO_SLOW = "too_slow"
    LONG_SILENCE = "long_silence"
    TALK_OVER = "talk_over"


class CasePopState(str, Enum):
    """What the screen pop found for a call."""

    FOUND = "found"  # one case: shown
    SEVERAL = "several"  # the agent chooses
    NONE = "none"  # no case: the agent may search
    UNAVAILABLE = "unavailable"  # the case source failed and no copy was saved


class RecordingState(str, Enum):
    """A call's recording (``recording/recorder.py``)."""

    RECORDING = "recording"  # answered: every second is on disk, encrypted
    SAVED = "saved"  # the call ended: the manifest is signed
    FAILED = "failed"  # stopped (a full disk, no key): the call goes on unrecorded from here


class AgentState(str, Enum):
    """The agent as the team lead sees it (``team/agent_state.py``)."""

    OFFLINE = "offline"
    IDLE = "idle"
    RINGING = "ringing"
    IN_CALL = "in_call"
    WRAP_UP = "wrap_up"
    PAUSED = "paused"


class SupervisionMode(str, Enum):
    """How a team lead joins an agent's call (``audio/supervise.py``)."""

    LISTEN = "listen"  # the lead hears both sides; nobody hears the lead
    WHISPER = "whisper"  # and the agent hears the lead; the customer does not
    BARGE = "barge"  # all three hear each other


class SupervisionState(str, Enum):
    STARTED = "started"
    MODE_CHANGED = "mode_changed"
    ENDED = "ended"
    REFUSED = "refused"  # a request not let in (unsigned, expired, replayed, another agent's, ...)


class NoticeKind(str, Enum):
    """What both sides hear at the answer to say the call is recorded (the administrator's policy)."""

    NONE = "none"
    BEEP = "beep"  # two short 1400 Hz beeps (the recording warning tone's frequency, ITU-T P.7x practice)
    ANNOUNCEMENT = "announcement"  # a recorded sentence (resources/notices/ or the administrator's file)
