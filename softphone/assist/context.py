"""When a phrase match is not a violation: negation and quoting.

Recognised speech has no punctuation, so context is read from the characters
around the match (normalised text, see ``text.normalise``):

* **Negation** ("我们不会上门催收", "我们从来不会冒充公检法", "上门催收是不会的"):
  a negation cue within ``NEGATION_WINDOW`` characters before a part of the
  match, or the text just after it starting with one ("是不会的", "不存在").
  A cue followed by a repayment verb is a condition, not a negation: in
  "你不还款会影响子女上学" and "你不接电话我们就上门" the threat stands; so is
  an A-not-A question ("信不信我打给你老婆").
* **Quoting** ("您说我们威胁您", "您是担心有人上门吗"): the agent reports or
  asks back what the customer (or others: "那些说…的骗子") said; a reporting
  cue shortly before the match.

Further reach, measured on the dev lines and the rule writers' scratch sets:
a negation opening a prepositional phrase covers it ("我们不会在您下班以后上门
催收"); after the match a topic and subject may stand before the negation
("上门催收这种事我们公司是不会做的"), or the words are called untrue ("零利息的
说法是不准确的"); and a negation inside the matched words that the phrase does
not have drops it (``negated_inside``: "你们不会打给我单位吧" against 不要打给
我单位, where the tolerance for one wrong character took 会 for 要). Words that
merely hold 不 (不良, 不少, 不仅) are not negations.

Both are deliberately local (a few characters): "不还款会影响子女上学" stays
a threat although it holds a 不, because 不 is not right before the match.

Korean (the packaged model's language) negates differently, and its cues are
Hangul, so they never fire on Chinese text:

* short negation, 안/못 right before the verb: before the match
  ("안 찾아갑니다") or inside it, where the phrase has no 안/못 ("회사에 안
  알리겠습니다" against the phrase 회사에알리겠): ``negated_inside``;
* long negation after the verb stem: 지 않/지 못/지 말, "…는 일은 없",
  "아닙니다" within a few characters after the match ("집으로 찾아가지
  않겠습니다"); followed by -면 it is a condition ("갚지 않으면"), and the
  threat stands;
* reported speech: the agent saying back what the customer heard, a
  quotative right after the match ("회사에 알리겠다고 하셨다고요?") or
  "말씀하신" before it.

Words that merely hold the syllable 안 or 못 (동안, 불안, 잘못, 안녕, 안내) are
not cues: ``_KO_WORD_BEFORE`` and ``_KO_COMPOUND_AFTER`` list the common ones.
"""

from __future__ import annotations

import re

__all__ = ["negated_before", "negated_after", "quoted", "quoted_after", "negated_inside"]

NEGATORS = ("不会", "不能", "不可能", "绝不", "绝对不", "决不", "从不", "从来不", "并不", "并没有", "没有", "没",
            "不要", "不用", "不必", "不得", "严禁", "禁止", "不允许", "不存在", "不是", "不", "无需", "无须",
            "未", "不再", "拒绝", "无法", "没法", "没办法", "不可以", "不应该")
NEGATION_WINDOW = 6
_CONDITIONS = ("还", "接", "配合", "给钱", "交", "处理", "理", "回", "出面", "缴", "付", "按时", "上班", "主动")
_AFTER = ("是不会", "不会", "是不存在", "不存在", "是不允许", "不允许", "是禁止", "是违规", "是不可能", "不可能",
          "我们不做", "是没有", "这种事不会", "这种情况不会",
          # "that is not true": 零利息的说法是不准确的, 上门催收那是谣言
          "的说法不", "的说法是不", "的说法是错", "的说法是假", "这种说法不", "这个说法不", "是不对的", "是错误的",
          "是假的", "都是假的", "是谣言", "那是谣言", "是骗人的", "不是真的", "不属实", "是不真实", "是不准确", "不准确")
# After the match, a topic and subject may come before the negation: "通讯录我们没有获取",
# "上门催收这种事我们公司是不会做的", "爆通讯录那是违法的我们不做".
_TOPIC = re.compile(r"^(?:[这那](?:个|种|样|些)?(?:事情|事|做法|行为|情况|说法)?)?(?:我们公司|我们|公司|我司|我)?"
                    r"(?:也|都|是|绝对|从来|根本|肯定|一定)*")
_AFTER_TOPIC = ("不会", "不可能", "没有", "没", "绝不", "从不", "从来不", "从来没", "不存在", "不允许", "不做",
                "违法", "违规", "骗人", "谣言", "假的", "不对", "不准确", "不属实")
