"""Text as the matcher sees it: one unit per character, with its pronunciations.

Speech recognition writes homophones (上门 -> 尚门), near-homophones (催收 ->
吹收), traditional characters (學), full-width digits (１２) and spaces between
words. ``units`` normalises the text (NFKC, no spaces or punctuation, lower
case) and gives each remaining character the set of its toneless pinyin
readings (all readings: 还 is hai and huan) and the same set with
near-homophones folded together (zh/z, ch/c, sh/s, n/l, h/f initials;
-ng/-n finals), so that the matcher can price a substitution:

* same character, or a shared reading: 0 (a homophone);
* a shared folded reading: ``NEAR_COST`` (a near-homophone);
* otherwise 1.

Each unit remembers where it came from in the original text, so a match can
be shown (highlighted) in the transcript the agent reads.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, pinyin

__all__ = ["Unit", "units", "normalise", "sub_cost", "NEAR_COST"]

NEAR_COST = 0.5
_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"), ("r", "l"))
_FINALS = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"), ("ong", "on"))


@dataclass(frozen=True)
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


@lru_cache(maxsize=65536)
def _readings(char: str) -> tuple[frozenset[str], frozenset[str]]:
    if not ("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"):
        return frozenset({char}), frozenset({char})
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings = frozenset(r for group in found for r in group) or frozenset({char})
    return readings, frozenset(_fold(r) for r in readings)


def _keep(char: str) -> bool:
    cat = unicodedata.category(char)
    return cat[0] in ("L", "N")  # letters (CJK are Lo) and digits; no spaces, punctuation, symbols


def normalise(text: str) -> str:
    """NFKC, lower case, only letters and digits (what ``units`` keeps)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).lower() if _keep(c))


def units(text: str) -> list[Unit]:
    out: list[Unit] = []
    for pos, raw in enumerate(text):
        for char in unicodedata.normalize("NFKC", raw).lower():
            if _keep(char):
                readings, folded = _readings(char)
                out.append(Unit(char, readings, folded, pos))
    return out


def sub_cost(a: Unit, b: Unit) -> float:
    if a.char == b.char or not a.readings.isdisjoint(b.readings):
        return 0.0
    if not a.folded.isdisjoint(b.folded):
        return NEAR_COST
    return 1.0
