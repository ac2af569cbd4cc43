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
  asks back what the customer said; a reporting cue shortly before the match.

Both are deliberately local (a few characters): "不还款会影响子女上学" stays
a threat although it holds a 不, because 不 is not right before the match.
"""

from __future__ import annotations

import re

__all__ = ["negated_before", "negated_after", "quoted"]

NEGATORS = ("不会", "不能", "不可能", "绝不", "绝对不", "决不", "从不", "从来不", "并不", "并没有", "没有", "没",
            "不要", "不用", "不必", "不得", "严禁", "禁止", "不允许", "不存在", "不是", "不", "无需", "无须",
            "未", "不再", "拒绝", "无法", "没法", "没办法", "不可以", "不应该")
NEGATION_WINDOW = 6
_CONDITIONS = ("还", "接", "配合", "给钱", "交", "处理", "理", "回", "出面", "缴", "付", "按时", "上班", "主动")
_AFTER = ("是不会", "不会", "是不存在", "不存在", "是不允许", "不允许", "是禁止", "是违规", "是不可能", "不可能",
          "我们不做", "是没有", "这种事不会", "这种情况不会")
QUOTE_CUES = ("您说", "你说", "您是说", "你是说", "您刚才说", "您刚说", "你刚才说", "您的意思是", "你的意思是",
              "您觉得", "您认为", "您是觉得", "有人说", "他们说", "对方说", "您提到", "您讲", "您听说", "您是听说",
              "您担心", "您是担心", "你担心", "您怕", "您是怕", "您问", "您是问", "您反映", "您投诉", "您说的")
_QUOTE_WINDOW = 12


_A_NOT_A = re.compile(r"(.)不\1")  # 信不信, 是不是: a question, not a negation
_POTENTIAL = re.compile(r"(?<=.)不(?=[上到了起通着住下动来去过见清])")  # 联系不上, 找不到: "cannot", about the verb before


def negated_before(before: str) -> bool:
    """``before``: the normalised text preceding a part of the match (same utterance)."""
    window = _POTENTIAL.sub("#", _A_NOT_A.sub("###", before[-NEGATION_WINDOW - 2:]))[-NEGATION_WINDOW:]
    end, cue = -1, ""
    for n in NEGATORS:
        at = window.rfind(n)
        if at >= 0 and at + len(n) > end:
            end, cue = at + len(n), n
    if not cue:
        return False
    return not window[end:].startswith(_CONDITIONS)


def negated_after(after: str) -> bool:
    return any(after.startswith(a) for a in _AFTER)


def quoted(before: str) -> bool:
    window = before[-_QUOTE_WINDOW:]
    return any(cue in window for cue in QUOTE_CUES)
