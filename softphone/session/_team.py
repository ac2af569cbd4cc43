"""The session's team parts: publish this agent's state and masked events to the team lead's broker.

On when ``[team] enabled``; the broker's password is the keyring entry
``team-broker-password`` (or the environment variable ``[team] password_env``
names, for services). Without a password, or with a bad ``[team]`` section, the
agent is told once and calls go on: the lead's view is the only thing missing.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from ..bus import EventBus
from ..errors import SecretStoreError
from ..events import ErrorRaised, Event
from ..i18n import N_
from ..secrets import SecretStore
from ..settings import Settings
from ..storage.db import database_path
from ..team.agent_state import AgentStatus
from ..team.link import parse_broker
from ..team.outbox import Outbox
from ..team.publisher import PublisherIdentity, TeamPublisher
from ..team.topics import check_name

__all__ = ["TeamParts", "TEAM_PASSWORD_ENTRY"]

log = logging.getLogger(__name__)
TEAM_PASSWORD_ENTRY = "team-broker-password"


class TeamParts:
    """One publisher for as long as the engine runs; ``feed`` is the session's masked feed."""

    def __init__(self, settings: Settings, secrets: SecretStore, bus: EventBus,
                 subscribe_masked: Callable[[Callable[[Event], None]], Callable[[], None]]) -> None:
        self._publisher: TeamPublisher | None = None
        self._unsubscribe: Callable[[], None] | None = None
        team = settings.team
        if not team.enabled:
            return
        try:
            publisher = self._make(settings, secrets, bus)
        except (ValueError, SecretStoreError) as exc:
            log.error("the team lead's view is off: %s", exc)
            bus.post(ErrorRaised("team", str(exc), N_(
                "Your team lead cannot follow your calls: {0}. Calls go on.", str(exc))))
            return
        self._publisher = publisher
        self._unsubscribe = subscribe_masked(publisher.on_event)
        publisher.start()
        if not (settings.account.register and settings.account.server):
            publisher.set_online(True)  # direct calls, no registrar: online once the engine is up

    @staticmethod
    def _make(settings: Settings, secrets: SecretStore, bus: EventBus) -> TeamPublisher:
        team = settings.team
        agent = check_name(team.agent or settings.account.user, "agent")
        address = parse_broker(team.broker, team.ca_file, team.tls)
        password = os.environ.get(team.password_env, "") if team.password_env else ""
        password = password or secrets.get_secret(TEAM_PASSWORD_ENTRY) or ""
        if not password:
            raise ValueError(f"no password for the team server (keyring entry {TEAM_PASSWORD_ENTRY})")
        who = PublisherIdentity(check_name(team.team, "team"), agent, f"agent-{agent}", password)
        outbox = Outbox(database_path(settings.storage).parent / "team-outbox.db")
        return TeamPublisher(address, who, outbox, bus.post)

    @property
    def status(self) -> AgentStatus | None:
        return self._publisher.status if self._publisher is not None else None

    def set_paused(self, paused: bool) -> bool:
        """False when no lead follows this agent (``[team]`` off)."""
        if self._publisher is None:
            return False
        self._publisher.set_paused(paused)
        return True

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._publisher is not None:
            self._publisher.close()
            self._publisher = None
