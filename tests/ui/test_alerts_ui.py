"""Real-time assist in the window: alert banner, highlighted words, alert list, emotion, pacing, rule packs.

Real widgets offscreen (pytest-qt), a real ``EngineBridge`` following a real
``EventBus``: every event reaches the window the way the engine's do (bus
thread -> bridge signal -> GUI thread). The SIP engine itself is not needed
for what is checked here, so none is started; where it matters the real
engine parts run on that bus: ``AssistService`` with a rule pack in the
test's folder turns transcript segments into ``PhraseAlert``s, and the real
``HistoryRecorder`` + ``HistoryWriter`` store them in a real SQLite file,
where "Mark as wrong" is then looked for. The live end-to-end path (a pjsua2
peer speaking through Kamailio, real Vosk) is tested separately.
"""

from __future__ import annotations

import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QCheckBox, QDialogButtonBox, QMessageBox, QPushButton  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from softphone.assist.packs import PackHolder  # noqa: E402
from softphone.assist.service import AssistService  # noqa: E402
from softphone.bus import EventBus  # noqa: E402
from softphone.compliance.masking import MaskedFeed  # noqa: E402
from softphone.events import (  # noqa: E402
    EmotionChanged, OutgoingCall, PacingAlert, PhraseAlert, RulePackChanged, TranscriptSegment,
)
from softphone.paths import settings_path  # noqa: E402
from softphone.settings import Settings, load_settings  # noqa: E402
from softphone.states import AccountId, AudioChannel, CallId  # noqa: E402
from softphone.storage.alerts import AlertStore  # noqa: E402
from softphone.storage.history import HistoryWriter  # noqa: E402
from softphone.storage.history_feed import HistoryRecorder  # noqa: E402
from tests.ui.conftest import file_keyring_store  # noqa: E402
from ui.bridge import EngineBridge  # noqa: E402
from ui.engine_host import EngineHost  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings_dialog import SettingsDialog  # noqa: E402
from ui.widgets.transcript import HIGHLIGHT_BACKGROUND, HIGHLIGHT_ROLE  # noqa: E402

pytestmark = [pytest.mark.timeout(60), pytest.mark.usefixtures("collect_on_gui_thread")]

A, C = AudioChannel.AGENT, AudioChannel.CUSTOMER
SAID = "你再不还钱我们就上门催收"
INSTEAD = "我们会通过电话与您沟通还款安排,不会上门打扰"
PACK = """[pack]
language = "zh"
version = "t-1"
name = "test pack"
"""
RULES = """[[rule]]
id = "threat.visit"
channel = "agent"
category = "threat"
severity = "critical"
phrases = ["上门催收"]
suggestion = "我们会通过电话与您沟通还款安排,不会上门打扰"
source = "test"

[[rule]]
id = "complaint.regulator"
channel = "customer"
category = "complaint"
severity = "high"
phrases = ["投诉你们"]
suggestion = "先致歉,记录诉求,告知正式的投诉渠道。"
source = "test"
"""


@dataclass
class Rig:
    bus: EventBus
    bridge: EngineBridge
    host: EngineHost
    window: MainWindow
    writer: HistoryWriter
    beeps: list[str]

    def post(self, *events: object) -> None:
        for event in events:
            self.bus.post(event)  # type: ignore[arg-type]


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> Iterator[Rig]:
    bus = EventBus()
    bridge = EngineBridge()
    host = EngineHost(bridge, file_keyring_store(tmp_path))
    bridge.attach(MaskedFeed(bus))  # what the session hands the window (masked), from a bus of the test's own
    writer = HistoryWriter(tmp_path / "history.db")
    host.session._writer = writer  # what a started session owns; no SIP engine is needed here
    recorder = HistoryRecorder(bus, writer)
    window = MainWindow(host, Settings())
    beeps: list[str] = []
    window.alert_sound = lambda: beeps.append("beep")  # the sound card is the edge faked here
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield Rig(bus, bridge, host, window, writer, beeps)
    window.detach()
    recorder.close()
    bridge.detach()
    bus.close()
    writer.close(5.0)


def call(call_id: str) -> OutgoingCall:
    return OutgoingCall(CallId(call_id), AccountId("default"), "sip:13812345678@pbx.example.com", ())


