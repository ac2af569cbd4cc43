"""The wallboard's read model: every agent's state, the calls in progress with their alerts, live transcripts.

Fed one ``TeamMessage`` at a time (the follower's thread) and read by the
wallboard (its own thread, through copies): every public reader returns frozen
values. A message whose id was seen is dropped (the broker may deliver one
twice after a reconnect). ``apply`` says what changed, so the window redraws
only that part.
"""

from __future__ import annotations

import enum
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..states import Severity
from .agent_state import AgentState
from .kpi import CallFacts
from .messages import TeamMessage
from .topics import TopicKind

__all__ = ["TeamBoard", "AgentView", "CallView", "AlertView", "LineView", "BoardChange", "SEVERITY_RANK"]

SEVERITY_RANK = {Severity.LOW.value: 0, Severity.MEDIUM.value: 1, Severity.HIGH.value: 2, Severity.CRITICAL.value: 3}
_SEEN_IDS = 20_000
_LINES_PER_CALL = 400
_ENDED_CALLS_KEPT = 200


class BoardChange(enum.IntFlag):
    NONE = 0
    AGENTS = 1
    CALLS = 2
    TRANSCRIPT = 4


@dataclass(frozen=True)
class AgentView:
    agent: str
    state: AgentState
    since: float
    call_id: str = ""


@dataclass(frozen=True)
class AlertView:
    agent: str
    call_id: str
    alert_id: str
    source: str  # phrase, pacing, recording
    severity: str
    channel: str
    category: str
    text: str
    suggestion: str
    at: float


@dataclass(frozen=True)
class CallView:
    call_id: str
    agent: str
    direction: str = ""
    party: str = ""  # masked
    started: float = 0.0
    answered: float | None = None
    ended: float | None = None
    alerts: tuple[AlertView, ...] = ()
    customer_emotion: str = ""
    agent_emotion: str = ""
    customer_was_negative: bool = False  # at any point of the call
    transferred: bool = False
    disposition: str = ""  # from the wrap-up
    promise_fen: int = 0

    @property
    def top_severity(self) -> int:
        return max((SEVERITY_RANK.get(a.severity, 0) for a in self.alerts), default=-1)

    @property
    def worst_severity(self) -> str:
        """The name of ``top_severity`` ("" without alerts)."""
        return next((name for name, rank in SEVERITY_RANK.items() if rank == self.top_severity), "")

    def facts(self) -> CallFacts:
        """What the day's numbers need of it (``kpi.py``)."""
        return CallFacts(self.call_id, self.agent, self.started, self.answered, self.ended, len(self.alerts),
                         self.top_severity, self.transferred, self.promise_fen, self.customer_was_negative)


@dataclass(frozen=True)
class LineView:
    channel: str
    segment: int
    text: str
    start: float


