"""The helper processes start the same way from a checkout and from a frozen build (PyInstaller has no
``python -m``): the frozen command line goes through the app's own entry point, which runs the helper."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from softphone.helpers import RUN_HELPER, helper_command

ENTRY = "import sys; from ui.launcher import main; sys.exit(main(sys.argv[1:]))"  # what a frozen exe runs


def test_a_checkout_uses_python_m_and_a_frozen_build_its_own_executable(monkeypatch: pytest.MonkeyPatch) -> None:
    assert helper_command("demo-bot", "--talk", "5") == [sys.executable, "-m", "softphone.demo.bot", "--talk", "5"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert helper_command("list-devices") == [sys.executable, RUN_HELPER, "list-devices"]
    with pytest.raises(KeyError):
        helper_command("no-such-helper")


def run_entry(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", ENTRY, *args], capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"})


def test_the_entry_point_runs_each_helper_with_its_arguments() -> None:
    listed = run_entry(RUN_HELPER, "list-devices")
    assert "devices" in json.loads(listed.stdout) or "error" in json.loads(listed.stdout), listed.stderr
    bot = run_entry(RUN_HELPER, "demo-bot", "--help")
    assert bot.returncode == 0 and bot.stdout.startswith("usage: demo-bot"), bot.stderr
    unknown = run_entry(RUN_HELPER, "nope")
    assert unknown.returncode == 2 and "known: demo-bot, list-devices" in unknown.stderr
