"""Finding a rule pack's phrases in recognised speech, robust to recognition errors.

Each rule phrase is expanded (``rules.expand``) into variants, each a few
parts separated by gaps. A part matches a stretch of the utterance by an
approximate-substring alignment (Sellers' dynamic programme) whose costs come
from ``text.sub_cost`` (homophones free, near-homophones half) plus 1 for
a dropped or an extra character. The allowed cost grows with the length of
the phrase (``budget``). Parts follow each other with at most ``MAX_GAP``
characters between. A cheap filter (enough of the phrase's sounds occur in
the utterance) keeps the alignment to a few candidates per utterance.

A match is dropped when ``context`` says it is negated (before, after or
inside the matched words) or quoted. Where
several rules match the same words, one is kept (closest, most severe,
longest): one alert per occurrence. Matches carry an ordinal (the n-th
occurrence of that rule in the utterance), so a caller can raise one alert
per occurrence while the partial results of the same utterance grow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from . import context
from ..states import Severity
from .rules import MAX_GAP, Rule
from .readings import ReadingCache
from .text import Unit, sub_cost, units

__all__ = ["Match", "PhraseMatcher", "budget"]

T = TypeVar("T")


def budget(length: int) -> float:
    """Allowed alignment cost for a phrase of ``length`` characters (all parts).

    Measured on tests/assist/eval_zh.tsv: one edit in a 4-character phrase
    matched unrelated talk (两千还差, 验证; 工作丢了 in 找到新工作了); so up to 4
    characters only near-homophones, from 5 one dropped or extra character, a
    wrong character (not a homophone) from 6 on (``SUBSTITUTE_FROM``).
    """
    if length <= 2:
        return 0.0
    if length <= 4:
        return 0.5
    if length <= 8:
        return 1.0
    return 1.5


SUBSTITUTE_FROM = 6  # phrase length from which a character may be replaced by an unrelated one
_ANCHOR = 0.5  # the first and last characters of a match must be the phrase's (or sound alike)


@dataclass(frozen=True)
class Match:
    rule: Rule
    start: int  # offsets in the original text (end exclusive)
    end: int
    cost: float
    text: str
    ordinal: int  # 0 for the rule's first occurrence in the text, 1 for the second...


@dataclass(frozen=True, slots=True)
class _Variant:
    rule: Rule
    parts: tuple[tuple[Unit, ...], ...]
    folded: tuple[frozenset[str], ...]  # of every unit, for the filter
    budget: float
    substitute: bool
    text: str  # the phrase's parts, "…" between (a negation inside a match that the phrase lacks)


def _align(part: tuple[Unit, ...], text: list[Unit], lo: int, hi: int, limit: float,
           substitute: bool = True) -> list[tuple[int, int, float]]:
    """(start, end, cost) of the best alignments of ``part`` ending in text[lo:hi], cost <= limit.

    Without ``substitute`` an unrelated character costs more than any budget. A
    match must begin and end on characters that are the phrase's own (``_ANCHOR``).
    """
    wrong = 1.0 if substitute else 9.0
    n = hi - lo
    prev = [0.0] * (n + 1)
    prev_start = list(range(n + 1))
    for i, p in enumerate(part, 1):
        cur = [float(i)] + [0.0] * n
        cur_start = [0] * (n + 1)
        for j in range(1, n + 1):
            cost = sub_cost(p, text[lo + j - 1])
            best, start = prev[j - 1] + (wrong if cost == 1.0 else cost), prev_start[j - 1]
            if i > 1 and prev[j] + 1.0 < best:  # the text lacks this phrase character (never the first:
                # a match begins on it, and a tie with an extra character after it chose the start wrongly)
                best, start = prev[j] + 1.0, prev_start[j]
            if cur[j - 1] + 1.0 < best:  # an extra character in the text
                best, start = cur[j - 1] + 1.0, cur_start[j - 1]
            cur[j], cur_start[j] = best, start
        prev, prev_start = cur, cur_start
    found: list[tuple[int, int, float]] = []
    first, last = part[0], part[-1]
    for j in range(1, n + 1):
        s = prev_start[j]
        if prev[j] <= limit and s < j and sub_cost(first, text[lo + s]) <= _ANCHOR \
                and sub_cost(last, text[lo + j - 1]) <= _ANCHOR:
            found.append((lo + s, lo + j, prev[j]))
    return _local_best(found)


def _local_best(found: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Of overlapping alignments keep the cheapest (then the shortest)."""
    out: list[tuple[int, int, float]] = []
    for s, e, c in sorted(found, key=lambda m: (m[2], m[1] - m[0], m[0])):
        if all(e <= s2 or s >= e2 for s2, e2, _ in out):
            out.append((s, e, c))
    return sorted(out)


