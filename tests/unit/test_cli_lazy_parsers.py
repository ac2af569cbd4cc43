"""The command line imports the other sub-commands' modules only when it needs their parsers."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from softphone.cli.main import _parser
_parser(sys.argv[1:])
print(" ".join(sorted(m for m in sys.modules if m.startswith("softphone.cli.") and m.endswith("_cmd"))))
print(" ".join(m for m in ("pjsua2", "sqlite_utils", "keyring", "softphone.session", "pypinyin") if m in sys.modules))
"""


def probe(*argv: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), check=True)
    return out.stdout.splitlines()


def test_analyze_imports_no_other_command() -> None:
    modules, heavy = probe("-v", "analyze", "x.wav", "--json")
    assert modules == "" and heavy == ""


def test_another_command_imports_its_own_module_only() -> None:
    modules, _ = probe("plan", "quote")
    assert modules == "softphone.cli.plan_cmd"


def test_no_command_or_an_unknown_one_lists_them_all() -> None:
    from softphone.cli.main import _OTHER_COMMANDS, _parser

    for argv in ([], ["--demo"], ["nonsense"]):
        sub = next(a for a in _parser(argv)._actions if isinstance(a, argparse._SubParsersAction))
        assert list(sub.choices) == ["headless", "doctor", "analyze", *_OTHER_COMMANDS]
