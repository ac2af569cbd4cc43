"""Call history on a real SQLite file: migrations, records, filters, full disk.

The history's key comes from a real keyring backend (keyrings.alt's
PlaintextKeyring with its file in tmp_path, chosen explicitly).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from keyrings.alt.file import PlaintextKeyring

from softphone import paths
from softphone.errors import DiskFullError, EngineStateError, StorageError
from softphone.privacy import mask_uri, uri_user
from softphone.secrets import SecretStore
from softphone.settings import StorageSettings
from softphone.states import AccountId, CallDirection, CallId
from softphone.storage import (
    LATEST_VERSION,
    CallHistory,
    CallRecord,
    HistoryWriter,
    apply_migrations,
    database_path,
    open_database,
)

ALL = list(range(1, LATEST_VERSION + 1))  # every schema step this code knows
NEXT = LATEST_VERSION + 1
from softphone.storage.migrations import MIGRATIONS, Migration
from softphone.storage.vault import FieldCipher, load_field_cipher

NUMBER = "sip:+8613812345678@pbx.example.com"
T0 = 1_700_000_000.0


def record(n: int, direction: CallDirection = CallDirection.INBOUND, **kw: object) -> CallRecord:
    values: dict[str, object] = {
        "id": CallId(f"call-{n}"),
        "account_id": AccountId("default"),
        "direction": direction,
        "started_at": T0 + n,
        "remote_uri": f"sip:10{n:02d}@pbx.example.com",
        "remote_display": f"Customer {n}",
        "local_uri": "sip:agent@pbx.example.com",
        "sip_call_id": f"sip-call-{n}",
    }
    values.update(kw)
    return CallRecord(**values)  # type: ignore[arg-type]


@pytest.fixture
def cipher(tmp_path: Path) -> FieldCipher:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    return load_field_cipher(SecretStore(backend))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "softphone.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def history(db: sqlite_utils.Database, cipher: FieldCipher) -> CallHistory:
    return CallHistory(db, cipher)


@pytest.fixture
def masked_history(db: sqlite_utils.Database) -> CallHistory:
    return CallHistory(db, None)


def file_bytes(path: Path) -> bytes:
    """The database file and its -wal/-shm companions, as they are on disk."""
    parts = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def as_stored(rec: CallRecord, cipher: FieldCipher | None) -> CallRecord:
    """``rec`` with the fields that storing it fills in."""
    fp = cipher.fingerprint(uri_user(rec.remote_uri)) if cipher else ""
    return dataclasses.replace(rec, remote_masked=mask_uri(rec.remote_uri), remote_fp=fp)


def versions(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]


def call_ids(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM calls ORDER BY started_at")]


# -- migrations --------------------------------------------------------------------


def test_open_creates_schema(db: sqlite_utils.Database, db_path: Path) -> None:
    assert db_path.is_file()
    assert versions(db_path) == ALL and LATEST_VERSION == len(ALL)
    calls = db.table("calls")
    assert calls.pks == ["id"]
    columns = set(calls.columns_dict)
    assert {"headers_enc", "missed", "end_code", "sip_call_id", "remote_masked", "remote_enc",
            "remote_fp", "display_masked", "display_enc", "local_enc"} <= columns
    assert not {"remote_uri", "remote_display", "local_uri", "handoff_headers"} & columns
    indexed = {tuple(index.columns) for index in calls.indexes}
    assert {("started_at",), ("direction",), ("remote_fp",)} <= indexed


def test_migrations_are_idempotent(db_path: Path) -> None:
    open_database(db_path).close()
    db = open_database(db_path)
    assert apply_migrations(db) == []
    assert versions(db_path) == ALL
    db.close()


def test_new_step_applies_once(db: sqlite_utils.Database, db_path: Path) -> None:
    def add_notes(d: sqlite_utils.Database) -> None:
        d.execute("ALTER TABLE calls ADD COLUMN notes TEXT")

    steps: list[Migration] = [*MIGRATIONS, (NEXT, "add notes", add_notes)]
    assert apply_migrations(db, steps) == [NEXT]
    assert apply_migrations(db, steps) == []
    assert versions(db_path) == [*ALL, NEXT]
    assert "notes" in db.table("calls").columns_dict


def test_failed_step_leaves_nothing_behind(db: sqlite_utils.Database, db_path: Path) -> None:
    def broken(d: sqlite_utils.Database) -> None:
        d.execute("CREATE TABLE half_done (x)")
        d.execute("THIS IS NOT SQL")

    with pytest.raises(StorageError):
        apply_migrations(db, [*MIGRATIONS, (NEXT, "broken", broken)])
    assert versions(db_path) == ALL
    assert not db.table("half_done").exists()


def test_newer_database_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', 0)")
    conn.close()
    with pytest.raises(StorageError) as info:
        open_database(db_path)
    assert "newer" in str(info.value)
    assert "newer version of the softphone" in info.value.user_message
    assert versions(db_path) == [*ALL, 99]


def test_not_a_database_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "softphone.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError):
        open_database(path)


# -- history -------------------------------------------------------------------


def test_round_trip(history: CallHistory, cipher: FieldCipher) -> None:
    headers = (("X-Customer-Id", "C-42"), ("Call-Info", "<urn:x>;answer-after=0"),
               ("X-Note", "客户要求回电"), ("X-Note", "second"))
    started = record(1, remote_uri=NUMBER, handoff_headers=headers)
    history.record_started(started)
    assert history.get(CallId("call-1")) == as_stored(started, cipher)
    history.record_answered(CallId("call-1"), T0 + 5)
    history.record_ended(CallId("call-1"), T0 + 65, 200, "Normal call clearing")
    got = history.get(CallId("call-1"))
    assert got is not None
    assert (got.answered_at, got.ended_at, got.end_code, got.end_reason) == (
        T0 + 5, T0 + 65, 200, "Normal call clearing")
    assert got.handoff_headers == headers and got.remote_uri == NUMBER
    assert got.header("x-customer-id") == "C-42" and got.header("X-None") is None
    assert not got.missed


def test_missing_call_is_none(history: CallHistory) -> None:
    assert history.get(CallId("nope")) is None


def test_first_answer_time_is_kept(history: CallHistory) -> None:
    history.record_started(record(1))
    history.record_answered(CallId("call-1"), T0 + 2)
    history.record_answered(CallId("call-1"), T0 + 9)
    got = history.get(CallId("call-1"))
    assert got is not None and got.answered_at == T0 + 2


def test_missed_is_inbound_and_unanswered(history: CallHistory) -> None:
    history.record_started(record(1))
    history.record_started(record(2))
    history.record_started(record(3, CallDirection.OUTBOUND))
    history.record_answered(CallId("call-2"), T0 + 3)
    for n in (1, 2, 3):
        history.record_ended(CallId(f"call-{n}"), T0 + 10, 487, "Request Terminated")
    missed = {r.id: r.missed for r in history.recent()}
    assert missed == {"call-1": True, "call-2": False, "call-3": False}


def test_unknown_call_update_is_refused(history: CallHistory) -> None:
    with pytest.raises(StorageError):
        history.record_answered(CallId("ghost"), T0)
    with pytest.raises(StorageError):
        history.record_ended(CallId("ghost"), T0, 200, "OK")


def test_duplicate_call_id_is_refused(history: CallHistory) -> None:
    history.record_started(record(1))
    with pytest.raises(StorageError):
        history.record_started(record(1))


def test_recent_filters(history: CallHistory) -> None:
    for n in range(1, 7):
        direction = CallDirection.INBOUND if n % 2 else CallDirection.OUTBOUND
        history.record_started(record(n, direction))
    history.record_started(record(7, remote_uri=NUMBER, remote_display="100% sure"))
    history.record_ended(CallId("call-1"), T0 + 50, 487, "Request Terminated")

    def ids(records: list[CallRecord]) -> list[str]:
        return [r.id for r in records]

    assert ids(history.recent()) == [f"call-{n}" for n in range(7, 0, -1)]
    assert ids(history.recent(limit=2)) == ["call-7", "call-6"]
    assert ids(history.recent(direction=CallDirection.OUTBOUND)) == ["call-6", "call-4", "call-2"]
    assert ids(history.recent(missed=True)) == ["call-1"]
    assert "call-1" not in ids(history.recent(missed=False))
    assert ids(history.recent(search="138")) == ["call-7"]  # the masked number
    assert ids(history.recent(search="138****5678")) == ["call-7"]
    assert ids(history.recent(search="13812345")) == []  # no clear text to match a part of
    assert ids(history.recent(search="13812345678")) == ["call-7"]  # whole: by fingerprint
    assert ids(history.recent(search="+86 138-1234-5678")) == ["call-7"]
    assert ids(history.recent(search="customer 3")) == ["call-3"]
    assert ids(history.recent(search="100%")) == ["call-7"]
    assert ids(history.recent(search="0_")) == []  # _ is literal, not a wildcard
    assert ids(history.recent(direction=CallDirection.INBOUND, search="Customer 5")) == ["call-5"]


def test_remote_number_is_never_logged(
    history: CallHistory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rec = record(1, remote_uri=NUMBER, remote_display="Zhang San")
    history.record_started(rec)
    history.record_answered(rec.id, T0 + 1)
    history.record_ended(rec.id, T0 + 2, 200, "OK")
    assert "call-1" in caplog.text
    assert "13812345678" not in caplog.text + repr(rec) + repr(history.get(rec.id))
    assert "Zhang San" not in caplog.text + repr(rec)


# -- personal data at rest ------------------------------------------------------------

MOBILE = "13812345678"
NAME = "张三"


def test_clear_values_never_reach_the_file(
    history: CallHistory, db: sqlite_utils.Database, db_path: Path
) -> None:
    history.record_started(record(1, remote_uri=f"sip:{MOBILE}@pbx", remote_display=NAME,
                                  local_uri="sip:agent@pbx",
                                  handoff_headers=(("X-Customer-Phone", MOBILE),)))
    row = db.execute("SELECT remote_masked, display_masked, remote_enc FROM calls").fetchone()
    assert row[:2] == ("sip:138****5678@pbx", "张*") and row[2].startswith("v1.")
    data = file_bytes(db_path)
    assert MOBILE.encode() not in data and NAME.encode() not in data
    assert b"138****5678" in data
    got = history.get(CallId("call-1"))
    assert got is not None and got.header("X-Customer-Phone") == MOBILE
    assert (got.remote_uri, got.remote_display) == (f"sip:{MOBILE}@pbx", NAME)


def test_without_a_cipher_only_masked_values_are_kept(
    masked_history: CallHistory, db_path: Path
) -> None:
    assert not masked_history.encrypted
    rec = record(1, remote_uri=f"\"{NAME}\" <sip:+86{MOBILE}@pbx>", remote_display=NAME,
                 handoff_headers=(("X-Customer-Phone", MOBILE),))
    masked_history.record_started(rec)
    got = masked_history.get(rec.id)
    assert got is not None
    assert got.remote_uri == got.remote_masked == '"张*" <sip:+86138****5678@pbx>'
    assert got.remote_display == "张*" and got.handoff_headers == () and got.remote_fp == ""
    assert got.local_uri == "sip:agent@pbx.example.com"  # not a number: nothing to mask
    assert [r.id for r in masked_history.recent(search="5678")] == ["call-1"]
    assert masked_history.recent(search=MOBILE) == []  # no fingerprint without a key
    data = file_bytes(db_path)
    assert MOBILE.encode() not in data and NAME.encode() not in data


def test_rows_written_without_a_key_read_masked_with_one(
    db: sqlite_utils.Database, cipher: FieldCipher
) -> None:
    CallHistory(db, None).record_started(record(1, remote_uri=NUMBER))
    got = CallHistory(db, cipher).get(CallId("call-1"))
    assert got is not None and got.remote_uri == "sip:+86138****5678@pbx.example.com"


def test_another_key_shows_masked_values(
    history: CallHistory, db: sqlite_utils.Database, caplog: pytest.LogCaptureFixture
) -> None:
    history.record_started(record(1, remote_uri=NUMBER, handoff_headers=(("X-A", "b"),)))
    other = CallHistory(db, FieldCipher(FieldCipher.new_key()))
    got = other.get(CallId("call-1"))
    assert got is not None and got.remote_uri == got.remote_masked and got.handoff_headers == ()
    assert "cannot be decrypted" in caplog.text and MOBILE not in caplog.text
    assert other.recent(search=MOBILE) == []  # another key, another fingerprint


def test_a_token_moved_to_another_row_does_not_decrypt(
    history: CallHistory, db: sqlite_utils.Database
) -> None:
    history.record_started(record(1, remote_uri=NUMBER))
    history.record_started(record(2))
    db.execute("UPDATE calls SET remote_enc = (SELECT remote_enc FROM calls WHERE id = 'call-1') "
               "WHERE id = 'call-2'")
    got = history.get(CallId("call-2"))
    assert got is not None and got.remote_uri == "sip:1002@pbx.example.com"


def _version_1_database(path: Path) -> None:
    """A database as softphones before migration 2 left it: parties in clear text."""
    db = sqlite_utils.Database(sqlite3.connect(path))
    db.execute("PRAGMA journal_mode = WAL")
    apply_migrations(db, MIGRATIONS[:1])
    db["calls"].insert_all([
        {"id": "old-1", "account_id": "default", "direction": "inbound", "started_at": T0,
         "remote_uri": f"\"{NAME}\" <sip:{MOBILE}@pbx>", "remote_display": NAME,
         "local_uri": "sip:1001@pbx",
         "handoff_headers": json.dumps([["X-Customer-Phone", MOBILE]], ensure_ascii=False)},
        {"id": "old-2", "account_id": "default", "direction": "outbound", "started_at": T0 + 1,
         "remote_uri": "sip:2001@pbx", "remote_display": "", "local_uri": "",
         "handoff_headers": "not json"},
    ])
    db.close()
    assert MOBILE.encode() in file_bytes(path)


def test_migration_2_encrypts_existing_rows(db_path: Path, cipher: FieldCipher) -> None:
    db_path.parent.mkdir(parents=True)
    _version_1_database(db_path)
    db = open_database(db_path, cipher)
    history = CallHistory(db, cipher)
    old = history.get(CallId("old-1"))
    assert old is not None
    assert (old.remote_uri, old.remote_display) == (f"\"{NAME}\" <sip:{MOBILE}@pbx>", NAME)
    assert old.header("X-Customer-Phone") == MOBILE and old.local_uri == "sip:1001@pbx"
    assert old.remote_masked == '"张*" <sip:138****5678@pbx>'
    assert [r.id for r in history.recent(search=MOBILE)] == ["old-1"]
    broken = history.get(CallId("old-2"))
    assert broken is not None and broken.handoff_headers == () and broken.remote_uri == "sip:2001@pbx"
    data = file_bytes(db_path)  # while open: the main file is checkpointed already
    assert MOBILE.encode() not in data and NAME.encode() not in data
    assert b"138****5678" in data
    db.close()


def test_migration_2_without_a_key_keeps_masked_values_only(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    _version_1_database(db_path)
    db = open_database(db_path)
    old = CallHistory(db).get(CallId("old-1"))
    assert old is not None and old.remote_uri == '"张*" <sip:138****5678@pbx>'
    assert old.handoff_headers == ()
    data = file_bytes(db_path)
    assert MOBILE.encode() not in data and NAME.encode() not in data
    db.close()


# -- full disk -----------------------------------------------------------------------


BIG = (("X-Padding", "x" * 3000),)  # more than a page: every call needs a new one


def fill_until_full(history: CallHistory, first: int) -> DiskFullError:
    with pytest.raises(DiskFullError) as info:
        for n in range(first, first + 10_000):
            history.record_started(record(n, handoff_headers=BIG))
    return info.value


def test_full_disk_is_reported_and_earlier_calls_survive(
    history: CallHistory, db: sqlite_utils.Database, db_path: Path
) -> None:
    for n in range(1, 4):
        history.record_started(record(n))
    history.record_ended(CallId("call-1"), T0 + 9, 200, "OK")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")

    error = fill_until_full(history, first=100)
    assert isinstance(error.__cause__, sqlite3.OperationalError)
    assert "disk is full" in error.user_message
    assert "kept" in error.user_message

    ids = call_ids(db_path)  # a separate connection sees what was committed
    assert ids[:3] == ["call-1", "call-2", "call-3"]
    with pytest.raises(DiskFullError):
        history.record_started(record(50_000, handoff_headers=BIG))
    # the connection is still usable: reads work and earlier rows are intact
    ended = history.get(CallId("call-1"))
    assert ended is not None and ended.end_code == 200
    assert call_ids(db_path) == ids


# -- the writer thread -----------------------------------------------------------------


def test_writer_encrypts_with_its_cipher(db_path: Path, cipher: FieldCipher) -> None:
    with HistoryWriter(db_path, cipher) as writer:
        assert writer.encrypted
        writer.record_started(record(1, remote_uri=NUMBER)).result(5)
        got = writer.submit(lambda h: h.get(CallId("call-1"))).result(5)
        assert got is not None and got.remote_uri == NUMBER
    with HistoryWriter(db_path) as masked:
        assert not masked.encrypted
        got = masked.submit(lambda h: h.get(CallId("call-1"))).result(5)
        assert got is not None and got.remote_uri == "sip:+86138****5678@pbx.example.com"
    assert MOBILE.encode() not in file_bytes(db_path)


def test_writer_runs_jobs_on_its_own_thread(db_path: Path) -> None:
    with HistoryWriter(db_path) as writer:
        started = writer.record_started(record(1))
        writer.record_answered(CallId("call-1"), T0 + 1)
        ended = writer.record_ended(CallId("call-1"), T0 + 2, 200, "OK")
        thread = writer.submit(lambda h: threading.current_thread().name)
        got = writer.submit(lambda h: h.get(CallId("call-1")))
        assert started.result(5) is None and ended.result(5) is None
        assert thread.result(5) == "history-writer"
        rec = got.result(5)
        assert rec is not None and rec.ended_at == T0 + 2
    assert call_ids(db_path) == ["call-1"]


def test_writer_accepts_work_from_other_threads(db_path: Path) -> None:
    with HistoryWriter(db_path) as writer:
        def submit_some(base: int) -> None:
            for n in range(base, base + 20):
                writer.record_started(record(n))

        threads = [threading.Thread(target=submit_some, args=(b,)) for b in (0, 100, 200)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        count = writer.submit(lambda h: len(h.recent(limit=1000))).result(5)
    assert count == 60


def test_writer_delivers_errors_in_the_future(db_path: Path) -> None:
    with HistoryWriter(db_path) as writer:
        bad = writer.record_answered(CallId("ghost"), T0)
        good = writer.record_started(record(1))
        with pytest.raises(StorageError):
            bad.result(5)
        assert good.result(5) is None


def test_writer_reports_full_disk_and_keeps_earlier_calls(db_path: Path) -> None:
    with HistoryWriter(db_path) as writer:
        writer.record_started(record(1)).result(5)

        def limit_pages(h: CallHistory) -> None:
            pages = h.db.execute("PRAGMA page_count").fetchone()[0]
            h.db.execute(f"PRAGMA max_page_count = {pages + 1}")

        writer.submit(limit_pages).result(5)
        error = writer.submit(lambda h: fill_until_full(h, first=10)).result(30)
        assert isinstance(error, DiskFullError)
    assert call_ids(db_path)[0] == "call-1"


def test_closed_writer_refuses_work(db_path: Path) -> None:
    writer = HistoryWriter(db_path)
    writer.close()
    writer.close()
    with pytest.raises(EngineStateError):
        writer.record_started(record(1))


def test_writer_on_newer_database_fails_at_start(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', 0)")
    conn.close()
    with pytest.raises(StorageError):
        HistoryWriter(db_path)


def test_connection_belongs_to_its_thread(history: CallHistory) -> None:
    errors: list[BaseException] = []

    def use_elsewhere() -> None:
        try:
            history.recent()
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=use_elsewhere)
    t.start()
    t.join()
    assert len(errors) == 1 and isinstance(errors[0], StorageError)


# -- where the database lives ----------------------------------------------------------


def test_database_path_from_settings(tmp_path: Path) -> None:
    path = database_path(StorageSettings(data_dir=str(tmp_path / "custom")))
    assert path == tmp_path / "custom" / "softphone.db"
    assert path.parent.is_dir()


def test_database_path_under_home_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    assert database_path() == tmp_path / "home" / "data" / "softphone.db"
    assert database_path(StorageSettings()) == database_path()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG is Linux")
def test_database_path_honours_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = database_path()
    assert path == tmp_path / "xdg" / "agent-softphone" / "softphone.db"
    open_database(path).close()
    assert path.is_file()