def seg(call_id: str, ch: AudioChannel, n: int, text: str, final: bool, start: float = 6.0) -> TranscriptSegment:
    return TranscriptSegment(CallId(call_id), ch, n, final, text, start, start + 3, (), 0.9, 0.4)


def alert(call_id: str, n: int = 0, text: str = "上门催收", span: tuple[int, int] = (8, 12), channel: AudioChannel = A,
          category: str = "threat", severity: str = "critical", suggestion: str = INSTEAD,
          audio_time: float = 9.4) -> PhraseAlert:
    rule = f"{category}.r"
    return PhraseAlert(CallId(call_id), channel, f"{call_id}/{channel.value}/{n}/{rule}/0", rule, category, severity,
                       text, n, span, suggestion, audio_time, 0.3, True)


def line_of(window: MainWindow, needle: str):  # type: ignore[no-untyped-def]
    items = [window.transcript_pane.list.item(i) for i in range(window.transcript_pane.list.count())]
    found = [item for item in items if needle in item.text()]
    assert len(found) == 1, [i.text() for i in items]
    return found[0]


def highlighted(item) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.text()[a:b] for a, b in item.data(HIGHLIGHT_ROLE) or []]


def highlight_pixels(window: MainWindow) -> int:
    """How many pixels of the transcript list are painted in the highlight colour."""
    image = window.transcript_pane.list.viewport().grab().toImage()
    target = HIGHLIGHT_BACKGROUND.rgb()
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixel(x, y) == target)


def write_pack(folder: Path, rules: str = RULES) -> Path:
    zh = folder / "rules" / "zh"
    zh.mkdir(parents=True, exist_ok=True)
    (zh / "pack.toml").write_text(PACK, encoding="utf-8")
    (zh / "rules.toml").write_text(rules, encoding="utf-8")
    return zh


# -- the banner ----------------------------------------------------------------------------------


def test_banner_shows_words_and_suggestion_and_never_takes_focus(qtbot: QtBot, rig: Rig) -> None:
    w = rig.window
    rig.post(call("c1"))
    qtbot.waitUntil(lambda: CallId("c1") in w.panels, timeout=3000)
    w.activateWindow()
    w.dialpad.number.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.dialpad.number, timeout=3000)
    banner = w.alert_banner
    assert banner.isHidden()
    rig.post(seg("c1", A, 0, SAID, False), alert("c1"))
    qtbot.waitUntil(banner.isVisible, timeout=3000)
    assert "Threat" in banner.title.text() and "critical" in banner.title.text()
    assert "上门催收" in banner.words.text() and banner.words.text().startswith("You said")
    assert banner.suggestion.text() == "Say instead: " + INSTEAD and banner.suggestion.isVisible()
    assert QApplication.focusWidget() is w.dialpad.number, "the banner must not take the focus"
    assert banner.wrong_b.focusPolicy() == Qt.FocusPolicy.NoFocus == banner.close_b.focusPolicy()
    qtbot.mouseClick(banner.close_b, Qt.MouseButton.LeftButton)  # closing it does not take it either
    assert banner.isHidden() and QApplication.focusWidget() is w.dialpad.number
    panel = w.panels[CallId("c1")]
    assert panel.hangup_b.isVisible() and panel.hangup_b.isEnabled(), "the call controls stay usable"
    # a newer alert comes back and replaces the one shown; a customer's one is a hint
    rig.post(seg("c1", C, 1, "我要去投诉你们", True, 10.0),
             alert("c1", 1, "投诉你们", (3, 7), C, "complaint", "high", "先致歉,记录诉求。", 11.0))
    qtbot.waitUntil(lambda: banner.isVisible() and "complaint" in banner.words.text(), timeout=3000)
    assert banner.words.text() == "The customer mentions a complaint: “投诉你们”"
    assert banner.suggestion.text() == "Suggestion: 先致歉,记录诉求。"
    assert "Complaint" in banner.title.text()
    assert QApplication.focusWidget() is w.dialpad.number


