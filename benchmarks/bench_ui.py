"""The window: launch to window shown, launch to registered, GUI loop stall during a call.

Each launch is a fresh process (``benchmarks/_ui_probe.py``) so imports are
counted; it reports the time from its own process start (from /proc) to the
main window's first paint and to ``Registered``. The stall is measured in one
longer run: a 10 ms QTimer on the GUI thread records the gaps between its
ticks while calls are placed, held, resumed and ended against a real peer
through Kamailio. Offscreen Qt with the CJK font.

    .venv/bin/python benchmarks/bench_ui.py [--quick] [--runs N] [--call-seconds S]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, emit, note, percentile, summary

from tests.rig.kamailio import Kamailio
from tests.rig.peer_client import Peer

PROBE = Path(__file__).with_name("_ui_probe.py")
TARGET_STALL_P99_MS = 50.0


def launch(kam: Kamailio, call_seconds: float, home: Path) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AGENT_SOFTPHONE_HOME=str(home),
               SOFTPHONE_BENCH_PASSWORD=kam.users["1001"])
    out = subprocess.run([sys.executable, str(PROBE), str(kam.port), str(call_seconds)], env=env,
                         capture_output=True, text=True, timeout=call_seconds + 60, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int, default=None)
    ap.add_argument("--call-seconds", type=float, default=None)
    args = ap.parse_args()
    runs = args.runs or (3 if args.quick else 10)
    call_s = args.call_seconds or (10.0 if args.quick else 60.0)
    shown, registered = [], []
    with Kamailio() as kam:
        for i in range(runs):
            with tempfile.TemporaryDirectory() as home:
                r = launch(kam, 0, Path(home))
            shown.append(r["window_shown_ms"])
            registered.append(r["registered_ms"])
            note(f"run {i + 1}/{runs}: shown {r['window_shown_ms']:.0f} ms, registered {r['registered_ms']:.0f} ms")
        peer = Peer("2001", kam.users["2001"], f"127.0.0.1:{kam.port}", auto_answer=True, tone=700)
        try:
            peer.wait_event("reg_state", code=200)
            with tempfile.TemporaryDirectory() as home:
                stall = launch(kam, call_s, Path(home))
        finally:
            peer.close()
    gaps = stall["gaps_ms"]
    gap_summary = summary(gaps)
    if gaps:
        gap_summary["p99"] = round(percentile(gaps, 99), 2)
    emit({
        "benchmark": "ui", "quick": args.quick, "runs": runs,
        "launch_to_window_shown_ms": summary(shown),
        "launch_to_registered_ms": summary(registered),
        "gui_stall_during_calls": {"call_seconds": call_s, "ticks": len(gaps) + 1, "timer_ms": 10,
                                   "gap_ms": gap_summary, "calls": stall["calls"]},
        "targets": {"gui_stall_p99_ms": TARGET_STALL_P99_MS},
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
