"""The window as a desktop starts it: under a real X server from a fresh set-up, and a plain message when it cannot.

``offscreen`` (every other window test) needs none of the libraries of Qt's
xcb platform plugin; a collector's desktop does. Here the app is started the
way the README's set-up leaves it (the checkout's venv, ``-m ui.launcher``),
with a new home and profile, under Xvfb.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import softphone.cli.doctor_install
import ui.launcher
from tests.rig.xvfb import Xvfb, wait_for_window, xvfb_available

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.timeout(180)
@pytest.mark.skipif(not xvfb_available(), reason="needs Xvfb and xwininfo (Debian xvfb, x11-utils)")
def test_the_demo_window_opens_on_an_x_display_from_a_fresh_set_up(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "AGENT_SOFTPHONE", "WAYLAND", "XDG_"))}
    with Xvfb() as x:
        env.update(DISPLAY=x.display, HOME=str(tmp_path / "home"), AGENT_SOFTPHONE_HOME=str(tmp_path / "profile"),
                   PYTHONPATH=str(ROOT))
        app = subprocess.Popen([sys.executable, "-m", "ui.launcher", "--demo"], env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            shown = wait_for_window(x.display, "Agent Softphone", timeout=60)
            assert shown is not None, "no window; the app said: " + (app.stdout.read() if app.poll() is not None
                                                                     and app.stdout else "")
        finally:
            app.send_signal(signal.SIGTERM)  # a logout: the app quits like its Quit
            code = app.wait(30)
        said = app.stdout.read() if app.stdout else ""
        assert code == 0, said
        assert "could not load the Qt platform plugin" not in said


@pytest.fixture
def x11_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("x11_desktop")
def test_a_missing_xcb_library_is_said_in_plain_words_before_qt_aborts(monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The decision, with the library lookup replaced: on this machine every library is installed (setup.sh), and
    uninstalling a system package, or faking one with a broken stub on LD_LIBRARY_PATH, is not a test's business.
    ``missing_window_packages`` itself (ldd on the real plugin) is tested with doctor."""
    monkeypatch.setattr(softphone.cli.doctor_install, "missing_window_packages",
                        lambda: ["libxcb-icccm4", "libxcb-keysyms1"])
    started: list[bool] = []
    import ui.app

    monkeypatch.setattr(ui.app, "run_app", lambda *a, **k: started.append(True) or 0)
    for args in (["--demo"], []):
        assert ui.launcher.main(args) == 1
        assert capsys.readouterr().err.strip() == (
            "The window cannot open: Qt's X11 platform needs libraries that are missing. "
            "As root: apt-get install libxcb-icccm4 libxcb-keysyms1")
    assert ui.launcher.main(["lead"]) == 1 and "apt-get install libxcb-icccm4" in capsys.readouterr().err
    assert not started, "Qt's app was started anyway"


@pytest.mark.usefixtures("x11_desktop")
def test_the_libraries_are_checked_only_where_qt_would_use_x11(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(softphone.cli.doctor_install, "missing_window_packages", lambda: ["libxcb-icccm4"])
    assert ui.launcher.window_libraries_missing() is not None
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert ui.launcher.window_libraries_missing() is not None
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert ui.launcher.window_libraries_missing() is None
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")  # Qt tries Wayland first; Xwayland's DISPLAY is a fallback
    assert ui.launcher.window_libraries_missing() is None
    monkeypatch.delenv("DISPLAY")
    assert ui.launcher.window_libraries_missing() is None  # Wayland only: as before
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("DISPLAY", ":0")
    assert ui.launcher.window_libraries_missing() is None


def test_with_every_library_installed_nothing_is_missing() -> None:
    """This machine was set up by installer/setup.sh: the real check (ldd) finds everything."""
    assert softphone.cli.doctor_install.missing_window_packages() == []
