"""The lead's side: subscribe to the team's topics and keep the wallboard's board up to date.

paho's thread hands each message to ``board.apply`` (quick: a dict update under
a lock) and tells ``on_change`` what changed; the wallboard carries that to its
own thread. A payload that is not one of ours (too large, not JSON, for an agent
other than its topic's) is dropped and counted, never shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from .board import BoardChange, TeamBoard
from .link import BrokerAddress, LinkProblem, make_client
from .messages import decode
from .topics import parse_topic, team_filter

__all__ = ["TeamFollower"]

log = logging.getLogger(__name__)


class TeamFollower:
    def __init__(self, address: BrokerAddress, team: str, username: str, password: str, board: TeamBoard,
                 on_change: Callable[[BoardChange], None], on_link: Callable[[bool, LinkProblem], None]) -> None:
        self.address, self.team, self.board = address, team, board
        self._on_change, self._on_link = on_change, on_link
        self.dropped = 0
        self.received = 0  # every message, a duplicate too
        self._client = make_client(address, username, username, password, self._up, self._down,
                                   on_message=self._message, persistent=True)

    def start(self) -> None:
        self._client.connect_async(self.address.host, self.address.port, keepalive=15)
        self._client.loop_start()

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()

    # -- paho's thread ------------------------------------------------------------------------------
    def _up(self) -> None:
        self._client.subscribe(team_filter(self.team), qos=1)
        self._on_link(True, LinkProblem.NONE)

    def _down(self, problem: LinkProblem) -> None:
        self._on_link(False, problem)

    def _message(self, topic: str, payload: bytes) -> None:
        self.received += 1
        where = parse_topic(topic)
        if where is None or where[0] != self.team:
            self.dropped += 1
            return
        msg = decode(where[2], where[1], payload)
        if msg is None:
            self.dropped += 1
            log.warning("a message on %s that is not one of ours was dropped", topic)
            return
        change = self.board.apply(msg)
        if change:
            self._on_change(change)
