"""Accuracy of the utterance emotion label on a labelled set, per speaker and class.

The set is a TSV file: ``expected<TAB>speaker<TAB>kind<TAB>text`` (header line
first); ``expected`` is negative, neutral or positive, ``speaker`` agent or
customer, ``kind`` what the line tests (complaint, refusal, threat, negated
...). Each line is scored on its own, as ``analyze --text`` scores a line: the
cues and the rule categories the matcher flags, no voice, no earlier lines.
Accuracy of a class = of the lines expected in it, the share labelled so.

Used by ``tests/unit/test_emotion_short_lines.py`` and ``benchmarks/bench_emotion.py``.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .emotion import utterance_label
from .lexical import lexical
from .matcher import PhraseMatcher
from .rules import RulePack

__all__ = ["EmotionLine", "EmotionScores", "read_emotion_set", "evaluate_emotion", "CLASSES", "SPEAKERS"]

CLASSES = ("negative", "neutral", "positive")
SPEAKERS = ("customer", "agent")
_HEADER = ["expected", "speaker", "kind", "text"]


@dataclass(frozen=True)
class EmotionLine:
    line: int
    expected: str
    speaker: str
    kind: str
    text: str


@dataclass
class EmotionScores:
    confusion: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (speaker, expected, got) -> lines
    mistakes: list[tuple[EmotionLine, str]] = field(default_factory=list)

    def count(self, speaker: str, expected: str) -> int:
        return sum(self.confusion[(speaker, expected, got)] for got in CLASSES)

    def accuracy(self, speaker: str, expected: str) -> float | None:
        n = self.count(speaker, expected)
        return self.confusion[(speaker, expected, expected)] / n if n else None


def read_emotion_set(path: Path) -> list[EmotionLine]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or rows[0] != _HEADER:
        raise ValueError(f"{path}: the first line must be {', '.join(_HEADER)}")
    items = [EmotionLine(n, *row) for n, row in enumerate(rows[1:], 2) if len(row) == 4]
    bad = [i.line for i in items if i.expected not in CLASSES or i.speaker not in SPEAKERS]
    if bad or len(items) != len(rows) - 1:
        raise ValueError(f"{path}: bad line(s) {bad or 'with other than 4 columns'}")
    return items


def evaluate_emotion(items: list[EmotionLine], pack: RulePack, matcher: PhraseMatcher | None) -> EmotionScores:
    """``matcher`` None: the cues alone, without the rule categories (to see what each part adds)."""
    scores = EmotionScores()
    for item in items:
        found = matcher.find(item.text, item.speaker) if matcher is not None else []
        flagged = [(m.rule.category, m.text) for m in found]
        got = utterance_label(lexical(item.text, pack.cues, item.speaker, flagged).score).value
        scores.confusion[(item.speaker, item.expected, got)] += 1
        if got != item.expected:
            scores.mistakes.append((item, got))
    return scores
