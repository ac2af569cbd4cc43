"""One call: who, state, timer, and every in-call control.

Commands go to the engine as futures (``ui.ops.run_op``); the panel changes
only when the engine's events say the call changed, so what it shows is what
the engine did, not what was clicked.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from softphone.session import Session
from softphone.events import CallStateChanged, DtmfReceived, MediaStateChanged, TransferProgress
from softphone.numbers import clean_number
from softphone.states import CallDirection, CallId, CallState, MediaState, NoticeKind, RecordingState

from ..bridge import EngineBridge
from ..errors import show_error
from ..ops import run_op
from .dialpad import KEYS
from .party import party_name_and_number

__all__ = ["CallPanel"]

EngineGetter = Callable[[], Session | None]


class CallPanel(QGroupBox):
    ended = Signal(str)  # call id, once the ended state has been shown
    selected = Signal(str)  # call id: the agent clicked this call to see its transcript and alerts

    def __init__(self, bridge: EngineBridge, engine: EngineGetter, call_id: CallId, remote_uri: str,
                 direction: CallDirection, other_calls: Callable[[CallId], list[CallId]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"call_{call_id}")
        self.bridge, self._engine, self.call_id, self.direction = bridge, engine, call_id, direction
        self._other_calls = other_calls
        self.state = CallState.INCOMING if direction is CallDirection.INBOUND else CallState.CALLING
        self.media = MediaState.NONE
        self.confirmed_at: float | None = None
        self._build(remote_uri)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(500)
        self._refresh()

    # -- building ----------------------------------------------------------
    def _build(self, remote_uri: str) -> None:
        arrow = "↙" if self.direction is CallDirection.INBOUND else "↗"
        name, number = party_name_and_number(remote_uri)
        self.remote = QLabel(f"{arrow} {name}   {number}" if name else f"{arrow} {number}")
        self.remote.setObjectName("remote")
        self.remote.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.state_label = QLabel()
        self.state_label.setObjectName("callState")
        self.timer_label = QLabel("00:00")
        self.timer_label.setObjectName("callTimer")
        self.timer_label.setStyleSheet("font-size: 16px; font-family: monospace;")
        self.rec_label = QLabel()
        self.rec_label.setObjectName("recordingState")
        self.rec_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.remote, 1)
        top.addWidget(self.rec_label)
        top.addWidget(self.state_label)
        top.addWidget(self.timer_label)
        self.answer_b = self._button("answer", self.tr("Answer"), self.answer, "#2e9d4a")
        self.reject_b = self._button("reject", self.tr("Reject"), self.reject, "#cc3333")
        self.hold_b = self._button("hold", self.tr("Hold"), self.toggle_hold, checkable=True)
        self.mute_b = self._button("mute", self.tr("Mute"), self.toggle_mute, checkable=True)
        self.keypad_b = self._button("keypad", self.tr("Keypad"), self._toggle_keypad, checkable=True)
        self.transfer_b = self._button("transfer", self.tr("Transfer"), self._toggle_transfer, checkable=True)
        self.hangup_b = self._button("hangup", self.tr("Hang up"), self.hangup, "#cc3333")
        buttons = QHBoxLayout()
        for b in (self.answer_b, self.reject_b, self.hold_b, self.mute_b, self.keypad_b, self.transfer_b, self.hangup_b):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self._build_keypad())
        layout.addWidget(self._build_transfer())
        self.notice = QLabel()
        self.notice.setObjectName("callNotice")
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)

    def set_recording(self, state: RecordingState, message: str = "") -> None:
        """The recording indicator: red while every second is being recorded; a warning when it stopped."""
        if state is RecordingState.RECORDING:
            self.rec_label.setText(self.tr("● REC"))
            self.rec_label.setStyleSheet("color: #cc0000; font-weight: 600;")
            self.rec_label.setToolTip(self.tr("This call is recorded, encrypted as it is written."))
        elif state is RecordingState.FAILED:
            self.rec_label.setText(self.tr("Not recorded"))
            self.rec_label.setStyleSheet("color: #ffffff; background: #cc3333; padding: 0 4px; font-weight: 600;")
            self.rec_label.setToolTip(message)
        else:
            self.rec_label.setText(self.tr("Recorded"))
            self.rec_label.setStyleSheet("color: #555;")
        self.rec_label.show()

    def set_notice_heard(self, kind: NoticeKind) -> None:
        """Both sides heard the recording notice: said in the indicator's tooltip."""
        what = self.tr("a beep") if kind is NoticeKind.BEEP else self.tr("the recorded announcement")
        self.rec_label.setToolTip(self.tr("This call is recorded, encrypted as it is written. "
                                          "The customer heard the recording notice ({0}).").format(what))

    def _button(self, name: str, text: str, slot: Callable[[], None], colour: str = "",
                checkable: bool = False) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setCheckable(checkable)
        b.setMinimumHeight(34)
        if colour:
            b.setStyleSheet(f"QPushButton {{ background: {colour}; color: white; font-weight: 600; }}")
        b.clicked.connect(lambda _=False: slot())
        return b

    def _build_keypad(self) -> QWidget:
        self.keypad = QWidget()
        grid = QGridLayout(self.keypad)
        for i, key in enumerate(KEYS):
            b = QPushButton(key)
            b.setObjectName(f"dtmf_{key}")
            b.clicked.connect(lambda _=False, k=key: self.send_dtmf(k))
            grid.addWidget(b, i // 6, i % 6)
        self.keypad.hide()
        return self.keypad

    def _build_transfer(self) -> QWidget:
        self.transfer_row = QWidget()
        row = QHBoxLayout(self.transfer_row)
        self.transfer_target = QLineEdit()
        self.transfer_target.setObjectName("transferTarget")
        self.transfer_target.setPlaceholderText(self.tr("Transfer to number"))
        self.blind_b = QPushButton(self.tr("Transfer now"))
        self.blind_b.setObjectName("blindTransfer")
        self.blind_b.clicked.connect(lambda _=False: self.blind_transfer())
        self.attended_b = QPushButton(self.tr("Connect with the other call"))
        self.attended_b.setObjectName("attendedTransfer")
        self.attended_b.clicked.connect(lambda _=False: self.attended_transfer())
        row.addWidget(self.transfer_target, 1)
        row.addWidget(self.blind_b)
        row.addWidget(self.attended_b)
        self.transfer_row.hide()
        return self.transfer_row

    def set_shown(self, shown: bool) -> None:
        """Mark this call as the one whose transcript and alerts are on screen (with several calls)."""
        frame = f"#{self.objectName()} {{ border: 2px solid #1f5fbf; border-radius: 4px; }}"
        self.setStyleSheet(frame if shown else "")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.selected.emit(self.call_id)
        super().mousePressEvent(event)

    # -- commands ------------------------------------------------------------
    def _send(self, make: Callable[[Session], object]) -> None:
        engine = self._engine()
        if engine is None:
            return
        run_op(self.bridge, make(engine), parent=self)  # type: ignore[arg-type]

    def answer(self) -> None:
        self._send(lambda e: e.answer(self.call_id))

    def reject(self) -> None:
        self._send(lambda e: e.reject(self.call_id, 486))

    def hangup(self) -> None:
        if self.state in (CallState.INCOMING, CallState.EARLY) and self.direction is CallDirection.INBOUND:
            self.reject()
        else:
            self._send(lambda e: e.hangup(self.call_id))

    def toggle_hold(self) -> None:
        held = self.media is MediaState.LOCAL_HOLD
        self._send(lambda e: e.unhold(self.call_id) if held else e.hold(self.call_id))
        self.hold_b.setChecked(held)  # the engine's media event sets the new state

    def toggle_mute(self) -> None:
        muted = self.mute_b.isChecked()
        self._send(lambda e: e.mute(self.call_id, muted))

    def send_dtmf(self, key: str) -> None:
        self._send(lambda e: e.dtmf(self.call_id, key))

    def blind_transfer(self) -> None:
        target = clean_number(self.transfer_target.text())
        if not target:
            self.notice.setText(self.tr("Type the number to transfer to."))
            return
        self._send(lambda e: e.transfer(self.call_id, target))

    def attended_transfer(self) -> None:
        others = self._other_calls(self.call_id)
        if not others:
            self.notice.setText(self.tr("Call the colleague first; then connect the two calls."))
            return
        other = others[0]
        self._send(lambda e: e.attended_transfer(self.call_id, other))

    def _toggle_keypad(self) -> None:
        self.keypad.setVisible(self.keypad_b.isChecked())

    def _toggle_transfer(self) -> None:
        self.transfer_row.setVisible(self.transfer_b.isChecked())
        if self.transfer_b.isChecked():
            self.transfer_target.setFocus()

    # -- events --------------------------------------------------------------
    def on_state(self, event: CallStateChanged) -> None:
        self.state = event.new
        if event.new is CallState.CONFIRMED and self.confirmed_at is None:
            self.confirmed_at = time.monotonic()
        if event.new is CallState.DISCONNECTED:
            self.notice.setText(self.tr("Call ended ({0} {1})").format(event.code, event.reason))
            QTimer.singleShot(1500, lambda: self.ended.emit(self.call_id))
        self._refresh()

    def on_media(self, event: MediaStateChanged) -> None:
        self.media = event.state
        self.hold_b.setChecked(event.state is MediaState.LOCAL_HOLD)
        self._refresh()

    def on_dtmf(self, event: DtmfReceived) -> None:
        self.notice.setText(self.tr("Key pressed by the other side: {0}").format(event.digit))

    def on_transfer(self, event: TransferProgress) -> None:
        if event.final:
            ok = 200 <= event.code < 300
            self.notice.setText(self.tr("Transferred.") if ok else self.tr("Transfer failed ({0} {1})").format(event.code, event.reason))

    def _state_text(self) -> str:
        if self.media is MediaState.LOCAL_HOLD:
            return self.tr("On hold")
        if self.media is MediaState.REMOTE_HOLD:
            return self.tr("Held by the other side")
        return {CallState.CALLING: self.tr("Calling…"), CallState.INCOMING: self.tr("Ringing"),
                CallState.EARLY: self.tr("Ringing"), CallState.CONNECTING: self.tr("Connecting…"),
                CallState.CONFIRMED: self.tr("Talking"), CallState.DISCONNECTED: self.tr("Ended")}[self.state]

    def _refresh(self) -> None:
        ringing_in = self.direction is CallDirection.INBOUND and self.state in (CallState.INCOMING, CallState.EARLY)
        talking = self.state is CallState.CONFIRMED
        self.answer_b.setVisible(ringing_in)
        self.reject_b.setVisible(ringing_in)
        for b in (self.hold_b, self.keypad_b, self.transfer_b):
            b.setVisible(not ringing_in)  # room for Answer/Reject while it rings
            b.setEnabled(talking)
        self.mute_b.setEnabled(self.state is not CallState.DISCONNECTED)
        self.hangup_b.setEnabled(self.state is not CallState.DISCONNECTED)
        self.state_label.setText(self._state_text())

    def _tick(self) -> None:
        if self.confirmed_at is None or self.state is CallState.DISCONNECTED:
            return
        secs = int(time.monotonic() - self.confirmed_at)
        self.timer_label.setText(f"{secs // 60:02d}:{secs % 60:02d}")
