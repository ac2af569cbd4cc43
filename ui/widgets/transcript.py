"""The live transcript beside the call: both sides, partials in place, finals fixed.

Auto-scroll follows new lines unless the agent has scrolled back; it resumes
when they scroll to the bottom again. Each call keeps its own transcript, so
switching calls (or opening a past call) shows the right one.

Words a phrase alert matched are highlighted in their line. The alert's span
is kept per (call, channel, segment) and applied again whenever a newer
partial or the final of that utterance replaces the line: the words are
looked for near the span in the new text (masking can shift offsets, a final
can differ from its partial), else the span is clamped to the text. The item
keeps its plain text (``item.text()``); the ranges to highlight are in
``HIGHLIGHT_ROLE`` and a delegate draws them.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush, QColor, QFont, QPainter, QPalette, QTextCharFormat, QTextCursor, QTextDocument, QTextOption,
)
from PySide6.QtWidgets import (
    QApplication, QLabel, QListView, QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
    QVBoxLayout, QWidget,
)

from softphone.events import ModelStateChanged, PhraseAlert, TranscriptionFailed, TranscriptSegment
from softphone.states import AudioChannel, CallId, ModelState
from ..engine_text import engine_text

__all__ = ["TranscriptPane", "HIGHLIGHT_ROLE", "HIGHLIGHT_BACKGROUND", "display_spans"]

_COLOUR = {AudioChannel.AGENT: QColor("#1f5fbf"), AudioChannel.CUSTOMER: QColor("#b3541e")}
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 1  # [(start, end)] of the item's text to highlight
HIGHLIGHT_BACKGROUND = QColor("#ffc9c9")
HIGHLIGHT_TEXT = QColor("#9b1111")
Key = tuple[AudioChannel, int]
Span = tuple[int, int, str]  # an alert's (start, end) in its segment's text, and the (masked) words


class _CallTranscript:
    def __init__(self) -> None:
        self.lines: dict[Key, tuple[float, str, bool]] = {}  # (channel, segment) -> (start, text, final)
        self.simulated = False  # the demo's scripted lines (softphone/demo/script.py)
        self.spans: dict[Key, list[Span]] = {}  # (channel, segment) -> the alerts' spans in it


def display_spans(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Where to highlight in ``text`` (as shown: masked, maybe a newer partial or the final).

    The matched words nearest their original place win; if they are not in the
    text any more the original offsets are clamped to it. Overlaps are merged.
    """
    found: list[tuple[int, int]] = []
    for start, end, words in spans:
        at = _nearest(text, words, start)
        a, b = (at, at + len(words)) if at is not None else (min(start, len(text)), min(end, len(text)))
        if b > a:
            found.append((a, b))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _nearest(text: str, words: str, near: int) -> int | None:
    if not words:
        return None
    hits, at = [], text.find(words)
    while at >= 0:
        hits.append(at)
        at = text.find(words, at + 1)
    return min(hits, key=lambda h: abs(h - near)) if hits else None


