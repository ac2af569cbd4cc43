"""The phrase matcher on recognised speech, and the assist service's alerts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.assist.matcher import PhraseMatcher
from softphone.assist.packs import PackHolder
from softphone.assist.rules import Rule, expand, load_pack, pack_dir
from softphone.assist.service import AssistService
from softphone.bus import EventBus
from softphone.events import PhraseAlert, TranscriptSegment, TranscriptWord
from softphone.states import AudioChannel, CallId
from tests.rig.recorder import EventRecorder
from tests.unit.test_assist_rules import make_pack


def rule(rid: str, channel: str, category: str, *phrases: str) -> Rule:
    variants = [v for p in phrases for v in expand(p)]
    return Rule(rid, channel, category, "high", phrases, tuple(variants), "建议", "test", "t.toml:1")


MATCHER = PhraseMatcher([
    rule("threat.visit", "agent", "threat", "上门催收"),
    rule("threat.school", "agent", "threat", "不还款…影响{子女|孩子}{上学|读书}", "影响{子女|孩子}{上学|读书}"),
    rule("third_party.notify", "agent", "threat", "通知{你|您}[的]{单位|家人|通讯录}"),
    rule("misleading.approval", "agent", "misleading_promise", "百分百获批", "100%获批", "0门槛"),
    rule("insult.laolai", "agent", "insult", "老赖"),
    rule("complaint.police", "customer", "complaint", "报警"),
    rule("third_party.pay", "agent", "third_party", "你帮他还上"),
])


def found(text: str, channel: str = "agent") -> list[tuple[str, str]]:
    return [(m.rule.id, m.text) for m in MATCHER.find(text, channel)]


@pytest.mark.parametrize("text, rule_id, words", [
    ("我们明天就上门催收", "threat.visit", "上门催收"),
    ("我们明天就尚门催收", "threat.visit", "尚门催收"),  # homophone
    ("我们明天就上门吹收", "threat.visit", "上门吹收"),  # near-homophone (ch/c)
    ("明天 上门 催收", "threat.visit", "上门 催收"),  # spaces between words
    ("保证百分百能获批", "misleading.approval", "百分百能获批"),  # an extra character
    ("保证百分获批", "misleading.approval", "百分获批"),  # a dropped character
    ("你先帮他还上吧", "third_party.pay", "你先帮他还上"),  # an extra character right after the first
    ("我們明天上門催收", "threat.visit", "上門催收"),  # traditional characters
    ("再不还就通知你单位", "third_party.notify", "通知你单位"),
    ("你不还款会影响孩子上学", "threat.school", "影响孩子上学"),
    ("保证百分百获批", "misleading.approval", "百分百获批"),
    ("现在申请０门槛", "misleading.approval", "０门槛"),  # full-width digit
    ("你就是个老赖", "insult.laolai", "老赖"),
])
def test_violations_are_found_despite_recognition_errors(text: str, rule_id: str, words: str) -> None:
    assert (rule_id, words) in found(text)


@pytest.mark.parametrize("text", [
    "我们不会上门催收",
    "我们绝对不会上门催收的",
    "您的还款不会影响子女上学",
    "上门催收是不会的 您放心",
    "我们不会随便通知您的家人",
    "您说我们要上门催收吗",  # the agent asks back what the customer said
    "您是担心有人上门催收吗",
    "逾期超过九十天可能影响征信建议尽快处理",  # compliant wording
    "我们上门服务的时间是九点",
    "明天上门去收",  # two characters off a 4-character phrase: too far
    "百分百获批的说法是不准确的 要看审核",  # "that is not true" after the phrase
    "上门催收那是谣言",
    "我们不会在您下班以后上门催收",  # a negation whose scope opens with a preposition reaches further
    "上门催收这种事我们公司是不会做的",  # topic, subject, then the negation
    "通知你单位那是违法的我们不做",
    "您要小心那些说百分百获批的骗子",  # reported words
])
def test_compliant_near_misses_are_not_flagged(text: str) -> None:
    assert found(text) == []


def test_channels_are_apart_and_occurrences_counted() -> None:
    assert found("我要报警", "customer") == [("complaint.police", "报警")]
    assert found("我要报警", "agent") == [] and found("明天上门催收", "customer") == []
    assert found("我没有报警", "customer") == []
    twice = MATCHER.find("老赖就是老赖", "agent")
    assert [(m.rule.id, m.ordinal, m.start, m.end) for m in twice] == [("insult.laolai", 0, 0, 2),
                                                                      ("insult.laolai", 1, 4, 6)]


def seg(segment: int, text: str, final: bool, channel: AudioChannel = AudioChannel.AGENT) -> TranscriptSegment:
    words = tuple(TranscriptWord(w, 1.0 + i * 0.3, 1.3 + i * 0.3, 1.0) for i, w in enumerate(text.split())) if final else ()
    return TranscriptSegment(CallId("c1"), channel, segment, final, text, 1.0, 1.0 + 0.3 * len(text.split()), words,
                             0.9, 0.2)


Rig = tuple[EventBus, EventRecorder, AssistService]


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    """An assist service on its own bus with the test pack of test_assist_rules."""
    bus = EventBus()
    rec = EventRecorder(bus)
    holder = PackHolder("zh", bus.post, make_pack(tmp_path))
    assert holder.reload()
    svc = AssistService(bus, holder)
    yield bus, rec, svc
    svc.close()
    bus.close()


def settle(bus: EventBus, svc: AssistService) -> None:
    bus.flush()
    assert svc.flush()
    bus.flush()


def test_one_alert_per_occurrence_raised_from_the_partial(rig: Rig) -> None:
    bus, rec, svc = rig
    for s in [seg(0, "我们 明天", False), seg(0, "我们 明天 上门 催收", False),
              seg(0, "我们 明天 上门 催收 再 上门 催收", False), seg(0, "我们 明天 上门 催收 再 上门 催收", True),
              seg(1, "上门 催收", True), seg(0, "我要 投诉你们", True, AudioChannel.CUSTOMER)]:
        bus.post(s)
    settle(bus, svc)
    alerts = rec.of(PhraseAlert)
    assert [(a.segment, a.rule_id, a.from_partial) for a in alerts if a.channel is AudioChannel.AGENT] == [
        (0, "threat.visit", True), (0, "threat.visit", True), (1, "threat.visit", False)]
    first = alerts[0]
    assert first.text == "上门 催收" and first.span == (6, 11) and first.severity == "high"
    assert first.suggestion == "我们会通过电话与您沟通还款安排" and first.delay >= 0.2
    customer = [a for a in alerts if a.channel is AudioChannel.CUSTOMER]
    assert [(a.category, a.text) for a in customer] == [("complaint", "投诉你们")]
    final_only = [a for a in alerts if a.segment == 1][0]
    assert final_only.audio_time == pytest.approx(1.6)  # the end of 催收 from the final's word timings


def test_a_negation_inside_the_matched_words_that_the_phrase_lacks_drops_the_match() -> None:
    worried = PhraseMatcher([rule("complaint.work", "customer", "complaint", "不要打给我单位")])
    assert [m.text for m in worried.find("你们不要打给我单位", "customer")] == ["不要打给我单位"]
    assert worried.find("你们不会打给我单位吧", "customer") == []  # 会 taken for 要: a worried question


def test_words_that_merely_hold_bu_are_not_negations() -> None:
    assert ("insult.laolai", "老赖") in found("你这种有不良记录的老赖")


def test_rhetorical_and_conditional_negations_keep_the_threat() -> None:
    assert ("threat.visit", "上门催收") in found("你信不信我明天上门催收")
    assert ("threat.visit", "上门催收") in found("你不接电话我们就上门催收")
    assert found("我们没办法上门催收") == [] and found("公司规定无法上门催收") == []


def test_overlapping_rules_give_one_alert_for_the_same_words() -> None:
    both = PhraseMatcher([rule("a.notify", "agent", "threat", "通知你单位"),
                          rule("b.told", "agent", "disclosure", "通知了你单位"),
                          rule("c.insult", "agent", "insult", "老赖")])
    assert [(m.rule.id, m.text) for m in both.find("再不还就通知你单位 老赖", "agent")] == [
        ("a.notify", "通知你单位"), ("c.insult", "老赖")]


def test_the_service_posts_emotion_changes_and_pacing(rig: Rig) -> None:
    from softphone.audio.taps import TapFrame
    from softphone.events import EmotionChanged, PacingAlert

    bus, rec, svc = rig
    for n in range(3):  # "烦死了" is a negative cue of the test pack (weight 0.6)
        bus.post(seg(n, "烦死了 烦死了", True, AudioChannel.CUSTOMER))
    for i in range(int(9.0 / 0.02)):  # nobody speaks for 9 s
        for ch in AudioChannel:
            svc.on_frame(TapFrame(CallId("c1"), ch, i * 0.02, bytes(640), 16000))
    settle(bus, svc)
    emotions = rec.of(EmotionChanged)
    assert [(e.channel, e.label) for e in emotions] == [(AudioChannel.CUSTOMER, "negative")]
    assert [p.kind for p in rec.of(PacingAlert)] == ["long_silence"]


KO = PhraseMatcher(load_pack(pack_dir("ko")).rules)


@pytest.mark.parametrize("text, rule_id", [
    ("회사에 알리겠습니다", "threat.notify"),
    ("집으로 찾아가겠습니다", "threat.home_visit"),
    ("가만두지 않겠습니다", "threat.violence"),  # 않 is part of the threat itself
    ("지금 안 갚으면 회사에 알리겠습니다", "threat.notify"),  # 안 in a condition, not before the threat
    ("갚지 않으면 구속됩니다", "false_legal.criminal"),  # 지 않으면: a condition
    ("삼 일 동안 매일 전화하겠습니다", "harassment.repeated"),  # 동안 is not 안
    ("안녕하세요 회사에 알리겠습니다", "threat.notify"),
])
def test_korean_threats_are_found(text: str, rule_id: str) -> None:
    assert rule_id in {m.rule.id for m in KO.find(text, "agent")}


@pytest.mark.parametrize("text", [
    "회사에 알리지 않겠습니다",  # long negation after the verb
    "회사에 안 알리겠습니다",  # short negation inside the phrase
    "집으로 안 찾아갑니다",
    "집으로 찾아가는 일은 없습니다",
    "인터넷에 올리지 않겠습니다",
    "구속되지 않습니다",
    "감옥에 가지 않습니다",
    "자녀한테 불이익이 가지 않게 하겠습니다",
    "고객님 말씀은 저희가 회사에 알리겠다고 했다는 거죠",  # the agent reporting what the customer heard
    "회사에 알리겠다고 들으셨다고요",
])
def test_korean_negated_or_reported_threats_are_not_flagged(text: str) -> None:
    assert KO.find(text, "agent") == []
