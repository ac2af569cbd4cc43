"""The dialing guard's headless commands (the AI bot's way into the shared ledger).

``guard.check``  {case_id, number, at?}                 -> the decision (holds nothing)
``guard.begin``  {case_id, number, source?, agent?}      -> the decision; allowed: ``attempt_id`` held
``guard.finish`` {attempt_id, outcome, answered_at?, ended_at?}
``guard.record`` {case_id, number, outcome, started_at, answered_at?, ended_at?, source?, agent?}
``guard.quiet``  {case_id, until}                       -> the customer asked not to be called until then
``guard.dnc``    {number, listed}                       -> the ledger's do-not-contact list

Times are ISO 8601 (``2026-12-04T21:59:00+08:00``; without an offset: the
policy's default zone, China time) or epoch seconds. Decisions hold no number.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..compliance.guard import BUILT_IN, Outcome
from ..session import Session
from .command_args import CommandError, text_field

__all__ = ["GUARD_COMMANDS", "parse_when", "parse_outcome"]


def parse_when(value: object, default_zone: str = BUILT_IN.default_time_zone) -> float:
    """ISO 8601 (an offset, or the default zone) or epoch seconds -> epoch seconds (ValueError)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a time is ISO 8601 (2026-12-04T21:59:00+08:00) or epoch seconds")
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(default_zone))
    return parsed.timestamp()


def parse_outcome(value: object) -> Outcome:
    try:
        outcome = Outcome(str(value))
    except ValueError as exc:
        raise ValueError(f"outcome is one of {', '.join(o.value for o in Outcome if o is not Outcome.PENDING)}") from exc
    if outcome is Outcome.PENDING:
        raise ValueError("an attempt is finished with what became of it, not pending")
    return outcome


def _time(msg: dict[str, Any], key: str, required: bool = False) -> float | None:
    value = msg.get(key)
    if value in (None, ""):
        if required:
            raise CommandError(f"{msg['cmd']}: \"{key}\" is required")
        return None
    try:
        return parse_when(value)
    except ValueError as exc:
        raise CommandError(f"{msg['cmd']}: \"{key}\": {exc}") from exc


def _outcome(msg: dict[str, Any]) -> Outcome:
    try:
        return parse_outcome(msg.get("outcome"))
    except ValueError as exc:
        raise CommandError(f"{msg['cmd']}: {exc}") from exc


def _attempt(msg: dict[str, Any]) -> int:
    value = msg.get("attempt_id")
    if not isinstance(value, int) or isinstance(value, bool):
        raise CommandError(f"{msg['cmd']}: \"attempt_id\" is the number guard.begin gave")
    return value


def _source(msg: dict[str, Any]) -> str:
    return str(msg.get("source") or "bot")


def _dnc(s: Session, m: dict[str, Any]) -> Any:
    listed = m.get("listed")
    if not isinstance(listed, bool):
        raise CommandError("guard.dnc: \"listed\" is true or false")
    return s.guard.set_dnc(text_field(m, "number"), listed, str(m.get("agent") or "bot"), str(m.get("reason") or ""))


GUARD_COMMANDS: dict[str, Callable[[Session, dict[str, Any]], Any]] = {
    "guard.check": lambda s, m: s.guard.check(text_field(m, "case_id"), text_field(m, "number"), _time(m, "at")),
    "guard.begin": lambda s, m: s.guard.begin_outside(text_field(m, "case_id"), text_field(m, "number"), _source(m),
                                                      str(m.get("agent") or "bot")),
    "guard.finish": lambda s, m: s.guard.finish_outside(_attempt(m), _outcome(m), _time(m, "answered_at"),
                                                        _time(m, "ended_at")),
    "guard.record": lambda s, m: s.guard.record(text_field(m, "case_id"), text_field(m, "number"), _outcome(m),
                                                _time(m, "started_at", required=True) or 0.0,
                                                _time(m, "answered_at"), _time(m, "ended_at"), _source(m),
                                                str(m.get("agent") or "bot")),
    "guard.quiet": lambda s, m: s.guard.quiet(text_field(m, "case_id"), _time(m, "until", required=True) or 0.0,
                                              str(m.get("agent") or "bot")),
    "guard.dnc": _dnc,
}