def test_pacing_line_is_short_and_for_the_call_shown(qtbot: QtBot, rig: Rig) -> None:
    w = rig.window
    rig.post(call("c1"), PacingAlert(CallId("c1"), "too_fast", 7.2, 65.0))
    qtbot.waitUntil(w.pacing_line.isVisible, timeout=3000)
    assert w.pacing_line.text().startswith("01:05") and "You are speaking fast" in w.pacing_line.text()
    rig.post(PacingAlert(CallId("c1"), "talk_over", 1.6, 70.0))
    qtbot.waitUntil(lambda: "talking over the customer" in w.pacing_line.text(), timeout=3000)
    rig.post(PacingAlert(CallId("other"), "long_silence", 9.0, 80.0))
    rig.post(PacingAlert(CallId("c1"), "long_silence", 9.0, 90.0))
    qtbot.waitUntil(lambda: "Long silence" in w.pacing_line.text(), timeout=3000)
    assert w.pacing_line.text().startswith("01:30"), "another call's pacing is not shown here"
    assert w.pacing_line.font().pointSizeF() <= w.alert_banner.suggestion.font().pointSizeF()


# -- highlighted words ---------------------------------------------------------------------------


def test_matched_words_are_highlighted_and_stay_when_the_final_replaces_the_partial(qtbot: QtBot, rig: Rig) -> None:
    w = rig.window
    rig.post(call("c1"), seg("c1", C, 0, "我这个月真的没钱了", True, 2.0), seg("c1", A, 0, "你再不还钱我们", False))
    qtbot.waitUntil(lambda: len(w.transcript_pane.texts()) == 2, timeout=3000)
    qtbot.wait(50)
    assert highlight_pixels(w) == 0
    rig.post(seg("c1", A, 0, SAID, False), alert("c1"))
    qtbot.waitUntil(lambda: highlighted(line_of(w, "Agent:")) == ["上门催收"], timeout=3000)
    qtbot.waitUntil(lambda: highlight_pixels(w) > 50, timeout=3000)
    assert highlighted(line_of(w, "Customer:")) == []
    # the final differs from the partial (a word in front): the same words stay highlighted
    rig.post(seg("c1", A, 0, "喂 " + SAID + "了", True))
    qtbot.waitUntil(lambda: line_of(w, "Agent:").data(Qt.ItemDataRole.UserRole) is True, timeout=3000)
    item = line_of(w, "Agent:")
    assert item.text().endswith("喂 " + SAID + "了") and highlighted(item) == ["上门催收"]
    qtbot.waitUntil(lambda: highlight_pixels(w) > 50, timeout=3000)
    # a final that lost the words: the span is clamped to the text, nothing breaks
    rig.post(seg("c1", A, 0, "你再不还钱", True))
    qtbot.waitUntil(lambda: line_of(w, "Agent:").text().endswith("你再不还钱"), timeout=3000)
    assert all(len(part) <= 5 for part in highlighted(line_of(w, "Agent:")))


# -- the alert list, switching calls, emotion ---------------------------------------------------


def test_alert_list_emotion_and_banner_follow_the_call_shown(qtbot: QtBot, rig: Rig) -> None:
    w = rig.window
    rig.post(call("c1"), seg("c1", A, 0, SAID, True), alert("c1", audio_time=9.4),
             EmotionChanged(CallId("c1"), C, "negative", 0.6, 9.0),
             EmotionChanged(CallId("c1"), A, "positive", -0.5, 8.0))
    qtbot.waitUntil(lambda: w.alert_list.row_count() == 1, timeout=3000)
    assert w.alert_list.row_texts(0)[:3] == ["00:09", "Threat", "上门催收"]
    qtbot.waitUntil(lambda: w.emotion.label_of(A) == "positive", timeout=3000)  # posted last
    assert w.emotion.label_of(C) == "negative"
    assert "Customer" in w.emotion.sides[C].text() and "negative" in w.emotion.sides[C].text()
    assert "Agent" in w.emotion.sides[A].text() and "positive" in w.emotion.sides[A].text()
    # a second call: it is shown, with its own (empty) state
    rig.post(call("c2"))
    qtbot.waitUntil(lambda: w.shown_call == CallId("c2"), timeout=3000)
    assert w.alert_list.row_count() == 0 and w.alert_banner.isHidden()
    assert w.emotion.label_of(C) == "neutral" and w.emotion.label_of(A) == "neutral"
    # c1's change comes before c2's alert: events arrive in order, so waiting for the alert waits for it too
    # (after the alert, the click below could beat it to the window: a CI failure)
    rig.post(seg("c2", C, 0, "我要投诉你们", True, 3.0),
             EmotionChanged(CallId("c1"), C, "neutral", 0.1, 20.0),
             alert("c2", 0, "投诉你们", (2, 6), C, "complaint", "high", "先致歉。", 75.5))
    qtbot.waitUntil(lambda: w.alert_list.row_count() == 1, timeout=3000)
    assert w.alert_list.row_texts(0)[:3] == ["01:15", "Complaint", "投诉你们"]
    assert "complaint" in w.alert_banner.words.text()
    assert w.emotion.label_of(C) == "neutral", "the other call's emotion is not shown on this one"
    # the agent clicks the first call: its alerts, transcript, banner and emotion come back
    panel = w.panels[CallId("c1")]
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton, pos=QPoint(panel.width() - 8, panel.height() - 8))
    qtbot.waitUntil(lambda: w.shown_call == CallId("c1"), timeout=3000)
    assert w.alert_list.row_count() == 1 and w.alert_list.row_texts(0)[2] == "上门催收"
    assert any(SAID in t for t in w.transcript_pane.texts()) and not any("投诉" in t for t in w.transcript_pane.texts())
    assert w.alert_banner.isVisible() and "上门催收" in w.alert_banner.words.text()
    assert w.emotion.label_of(C) == "neutral"  # the latest of c1 (it changed back)


