"""``softphone.session`` against a real Kamailio and a pjsua2 peer in its own process.

What a front end is handed (every event from ``Session.subscribe``, every
history row and transcript line) holds no clear number, name or ID; a call
back from the history still reaches the customer's full number, dialled by
the session. Settings saved during a call wait for its end.
The keyring is a real backend (keyrings.alt's file keyring, in tmp_path).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyrings.alt.file import PlaintextKeyring

from softphone.events import CallStateChanged, Event, IncomingCall, RegistrationChanged, SettingsChanged
from softphone.secrets import SecretStore
from softphone.session import HistoryQuery, Session
from softphone.states import CallState, RegState, SettingsState
from tests.conftest import engine_settings
from tests.rig.kamailio import Kamailio, kamailio_available
from tests.rig.peer_client import Peer

pytestmark = pytest.mark.timeout(120)

MOBILE = "13812345678"
ID_NUMBER = "110101199003071234"
NAME = "张三"
USERS = {"1001": "pw1001", MOBILE: "pwmobile"}
RAW = (MOBILE, ID_NUMBER, NAME)


class Seen:
    """Every event a front end got, in order."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._cond = threading.Condition()

    def __call__(self, event: Event) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait(self, kind: type, timeout: float = 10, **match: Any) -> Any:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for e in self.events:
                    if isinstance(e, kind) and all(getattr(e, k) == v for k, v in match.items()):
                        return e
                left = deadline - time.monotonic()
                assert left > 0, f"no {kind.__name__} {match}; got {[type(e).__name__ for e in self.events]}"
                self._cond.wait(left)


@pytest.fixture
def kam_mobile() -> Iterator[Kamailio]:
    if not kamailio_available():
        pytest.skip("kamailio is not installed (installer/setup.sh --test installs it)")
    k = Kamailio(users=USERS)
    k.start()
    try:
        yield k
    finally:
        k.stop()


def keyring(tmp_path: Path) -> SecretStore:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    return SecretStore(backend)


@pytest.fixture
def session(kam_mobile: Kamailio, tmp_path: Path) -> Iterator[tuple[Session, Seen]]:
    settings = engine_settings(kam_mobile, storage=dict(data_dir=str(tmp_path / "data")))
    s = Session(settings, keyring(tmp_path), typed_password=USERS["1001"])
    seen = Seen()
    s.subscribe(seen)
    s.start()
    seen.wait(RegistrationChanged, new=RegState.REGISTERED)
    yield s, seen
    s.close()


def everything_shown(seen: Seen) -> str:
    return "\n".join(repr(e) for e in seen.events)


def call_in(k: Kamailio, s: Session, seen: Seen, peer: Peer) -> tuple[IncomingCall, str]:
    pc = peer.cmd("call", uri=k.uri("1001"), headers={
        "X-Customer-Phone": MOBILE, "X-Customer-Id-Number": ID_NUMBER, "X-Customer-Name": NAME,
        "X-Handoff-Reason": "逾期咨询"})["call"]
    incoming = seen.wait(IncomingCall)
    s.answer(incoming.call_id).result(5)
    seen.wait(CallStateChanged, call_id=incoming.call_id, new=CallState.CONFIRMED)
    peer.wait_event("call_state", call=pc, state="CONFIRMED")
    return incoming, pc


def test_what_a_front_end_is_handed_holds_no_clear_number_and_redial_still_reaches_it(
        kam_mobile: Kamailio, session: tuple[Session, Seen], tmp_path: Path) -> None:
    s, seen = session
    peer = Peer(MOBILE, USERS[MOBILE], f"127.0.0.1:{kam_mobile.port}", log_dir=tmp_path)
    try:
        peer.wait_registered()
        incoming, pc = call_in(kam_mobile, s, seen, peer)
        assert "138****5678" in incoming.remote_uri
        assert ("X-Handoff-Reason", "逾期咨询") in incoming.headers  # what the bot learned still shows
        peer.cmd("hangup", call=pc)
        seen.wait(CallStateChanged, call_id=incoming.call_id, new=CallState.DISCONNECTED)

        assert s.history is not None
        deadline = time.monotonic() + 10
        while True:  # the history writer has its own thread: wait for the call's end to be written
            rows = s.history.page(HistoryQuery()).result(5).rows
            if rows and rows[0].ended_at is not None:
                break
            assert time.monotonic() < deadline, "the call never reached the history"
            time.sleep(0.1)
        row = rows[0]
        assert row.number == "138****5678" and row.can_redial
        lines = s.history.transcript(incoming.call_id).result(5)
        shown = everything_shown(seen) + "\n" + repr(rows) + repr(lines)
        for raw in RAW:
            assert raw not in shown, f"{raw} reached a front end"

        call_back = s.redial(row.call_id).result(10)  # the session dials the number it keeps
        rang = peer.wait_event("incoming_call", timeout=10)
        assert call_back and rang["call"]
        s.hangup(call_back).result(5)
        for raw in RAW:
            assert raw not in everything_shown(seen)
    finally:
        assert peer.close() == 0


def test_settings_saved_in_a_call_wait_for_its_end_and_the_call_is_not_dropped(
        kam_mobile: Kamailio, session: tuple[Session, Seen], tmp_path: Path) -> None:
    s, seen = session
    peer = Peer(MOBILE, USERS[MOBILE], f"127.0.0.1:{kam_mobile.port}", log_dir=tmp_path)
    try:
        peer.wait_registered()
        incoming, pc = call_in(kam_mobile, s, seen, peer)
        old = s.settings
        new = dataclasses.replace(old, sip=dataclasses.replace(old.sip, user_agent="agent-softphone/renamed"))
        s.apply_settings(new)  # an engine setting: it needs a restart
        deferred = seen.wait(SettingsChanged, state=SettingsState.DEFERRED)
        assert deferred.keys == ("sip.user_agent",) and "when the current call ends" in deferred.user_message
        assert s.pending_settings == {"sip.user_agent"}
        time.sleep(1.0)
        assert not [e for e in seen.events if isinstance(e, CallStateChanged) and e.new is CallState.DISCONNECTED]
        assert s.calls().result(5)[0].state is CallState.CONFIRMED

        peer.cmd("hangup", call=pc)
        seen.wait(CallStateChanged, call_id=incoming.call_id, new=CallState.DISCONNECTED)
        applied = seen.wait(SettingsChanged, timeout=20, state=SettingsState.APPLIED)
        assert applied.keys == ("sip.user_agent",) and s.pending_settings == frozenset()
        registered = [e for e in seen.events if isinstance(e, RegistrationChanged) and e.new is RegState.REGISTERED]
        deadline = time.monotonic() + 10
        while len(registered) < 2:  # the restarted engine signs in again
            assert time.monotonic() < deadline, "the restarted engine did not sign in"
            time.sleep(0.1)
            registered = [e for e in seen.events if isinstance(e, RegistrationChanged) and e.new is RegState.REGISTERED]
        assert s.running and s.settings.sip.user_agent == "agent-softphone/renamed"
    finally:
        assert peer.close() == 0


def test_a_setting_of_the_window_only_restarts_nothing(session: tuple[Session, Seen]) -> None:
    s, seen = session
    port = s.local_port
    old = s.settings
    wanted = s.apply_settings(dataclasses.replace(old, general=dataclasses.replace(old.general, start_minimized=True)))
    assert not wanted.restarts
    seen.wait(RegistrationChanged, new=RegState.REGISTERED)
    assert s.running and s.local_port == port
    assert not [e for e in seen.events if isinstance(e, SettingsChanged)]
