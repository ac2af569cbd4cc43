"""A real call through Kamailio lands in the call history without a clear number.

A pjsua2 peer in its own process registers as the mainland mobile
13812345678 and calls our engine (1001) with the bot's hand-off headers; the
engine's ``HistoryRecorder`` writes the call through a ``HistoryWriter``.
Then the raw bytes of the database file and its -wal/-shm files are searched:
the number and the customer's name must not be there, the masked number must.

The rig's peer sends no display name in From, so the customer's name travels
in ``X-Customer-Name`` (encrypted like every hand-off header); the display
name column is checked byte for byte in tests/unit/test_storage.py.

The key comes from a real keyring backend (keyrings.alt's PlaintextKeyring,
its file in tmp_path, chosen explicitly); the no-keyring case runs the same
call with ``cipher=None``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from softphone.events import CallStateChanged, IncomingCall
from softphone.secrets import SecretStore
from softphone.states import CallDirection, CallId, CallState
from softphone.storage.history import CallRecord, HistoryWriter
from softphone.storage.history_feed import HistoryRecorder
from softphone.storage.vault import FieldCipher, load_field_cipher
from tests.conftest import MakeEngine
from tests.rig.kamailio import Kamailio, kamailio_available
from tests.rig.peer_client import Peer

pytestmark = pytest.mark.timeout(90)

MOBILE = "13812345678"
NAME = "张三"
USERS = {"1001": "pw1001", MOBILE: "pwmobile"}


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


def make_cipher(tmp_path: Path) -> FieldCipher:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    return load_field_cipher(SecretStore(backend))


def raw_bytes(db_path: Path) -> bytes:
    files = [db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def finished(writer: HistoryWriter, call_id: CallId, timeout: float = 10) -> CallRecord:
    """The call's record once the recorder has written its end (writes are queued)."""
    deadline = time.monotonic() + timeout
    while True:
        rec = writer.submit(lambda h: h.get(call_id)).result(5)
        if rec is not None and rec.ended_at is not None:
            return rec
        assert time.monotonic() < deadline, "the end of the call never reached the history"
        time.sleep(0.05)


def call_from_mobile(k: Kamailio, make_engine: MakeEngine, writer: HistoryWriter,
                     tmp_path: Path) -> tuple[CallRecord, CallStateChanged]:
    engine, events = make_engine(k)
    recorder = HistoryRecorder(engine.bus, writer)
    peer = Peer(MOBILE, USERS[MOBILE], f"127.0.0.1:{k.port}", log_dir=tmp_path)
    try:
        peer.wait_registered()
        pc = peer.cmd("call", uri=k.uri("1001"), headers={
            "X-Customer-Phone": MOBILE, "X-Customer-Name": NAME, "X-Handoff-Reason": "逾期咨询"})["call"]
        incoming = events.wait(IncomingCall)
        assert MOBILE in incoming.remote_uri
        engine.answer(incoming.call_id).result(5)
        events.wait(CallStateChanged, call_id=incoming.call_id, new=CallState.CONFIRMED)
        peer.wait_event("call_state", call=pc, state="CONFIRMED")
        peer.cmd("hangup", call=pc)
        ended = events.wait(CallStateChanged, call_id=incoming.call_id, new=CallState.DISCONNECTED)
        return finished(writer, incoming.call_id), ended
    finally:
        recorder.close()
        assert peer.close() == 0


def assert_grep_clean(db_path: Path) -> None:
    data = raw_bytes(db_path)
    assert MOBILE.encode() not in data
    assert NAME.encode("utf-8") not in data
    assert b"138****5678" in data


def test_encrypted_history_of_a_real_call(kam_mobile: Kamailio, make_engine: MakeEngine,
                                          tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "softphone.db"
    cipher = make_cipher(tmp_path)
    with HistoryWriter(db_path, cipher) as writer:
        assert writer.encrypted
        rec, ended = call_from_mobile(kam_mobile, make_engine, writer, tmp_path)
        assert rec.direction is CallDirection.INBOUND and not rec.missed
        assert rec.answered_at is not None and rec.ended_at is not None
        assert rec.started_at <= rec.answered_at <= rec.ended_at
        assert rec.end_code == ended.code and rec.end_reason == ended.reason
        assert rec.header("X-Customer-Phone") == MOBILE
        assert rec.header("X-Customer-Name") == NAME
        assert rec.header("X-Handoff-Reason") == "逾期咨询"
        assert MOBILE in rec.remote_uri and "138****5678" in rec.remote_masked
        assert rec.remote_fp == cipher.fingerprint(MOBILE)
        by_number = writer.submit(lambda h: h.recent(search=f"+86 {MOBILE}")).result(5)
        assert [r.id for r in by_number] == [rec.id]
        assert_grep_clean(db_path)  # while open: main file, -wal and -shm as they are
    assert_grep_clean(db_path)  # and after the last connection closed


def test_without_a_keyring_the_history_is_masked_only(kam_mobile: Kamailio, make_engine: MakeEngine,
                                                      tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "softphone.db"
    with HistoryWriter(db_path, None) as writer:
        assert not writer.encrypted
        rec, ended = call_from_mobile(kam_mobile, make_engine, writer, tmp_path)
        assert rec.direction is CallDirection.INBOUND and rec.end_code == ended.code
        assert rec.answered_at is not None and rec.ended_at is not None
        assert MOBILE not in rec.remote_uri and "138****5678" in rec.remote_uri
        assert rec.handoff_headers == () and rec.remote_fp == ""
        assert_grep_clean(db_path)
    assert_grep_clean(db_path)
