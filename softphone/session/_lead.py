"""The team lead's session: follow the team's broker and keep the wallboard's board; the one way in for the
wallboard (as ``Session`` is for the agent's window).

It holds no customer data of its own: the board holds what the agents'
softphones published, already masked.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import StorageError
from ..paths import data_dir
from ..team.board import AgentView, BoardChange, CallView, LineView, TeamBoard
from ..team.call_store import TeamCallStore
from ..team.follower import TeamFollower
from ..team.kpi import KpiRow, by_agent, by_hour, export, kpis
from ..team.link import BrokerAddress, LinkProblem, problem_message
from ..worker import submit

__all__ = ["LeadSession", "LeadLink", "KpiRow"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LeadLink:
    connected: bool
    problem: LinkProblem
    user_message: str


class LeadSession:
    def __init__(self, address: BrokerAddress, team: str, username: str, password: str,
                 folder: Path | None = None) -> None:
        """``folder``: where the team's calls are kept for the day's numbers (default: the data folder's
        ``lead-<team>``)."""
        self.address, self.team = address, team
        self.board = TeamBoard()
        self._folder = folder or data_dir() / f"lead-{team}"
        self._store: TeamCallStore | None = None
        self._saved: dict[str, CallView] = {}  # what was last written per call (written again when it changes)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="lead-store")
        self._lock = threading.Lock()
        self._watchers: list[Callable[[BoardChange], None]] = []
        self._link_watchers: list[Callable[[LeadLink], None]] = []
        self.link = LeadLink(False, LinkProblem.NONE, "")
        self._login = (username, password)
        self._follower: TeamFollower | None = None

    def subscribe(self, on_change: Callable[[BoardChange], None],
                  on_link: Callable[[LeadLink], None] | None = None) -> None:
        """``on_change`` (what changed on the board) and ``on_link`` are called on the follower's thread."""
        with self._lock:
            self._watchers.append(on_change)
            if on_link is not None:
                self._link_watchers.append(on_link)

    def start(self) -> None:
        """Connect and follow (paho's thread); until then the board only changes by what is handed to it."""
        username, password = self._login
        self._follower = TeamFollower(self.address, self.team, username, password, self.board, self._changed,
                                      self._linked)
        self._follower.start()

    def close(self) -> None:
        if self._follower is not None:
            self._follower.close()
        self._pool.shutdown(wait=True)
        if self._store is not None:
            self._store.close()

    # -- the day's numbers ----------------------------------------------------------------------------
    def kpis(self, since: float | None = None) -> Future[tuple[list[KpiRow], list[KpiRow]]]:
        """By agent and by hour, from the calls stored since ``since`` (default: today's midnight)."""
        start = _midnight() if since is None else since
        return submit(self._pool, lambda: self._kpis(start), "lead")

    def export_kpis(self, path: Path, since: float | None = None) -> Future[int]:
        """The rows by agent then by hour into ``path`` (.csv or .xlsx); how many rows were written."""
        start = _midnight() if since is None else since

        def run() -> int:
            agents, hours = self._kpis(start)
            export(agents + hours, path)
            return len(agents) + len(hours)
        return submit(self._pool, run, "lead")

    def _kpis(self, start: float) -> tuple[list[KpiRow], list[KpiRow]]:
        calls = self._calls_store().since(start)
        return kpis(calls, by_agent), kpis(calls, by_hour)

    def _calls_store(self) -> TeamCallStore:
        if self._store is None:
            self._store = TeamCallStore(self._folder / "team-calls.db")
        return self._store

    def _keep_ended(self) -> None:
        """The lead-store thread: every ended call that changed since it was last written."""
        ended = self.board.ended_calls()
        for call in ended:
            if self._saved.get(call.call_id) != call:
                try:
                    self._calls_store().save(call.facts())
                except StorageError as exc:
                    log.error("team call not kept: %s", exc)
                    return
                self._saved[call.call_id] = call
        kept = {c.call_id for c in ended}
        self._saved = {k: v for k, v in self._saved.items() if k in kept}

    def agents(self) -> list[AgentView]:
        return self.board.agents()

    def flagged_calls(self) -> list[CallView]:
        return self.board.flagged_calls()

    def call(self, call_id: str) -> CallView | None:
        return self.board.call(call_id)

    def transcript(self, call_id: str) -> list[LineView]:
        return self.board.transcript(call_id)

    def _changed(self, change: BoardChange) -> None:
        if change & BoardChange.CALLS:
            submit(self._pool, self._keep_ended, "lead")
        with self._lock:
            watchers = list(self._watchers)
        for watch in watchers:
            watch(change)

    def _linked(self, up: bool, problem: LinkProblem) -> None:
        where = f"{self.address.host}:{self.address.port}"
        self.link = LeadLink(up, problem, problem_message(problem, where))
        with self._lock:
            watchers = list(self._link_watchers)
        for watch in watchers:
            watch(self.link)


def _midnight() -> float:
    now = time.localtime()
    return time.mktime((now.tm_year, now.tm_mon, now.tm_mday, 0, 0, 0, 0, 0, -1))
