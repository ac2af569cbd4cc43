"""``agent-softphone``: the window.

Start-up: settings (or the demo's), language, first-run wizard, then the
main window; the engine starts in the background and the window shows its
state as it comes. Quitting stops the engine cleanly (calls are hung up).
"""

from __future__ import annotations

import gc
import logging
import signal
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog

from softphone.audio.test_tone import play_test_tone
from softphone.errors import SoftphoneError
from softphone.paths import resources_dir, settings_path
from softphone.secrets import SecretStore
from softphone.session import leave_collection_to_front_end
from softphone.settings import Settings, load_settings
from softphone.states import CallId

from .bridge import EngineBridge
from .demo import DemoBot
from .engine_host import EngineHost
from .errors import show_error
from .i18n import install_translator, resolve_language
from .main_window import MainWindow
from .ops import run_op
from .widgets.transcript_search import TranscriptDialog, TranscriptSearch

__all__ = ["run_app", "Session"]

log = logging.getLogger(__name__)
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC")


def make_app(argv: Sequence[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("agent-softphone")
    app.setDesktopFileName("agent-softphone")  # the .deb's agent-softphone.desktop: the desktop's icon and name
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "agent-softphone.svg")))
    _collect_on_gui_thread(app)
    families = set(QFontDatabase.families())
    cjk = next((f for f in CJK_FONTS if f in families), None)
    if cjk is not None:
        font = QFont(app.font())
        font.setFamilies([font.family(), cjk])
        app.setFont(font)
    else:
        log.warning("no Chinese font found: install fonts-noto-cjk (Debian) or Chinese text shows as boxes")
    return app


def _collect_on_gui_thread(app: QApplication) -> None:
    """Python's collector runs on whatever thread allocates; freeing a Qt
    object off the GUI thread crashes (seen in the dialog tests). So automatic
    collection is off and the GUI thread collects every few seconds (Anki)."""
    if getattr(app, "_softphone_gc", None) is not None:
        return
    gc.disable()
    leave_collection_to_front_end()
    timer = QTimer(app)
    timer.timeout.connect(lambda: gc.collect())
    timer.start(5000)
    app._softphone_gc = timer  # type: ignore[attr-defined]


def _audio_available() -> bool:
    from softphone.demo.run import _audio_available as available

    return available()


