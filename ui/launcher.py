"""``agent-softphone``: the window when there is a screen, else the engine's commands.

The console script points here so that the engine (``softphone``) never
imports ``ui``. Sub-commands (``headless``, ``doctor``, ``model``,
``analyze``) and a screen-less ``--demo`` go to ``softphone.cli.main``;
nothing of Qt is loaded for them.
"""

from __future__ import annotations

import os
import sys

from softphone.cli.main import main as engine_main
from softphone.helpers import run_helper

__all__ = ["main", "can_show_window"]

_WINDOW_FLAGS = {"--demo", "-v", "--verbose"}


def can_show_window() -> bool:
    """Qt aborts without a display; tell that before loading it."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    helper = run_helper(args)  # a frozen build starting its own helper (softphone/helpers.py)
    if helper is not None:
        return helper
    if args[:1] == ["lead"]:
        return _lead(args[1:])
    wants_window = all(a in _WINDOW_FLAGS for a in args) and "--version" not in args
    if not (wants_window and can_show_window()):
        return engine_main(args)
    try:
        from .app import run_app
    except ImportError as exc:
        print(f"The window needs PySide6 (pip install 'agent-softphone[ui]'): {exc}", file=sys.stderr)
        return engine_main(args)
    return int(run_app(demo="--demo" in args))


def _lead(args: list[str]) -> int:
    """The team lead's wallboard: a window only."""
    if not can_show_window():
        print("agent-softphone lead: the wallboard is a window; no screen here (DISPLAY is not set)", file=sys.stderr)
        return 2
    from .lead.app import run_lead

    return run_lead(args)


if __name__ == "__main__":
    sys.exit(main())
