"""Shared fixtures: a real Kamailio, engines of ours, pjsua2 peers in their own processes.

Under CI (``CI`` set) a skipped test fails the run: every real part is
installed by installer/setup.sh --test, so a skip there means something is
missing, not that the test passed.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from softphone.engine import Engine
from softphone.events import RegistrationChanged
from softphone.settings import Settings
from softphone.states import RegState
from tests.rig.kamailio import Kamailio, kamailio_available
from tests.rig.kannel import KannelRig, kannel_available
from tests.rig.mosquitto import MosquittoRig, mosquitto_available
from tests.rig.peer_client import Peer
from tests.rig.postgres import PostgresRig, postgres_available
from tests.rig.recorder import EventRecorder
from tests.rig.zones import zone_where_it_is


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {skipped} test(s) skipped; every real part should be installed here", red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data and config folders."""
    monkeypatch.setenv("AGENT_SOFTPHONE_HOME", str(tmp_path / "home"))


@pytest.fixture(autouse=True)
def _collect_while_the_app_holds_the_collector_off() -> Iterator[None]:
    """Once a window was made, the app keeps Python's automatic collector off for the process and collects on
    the GUI thread (``ui/app.py``); between tests, the main thread (the GUI thread) collects in its place."""
    yield
    if not gc.isenabled():
        gc.collect()


@pytest.fixture(scope="session")
def _daytime_policy(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    if os.geteuid() != 0:
        return None
    folder = tmp_path_factory.mktemp("policy")
    folder.chmod(0o755)
    # no recording notice: tests listen to calls from their first second; the notice's own tests set it
    (folder / "policy.toml").write_text(f'[guard]\ndefault_time_zone = "{zone_where_it_is(14)}"\n'
                                        '[recordings]\nnotice = "none"\n')
    return folder / "policy.toml"


@pytest.fixture(autouse=True)
def _daytime_default_zone(_daytime_policy: Path | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dialing guard's default zone is one where it is mid-afternoon now, so a test that dials a number
    in no case (its calling hours are in the default zone) passes at any hour of the CI's day. It is an
    administrator's policy file, so it must be root's: as another user the built-in policy (China time) applies.
    Tests of the guard itself give their cases a zone, or their own policy."""
    if _daytime_policy is not None:  # 14:00 there at the start of the run: daytime for the run's length
        monkeypatch.setenv("AGENT_SOFTPHONE_POLICY", str(_daytime_policy))


@pytest.fixture
def kam() -> Iterator[Kamailio]:
    if not kamailio_available():
        pytest.skip("kamailio is not installed (installer/setup.sh --test installs it)")
    k = Kamailio()
    k.start()
    yield k
    k.stop()


def engine_settings(kam: Kamailio | None, user: str = "1001", transport: str = "udp", **sections: dict[str, Any]) -> Settings:
    s = Settings()
    account = dict(user=user, server=f"127.0.0.1:{kam.port}" if kam else "", transport=transport,
                   register=kam is not None)
    account.update(sections.pop("account", {}))
    audio = dict(enabled=False)
    audio.update(sections.pop("audio", {}))
    sip = dict(bind_address="127.0.0.1")
    sip.update(sections.pop("sip", {}))
    s = dataclasses.replace(s, account=dataclasses.replace(s.account, **account),
                            audio=dataclasses.replace(s.audio, **audio), sip=dataclasses.replace(s.sip, **sip))
    for name, values in sections.items():
        s = dataclasses.replace(s, **{name: dataclasses.replace(getattr(s, name), **values)})
    return s


MakeEngine = Callable[..., tuple[Engine, EventRecorder]]


@pytest.fixture
def make_engine() -> Iterator[MakeEngine]:
    made: list[Engine] = []

    def make(kam: Kamailio | None, user: str = "1001", password: str | None = None, register: bool = True,
             **sections: Any) -> tuple[Engine, EventRecorder]:
        settings = engine_settings(kam, user, **sections)
        pw = password if password is not None else (kam.users.get(user) if kam else None)
        engine = Engine(settings, password=pw)
        recorder = EventRecorder(engine.bus)
        engine.start()
        made.append(engine)
        if register and kam is not None:
            engine.register().result(5)
            recorder.wait(RegistrationChanged, where=lambda e: e.new is not RegState.REGISTERING)
        return engine, recorder

    yield make
    for engine in made:
        engine.stop()


MakePeer = Callable[..., Peer]


@pytest.fixture
def make_peer(tmp_path: Path) -> Iterator[MakePeer]:
    made: list[Peer] = []

    def make(kam: Kamailio | None, user: str, **kw: Any) -> Peer:
        registrar = f"127.0.0.1:{kam.port}" if kam else ""
        password = kam.users[user] if kam else ""
        peer = Peer(user, password, registrar, register=kam is not None, log_dir=tmp_path, **kw)
        made.append(peer)
        if kam is not None:
            peer.wait_event("reg_state", code=200)
        return peer

    yield make
    codes = [p.close() for p in made]
    assert codes == [0] * len(made), f"a peer did not exit cleanly: {codes}"


@pytest.fixture
def postgres() -> Iterator[PostgresRig]:
    """A real PostgreSQL server on 127.0.0.1 (a temporary cluster), stopped afterwards."""
    if not postgres_available():
        pytest.skip("postgresql is not installed (installer/setup.sh --test installs it)")
    with PostgresRig() as pg:
        yield pg


@pytest.fixture
def kannel() -> Iterator[KannelRig]:
    if not kannel_available():
        pytest.skip("kannel is not installed (installer/setup.sh --test installs it)")
    with KannelRig() as k:
        yield k


@pytest.fixture
def mosquitto() -> Iterator[MosquittoRig]:
    """A real Mosquitto MQTT broker on 127.0.0.1 (TLS on ``.tls_port``, CA ``.ca_path``), with the users of
    ``tests.rig.mosquitto.DEFAULT_USERS`` and the shipped ACL (resources/team/mosquitto.acl.example)."""
    if not mosquitto_available():
        pytest.skip("mosquitto is not installed (installer/setup.sh --test installs it)")
    with MosquittoRig() as broker:
        yield broker
