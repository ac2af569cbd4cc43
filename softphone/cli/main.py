"""``agent-softphone``: the console entry point.

Sub-commands: ``headless`` (engine without a window, JSON over stdin/stdout),
``doctor`` (checks and plain-word verdicts), ``cases import`` (a lender's case
list into the local case book). ``--demo`` runs the built-in
demo against a simulated remote party on loopback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from typing import Any

from .. import __version__

__all__ = ["main"]


# Sub-commands whose parsers live in their own modules. Those modules import
# what their commands need (storage, keyring, the session...), about 0.6 s of
# imports in all: they are imported only when their command, or none of the
# commands defined here, was asked for (``analyze`` on a short file spent a
# sixth of its process time importing them).
_OTHER_COMMANDS: dict[str, tuple[str, str]] = {
    "model": ("model_cmd", "add_model_parser"), "cases": ("cases_cmd", "add_cases_parser"),
    "plan": ("plan_cmd", "add_plan_parser"), "audit": ("audit_cmd", "add_audit_parser"),
    "guard": ("guard_cmd", "add_guard_parser"), "recordings": ("recordings_cmd", "add_recordings_parser"),
    "supervision": ("supervision_cmd", "add_supervision_parser"),
}
_OWN_COMMANDS = ("headless", "doctor", "analyze")


def _command_word(argv: list[str]) -> str | None:
    """The sub-command named in ``argv`` (the top-level options take no values)."""
    return next((a for a in argv if not a.startswith("-")), None)


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="agent-softphone", description="Agent-assist softphone")
    p.add_argument("--version", action="version", version=f"agent-softphone {__version__}")
    p.add_argument("--demo", action="store_true", help="start against the built-in simulated caller (no PBX)")
    p.add_argument("-v", "--verbose", action="store_true", help="more log output on stderr")
    sub = p.add_subparsers(dest="command")
    h = sub.add_parser("headless", help="run the engine without a window; JSON lines on stdin/stdout")
    h.add_argument("--config", required=True, help="settings file (TOML), see docs/config.md")
    d = sub.add_parser("doctor", help="check audio devices, password store, server and registration")
    d.add_argument("--config", help="settings file (TOML); default: the user's settings")
    d.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    d.add_argument("--no-audio", action="store_true", help="skip the audio device checks")
    _add_analyze_parser(sub)
    word = _command_word(sys.argv[1:] if argv is None else argv)
    if word in _OWN_COMMANDS:
        return p
    for name, (module, adder) in _OTHER_COMMANDS.items():
        if word == name or word not in _OTHER_COMMANDS:
            getattr(importlib.import_module(f".{module}", __package__), adder)(sub)
    return p


def _add_analyze_parser(sub: Any) -> None:
    a = sub.add_parser("analyze", help="a WAV recording through the live pipeline, or a transcript through the rules")
    a.add_argument("audio", nargs="?", help="16-bit WAV, 8 or 16 kHz; mono, or stereo (left agent, right customer)")
    a.add_argument("--text", metavar="FILE", help="a transcript instead: one utterance per line, 'agent: ...' or "
                   "'customer: ...' (also 坐席: or 客户:, ASCII or full-width colon); prints phrase alerts and "
                   "emotion per line")
    a.add_argument("--rules", help="rule pack: a language (zh, ko) or a folder; default: [assist] rules_language, else zh")
    a.add_argument("--call", help="a call's recording instead of a WAV: decrypted in memory (audited)")
    a.add_argument("--config", help="settings file (TOML), for --call: where the recordings are")
    a.add_argument("--channels", help="agent,customer (default: both for stereo, agent for mono)")
    a.add_argument("--model", help="speech model name (see 'model list'); default: the active model")
    a.add_argument("--realtime", action="store_true", help="feed the audio at the pace of a call")
    a.add_argument("--json", action="store_true", help="one JSON object per partial and final result")


def _logging(verbose: bool) -> None:
    from ..privacy import RedactingFilter

    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose or os.environ.get("SOFTPHONE_DEBUG") else logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    args = _parser(argv).parse_args(argv)
    _logging(args.verbose)
    if args.command == "headless":
        from .headless import run_headless

        return run_headless(args.config)
    if args.command == "doctor":
        from .doctor import run_doctor

        return run_doctor(args.config, as_json=args.json, audio=not args.no_audio)
    if args.command == "analyze":
        from .analyze_cmd import run_analyze

        if args.text:
            from .analyze_cmd import run_analyze_text

            return run_analyze_text(args.text, args.rules, args.json)
        if not args.audio and not args.call:
            print("Name a WAV recording, a call's recording with --call CALL, or a transcript with --text FILE.",
                  file=sys.stderr)
            return 2
        return run_analyze(args.audio or "", args.channels, args.model, args.realtime, args.json, args.rules,
                           call=args.call, config=args.config)
    if args.command == "model":
        from .model_cmd import run_model

        return run_model(args)
    if args.command == "cases":
        from .cases_cmd import run_cases

        return run_cases(args)
    if args.command == "plan":
        from .plan_cmd import run_plan

        return run_plan(args)
    if args.command == "supervision":
        from .supervision_cmd import run_supervision

        return run_supervision(args)
    if args.command == "recordings":
        from .recordings_cmd import run_recordings

        return run_recordings(args)
    if args.command == "guard":
        from .guard_cmd import run_guard

        return run_guard(args)
    if args.command == "audit":
        from .audit_cmd import run_audit

        return run_audit(args)
    # No sub-command: the window is ui.launcher's business (the engine never imports ui).
    if args.demo:
        from ..demo.run import run_demo

        print("Running the demo in the terminal (the window: agent-softphone --demo with a screen).",
              file=sys.stderr)
        return run_demo()
    print("No screen here (no DISPLAY, QT_QPA_PLATFORM unset), or the window is not installed. Use: "
          "agent-softphone --demo, agent-softphone headless --config FILE, or agent-softphone doctor",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
