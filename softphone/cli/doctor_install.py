"""``doctor``'s checks of the installed copy itself: the app's parts, the window's libraries, the speech model.

They answer what an IT department asks after rolling out the .deb or the
Windows setup: is everything there, will the window open on this desktop, and
will calls be transcribed. No network, no pjsua2 endpoint.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .. import __version__
from ..paths import package_prefix, resources_dir
from .verdict import Verdict

__all__ = ["check_installation", "check_window", "check_speech", "missing_window_packages"]

# What every installed copy must carry (paths under resources/).
_RESOURCES = ("rules/zh", "rules/ko", "scripts/zh", "i18n/agent_softphone_zh_CN.qm", "demo/bot_handoff_zh.wav",
              "demo/customer_zh.wav", "notices/recording-notice-zh.wav", "icons/agent-softphone.svg")
# Debian names of the libraries whose package name does not follow lib<name><version>.
_DEBIAN_NAMES = {"libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libglib-2.0.so.0": "libglib2.0-0",
                 "libgthread-2.0.so.0": "libglib2.0-0", "libOpenGL.so.0": "libopengl0"}


def check_installation() -> Verdict:
    missing = [r for r in _RESOURCES if not (resources_dir() / r).exists()]
    if missing:
        return Verdict("installation", "failed", f"The app is incomplete: {', '.join(missing)} missing from "
                       f"{resources_dir()}. Install it again.")
    try:
        pjsua2 = importlib.import_module("pjsua2")
    except ImportError as exc:
        return Verdict("installation", "failed", f"The phone engine (pjsua2) does not load: {exc}. Install the app again.")
    sip = getattr(pjsua2, "__version__", "") or "loaded"
    return Verdict("installation", "ok", f"agent-softphone {__version__} ({_kind()}), phone engine pjsua2 {sip}, "
                   f"resources in {resources_dir()}.")


def check_window() -> Verdict:
    if importlib.util.find_spec("PySide6") is None:
        return Verdict("window", "failed", "The window is not installed (PySide6): pip install 'agent-softphone[ui]'.")
    if not sys.platform.startswith("linux"):
        return Verdict("window", "ok", "The window's toolkit (Qt for Python) is installed.")
    packages = missing_window_packages()
    if packages:
        return Verdict("window", "failed", "The window cannot open on a Linux desktop: libraries of Qt's xcb platform "
                       f"are missing. As root: apt-get install {' '.join(packages)}")
    return Verdict("window", "ok", "The window's toolkit (Qt for Python) and its X11 libraries are installed.")


def missing_window_packages() -> list[str]:
    """Debian packages of the libraries Qt's xcb platform plugin cannot find (Linux; [] when unknown)."""
    plugin = _xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return []
    out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20).stdout
    missing = re.findall(r"^\s*(\S+) => not found", out, re.MULTILINE)
    return sorted({_debian_package(name) for name in missing})


def check_speech() -> Verdict:
    from ..asr.bundled import pending_bundled
    from ..asr.models import ModelStore

    if importlib.util.find_spec("vosk") is None:
        return Verdict("speech model", "warning", "Speech recognition (vosk) is not installed: calls work, without a "
                       "transcript or alerts. pip install 'agent-softphone[asr]'.")
    store = ModelStore()
    model = store.active()
    waiting = pending_bundled(store)
    if waiting:
        names = ", ".join(z.name for z in waiting)
        return Verdict("speech model", "ok", f"{names} came with the app and is installed at the next start of a call "
                       "window or headless session.")
    if model is None:
        return Verdict("speech model", "warning", "No speech model is installed: calls work, without a transcript or "
                       "alerts. Install one in Settings → Speech, or: agent-softphone model install FILE.zip")
    return Verdict("speech model", "ok", f"Calls are transcribed with {model.name} ({model.language}).")


def _kind() -> str:
    if getattr(sys, "frozen", False):
        return "installed program"
    if package_prefix() is not None:
        return "Debian package"
    return f"from {resources_dir().parent}"


def _xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return None
    plugin = Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def _debian_package(soname: str) -> str:
    """``libxcb-icccm.so.4`` -> ``libxcb-icccm4``; ``libxkbcommon-x11.so.0`` -> ``libxkbcommon-x11-0``."""
    if soname in _DEBIAN_NAMES:
        return _DEBIAN_NAMES[soname]
    match = re.match(r"^(lib.+)\.so\.(\d+)", soname)
    if match is None:
        return soname
    stem, version = match.group(1).lower(), match.group(2)
    return f"{stem}-{version}" if stem[-1].isdigit() else f"{stem}{version}"
