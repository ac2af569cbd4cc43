"""The team lead's wallboard for the README (offscreen, CJK font, the lead's demo: a broker and six simulated
agents on 127.0.0.1).

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/screenshots_lead.py [--lang zh_CN] [--out docs/screenshots]

Writes ``wallboard[-zh].png`` with the most serious flagged call selected, then ``wallboard-kpis[-zh].png``
(the day's numbers of the calls the demo's agents ended meanwhile).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = ap.parse_args()
    suffix = "" if args.lang == "en" else "-" + args.lang.split("_")[0]

    from PySide6.QtCore import QTimer

    from softphone.demo.team import DemoTeam
    from softphone.session import LeadSession
    from ui.app import make_app
    from ui.bridge import EngineBridge
    from ui.i18n import install_translator
    from ui.lead.wallboard import Wallboard

    app = make_app()
    install_translator(app, args.lang)
    team = DemoTeam.start(pace=0.35)
    lead = LeadSession(team.address, team.team, team.lead_user, team.lead_password, team.broker.dir / "lead")
    board = Wallboard(EngineBridge(), lead)
    board.show()
    lead.start()

    tries = [0]

    def shoot() -> None:
        """Once a call has raised an alert and its customer got upset (or after 30 s): it selected."""
        tries[0] += 1
        ready = any(c.customer_emotion == "negative" for c in lead.flagged_calls())
        if not ready and tries[0] < 150:
            QTimer.singleShot(200, shoot)
            return
        board.flagged.setCurrentRow(0)
        QTimer.singleShot(300, lambda: board.grab().save(str(Path(args.out) / f"wallboard{suffix}.png")))
        QTimer.singleShot(12000, numbers)

    def numbers() -> None:
        board.tabs.setCurrentWidget(board.kpis)
        QTimer.singleShot(1500, lambda: (board.grab().save(str(Path(args.out) / f"wallboard-kpis{suffix}.png")),
                                         app.quit()))

    QTimer.singleShot(3000, shoot)
    app.exec()
    lead.close()
    team.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
