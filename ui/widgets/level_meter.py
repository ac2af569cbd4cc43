"""A small horizontal level meter (0..1), drawn like a thin progress bar."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QProgressBar, QWidget

__all__ = ["LevelMeter"]

_STEPS = 1000


class LevelMeter(QProgressBar):
    """Shows a level between 0 and 1; values outside are clamped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, _STEPS)
        self.setTextVisible(False)
        self.setValue(0)

    def set_level(self, level: float) -> None:
        clamped = min(1.0, max(0.0, level)) if level == level else 0.0  # NaN reads as silence
        self.setValue(round(clamped * _STEPS))

    def level(self) -> float:
        return self.value() / _STEPS

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(160, hint.width()), 12)
