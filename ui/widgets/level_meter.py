"""A small horizontal level meter (0..1), drawn like a thin progress bar.

Given a ``source`` (e.g. the engine's microphone level), it reads it every
100 ms while it is visible; reading must be cheap (a float kept by the audio
thread), since it happens on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QProgressBar, QWidget

__all__ = ["LevelMeter", "POLL_MS"]

POLL_MS = 100
_STEPS = 1000


class LevelMeter(QProgressBar):
    """Shows a level between 0 and 1; values outside are clamped."""

    def __init__(self, source: Callable[[], float] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, _STEPS)
        self.setTextVisible(False)
        self.setValue(0)
        self.setEnabled(source is not None)
        self._source = source
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def set_level(self, level: float) -> None:
        clamped = min(1.0, max(0.0, level)) if level == level else 0.0  # NaN reads as silence
        self.setValue(round(clamped * _STEPS))

    def level(self) -> float:
        return self.value() / _STEPS

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(160, hint.width()), 12)

    def _poll(self) -> None:
        if self._source is not None:
            self.set_level(self._source())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._source is not None:
            self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)