class _HighlightDelegate(QStyledItemDelegate):
    """Draws a line with its highlighted ranges (rich text); other lines as usual."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        ranges = index.data(HIGHLIGHT_ROLE)
        if not ranges:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)  # background
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        margin = self._margin()
        doc = self._document(opt, text, ranges, rect.width() - 2 * margin)
        top = max(0.0, (rect.height() - doc.size().height()) / 2)
        painter.save()
        painter.translate(QPointF(rect.left() + margin, rect.top() + top))
        doc.drawContents(painter, QRectF(0, 0, rect.width(), rect.height()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        ranges = index.data(HIGHLIGHT_ROLE)
        if not ranges:
            return size
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self._view.viewport().width() - 4 * self._margin()
        doc = self._document(opt, opt.text, ranges, max(40, width))
        return QSize(size.width(), max(size.height(), math.ceil(doc.size().height()) + 4))

    def _margin(self) -> int:
        return self._view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self._view) + 1

    @staticmethod
    def _document(opt: QStyleOptionViewItem, text: str, ranges: list[tuple[int, int]], width: float) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(opt.font)
        wrap = QTextOption()
        wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(wrap)
        doc.setTextWidth(width)
        plain = QTextCharFormat()
        plain.setForeground(opt.palette.brush(QPalette.ColorRole.Text))
        marked = QTextCharFormat(plain)
        marked.setBackground(HIGHLIGHT_BACKGROUND)
        marked.setForeground(HIGHLIGHT_TEXT)
        marked.setFontWeight(QFont.Weight.Bold)
        cursor, at = QTextCursor(doc), 0
        for start, end in ranges:
            cursor.insertText(text[at:start], plain)
            cursor.insertText(text[start:end], marked)
            at = end
        cursor.insertText(text[at:], plain)
        return doc


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
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # lines wrap again when the pane is resized
        self.list.setItemDelegate(_HighlightDelegate(self.list))
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
        if self._calls.get(call_id, _CallTranscript()).simulated:
            self._mark_simulated()
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
            calls.lines[(channel, segment)] = (start, text, True)  # masked by the session
        self.show_call(call_id)

    # -- events -----------------------------------------------------------------
    def on_segment(self, seg: TranscriptSegment) -> None:
        if not seg.text.strip():
            return
        call = self._calls.setdefault(seg.call_id, _CallTranscript())
        key = (seg.channel, seg.segment)
        text = seg.text  # numbers read out come masked from the session
        call.lines[key] = (seg.start, text, seg.final)
        call.simulated = call.simulated or seg.simulated
        if seg.call_id == self.current:
            if seg.simulated:
                self._mark_simulated()
            self._put(key, seg.start, text, seg.final)

    def on_alert(self, alert: PhraseAlert) -> None:
        """Highlight the words ``alert`` matched, now and in every later version of that line."""
        call = self._calls.setdefault(alert.call_id, _CallTranscript())
        key = (alert.channel, alert.segment)
        spans = call.spans.setdefault(key, [])
        span = (alert.span[0], alert.span[1], alert.text)
        if span in spans:
            return
        spans.append(span)
        line = call.lines.get(key)
        if alert.call_id == self.current and line is not None:
            self._put(key, *line)

    def on_model_state(self, event: ModelStateChanged) -> None:
        texts = {ModelState.LOADING: self.tr("Loading the speech model ({0})…").format(event.name),
                 ModelState.READY: self._ready_text(event),
                 ModelState.FAILED: engine_text(event.user_message) or self.tr("The speech model could not be loaded."),
                 ModelState.NONE: self.tr("No speech model installed: calls work, without a transcript. "
                                 "Install one in Settings → Speech."),
                 ModelState.OFF: self.off_reason or self.tr("Transcription is off (Settings → Speech).")}
        self.status.setText(texts.get(event.state, event.state.value))

    def explain_demo_without_model(self) -> None:
        """The demo without a Chinese model: its calls get a scripted transcript, which this pane says."""
        self.off_reason = self._simulated_text()
        self.status.setText(self.off_reason)

    def _simulated_text(self) -> str:
        return self.tr("Simulated transcript (no Chinese speech model): the demo call's lines come from a script; "
                       "the alerts, emotion and hints on them are real. For real recognition: Settings → Speech.")

    def _mark_simulated(self) -> None:
        self.status.setText(self._simulated_text())
        self.status.setStyleSheet("color: #6b4e00; background: #fff4cc; padding: 4px;")

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
            self.status.setText(self.tr("Transcript stopped: {0} The call goes on.").format(engine_text(event.user_message)))

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
        prefix = f"{minutes:02d}:{seconds:02d}  {self._label(key[0])}:  "
        item.setText(prefix + text)
        spans = self._calls[self.current].spans.get(key, []) if self.current is not None else []
        item.setData(HIGHLIGHT_ROLE, [(len(prefix) + a, len(prefix) + b) for a, b in display_spans(text, spans)])
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
