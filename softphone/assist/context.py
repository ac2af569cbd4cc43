"""When a phrase match is not a violation: negation and quoting.

Recognised speech has no punctuation, so context is read from the characters
around the match (normalised text, see ``text.normalise``):

* **Negation** ("我们不会上门催收", "您的还款不会影响子女上学", "上门催收是不会的"):
  the text just before a part of the match ends with a negation cue, once
  filler characters (会, 去, 再, 给您 ...) are set aside; or the text just after
  it starts with one ("是不会的", "不存在").
* **Quoting** ("您说我们威胁您", "您是担心有人上门吗"): the agent reports or
  asks back what the customer said; a reporting cue shortly before the match.

Both are deliberately local (a few characters): "不还款会影响子女上学" stays
a threat although it holds a 不, because 不 is not right before the match.
"""

from __future__ import annotations

__all__ = ["negated_before", "negated_after", "quoted"]

NEGATORS = ("不会", "不能", "不可能", "绝不", "绝对不", "决不", "从不", "从来不", "并不", "并没有", "没有", "没",
            "不要", "不用", "不必", "不得", "严禁", "禁止", "不允许", "不存在", "不是", "别", "不", "无需", "无须",
            "未", "不再", "拒绝")
_FILLERS = set("会再去来要对给找让把向跟和与您你他她的就也都在将随便意轻易主动擅自私一直们")
_AFTER = ("是不会", "不会", "是不存在", "不存在", "是不允许", "不允许", "是禁止", "是违规", "是不可能", "不可能",
          "我们不做", "是没有", "这种事不会", "这种情况不会")
QUOTE_CUES = ("您说", "你说", "您是说", "你是说", "您刚才说", "您刚说", "你刚才说", "您的意思是", "你的意思是",
              "您觉得", "您认为", "您是觉得", "有人说", "他们说", "对方说", "您提到", "您讲", "您听说", "您是听说",
              "您担心", "您是担心", "你担心", "您怕", "您是怕", "您问", "您是问", "您反映", "您投诉", "您说的")
_QUOTE_WINDOW = 12
_FILLER_MAX = 3


def negated_before(before: str) -> bool:
    """``before``: the normalised text preceding a part of the match (same utterance)."""
    tail = before[-8:]
    for _ in range(_FILLER_MAX + 1):
        if any(tail.endswith(n) for n in NEGATORS):
            return True
        if not tail or tail[-1] not in _FILLERS:
            return False
        tail = tail[:-1]
    return False


def negated_after(after: str) -> bool:
    return any(after.startswith(a) for a in _AFTER)


def quoted(before: str) -> bool:
    window = before[-_QUOTE_WINDOW:]
    return any(cue in window for cue in QUOTE_CUES)
