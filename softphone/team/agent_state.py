"""The agent's state as the team lead sees it: an explicit state machine driven by the session's events.

::

    OFFLINE --registered--> IDLE --a call rings or is dialled--> RINGING --answered--> IN_CALL
    IN_CALL --hung up--> WRAP_UP (a wrap-up is asked for) or IDLE; WRAP_UP --stored--> IDLE
    IDLE <--> PAUSED (the agent's own choice); any --unregistered--> OFFLINE

A call that ends unanswered goes back to what the agent was doing before it
rang. While calls overlap (a second one rings during a call) the busiest wins:
IN_CALL over RINGING.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..events import CallStateChanged, Event, RegistrationChanged, WrapUpRequired, WrapUpStored
from ..states import AgentState, CallId, CallState, RegState

__all__ = ["AgentState", "AgentStatus", "AgentStateMachine"]


@dataclass(frozen=True)
class AgentStatus:
    state: AgentState
    since: float  # Unix time of the last change
    call_id: str = ""  # the call that makes it RINGING / IN_CALL / WRAP_UP


_RINGING = frozenset({CallState.CALLING, CallState.INCOMING, CallState.EARLY, CallState.CONNECTING})


@dataclass
class AgentStateMachine:
    """Follows events (any thread, one at a time) and calls ``changed(old, new)`` on each change."""

    changed: Callable[[AgentStatus, AgentStatus], None]
    clock: Callable[[], float] = time.time
    status: AgentStatus = field(default_factory=lambda: AgentStatus(AgentState.OFFLINE, time.time()))
    _calls: dict[CallId, CallState] = field(default_factory=dict)
    _wrapups: list[CallId] = field(default_factory=list)
    _registered: bool = False
    _paused: bool = False

    def on_event(self, event: Event) -> None:
        if isinstance(event, RegistrationChanged):
            self._registered = event.new is RegState.REGISTERED
        elif isinstance(event, CallStateChanged):
            self._call(event)
        elif isinstance(event, WrapUpRequired) and event.required:
            self._wrapups.append(event.call_id)
        elif isinstance(event, WrapUpStored) and event.call_id in self._wrapups:
            self._wrapups.remove(event.call_id)
        else:
            return
        self._settle()

    def set_online(self, online: bool) -> None:
        """Online without a registrar (direct calls, the demo): the session says so once the engine is up."""
        self._registered = online
        self._settle()

    def set_paused(self, paused: bool) -> None:
        """The agent's own Pause / Ready; a pause asked for in a call takes effect when the call and its
        wrap-up are done."""
        self._paused = paused
        self._settle()

    def _call(self, event: CallStateChanged) -> None:
        if event.new is CallState.DISCONNECTED:
            self._calls.pop(event.call_id, None)
        else:
            self._calls[event.call_id] = event.new

    def _settle(self) -> None:
        state, call_id = self._wanted()
        if state is self.status.state and call_id == self.status.call_id:
            return
        old, self.status = self.status, AgentStatus(state, self.clock(), call_id)
        self.changed(old, self.status)

    def _wanted(self) -> tuple[AgentState, str]:
        talking = [c for c, s in self._calls.items() if s is CallState.CONFIRMED]
        ringing = [c for c, s in self._calls.items() if s in _RINGING]
        if talking:
            return AgentState.IN_CALL, talking[-1]
        if ringing:
            return AgentState.RINGING, ringing[-1]
        if self._wrapups:
            return AgentState.WRAP_UP, self._wrapups[-1]
        if not self._registered:
            return AgentState.OFFLINE, ""
        return (AgentState.PAUSED if self._paused else AgentState.IDLE), ""
