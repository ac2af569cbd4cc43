"""Search what was said across calls; open a past call's transcript."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from softphone.states import CallId
from softphone.storage.db import open_database
from softphone.storage.transcripts import SearchHit, StoredSegment, TranscriptStore
from softphone.storage.vault import FieldCipher

from ..bridge import EngineBridge
from ..errors import error_text
from ..ops import in_background
from .transcript import TranscriptPane

__all__ = ["TranscriptSearch", "load_transcript", "TranscriptDialog"]


def _store(db_path: Path, cipher: FieldCipher | None) -> TranscriptStore:
    return TranscriptStore(open_database(db_path, cipher), cipher)


def load_transcript(db_path: Path, cipher: FieldCipher | None, call_id: CallId) -> list[StoredSegment]:
    """Worker side: a connection of its own, read, close."""
    store = _store(db_path, cipher)
    try:
        return store.for_call(call_id)
    finally:
        store.db.conn.close()


def _search(db_path: Path, cipher: FieldCipher | None, text: str) -> list[SearchHit]:
    store = _store(db_path, cipher)
    try:
        return store.search(text)
    finally:
        store.db.conn.close()


class TranscriptSearch(QWidget):
    open_call_requested = Signal(str)

    def __init__(self, bridge: EngineBridge, db_path: Path, cipher: FieldCipher | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.db_path, self.cipher = bridge, db_path, cipher
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
        in_background(self.bridge, lambda: _search(self.db_path, self.cipher, text), self._show,
                      lambda exc: self.note.setText(error_text(exc)))

    def _show(self, hits: list[SearchHit]) -> None:
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

    def __init__(self, bridge: EngineBridge, db_path: Path, cipher: FieldCipher | None, call_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transcript of the call"))
        self.setModal(False)
        self.resize(560, 480)
        self.pane = TranscriptPane()
        self.pane.status.setText(self.tr("Loading…"))
        QVBoxLayout(self).addWidget(self.pane)
        cid = CallId(call_id)
        in_background(bridge, lambda: load_transcript(db_path, cipher, cid), self._loaded,
                      lambda exc: self.pane.status.setText(error_text(exc)))
        self.call_id = cid

    def _loaded(self, segments: list[StoredSegment]) -> None:
        self.pane.load_segments(self.call_id, [(s.channel, s.segment, s.start, s.text) for s in segments])
        self.pane.status.setText(self.tr("{0} lines").format(len(segments)) if segments
                                 else self.tr("No transcript was kept for this call."))
