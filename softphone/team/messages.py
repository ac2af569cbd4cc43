"""What an agent's softphone tells its team lead: small JSON messages made from the session's masked events.

Every message has an ``id`` (unique: the lead's side drops one it has seen, so a
message sent again after a reconnect is never counted twice), ``at`` (Unix
time) and ``agent``. The content comes from the session's masked feed only:
numbers are 138****5678, names 张*, transcripts have their digit runs masked;
nothing here unmasks anything.

=============  ==========================================================================================
kind           body
=============  ==========================================================================================
state          ``state`` (AgentState value), ``since``, ``call_id``, ``direction``, ``party`` (masked)
call           ``call_id``, ``event`` (started / answered / ended / transferred / wrapped_up), ``direction``,
               ``party`` (masked), ``code`` (the SIP code at the end); at the wrap-up ``disposition``,
               ``score``, ``promise_fen``
alert          ``call_id``, ``alert_id``, ``source`` (phrase / pacing / recording), ``severity``,
               ``channel``, ``category``, ``text`` (masked), ``suggestion``
transcript     ``call_id``, ``channel``, ``segment``, ``text`` (masked), ``start``, ``end`` (finals only)
emotion        ``call_id``, ``channel``, ``label``, ``score``
=============  ==========================================================================================
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from ..events import (
    CallStateChanged, EmotionChanged, Event, IncomingCall, OutgoingCall, PacingAlert, PhraseAlert,
    RecordingStateChanged, TranscriptSegment, TransferProgress, WrapUpStored,
)
from ..states import CallState, RecordingState, Severity
from .agent_state import AgentStatus
from .topics import TopicKind

__all__ = ["TeamMessage", "from_event", "from_status", "decode", "MAX_PAYLOAD"]

MAX_PAYLOAD = 16 * 1024  # a message larger than this is refused on both sides


@dataclass(frozen=True)
class TeamMessage:
    kind: TopicKind
    agent: str
    body: dict[str, Any]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    at: float = field(default_factory=time.time)

    def encode(self) -> bytes:
        data = json.dumps({"id": self.id, "at": round(self.at, 3), "agent": self.agent, **self.body},
                          ensure_ascii=False, separators=(",", ":")).encode()
        if len(data) > MAX_PAYLOAD:
            raise ValueError(f"a {self.kind.value} message of {len(data)} bytes")
        return data


def decode(kind: TopicKind, agent: str, payload: bytes) -> TeamMessage | None:
    """A message from the broker; None when it is not one of ours (too large, not JSON, no id)."""
    if len(payload) > MAX_PAYLOAD:
        return None
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or data.get("agent") != agent:
        return None
    at = data.pop("at", 0.0)
    msg_id = data.pop("id")
    data.pop("agent")
    return TeamMessage(kind, agent, data, msg_id, float(at) if isinstance(at, (int, float)) else 0.0)


def from_status(agent: str, status: AgentStatus, direction: str = "", party: str = "") -> TeamMessage:
    """The retained state; with the current call's direction and masked party, so that a lead who opens the
    wallboard in the middle of a call sees whom the agent is talking to."""
    return TeamMessage(TopicKind.STATE, agent, {"state": status.state.value, "since": round(status.since, 3),
                                                "call_id": status.call_id, "direction": direction,
                                                "party": party})


def from_event(agent: str, event: Event) -> TeamMessage | None:
    """The message for one masked event, or None when the lead has no use for it."""
    kind_body = _body(event)
    at = getattr(event, "at", None) or time.time()
    return None if kind_body is None else TeamMessage(kind_body[0], agent, kind_body[1], at=at)


def _body(event: Event) -> tuple[TopicKind, dict[str, Any]] | None:
    if isinstance(event, (IncomingCall, OutgoingCall)):
        direction = "inbound" if isinstance(event, IncomingCall) else "outbound"
        return TopicKind.CALL, {"call_id": event.call_id, "event": "started", "direction": direction,
                                "party": event.remote_uri}
    if isinstance(event, CallStateChanged) and event.new in (CallState.CONFIRMED, CallState.DISCONNECTED):
        what = "answered" if event.new is CallState.CONFIRMED else "ended"
        return TopicKind.CALL, {"call_id": event.call_id, "event": what, "code": event.code}
    if isinstance(event, TransferProgress) and event.final and 200 <= event.code < 300:
        return TopicKind.CALL, {"call_id": event.call_id, "event": "transferred", "code": event.code}
    if isinstance(event, WrapUpStored):
        return TopicKind.CALL, {"call_id": event.call_id, "event": "wrapped_up", "disposition": event.disposition,
                                "score": event.score, "promise_fen": event.promise_fen}
    if isinstance(event, PhraseAlert):
        return TopicKind.ALERT, {"call_id": event.call_id, "alert_id": event.alert_id, "source": "phrase",
                                 "severity": event.severity.value, "channel": event.channel.value,
                                 "category": event.category, "text": event.text, "suggestion": event.suggestion}
    if isinstance(event, PacingAlert):
        return TopicKind.ALERT, {"call_id": event.call_id, "alert_id": f"{event.call_id}/pacing/{event.at:.3f}",
                                 "source": "pacing", "severity": Severity.LOW.value, "channel": "agent",
                                 "category": event.kind.value, "text": "", "suggestion": ""}
    if isinstance(event, RecordingStateChanged) and event.state is RecordingState.FAILED:
        return TopicKind.ALERT, {"call_id": event.call_id, "alert_id": f"{event.call_id}/recording",
                                 "source": "recording", "severity": Severity.HIGH.value, "channel": "",
                                 "category": event.problem or "recording_failed", "text": "",
                                 "suggestion": event.user_message}
    if isinstance(event, TranscriptSegment) and event.final and event.text:
        return TopicKind.TRANSCRIPT, {"call_id": event.call_id, "channel": event.channel.value,
                                      "segment": event.segment, "text": event.text,
                                      "start": round(event.start, 2), "end": round(event.end, 2)}
    if isinstance(event, EmotionChanged):
        return TopicKind.EMOTION, {"call_id": event.call_id, "channel": event.channel.value,
                                   "label": event.label.value, "score": round(event.score, 3)}
    return None
