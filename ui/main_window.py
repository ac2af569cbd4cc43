"""The collector's main window: status, dial pad, calls, hand-off, assist, history.

It only wires widgets to ``EngineBridge`` signals and engine commands; no
rule is decided here. Nothing here waits: engine commands are futures
(``ops.run_op``), storage is read in the background by the history view.

One call is "shown" at a time (the newest, or the one the agent clicks): the
transcript, the alert banner, the emotion indicator and the alert list follow
it; each keeps every call's state, so switching back loses nothing.
"""

from __future__ import annotations

from concurrent.futures import Future

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QGroupBox, QHBoxLayout, QLabel, QMainWindow, QProgressBar, QPushButton, QScrollArea, QSizePolicy, QSplitter,
    QSystemTrayIcon, QTabWidget, QVBoxLayout, QWidget,
)

from softphone.session import Session
from softphone.events import (
    CaseFound, RiskHintsChanged, WrapUpRequired, WrapUpStored,
    AudioDeviceChanged, CallStateChanged, DtmfReceived, ErrorRaised, IncomingCall, MediaStateChanged,
    OutgoingCall, PhraseAlert, RecordingNoticePlayed, RecordingStateChanged, RulePackChanged, TransferProgress,
)
from softphone.settings import Settings
from softphone.session import Disposition, WrapUp, WrapUpRejected
from softphone.states import (
    CallDirection, CallId, CallState, CasePopState, DeviceRole, MediaState, RulePackState, Severity,
)

from .bridge import EngineBridge
from .engine_host import EngineHost
from .errors import show_error
from .ops import in_background, run_op
from .plan_change import PlanChange
from .widgets.account_status import AccountStatus
from .widgets.alert_banner import AlertBanner, PacingLine, RulesWarning
from .widgets.alert_list import AlertList
from .widgets.team_status import SupervisionIndicator, TeamStatus
from .widgets.call_panel import CallPanel
from .widgets.customer_panel import CustomerPanel
from .widgets.wrapup_form import WrapUpForm, disposition_words
from .widgets.dialpad import DialPad
from .widgets.emotion import EmotionIndicator
from .widgets.handoff import HandoffPanel
from .widgets.incoming import IncomingPopup, is_ai_handoff
from .widgets.transcript import TranscriptPane
from .engine_text import engine_text

__all__ = ["MainWindow"]

CALLS_MAX_MIN_HEIGHT = 280  # px kept for the calls at most; more calls than fit there scroll
IDLE_CALLS_HEIGHT = 90  # px for "No call" while idle