class Session:
    """One running window: settings, engine host, main window, optional demo bot."""

    def __init__(self, app: QApplication, demo: bool = False, secrets: SecretStore | None = None) -> None:
        self.app, self.demo = app, demo
        self.secrets = secrets or SecretStore()
        self.bridge = EngineBridge()
        self.bot = DemoBot() if demo else None
        self.settings = self.bot.settings(_audio_available()) if self.bot else self._load_settings()
        self.host = EngineHost(self.bridge, self.secrets, settings=self.settings, demo=demo)
        install_translator(app, resolve_language(self.settings.general.language))
        self.window = self._new_window()
        self.host.started.connect(self._engine_started)
        app.aboutToQuit.connect(self.shutdown)
        self.session_password: str | None = None
        self._history_notice = ""
        self._rebuild_pending = False
        self._player_dialog: QDialog | None = None

    def _new_window(self) -> MainWindow:
        window = MainWindow(self.host, self.settings, demo=self.demo)
        window.settings_requested.connect(self.open_settings)
        if self.bot is not None and not self.bot.transcribes:
            window.transcript_pane.explain_demo_without_model()
        self.host.failed.connect(window.show_error)
        self.host.history_notice.connect(self._remember_notice)
        return window

    def _remember_notice(self, text: str) -> None:
        self._history_notice = text
        self.window.show_history_notice(text)

    def _load_settings(self) -> Settings:
        path = settings_path()
        if not path.exists():
            return Settings()
        try:
            return load_settings(path)
        except SoftphoneError as exc:
            problem = exc  # ``exc`` is unbound once the except block ends, before the timer fires
            QTimer.singleShot(0, lambda: show_error(None, problem))
            return Settings()

    def start(self) -> None:
        self.host.start(self.settings, self.session_password)

    def _engine_started(self, engine: object) -> None:
        account = self.settings.account
        if not (account.register and account.server):
            self.window.status.show_ready_without_server()
        if not hasattr(self.window, "history_view"):
            self._add_history()
        if self.bot is not None:
            self.host.session.load_demo_cases()
            self.host.session.set_demo_phone(self.bot.receive_sms)
            if not self.bot.transcribes:  # no Chinese model: the demo call's scripted transcript, the real assist
                self.host.session.start_demo_transcript(self.bot.script_pace)
            port = self.host.session.local_port
            QTimer.singleShot(1500, lambda: self.bot.hand_over(port) if self.bot else None)

    def _add_history(self) -> None:
        try:
            from .widgets.history import HistoryView
        except ImportError:
            return
        reader = self.host.session.history
        if reader is not None:
            view = HistoryView(self.bridge, reader)
            view.redial_requested.connect(self.redial)
            view.open_call_requested.connect(self.open_transcript)
            view.play_requested.connect(self.play_recording)
            view.set_playback_allowed(self.host.session.may_play_recordings())
            search = TranscriptSearch(self.bridge, reader)
            search.open_call_requested.connect(self.open_transcript)
            self.window.add_history_tab(view, search)

    def redial(self, call_id: str) -> None:
        """Call back a past call's party: the session dials its full number, the window never sees it."""
        self.window.run_command(self.host.session.redial(CallId(call_id)))

    def open_transcript(self, call_id: str) -> None:
        reader = self.host.session.history
        if reader is None:
            return
        self._transcript_dialog = TranscriptDialog(self.bridge, reader, call_id, parent=self.window)
        self._transcript_dialog.show()

    def play_recording(self, call_id: str, title: str) -> None:
        """The agent's own call, if the administrator allows it: decrypted in memory, audited, never saved."""
        from .widgets.recording_player import RecordingPlayerDialog

        if self._player_dialog is not None:
            self._player_dialog.close()
        dialog = RecordingPlayerDialog(self.bridge, title, parent=self.window)
        self._player_dialog = dialog
        dialog.show()
        run_op(self.bridge, self.host.session.play_recording(call_id, dialog.state_changed), dialog.attach,
               dialog.failed, self.window)

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.bridge, self.secrets, mic_level=self.host.session.mic_level,
                                play_test_tone=play_test_tone, parent=self.window)
        dialog.settings_saved.connect(self.apply_settings)
        dialog.show()
        self._dialog = dialog

    def apply_settings(self, new: Settings, session_password: str | None) -> None:
        language_changed = new.general.language != self.settings.general.language
        self.settings = new
        if session_password is not None:
            self.session_password = session_password
        self.refresh_window()
        self.host.start(new, self.session_password)  # the session restarts only what changed, between calls
        if language_changed:
            install_translator(self.app, resolve_language(new.general.language))
            self.rebuild_window()

    def rebuild_window(self) -> None:
        """A new language shows at once: the window is built again (between calls)."""
        if self.window.panels:
            if not self._rebuild_pending:
                self._rebuild_pending = True
                self.host.bridge.call_state_changed.connect(self._rebuild_when_idle)
            return
        if self._rebuild_pending:
            self._rebuild_pending = False
            self.host.bridge.call_state_changed.disconnect(self._rebuild_when_idle)
        old = self.window
        old.detach()
        self.window = self._new_window()
        self.window.setGeometry(old.geometry())
        self._add_history()
        if self._history_notice:
            self.window.show_history_notice(self._history_notice)
        self.window.show()
        old.close()
        old.deleteLater()

    def _rebuild_when_idle(self, _event: object) -> None:
        QTimer.singleShot(2000, lambda: self.rebuild_window() if not self.window.panels else None)

    def refresh_window(self) -> None:
        """Show settings that changed after the window was built (the wizard)."""
        self.window.settings = self.settings
        self.window.apply_shortcuts(self.settings)
        self.window.show_devices()
        self.window.status.set_account(self.settings.account.user or QCoreApplication.translate("MainWindow", "No account"))

    def shutdown(self) -> None:
        self.host.close()
        if self.bot is not None:
            self.bot.stop()


def run_app(argv: Sequence[str] | None = None, demo: bool = False) -> int:
    app = make_app(argv)
    session = Session(app, demo=demo)
    if not demo and not session.settings.general.first_run_done:
        from .wizard import run_first_run

        choice = run_first_run(session)
        if choice == "demo":
            session.shutdown()
            session = Session(app, demo=True)
        elif choice is None:
            return 0
        else:
            session.refresh_window()
    if session.settings.general.start_minimized and session.window.tray is not None:
        session.window.hide()
    else:
        session.window.show()
    session.start()
    _quit_on_termination(app)
    return app.exec()


def _quit_on_termination(app: QApplication) -> None:
    """SIGTERM (logout, ``systemctl``, ``kill``) and Ctrl-C end the app like its Quit: calls hung up, files closed.

    Python runs signal handlers only between bytecodes, so a timer lets it in while Qt waits for events.
    """
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: app.quit())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)
