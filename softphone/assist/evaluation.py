"""Precision and recall of a rule pack on a labelled set of utterances.

The set is a TSV file: ``expected<TAB>channel<TAB>kind<TAB>text`` (header
line first); ``expected`` is a category or ``-`` (nothing may be flagged).
A line counts as:

* true positive: ``expected`` is among the categories flagged;
* false negative: a violation whose category was not flagged;
* false positive: a compliant line with any flag, or a violation flagged
  only with other categories.

Used by the test that asserts the thresholds and by ``benchmarks/bench_assist.py``.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .matcher import PhraseMatcher

__all__ = ["Labelled", "Scores", "read_set", "evaluate"]


@dataclass(frozen=True)
class Labelled:
    line: int
    expected: str
    channel: str
    kind: str
    text: str


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    by_kind: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, outcome) -> lines
    mistakes: list[tuple[Labelled, tuple[str, ...]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def read_set(path: Path) -> list[Labelled]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or rows[0] != ["expected", "channel", "kind", "text"]:
        raise ValueError(f"{path}: the first line must be expected, channel, kind, text")
    return [Labelled(n, *row) for n, row in enumerate(rows[1:], 2) if len(row) == 4]


def evaluate(items: list[Labelled], matcher: PhraseMatcher) -> Scores:
    s = Scores()
    for item in items:
        flagged = tuple(sorted({m.rule.category for m in matcher.find(item.text, item.channel)}))
        if item.expected == "-":
            outcome = "fp" if flagged else "tn"
        else:
            outcome = "tp" if item.expected in flagged else "fn"
            if outcome == "fn" and flagged:
                s.fp += 1
        setattr(s, outcome, getattr(s, outcome) + 1)
        s.by_kind[(item.kind, outcome)] += 1
        if outcome in ("fp", "fn"):
            s.mistakes.append((item, flagged))
    return s
