"""A real X server (Xvfb) for tests that must see the window as a desktop would, not offscreen.

``offscreen`` needs none of the libraries of Qt's xcb platform plugin, so a
window test there passes on a machine where the app aborts on a real desktop.
Under Xvfb the app loads the xcb plugin like on a collector's workstation.
``Xvfb -displayfd`` picks a free display and writes its number when it is
ready. ``wait_for_window`` asks the X server itself (``xwininfo``, Debian
x11-utils) until a top-level window with the title is mapped and viewable.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from types import TracebackType

__all__ = ["Xvfb", "xvfb_available", "wait_for_window"]


def xvfb_available() -> bool:
    return shutil.which("Xvfb") is not None and shutil.which("xwininfo") is not None


class Xvfb:
    """``with Xvfb() as x:`` then ``x.display`` (``":57"``) for ``DISPLAY``."""

    def __init__(self, size: str = "1280x800x24") -> None:
        read, write = os.pipe()
        self._proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp"],
                                      pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number.isdigit():
            self.close()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            self._proc.wait(10)

    def __enter__(self) -> Xvfb:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def wait_for_window(display: str, title: str, timeout: float = 30.0, poll: float = 0.02) -> float | None:
    """Seconds until a viewable window whose title contains ``title`` is on ``display``; None at the timeout."""
    start = time.monotonic()
    env = dict(os.environ, DISPLAY=display)
    while time.monotonic() - start < timeout:
        tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True, env=env).stdout
        for window_id in re.findall(r"^\s*(0x[0-9a-f]+) \"[^\"]*" + re.escape(title), tree, re.MULTILINE):
            info = subprocess.run(["xwininfo", "-id", window_id], capture_output=True, text=True, env=env).stdout
            if "IsViewable" in info:
                return time.monotonic() - start
        time.sleep(poll)
    return None
