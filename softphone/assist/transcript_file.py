"""A transcript file through the rules: ``agent-softphone analyze --text FILE``.

One utterance per line, ``agent: ...`` or ``customer: ...``, or in Chinese
``坐席: ...`` (also ``客服``) or ``客户: ...`` (an ASCII or full-width colon,
spaces around it or none); empty lines and lines starting with ``#`` are skipped but
counted, so ``line`` is always the 1-based line number in the file. Every
utterance gives its phrase alerts and one emotion line (lexical cues only:
a text has no voice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..privacy import redact
from .emotion import lexical_score, utterance_label
from .matcher import PhraseMatcher
from .rules import RulePack

__all__ = ["Utterance", "parse_lines", "LineError", "assess", "SPEAKERS"]

SPEAKERS = {"agent": "agent", "customer": "customer", "坐席": "agent", "客服": "agent", "客户": "customer"}
_LINE = re.compile(r"^\s*(" + "|".join(SPEAKERS) + r")\s*[:\uff1a]\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Utterance:
    line: int
    speaker: str
    text: str


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


def parse_lines(lines: Iterable[str]) -> Iterator[Utterance | LineError]:
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _LINE.match(line)
        if m is None:
            yield LineError(n, "does not start with 'agent:' or 'customer:' (or 坐席: / 客户:)")
        else:
            yield Utterance(n, SPEAKERS[m.group(1).lower()], m.group(2).strip())


def assess(utterance: Utterance, pack: RulePack, matcher: PhraseMatcher) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {"type": "alert", "line": utterance.line, "category": m.rule.category, "rule": m.rule.id,
         "severity": m.rule.severity.value, "text": redact(m.text), "suggestion": m.rule.suggestion}
        for m in matcher.find(utterance.text, utterance.speaker)]
    score = lexical_score(utterance.text, pack.cues, utterance.speaker)
    out.append({"type": "emotion", "line": utterance.line, "speaker": utterance.speaker,
                "label": utterance_label(score).value, "score": round(score, 3)})
    return out
