"""Playing one's own call back: play / pause, a position slider, the time; never a file to save.

The dialog opens at once and says "Opening…" while the session checks the
policy, writes the audit entry and decrypts (``attach`` then hands it the
player, ``failed`` the reason). The player's state changes arrive from any
thread and are carried to the GUI thread through the bridge; the position is
read ten times a second while playing.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from softphone.session import Player, PlayerState

from ..bridge import EngineBridge
from ..clock import elapsed_text
from ..errors import error_text, show_error

__all__ = ["RecordingPlayerDialog"]

TICK_MS = 100


class RecordingPlayerDialog(QDialog):
    def __init__(self, bridge: EngineBridge, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.player: Player | None = None
        self.setWindowTitle(self.tr("Recording: {0}").format(title))
        self.setMinimumWidth(420)
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._show_position)
        self.finished.connect(lambda _result: self._close_player())

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("Opening the recording…"), self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setEnabled(False)
        self.slider.sliderReleased.connect(self._seek)
        layout.addWidget(self.slider)
        row = QHBoxLayout()
        self.play_pause = QPushButton(self.tr("Play"), self)
        self.play_pause.setEnabled(False)
        self.play_pause.clicked.connect(self.toggle)
        row.addWidget(self.play_pause)
        self.time = QLabel("0:00 / 0:00", self)
        row.addWidget(self.time, 1)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        row.addWidget(close)
        layout.addLayout(row)
        note = QLabel(self.tr("Both sides are mixed. Recordings cannot be saved or exported from here."), self)
        note.setStyleSheet("color: #666;")
        note.setWordWrap(True)
        layout.addWidget(note)

    # -- from the session ------------------------------------------------------------------------------
    def state_changed(self, state: PlayerState) -> None:
        """Any thread: the player's new state."""
        self._bridge.call_on_main(lambda: self._show_state(state))

    def attach(self, player: Player) -> None:
        if not shiboken6.isValid(self):
            player.close()
            return
        self.player = player
        self.slider.setRange(0, int(player.duration_s * 10))
        self.slider.setEnabled(True)
        self.play_pause.setEnabled(True)
        self.status.setText(self.tr("Agent and customer, {0} long.").format(elapsed_text(player.duration_s)))
        self._show_position()
        self.toggle()

    def failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.status.setText(error_text(exc))

    # -- the agent ------------------------------------------------------------------------------------
    def toggle(self) -> None:
        player = self.player
        if player is None:
            return
        if player.state is PlayerState.PLAYING:
            player.pause()
            return
        try:
            player.play()
        except Exception as exc:  # noqa: BLE001 - a headset that cannot be opened: said, the dialog stays
            self.status.setText(error_text(exc))
            show_error(self, exc)

    def _seek(self) -> None:
        if self.player is not None:
            self.player.seek(self.slider.value() / 10)
            self._show_position()

    def _show_state(self, state: PlayerState) -> None:
        if not shiboken6.isValid(self):
            return
        self.play_pause.setText(self.tr("Pause") if state is PlayerState.PLAYING else self.tr("Play"))
        if state is PlayerState.PLAYING:
            self._timer.start()
        else:
            self._timer.stop()
        self._show_position()

    def _show_position(self) -> None:
        player = self.player
        if player is None:
            return
        if not self.slider.isSliderDown():
            self.slider.setValue(int(player.position_s * 10))
        self.time.setText(f"{elapsed_text(player.position_s)} / {elapsed_text(player.duration_s)}")

    def _close_player(self) -> None:
        self._timer.stop()
        player, self.player = self.player, None
        if player is not None:
            player.close()
