"""How each side sounds right now: agent and customer, in words and colour.

The engine decides the label (``EmotionChanged``, after its hysteresis); this
only shows the latest one of the call on screen. A side with no reading yet
shows "neutral", as the engine's tracker starts there. Colour is never the
only cue: the word is always written next to the dot.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from softphone.events import EmotionChanged
from softphone.states import AudioChannel, CallId, EmotionLabel

__all__ = ["EmotionIndicator", "EMOTION_COLOURS"]

# label -> (dot, background, text)
EMOTION_COLOURS: dict[str, tuple[str, str, str]] = {
    "negative": ("#c62828", "#fde0e0", "#6d1010"),
    "neutral": ("#8a8f98", "#eef0f3", "#3c4048"),
    "positive": ("#2e9d4a", "#e1f4e6", "#17522a"),
}


class _Side(QLabel):
    def __init__(self, channel: AudioChannel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.channel = channel
        self.setObjectName(f"emotion_{channel.value}")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.label = EmotionLabel.NEUTRAL

    def show_label(self, who: str, label: EmotionLabel, words: str) -> None:
        self.label = label
        dot, background, text = EMOTION_COLOURS.get(label, EMOTION_COLOURS["neutral"])
        self.setText(f"<span style='color:{dot}'>●</span> " + self.tr("{0}: {1}").format(who, f"<b>{words}</b>"))
        self.setStyleSheet(f"background: {background}; color: {text}; border-radius: 10px; padding: 3px 10px;")


class EmotionIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emotionIndicator")
        self._calls: dict[CallId, dict[AudioChannel, EmotionLabel]] = {}
        self.current_call: CallId | None = None
        self.sides = {c: _Side(c) for c in (AudioChannel.AGENT, AudioChannel.CUSTOMER)}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Emotion:"))
        title.setStyleSheet("color: #555;")
        row.addWidget(title)
        for side in self.sides.values():
            row.addWidget(side)
        row.addStretch(1)
        self._draw()

    def show_call(self, call_id: CallId | None) -> None:
        self.current_call = call_id
        self._draw()

    def on_emotion(self, event: EmotionChanged) -> None:
        self._calls.setdefault(event.call_id, {})[event.channel] = event.label
        if event.call_id == self.current_call:
            self._draw()

    def label_of(self, channel: AudioChannel) -> EmotionLabel:
        """The label shown for one side (``negative``, ``neutral`` or ``positive``)."""
        return self.sides[channel].label

    def _draw(self) -> None:
        labels = self._calls.get(self.current_call, {}) if self.current_call is not None else {}
        for channel, side in self.sides.items():
            label = labels.get(channel, EmotionLabel.NEUTRAL)
            side.show_label(self._who(channel), label, self._words(label))

    def _who(self, channel: AudioChannel) -> str:
        return self.tr("Agent") if channel is AudioChannel.AGENT else self.tr("Customer")

    def _words(self, label: str) -> str:
        words = {"negative": self.tr("negative"), "neutral": self.tr("neutral"), "positive": self.tr("positive")}
        return words.get(label, label)
