"""Text as the matcher sees it: one unit per character, with its pronunciations.

Speech recognition writes homophones (上门 -> 尚门), near-homophones (催收 ->
吹收), traditional characters (學), full-width digits (１２) and spaces between
words. ``units`` normalises the text (NFKC, no spaces or punctuation, lower
case) and gives each remaining character the set of its toneless pinyin
readings (all readings: 还 is hai and huan) and the same set with
near-homophones folded together (zh/z, ch/c, sh/s, n/l, h/f initials;
-ng/-n finals), so that the matcher can price a substitution:

* same character, or a shared reading: 0 (a homophone);

Readings: a character's common reading, its reading in this utterance
(pypinyin's phrase dictionary) and, for a few everyday polyphones
(``POLYPHONES``: 还 hai/huan, 行 xing/hang ...), each of theirs. Not all of
pypinyin's readings: its rare ones made unrelated characters "homophones"
(不 and 还 share fu, 是 and 替 share ti, 款 and 心 share xin).
* a shared folded reading: ``NEAR_COST`` (a near-homophone);
* otherwise 1.

Each unit remembers where it came from in the original text, so a match can
be shown (highlighted) in the transcript the agent reads.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pypinyin import Style, pinyin

from .readings import ReadingCache

__all__ = ["Unit", "units", "normalise", "sub_cost", "NEAR_COST"]

NEAR_COST = 0.5
_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"), ("r", "l"))
_FINALS = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"), ("ong", "on"))


@dataclass(frozen=True, slots=True)
class Unit:
    char: str
    readings: frozenset[str]
    folded: frozenset[str]
    pos: int  # index of the character in the original text


def _fold(syllable: str) -> str:
    for long, short in _INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long):]
            break
    for long, short in _FINALS:
        if syllable.endswith(long):
            return syllable[: -len(long)] + short
    return syllable


POLYPHONES: dict[str, tuple[str, ...]] = {
    "还": ("hai", "huan"), "行": ("xing", "hang"), "长": ("chang", "zhang"), "重": ("zhong", "chong"),
    "了": ("le", "liao"), "得": ("de", "dei"), "着": ("zhe", "zhao", "zhuo"), "地": ("de", "di"), "的": ("de", "di"),
    "都": ("dou", "du"), "乐": ("le", "yue"), "调": ("diao", "tiao"), "传": ("chuan", "zhuan"), "便": ("bian", "pian"),
    "系": ("xi", "ji"), "省": ("sheng", "xing"), "单": ("dan", "shan"), "会": ("hui", "kuai"), "差": ("cha", "chai"),
    "给": ("gei", "ji"), "朝": ("chao", "zhao"), "率": ("lv", "shuai"), "没": ("mei", "mo"), "觉": ("jue", "jiao"),
    "称": ("cheng", "chen"), "降": ("jiang", "xiang"), "参": ("can", "shen"), "应": ("ying",), "中": ("zhong",),
    "种": ("zhong",), "曾": ("ceng", "zeng"), "落": ("luo", "la"), "处": ("chu",), "大": ("da", "dai"),
    "尽": ("jin",), "相": ("xiang",), "将": ("jiang",), "少": ("shao",), "只": ("zhi",), "发": ("fa",),
}


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


@lru_cache(maxsize=65536)
def _common(char: str) -> tuple[str, ...]:
    if not _is_han(char):
        return (char,)
    return POLYPHONES.get(char) or tuple(r for group in pinyin(char, style=Style.NORMAL, errors="ignore") for r in group) \
        or (char,)


@lru_cache(maxsize=65536)
def _readings(char: str, here: str) -> tuple[frozenset[str], frozenset[str]]:
    readings = frozenset((*_common(char), here)) if here else frozenset(_common(char))
    return readings, frozenset(_fold(r) for r in readings)


def _in_context(chars: str) -> list[str]:
    """Each character's reading in this text (pypinyin's phrase dictionary); '' where it has none."""
    blanks: Any = lambda s: ["" for _ in s]  # one empty reading per non-Han character (typed str -> str upstream)
    found = pinyin(chars, style=Style.NORMAL, errors=blanks)
    flat = [group[0] if group else "" for group in found]
    return flat if len(flat) == len(chars) else [""] * len(chars)


def _keep(char: str) -> bool:
    cat = unicodedata.category(char)
    return cat[0] in ("L", "N")  # letters (CJK are Lo) and digits; no spaces, punctuation, symbols


def normalise(text: str) -> str:
    """NFKC, lower case, only letters and digits (what ``units`` keeps)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).lower() if _keep(c))


def units(text: str, cache: ReadingCache | None = None) -> list[Unit]:
    """The text's units; ``cache`` keeps the in-context pinyin of texts seen before (phrase parts)."""
    kept: list[tuple[str, int]] = []
    for pos, raw in enumerate(text):
        for char in unicodedata.normalize("NFKC", raw).lower():
            if _keep(char):
                kept.append((char, pos))
    chars = "".join(c for c, _ in kept)
    known = cache.get(chars) if cache is not None else None
    context = list(known) if known is not None and len(known) == len(chars) else _in_context(chars)
    if cache is not None and known is None:
        cache.put(chars, context)
    out: list[Unit] = []
    for (char, pos), here in zip(kept, context):
        readings, folded = _readings(char, here if _is_han(char) else "")
        out.append(Unit(char, readings, folded, pos))
    return out


def sub_cost(a: Unit, b: Unit) -> float:
    if a.char == b.char or not a.readings.isdisjoint(b.readings):
        return 0.0
    if not a.folded.isdisjoint(b.folded):
        return NEAR_COST
    return 1.0
