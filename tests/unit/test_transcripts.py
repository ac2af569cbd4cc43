"""Transcript storage: encrypted words, searchable masked text, Chinese words found."""

from __future__ import annotations

from pathlib import Path

import pytest

from softphone.events import TranscriptSegment
from softphone.states import AccountId, AudioChannel, CallDirection, CallId
from softphone.storage.db import open_database
from softphone.storage.history import CallHistory, CallRecord
from softphone.storage.transcripts import TranscriptStore, fts_text
from softphone.storage.vault import FieldCipher


def seg(call: str, channel: AudioChannel, n: int, text: str, start: float) -> TranscriptSegment:
    return TranscriptSegment(CallId(call), channel, n, True, text, start, start + 1.5, (), 0.9, 0.8)


@pytest.fixture(params=["with key", "no key"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> TranscriptStore:
    cipher = FieldCipher(FieldCipher.new_key()) if request.param == "with key" else None
    db = open_database(tmp_path / "h.db", cipher)
    history = CallHistory(db, cipher)
    for i, call in enumerate(("c1", "c2")):
        history.record_started(CallRecord(id=CallId(call), account_id=AccountId("a"), direction=CallDirection.INBOUND,
                                          started_at=1000.0 + i, remote_uri="sip:2001@x"))
    return TranscriptStore(db, cipher)


def test_segments_round_trip_in_order_and_numbers_never_stored_in_clear(store: TranscriptStore, tmp_path: Path) -> None:
    store.add_final(seg("c1", AudioChannel.CUSTOMER, 0, "我的电话是13812345678", 4.0))
    store.add_final(seg("c1", AudioChannel.AGENT, 0, "您好，请问您这个月的还款", 1.0))
    got = store.for_call(CallId("c1"))
    assert [s.start for s in got] == [1.0, 4.0]
    assert [s.channel for s in got] == [AudioChannel.AGENT, AudioChannel.CUSTOMER]
    if store.cipher is not None:
        assert got[1].text == "我的电话是13812345678"  # the agent sees what was said (decrypted)
    else:
        assert got[1].text == "我的电话是138****5678"
    store.db.conn.commit()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("h.db*"))
    assert b"13812345678" not in raw and "138****5678".encode() in raw


def test_search_finds_chinese_words_across_calls(store: TranscriptStore) -> None:
    store.add_final(seg("c1", AudioChannel.AGENT, 0, "逾期超过九十天可能影响征信", 1.0))
    store.add_final(seg("c2", AudioChannel.CUSTOMER, 0, "我这个月工资晚发了", 2.0))
    store.add_final(seg("c2", AudioChannel.AGENT, 1, "我们可以协商还款计划", 5.0))
    assert [h.call_id for h in store.search("逾期")] == ["c1"]
    assert [h.call_id for h in store.search("还款")] == ["c2"]
    assert [h.call_id for h in store.search("工资晚发")] == ["c2"]
    assert store.search("不存在的词") == []


def test_a_replaced_final_is_indexed_once(store: TranscriptStore) -> None:
    store.add_final(seg("c1", AudioChannel.AGENT, 0, "旧的文本", 1.0))
    store.add_final(seg("c1", AudioChannel.AGENT, 0, "新的文本", 1.0))
    assert store.search("旧的") == [] and len(store.search("新的")) == 1


def test_fts_text_spaces_cjk_only() -> None:
    assert fts_text("还款 plan 123") == "还 款 plan 123"
