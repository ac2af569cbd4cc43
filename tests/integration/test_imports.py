"""The engine never loads Qt or the ui package (a fresh interpreter proves it)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import softphone


def test_every_engine_module_imports_without_qt_or_ui() -> None:
    names = [m.name for m in pkgutil.walk_packages(softphone.__path__, "softphone.")]
    assert "softphone.engine.core" in names and "softphone.cli.headless" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui', 'PyQt5', 'PyQt6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"engine modules pulled in: {out.stdout}"


def test_the_console_entry_point_lives_in_ui_and_runs_commands_without_qt() -> None:
    code = ("import sys\nfrom ui.launcher import main\n"
            "main(['doctor', '--no-audio', '--json'])\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
            "print('QT:' + ','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "QT:\n" in out.stdout or out.stdout.rstrip().endswith("QT:"), out.stdout[-500:]
    assert '"verdicts"' in out.stdout
