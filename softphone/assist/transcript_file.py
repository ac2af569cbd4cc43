"""A transcript file through the rules: ``agent-softphone analyze --text FILE``.

One utterance per line, ``agent: ...`` or ``customer: ...``, or in Chinese
``坐席: ...`` (also ``客服``) or ``客户: ...`` (an ASCII or full-width colon,
spaces around it or none); empty lines and lines starting with ``#`` are skipped but
counted, so ``line`` is always the 1-based line number in the file. Every
utterance gives its phrase alerts and one emotion line (the words only: a
text has no voice), with the cues that made it (``lexical.Hit``); a
speaker's refusals carry over to their next utterance, as in a call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..privacy import redact
from .emotion import utterance_label
from .lexical import lexical
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


def assess(utterance: Utterance, pack: RulePack, matcher: PhraseMatcher,
           streaks: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Alerts and the emotion line; ``streaks`` (speaker -> refusals in a row) is kept across calls."""
    found = matcher.find(utterance.text, utterance.speaker)
    out: list[dict[str, Any]] = [
        {"type": "alert", "line": utterance.line, "category": m.rule.category, "rule": m.rule.id,
         "severity": m.rule.severity.value, "text": redact(m.text), "suggestion": m.rule.suggestion}
        for m in found]
    streaks = {} if streaks is None else streaks
    words = lexical(utterance.text, pack.cues, utterance.speaker, [(m.rule.category, m.text) for m in found],
                    streaks.get(utterance.speaker, 0))
    streaks[utterance.speaker] = streaks.get(utterance.speaker, 0) + 1 if words.refused else 0
    out.append({"type": "emotion", "line": utterance.line, "speaker": utterance.speaker,
                "label": utterance_label(words.score).value, "score": words.score,
                "cues": [{"kind": h.kind, "words": redact(h.words), "weight": h.weight} for h in words.hits]})
    return out
