"""The headless command table: JSON command -> session command -> JSON result."""

from __future__ import annotations

import dataclasses
from datetime import date
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from enum import Enum
from typing import Any

from ..audio.devices import list_devices
from ..plans.terms import parse_rate, parse_yuan
from ..session import Disposition, PlanMethod, PlanRequest, Session, WrapUp
from ..errors import SoftphoneError
from ..i18n import N_
from ..states import CallId, DeviceRole
from .command_args import CommandError, text_field
from .guard_commands import GUARD_COMMANDS

__all__ = ["CommandError", "dispatch", "COMMANDS", "CASE_COMMANDS", "PLAN_COMMANDS"]

TIMEOUT_S = 10.0


_str = text_field  # the tables below read their fields with it (command_args.text_field)


def _call(msg: dict[str, Any]) -> CallId:
    return CallId(_str(msg, "call_id"))


def _headers(msg: dict[str, Any]) -> dict[str, str]:
    headers = msg.get("headers") or {}
    if not isinstance(headers, dict) or not all(isinstance(k, str) for k in headers):
        raise CommandError("dial: \"headers\" must be an object of name: value")
    return {k: str(v) for k, v in headers.items()}


def _done(value: Any) -> Future[Any]:
    """A command answered at once, as a future like the others."""
    done: Future[Any] = Future()
    done.set_result(value)
    return done


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


COMMANDS: dict[str, Callable[[Session, dict[str, Any]], Any]] = {
    "register": lambda e, m: e.register(),
    "unregister": lambda e, m: e.unregister(),
    "dial": lambda e, m: e.dial(_str(m, "target"), _headers(m)),
    "answer": lambda e, m: e.answer(_call(m)),
    "reject": lambda e, m: e.reject(_call(m), int(m.get("code", 486))),
    "hangup": lambda e, m: e.hangup(_call(m)),
    "hold": lambda e, m: e.hold(_call(m)),
    "unhold": lambda e, m: e.unhold(_call(m)),
    "mute": lambda e, m: e.mute(_call(m), bool(m.get("muted", True))),
    "dtmf": lambda e, m: e.dtmf(_call(m), _str(m, "digits")),
    "transfer": lambda e, m: e.transfer(_call(m), _str(m, "target")),
    "attended_transfer": lambda e, m: e.attended_transfer(_call(m), CallId(_str(m, "other_call_id"))),
    "calls": lambda e, m: e.calls(),
    "state": lambda e, m: e.registration_state(),
    "pause": lambda e, m: _done(e.set_paused(bool(m.get("paused", True)))),
}


def _devices(engine: Session, msg: dict[str, Any]) -> Any:
    return list_devices()


def _select_device(engine: Session, msg: dict[str, Any]) -> Any:
    role = msg.get("role")
    if role not in {r.value for r in DeviceRole}:
        raise CommandError("select_device: \"role\" is input, output or ringer")
    engine.select_device(DeviceRole(role), str(msg.get("name", "")))
    return None


def _case_lookup(session: Session, msg: dict[str, Any]) -> Any:
    call_id = msg.get("call_id")
    return session.lookup_case(_str(msg, "text"), CallId(call_id) if isinstance(call_id, str) and call_id else None)


def _wrapup(msg: dict[str, Any]) -> WrapUp:
    try:
        disposition = Disposition(_str(msg, "disposition"))
    except ValueError as exc:
        raise CommandError(f"wrapup.submit: \"disposition\" is one of {', '.join(d.value for d in Disposition)}") from exc
    due = msg.get("promise_due")
    amount = msg.get("promise_amount")
    try:
        promise_due = date.fromisoformat(due) if isinstance(due, str) and due else None
        amount_fen = round(float(amount) * 100) if amount not in (None, "") else None
    except (TypeError, ValueError) as exc:
        raise CommandError("wrapup.submit: \"promise_due\" is YYYY-MM-DD and \"promise_amount\" a number of yuan") from exc
    callback = msg.get("callback_at")
    return WrapUp(_str(msg, "call_id"), str(msg.get("case_id") or ""), disposition, promise_due, amount_fen,
                  float(callback) if isinstance(callback, (int, float)) else None, str(msg.get("note") or ""))


