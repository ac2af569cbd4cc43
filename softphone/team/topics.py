"""Where each message goes: ``agent-softphone/<team>/agents/<agent>/<kind>``.

One topic per agent and kind, so the broker's ACL can let an agent write only
below its own name and a lead read only its own team (resources/team/
mosquitto.acl.example). ``state`` is retained: a lead who opens the wallboard
gets every agent's last state at once; the others are events.
"""

from __future__ import annotations

import re
from enum import Enum

__all__ = ["TopicKind", "ROOT", "agent_topic", "team_filter", "parse_topic", "check_name"]

ROOT = "agent-softphone"
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class TopicKind(str, Enum):
    STATE = "state"  # retained: the agent's state, since when, the call
    CALL = "call"  # a call started or ended (masked party, direction, duration)
    ALERT = "alert"  # a phrase alert, pacing hint or a recording that stopped
    TRANSCRIPT = "transcript"  # final transcript lines, masked
    EMOTION = "emotion"  # a side's emotion changed


def check_name(name: str, what: str) -> str:
    """A team or agent name safe in a topic (no wildcards, no slashes); ValueError otherwise."""
    if not _NAME.match(name):
        raise ValueError(f"{what} {name!r}: letters, digits, '.', '_' and '-' only (1-64)")
    return name


def agent_topic(team: str, agent: str, kind: TopicKind) -> str:
    return f"{ROOT}/{check_name(team, 'team')}/agents/{check_name(agent, 'agent')}/{kind.value}"


def team_filter(team: str) -> str:
    """Everything of one team (what its lead subscribes to)."""
    return f"{ROOT}/{check_name(team, 'team')}/agents/+/+"


def parse_topic(topic: str) -> tuple[str, str, TopicKind] | None:
    """(team, agent, kind) of an agent topic; None for anything else."""
    parts = topic.split("/")
    if len(parts) != 5 or parts[0] != ROOT or parts[2] != "agents":
        return None
    try:
        return parts[1], parts[3], TopicKind(parts[4])
    except ValueError:
        return None
