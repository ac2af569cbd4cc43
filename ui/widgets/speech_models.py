"""The Speech page's model list: install, choose and remove speech models.

Every ``ModelStore`` call (listing included) runs on a worker through
``in_background``; one job at a time, the buttons are disabled meanwhile.
An install shows a ``QProgressDialog`` fed from the worker through the
bridge (the latest value only, never a queue of stale ones). Cancel sets a
flag that the store's progress and phase callbacks check: they raise
``InstallCancelled`` on the worker at the next chunk, and the store removes
its staging folder, so nothing is left half-installed. A cancelled download
keeps its ``.part`` file: installing the same address again resumes it.

The model marked "in use" is the one the next engine start loads: the one
pinned by ``asr.model`` in the settings if any, else the store's choice.
"Use" makes a model the store's choice and clears the pin.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QMessageBox, QProgressDialog, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from softphone.asr.models import ModelInfo, ModelStore

from ..bridge import EngineBridge
from ..errors import show_error
from ..ops import in_background

__all__ = ["SpeechModels", "UrlDialog", "UrlRequest", "InstallCancelled", "digest_kind"]

T = TypeVar("T")
W = TypeVar("W", bound=QWidget)
_STEPS = 1000  # progress bar resolution (bytes would overflow a C int past 2 GB)


class InstallCancelled(Exception):
    """Raised on the worker from the progress callback when the agent pressed Cancel."""


def _guarded(widget: W, fn: Callable[[W, T], object]) -> Callable[[T], None]:
    """``fn(widget, value)`` unless the widget is gone; holds it weakly (a worker must not own a widget)."""
    ref = weakref.ref(widget)

    def call(value: T) -> None:
        alive = ref()
        if alive is not None and shiboken6.isValid(alive):
            fn(alive, value)

    return call


@dataclass(frozen=True)
class _Snapshot:
    phase: str
    done: int
    total: int | None


class _Relay:
    """The worker's progress and phase callbacks: checks Cancel, hands the latest value to the GUI thread."""

    def __init__(self, bridge: EngineBridge, show: Callable[[_Snapshot], None]) -> None:
        self._bridge, self._show = bridge, show
        self.cancelled = threading.Event()
        self._lock = threading.Lock()
        self._latest = _Snapshot("", 0, None)
        self._posted = False

    def phase(self, name: str) -> None:
        self._put(_Snapshot(name, 0, None))

    def progress(self, done: int, total: int | None) -> None:
        self._put(_Snapshot(self._latest.phase, done, total))

    def _put(self, snapshot: _Snapshot) -> None:
        if self.cancelled.is_set():
            raise InstallCancelled
        with self._lock:
            self._latest = snapshot
            posted, self._posted = self._posted, True
        if not posted:
            self._bridge.call_on_main(self._flush)

    def _flush(self) -> None:
        with self._lock:
            snapshot, self._posted = self._latest, False
        self._show(snapshot)


@dataclass(frozen=True)
class UrlRequest:
    url: str
    sha256: str | None = None
    md5: str | None = None
    name: str | None = None
    language: str | None = None


_DIGEST_LENGTHS = {64: "sha256", 32: "md5"}


def digest_kind(text: str) -> str | None:
    """``sha256`` or ``md5`` for a hex digest of that length, "" for nothing, None for neither."""
    text = text.strip()
    if not text:
        return ""
    is_hex = all(c in "0123456789abcdefABCDEF" for c in text)
    return _DIGEST_LENGTHS.get(len(text)) if is_hex else None


