"""The agent's side: the session's masked events become messages for the team lead, sent over MQTT.

Its own thread (``team-publisher``) owns the outbox and every publish: the
session's events, paho's "connected", "dropped" and "acknowledged" all arrive
on one queue, so nothing waits on a lock that paho's thread holds. A message
goes to the outbox first and is deleted when the broker acknowledges it (QoS
1); after a reconnect everything not acknowledged is sent again, oldest first.

The agent's state (``agent_state``) is a retained message: a lead who opens the
wallboard sees it at once. If the softphone dies, the broker publishes its will:
``offline``. A clean stop publishes ``offline`` itself.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import StorageError
from ..events import AgentStateChanged, CallStateChanged, ErrorRaised, Event, TeamLinkChanged
from ..states import CallState
from .agent_state import AgentState, AgentStateMachine, AgentStatus
from .link import BrokerAddress, LinkProblem, make_client, problem_message
from .messages import TeamMessage, from_event, from_status
from .outbox import Outbox
from .topics import TopicKind, agent_topic

__all__ = ["TeamPublisher", "PublisherIdentity"]

log = logging.getLogger(__name__)
_STOP = object()
STOP_WAIT_S = 2.0  # at a clean stop: how long the "offline" state may take to be acknowledged


@dataclass(frozen=True)
class PublisherIdentity:
    team: str
    agent: str
    username: str
    password: str


@dataclass(frozen=True)
class _Up:
    pass


@dataclass(frozen=True)
class _Down:
    problem: LinkProblem


@dataclass(frozen=True)
class _Acked:
    mid: int


@dataclass(frozen=True)
class _Pause:
    paused: bool


@dataclass(frozen=True)
class _Online:
    online: bool


class TeamPublisher:
    def __init__(self, address: BrokerAddress, who: PublisherIdentity, outbox: Outbox,
                 post: Callable[[Event], None]) -> None:
        self.address, self.who, self._outbox, self._post = address, who, outbox, post
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._machine = AgentStateMachine(self._state_changed)
        self._connected = False
        self._problem = LinkProblem.NONE
        self._inflight: dict[int, int] = {}  # paho's message id -> outbox row
        self._sent_up_to = 0  # the last outbox row handed to paho on this connection
        self._parties: dict[str, tuple[str, str]] = {}  # call id -> (direction, masked party), while it lasts
        self._client = make_client(address, f"agent-{who.agent}", who.username, who.password,
                                   lambda: self._queue.put(_Up()), lambda p: self._queue.put(_Down(p)),
                                   on_published=lambda mid: self._queue.put(_Acked(mid)))
        offline = from_status(who.agent, AgentStatus(AgentState.OFFLINE, time.time()))
        self._client.will_set(self._topic(TopicKind.STATE), offline.encode(), qos=1, retain=True)
        self._thread = threading.Thread(target=self._run, name="team-publisher", daemon=True)

    # -- any thread ---------------------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()
        self._client.connect_async(self.address.host, self.address.port, keepalive=15)
        self._client.loop_start()

    def on_event(self, event: Event) -> None:
        """A masked event from the session (its feed's thread): queued."""
        self._queue.put(event)

    def set_paused(self, paused: bool) -> None:
        self._queue.put(_Pause(paused))

    def set_online(self, online: bool) -> None:
        self._queue.put(_Online(online))

    @property
    def status(self) -> AgentStatus:
        return self._machine.status

    @property
    def connected(self) -> bool:
        return self._connected

    def close(self) -> None:
        """Publish ``offline``, wait a moment for it to be acknowledged, disconnect."""
        self._queue.put(_STOP)
        self._thread.join(STOP_WAIT_S + 3.0)
        self._client.disconnect()
        self._client.loop_stop()
        self._outbox.close()

    # -- the publisher thread -----------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                self._stop()
                return
            try:
                self._handle(item)
            except Exception:  # noqa: BLE001 - one bad item must not end the lead's view
                log.exception("team publisher")

    def _handle(self, item: object) -> None:
        if isinstance(item, _Acked):
            row = self._inflight.pop(item.mid, None)
            if row is not None:
                self._outbox.done(row)
        elif isinstance(item, _Up):
            self._link(True, LinkProblem.NONE)
        elif isinstance(item, _Down):
            self._link(False, item.problem)
        elif isinstance(item, _Pause):
            self._machine.set_paused(item.paused)
        elif isinstance(item, _Online):
            self._machine.set_online(item.online)
        else:
            self._event(item)  # type: ignore[arg-type]

    def _event(self, event: Event) -> None:
        msg = from_event(self.who.agent, event)
        if msg is not None and msg.kind is TopicKind.CALL and msg.body.get("event") == "started":
            self._parties[str(msg.body["call_id"])] = (str(msg.body["direction"]), str(msg.body["party"]))
        self._machine.on_event(event)
        if msg is not None:
            self._put(msg)
        if isinstance(event, CallStateChanged) and event.new is CallState.DISCONNECTED:
            self._parties.pop(event.call_id, None)

    def _state_changed(self, old: AgentStatus, new: AgentStatus) -> None:
        self._post(AgentStateChanged(old.state, new.state, new.call_id))
        self._put(from_status(self.who.agent, new, *self._parties.get(new.call_id, ("", ""))), retain=True)

    def _put(self, msg: TeamMessage, retain: bool = False) -> None:
        try:
            self._outbox.put(self._topic(msg.kind), msg.encode(), retain)
        except StorageError as exc:
            log.error("team message not kept: %s", exc)
            self._post(ErrorRaised("team", str(exc), exc.user_message))
            return
        if self._connected:
            self._send_pending()

    def _send_pending(self) -> None:
        for p in self._outbox.pending(after=self._sent_up_to):
            info = self._client.publish(p.topic, p.payload, qos=1, retain=p.retain)
            if info.rc != 0:  # the link just dropped: sent again after the reconnect
                return
            self._inflight[info.mid] = p.row
            self._sent_up_to = p.row

    def _link(self, up: bool, problem: LinkProblem) -> None:
        was = (self._connected, self._problem)
        self._connected, self._problem = up, problem
        if up:
            self._inflight.clear()
            self._sent_up_to = 0
            self._send_pending()
        if was != (up, problem):
            where = f"{self.address.host}:{self.address.port}"
            self._post(TeamLinkChanged(up, problem.value, problem_message(problem, where), self._outbox.count()))

    def _stop(self) -> None:
        self._put(from_status(self.who.agent, AgentStatus(AgentState.OFFLINE, time.time())), retain=True)
        deadline = time.monotonic() + STOP_WAIT_S
        while self._connected and self._inflight and time.monotonic() < deadline:
            try:
                item = self._queue.get(timeout=0.05)
            except queue.Empty:
                continue
            if isinstance(item, (_Acked, _Down)):
                self._handle(item)

    def _topic(self, kind: TopicKind) -> str:
        return agent_topic(self.who.team, self.who.agent, kind)
