"""The collector's main window: status, dial pad, calls, hand-off, history.

It only wires widgets to ``EngineBridge`` signals and engine commands; no
rule is decided here. Nothing here waits: engine commands are futures
(``ops.run_op``), storage is read in the background by the history view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox, QHBoxLayout, QLabel, QMainWindow, QProgressBar, QPushButton, QScrollArea, QSplitter,
    QSystemTrayIcon, QTabWidget, QVBoxLayout, QWidget,
)

from softphone.engine import Engine
from softphone.events import (
    AudioDeviceChanged, CallStateChanged, DtmfReceived, ErrorRaised, IncomingCall, MediaStateChanged,
    OutgoingCall, TransferProgress,
)
from softphone.settings import Settings
from softphone.states import CallDirection, CallId, CallState, DeviceRole, MediaState

from .bridge import EngineBridge
from .engine_host import EngineHost
from .errors import show_error
from .ops import run_op
from .widgets.account_status import AccountStatus
from .widgets.call_panel import CallPanel
from .widgets.dialpad import DialPad
from .widgets.handoff import HandoffPanel
from .widgets.incoming import IncomingPopup, is_ai_handoff
from .widgets.transcript import TranscriptPane

__all__ = ["MainWindow"]


class MainWindow(QMainWindow):
    settings_requested = Signal()

    def __init__(self, host: EngineHost, settings: Settings, demo: bool = False) -> None:
        super().__init__()
        self.host, self.bridge, self.settings, self.demo = host, host.bridge, settings, demo
        self.panels: dict[CallId, CallPanel] = {}
        self.popups: dict[CallId, IncomingPopup] = {}
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Agent Softphone") + (" — " + self.tr("DEMO") if demo else ""))
        self.resize(1180, 720)
        self._build()
        self._connect()
        self.apply_shortcuts(settings)
        self._meter_timer = QTimer(self)
        self._meter_timer.timeout.connect(self._update_meter)
        self._meter_timer.start(100)

    def engine(self) -> Engine | None:
        return self.host.engine

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
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.calls_box)
        self.handoff = HandoffPanel()
        self.transcript = QGroupBox(self.tr("Live transcript"))
        self.transcript.setObjectName("transcriptPanel")
        t_layout = QVBoxLayout(self.transcript)
        self.transcript_pane = TranscriptPane()
        t_layout.addWidget(self.transcript_pane)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.handoff)
        side_layout.addWidget(self.transcript, 1)
        tab = QSplitter(Qt.Orientation.Horizontal)
        tab.addWidget(scroll)
        tab.addWidget(side)
        tab.setStretchFactor(0, 3)
        tab.setStretchFactor(1, 2)
        return tab

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
            (b.transcript, self.transcript_pane.on_segment),
            (b.model_state_changed, self.transcript_pane.on_model_state),
            (b.transcription_failed, self.transcript_pane.on_failed),
        ]
        for signal, slot in self._links:
            signal.connect(slot)
        self.dialpad.dial_requested.connect(self.dial)
        self.dialpad.key_pressed.connect(self._key_in_call)

    def _to_panel(self, event: MediaStateChanged | DtmfReceived | TransferProgress, method: object) -> None:
        panel = self.panels.get(event.call_id)
        if panel is not None:
            method(panel, event)  # type: ignore[operator]

    def apply_shortcuts(self, settings: Settings) -> None:
        for old in getattr(self, "_shortcuts", []):
            old.setParent(None)
        g = settings.general
        actions = ((g.shortcut_answer, self.answer_current), (g.shortcut_hangup, self.hangup_current),
                   (g.shortcut_mute, lambda: self._current_action("mute")),
                   (g.shortcut_hold, lambda: self._current_action("hold")),
                   (g.shortcut_transfer, lambda: self._current_action("transfer")))
        self._shortcuts = []
        for keys, slot in actions:
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.ApplicationShortcut)
            sc.activated.connect(slot)
            self._shortcuts.append(sc)

    # -- calls -----------------------------------------------------------------------
    def dial(self, target: str) -> None:
        engine = self.engine()
        if engine is None:
            self.statusBar().showMessage(self.tr("The phone is still starting…"), 4000)
            return
        run_op(self.bridge, engine.dial(target), parent=self)

    def _add_panel(self, call_id: CallId, remote: str, direction: CallDirection) -> CallPanel:
        panel = CallPanel(self.bridge, self.engine, call_id, remote, direction, self._other_calls)
        panel.ended.connect(self._remove_panel)
        self.panels[call_id] = panel
        self.calls_layout.insertWidget(0, panel)
        self.transcript_pane.show_call(call_id)
        self.idle_label.hide()
        self.tabs.setCurrentIndex(0)
        return panel

    def _remove_panel(self, call_id: str) -> None:
        panel = self.panels.pop(CallId(call_id), None)
        if panel is not None:
            panel.setParent(None)
            panel.deleteLater()
        self.idle_label.setVisible(not self.panels)

    def _other_calls(self, call_id: CallId) -> list[CallId]:
        return [c for c, p in self.panels.items() if c != call_id and p.state is CallState.CONFIRMED]

    def on_incoming(self, event: IncomingCall) -> None:
        self._add_panel(event.call_id, event.remote_uri, CallDirection.INBOUND)
        self.handoff.show_headers(event.headers)
        popup = IncomingPopup(event, self)
        popup.answer_clicked.connect(lambda cid: self.panels[CallId(cid)].answer() if CallId(cid) in self.panels else None)
        popup.reject_clicked.connect(lambda cid: self.panels[CallId(cid)].reject() if CallId(cid) in self.panels else None)
        self.popups[event.call_id] = popup
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

    # -- devices, errors, meter ------------------------------------------------------------
    def on_device_changed(self, event: AudioDeviceChanged) -> None:
        if event.lost:
            role = {DeviceRole.INPUT: self.tr("microphone"), DeviceRole.OUTPUT: self.tr("headset"),
                    DeviceRole.RINGER: self.tr("ringer")}[event.role]
            self.statusBar().showMessage(self.tr("The {0} device “{1}” was disconnected; using the system default.")
                                         .format(role, event.old), 10000)

    def on_error(self, event: ErrorRaised) -> None:
        self.statusBar().showMessage(event.user_message, 10000)

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
        self._meter_timer.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        for popup in self.popups.values():
            popup.close()
        super().closeEvent(event)

    def show_error(self, exc: BaseException) -> None:
        show_error(self, exc)
