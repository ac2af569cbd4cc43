"""Window tests: real widgets offscreen, the real engine, a real Kamailio, peers in their own processes."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from softphone.paths import settings_path  # noqa: E402
from softphone.secrets import SecretStore  # noqa: E402
from tests.rig.kamailio import Kamailio  # noqa: E402

SETTINGS = """schema_version = 1
[account]
server = "127.0.0.1:{port}"
user = "1001"
transport = "udp"
password_env = "SOFTPHONE_UI_TEST_PASSWORD"
[sip]
bind_address = "127.0.0.1"
{sip}
[audio]
enabled = false
{audio}
[general]
first_run_done = true
[asr]
enabled = {asr}
{extra}
"""


@pytest.fixture
def collect_on_gui_thread() -> Iterator[None]:
    """Python's cyclic GC runs in whichever thread happens to allocate, and a Qt
    object freed there (a widget, a timer of pytest-qt) crashes the process. No
    automatic GC during a test; collect on the GUI thread before and after.

    The collector's state is restored, not switched on: once a window was made, the app
    keeps it off for the whole process (``ui/app.py``), and switching it back on here let
    a later test's collection free a Qt or pjsua2 object on the wrong thread (a CI segfault)."""
    was_on = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    gc.collect()
    if was_on:
        gc.enable()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's settings, models and data in the test's folder (modules use it with ``usefixtures``)."""
    monkeypatch.setenv("AGENT_SOFTPHONE_HOME", str(tmp_path))
    return tmp_path


_BRIDGES: list[object] = []  # kept for the session: background workers may hold the last reference


def kept_bridge():  # type: ignore[no-untyped-def]
    """A new ``EngineBridge`` that lives until the end of the test session."""
    from ui.bridge import EngineBridge

    _BRIDGES.append(EngineBridge())
    return _BRIDGES[-1]


@pytest.fixture
def bridge(qtbot):  # type: ignore[no-untyped-def]
    return kept_bridge()


def file_keyring_store(folder: Path) -> SecretStore:
    """A real keyring backend chosen explicitly (keyrings.alt's file backend in the test's folder)."""
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(folder / "keyring" / "keyring_pass.cfg")
    return SecretStore(backend)


@pytest.fixture
def make_session(qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    from ui.app import Session, make_app

    made: list[Session] = []

    def make(kam: Kamailio | None, demo: bool = False, secrets: SecretStore | None = None, asr: bool = False,
             extra: str = "", sip: str = "", audio: str = "") -> Session:
        make_app()
        if kam is not None:
            path: Path = settings_path()
            path.write_text(SETTINGS.format(port=kam.port, asr=str(asr).lower(), extra=extra, sip=sip, audio=audio))
            monkeypatch.setenv("SOFTPHONE_UI_TEST_PASSWORD", kam.users["1001"])
        session = Session(qapp, demo=demo, secrets=secrets or file_keyring_store(tmp_path))
        made.append(session)
        session.window.show()
        session.start()
        return session

    yield make
    for session in made:
        session.window.close()
        session.shutdown()
