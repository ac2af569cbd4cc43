"""Make the README's screenshots of the window (offscreen, CJK font, demo call).

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/screenshots.py [--lang zh_CN] [--out docs/screenshots]

Writes idle, incoming (window and popup) and in-call pictures; settings and
history pictures come from their widgets' tests.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("AGENT_SOFTPHONE_HOME", tempfile.mkdtemp(prefix="shots-"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = ap.parse_args()
    out = Path(args.out)
    suffix = "" if args.lang == "en" else "-" + args.lang.split("_")[0]

    from PySide6.QtCore import QTimer

    from ui.app import Session, make_app
    from ui.i18n import install_translator

    app = make_app()
    session = Session(app, demo=True)
    install_translator(app, args.lang)
    if args.lang != "en":
        session.rebuild_window()
    session.window.show()
    session.start()
    w = session.window

    def shoot(name: str) -> None:
        w.grab().save(str(out / f"{name}{suffix}.png"))

    def incoming() -> None:
        shoot("incoming")
        for popup in w.popups.values():
            popup.grab().save(str(out / f"incoming-popup{suffix}.png"))
            popup.answer_b.click()

    QTimer.singleShot(800, lambda: shoot("idle"))
    QTimer.singleShot(3200, incoming)
    QTimer.singleShot(8000, lambda: shoot("in-call"))
    QTimer.singleShot(8500, app.quit)
    app.exec()
    session.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
