"""The session: the one way into the engine for every front end.

A ``Session`` owns, for as long as a front end runs, the engine, the call
history (writer, the bus feed that fills it, the masked reader), the speech
model and live transcription, and the phrase assist. Front ends (the window,
``headless``, a team-lead service later) call its commands, which return
futures, and follow ``subscribe``: every event there is already masked
(``compliance.masking``). Saved settings are applied live: only what a
changed key needs is restarted, and never while a call is up.

Start and stop take seconds (pjsua2, the model, SQLite): a front end runs
them off its own loop. Commands never block.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

from ..asr.live import start_live_transcription
from ..asr.pipeline import TranscriptionService
from ..asr.recognizer import ModelHandle
from ..assist.packs import PackHolder
from ..assist.readings import READINGS_FILE, ReadingCache
from ..assist.service import AssistService
from ..compliance.audit import AuditAction, AuditLog
from ..audio.taps import TapListener
from ..bus import EventBus, Handler
from ..compliance.masking import MaskedFeed, mask_event
from ..crm.desk import CaseDesk
from ..crm.model import Case, WrapUp
from ..crm.views import CaseView
from ..demo.script import ScriptedTranscript
from ..plans.desk import PlanDesk, PlanRequest
from ..recording import Recorder, RecordingKeys
from ..recording.player import Player, PlayerState
from ..plans.views import PlanQuoteView, PlanState
from ..sms.message import SmsMessage
from ..engine import CallInfo, Engine
from ..errors import EngineStateError, SoftphoneError
from ..events import CallStateChanged, ErrorRaised, Event, SettingsChanged
from ..i18n import N_
from ..paths import cache_dir
from ..worker import copy_outcome
from ..secrets import SecretStore
from ..settings import Settings, changed_keys
from ..states import CallId, CallState, DeviceRole, RegState, SettingsState
from ..storage.alerts import AlertStore
from ..storage.db import database_path
from ..storage.history import HistoryWriter
from ..storage.history_feed import HistoryRecorder
from ..storage.vault import FieldCipher, history_cipher
from ._history import HistoryReader
from ._model import model_for
from ._password import find_password
from ._guard import GuardParts
from ._playback import PlaybackDesk
from ._team import TeamParts
from ._supervision import audit_supervision, supervision_checker
from ._recording import audit_failures, purge_in_background, start_recorder
from ._plans import PlanParts
from ._settings_plan import Part, SettingsPlan, plan

__all__ = ["Session", "leave_collection_to_front_end"]

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFERRED_MESSAGE = N_("Settings saved. They take effect when the current call ends, so the call is not dropped.")
APPLIED_MESSAGE = N_("The new settings are in force.")
NOT_STARTED_MESSAGE = N_("The phone engine is not running.")


class Session:
    """Engine, history, speech and assist for one front end (see the module docstring)."""

    def __init__(self, settings: Settings, secrets: SecretStore | None = None, *,
                 typed_password: str | None = None, throwaway_key: bool = False,
                 clock: Callable[[], float] | None = None) -> None:
        """``throwaway_key``: the demo's fictional data may be sealed with a key of this run only
        when there is no keyring (a fresh machine), so the demo still shows its cases.
        ``clock``: the dialing guard's time (tests place a call at 20:59:59); default the system's."""
        self._settings = settings
        self._throwaway: FieldCipher | None = None
        self._want_throwaway = throwaway_key
        self.secrets = secrets or SecretStore()
        self._typed_password = typed_password
        self._bus = EventBus()  # the raw events: only the engine's own parts follow it
        self._feed = MaskedFeed(self._bus, self._keys_hidden)  # what front ends follow
        self._lock = threading.RLock()  # start, stop and restarts, one at a time
        self._engine: Engine | None = None
        self._writer: HistoryWriter | None = None
        self._history_feed: HistoryRecorder | None = None
        self.history: HistoryReader | None = None
        self.cipher: FieldCipher | None = None
        self.history_problem: SoftphoneError | None = None  # e.g. no keyring: masked numbers only
        self.password_problem: SoftphoneError | None = None
        self._model: ModelHandle | None = None
        self._transcription: TranscriptionService | None = None
        self._assist: AssistService | None = None
        self._demo_script: ScriptedTranscript | None = None
        self.packs: PackHolder | None = None  # kept across restarts; reloaded when its language changes
        self._pending: SettingsPlan | None = None
        self._cases: CaseDesk | None = None
        self._plans: PlanParts | None = None
        self._guard: GuardParts | None = None
        self._recorder: Recorder | None = None
        self._playback: PlaybackDesk | None = None
        self._team: TeamParts | None = None
        self._clock = clock
        self._bus.subscribe(self._on_call_state, CallStateChanged)
        audit_failures(self._bus, self._audit_recording_failed)
        audit_supervision(self._bus, lambda action, actor, call_id, details: self._audit_log().append(
            action, actor=actor, call_id=call_id, details=details))

    # -- what front ends follow ------------------------------------------------------
    def subscribe(self, handler: Handler) -> Callable[[], None]:
        """Every event, masked, on the bus thread, in order; returns the unsubscribe."""
        return self._feed.subscribe(handler)

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def running(self) -> bool:
        engine = self._engine
        return engine is not None and engine.running

    @property
    def local_port(self) -> int:
        engine = self._engine
        return engine.local_port if engine is not None else 0

    @property
    def db_path(self) -> Path | None:
        return self.history.db_path if self.history is not None else None

    # -- lifecycle ---------------------------------------------------------------------
    def start(self, engine_ready: Callable[[], None] | None = None) -> None:
        """Open the history, start the engine, sign in, then the speech model and assist. Raises SoftphoneError.

        ``engine_ready`` runs as soon as the engine is up, before the phrase pack
        (a second or two) is loaded: headless prints its ``ready`` line there.
        """
        with self._lock:
            self._stop_locked()
            self._start_all(engine_ready)

    def _start_all(self, engine_ready: Callable[[], None] | None = None) -> None:
        self._open_history()
        self._start_cases()
        self._start_engine()
        if engine_ready is not None:
            engine_ready()
        self._sign_in()
        self._start_speech()
        self._start_assist()

    def stop(self) -> None:
        """Hang up, stop everything, close the history. Idempotent."""
        with self._lock:
            self._stop_locked()

    def close(self) -> None:
        """Stop, and end the session's own threads (the session cannot start again)."""
        self.stop()
        if self._demo_script is not None:
            self._demo_script.close()
            self._demo_script = None
        if self._plans is not None:
            self._plans.close()
            self._plans = None
        if self._guard is not None:
            self._guard.close()
            self._guard = None
        if self._cases is not None:
            self._cases.close()
            self._cases = None
        if self._playback is not None:
            self._playback.close()
            self._playback = None
        if self.history is not None:
            self.history.close()
        self._bus.close()

    def _open_history(self) -> None:
        self.cipher, self.history_problem = history_cipher(self.secrets)
        if self.cipher is None and self._want_throwaway:
            self.cipher, self.history_problem = self._throwaway_cipher(), None
        if self.history_problem is not None:
            self._bus.post(ErrorRaised("storage", str(self.history_problem), self.history_problem.user_message))
        path = database_path(self._settings.storage)
        self._writer = HistoryWriter(path, self.cipher)
        self._history_feed = HistoryRecorder(self._bus, self._writer)
        if self.history is None:
            self.history = HistoryReader(path, self.cipher)
        else:  # front ends keep the reader they were given across restarts
            self.history.point_at(path, self.cipher)

    def _throwaway_cipher(self) -> FieldCipher:
        """A key for this run only (the demo without a keyring); the demo's earlier data, sealed with a key
        now gone, is removed first."""
        if self._throwaway is None:
            self._throwaway = FieldCipher(FieldCipher.new_key())
            path = database_path(self._settings.storage)
            for old in path.parent.glob(path.name + "*"):
                old.unlink(missing_ok=True)
            log.info("no keyring: the demo's data is sealed with a key of this run only")
        return self._throwaway

    def _start_cases(self) -> None:
        desk = CaseDesk(self._bus, self._settings, database_path(self._settings.storage), self.cipher, self.secrets)
        old, self._cases = self._cases, desk
        if old is not None:
            desk.take_over(old)
            old.close()
        if self._plans is None:
            self._plans = PlanParts(self._bus, lambda: self._settings, self.secrets, self._desk,
                                    throwaway_key=self._want_throwaway)
        old_guard, self._guard = self._guard, GuardParts(self._bus, self._settings, self.secrets, self._desk,
                                                         self._audit_guard, clock=self._clock)
        if old_guard is not None:
            old_guard.close()

    def _audit_deleted(self, call_id: str, started_at: float) -> None:
        self._audit_log().append(AuditAction.RECORDING_DELETED, actor="retention", call_id=call_id,
                             details={"started": time.strftime("%Y-%m-%d", time.gmtime(started_at))})

    def _audit_recording_failed(self, call_id: str, problem: str) -> None:
        self._audit_log().append(AuditAction.RECORDING_FAILED, actor=self._actor(), call_id=call_id,
                             details={"problem": problem})

    def _actor(self) -> str:
        return self._settings.account.user or "agent"

    def _audit_guard(self, action: AuditAction, case_id: str, details: dict[str, object]) -> None:
        self._audit_log().append(action, actor=self._actor(), case_id=case_id, details=details)

    def _start_engine(self) -> None:
        lookup = find_password(self._settings.account, self.secrets, self._typed_password)
        self.password_problem = lookup.problem
        engine = Engine(self._settings, bus=self._bus, password=lookup.password)
        engine.start()
        self._engine = engine
        self._recorder = start_recorder(self._bus, self._settings, self.secrets, engine, self._want_throwaway)
        if self._recorder is not None and not self._want_throwaway:
            purge_in_background(self._settings, self._audit_deleted)
        self._team = TeamParts(self._settings, self.secrets, self._bus, self._feed.subscribe)
        engine.set_supervision_checker(supervision_checker(self._settings))

    def _sign_in(self) -> None:
        account, engine = self._settings.account, self._require_engine()
        if not (account.register and account.server):
            return
        if self.password_problem is not None:  # no password anywhere: say so, stay unregistered
            problem = self.password_problem
            self._bus.post(ErrorRaised("keyring", str(problem), problem.user_message))
            return
        engine.register()

    def _start_speech(self) -> None:
        settings, engine = self._settings, self._require_engine()
        self._model = model_for(self._model, settings.asr, self._bus.post, settings.assist.rules_language)
        self._transcription = start_live_transcription(engine, self._model) if settings.asr.enabled else None

    def _start_assist(self) -> None:
        language = self._settings.assist.rules_language
        if self.packs is None or self.packs.language != language:
            self.packs = PackHolder(language, self._bus.post, readings=ReadingCache(cache_dir() / READINGS_FILE))
            self.packs.reload()
            _freeze_long_lived()
        assist = AssistService(self._bus, self.packs)
        assist.attach(self._require_engine())
        self._assist = assist

    def _stop_speech(self) -> None:
        if self._transcription is not None:
            self._transcription.close()
            self._transcription = None

    def _stop_assist(self) -> None:
        if self._assist is not None:
            self._assist.close()
            self._assist = None

    def _stop_locked(self) -> None:
        self._stop_speech()
        self._stop_assist()
        engine, self._engine = self._engine, None
        if engine is not None:
            engine.stop()
        if self._recorder is not None:  # after the engine: its calls' ends are written first
            self._bus.flush()
            self._recorder.close()
            self._recorder = None
        if self._team is not None:  # after the engine too: the lead sees the calls end, then "offline"
            self._bus.flush()
            self._team.close()
            self._team = None
        if self._history_feed is not None:
            self._history_feed.close()
            self._history_feed = None
        if self._writer is not None:
            self._writer.close(5.0)
            self._writer = None

    # -- settings, applied live ----------------------------------------------------------
    def apply_settings(self, new: Settings, typed_password: str | None = None) -> SettingsPlan:
        """Take ``new`` (already saved): restart only what its changed keys need, never during a call.

        Blocks while it restarts (seconds): a front end calls it off its loop.
        """
        with self._lock:
            old, self._settings = self._settings, new
            password_changed = typed_password is not None and typed_password != self._typed_password
            if typed_password is not None:
                self._typed_password = typed_password
            keys = changed_keys(old, new) | ({"account.password"} if password_changed else frozenset())
            if self._plans is not None:
                self._plans.audit_settings(keys)
            wanted = plan(keys)
            if self._pending is not None:
                wanted = plan(self._pending.keys | keys)
            self._switch_devices(wanted, old)
            if not wanted.restarts or self._engine is None:
                self._pending = None
                return wanted
            if self._calls_up():
                self._pending = wanted
                self._bus.post(SettingsChanged(SettingsState.DEFERRED, tuple(sorted(wanted.keys)), DEFERRED_MESSAGE))
                return wanted
            self._pending = None
            self._restart(wanted)
            return wanted

    def _restart(self, wanted: SettingsPlan) -> None:
        if Part.ENGINE in wanted.parts:
            self._stop_locked()
            self._start_all()
        else:
            if Part.SPEECH in wanted.parts or Part.RULES in wanted.parts:
                self._stop_speech()
                self._start_speech()  # the model's ready notice names the rules' language
            if Part.RULES in wanted.parts:
                self._stop_assist()
                self._start_assist()
            if Part.CASES in wanted.parts or Part.RULES in wanted.parts:  # the scripts follow the rules' language
                self._start_cases()
        self._bus.post(SettingsChanged(SettingsState.APPLIED, tuple(sorted(wanted.keys)), APPLIED_MESSAGE))

    def _switch_devices(self, wanted: SettingsPlan, old: Settings) -> None:
        engine = self._engine
        if Part.DEVICES not in wanted.parts or Part.ENGINE in wanted.parts or engine is None:
            return
        if engine.devices is None:
            return
        audio = self._settings.audio
        for role, before, after in ((DeviceRole.INPUT, old.audio.input_device, audio.input_device),
                                    (DeviceRole.OUTPUT, old.audio.output_device, audio.output_device),
                                    (DeviceRole.RINGER, old.audio.ringer_device, audio.ringer_device)):
            if before != after:
                try:
                    engine.select_device(role, after)
                except SoftphoneError as exc:
                    engine.report_error("audio", exc)
        # the engine keeps reading its settings for the devices it reopens
        engine.settings = dataclasses.replace(engine.settings, audio=audio)

    def _calls_up(self) -> bool:
        engine = self._engine
        if engine is None or not engine.running:
            return False
        try:
            return any(c.state is not CallState.DISCONNECTED for c in engine.calls().result(5))
        except SoftphoneError:
            return False

    def _on_call_state(self, event: Event) -> None:
        """Bus thread: a call starting stops a recording being played back; when a call ends with settings
        waiting, apply them once no call is left."""
        if isinstance(event, CallStateChanged) and event.new in (CallState.CALLING, CallState.INCOMING):
            if self._playback is not None:
                self._playback.stop()
        if isinstance(event, CallStateChanged) and event.new is CallState.DISCONNECTED and self._pending is not None:
            threading.Thread(target=self._apply_pending, name="settings-apply", daemon=True).start()

    def _apply_pending(self) -> None:
        with self._lock:
            wanted = self._pending
            if wanted is None or self._calls_up():
                return
            self._pending = None
            try:
                self._restart(wanted)
            except SoftphoneError as exc:
                self._bus.post(ErrorRaised("engine", str(exc), exc.user_message))

    @property
    def pending_settings(self) -> frozenset[str]:
        """The keys saved but not yet in force (waiting for the last call to end)."""
        pending = self._pending
        return pending.keys if pending is not None else frozenset()

    # -- commands (futures; the engine's own thread runs them) -------------------------------
    def _require_engine(self) -> Engine:
        engine = self._engine
        if engine is None:
            raise EngineStateError("session not started", user_message=NOT_STARTED_MESSAGE)
        return engine

    def _engine_future(self, fn: Callable[[Engine], Future[T]]) -> Future[T]:
        try:
            return fn(self._require_engine())
        except EngineStateError as exc:
            return _failed(exc)

    def register(self) -> Future[None]:
        return self._engine_future(lambda e: e.register())

    def unregister(self) -> Future[None]:
        return self._engine_future(lambda e: e.unregister())

    def registration_state(self) -> Future[RegState]:
        return self._engine_future(lambda e: e.registration_state())

    def dial(self, target: str, headers: dict[str, str] | None = None) -> Future[CallId]:
        """Place a call once the dialing guard allows it (``DialRefused``: its rule and next allowed time,
        before any INVITE); refused (``WrapUpPending``) while the last call's required wrap-up is not done."""
        if self._cases is not None:
            try:
                self._cases.check_can_dial()
            except SoftphoneError as exc:
                return _failed(exc)
        guard = self._guard
        if guard is None:
            return _failed(EngineStateError("session not started", user_message=NOT_STARTED_MESSAGE))
        return guard.dial(target, lambda: self._engine_future(lambda e: e.dial(target, headers)))

    def dial_case(self, case_id: str) -> Future[CallId]:
        """Call a case's customer on their own number (the window's case panel); the number never leaves."""
        result: Future[CallId] = Future()

        def got(found: Future[Case | None]) -> None:
            try:
                case = found.result()
                if case is None:
                    raise SoftphoneError(f"no case {case_id}", user_message=N_(
                        "There is no case {0} in the case book.", case_id))
                own = case.own_numbers
                if not own:
                    raise SoftphoneError(f"case {case_id} has no own number", user_message=N_(
                        "This customer has no number of their own on file, so there is no one to call."))
                self.dial(own[0].number).add_done_callback(lambda f: copy_outcome(f, result))
            except BaseException as exc:  # noqa: BLE001 - goes back to the caller
                result.set_exception(exc)
        try:
            self._desk().case_by_id(case_id).add_done_callback(got)
        except EngineStateError as exc:
            return _failed(exc)
        return result

    @property
    def guard(self) -> GuardParts:
        """The dialing guard's commands (check, record, quiet, do-not-contact): decisions hold no number."""
        guard = self._guard
        if guard is None:
            raise EngineStateError("session not started", user_message=NOT_STARTED_MESSAGE)
        return guard

    # -- the case file -----------------------------------------------------------------------
    def _desk(self) -> CaseDesk:
        desk = self._cases
        if desk is None:
            raise EngineStateError("session not started", user_message=NOT_STARTED_MESSAGE)
        return desk

    def lookup_case(self, text: str, call_id: CallId | None = None) -> Future[tuple[CaseView, ...]]:
        """Search the cases (masked views); with ``call_id`` the one found becomes that call's case (``CaseFound``)."""
        try:
            return self._desk().lookup(text, call_id)
        except EngineStateError as exc:
            return _failed(exc)

    def choose_case(self, call_id: CallId, case_id: str) -> Future[CaseView]:
        """The agent picked the case of a call (several matched, or from a search)."""
        try:
            return self._desk().choose(call_id, case_id)
        except EngineStateError as exc:
            return _failed(exc)

    def submit_wrapup(self, wrapup: WrapUp) -> Future[int]:
        """Store a call's wrap-up; the result is the call's collection score (``WrapUpRejected``: what to fix)."""
        try:
            return self._desk().submit_wrapup(wrapup)
        except EngineStateError as exc:
            return _failed(exc)

    def load_demo_cases(self) -> Future[tuple[int, int]]:
        """The demo's fictional case book into the local one (``softphone.demo.cases``); (added, updated)."""
        from ..demo.cases import demo_cases

        try:
            return self._desk().seed(demo_cases())
        except EngineStateError as exc:
            return _failed(exc)

    # -- the plan change -------------------------------------------------------------------------
    def _plan_desk(self) -> PlanDesk:
        parts = self._plans
        if parts is None:
            raise EngineStateError("session not started", user_message=NOT_STARTED_MESSAGE)
        return parts.desk

    def _keys_hidden(self, call_id: str) -> bool:
        parts = self._plans
        return parts is not None and parts.keys_hidden(call_id)

    def quote_plan(self, call_id: CallId, request: PlanRequest) -> Future[PlanQuoteView]:
        """Quote new terms for the call's case (``PlanQuoted``); ``PlanError`` names what is wrong with them."""
        try:
            return self._plan_desk().quote(call_id, request)
        except EngineStateError as exc:
            return _failed(exc)

    def send_plan_code(self, call_id: CallId) -> Future[PlanState]:
        """Send the customer the code for the quoted plan (or queue it for review); ``PlanStateChanged`` follows."""
        try:
            return self._plan_desk().send_code(call_id)
        except EngineStateError as exc:
            return _failed(exc)

    def confirm_plan(self, call_id: CallId, code: str) -> Future[PlanState]:
        """The code the customer read out, typed by the agent (the customer may also key it on the phone)."""
        try:
            return self._plan_desk().confirm(call_id, code)
        except EngineStateError as exc:
            return _failed(exc)

    def decide_plan_review(self, review_id: str, approve: bool, reviewer: str, note: str = "") -> Future[bool]:
        """A reviewer's decision on a plan over the caps (audited); False when no such review is pending."""
        try:
            return self._plan_desk().decide_review(review_id, approve, reviewer, note)
        except EngineStateError as exc:
            return _failed(exc)

    def start_demo_transcript(self, pace: float = 1.0) -> None:
        """The demo without a Chinese model: each answered call gets the demo's scripted transcript, marked
        simulated, which the real assist follows (``softphone.demo.script``); ``pace`` < 1 plays it faster."""
        if self._demo_script is None:
            self._demo_script = ScriptedTranscript(self._bus, pace=pace)

    def set_demo_phone(self, deliver: Callable[[SmsMessage], None] | None) -> None:
        """The demo's simulated customer receives the SMS the demo gateway sends (``[sms] gateway = "demo"``)."""
        if self._plans is not None:
            self._plans.demo_deliver = deliver

    @property
    def pending_wrapups(self) -> tuple[CallId, ...]:
        desk = self._cases
        return desk.pending_wrapups if desk is not None else ()

    def answer(self, call_id: CallId) -> Future[None]:
        return self._engine_future(lambda e: e.answer(call_id))

    def reject(self, call_id: CallId, code: int = 486) -> Future[None]:
        return self._engine_future(lambda e: e.reject(call_id, code))

    def hangup(self, call_id: CallId) -> Future[None]:
        return self._engine_future(lambda e: e.hangup(call_id))

    def hold(self, call_id: CallId) -> Future[None]:
        return self._engine_future(lambda e: e.hold(call_id))

    def unhold(self, call_id: CallId) -> Future[None]:
        return self._engine_future(lambda e: e.unhold(call_id))

    def mute(self, call_id: CallId, muted: bool = True) -> Future[None]:
        return self._engine_future(lambda e: e.mute(call_id, muted))

    def dtmf(self, call_id: CallId, digits: str) -> Future[str]:
        return self._engine_future(lambda e: e.dtmf(call_id, digits))

    def transfer(self, call_id: CallId, target: str) -> Future[None]:
        return self._engine_future(lambda e: e.transfer(call_id, target))

    def attended_transfer(self, call_id: CallId, other_id: CallId) -> Future[None]:
        return self._engine_future(lambda e: e.attended_transfer(call_id, other_id))

    def calls(self) -> Future[list[CallInfo]]:
        """The calls up now, masked like every event."""
        result: Future[list[CallInfo]] = Future()
        self._engine_future(lambda e: e.calls()).add_done_callback(
            lambda f: result.set_exception(f.exception()) if f.exception() is not None
            else result.set_result([mask_event(c) for c in f.result()]))
        return result

    def redial(self, call_id: CallId) -> Future[CallId]:
        """Call back the party of a past call: its full number never leaves the session."""
        reader = self.history
        if reader is None:
            return _failed(EngineStateError("history not open", user_message=NOT_STARTED_MESSAGE))
        result: Future[CallId] = Future()

        def dial_it(target: Future[str]) -> None:
            try:
                self.dial(target.result()).add_done_callback(lambda f: copy_outcome(f, result))
            except BaseException as exc:  # noqa: BLE001 - goes back to the caller
                result.set_exception(exc)
        reader.redial_target(call_id).add_done_callback(dial_it)
        return result

    def select_device(self, role: DeviceRole, name: str) -> None:
        self._require_engine().select_device(role, name)

    def mic_level(self) -> float:
        engine = self._engine
        return engine.mic_level() if engine is not None else 0.0

    # -- the team lead's view of this agent ---------------------------------------------------------------
    def set_paused(self, paused: bool) -> bool:
        """The agent's Pause / Ready, as the team lead sees it; False when no lead follows (``[team]`` off)."""
        team = self._team
        return team.set_paused(paused) if team is not None else False

    @property
    def team_enabled(self) -> bool:
        return self._settings.team.enabled

    # -- playing back one's own recordings (the administrator's policy decides) ----------------------------
    def _playback_desk(self) -> PlaybackDesk:
        if self._playback is None:
            self._playback = PlaybackDesk(lambda: self._settings, self.secrets, self._audit_log, self._actor,
                                          self._recorder_keys)
        return self._playback

    def _audit_log(self) -> AuditLog:
        parts = self._plans
        if parts is None:
            raise EngineStateError("session not started", user_message=NOT_STARTED_MESSAGE)
        return parts.audit()

    def _recorder_keys(self) -> RecordingKeys | None:
        recorder = self._recorder
        return recorder.keys if recorder is not None else None

    def may_play_recordings(self) -> bool:
        """Whether the administrator's policy lets this agent play calls back (the window shows Play or not)."""
        return self._playback_desk().may_play()

    def play_recording(self, call_id: str, on_change: Callable[[PlayerState], None] | None = None
                       ) -> Future[Player]:
        """A player for the call's recording, decrypted in memory, the ``recording.played`` audit entry written;
        RecordingUnavailable (in plain words) when it is not allowed, absent or fails its check."""
        return self._playback_desk().open(call_id, on_change)

    def subscribe_taps(self, listener: TapListener, call_id: CallId | None = None) -> Callable[[], None]:
        """The raw audio of calls, for a part of the engine (recording, a benchmark): never a front end."""
        return self._require_engine().subscribe_taps(listener, call_id)

    def reload_rules(self) -> bool:
        """Load the phrase rules again (a broken pack keeps the one in force); the result is an event."""
        loaded = self.packs.reload() if self.packs is not None else False
        _freeze_long_lived()
        return loaded

    def mark_alert_wrong(self, alert_id: str, note: str = "") -> Future[bool]:
        """Keep the agent's "this alert is wrong" (True: the alert was found)."""
        writer = self._writer
        if writer is None:
            return _failed(EngineStateError("no history writer", user_message=N_("The call history is not open yet.")))
        return writer.submit(lambda history: AlertStore(history.db).mark_wrong(alert_id, note))

    @property
    def model(self) -> ModelHandle | None:
        """The speech model in use (for ``analyze`` in the same process)."""
        return self._model


def leave_collection_to_front_end() -> None:
    """The front end's own thread runs Python's collector (Qt objects must be freed on the GUI thread),
    so the engine skips its ``gc.collect()`` before ``libDestroy`` (pjsua2 objects are never in cycles)."""
    from ..engine import core

    core.COLLECT_BEFORE_DESTROY = False


def _failed(exc: BaseException) -> Future[T]:
    future: Future[T] = Future()
    future.set_exception(exc)
    return future


def _freeze_long_lived() -> None:
    """Keep the garbage collector off the phrase matcher and pypinyin's dictionaries.

    They are about 340,000 objects that live as long as the pack (and are freed
    by reference counting, not by the collector, when a reload replaces it).
    The window's GUI thread collects every 5 s; walking them took 0.1-0.2 s on
    an idle machine and 1.4 s with two calls transcribing: the window froze.
    """
    gc.freeze()
