"""Owns the engine for the window: start, restart on new settings, stop.

Starting and stopping pjsua2 takes up to seconds, so every step runs on a
worker thread and reports through the bridge; the GUI thread never waits.
The call history is written from the bus (``HistoryRecorder``) on its own
thread. One engine per process: a restart stops the old one first.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from softphone.asr.live import choose_model, load_model, start_live_transcription
from softphone.asr.pipeline import TranscriptionService
from softphone.asr.models import language_mismatch
from softphone.asr.recognizer import ModelHandle, ModelState
from softphone.assist.packs import PackHolder
from softphone.assist.service import AssistService
from softphone.engine import Engine
from softphone.events import Event, ModelStateChanged
from softphone.errors import EngineStateError, SoftphoneError
from softphone.secrets import SecretStore
from softphone.settings import AsrSettings, Settings
from softphone.storage.alerts import AlertStore
from softphone.storage.db import database_path
from softphone.storage.history import HistoryWriter
from softphone.storage.recorder import HistoryRecorder
from softphone.storage.vault import FieldCipher, history_cipher

from .bridge import EngineBridge
from .engine_text import engine_text

__all__ = ["EngineHost", "model_for"]

log = logging.getLogger(__name__)

Post = Callable[[Event], None]


def model_for(current: ModelHandle | None, asr: AsrSettings, post: Post, rules_language: str = "",
              load: Callable[[AsrSettings, Post, str], ModelHandle | None] = load_model) -> ModelHandle | None:
    """The model for the calls of a (re)started engine.

    A load takes ~2 s and ~540 MB, so ``current`` is kept across restarts while
    it is still the chosen model; once another one is chosen (Settings, Speech
    tab, or ``model use``) or it was removed, the chosen one is loaded instead.
    The old service is closed before, so no call ever mixes two models.
    """
    chosen = choose_model(asr) if current is not None and asr.enabled else None
    if current is not None and asr.enabled and (chosen is None or chosen.path != current.path):
        current = None
    if current is None:
        return load(asr, post, rules_language)
    if asr.enabled:
        ready = current.state is ModelState.READY
        notice = language_mismatch(chosen, rules_language) if chosen and rules_language and ready else None
        post(ModelStateChanged(current.state.value, current.name, current.language,
                               notice or (current.last_event.user_message if not ready else ""),
                               rules_language if notice else ""))
    return current


class EngineHost(QObject):
    started = Signal(object)  # the Engine
    failed = Signal(object)  # the SoftphoneError
    history_notice = Signal(str)  # e.g. "no keyring: history keeps masked numbers only"

    def __init__(self, bridge: EngineBridge, secrets: SecretStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.secrets = secrets
        self.engine: Engine | None = None
        self.cipher: FieldCipher | None = None
        self._writer: HistoryWriter | None = None
        self._recorder: HistoryRecorder | None = None
        self._lock = threading.Lock()
        self.db_path: Path | None = None
        self._model: ModelHandle | None = None
        self._transcription: TranscriptionService | None = None
        self._assist: AssistService | None = None
        self.packs: PackHolder | None = None  # kept across restarts; reloaded when its language changes

    def start(self, settings: Settings, password: str | None, then: Callable[[Engine], None] | None = None) -> None:
        """Stop any running engine, start one with ``settings``; report on the GUI thread."""
        threading.Thread(target=self._restart, args=(settings, password, then), name="engine-host",
                         daemon=True).start()

    def _restart(self, settings: Settings, password: str | None, then: Callable[[Engine], None] | None) -> None:
        with self._lock:
            self._stop_locked()
            try:
                engine = self._start_locked(settings, password)
            except SoftphoneError as exc:
                failure = exc  # ``exc`` is unbound when the except block ends, before the GUI thread runs this
                self.bridge.call_on_main(lambda: self.failed.emit(failure))
                return
        self.bridge.call_on_main(lambda: self._announce(engine, then))

    def _announce(self, engine: Engine, then: Callable[[Engine], None] | None) -> None:
        self.started.emit(engine)
        if then is not None:
            then(engine)

    def _start_locked(self, settings: Settings, password: str | None) -> Engine:
        self.cipher, problem = history_cipher(self.secrets)
        if problem is not None:
            message = engine_text(problem.user_message)
            self.bridge.call_on_main(lambda: self.history_notice.emit(message))
        self.db_path = database_path(settings.storage)
        self._writer = HistoryWriter(self.db_path, self.cipher)
        engine = Engine(settings, password=password)
        self._recorder = HistoryRecorder(engine.bus, self._writer)
        self.bridge.attach(engine.bus)
        engine.start()
        self.engine = engine
        self._model = model_for(self._model, settings.asr, self._post_model_event, settings.assist.rules_language)
        if settings.asr.enabled:
            self._transcription = start_live_transcription(engine, self._model)
        self._assist = self._start_assist(engine, settings)
        if settings.account.register and settings.account.server:
            engine.register()
        return engine

    def stop(self, wait: bool = False) -> None:
        if wait:
            with self._lock:
                self._stop_locked()
            return
        threading.Thread(target=self.stop, kwargs={"wait": True}, name="engine-stop", daemon=True).start()

    def _post_model_event(self, event: Event) -> None:
        engine = self.engine
        if engine is not None:
            engine.bus.post(event)
        elif isinstance(event, ModelStateChanged):
            self.bridge.call_on_main(lambda: self.bridge.model_state_changed.emit(event))

    def _start_assist(self, engine: Engine, settings: Settings) -> AssistService:
        language = settings.assist.rules_language
        if self.packs is None or self.packs.language != language:
            self.packs = PackHolder(language, engine.bus.post)
            self.packs.reload()
            _freeze_long_lived()
        else:
            self.packs.set_post(engine.bus.post)
        assist = AssistService(engine.bus, self.packs)
        assist.attach(engine)
        return assist

    def reload_rules(self) -> bool:
        """Load the phrase rules again (a broken pack keeps the one in force); the result is an event."""
        loaded = self.packs.reload() if self.packs is not None else False
        _freeze_long_lived()
        return loaded

    def mark_alert_wrong(self, alert_id: str, note: str = "") -> Future[bool]:
        """Store the agent's "this alert is wrong" on the history writer's thread (True: the alert was found)."""
        writer = self._writer
        try:
            if writer is None:
                raise EngineStateError("no history writer", user_message=QCoreApplication.translate(
                    "EngineHost", "The call history is not open yet."))
            return writer.submit(lambda history: AlertStore(history.db).mark_wrong(alert_id, note))
        except EngineStateError as exc:
            failed: Future[bool] = Future()
            failed.set_exception(exc)
            return failed

    def _stop_locked(self) -> None:
        if self._transcription is not None:
            self._transcription.close()
            self._transcription = None
        if self._assist is not None:
            self._assist.close()
            self._assist = None
        engine, self.engine = self.engine, None
        if engine is not None:
            engine.stop()
        self.bridge.detach()
        if self._recorder is not None:
            self._recorder.close()
            self._recorder = None
        if self._writer is not None:
            self._writer.close(5.0)
            self._writer = None


def _freeze_long_lived() -> None:
    """Keep the garbage collector off the phrase matcher and pypinyin's dictionaries.

    They are about 340,000 objects that live as long as the pack (and are freed
    by reference counting, not by the collector, when a reload replaces it).
    The GUI thread collects every 5 s (``ui/app.py``); walking them took 0.1-0.2 s
    on an idle machine and 1.4 s with two calls transcribing: the window froze.
    """
    gc.freeze()