def _windows(part: tuple[Unit, ...], us: list[Unit], limit: float, substitute: bool) -> list[tuple[int, int, float]]:
    """``_align`` only around the places where the part's first sound occurs (a match must start there)."""
    head = part[0].folded
    span = len(part) + int(limit) + 1
    found: list[tuple[int, int, float]] = []
    lo = hi = -1
    for i, u in enumerate(us):
        if head.isdisjoint(u.folded):
            continue
        if i <= hi:  # overlapping windows merge
            hi = min(len(us), i + span)
            continue
        if hi > lo >= 0:
            found += _align(part, us, lo, hi, limit, substitute)
        lo, hi = i, min(len(us), i + span)
    if hi > lo >= 0:
        found += _align(part, us, lo, hi, limit, substitute)
    return _local_best(found)


_SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.LOW: 3}


def _one_per_place(found: list[tuple[int, int, float, Rule]]) -> list[tuple[int, int, float, Rule]]:
    """Where rules overlap on the same words, one alert: the closest match, then the most severe, then the longest."""
    out: list[tuple[int, int, float, Rule]] = []
    for m in sorted(found, key=lambda m: (m[2], _SEVERITY_RANK.get(m[3].severity, 9), m[0] - m[1], m[3].id)):
        if all(m[1] <= o[0] or m[0] >= o[1] for o in out):
            out.append(m)
    return out


class _Shared:
    """One object for equal parts, units and phrase texts across a pack's variants.

    The expanded pack repeats the same few hundred parts tens of thousands of
    times; sharing them cut the matcher (full zh pack) from 400,000 objects to 144,000 and
    its build time by two thirds (a full garbage collection walks every one).
    """

    def __init__(self, readings: ReadingCache | None) -> None:
        self._parts: dict[str, tuple[Unit, ...]] = {}
        self._same: dict[object, object] = {}
        self._readings = readings

    def units(self, part: str) -> tuple[Unit, ...]:
        got = self._parts.get(part)
        if got is None:
            got = self._parts[part] = tuple(self.one(Unit(u.char, u.readings, u.folded, 0))
                                            for u in units(part, self._readings))
        return got

    def one(self, thing: T) -> T:
        return self._same.setdefault(thing, thing)  # type: ignore[return-value]


