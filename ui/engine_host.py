"""The window's adapter over ``softphone.session.Session``.

Starting, stopping and restarting take seconds, so each runs on a worker
thread and reports through the bridge; the GUI thread never waits. What runs
(engine, history, speech, assist) and how settings are applied live is the
session's business; this only carries it into Qt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future

from PySide6.QtCore import QObject, Signal

from softphone.errors import SoftphoneError
from softphone.secrets import SecretStore
from softphone.session import Session
from softphone.settings import Settings

from .bridge import EngineBridge
from .engine_text import engine_text

__all__ = ["EngineHost"]


class EngineHost(QObject):
    started = Signal(object)  # the Session, once it runs
    failed = Signal(object)  # the SoftphoneError
    history_notice = Signal(str)  # e.g. "no keyring: history keeps masked numbers only"

    def __init__(self, bridge: EngineBridge, secrets: SecretStore, parent: QObject | None = None,
                 settings: Settings | None = None, demo: bool = False) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.secrets = secrets
        self.session = Session(settings or Settings(), secrets, throwaway_key=demo)
        self._started_once = False
        self._lock = threading.Lock()
        bridge.attach(self.session)

    @property
    def engine(self) -> Session | None:
        """The session while its engine runs (what widgets send commands to), else None."""
        return self.session if self.session.running else None

    def start(self, settings: Settings, password: str | None, then: Callable[[Session], None] | None = None) -> None:
        """Start the session with ``settings`` (the first time), or apply them live; report on the GUI thread."""
        threading.Thread(target=self._start_or_apply, args=(settings, password, then), name="engine-host",
                         daemon=True).start()

    def _start_or_apply(self, settings: Settings, password: str | None,
                        then: Callable[[Session], None] | None) -> None:
        with self._lock:
            try:
                if self._started_once and self.session.running:
                    self.session.apply_settings(settings, password)
                else:
                    self.session.apply_settings(settings, password)  # not running: only remembered
                    self.session.start()
                    self._started_once = True
            except SoftphoneError as exc:
                failure = exc  # ``exc`` is unbound when the except block ends, before the GUI thread runs this
                self.bridge.call_on_main(lambda: self.failed.emit(failure))
                return
        self._report_history_problem()
        session = self.session
        self.bridge.call_on_main(lambda: self._announce(session, then))

    def _report_history_problem(self) -> None:
        problem = self.session.history_problem
        if problem is not None:
            message = engine_text(problem.user_message)
            self.bridge.call_on_main(lambda: self.history_notice.emit(message))

    def _announce(self, session: Session, then: Callable[[Session], None] | None) -> None:
        self.started.emit(session)
        if then is not None:
            then(session)

    def stop(self, wait: bool = False) -> None:
        if wait:
            with self._lock:
                self.session.stop()
            return
        threading.Thread(target=self.stop, kwargs={"wait": True}, name="engine-stop", daemon=True).start()

    def close(self) -> None:
        """Stop for good (the program ends)."""
        with self._lock:
            self.session.close()

    def reload_rules(self) -> bool:
        return self.session.reload_rules()

    def mark_alert_wrong(self, alert_id: str, note: str = "") -> Future[bool]:
        return self.session.mark_alert_wrong(alert_id, note)
