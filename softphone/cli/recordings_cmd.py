"""``agent-softphone recordings list|verify|export|purge``: call recordings for compliance and QA staff.

::

    agent-softphone recordings list [--json] [--config FILE]
    agent-softphone recordings verify [CALL ...] [--json] [--config FILE]
    agent-softphone recordings export CALL --to FILE.wav [--actor NAME] [--config FILE]
    agent-softphone recordings purge [--config FILE]

``verify`` checks every chunk's authentication and place in the chain and the
signed manifest, and names what was changed, removed or reordered (exit 1 when
any recording fails, or is incomplete: the process died mid-call). ``export``
writes a two-channel WAV (agent left, customer right), only where the
administrator's policy allows it (``[recordings] export_allowed``), and each
export is an audit entry; decryption happens in memory. ``purge`` deletes the
recordings older than the policy's years (each an audit entry).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from ..compliance.audit import AuditAction, AuditLog, audit_path
from ..errors import GuardPolicyError, SoftphoneError
from ..recording import RecordingKeys, open_recording, stereo_wav, verify
from ..recording.policy import RecordingPolicy, load_recording_policy
from ..recording.store import all_recordings, find_recording, purge_expired, recordings_folder
from ..secrets import SecretStore
from .config_arg import cli_settings

__all__ = ["add_recordings_parser", "run_recordings"]


def add_recordings_parser(sub: Any) -> None:
    p = sub.add_parser("recordings", help="call recordings: list, verify, export (audited), purge (docs/recordings.md)")
    rsub = p.add_subparsers(dest="recordings_command", required=True)
    lst = rsub.add_parser("list", help="the recordings kept here")
    lst.add_argument("--json", action="store_true")
    v = rsub.add_parser("verify", help="check every chunk and the signed manifest")
    v.add_argument("calls", nargs="*", help="call ids (default: every recording)")
    v.add_argument("--json", action="store_true")
    e = rsub.add_parser("export", help="a two-channel WAV of one call (where the policy allows; audited)")
    e.add_argument("call")
    e.add_argument("--to", required=True, help="the WAV file to write")
    e.add_argument("--actor", help="who exports (recorded in the audit log); default: the OS user")
    rsub.add_parser("purge", help="delete recordings older than the policy's years (audited)")
    for parser in (lst, v, e, rsub.choices["purge"]):
        parser.add_argument("--config", help="settings file (TOML); default: the user's settings")


def _fail(text: str, code: int = 2) -> int:
    print(f"agent-softphone recordings: {text}", file=sys.stderr)
    return code


def _policy() -> RecordingPolicy:
    try:
        return load_recording_policy()
    except GuardPolicyError as exc:
        print(f"agent-softphone recordings: {exc.user_message}", file=sys.stderr)
        return RecordingPolicy()


def run_recordings(args: argparse.Namespace) -> int:
    try:
        settings = cli_settings(args.config)
        secrets = SecretStore()
        folder = recordings_folder(settings.storage)
        if args.recordings_command == "list":
            return _list(folder, args.json)
        keys = RecordingKeys.load(secrets, create=False)
        if args.recordings_command == "verify":
            return _verify(folder, keys, args.calls, args.json)
        audit = AuditLog.open(audit_path(settings.storage), secrets)
        try:
            if args.recordings_command == "export":
                return _export(folder, keys, audit, args)
            return _purge(folder, audit)
        finally:
            audit.close()
    except SoftphoneError as exc:
        return _fail(str(exc.user_message), 1)


def _list(folder: Any, as_json: bool) -> int:
    for path in all_recordings(folder):
        row = {"call_id": path.stem, "month": path.parent.name, "bytes": path.stat().st_size,
               "complete": path.with_suffix(".manifest.json").exists()}
        print(json.dumps(row) if as_json else f"{row['call_id']}  {row['month']}  {row['bytes']} bytes"
              + ("" if row["complete"] else "  (incomplete)"))
    return 0


def _verify(folder: Any, keys: RecordingKeys, calls: list[str], as_json: bool) -> int:
    paths = [find_recording(folder, c) for c in calls] if calls else list(all_recordings(folder))
    bad = 0
    for call, path in zip(calls or [p.stem for p in paths if p], paths):
        if path is None:
            print(f"agent-softphone recordings: no recording of call {call}", file=sys.stderr)
            bad += 1
            continue
        v = verify(path, keys)
        bad += 0 if v.ok else 1
        if as_json:
            print(json.dumps({"call_id": v.call_id, "ok": v.ok, "complete": v.complete, "chunks": v.chunks,
                              "duration_s": round(v.duration_s, 2), "notice": v.notice,
                              "problems": list(v.problems)}))
        else:
            state = "ok" if v.ok else ("INCOMPLETE" if not v.complete and not v.problems else "FAILED")
            print(f"{v.call_id}: {state}, {v.chunks} chunks, {v.duration_s:.1f} s"
                  + (f", notice: {v.notice}" if v.notice else "")
                  + "".join(f"\n  - {p}" for p in v.problems))
    return 1 if bad else 0


def _export(folder: Any, keys: RecordingKeys, audit: AuditLog, args: argparse.Namespace) -> int:
    policy = _policy()
    if not policy.export_allowed:
        return _fail("exporting recordings is not allowed on this computer (the administrator's policy: "
                     "[recordings] export_allowed)", 1)
    path = find_recording(folder, args.call)
    if path is None:
        return _fail(f"no recording of call {args.call}")
    opened = open_recording(path, keys)
    assert opened.verdict is not None
    actor = args.actor or getpass.getuser()
    audit.append(AuditAction.RECORDING_EXPORTED, actor=actor, call_id=args.call,
                 details={"ok": opened.verdict.ok, "complete": opened.verdict.complete,
                          "seconds": round(opened.verdict.duration_s, 1)})
    with open(args.to, "wb") as f:
        f.write(stereo_wav(opened))
    print(f"{args.to}: {opened.verdict.duration_s:.1f} s, agent left, customer right"
          + ("" if opened.verdict.ok else " (the recording does not verify: see recordings verify)"))
    return 0


def _purge(folder: Any, audit: AuditLog) -> int:
    policy = _policy()

    def deleted(call_id: str, started_at: float) -> None:
        audit.append(AuditAction.RECORDING_DELETED, actor="retention", call_id=call_id,
                     details={"kept_years": policy.keep_years})
    gone = purge_expired(folder, policy.keep_years, deleted)
    print(f"{gone} recording(s) older than {policy.keep_years} years deleted")
    return 0
