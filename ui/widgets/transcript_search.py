"""Search what was said across calls; open a past call's transcript."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from softphone.session import HistoryReader, TranscriptHit, TranscriptLine
from softphone.states import CallId

from ..bridge import EngineBridge
from ..errors import error_text
from ..ops import run_op
from .transcript import TranscriptPane

__all__ = ["TranscriptSearch", "TranscriptDialog"]


class TranscriptSearch(QWidget):
    open_call_requested = Signal(str)

    def __init__(self, bridge: EngineBridge, reader: HistoryReader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.reader = bridge, reader
        self.query = QLineEdit()
        self.query.setObjectName("transcriptQuery")
        self.query.setPlaceholderText(self.tr("Search what was said in calls (e.g. 还款)"))
        self.results = QListWidget()
        self.results.setObjectName("transcriptResults")
        self.results.itemDoubleClicked.connect(self._open)
        self.note = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.note)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _t: self._debounce.start())

    def search(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.results.clear()
            self.note.clear()
            return
        run_op(self.bridge, self.reader.search(text), self._show, lambda exc: self.note.setText(error_text(exc)))

    def _show(self, hits: list[TranscriptHit]) -> None:
        self.results.clear()
        for hit in hits:
            minutes, seconds = divmod(int(hit.start), 60)
            item = QListWidgetItem(f"{minutes:02d}:{seconds:02d}  {hit.text}")
            item.setData(Qt.ItemDataRole.UserRole, hit.call_id)
            self.results.addItem(item)
        self.note.setText(self.tr("{0} places found").format(len(hits)))

    def _open(self, item: QListWidgetItem) -> None:
        self.open_call_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))


class TranscriptDialog(QDialog):
    """A past call's transcript, read in the background."""

    def __init__(self, bridge: EngineBridge, reader: HistoryReader, call_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transcript of the call"))
        self.setModal(False)
        self.resize(560, 480)
        self.pane = TranscriptPane()
        self.pane.status.setText(self.tr("Loading…"))
        QVBoxLayout(self).addWidget(self.pane)
        self.call_id = CallId(call_id)
        run_op(bridge, reader.transcript(self.call_id), self._loaded,
               lambda exc: self.pane.status.setText(error_text(exc)))

    def _loaded(self, segments: list[TranscriptLine]) -> None:
        self.pane.load_segments(self.call_id, [(s.channel, s.segment, s.start, s.text) for s in segments])
        self.pane.status.setText(self.tr("{0} lines").format(len(segments)) if segments
                                 else self.tr("No transcript was kept for this call."))
