"""``agent-softphone``: the window when there is a screen, else the engine's commands.

The console script points here so that the engine (``softphone``) never
imports ``ui``. Sub-commands (``headless``, ``doctor``, ``model``,
``analyze``) and a screen-less ``--demo`` go to ``softphone.cli.main``;
nothing of Qt is loaded for them.

Before Qt is loaded on an X11 desktop, the libraries of Qt's xcb platform
plugin are checked (one ``ldd``, about 10 ms): without them Qt aborts with
"could not load the Qt platform plugin" (exit 134) and nothing a collector can
act on. Instead the launcher names the Debian packages and exits with 1, also
for ``--demo``: falling back to the terminal demo would look like a working
installation to whoever set the workstation up, and the collector's next start
without ``--demo`` would still fail.
"""

from __future__ import annotations

import os
import sys

from softphone.cli.main import main as engine_main
from softphone.helpers import run_helper

__all__ = ["main", "can_show_window", "window_libraries_missing"]

_WINDOW_FLAGS = {"--demo", "-v", "--verbose"}


def can_show_window() -> bool:
    """Qt aborts without a display; tell that before loading it."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def window_libraries_missing() -> str | None:
    """The plain message when Qt's X11 platform would abort for missing libraries; None when it loads or is not used.

    Only where Qt would use xcb: Linux with ``DISPLAY`` and ``QT_QPA_PLATFORM`` unset or ``xcb``. A Wayland
    session (``XDG_SESSION_TYPE=wayland`` with ``WAYLAND_DISPLAY``) is left to Qt, which tries Wayland first.
    """
    if not sys.platform.startswith("linux") or not os.environ.get("DISPLAY"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    wayland = bool(os.environ.get("WAYLAND_DISPLAY")) and os.environ.get("XDG_SESSION_TYPE") == "wayland"
    if platform not in ("", "xcb") or (not platform and wayland):
        return None
    from softphone.cli.doctor_install import missing_window_packages  # subprocess, ldd: only before a window

    packages = missing_window_packages()
    if not packages:
        return None
    return ("The window cannot open: Qt's X11 platform needs libraries that are missing. "
            f"As root: apt-get install {' '.join(packages)}")


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
    if (missing := window_libraries_missing()) is not None:
        print(missing, file=sys.stderr)
        return 1
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
    if (missing := window_libraries_missing()) is not None:
        print(missing, file=sys.stderr)
        return 1
    from .lead.app import run_lead

    return run_lead(args)


if __name__ == "__main__":
    sys.exit(main())
