"""The dialing guard's rules, as the administrator sets them (never the agent).

The policy lives in a file the agent cannot write: ``/etc/agent-softphone/policy.toml``
on Linux, ``%PROGRAMDATA%\\agent-softphone\\policy.toml`` on Windows (its ACL set
by the installer), or the file named by ``AGENT_SOFTPHONE_POLICY``. On Linux the
file and its folder must belong to root and be writable by root alone; a file
anyone else could have written is refused. Without a file the built-in policy
applies: the limits of the rules themselves (docs/compliance.md).

An administrator may tighten the limits, never loosen them past what the rules
allow: the calling window lies within 08:00-22:00 (GB/T 45251-2025: never
22:00-08:00), at most 3 effective conversations per debtor per day and at most 6
unanswered attempts per number per day. A file that asks for more is refused
with its mistake, and the built-in policy applies (it is the strictest legal one,
so a broken file never opens the gate).

::

    [guard]
    window_start = "08:00"        # the debtor's local time
    window_end = "21:00"
    default_time_zone = "Asia/Shanghai"   # for cases without one
    effective_per_day = 3
    effective_min_talk_s = 30     # what makes a conversation "effective"
    unanswered_per_number_per_day = 6
    on_ledger_down = "refuse"     # or "allow": dial unchecked, with an audit entry
"""

from __future__ import annotations

import os
import stat
import sys
import tomllib
from dataclasses import dataclass, replace
from datetime import time
from enum import Enum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...errors import GuardPolicyError
from ...i18n import N_

__all__ = ["GuardPolicy", "LedgerDown", "POLICY_ENV", "BUILT_IN", "load_policy", "policy_path", "zone", "read_section"]

POLICY_ENV = "AGENT_SOFTPHONE_POLICY"
EARLIEST, LATEST = time(8, 0), time(22, 0)  # never 22:00-08:00
MAX_EFFECTIVE, MAX_UNANSWERED = 3, 6
DEFAULT_ZONE = "Asia/Shanghai"


class LedgerDown(str, Enum):
    """What the guard does when the contact ledger cannot be reached."""

    REFUSE = "refuse"  # fail closed: no call (the default)
    ALLOW = "allow"  # fail open: dial unchecked, each such call in the audit log


@dataclass(frozen=True)
class GuardPolicy:
    window_start: time = time(8, 0)
    window_end: time = time(21, 0)
    default_time_zone: str = DEFAULT_ZONE
    effective_per_day: int = MAX_EFFECTIVE
    effective_min_talk_s: float = 30.0
    unanswered_per_number_per_day: int = MAX_UNANSWERED
    on_ledger_down: LedgerDown = LedgerDown.REFUSE
    in_progress_stale_s: float = 4 * 3600.0  # an attempt never finished (a crash) stops blocking after this
    source: str = "built-in"  # the file it came from

    def window_text(self) -> tuple[str, str]:
        return self.window_start.strftime("%H:%M"), self.window_end.strftime("%H:%M")


BUILT_IN = GuardPolicy()


def zone(name: str) -> ZoneInfo:
    """The time zone ``name``; GuardPolicyError when there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise GuardPolicyError(f"unknown time zone {name!r}",
                               user_message=N_("There is no time zone called {0}.", name)) from exc


def policy_path() -> Path:
    override = os.environ.get(POLICY_ENV, "").strip()
    if override:
        return Path(override)
    if sys.platform == "win32":  # pragma: no cover - Windows
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "agent-softphone" / "policy.toml"
    return Path("/etc/agent-softphone/policy.toml")


def load_policy(path: Path | None = None) -> GuardPolicy:
    """The policy in ``path`` (default ``policy_path()``); the built-in one when there is no file.

    Raises GuardPolicyError for a file that is not the administrator's or has a
    mistake: the caller reports it and goes on with ``BUILT_IN``.
    """
    path = path or policy_path()
    if not path.exists():
        return BUILT_IN
    section = read_section(path, "guard")
    if not isinstance(section, dict):
        raise _mistake(path, "[guard] must be a table")
    return _parse(section, path)


def read_section(path: Path, name: str) -> Any:
    """Section ``name`` of the administrator's policy file ``path`` ({} when absent); GuardPolicyError when the
    file is not root's alone or cannot be read. Other parts (recordings) keep their rules there too."""
    _check_admin_owned(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise GuardPolicyError(f"{path}: {exc}", user_message=N_(
            "The calling-rules policy {0} cannot be read ({1}); the built-in rules apply.", str(path), str(exc))) from exc
    return data.get(name, {})


def _check_admin_owned(path: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - the installer's ACL protects it
        return
    for where in (path, path.parent):
        st = where.stat()
        if st.st_uid != 0 or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise GuardPolicyError(f"{where} is not owned and written by root alone", user_message=N_(
                "The calling-rules policy {0} could have been changed by someone other than the administrator, "
                "so it is not used; the built-in rules apply.", str(where)))


def _mistake(path: Path, detail: str) -> GuardPolicyError:
    return GuardPolicyError(f"{path}: {detail}", user_message=N_(
        "The calling-rules policy {0} has a mistake: {1}. The built-in rules apply.", str(path), detail))


def _parse(section: dict[str, Any], path: Path) -> GuardPolicy:
    known = set(GuardPolicy.__dataclass_fields__) - {"source", "in_progress_stale_s"}
    unknown = sorted(set(section) - known)
    if unknown:
        raise _mistake(path, f"unknown key {unknown[0]!r}")
    policy = replace(BUILT_IN, source=str(path))
    try:
        fields: dict[str, Any] = {}
        for key in ("window_start", "window_end"):
            if key in section:
                fields[key] = time.fromisoformat(str(section[key]))
        if "default_time_zone" in section:
            zone(str(section["default_time_zone"]))
            fields["default_time_zone"] = str(section["default_time_zone"])
        for key in ("effective_per_day", "unanswered_per_number_per_day"):
            if key in section:
                fields[key] = _int(section[key], key)
        if "effective_min_talk_s" in section:
            fields["effective_min_talk_s"] = float(section["effective_min_talk_s"])
        if "on_ledger_down" in section:
            fields["on_ledger_down"] = LedgerDown(str(section["on_ledger_down"]))
    except (ValueError, TypeError, GuardPolicyError) as exc:
        raise _mistake(path, str(exc)) from exc
    policy = replace(policy, **fields)
    _check_limits(policy, path)
    return policy


def _int(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key} must be a whole number")
    return value


def _check_limits(p: GuardPolicy, path: Path) -> None:
    if not (EARLIEST <= p.window_start < p.window_end <= LATEST):
        raise _mistake(path, "the calling window must lie within 08:00-22:00, its start before its end")
    if not 1 <= p.effective_per_day <= MAX_EFFECTIVE:
        raise _mistake(path, f"effective_per_day must be 1 to {MAX_EFFECTIVE}")
    if not 1 <= p.unanswered_per_number_per_day <= MAX_UNANSWERED:
        raise _mistake(path, f"unanswered_per_number_per_day must be 1 to {MAX_UNANSWERED}")
    if not 10 <= p.effective_min_talk_s <= 600:
        raise _mistake(path, "effective_min_talk_s must be 10 to 600 seconds")