CASE_COMMANDS: dict[str, Callable[[Session, dict[str, Any]], Any]] = {
    "case.lookup": _case_lookup,
    "case.choose": lambda e, m: e.choose_case(_call(m), _str(m, "case_id")),
    "wrapup.submit": lambda e, m: e.submit_wrapup(_wrapup(m)),
}


def _plan_request(msg: dict[str, Any]) -> PlanRequest:
    try:
        method = PlanMethod(_str(msg, "method"))
    except ValueError as exc:
        raise CommandError(f"plan.quote: \"method\" is one of {', '.join(m.value for m in PlanMethod)}") from exc
    months, defer = msg.get("months"), msg.get("defer_months", 0)
    if not isinstance(months, int) or not isinstance(defer, int):
        raise CommandError("plan.quote: \"months\" and \"defer_months\" are whole numbers")
    try:
        rate = parse_rate(str(msg["annual_rate"])) if msg.get("annual_rate") not in (None, "") else None
        principal = parse_yuan(str(msg["principal"])) if msg.get("principal") not in (None, "") else None
        first_due = date.fromisoformat(msg["first_due"]) if msg.get("first_due") else None
    except (ValueError, TypeError) as exc:
        raise CommandError("plan.quote: \"first_due\" is YYYY-MM-DD") from exc
    return PlanRequest(method, months, rate, defer, first_due, principal, str(msg.get("contract_no") or ""))


def _review(session: Session, msg: dict[str, Any]) -> Any:
    approve = msg.get("approve")
    if not isinstance(approve, bool):
        raise CommandError("plan.review: \"approve\" is true or false")
    return session.decide_plan_review(_str(msg, "review_id"), approve, _str(msg, "reviewer"), str(msg.get("note") or ""))


PLAN_COMMANDS: dict[str, Callable[[Session, dict[str, Any]], Any]] = {
    "plan.quote": lambda e, m: e.quote_plan(_call(m), _plan_request(m)),
    "plan.send_code": lambda e, m: e.send_plan_code(_call(m)),
    "plan.confirm": lambda e, m: e.confirm_plan(_call(m), _str(m, "code")),
    "plan.review": _review,
}


def dispatch(engine: Session, msg: dict[str, Any]) -> Any:
    """Run one command and return its JSON-ready result (raises on failure)."""
    cmd = msg["cmd"]
    if cmd == "devices":
        return _plain(_devices(engine, msg))
    if cmd == "select_device":
        return _select_device(engine, msg)
    fn = COMMANDS.get(cmd) or CASE_COMMANDS.get(cmd) or PLAN_COMMANDS.get(cmd) or GUARD_COMMANDS.get(cmd)
    if fn is None:
        known = sorted([*COMMANDS, *CASE_COMMANDS, *PLAN_COMMANDS, *GUARD_COMMANDS, "devices", "select_device",
                        "quit"])
        raise CommandError(f"unknown command {cmd!r}; known: {', '.join(known)}")
    try:
        result = fn(engine, msg).result(TIMEOUT_S)
    except FutureTimeout as exc:
        raise SoftphoneError(f"{cmd} timed out", user_message=N_("The phone engine did not answer in time.")) from exc
    if cmd == "dial":
        return {"call_id": result}
    if cmd == "wrapup.submit":
        return {"score": result}
    if cmd in ("plan.send_code", "plan.confirm"):
        return {"state": result.value}
    if cmd == "plan.review":
        return {"decided": result}
    if cmd == "guard.record":
        return {"attempt_id": result}
    if cmd == "guard.quiet":
        return {"quiet_id": result}
    return _plain(result)
