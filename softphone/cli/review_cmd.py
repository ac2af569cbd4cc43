"""``agent-softphone plan reviews|decide``: the reviewers' queue of plans over the caps (see ``plan_cmd``)."""

from __future__ import annotations

import argparse
import json
import sys
import time

from ..compliance.audit import AuditLog, audit_path
from ..errors import SoftphoneError
from ..i18n import N_
from ..plans.reviews import decide_review
from ..plans.store import PlanStore, ReviewRecord, ReviewState
from ..secrets import SecretStore
from ..storage.db import database_path
from .config_arg import cli_settings

__all__ = ["run_review"]


def run_review(args: argparse.Namespace) -> int:
    try:
        settings = cli_settings(args.config)
        store = PlanStore.open(database_path(settings.storage))
    except SoftphoneError as exc:
        print(f"agent-softphone plan: {exc.user_message}", file=sys.stderr)
        return 1
    try:
        if args.plan_command == "reviews":
            return _list(store, args.all, args.json)
        return _decide(store, args, AuditLog.open(audit_path(settings.storage), SecretStore()))
    except SoftphoneError as exc:
        print(f"agent-softphone plan: {exc.user_message}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _list(store: PlanStore, everything: bool, as_json: bool) -> int:
    for r in store.reviews(None if everything else ReviewState.PENDING):
        if as_json:
            print(json.dumps(_json(r), ensure_ascii=False))
        else:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.queued_at))
            print(f"{r.review_id}  {when}  case {r.case_id}  {r.state}  {r.terms.get('method')} "
                  f"{r.terms.get('months')} months at {r.terms.get('annual_rate')}")
            for reason in r.reasons:
                print(f"    {reason}")
    return 0


def _json(r: ReviewRecord) -> dict[str, object]:
    return {"review_id": r.review_id, "case_id": r.case_id, "call_id": r.call_id, "plan_hash": r.plan_hash,
            "terms": r.terms, "reasons": list(r.reasons), "queued_at": r.queued_at, "state": r.state,
            "reviewer": r.reviewer, "decided_at": r.decided_at, "note": r.note}


def _decide(store: PlanStore, args: argparse.Namespace, audit: AuditLog) -> int:
    try:
        record = decide_review(store, audit, args.review_id, bool(args.approve), args.reviewer, args.note)
        if record is None:
            print(N_("No pending review {0}.", args.review_id[:20]), file=sys.stderr)
            return 1
    finally:
        audit.close()
    print(N_("Review {0}: {1}.", record.review_id, record.state))
    return 0