class MainWindow(QMainWindow):
    settings_requested = Signal()

    def __init__(self, host: EngineHost, settings: Settings, demo: bool = False) -> None:
        super().__init__()
        self.host, self.bridge, self.settings, self.demo = host, host.bridge, settings, demo
        self.panels: dict[CallId, CallPanel] = {}
        self.popups: dict[CallId, IncomingPopup] = {}
        self.shown_call: CallId | None = None
        self._alerted: set[str] = set()
        self.alert_sound: Callable[[], None] = QApplication.beep  # the sound-card edge (tests count it)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Agent Softphone") + (" — " + self.tr("DEMO") if demo else ""))
        self.resize(1180, 720)
        self._build()
        self._fit_calls()
        self._connect()
        self.apply_shortcuts(settings)
        self._meter_timer = QTimer(self)
        self._meter_timer.timeout.connect(self._update_meter)
        self._meter_timer.start(100)

    def engine(self) -> Session | None:
        """Where commands go: the session, while its engine runs."""
        return self.host.engine

    def run_command(self, future: Future[Any]) -> None:
        """Follow a command's future; an error reaches the agent as a message."""
        run_op(self.bridge, future, parent=self)

    # -- layout ----------------------------------------------------------------
    def _build(self) -> None:
        self.status = AccountStatus()
        self.status.set_account(self.tr("Demo agent") if self.demo else self.settings.account.user or self.tr("No account"))
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        if self.demo:
            badge = QLabel(self.tr("DEMO — simulated customer, no real calls"))
            badge.setObjectName("demoBadge")
            badge.setStyleSheet("background: #fff3c4; color: #7a5b00; padding: 4px 10px; border-radius: 4px; font-weight: 600;")
            top.addWidget(badge)
        self.settings_b = QPushButton(self.tr("Settings"))
        self.settings_b.setObjectName("settingsButton")
        self.settings_b.clicked.connect(lambda _=False: self.settings_requested.emit())
        top.addWidget(self.settings_b)
        self.dialpad = DialPad()
        self.dialpad.setMaximumWidth(300)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self._build_calls_tab(), self.tr("Calls"))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.dialpad)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._build_menu()
        self._build_tray()

    def _build_calls_tab(self) -> QWidget:
        self.calls_box = QWidget()
        self.calls_layout = QVBoxLayout(self.calls_box)
        self.idle_label = QLabel(self.tr("No call. Dial a number, or wait for a call."))
        self.idle_label.setObjectName("idleLabel")
        self.idle_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.idle_label.setStyleSheet("color: #777; font-size: 15px; padding: 30px;")
        self.calls_layout.addWidget(self.idle_label)
        self.calls_layout.addStretch(1)
        self.calls_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.calls_box)
        self.rules_warning = RulesWarning()
        calls = QWidget()
        calls_column = QVBoxLayout(calls)
        calls_column.setContentsMargins(0, 0, 0, 0)
        self.customer = CustomerPanel()
        self.wrapup = WrapUpForm()
        calls_column.addWidget(self.rules_warning)
        calls_column.addWidget(scroll, 1)
        case_column = QWidget()  # the wrap-up (after a call) above the case it is for
        case_layout = QVBoxLayout(case_column)
        case_layout.setContentsMargins(0, 0, 0, 0)
        case_layout.addWidget(self.wrapup)
        case_layout.addWidget(self.customer, 1)
        customer_scroll = QScrollArea()  # a small screen (1366x768) scrolls the case instead of growing the window
        customer_scroll.setObjectName("customerScroll")
        customer_scroll.setWidgetResizable(True)
        customer_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        customer_scroll.setWidget(case_column)
        self.customer_scroll = customer_scroll
        calls_column.addWidget(customer_scroll, 1)
        self.handoff = HandoffPanel()
        calls_column.addWidget(self.handoff)
        self.transcript = QGroupBox(self.tr("Live transcript"))
        self.transcript.setObjectName("transcriptPanel")
        t_layout = QVBoxLayout(self.transcript)
        self.transcript_pane = TranscriptPane()
        t_layout.addWidget(self.transcript_pane)
        side = QWidget()  # what the bot learned, what is said, and the alerts on it
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self._build_assist())
        side_layout.addWidget(self.transcript, 1)
        tab = QSplitter(Qt.Orientation.Horizontal)
        tab.addWidget(calls)
        tab.addWidget(side)
        tab.setStretchFactor(0, 3)
        tab.setStretchFactor(1, 2)
        tab.setSizes([540, 360])
        return tab

    def _build_assist(self) -> QWidget:
        """Under the calls: the alert banner, the pacing hint, both sides' emotion and the call's alerts."""
        self.alert_banner = AlertBanner()
        self.pacing_line = PacingLine()
        self.emotion = EmotionIndicator()
        self.alert_list = AlertList()
        # the alert is never squeezed: the list of earlier alerts gives way (it scrolls)
        self.alert_banner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.alert_list.setMinimumHeight(60)
        box = QGroupBox(self.tr("Assist"))
        box.setObjectName("assistPanel")
        column = QVBoxLayout(box)
        column.addWidget(self.alert_banner)
        column.addWidget(self.pacing_line)
        column.addWidget(self.emotion)
        column.addWidget(self.alert_list, 1)
        self.alert_banner.wrong_requested.connect(self.mark_alert_wrong)
        self.alert_list.wrong_requested.connect(self.mark_alert_wrong)
        return box

    def add_history_tab(self, view: QWidget, search: QWidget | None = None) -> None:
        self.history_view = view
        tab = QSplitter(Qt.Orientation.Vertical)
        tab.addWidget(view)
        if search is not None:
            self.transcript_search = search
            box = QGroupBox(self.tr("Search the transcripts"))
            QVBoxLayout(box).addWidget(search)
            tab.addWidget(box)
            tab.setStretchFactor(0, 3)
            tab.setStretchFactor(1, 1)
        self.tabs.addTab(tab, self.tr("History"))

    def _build_status_bar(self) -> None:
        self.devices_label = QLabel()
        self.devices_label.setObjectName("devicesLabel")
        self.meter = QProgressBar()
        self.meter.setObjectName("micMeter")
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setFixedWidth(120)
        self.meter.setToolTip(self.tr("Microphone level"))
        self.statusBar().addPermanentWidget(QLabel(self.tr("Mic")))
        self.statusBar().addPermanentWidget(self.meter)
        self.statusBar().addWidget(self.devices_label, 1)
        self.history_notice = QLabel()
        self.history_notice.setObjectName("historyNotice")
        self.history_notice.setStyleSheet("color: #9a6700;")
        self.history_notice.hide()
        self.statusBar().addPermanentWidget(self.history_notice)
        self.team_status = TeamStatus(self.host.session.set_paused)
        self.team_status.setVisible(self.settings.team.enabled)
        self.statusBar().addPermanentWidget(self.team_status)
        self.supervision_label = SupervisionIndicator()
        self.statusBar().addPermanentWidget(self.supervision_label)
        self.show_devices()

    def show_devices(self) -> None:
        audio = self.settings.audio
        if not audio.enabled:
            self.devices_label.setText(self.tr("Sound devices off"))
            return
        default = self.tr("system default")
        self.devices_label.setText(self.tr("Microphone: {0}   Headset: {1}   Ringer: {2}").format(
            audio.input_device or default, audio.output_device or default, audio.ringer_device or default))

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Phone"))
        settings = QAction(self.tr("Settings…"), self)
        settings.triggered.connect(lambda: self.settings_requested.emit())
        menu.addAction(settings)
        self.reload_rules_action = QAction(self.tr("Reload phrase rules"), self)
        self.reload_rules_action.setObjectName("reloadRules")
        self.reload_rules_action.setToolTip(self.tr("Load the forbidden-phrase rules again after they were edited"))
        self.reload_rules_action.triggered.connect(self.reload_rules)
        menu.addAction(self.reload_rules_action)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)

    def _build_tray(self) -> None:
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self.windowIcon(), self)
            self.tray.setToolTip(self.windowTitle())
            self.tray.activated.connect(lambda _reason: self.showNormal())
            self.tray.show()

    # -- wiring ------------------------------------------------------------------
    def _connect(self) -> None:
        b = self.bridge
        self._links = [
            (b.registration_changed, self.status.on_registration),
            (b.incoming_call, self.on_incoming),
            (b.outgoing_call, self.on_outgoing),
            (b.call_state_changed, self.on_call_state),
            (b.media_state_changed, lambda e: self._to_panel(e, CallPanel.on_media)),
            (b.dtmf_received, lambda e: self._to_panel(e, CallPanel.on_dtmf)),
            (b.transfer_progress, lambda e: self._to_panel(e, CallPanel.on_transfer)),
            (b.audio_device_changed, self.on_device_changed),
            (b.error_raised, self.on_error),
            (b.recording_state_changed, self.on_recording),
            (b.recording_notice_played, self.on_recording_notice),
            (b.team_link_changed, self.team_status.on_link),
            (b.agent_state_changed, self.team_status.on_state),
            (b.supervision_changed, self.supervision_label.on_supervision),
            (b.transcript, self.transcript_pane.on_segment),
            (b.model_state_changed, self.transcript_pane.on_model_state),
            (b.transcription_failed, self.transcript_pane.on_failed),
            (b.phrase_alert, self.on_phrase_alert),
            (b.emotion_changed, self.emotion.on_emotion),
            (b.pacing_alert, self.pacing_line.on_pacing),
            (b.rule_pack_changed, self.on_rule_pack),
            (b.case_found, self.on_case_found),
            (b.risk_hints_changed, self.on_risk_hints),
            (b.wrapup_required, self.on_wrapup_required),
            (b.wrapup_stored, self.on_wrapup_stored),
        ]
        for signal, slot in self._links:
            signal.connect(slot)
        self.customer.search_requested.connect(self.search_case)
        self.customer.case_chosen.connect(self.choose_case)
        self.customer.call_requested.connect(self.call_case)
        self.wrapup.submitted.connect(self.submit_wrapup)
        self.plan_change = PlanChange(self, b, self.customer, self.engine,
                                      lambda: getattr(self, "_case_call", None) or self.shown_call)
        self.dialpad.dial_requested.connect(self.dial)
        self.dialpad.key_pressed.connect(self._key_in_call)

    def _to_panel(self, event: MediaStateChanged | DtmfReceived | TransferProgress, method: object) -> None:
        panel = self.panels.get(event.call_id)
        if panel is not None:
            method(panel, event)  # type: ignore[operator]

    def apply_shortcuts(self, settings: Settings) -> None:
        """Answer, hang up, mute, hold, transfer: from any of the app's windows, the ringing popup too.

        Actions, not ``QShortcut``s: an application-wide shortcut only counts while a widget it belongs to is
        visible, and the main window may be hidden (started to the tray) while the popup has the focus. Each
        action also belongs to every popup, and one action per key means Qt never finds two (an ambiguous key
        does nothing). The keys are read in Qt's portable form, whatever the language."""
        for old in getattr(self, "_shortcuts", []):
            for widget in (self, *self.popups.values()):
                widget.removeAction(old)
            old.deleteLater()
        g = settings.general
        actions = ((g.shortcut_answer, self.answer_current), (g.shortcut_hangup, self.hangup_current),
                   (g.shortcut_mute, lambda: self._current_action("mute")),
                   (g.shortcut_hold, lambda: self._current_action("hold")),
                   (g.shortcut_transfer, lambda: self._current_action("transfer")))
        self._shortcuts: list[QAction] = []
        for keys, slot in actions:
            action = QAction(self)
            action.setShortcut(QKeySequence.fromString(keys, QKeySequence.SequenceFormat.PortableText))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self._shortcuts.append(action)
        for widget in (self, *self.popups.values()):
            widget.addActions(self._shortcuts)

    # -- calls -----------------------------------------------------------------------
    def dial(self, target: str) -> None:
        engine = self.engine()
        if engine is None:
            self.statusBar().showMessage(self.tr("The phone is still starting…"), 4000)
            return
        run_op(self.bridge, engine.dial(target), lambda _call: self.dialpad.dialled(target), parent=self)

    def _add_panel(self, call_id: CallId, remote: str, direction: CallDirection) -> CallPanel:
        panel = CallPanel(self.bridge, self.engine, call_id, remote, direction, self._other_calls)
        panel.ended.connect(self._remove_panel)
        panel.selected.connect(lambda cid: self.show_call(CallId(cid)))
        self.panels[call_id] = panel
        self.calls_layout.insertWidget(0, panel)
        self.show_call(call_id)
        self.idle_label.hide()
        self._fit_calls()
        self.tabs.setCurrentIndex(0)
        return panel

    def _remove_panel(self, call_id: str) -> None:
        panel = self.panels.pop(CallId(call_id), None)
        if panel is not None:
            panel.setParent(None)
            panel.deleteLater()
        self.idle_label.setVisible(not self.panels)
        self._fit_calls()
        left = self.current_panel()
        if call_id == self.shown_call and left is not None:
            self.show_call(left.call_id)  # else the ended call stays on screen: its alerts can still be marked
        else:
            self._mark_shown_panel()

    def _fit_calls(self) -> None:
        """The call controls are never squeezed by the assist area: room for at least one whole call."""
        margins = self.calls_layout.contentsMargins()
        needed = sum(p.sizeHint().height() + self.calls_layout.spacing() for p in self.panels.values())
        needed += margins.top() + margins.bottom() + 2 * self.calls_scroll.frameWidth()
        self.calls_scroll.setMinimumHeight(min(needed, CALLS_MAX_MIN_HEIGHT) if self.panels else 0)
        # no empty space under the calls: the customer panel and the assist get it
        self.calls_scroll.setMaximumHeight(max(needed, CALLS_MAX_MIN_HEIGHT) if len(self.panels) > 2 else
                                           needed if self.panels else IDLE_CALLS_HEIGHT)

    def show_call(self, call_id: CallId) -> None:
        """Show ``call_id``'s transcript, alert banner, emotion, alerts and hand-off."""
        self.shown_call = call_id
        for view in (self.transcript_pane, self.alert_banner, self.pacing_line, self.emotion, self.alert_list,
                     self.handoff):
            view.show_call(call_id)
        self._mark_shown_panel()

    def _mark_shown_panel(self) -> None:
        for call_id, panel in self.panels.items():
            panel.set_shown(call_id == self.shown_call and len(self.panels) > 1)

    def _other_calls(self, call_id: CallId) -> list[CallId]:
        return [c for c, p in self.panels.items() if c != call_id and p.state is CallState.CONFIRMED]

    def on_incoming(self, event: IncomingCall) -> None:
        self.handoff.on_incoming(event.call_id, event.headers)
        self._add_panel(event.call_id, event.remote_uri, CallDirection.INBOUND)
        popup = IncomingPopup(event, self)
        popup.answer_clicked.connect(lambda cid: self.panels[CallId(cid)].answer() if CallId(cid) in self.panels else None)
        popup.reject_clicked.connect(lambda cid: self.panels[CallId(cid)].reject() if CallId(cid) in self.panels else None)
        self.popups[event.call_id] = popup
        popup.addActions(self._shortcuts)  # the keys work while the popup has the focus
        popup.show()
        if self.tray is not None:
            title = self.tr("AI hand-off") if is_ai_handoff(event) else self.tr("Incoming call")
            self.tray.showMessage(title, popup.findChild(QLabel, "incomingCaller").text())  # type: ignore[union-attr]

    def on_outgoing(self, event: OutgoingCall) -> None:
        self._add_panel(event.call_id, event.remote_uri, CallDirection.OUTBOUND)

    def on_call_state(self, event: CallStateChanged) -> None:
        panel = self.panels.get(event.call_id)
        if panel is not None:
            panel.on_state(event)
            self._fit_calls()  # ringing and talking show different buttons
        if event.new is CallState.DISCONNECTED:
            self.handoff.end_call(event.call_id)
        if event.new not in (CallState.INCOMING, CallState.EARLY):
            popup = self.popups.pop(event.call_id, None)
            if popup is not None:
                popup.close()
                popup.deleteLater()

    def current_panel(self) -> CallPanel | None:
        live = [p for p in self.panels.values() if p.state is not CallState.DISCONNECTED]
        active = [p for p in live if p.media is not MediaState.LOCAL_HOLD]
        chosen = active or live
        return chosen[0] if chosen else None

    def answer_current(self) -> None:
        ringing = [p for p in self.panels.values() if p.direction is CallDirection.INBOUND
                   and p.state in (CallState.INCOMING, CallState.EARLY)]
        if ringing:
            ringing[0].answer()

    def hangup_current(self) -> None:
        panel = self.current_panel()
        if panel is not None:
            panel.hangup()

    def _current_action(self, name: str) -> None:
        panel = self.current_panel()
        if panel is None:
            return
        button = {"mute": panel.mute_b, "hold": panel.hold_b, "transfer": panel.transfer_b}[name]
        if button.isEnabled():
            button.click()

    def _key_in_call(self, key: str) -> None:
        panel = self.current_panel()
        if panel is not None and panel.state is CallState.CONFIRMED:
            panel.send_dtmf(key)

    # -- assist -------------------------------------------------------------------------------------
    def on_phrase_alert(self, alert: PhraseAlert) -> None:
        for view in (self.transcript_pane, self.alert_banner, self.alert_list):
            view.on_alert(alert)
        if alert.alert_id in self._alerted:
            return
        self._alerted.add(alert.alert_id)
        if self.settings.assist.alert_sound and alert.severity in (Severity.HIGH, Severity.CRITICAL):
            self.alert_sound()

    def mark_alert_wrong(self, alert_id: str) -> None:
        """Store "this alert is wrong" on the history writer's thread; the banner and list show the result."""
        run_op(self.bridge, self.host.mark_alert_wrong(alert_id), lambda found: self._wrong_stored(alert_id, found),
               lambda exc: self._wrong_failed(alert_id, exc), parent=self)

    def _wrong_stored(self, alert_id: str, found: bool) -> None:
        self.alert_banner.set_wrong(alert_id, found)
        self.alert_list.set_wrong(alert_id, found)
        self.statusBar().showMessage(self.tr("Thank you: the alert is stored as wrong.") if found else
                                     self.tr("That alert is not in the call history yet; try again in a moment."), 6000)

    def _wrong_failed(self, alert_id: str, exc: BaseException) -> None:
        self.alert_banner.set_wrong(alert_id, False)
        self.alert_list.set_wrong(alert_id, False)
        show_error(self, exc)

    def reload_rules(self) -> None:
        """Load the phrase rules again, off the GUI thread; the result arrives as ``RulePackChanged``."""
        self.statusBar().showMessage(self.tr("Reloading the phrase rules…"), 4000)
        in_background(self.bridge, self.host.reload_rules, parent=self)

    def on_rule_pack(self, event: RulePackChanged) -> None:
        self.rules_warning.on_rule_pack(event)
        if event.state is RulePackState.LOADED:
            self.statusBar().showMessage(self.tr("Phrase rules loaded: {0} rules, version {1}.")
                                         .format(event.rules, event.version), 6000)

    # -- the case file -------------------------------------------------------------------------------
    def on_case_found(self, event: CaseFound) -> None:
        """The screen pop (or a search) for a call: the customer panel shows it."""
        if event.call_id and event.call_id not in self.panels:
            return  # a call already gone
        self._case_call = event.call_id or self.shown_call
        panel = self.panels.get(self._case_call) if self._case_call else None
        self.customer.set_in_call(panel is not None and panel.state is CallState.CONFIRMED)
        if event.state is CasePopState.FOUND:
            self.customer.show_case(event.cases[0], event.hints, event.script, event.cached_at, event.user_message)
        elif event.state is CasePopState.SEVERAL:
            self.customer.show_choices(event.cases)
        else:
            self.customer.show_none(engine_text(event.user_message))

    def on_risk_hints(self, event: RiskHintsChanged) -> None:
        if event.call_id == getattr(self, "_case_call", None):
            self.customer.set_hints(event.hints)

    def search_case(self, text: str) -> None:
        engine = self.engine()
        if engine is None:
            return
        call_id = self.shown_call if self.shown_call in self.panels else None
        run_op(self.bridge, engine.lookup_case(text, call_id), self._searched, parent=self)

    def _searched(self, views: tuple[object, ...]) -> None:
        if not views:
            self.statusBar().showMessage(self.tr("No case matches that search."), 6000)
        elif self.shown_call not in self.panels:  # outside a call: the panel shows what was found
            if len(views) == 1:
                self.customer.show_case(views[0], (), None)  # type: ignore[arg-type]
            else:
                self.customer.show_choices(views)  # type: ignore[arg-type]

    def call_case(self, case_id: str) -> None:
        """The case panel's Call customer: the session dials the case's own number (the guard asks first)."""
        engine = self.engine()
        if engine is None:
            self.statusBar().showMessage(self.tr("The phone is still starting…"), 4000)
            return
        run_op(self.bridge, engine.dial_case(case_id), parent=self)

    def choose_case(self, case_id: str) -> None:
        engine = self.engine()
        call_id = getattr(self, "_case_call", None) or self.shown_call
        if engine is not None and call_id:
            run_op(self.bridge, engine.choose_case(CallId(call_id), case_id), parent=self)

    def on_wrapup_required(self, event: WrapUpRequired) -> None:
        self.wrapup.start(event.call_id, event.case_id, event.balance_fen, event.horizon_days, event.required)
        self.customer_scroll.ensureWidgetVisible(self.wrapup, 0, 0)
        if event.required:
            self.dialpad.setToolTip(self.tr("Finish the wrap-up of the last call before the next call."))

    def submit_wrapup(self, wrapup: WrapUp) -> None:
        engine = self.engine()
        if engine is None:
            self.wrapup.show_problems([self.tr("The phone engine is not running.")])
            return
        run_op(self.bridge, engine.submit_wrapup(wrapup), lambda score: None, self._wrapup_refused, parent=self)

    def _wrapup_refused(self, exc: BaseException) -> None:
        if isinstance(exc, WrapUpRejected):
            self.wrapup.show_problems([engine_text(p) for p in exc.problems])
        else:
            self.wrapup.show_problems([engine_text(getattr(exc, "user_message", str(exc)))])

    def on_wrapup_stored(self, event: WrapUpStored) -> None:
        self.wrapup.done(self.tr("{0} · score {1}").format(disposition_words(Disposition(event.disposition)),
                                                           event.score))
        self.dialpad.setToolTip("")
        if not self.panels:
            self.customer.clear()

    # -- devices, errors, meter ------------------------------------------------------------
    def on_device_changed(self, event: AudioDeviceChanged) -> None:
        if event.lost:
            role = {DeviceRole.INPUT: self.tr("microphone"), DeviceRole.OUTPUT: self.tr("headset"),
                    DeviceRole.RINGER: self.tr("ringer")}[event.role]
            self.statusBar().showMessage(self.tr("The {0} device “{1}” was disconnected; using the system default.")
                                         .format(role, event.old), 10000)

    def on_recording(self, event: RecordingStateChanged) -> None:
        panel = self.panels.get(event.call_id)
        if panel is not None:
            panel.set_recording(event.state, engine_text(event.user_message) if event.user_message else "")

    def on_recording_notice(self, event: RecordingNoticePlayed) -> None:
        panel = self.panels.get(event.call_id)
        if panel is not None:
            panel.set_notice_heard(event.kind)

    def on_error(self, event: ErrorRaised) -> None:
        self.statusBar().showMessage(engine_text(event.user_message), 10000)

    def show_history_notice(self, text: str) -> None:
        """A lasting, short notice (full text on hover): the history is not encrypted."""
        self.history_notice.setText(self.tr("History: masked numbers only"))
        self.history_notice.setToolTip(text)
        self.history_notice.show()

    def _update_meter(self) -> None:
        engine = self.engine()
        level = engine.mic_level() if engine is not None else 0.0
        self.meter.setValue(min(100, int(level * 300)))

    def detach(self) -> None:
        """Stop following the bridge (this window is being replaced)."""
        for signal, slot in self._links:
            signal.disconnect(slot)
        self._links = []
        self.plan_change.detach()
        self._meter_timer.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        for popup in self.popups.values():
            popup.close()
        super().closeEvent(event)

    def show_error(self, exc: BaseException) -> None:
        show_error(self, exc)