class PhraseMatcher:
    def __init__(self, rules: Iterable[Rule], readings: ReadingCache | None = None) -> None:
        """``readings`` keeps the phrase parts' pinyin between builds (``ReadingCache``)."""
        self._variants: dict[str, list[_Variant]] = {"agent": [], "customer": []}
        # sound -> variant numbers, once per unit that sounds so: the filter's index
        postings: dict[str, dict[str, list[int]]] = {"agent": {}, "customer": {}}
        shared = _Shared(readings)
        for rule in rules:
            for variant in rule.variants:
                parts = tuple(shared.units(p) for p in variant)
                length = sum(len(p) for p in parts)
                folded = tuple(u.folded for p in parts for u in p)
                index = postings[rule.channel]
                vid = len(self._variants[rule.channel])
                for sounds in folded:
                    for sound in sounds:
                        index.setdefault(sound, []).append(vid)
                self._variants[rule.channel].append(
                    _Variant(rule, parts, folded, budget(length), length >= SUBSTITUTE_FROM,
                             shared.one("…".join("".join(u.char for u in p) for p in parts))))
        self._index = {ch: {sound: np.array(v, dtype=np.int32) for sound, v in idx.items()} for ch, idx in postings.items()}
        self._need = {ch: np.array([len(v.folded) - v.budget for v in vs]) for ch, vs in self._variants.items()}

    @property
    def variant_count(self) -> int:
        return sum(len(v) for v in self._variants.values())

    def find(self, text: str, channel: str) -> list[Match]:
        """Violations of ``channel``'s rules in ``text`` (negated and quoted matches left out)."""
        us = units(text)
        if not us:
            return []
        norm = "".join(u.char for u in us)
        spans: dict[str, list[tuple[int, int, float]]] = {}
        rules: dict[str, Rule] = {}
        for v in self._candidates(us, channel):
            for s, e, c in self._match_variant(v, us, norm, channel):
                spans.setdefault(v.rule.id, []).append((s, e, c))
                rules[v.rule.id] = v.rule
        chosen = _one_per_place([(s, e, c, rules[rid]) for rid, found in spans.items() for s, e, c in _local_best(found)])
        out: list[Match] = []
        seen: dict[str, int] = {}
        for s, e, c, rule in sorted(chosen, key=lambda m: m[0]):
            start, end = us[s].pos, us[e - 1].pos + 1
            out.append(Match(rule, start, end, c, text[start:end], seen.get(rule.id, 0)))
            seen[rule.id] = seen.get(rule.id, 0) + 1
        return sorted(out, key=lambda m: (m.start, m.rule.id))

    def _candidates(self, us: list[Unit], channel: str) -> list[_Variant]:
        """Variants with enough of their sounds in the text to be within budget (an inverted index).

        A unit with two readings both in the text counts twice: the filter may let
        a variant through that the alignment then refuses, never the other way.
        """
        sounds: set[str] = set().union(*(u.folded for u in us))
        index, variants = self._index.get(channel, {}), self._variants.get(channel, [])
        hits = [index[s] for s in sounds if s in index]
        if not hits or not variants:
            return []
        counts = np.bincount(np.concatenate(hits), minlength=len(variants))
        return [variants[int(i)] for i in np.flatnonzero(counts >= self._need[channel])]

    def _match_variant(self, v: _Variant, us: list[Unit], norm: str, channel: str) -> list[tuple[int, int, float]]:
        results: list[tuple[int, int, float]] = []
        first, rest = v.parts[0], v.parts[1:]
        for s, e, c in _windows(first, us, v.budget, v.substitute):
            if context.negated_before(norm[:s]):
                continue
            chain = self._follow(rest, us, norm, e, v.budget - c, v)
            if chain is None:
                continue
            end, cost = chain
            if context.negated_after(norm[end:]) or context.negated_inside(norm[s:e], v.text):
                continue
            if channel == "agent" and (context.quoted(norm[:s]) or context.quoted_after(norm[end:])):
                continue
            results.append((s, end, c + cost))
        return results

    def _follow(self, parts: tuple[tuple[Unit, ...], ...], us: list[Unit], norm: str, at: int,
                left: float, v: _Variant) -> tuple[int, float] | None:
        """Match the remaining parts of ``v`` in order after ``at``; (end, cost) or None."""
        if not parts:
            return at, 0.0
        part = parts[0]
        hi = min(len(us), at + MAX_GAP + len(part) + int(left))
        for s, e, c in _align(part, us, at, hi, left, v.substitute):
            if s - at > MAX_GAP or context.negated_before(norm[:s]) and not context.negated_before(norm[:at]):
                continue
            if context.negated_inside(norm[s:e], v.text):
                continue
            rest = self._follow(parts[1:], us, norm, e, left - c, v)
            if rest is not None:
                return rest[0], c + rest[1]
        return None
