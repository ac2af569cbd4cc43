"""Starting the app's helper processes (the demo bot, the sound-device lister) the same way everywhere.

From a checkout or an installed package a helper is ``python -m <module>``. A
frozen build (PyInstaller, the Windows installer) has no ``-m``: its one
executable is the app itself, so a helper is ``<app> --run-helper <name>``, and
the app's entry point (``ui/launcher.py``) hands such a call to
``run_helper`` before anything else is loaded.
"""

from __future__ import annotations

import importlib
import sys

__all__ = ["HELPERS", "RUN_HELPER", "helper_command", "run_helper"]

HELPERS = {"demo-bot": "softphone.demo.bot", "list-devices": "softphone.audio.enumerate"}
RUN_HELPER = "--run-helper"


def helper_command(name: str, *args: str) -> list[str]:
    """The command line that runs helper ``name`` with ``args`` (KeyError for an unknown helper)."""
    module = HELPERS[name]
    if getattr(sys, "frozen", False):
        return [sys.executable, RUN_HELPER, name, *args]
    return [sys.executable, "-m", module, *args]


def run_helper(argv: list[str]) -> int | None:
    """If ``argv`` (without the program) asks for a helper, run it and return its exit code; else None."""
    if len(argv) < 2 or argv[0] != RUN_HELPER:
        return None
    module = HELPERS.get(argv[1])
    if module is None:
        print(f"unknown helper {argv[1]!r}; known: {', '.join(sorted(HELPERS))}", file=sys.stderr)
        return 2
    sys.argv = [module, *argv[2:]]  # the helper parses its own arguments
    return int(importlib.import_module(module).main())
