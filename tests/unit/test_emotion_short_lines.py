"""Emotion of short lines (issue 17): complaint intent, refusals, rhetorical questions, intensifiers,
an agent's threats; and per-class accuracy on the blind set (``tests/assist/emotion_zh_blind.tsv``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.assist.emotion import utterance_label
from softphone.assist.emotion_eval import CLASSES, SPEAKERS, evaluate_emotion, read_emotion_set
from softphone.assist.lexical import Lexical, lexical
from softphone.assist.matcher import PhraseMatcher
from softphone.assist.packs import PackHolder
from softphone.assist.rules import load_pack, pack_dir
from softphone.assist.service import AssistService
from softphone.assist.transcript_file import Utterance, assess
from softphone.bus import EventBus
from softphone.cli.analyze_cmd import run_analyze_text
from softphone.errors import RulePackError
from softphone.events import EmotionChanged, TranscriptSegment
from softphone.states import AudioChannel, CallId
from tests.rig.recorder import EventRecorder
from tests.unit.test_assist_rules import make_pack

PACK = load_pack(pack_dir("zh"))
MATCHER = PhraseMatcher(PACK.rules)
SETS = Path(__file__).resolve().parents[1] / "assist"

# Measured when the set was first scored after tuning on the dev set (2026-12-04); a regression fails.
BLIND_ACCURACY = {("customer", "negative"): 0.941, ("customer", "neutral"): 1.0, ("customer", "positive"): 0.976,
                  ("agent", "negative"): 0.867, ("agent", "neutral"): 1.0, ("agent", "positive"): 0.96}
MARGIN = 0.05


def words(text: str, speaker: str, streak: int = 0) -> Lexical:
    flagged = [(m.rule.category, m.text) for m in MATCHER.find(text, speaker)]
    return lexical(text, PACK.cues, speaker, flagged, streak)


def label(text: str, speaker: str) -> str:
    return utterance_label(words(text, speaker).score).value


def kinds(text: str, speaker: str) -> set[str]:
    return {h.kind for h in words(text, speaker).hits}


def test_the_issues_two_lines_are_negative_for_their_speaker(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "call.txt"
    f.write_text("agent: 你再不还钱我们就上门催收\ncustomer: 我要投诉你们\n", encoding="utf-8")
    assert run_analyze_text(str(f), "zh", as_json=True) == 0
    emotions = [x for x in map(json.loads, capsys.readouterr().out.splitlines()) if x["type"] == "emotion"]
    assert [(e["speaker"], e["label"]) for e in emotions] == [("agent", "negative"), ("customer", "negative")]
    assert [(c["kind"], c["words"]) for c in emotions[0]["cues"]] == [("threat", "上门催收")]  # why; 上门 once
    assert {c["kind"] for c in emotions[1]["cues"]} == {"complaint"} and emotions[1]["score"] >= 0.4


def test_an_intensifier_amplifies_the_next_cue() -> None:
    plain, strong = words("你们欺负人", "customer"), words("你们简直欺负人", "customer")
    assert strong.score > plain.score > 0
    assert [h.words for h in strong.hits] == ["简直+欺负人"]
    assert words("你们真的太烦人了", "customer").score > words("你们烦人", "customer").score
    assert words("真的太感谢你了", "customer").score < words("感谢你", "customer").score < 0
    assert label("真的", "customer") == "neutral"  # alone it says nothing


def test_rhetorical_questions_count_negative() -> None:
    for text in ("凭什么", "你们有完没完", "难道要我去偷吗", "你们怎么能这样"):
        assert label(text, "customer") == "negative" and "rhetorical" in kinds(text, "customer"), text


def test_refusals_repeated_in_a_line_or_across_lines_count_more() -> None:
    once, twice = words("别打了", "customer"), words("别打了 别打了 别打了", "customer")
    assert twice.score > once.score and "repeated" in {h.kind for h in twice.hits} and once.refused
    assert words("别打了", "customer", streak=1).score > once.score
    streaks: dict[str, int] = {}
    lines = [Utterance(1, "customer", "不想还"), Utterance(2, "agent", "您看什么时候方便"),
             Utterance(3, "customer", "不想还")]
    scores = [next(o for o in assess(u, PACK, MATCHER, streaks) if o["type"] == "emotion")["score"] for u in lines]
    assert scores[2] > scores[0]  # the customer's second refusal in a row; the agent's line between does not break it


def test_complaint_intent_counts_towards_the_customers_negative() -> None:
    for text in ("我要打12378", "我去银保监会告你们", "再这样我就报警", "我已经找律师了"):
        assert label(text, "customer") == "negative" and "complaint" in kinds(text, "customer"), text
    assert label("我不是要投诉 就是问一下", "customer") == "neutral"
    assert label("您可以拨打12378反映", "agent") == "neutral"  # the agent offering the channel


def test_an_agents_threat_counts_towards_the_agents_score_only(tmp_path: Path) -> None:
    assert label("明天就通知你单位", "agent") == "negative"
    assert label("你们会通知我单位吗", "customer") == "neutral"  # a worried customer asking
    assert label("我们不会上门催收", "agent") == "neutral"
    bus = EventBus()
    rec = EventRecorder(bus)
    holder = PackHolder("zh", bus.post, make_pack(tmp_path, emotion=""))  # no cues: the category alone
    assert holder.reload()
    svc = AssistService(bus, holder)
    try:
        for n in range(3):
            bus.post(TranscriptSegment(CallId("c1"), AudioChannel.AGENT, n, True, "你不还 我们就派人上门", 1.0 + n,
                                       2.0 + n, (), 0.9, 0.2))
        bus.flush()
        assert svc.flush()
        bus.flush()
    finally:
        svc.close()
        bus.close()
    assert [(e.channel, e.label) for e in rec.of(EmotionChanged)] == [(AudioChannel.AGENT, "negative")]


def test_negation_still_works() -> None:
    assert label("我不生气", "customer") == "neutral" and words("我不生气", "customer").hits == ()
    assert label("谢谢你们没有为难我", "customer") == "positive"
    assert label("我不是不还", "customer") == "neutral"
    assert len([h for h in words("没钱 没钱", "customer").hits if h.kind == "refusal"]) == 2  # not negated by the first


def test_answer_words_count_only_opening_the_line() -> None:
    assert label("可以", "customer") == "positive" and label("行 就这样", "customer") == "positive"
    assert label("这个可以分期吗", "customer") == "neutral" and label("可以分期吗", "customer") == "neutral"
    assert label("您是说有人骂您老赖", "agent") == "neutral"  # the agent reporting, not insulting


def test_cue_tables_check_their_new_fields(tmp_path: Path) -> None:
    good = '[[cue]]\nchannel = "any"\nlabel = "intensifier"\nweight = 0.5\nphrases = ["太"]\n' \
           '[[cue]]\nchannel = "any"\nlabel = "positive"\nkind = "agreement"\nposition = "start"\nweight = 0.4\n' \
           'phrases = ["行"]\n'
    cues = load_pack(make_pack(tmp_path / "a", emotion=good)).cues
    assert [(c.label, c.kind, c.at_start) for c in cues] == [("intensifier", "intensifier", False),
                                                              ("positive", "agreement", True)]
    for bad, said in [('position = "end"', "position"), ("kind = 3", "kind"), ('phrases = ["{a|b}"]', "unexpected")]:
        table = '[[cue]]\nchannel = "any"\nlabel = "negative"\nweight = 0.5\n' + bad + "\n"
        table += 'phrases = ["烦"]\n' if "phrases" not in bad else ""
        with pytest.raises(RulePackError, match="emotion.toml:1") as err:
            load_pack(make_pack(tmp_path / said, emotion=table))
        assert said in str(err.value)


def _accuracy(name: str) -> Iterator[tuple[str, str, float]]:
    scores = evaluate_emotion(read_emotion_set(SETS / f"emotion_zh_{name}.tsv"), PACK, MATCHER)
    for speaker in SPEAKERS:
        for cls in CLASSES:
            got = scores.accuracy(speaker, cls)
            assert got is not None and scores.count(speaker, cls) >= 15, (speaker, cls)
            yield speaker, cls, got


def test_blind_set_accuracy_per_speaker_and_class_does_not_regress() -> None:
    low = [(s, c, round(a, 3)) for s, c, a in _accuracy("blind") if a < BLIND_ACCURACY[(s, c)] - MARGIN]
    assert not low, f"below the measured accuracy minus {MARGIN}: {low}"


def test_dev_set_accuracy() -> None:
    low = [(s, c, round(a, 3)) for s, c, a in _accuracy("dev") if a < 0.9]
    assert not low, low
