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
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..engine import Engine
from ..engine.supervision import DTMF_MODES, MODE_HEADER, TOKEN_HEADER
from ..errors import EngineStateError, StorageError
from ..i18n import N_
from ..paths import data_dir
from ..settings import Settings
from ..states import CallId, SupervisionMode
from ..team.board import AgentView, BoardChange, CallView, LineView, TeamBoard
from ..team.call_store import TeamCallStore
from ..team.follower import TeamFollower
from ..team.kpi import KpiRow, by_agent, by_hour, export, kpis
from ..team.link import BrokerAddress, LinkProblem, problem_message
from ..secrets import SecretStore
from ..settings import load_settings
from ..team.supervision import load_private_key, sign_token
from ._password import find_password
from ..worker import submit

__all__ = ["LeadSession", "LeadLink", "LeadPhone", "KpiRow", "lead_phone"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LeadPhone:
    """The lead's own SIP phone, for listen / whisper / barge: its settings (``[account]``, ``[audio]``), its
    password, and the key that signs supervision tokens (the administrator's, or one it delegated)."""

    settings: Settings
    password: str | None
    signing_key: Ed25519PrivateKey


def lead_phone(sip_config: Path, signing_key: Path, secrets: SecretStore) -> LeadPhone:
    """The lead's phone from a settings file (``[account]``, ``[audio]``; its password as an agent's is found)
    and a signing key file; ConfigError, OSError or ValueError when one cannot be used."""
    settings = load_settings(sip_config)
    key = load_private_key(signing_key.read_bytes())
    return LeadPhone(settings, find_password(settings.account, secrets).password, key)


@dataclass(frozen=True)
class LeadLink:
    connected: bool
    problem: LinkProblem
    user_message: str


class LeadSession:
    def __init__(self, address: BrokerAddress, team: str, username: str, password: str,
                 folder: Path | None = None, phone: LeadPhone | None = None) -> None:
        """``folder``: where the team's calls are kept for the day's numbers (default: the data folder's
        ``lead-<team>``)."""
        self.address, self.team = address, team
        self.board = TeamBoard()
        self._folder = folder or data_dir() / f"lead-{team}"
        self._store: TeamCallStore | None = None
        self._saved: dict[str, CallView] = {}  # what was last written per call (written again when it changes)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="lead-store")
        self._phone = phone
        self._engine: Engine | None = None
        self.supervising: tuple[CallId, str, SupervisionMode] | None = None  # (the lead's call, agent, mode)
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
        if self._phone is not None:
            self._engine = Engine(self._phone.settings, password=self._phone.password)
            self._engine.start()
            if self._phone.settings.account.register and self._phone.settings.account.server:
                self._engine.register()

    @property
    def can_supervise(self) -> bool:
        """The lead's own phone is configured (``LeadPhone``): the wallboard offers listen / whisper / barge."""
        return self._phone is not None

    def supervise(self, agent: str, mode: SupervisionMode) -> Future[CallId]:
        """Join ``agent``'s current call in ``mode`` (a call with a signed token), or switch the mode of the
        supervision already under way with that agent (DTMF 4 / 5 / 6)."""
        engine, phone = self._engine, self._phone
        if engine is None or phone is None:
            failed: Future[CallId] = Future()
            failed.set_exception(EngineStateError("no phone", user_message=N_(
                "Listening in needs the lead's own phone: start the wallboard with --sip-config and --signing-key.")))
            return failed
        current = self.supervising
        if current is not None and current[1] == agent:
            digit = next(d for d, m in DTMF_MODES.items() if m is mode)
            self.supervising = (current[0], agent, mode)
            return _then(engine.dtmf(current[0], digit), current[0])
        if current is not None:
            engine.hangup(current[0])
        token = sign_token(phone.signing_key, self._login[0], agent, mode)
        dialled = engine.dial(agent, {MODE_HEADER: mode.value, TOKEN_HEADER: token})
        dialled.add_done_callback(lambda f: self._dialled(f, agent, mode))
        return dialled

    def stop_supervising(self) -> Future[None] | None:
        current, self.supervising = self.supervising, None
        if current is None or self._engine is None:
            return None
        return self._engine.hangup(current[0])

    def _dialled(self, done: Future[CallId], agent: str, mode: SupervisionMode) -> None:
        if done.exception() is None:
            self.supervising = (done.result(), agent, mode)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.stop()
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


def _then(future: Future[Any], value: CallId) -> Future[CallId]:
    """``value`` once ``future`` is done (its error if it failed)."""
    out: Future[CallId] = Future()

    def done(f: Future[Any]) -> None:
        exc = f.exception()
        if exc is not None:
            out.set_exception(exc)
        else:
            out.set_result(value)
    future.add_done_callback(done)
    return out


def _midnight() -> float:
    now = time.localtime()
    return time.mktime((now.tm_year, now.tm_mon, now.tm_mday, 0, 0, 0, 0, 0, -1))
