"""The Linux package: its size, and launch → window shown from the installed copy.

    sudo .venv/bin/python benchmarks/bench_install.py [--runs 5] [--quick]

Builds the .deb twice (xz, the release default; gzip -1, what the tests use),
installs the gzip one with apt, starts ``agent-softphone --demo`` from
``/usr/bin`` under Xvfb ``--runs`` times with a fresh profile each time and
times each from the process start to its window mapped and viewable on the X
server (``xwininfo``, polled every 20 ms: the figure is the time a user sees
the window, to about 20 ms), the same from this checkout's ``.venv`` for
comparison, then purges. Needs root, apt, Xvfb and x11-utils; refuses to run
where the package is installed for real. ``--quick`` skips the xz build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, emit, note, summary

from tests.rig.xvfb import Xvfb, wait_for_window

PACKAGE = "agent-softphone"


def build(compress: str, out: Path) -> tuple[Path, float]:
    started = time.monotonic()
    done = subprocess.run(["bash", str(ROOT / "installer" / "build_deb.sh"), "--compress", compress, "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    return Path(done.stdout.strip().splitlines()[-1]), time.monotonic() - started


def apt(*args: str) -> float:
    started = time.monotonic()
    subprocess.run(["apt-get", "-y", "-q", *args], capture_output=True, text=True, check=True,
                   env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    return time.monotonic() - started


def launch_to_window(command: list[str], runs: int, display: str) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "AGENT_SOFTPHONE", "PYTHON"))}
            env.update(DISPLAY=display, HOME=home, AGENT_SOFTPHONE_HOME=f"{home}/profile")
            app = subprocess.Popen(command, env=env, cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shown = wait_for_window(display, "Agent Softphone", timeout=60)  # its clock starts right after the fork
            app.terminate()
            app.wait(30)
            if shown is None:
                raise RuntimeError(f"no window from {command}")
            times.append(shown * 1000)
    return times


def installed_kb() -> int:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Installed-Size}", PACKAGE], capture_output=True, text=True)
    return int(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        note("bench_install needs root and apt-get")
        return 2
    if subprocess.run(["dpkg-query", "-W", PACKAGE], capture_output=True).returncode == 0:
        note("agent-softphone is installed on this machine: not touching it")
        return 2
    result: dict[str, Any] = {"benchmark": "install", "runs": args.runs, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as out:
        sizes, build_s = {}, {}
        for compress in ([] if args.quick else ["xz"]) + ["gzip"]:
            deb, took = build(compress, Path(out) / compress)
            sizes[compress], build_s[compress] = deb.stat().st_size, round(took, 1)
            note(f"{compress}: {deb.stat().st_size / 1e6:.1f} MB in {took:.1f} s")
        result.update(deb_bytes=sizes, build_s=build_s)
        result["install_s"] = round(apt("install", "--no-install-recommends", str(deb)), 2)
        try:
            result["installed_kb"] = installed_kb()
            with Xvfb() as x:
                installed = launch_to_window(["/usr/bin/agent-softphone", "--demo"], args.runs, x.display)
                checkout = launch_to_window([str(ROOT / ".venv" / "bin" / "agent-softphone"), "--demo"], args.runs,
                                            x.display)
            result["launch_to_window_ms"] = {"installed": summary(installed, 0), "checkout": summary(checkout, 0),
                                             "installed_first": round(installed[0])}
        finally:
            result["purge_s"] = round(apt("purge", PACKAGE), 2)
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