def test_mark_as_wrong_is_stored_in_the_call_history(qtbot: QtBot, rig: Rig, tmp_path: Path) -> None:
    """The real AssistService raises the alert from a transcript; the real recorder stores it; the agent marks it."""
    packs = PackHolder("zh", rig.bus.post, folder=write_pack(tmp_path))
    assert packs.reload()
    assist = AssistService(rig.bus, packs)
    try:
        w = rig.window
        rig.post(call("c1"), seg("c1", A, 0, SAID, False))
        qtbot.waitUntil(lambda: w.alert_list.row_count() == 1, timeout=5000)
        assert w.alert_list.row_texts(0)[1:3] == ["Threat", "上门催收"]
        assert highlighted(line_of(w, "Agent:")) == ["上门催收"]
        assert rig.beeps == ["beep"], "a critical alert beeps once"
        assert not w.alert_list.wrong_b.isEnabled(), "nothing selected yet"
        w.alert_list.select_row(0)
        assert w.alert_list.wrong_b.isEnabled()
        qtbot.mouseClick(w.alert_list.wrong_b, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.alert_list.row_texts(0)[3] == "Marked wrong", timeout=5000)
        assert not w.alert_list.wrong_b.isEnabled()
        assert w.alert_banner.wrong_b.text() == "Marked as wrong" and not w.alert_banner.wrong_b.isEnabled()
        stored = rig.writer.submit(lambda h: AlertStore(h.db).for_call(CallId("c1"))).result(5)
        assert [(a.rule_id, a.text, a.wrong) for a in stored] == [("threat.visit", "上门催收", True)]
        # the banner's button does the same for the customer's alert
        rig.post(seg("c1", C, 1, "我要去投诉你们", True, 12.0))
        qtbot.waitUntil(lambda: w.alert_list.row_count() == 2, timeout=5000)
        assert rig.beeps == ["beep", "beep"]
        qtbot.waitUntil(lambda: "complaint" in w.alert_banner.words.text(), timeout=3000)
        qtbot.mouseClick(w.alert_banner.wrong_b, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.alert_banner.wrong_b.text() == "Marked as wrong", timeout=5000)
        stored = rig.writer.submit(lambda h: AlertStore(h.db).for_call(CallId("c1"))).result(5)
        assert all(a.wrong for a in stored) and len(stored) == 2
        assert w.alert_list.row_texts(1)[3] == "Marked wrong"
    finally:
        assist.close()


def test_mark_as_wrong_without_a_history_says_so_and_can_be_tried_again(qtbot: QtBot, rig: Rig) -> None:
    rig.host.session._writer = None  # the history is not open (engine still starting)
    w = rig.window
    rig.post(call("c1"), seg("c1", A, 0, SAID, True), alert("c1"))
    qtbot.waitUntil(lambda: w.alert_banner.isVisible(), timeout=3000)
    qtbot.mouseClick(w.alert_banner.wrong_b, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_message_boxes(w)), timeout=3000)
    assert any("history is not open" in box.text() for box in _message_boxes(w))
    qtbot.waitUntil(w.alert_banner.wrong_b.isEnabled, timeout=3000)
    assert w.alert_banner.wrong_b.text() == "Wrong alert"


