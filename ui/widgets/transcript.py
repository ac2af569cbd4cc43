"""The live transcript beside the call: both sides, partials in place, finals fixed.

Auto-scroll follows new lines unless the agent has scrolled back; it resumes
when they scroll to the bottom again. Each call keeps its own transcript, so
switching calls (or opening a past call) shows the right one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from softphone.events import ModelStateChanged, TranscriptionFailed, TranscriptSegment
from softphone.privacy import redact
from softphone.states import AudioChannel, CallId

__all__ = ["TranscriptPane"]

_COLOUR = {AudioChannel.AGENT: QColor("#1f5fbf"), AudioChannel.CUSTOMER: QColor("#b3541e")}
Key = tuple[AudioChannel, int]


class _CallTranscript:
    def __init__(self) -> None:
        self.lines: dict[Key, tuple[float, str, bool]] = {}  # (channel, segment) -> (start, text, final)


class TranscriptPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptPane")
        self.status = QLabel(self.tr("The live transcript of both sides will appear here."))
        self.status.setObjectName("transcriptStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #777;")
        self.list = QListWidget()
        self.list.setObjectName("transcriptList")
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.verticalScrollBar().valueChanged.connect(self._scrolled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self._calls: dict[CallId, _CallTranscript] = {}
        self._items: dict[Key, QListWidgetItem] = {}
        self.current: CallId | None = None
        self.follow = True
        self.off_reason = ""

    # -- which call -------------------------------------------------------------
    def show_call(self, call_id: CallId) -> None:
        self.current = call_id
        self.list.clear()
        self._items.clear()
        for key, (start, text, final) in sorted(self._calls.setdefault(call_id, _CallTranscript()).lines.items(),
                                                key=lambda kv: kv[1][0]):
            self._put(key, start, text, final)
        self.follow = True
        self.list.scrollToBottom()

    def load_segments(self, call_id: CallId, segments: list[tuple[AudioChannel, int, float, str]]) -> None:
        """A past call's stored transcript (finals)."""
        calls = self._calls.setdefault(call_id, _CallTranscript())
        for channel, segment, start, text in segments:
            calls.lines[(channel, segment)] = (start, redact(text), True)
        self.show_call(call_id)

    # -- events -----------------------------------------------------------------
    def on_segment(self, seg: TranscriptSegment) -> None:
        if not seg.text.strip():
            return
        call = self._calls.setdefault(seg.call_id, _CallTranscript())
        key = (seg.channel, seg.segment)
        text = redact(seg.text)  # numbers read out are masked on screen too
        call.lines[key] = (seg.start, text, seg.final)
        if seg.call_id == self.current:
            self._put(key, seg.start, text, seg.final)

    def on_model_state(self, event: ModelStateChanged) -> None:
        texts = {"loading": self.tr("Loading the speech model ({0})…").format(event.name),
                 "ready": self._ready_text(event),
                 "failed": event.user_message or self.tr("The speech model could not be loaded."),
                 "none": self.tr("No speech model installed: calls work, without a transcript. "
                                 "Install one in Settings → Speech."),
                 "off": self.off_reason or self.tr("Transcription is off (Settings → Speech).")}
        self.status.setText(texts.get(event.state, event.state))

    def explain_demo_without_model(self) -> None:
        """The demo's customer speaks Mandarin: without a Chinese model there is no transcript."""
        self.off_reason = self.tr("The demo customer speaks Mandarin. Install a Chinese speech model "
                                  "(docs/models.md) to see the live transcript here.")
        self.status.setText(self.off_reason)

    def _ready_text(self, event: ModelStateChanged) -> str:
        ready = self.tr("Speech model ready ({0}, {1}).").format(event.name, self._language(event.language))
        if not event.rules_language:
            return ready
        return ready + " " + self.tr("The phrase rules are in {0}, so forbidden phrases will not be recognised: "
                                     "choose a {0} model in Settings → Speech.").format(
                                         self._language(event.rules_language))

    def _language(self, code: str) -> str:
        names = {"zh": self.tr("Chinese"), "ko": self.tr("Korean"), "en": self.tr("English")}
        return names.get(code.split("-")[0].lower(), code or self.tr("unknown language"))

    def on_failed(self, event: TranscriptionFailed) -> None:
        if event.call_id == self.current or self.current is None:
            self.status.setText(self.tr("Transcript stopped: {0} The call goes on.").format(event.user_message))

    # -- drawing -------------------------------------------------------------------
    def _label(self, channel: AudioChannel) -> str:
        return self.tr("Agent") if channel is AudioChannel.AGENT else self.tr("Customer")

    def _put(self, key: Key, start: float, text: str, final: bool) -> None:
        item = self._items.get(key)
        if item is None:
            item = QListWidgetItem()
            self._items[key] = item
            self.list.addItem(item)
        minutes, seconds = divmod(int(start), 60)
        item.setText(f"{minutes:02d}:{seconds:02d}  {self._label(key[0])}:  {text}")
        item.setForeground(QBrush(_COLOUR[key[0]] if final else QColor("#888888")))
        font = QFont(item.font())
        font.setItalic(not final)
        item.setFont(font)
        item.setData(Qt.ItemDataRole.UserRole, final)
        if self.follow:
            self.list.scrollToBottom()

    def _scrolled(self, value: int) -> None:
        self.follow = value >= self.list.verticalScrollBar().maximum() - 2

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]
