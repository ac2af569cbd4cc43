"""What the words of one utterance say about the speaker's emotion, and why.

From the pack's cues (``emotion.toml``) and the rule categories the phrase
matcher flagged on the utterance:

* cue phrases are exact substrings of the normalised text, taken leftmost
  and longest, never overlapping (太过分了 is one cue, not 太 + 过分);
* a cue right after a negation does not count ("不生气", "没有为难我", "上门
  是不会的"), nor one the agent reports ("您是说有人骂您老赖"); the negation
  of an earlier cue does not reach a later one ("没钱没钱" is two refusals,
  not one refusal and a negated one);
* an ``intensifier`` cue (太, 真的, 简直, 根本) just before a cue multiplies
  its weight by 1 + the intensifier's weight ("真的太烦人了");
* a ``position = "start"`` cue counts only opening the utterance, after
  fillers, and not as a question ("可以" answers; "这个可以分期吗", "可以吗" ask);
* refusals (kind ``refusal``: 不还, 没钱, 别打了) repeated in the utterance,
  or after a refusal in this speaker's previous utterance, add
  ``REPEAT_BONUS`` each (at most ``MAX_REPEATS``);
* each flagged category adds its ``CATEGORY_WEIGHTS``: the customer's
  complaint intent (投诉, 报警, 律师, 12378) and hardship, the agent's threats,
  insults, harassment, false legal claims and third-party pressure, in place
  of the cues of the same kind (上门 inside 上门催收 counts once). The
  matcher has already left out negated and quoted ones ("我不是要投诉",
  "您说要投诉我们").

The score is the negative contributions minus the positive ones, clipped to
[-1, 1]; each contribution is a ``Hit``, so a label can say why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import context
from .rules import Cue
from .text import normalise

__all__ = ["Hit", "Lexical", "lexical", "CATEGORY_WEIGHTS", "REPEAT_BONUS"]

CATEGORY_WEIGHTS: dict[str, float] = {
    "complaint": 0.6, "hardship": 0.4,  # customer
    "threat": 0.7, "insult": 0.8, "harassment": 0.6, "false_legal": 0.6, "third_party": 0.5,  # agent
}
REPEAT_BONUS = 0.2
MAX_REPEATS = 3
INTENSIFIER_REACH = 3  # characters between an intensifier and its cue ("太让人失望", "简直就是强盗")
_FILLERS = "嗯啊哦噢呃唉哎喂那好"
_NOT_ANSWER_AFTER = ("吗", "么", "不", "没", "了", "吧")  # 可以吗, 行不行: asking; 行了, 行吧: giving up
_QUESTION_END = ("吗", "么")  # 可以分期吗


@dataclass(frozen=True)
class Hit:
    kind: str  # the cue's kind (anger, refusal, rhetorical ...), "repeated", or a rule category
    words: str  # the cue phrase, with its intensifier ("真的+烦死了"); a category's matched words
    weight: float  # signed contribution to the score: above 0 towards negative


@dataclass(frozen=True)
class Lexical:
    score: float
    hits: tuple[Hit, ...]
    refused: bool  # a refusal counted: the speaker's next utterance continues the streak


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    cue: Cue
    phrase: str


def lexical(text: str, cues: Iterable[Cue], channel: str, flagged: Iterable[tuple[str, str]] = (),
            refusal_streak: int = 0) -> Lexical:
    """``flagged``: (category, matched words) of the phrase alerts on this utterance;
    ``refusal_streak``: how many of this speaker's utterances just before held a refusal."""
    norm = normalise(text)
    hits = _cue_hits(norm, _leftmost_longest(_occurrences(norm, cues, channel)), channel)
    refusals = sum(1 for h in hits if h.kind == "refusal")
    if refusals:
        repeats = min(MAX_REPEATS, refusals - 1 + refusal_streak)
        if repeats:
            hits.append(Hit("repeated", f"x{repeats + 1}", round(REPEAT_BONUS * repeats, 3)))
    rules = _category_hits(flagged)
    ruled = {h.kind for h in rules}  # a flagged category stands for the cues of its kind (上门 in 上门催收)
    hits = [h for h in hits if h.kind not in ruled] + rules
    score = max(-1.0, min(1.0, sum((h.weight for h in hits), 0.0)))
    return Lexical(round(score, 3), tuple(hits), refusals > 0)


def _occurrences(norm: str, cues: Iterable[Cue], channel: str) -> list[_Found]:
    found: list[_Found] = []
    for cue in cues:
        if cue.channel not in ("any", channel):
            continue
        for phrase in cue.phrases:
            at = norm.find(phrase)
            while at >= 0:
                found.append(_Found(at, at + len(phrase), cue, phrase))
                at = norm.find(phrase, at + 1)
    return found


def _leftmost_longest(found: list[_Found]) -> list[_Found]:
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: (f.start, f.start - f.end)):
        if not kept or f.start >= kept[-1].end:
            kept.append(f)
    return kept


def _cue_hits(norm: str, kept: list[_Found], channel: str) -> list[Hit]:
    hits: list[Hit] = []
    clause = 0  # where the text a negation may come from starts: after the previous cue
    boost: _Found | None = None
    for f in kept:
        if f.cue.label == "intensifier":
            boost = f
            continue
        counts = _counts(norm, f, norm[clause:f.start], channel)
        clause = f.end
        if counts:
            near = boost is not None and f.start - boost.end <= INTENSIFIER_REACH
            hits.append(_hit(f, boost if near else None))
        boost = None
    return hits


def _counts(norm: str, f: _Found, clause: str, channel: str) -> bool:
    """Not negated ("不生气", "上门是不会的"), not the agent reporting ("您是说有人骂您老赖"),
    and a start-only cue opening the utterance."""
    if context.negated_before(clause) or context.negated_after(norm[f.end:]):
        return False
    if channel == "agent" and context.quoted(norm[:f.start]):
        return False
    return not f.cue.at_start or _opens(norm, f)


def _opens(norm: str, f: _Found) -> bool:
    """The cue opens the utterance (after fillers) as an answer: not asked (可以吗, 可以分期吗), not given up (行了)."""
    return (not norm[:f.start].strip(_FILLERS) and not norm[f.end:].startswith(_NOT_ANSWER_AFTER)
            and not norm.endswith(_QUESTION_END))


def _hit(f: _Found, boost: _Found | None) -> Hit:
    weight = f.cue.weight * (1.0 + boost.cue.weight if boost else 1.0)
    sign = 1.0 if f.cue.label == "negative" else -1.0
    words = f"{boost.phrase}+{f.phrase}" if boost else f.phrase
    return Hit(f.cue.kind, words, round(sign * weight, 3))


def _category_hits(flagged: Iterable[tuple[str, str]]) -> list[Hit]:
    hits: list[Hit] = []
    seen: set[str] = set()
    for category, words in flagged:
        weight = CATEGORY_WEIGHTS.get(category)
        if weight is not None and category not in seen:
            seen.add(category)
            hits.append(Hit(category, words, weight))
    return hits