def _message_boxes(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


# -- rule pack reloads -----------------------------------------------------------------------------


def test_reload_action_reports_a_broken_pack_with_file_and_line(qtbot: QtBot, rig: Rig, tmp_path: Path) -> None:
    folder = write_pack(tmp_path)
    rig.host.session.packs = PackHolder("zh", rig.bus.post, folder=folder)
    w = rig.window
    w.reload_rules_action.trigger()
    qtbot.waitUntil(lambda: "Phrase rules loaded: 2 rules, version t-1" in w.statusBar().currentMessage(),
                    timeout=5000)
    assert w.rules_warning.isHidden()
    (folder / "rules.toml").write_text(RULES + '\n[[rule]]\nid = "bad"\nchannel = "agent"\ncategory = "nonsense"\n'
                                       'severity = "high"\nphrases = ["x"]\nsuggestion = "y"\nsource = "z"\n',
                                       encoding="utf-8")
    w.reload_rules_action.trigger()
    qtbot.waitUntil(w.rules_warning.isVisible, timeout=5000)
    text = w.rules_warning.text.text()
    assert "could not be loaded" in text and re.search(r"mistake at rules\.toml:\d+", text), text
    assert "version t-1" in text, "the rules in force are named"
    assert packs_in_force(rig.host.session.packs) == "t-1"
    qtbot.mouseClick(w.rules_warning.findChild(QPushButton, "rulesWarningClose"), Qt.MouseButton.LeftButton)
    assert w.rules_warning.isHidden()


def packs_in_force(packs: PackHolder | None) -> str:
    assert packs is not None and packs.loaded is not None
    return packs.loaded[0].version


def test_a_failed_pack_at_start_with_nothing_in_force_says_so(qtbot: QtBot, rig: Rig) -> None:
    rig.post(RulePackChanged("failed", "zh", "", 0, 0, "The phrase rules have a mistake at a.toml:3: bad.", "a.toml:3"))
    qtbot.waitUntil(rig.window.rules_warning.isVisible, timeout=3000)
    text = rig.window.rules_warning.text.text()
    assert "a.toml:3" in text and "No phrase rules are in force" in text


# -- the alert sound -------------------------------------------------------------------------------


def test_alert_sound_setting_round_trips_and_is_obeyed(qtbot: QtBot, rig: Rig) -> None:
    dialog = SettingsDialog(Settings(), rig.bridge, rig.host.secrets)
    qtbot.addWidget(dialog)
    box = dialog.findChild(QCheckBox, "assist.alert_sound")
    assert box is not None and box.isChecked() and box.text() == "Play a sound when an alert is raised"
    box.setChecked(False)
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000) as saved:
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    loaded = load_settings(settings_path())
    assert saved.args[0] == loaded and loaded.assist.alert_sound is False
    assert "alert_sound = false" in settings_path().read_text(encoding="utf-8")
    again = SettingsDialog(loaded, rig.bridge, rig.host.secrets)
    qtbot.addWidget(again)
    assert not again.findChild(QCheckBox, "assist.alert_sound").isChecked()
    w = rig.window
    w.settings = loaded  # as the session does after saving
    rig.post(call("c1"), seg("c1", A, 0, SAID, True), alert("c1"))
    qtbot.waitUntil(lambda: w.alert_list.row_count() == 1, timeout=3000)
    assert rig.beeps == [], "the sound is off"
    w.settings = Settings()
    rig.post(alert("c1", 1, severity="medium", audio_time=20.0), alert("c1", 2, severity="high", audio_time=30.0))
    qtbot.waitUntil(lambda: w.alert_list.row_count() == 3, timeout=3000)
    assert rig.beeps == ["beep"], "only high and critical alerts beep"
    rig.post(alert("c1", 2, severity="high", audio_time=30.0))  # the same occurrence again: no second beep
    qtbot.wait(100)
    assert rig.beeps == ["beep"] and w.alert_list.row_count() == 3