# A negation whose scope opens with a preposition reaches further: "我们不会在您通讯录里挨个打电话".
_LONG_SCOPE = re.compile(r"(?:不会|不能|绝不|绝对不|从不|从来不|没有|不)(?:在|给|跟|向|对|把|到|去|往|用|通过|拿|和|替)"
                         r"[^不没]{0,8}$")
_NOT_NEGATION = re.compile(r"不(?=[良利少久错好仅但])")  # 不良记录, 不少, 不仅: words, not negations
_INSIDE = ("不会", "不能", "不是", "没有", "不", "没")
QUOTE_CUES = ("您说", "你说", "您是说", "你是说", "您刚才说", "您刚说", "你刚才说", "您的意思是", "你的意思是",
              "您觉得", "您认为", "您是觉得", "有人说", "他们说", "对方说", "您提到", "您讲", "您听说", "您是听说",
              "您担心", "您是担心", "你担心", "您怕", "您是怕", "您问", "您是问", "您反映", "您投诉", "您说的",
              "那些说", "别人说", "外面说", "网上说", "谁说", "骗子说",
              "말씀하신", "말씀은", "말씀처럼", "들으셨다는", "하셨다는")
_QUOTE_WINDOW = 12


_KO_SHORT = ("안", "못")
_KO_WORD_BEFORE = {"안": "불편보방제대동평치답문현공도미고내건시개인국", "못": "잘"}  # 동안, 불안, 잘못: words, not cues
_KO_COMPOUND_AFTER = "녕내전심정쪽방경건부색주과개목"  # 안녕, 안내, 안전 ...: not a negation
_KO_LONG = re.compile(r"^.{0,6}?(지않|지는않|지도않|지못|지는못|지마|지말|일은없|일이없|일없|아닙|아니)(.?)(.?)")
_KO_QUOTED_AFTER = re.compile(r"^.{0,2}?(?:다|라|냐|자)(?:고요|고하셨|고들으|고말씀|고하시|는말씀|는얘기|는거죠)")
_A_NOT_A = re.compile(r"(.)不\1")  # 信不信, 是不是: a question, not a negation
_POTENTIAL = re.compile(r"(?<=.)不(?=[上到了起通着住下动来去过见清])")  # 联系不上, 找不到: "cannot", about the verb before


def negated_before(before: str) -> bool:
    """``before``: the normalised text preceding a part of the match (same utterance)."""
    if before.endswith(_KO_SHORT) and not (len(before) > 1 and before[-2] in _KO_WORD_BEFORE[before[-1]]):
        return True
    if _LONG_SCOPE.search(_NOT_NEGATION.sub("#", before[-16:])):
        return True
    window = _POTENTIAL.sub("#", _A_NOT_A.sub("###", _NOT_NEGATION.sub("#", before[-NEGATION_WINDOW - 2:])))
    window = window[-NEGATION_WINDOW:]
    end, cue = -1, ""
    for n in NEGATORS:
        at = window.rfind(n)
        if at >= 0 and at + len(n) > end:
            end, cue = at + len(n), n
    if not cue:
        return False
    return not window[end:].startswith(_CONDITIONS)


def negated_after(after: str) -> bool:
    if any(after.startswith(a) for a in _AFTER):
        return True
    topic = _TOPIC.match(after)
    skipped = topic.end() if topic else 0
    if 0 < skipped <= 8 and after[skipped:].startswith(_AFTER_TOPIC):
        return True
    long = _KO_LONG.match(after)
    if long is None:
        return False
    return not (long.group(2) == "면" or long.group(2) + long.group(3) == "으면")  # 갚지 않으면: a condition


def negated_inside(matched: str, phrase: str) -> bool:
    """A negation inside the matched words that the phrase does not have: "你们不会打给我单位吧"
    against 不要打给我单位 (the matcher took 会 for 要), "회사에 안 알리겠습니다" against 회사에알리겠."""
    cleaned = _NOT_NEGATION.sub("#", matched)
    if any(n in cleaned and n not in phrase for n in _INSIDE):
        return True
    for at, char in enumerate(matched[:-1]):
        if char in _KO_SHORT and char not in phrase and matched[at + 1] not in _KO_COMPOUND_AFTER:
            return True
    return False


def quoted(before: str) -> bool:
    window = before[-_QUOTE_WINDOW:]
    return any(cue in window for cue in QUOTE_CUES)


def quoted_after(after: str) -> bool:
    """A Korean quotative right after the match: the agent reports what was said."""
    return bool(_KO_QUOTED_AFTER.match(after))
