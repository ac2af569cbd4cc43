"""``agent-softphone guard check|record|quiet|dnc``: the dialing guard from the command line.

::

    agent-softphone guard check --case ID --number N [--at ISO] [--json] [--config FILE]
    agent-softphone guard record --case ID --number N --outcome OUTCOME --started ISO
        [--answered ISO] [--ended ISO] [--source bot] [--agent NAME] [--config FILE]
    agent-softphone guard quiet --case ID --until ISO [--agent NAME] [--config FILE]
    agent-softphone guard dnc (--add | --remove) --number N [--reason TEXT] [--agent NAME] [--config FILE]

``check`` prints ``{"allowed": bool, "rule": ..., "next_allowed": ...}`` (the
next allowed time in the debtor's zone) and holds nothing: exit 0 allowed, 1
refused, 2 for wrong arguments (an unknown case). ``record`` puts an attempt
made elsewhere (the AI bot's) into the shared ledger. Times are ISO 8601; one
without an offset is China time. The case comes from the local case book; the
ledger is the one the settings name (``[guard] ledger_url``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from ..bus import EventBus
from ..compliance.guard import BUILT_IN, GuardDesk, GuardPolicy, load_policy
from ..crm.model import Case
from ..errors import GuardPolicyError, SoftphoneError
from ..secrets import SecretStore
from ..compliance.guard.connect import open_ledger
from ..settings import Settings
from ..storage.db import database_path
from ..storage.vault import history_cipher
from .config_arg import cli_settings
from .guard_commands import parse_outcome, parse_when

__all__ = ["add_guard_parser", "run_guard"]


def add_guard_parser(sub: Any) -> None:
    p = sub.add_parser("guard", help="the dialing guard: calling hours, caps, do-not-contact (docs/compliance.md)")
    gsub = p.add_subparsers(dest="guard_command", required=True)
    c = gsub.add_parser("check", help="would dialling this number of this case be allowed (now, or --at)?")
    _case_number(c)
    c.add_argument("--at", help="when: ISO 8601 (2026-12-04T21:59:00+08:00); default now")
    c.add_argument("--json", action="store_true", help="print one JSON object")
    r = gsub.add_parser("record", help="record an attempt made elsewhere (the AI voice bot's)")
    _case_number(r)
    r.add_argument("--outcome", required=True, help="effective, answered_short, unanswered, busy or rejected")
    r.add_argument("--started", required=True, help="when the attempt started (ISO 8601)")
    r.add_argument("--answered", help="when it was answered (ISO 8601)")
    r.add_argument("--ended", help="when it ended (ISO 8601)")
    r.add_argument("--source", default="bot", help="who dialled (bot, import ...)")
    r.add_argument("--agent", default="bot", help="the dialler's name")
    q = gsub.add_parser("quiet", help="the customer asked not to be called until a time")
    q.add_argument("--case", required=True)
    q.add_argument("--until", required=True, help="ISO 8601")
    q.add_argument("--agent", default="cli")
    d = gsub.add_parser("dnc", help="put a number on (or off) the ledger's do-not-contact list")
    which = d.add_mutually_exclusive_group(required=True)
    which.add_argument("--add", action="store_true")
    which.add_argument("--remove", action="store_true")
    d.add_argument("--number", required=True)
    d.add_argument("--reason", default="")
    d.add_argument("--agent", default="cli")
    for parser in (c, r, q, d):
        parser.add_argument("--config", help="settings file (TOML); default: the user's settings")


def _case_number(p: argparse.ArgumentParser) -> None:
    p.add_argument("--case", required=True, help="the case id")
    p.add_argument("--number", required=True, help="the number to dial (full)")


def _fail(text: str, code: int = 2) -> int:
    print(f"agent-softphone guard: {text}", file=sys.stderr)
    return code


def run_guard(args: argparse.Namespace) -> int:
    try:
        settings = cli_settings(args.config)
        policy = _policy()
        desk = GuardDesk(EventBus(threaded=False), lambda: open_ledger(settings, SecretStore()), policy, agent="cli")
    except SoftphoneError as exc:
        return _fail(str(exc.user_message))
    try:
        return _run(args, settings, desk)
    except SoftphoneError as exc:
        return _fail(str(exc.user_message), 1)
    except ValueError as exc:
        return _fail(str(exc))
    finally:
        desk.close()


def _policy() -> GuardPolicy:
    try:
        return load_policy()
    except GuardPolicyError as exc:
        print(f"agent-softphone guard: {exc.user_message}", file=sys.stderr)
        return BUILT_IN


def _run(args: argparse.Namespace, settings: Settings, desk: GuardDesk) -> int:
    if args.guard_command == "dnc":
        desk.set_dnc(args.number, bool(args.add), set_by=args.agent, reason=args.reason).result()
        print("on the do-not-contact list" if args.add else "off the do-not-contact list")
        return 0
    case = _case(settings, args.case)
    if case is None:
        return _fail(f"there is no case {args.case} in the case book")
    if args.guard_command == "check":
        at = parse_when(args.at) if args.at else time.time()
        decision = desk.check(case, args.number, at).result()
        body = decision.to_json()
        print(json.dumps(body, ensure_ascii=False) if args.json else _text(body))
        return 0 if decision.allowed else 1
    if args.guard_command == "record":
        attempt = desk.record(case, args.number, parse_outcome(args.outcome), parse_when(args.started),
                              answered_at=parse_when(args.answered) if args.answered else None,
                              ended_at=parse_when(args.ended) if args.ended else None,
                              source=args.source, agent=args.agent).result()
        print(json.dumps({"attempt_id": attempt}))
        return 0
    desk.quiet(case.case_id, parse_when(args.until), set_by=args.agent).result()
    print("quiet period recorded")
    return 0


def _case(settings: Settings, case_id: str) -> Case | None:
    from ..crm.store import CaseStore

    cipher, problem = history_cipher(SecretStore())
    if cipher is None:
        raise problem or SoftphoneError("no data key")
    store = CaseStore.open(database_path(settings.storage), cipher)
    try:
        return store.get(case_id)
    finally:
        store.close()


def _text(body: dict[str, Any]) -> str:
    if body["allowed"]:
        return f"allowed (effective conversations today: {body['effective_today']})"
    return f"refused: {body['rule']} - {body['message']}"