@dataclass
class TeamBoard:
    clock: Callable[[], float] = time.time
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _seen: OrderedDict[str, None] = field(default_factory=OrderedDict)
    _agents: dict[str, AgentView] = field(default_factory=dict)
    _calls: OrderedDict[str, CallView] = field(default_factory=OrderedDict)
    _lines: dict[str, deque[LineView]] = field(default_factory=dict)
    duplicates: int = 0

    def apply(self, msg: TeamMessage) -> BoardChange:
        with self._lock:
            if msg.id in self._seen:
                self.duplicates += 1
                return BoardChange.NONE
            self._seen[msg.id] = None
            if len(self._seen) > _SEEN_IDS:
                self._seen.popitem(last=False)
            return self._apply(msg)

    # -- readers (any thread) ---------------------------------------------------------------------------
    def agents(self) -> list[AgentView]:
        with self._lock:
            return sorted(self._agents.values(), key=lambda a: a.agent)

    def flagged_calls(self) -> list[CallView]:
        """Calls in progress that raised alerts, the most serious first, then the latest alert first."""
        with self._lock:
            live = [c for c in self._calls.values() if c.ended is None and c.alerts]
        return sorted(live, key=lambda c: (c.top_severity, max(a.at for a in c.alerts)), reverse=True)

    def ended_calls(self) -> list[CallView]:
        with self._lock:
            return [c for c in self._calls.values() if c.ended is not None]

    def call(self, call_id: str) -> CallView | None:
        with self._lock:
            return self._calls.get(call_id)

    def transcript(self, call_id: str) -> list[LineView]:
        with self._lock:
            return list(self._lines.get(call_id, ()))

    # -- under the lock ---------------------------------------------------------------------------------
    def _apply(self, msg: TeamMessage) -> BoardChange:
        b = msg.body
        if msg.kind is TopicKind.STATE:
            return self._state(msg)
        call_id = str(b.get("call_id", ""))
        if not call_id:
            return BoardChange.NONE
        call = self._calls.get(call_id) or CallView(call_id, msg.agent, started=msg.at)
        if msg.kind is TopicKind.TRANSCRIPT:
            return self._line(call_id, b)
        if msg.kind is TopicKind.CALL:
            call = _call_event(call, b, msg.at)
        elif msg.kind is TopicKind.ALERT:
            call = _with_alert(call, msg)
        elif msg.kind is TopicKind.EMOTION:
            label = str(b.get("label", ""))
            call = (replace(call, customer_emotion=label,
                            customer_was_negative=call.customer_was_negative or label == "negative")
                    if b.get("channel") == "customer" else replace(call, agent_emotion=label))
        self._keep(call)
        return BoardChange.CALLS

    def _state(self, msg: TeamMessage) -> BoardChange:
        try:
            state = AgentState(msg.body.get("state"))
        except ValueError:
            return BoardChange.NONE
        old = self._agents.get(msg.agent)
        since = float(msg.body.get("since", msg.at))
        if old is not None and old.since > since:  # an older state delivered late
            return BoardChange.NONE
        call_id = str(msg.body.get("call_id", ""))
        self._agents[msg.agent] = AgentView(msg.agent, state, since, call_id)
        if call_id and call_id not in self._calls and msg.body.get("party"):  # the lead came in mid-call
            answered = since if state is AgentState.IN_CALL else None
            self._keep(CallView(call_id, msg.agent, str(msg.body.get("direction", "")), str(msg.body["party"]),
                                started=since, answered=answered))
            return BoardChange.AGENTS | BoardChange.CALLS
        return BoardChange.AGENTS

    def _line(self, call_id: str, b: dict[str, object]) -> BoardChange:
        lines = self._lines.setdefault(call_id, deque(maxlen=_LINES_PER_CALL))
        start = b.get("start", 0.0)
        segment = b.get("segment", 0)
        lines.append(LineView(str(b.get("channel", "")), segment if isinstance(segment, int) else 0,
                              str(b.get("text", "")), float(start) if isinstance(start, (int, float)) else 0.0))
        return BoardChange.TRANSCRIPT

    def _keep(self, call: CallView) -> None:
        self._calls[call.call_id] = call
        self._calls.move_to_end(call.call_id)
        ended = [c for c in self._calls.values() if c.ended is not None]
        for old in ended[:max(0, len(ended) - _ENDED_CALLS_KEPT)]:
            del self._calls[old.call_id]
            self._lines.pop(old.call_id, None)


def _call_event(call: CallView, b: dict[str, object], at: float) -> CallView:
    event = b.get("event")
    if event == "started":
        return replace(call, direction=str(b.get("direction", "")), party=str(b.get("party", "")), started=at)
    if event == "answered":
        return replace(call, answered=at)
    if event == "ended":
        return replace(call, ended=at)
    if event == "transferred":
        return replace(call, transferred=True)
    if event == "wrapped_up":
        promise = b.get("promise_fen", 0)
        return replace(call, disposition=str(b.get("disposition", "")),
                       promise_fen=promise if isinstance(promise, int) else 0)
    return call


def _with_alert(call: CallView, msg: TeamMessage) -> CallView:
    b = msg.body
    alert = AlertView(msg.agent, call.call_id, str(b.get("alert_id", msg.id)), str(b.get("source", "")),
                      str(b.get("severity", "")), str(b.get("channel", "")), str(b.get("category", "")),
                      str(b.get("text", "")), str(b.get("suggestion", "")), msg.at)
    if any(a.alert_id == alert.alert_id for a in call.alerts):
        return call
    return replace(call, alerts=call.alerts + (alert,))
