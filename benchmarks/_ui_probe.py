"""One launch of the window for bench_ui.py: prints one JSON line with its timings.

argv: KAMAILIO_PORT CALL_SECONDS (0: measure the launch only).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def process_age_s() -> float:
    """Seconds since this process started (kernel start time, so imports count)."""
    ticks = int(open("/proc/self/stat").read().rsplit(")", 1)[1].split()[19])
    uptime = float(open("/proc/uptime").read().split()[0])
    return uptime - ticks / os.sysconf("SC_CLK_TCK")


def main() -> int:
    port, call_s = int(sys.argv[1]), float(sys.argv[2])
    from softphone.paths import settings_path

    settings_path().write_text(f"""schema_version = 1
[account]
server = "127.0.0.1:{port}"
user = "1001"
password_env = "SOFTPHONE_BENCH_PASSWORD"
[sip]
bind_address = "127.0.0.1"
[audio]
enabled = false
[general]
first_run_done = true
""")
    from PySide6.QtCore import QObject, QEvent, QTimer
    from keyring.backends.fail import Keyring as NoKeyring

    from softphone.secrets import SecretStore
    from softphone.states import CallState, RegState
    from ui.app import Session, make_app

    app = make_app()
    session = Session(app, secrets=SecretStore(NoKeyring()))
    out: dict[str, object] = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "window_shown_ms" not in out:
                out["window_shown_ms"] = process_age_s() * 1000
            return False

    painter = FirstPaint()
    session.window.installEventFilter(painter)
    session.bridge.registration_changed.connect(
        lambda e: out.setdefault("registered_ms", process_age_s() * 1000) if e.new is RegState.REGISTERED else None)
    session.window.show()
    session.start()
    ticks: list[float] = []
    calls = {"n": 0}

    def cycle() -> None:
        """Dial, hold, resume, hang up, again, for call_s seconds."""
        w = session.window
        panel = next(iter(w.panels.values()), None)
        if panel is None:
            w.dial("2001")
            calls["n"] += 1
        elif panel.state is CallState.CONFIRMED:
            step = calls.setdefault("step", 0)
            [panel.toggle_hold, panel.toggle_hold, panel.hangup][step % 3]()
            calls["step"] = step + 1

    def tick() -> None:
        ticks.append(time.monotonic())

    def finish() -> None:
        gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:])]
        out.update(gaps_ms=gaps, calls=calls["n"])
        app.quit()

    def start_measuring() -> None:
        if "registered_ms" not in out:
            QTimer.singleShot(50, start_measuring)
            return
        if call_s <= 0:
            app.quit()
            return
        timer = QTimer(app)
        timer.timeout.connect(tick)
        timer.start(10)
        driver = QTimer(app)
        driver.timeout.connect(cycle)
        driver.start(1500)
        QTimer.singleShot(int(call_s * 1000), finish)

    QTimer.singleShot(0, start_measuring)
    app.exec()
    session.shutdown()
    out.setdefault("gaps_ms", [])
    out.setdefault("calls", 0)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
