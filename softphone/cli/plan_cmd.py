"""``agent-softphone plan quote|reviews|decide``: plan schedules, and the reviewers' queue.

::

    agent-softphone plan quote --principal 10000 --annual-rate 0.18 --months 12 \\
        --method equal-installment [--defer-months N] [--first-due YYYY-MM-DD] \\
        [--contract-rate 0.18] [--json]
    agent-softphone plan reviews [--all] [--json] [--config FILE]
    agent-softphone plan decide REVIEW_ID (--approve | --reject) --reviewer NAME [--note TEXT] [--config FILE]

``reviews`` lists the plans over the caps waiting for a reviewer (``--all``:
decided ones too); ``decide`` records the reviewer's decision, which is an
audit entry (``review.decided``). An approved plan may then be sent to the
customer for the code; a rejected one never. Exit 1 when the review is not
pending (or unknown) or the audit log cannot be written.

Money is typed and printed in yuan ("10000", "10000.50"); rates as fractions
(0.18) or percent (18%). Without ``--first-due`` the first payment falls a
month from today; without ``--contract-rate`` the plan's own rate is taken as
the contract's. Exit 0 with the quote (also when it would need a reviewer:
the review reasons are printed), 2 for terms that cannot be quoted.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from ..errors import PlanError
from ..i18n import Msg, N_
from ..plans import Method, Quote, Terms, add_months, parse_rate, parse_yuan, percent, quote, quote_json

__all__ = ["add_plan_parser", "run_plan", "terms_from_args"]


def add_plan_parser(sub: Any) -> None:
    """Add the ``plan`` sub-command to ``main``'s sub-parsers."""
    p = sub.add_parser("plan", help="repayment plans: quote a schedule (docs/plans.md)")
    psub = p.add_subparsers(dest="plan_command", required=True)
    q = psub.add_parser("quote", help="the schedule, totals, APR and review reasons of proposed terms")
    q.add_argument("--principal", required=True, help="the amount to repay, in yuan (10000 or 10000.50)")
    q.add_argument("--annual-rate", required=True, help="the plan's annual rate: 0.18 or 18%%")
    q.add_argument("--months", required=True, type=int, help="the repayment term in months")
    q.add_argument("--method", required=True, choices=[m.value for m in Method])
    q.add_argument("--defer-months", type=int, default=0, help="months of interest only first (deferral)")
    q.add_argument("--first-due", help="the first payment's date, YYYY-MM-DD (default: a month from today)")
    q.add_argument("--contract-rate", help="the loan contract's annual rate (default: the plan's rate)")
    q.add_argument("--json", action="store_true", help="print one JSON object")
    r = psub.add_parser("reviews", help="plans over the rate or APR caps, waiting for a reviewer")
    r.add_argument("--all", action="store_true", help="decided reviews too")
    r.add_argument("--json", action="store_true", help="one JSON object per line")
    r.add_argument("--config", help="settings file (TOML); default: the user's settings")
    d = psub.add_parser("decide", help="a reviewer approves or rejects a plan (audited)")
    d.add_argument("review_id")
    choice = d.add_mutually_exclusive_group(required=True)
    choice.add_argument("--approve", action="store_true")
    choice.add_argument("--reject", action="store_true")
    d.add_argument("--reviewer", required=True, help="who decides (recorded in the audit log)")
    d.add_argument("--note", default="", help="why (numbers in it are masked)")
    d.add_argument("--config", help="settings file (TOML); default: the user's settings")


def run_plan(args: argparse.Namespace) -> int:
    """Run ``plan quote``, ``plan reviews`` or ``plan decide``; the exit code."""
    if args.plan_command in ("reviews", "decide"):
        from .review_cmd import run_review

        return run_review(args)
    try:
        terms = terms_from_args(args)
        contract = parse_rate(args.contract_rate) if args.contract_rate else terms.annual_rate
        result = quote(terms, contract)
    except PlanError as exc:
        problems: list[Msg] = getattr(exc, "problems", []) or [exc.user_message]
        for problem in problems:
            print(f"agent-softphone plan: {problem}", file=sys.stderr)
        return 2
    print(json.dumps(quote_json(result), ensure_ascii=False) if args.json else _as_text(result))
    return 0


def terms_from_args(args: argparse.Namespace) -> Terms:
    """The terms the command line gives (:class:`PlanError` for values that cannot be read)."""
    first = _date(args.first_due) if args.first_due else add_months(date.today(), 1)
    return Terms(Method(args.method), parse_yuan(args.principal), parse_rate(args.annual_rate), args.months,
                 first, args.defer_months).validate()


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PlanError("bad date", user_message=N_("Not a date (YYYY-MM-DD): {0}", text[:20])) from None


def _as_text(q: Quote) -> str:
    data = quote_json(q)
    lines = [f"{'period':>6}  {'date':<10}  {'principal':>12}  {'interest':>10}  {'payment':>12}  {'balance':>12}"]
    for row in data["schedule"]:  # type: ignore[attr-defined]
        lines.append(f"{row['period']:>6}  {row['date']:<10}  {row['principal']:>12}  {row['interest']:>10}  "
                     f"{row['payment']:>12}  {row['balance']:>12}")
    totals: dict[str, str] = data["totals"]  # type: ignore[assignment]
    lines.append(f"{'total':>6}  {'':<10}  {totals['principal']:>12}  {totals['interest']:>10}  "
                 f"{totals['payment']:>12}")
    lines.append(f"APR {percent(q.apr)} (contract rate {percent(q.contract_rate)})")
    lines.extend(f"needs review: {r.reason}" for r in q.review)
    return "\n".join(lines)