class UrlDialog(QDialog):
    """Address, and optionally the checksum published with it (SHA-256 or MD5), a name and a language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Install a speech model from the Internet"))
        self.url = self._edit("url", "https://alphacephei.com/vosk/models/vosk-model-small-cn-0.22.zip")
        self.checksum = self._edit("checksum", self.tr("Optional: SHA-256 or MD5 of the zip, checks the download"))
        self.name = self._edit("name", self.tr("Optional: from the file name"))
        self.language = self._edit("language", self.tr("Optional: zh, ko, en… (guessed from the name)"))
        self.url.setMinimumWidth(480)
        form = QFormLayout()
        form.addRow(self.tr("Address:"), self.url)
        form.addRow(self.tr("Checksum:"), self.checksum)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Language:"), self.language)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for edit in (self.url, self.checksum):
            edit.textChanged.connect(self._changed)
        self._changed()

    def _edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _changed(self) -> None:
        url_ok = self.url.text().strip().lower().startswith(("http://", "https://"))
        checksum_ok = digest_kind(self.checksum.text()) is not None
        self.checksum.setToolTip("" if checksum_ok else self.tr("A SHA-256 has 64 hex digits, an MD5 32."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(url_ok and checksum_ok)

    def request(self) -> UrlRequest:
        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        digest, kind = self.checksum.text().strip().lower(), digest_kind(self.checksum.text())
        return UrlRequest(self.url.text().strip(), digest if kind == "sha256" else None,
                          digest if kind == "md5" else None, text(self.name), text(self.language))


class SpeechModels(QWidget):
    """The installed models with Use, Remove and the three ways to install one."""

    refreshed = Signal()  # the table shows the store as it is now
    model_setting_changed = Signal()  # ``model_setting()`` changed (Use, or the pinned model removed)
    COLUMNS = 5

    def __init__(self, bridge: EngineBridge, store: ModelStore | None = None, pinned: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge, self._store, self._pinned = bridge, store or ModelStore(), pinned
        self._models: list[ModelInfo] = []
        self._in_use: str | None = None
        self.busy = False
        self.progress: QProgressDialog | None = None
        self._relay: _Relay | None = None
        self.table = self._make_table()
        self.status = QLabel()
        self.status.setObjectName("speechStatus")
        self.status.setWordWrap(True)
        note = QLabel(self.tr("A newly chosen model is loaded when you press OK and is used from the next call."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #777;")
        columns = QHBoxLayout()
        columns.addWidget(self.table, 1)
        columns.addLayout(self._button_column())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        layout.addWidget(note)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    # -- public --------------------------------------------------------------------------------------

    def model_setting(self) -> str:
        """The value for ``asr.model``: the pinned model, "" once a model was chosen here."""
        return self._pinned

    def in_use(self) -> str | None:
        return self._in_use

    def refresh(self) -> None:
        store = self._store
        self._set_busy(True)
        in_background(self._bridge, lambda: (store.list(), store.active()),
                      _guarded(self, SpeechModels._listed), _guarded(self, SpeechModels._list_failed))

    def select(self, name: str) -> None:
        for row, model in enumerate(self._models):
            if model.name == name:
                self.table.selectRow(row)

    def selected(self) -> ModelInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._models[rows[0].row()] if rows and rows[0].row() < len(self._models) else None

    def install(self, src: str, *, name: str | None = None, language: str | None = None,
                sha256: str | None = None, md5: str | None = None) -> None:
        """Install ``src`` (zip, folder or http(s) address) on a worker, with a progress dialog."""
        if self.busy:
            return
        relay = self._relay = _Relay(self._bridge, _guarded(self, SpeechModels._show_progress))
        self.progress = self._progress_dialog()
        store = self._store
        self._set_busy(True)
        self.status.setText(self.tr("Installing…"))
        in_background(self._bridge, lambda: store.install(src, name=name, language=language, sha256=sha256, md5=md5,
                                                          progress=relay.progress, phase=relay.phase),
                      _guarded(self, SpeechModels._installed), _guarded(self, SpeechModels._install_failed))

    # -- buttons -------------------------------------------------------------------------------------

    def _button_column(self) -> QVBoxLayout:
        self.use_button = self._button(self.tr("Use"), self._use_clicked)
        self.remove_button = self._button(self.tr("Remove…"), self._remove_clicked)
        self.file_button = self._button(self.tr("Install from file…"), self._choose_zip)
        self.folder_button = self._button(self.tr("Install from folder…"), self._choose_folder)
        self.url_button = self._button(self.tr("Install from URL…"), self._ask_url)
        column = QVBoxLayout()
        for button in (self.use_button, self.remove_button):
            column.addWidget(button)
        column.addSpacing(12)
        for button in (self.file_button, self.folder_button, self.url_button):
            column.addWidget(button)
        column.addStretch(1)
        return column

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    def _update_buttons(self) -> None:
        model = self.selected()
        self.use_button.setEnabled(not self.busy and model is not None and model.name != self._in_use)
        self.remove_button.setEnabled(not self.busy and model is not None and model.removable)
        for button in (self.file_button, self.folder_button, self.url_button):
            button.setEnabled(not self.busy)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    def _use_clicked(self) -> None:
        model = self.selected()
        if model is None or self.busy:
            return
        store, name = self._store, model.name
        self._set_busy(True)
        in_background(self._bridge, lambda: store.use(name), _guarded(self, SpeechModels._used),
                      _guarded(self, SpeechModels._failed))

    def _remove_clicked(self) -> None:
        model = self.selected()
        if model is None or self.busy or not model.removable:
            return
        answer = QMessageBox.question(
            self, self.tr("Remove speech model"),
            self.tr("Remove the speech model \"{0}\"? Its files are deleted from this computer.").format(model.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        store, name = self._store, model.name
        self._set_busy(True)
        in_background(self._bridge, lambda: store.remove(name), _guarded(self, lambda page, _: page._removed(name)),
                      _guarded(self, SpeechModels._failed))

    def _choose_zip(self) -> None:
        dialog = QFileDialog(self, self.tr("Speech model zip file"), "", self.tr("Zip files (*.zip);;All files (*)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self._open_file_dialog(dialog)

    def _choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Speech model folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        self._open_file_dialog(dialog)

    def _open_file_dialog(self, dialog: QFileDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self._file_chosen)
        dialog.open()

    def _file_chosen(self, path: str) -> None:
        if path:
            self.install(path)

    def _ask_url(self) -> None:
        dialog = UrlDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._url_given(dialog.request()))
        dialog.open()

    def _url_given(self, request: UrlRequest) -> None:
        self.install(request.url, name=request.name, language=request.language, sha256=request.sha256,
                     md5=request.md5)

    # -- results (GUI thread) ------------------------------------------------------------------------

    def _listed(self, result: tuple[list[ModelInfo], ModelInfo | None]) -> None:
        models, active = result
        names = {m.name for m in models}
        self._models = models
        self._in_use = self._pinned if self._pinned in names else (active.name if active else None)
        selected = self.selected()
        self._fill(selected.name if selected else None)
        if not models:
            self.status.setText(self.tr("No speech model is installed: calls work, without a transcript. "
                                        "Install one with the buttons on the right."))
        self._set_busy(False)
        self.refreshed.emit()

    def _list_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        show_error(self, exc)

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc)
        self.refresh()

    def _used(self, model: ModelInfo) -> None:
        self._unpin()
        self.status.setText(self.tr("Transcription will use \"{0}\".").format(model.name))
        self.refresh()

    def _removed(self, name: str) -> None:
        if self._pinned == name:
            self._unpin()
        self.status.setText(self.tr("\"{0}\" was removed.").format(name))
        self.refresh()

    def _unpin(self) -> None:
        if self._pinned:
            self._pinned = ""
            self.model_setting_changed.emit()

    def _installed(self, model: ModelInfo) -> None:
        self._end_install()
        self.status.setText(self.tr("\"{0}\" was installed. Select it and press Use to transcribe with it.")
                            .format(model.name))
        self.refresh()
        self._select_after_refresh(model.name)

    def _install_failed(self, exc: BaseException) -> None:
        self._end_install()
        if isinstance(exc, InstallCancelled):
            self.status.setText(self.tr("The install was cancelled; nothing was installed."))
        else:
            self.status.setText("")
            show_error(self, exc)
        self.refresh()

    def _select_after_refresh(self, name: str) -> None:
        def select() -> None:
            self.refreshed.disconnect(select)
            self.select(name)

        self.refreshed.connect(select)

    # -- progress ------------------------------------------------------------------------------------

    def _progress_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog(self.tr("Starting…"), self.tr("Cancel"), 0, 0, self)
        dialog.setWindowTitle(self.tr("Installing a speech model"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        dialog.canceled.connect(self._cancel)
        dialog.show()
        return dialog

    def _cancel(self) -> None:
        if self._relay is not None:
            self._relay.cancelled.set()
            self.status.setText(self.tr("Stopping the install…"))

    def _show_progress(self, snapshot: _Snapshot) -> None:
        dialog, relay = self.progress, self._relay
        if dialog is None or relay is None or relay.cancelled.is_set():
            return
        dialog.setLabelText(self._progress_text(snapshot))
        if snapshot.total:
            dialog.setRange(0, _STEPS)
            dialog.setValue(min(_STEPS, snapshot.done * _STEPS // snapshot.total))
        else:
            dialog.setRange(0, 0)  # busy indicator: size unknown

    def _progress_text(self, snapshot: _Snapshot) -> str:
        labels = {"download": self.tr("Downloading…"), "check": self.tr("Checking…"),
                  "extract": self.tr("Unpacking…"), "copy": self.tr("Copying…"), "finish": self.tr("Finishing…")}
        label = labels.get(snapshot.phase, self.tr("Working…"))
        if snapshot.total:
            percent = snapshot.done * 100 // snapshot.total
            return self.tr("{0}\n{1} of {2} ({3} %)").format(label, self._size(snapshot.done),
                                                             self._size(snapshot.total), percent)
        if snapshot.done:
            return f"{label}\n{self._size(snapshot.done)}"
        return label

    def _end_install(self) -> None:
        dialog, self.progress, self._relay = self.progress, None, None
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()

    # -- the table -----------------------------------------------------------------------------------

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, self.COLUMNS)
        table.setObjectName("speechModels")
        table.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Language"), self.tr("Size"), self.tr("In use"),
                                         self.tr("Source")])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _fill(self, select: str | None) -> None:
        self.table.setRowCount(len(self._models))
        for row, model in enumerate(self._models):
            for column, text in enumerate(self._row_texts(model)):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if model.name == self._in_use:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.clearSelection()
        if select is not None:
            self.select(select)

    def _row_texts(self, model: ModelInfo) -> list[str]:
        source = self.tr("package") if model.source == "package" else self.tr("installed")
        in_use = self.tr("✔ in use") if model.name == self._in_use else ""
        return [model.name, self._language(model.language), self._size(model.size_bytes), in_use, source]

    def _language(self, code: str) -> str:
        names = {"zh": self.tr("Chinese"), "ko": self.tr("Korean"), "en": self.tr("English"),
                 "ja": self.tr("Japanese"), "ru": self.tr("Russian"), "unknown": self.tr("Unknown")}
        base = code.split("-")[0].lower()
        if base in names:
            return names[base]
        locale = QLocale(base)
        known = locale.language() != QLocale.Language.C and base != "c"
        return QLocale.languageToString(locale.language()) if known else code

    def _size(self, size: int) -> str:
        return self.tr("{0} MB").format(f"{size / 1e6:.1f}")
