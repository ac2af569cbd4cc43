"""``agent-softphone audit verify|export``: the audit log, for compliance staff.

* ``audit verify [--json]``: recomputes the HMAC chain (``compliance.audit``);
  exit 0 when every entry verifies, 1 naming the first broken entry (changed,
  removed or reordered), or when the log cannot be opened.
* ``audit export --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]
  [--format jsonl|csv] [--actor NAME]``: the entries of those days (local
  time, both days included), to standard output or ``FILE``. The export is
  itself an audit entry (``audit.exported``) by ``--actor`` (default: the
  operating-system user).

``--config FILE`` names the settings file whose data folder holds the log.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import json
import sys
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..compliance.audit import AuditAction, AuditEntry, AuditLog, audit_path
from ..errors import SoftphoneError
from ..i18n import N_
from ..secrets import SecretStore
from .config_arg import cli_settings

__all__ = ["add_audit_parser", "run_audit", "entries_between"]


def add_audit_parser(sub: Any) -> None:
    """Add the ``audit`` sub-command to ``main``'s sub-parsers."""
    a = sub.add_parser("audit", help="the audit log of sensitive actions: verify, export (docs/audit.md)")
    asub = a.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", help="check that no entry was changed, removed or reordered")
    v.add_argument("--json", action="store_true", help="print the verdict as one JSON object")
    v.add_argument("--config", help="settings file (TOML); default: the user's settings")
    e = asub.add_parser("export", help="the entries of a period, for compliance staff")
    e.add_argument("--from", dest="date_from", required=True, type=_day, help="first day, YYYY-MM-DD")
    e.add_argument("--to", dest="date_to", required=True, type=_day, help="last day, YYYY-MM-DD (included)")
    e.add_argument("--out", help="write to this file instead of standard output")
    e.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    e.add_argument("--actor", help="who exports (recorded in the log); default: the OS user")
    e.add_argument("--config", help="settings file (TOML); default: the user's settings")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text[:20]}") from None


def run_audit(args: argparse.Namespace) -> int:
    """Run ``audit verify`` or ``audit export``; the exit code."""
    try:
        log = AuditLog.open(audit_path(cli_settings(args.config).storage), SecretStore())
    except SoftphoneError as exc:
        print(f"agent-softphone audit: {exc.user_message}", file=sys.stderr)
        return 1
    try:
        return _verify(log, args.json) if args.audit_command == "verify" else _export(log, args)
    except SoftphoneError as exc:
        print(f"agent-softphone audit: {exc.user_message}", file=sys.stderr)
        return 1
    finally:
        log.close()


def _verify(log: AuditLog, as_json: bool) -> int:
    verdict = log.verify()
    if as_json:
        print(json.dumps({"ok": verdict.ok, "checked": verdict.checked, "first_broken": verdict.first_broken,
                          "problem": str(verdict.problem) if verdict.problem else None}, ensure_ascii=False))
    elif verdict.ok:
        print(N_("The audit log verifies: {0} entries, none changed, removed or reordered.", verdict.checked))
    else:
        print(N_("The audit log does not verify: {0}", verdict.problem or ""), file=sys.stderr)
    return 0 if verdict.ok else 1


def entries_between(entries: Iterable[AuditEntry], first: date, last: date) -> list[AuditEntry]:
    """The entries whose local day is between ``first`` and ``last``, both included."""
    return [e for e in entries if first <= _local_day(e.at) <= last]


def _local_day(at: str) -> date:
    return datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone().date()


def _export(log: AuditLog, args: argparse.Namespace) -> int:
    if args.date_to < args.date_from:
        print(N_("The last day is before the first day."), file=sys.stderr)
        return 2
    chosen = entries_between(log.entries(), args.date_from, args.date_to)
    text = _as_csv(chosen) if args.format == "csv" else "".join(
        json.dumps(e.as_json(), ensure_ascii=False) + "\n" for e in chosen)
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(N_("The export could not be written: {0}", exc.strerror or type(exc).__name__), file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    log.append(AuditAction.AUDIT_EXPORTED, actor=args.actor or getpass.getuser(), details={
        "from": args.date_from.isoformat(), "to": args.date_to.isoformat(), "entries": len(chosen),
        "format": args.format, "to_file": bool(args.out)})
    if args.out:
        print(N_("{0} entries written to {1}.", len(chosen), args.out), file=sys.stderr)
    return 0


def _as_csv(entries: list[AuditEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["seq", "at", "actor", "action", "call_id", "case_id", "details", "mac"])
    for e in entries:
        writer.writerow([e.seq, e.at, e.actor, e.action, e.call_id, e.case_id,
                         json.dumps(dict(e.details), ensure_ascii=False, sort_keys=True), e.mac])
    return out.getvalue()
