"""Emotion of single utterances: accuracy per speaker and class on the labelled Mandarin sets.

* ``sets.blind``: ``tests/assist/emotion_zh_blind.tsv``, written before the
  lexicon was read or tuned; only ever counted (its misses are not printed).
* ``sets.dev``: ``tests/assist/emotion_zh_dev.tsv``, the lines the lexicon
  was tuned on; its misses go to stderr.

Each line is labelled as ``analyze --text`` labels it (``softphone.assist.
emotion_eval``): the shipped Chinese pack's cues and the rule categories the
phrase matcher flags, no voice, no earlier lines. Per speaker and expected
class: lines, accuracy (the share labelled that class) and the confusion
row; ``cues_only`` is the same without the rule categories (what the
complaint/threat rules add). ``ms_per_utterance``: matcher and score, per
line.

Output: one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, emit, note, summary  # noqa: E402

sys.path.insert(0, str(ROOT))
from softphone.assist.emotion_eval import (CLASSES, SPEAKERS, EmotionLine, EmotionScores,  # noqa: E402
                                           evaluate_emotion, read_emotion_set)
from softphone.assist.matcher import PhraseMatcher  # noqa: E402
from softphone.assist.rules import RulePack, load_pack, pack_dir  # noqa: E402

SETS = {"blind": ROOT / "tests" / "assist" / "emotion_zh_blind.tsv",
        "dev": ROOT / "tests" / "assist" / "emotion_zh_dev.tsv"}


def _per_speaker(scores: EmotionScores) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for speaker in SPEAKERS:
        out[speaker] = {cls: {"lines": scores.count(speaker, cls), "accuracy": _round(scores.accuracy(speaker, cls)),
                              "labelled": {got: scores.confusion[(speaker, cls, got)] for got in CLASSES}}
                        for cls in CLASSES if scores.count(speaker, cls)}
    return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _overall(scores: EmotionScores, lines: int) -> float:
    right = sum(scores.confusion[(s, c, c)] for s in SPEAKERS for c in CLASSES)
    return round(right / lines, 3) if lines else 0.0


def measure(name: str, items: list[EmotionLine], pack: RulePack, matcher: PhraseMatcher) -> dict[str, Any]:
    scores = evaluate_emotion(items, pack, matcher)
    cues_only = evaluate_emotion(items, pack, None)
    note(f"{name}: {len(items)} lines, accuracy {_overall(scores, len(items))} "
         f"(cues only {_overall(cues_only, len(items))})")
    for speaker in SPEAKERS:
        note("  " + speaker + ": " + ", ".join(f"{c} {scores.accuracy(speaker, c) or 0:.3f}" for c in CLASSES))
    if name == "dev":
        for item, got in scores.mistakes:
            note(f"  dev miss, line {item.line}: {item.speaker} {item.expected} -> {got} ({item.kind}) {item.text}")
    return {"file": str(SETS[name].relative_to(ROOT)), "lines": len(items), "accuracy": _overall(scores, len(items)),
            "per_speaker": _per_speaker(scores), "cues_only": {"accuracy": _overall(cues_only, len(items)),
                                                                "per_speaker": _per_speaker(cues_only)}}


def timing(items: list[EmotionLine], pack: RulePack, matcher: PhraseMatcher, rounds: int) -> dict[str, Any]:
    times: list[float] = []
    for _ in range(rounds):
        for item in items:
            t0 = time.perf_counter()
            evaluate_emotion([item], pack, matcher)
            times.append((time.perf_counter() - t0) * 1000)
    return summary(times, 3)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="one timing round instead of three")
    args = ap.parse_args()
    pack = load_pack(pack_dir("zh"))
    matcher = PhraseMatcher(pack.rules)
    sets = {name: read_emotion_set(path) for name, path in SETS.items()}
    result: dict[str, Any] = {"benchmark": "emotion", "pack": f"zh {pack.version}", "problems": []}
    result["sets"] = {name: measure(name, items, pack, matcher) for name, items in sets.items()}
    result["ms_per_utterance"] = timing(sets["dev"], pack, matcher, 1 if args.quick else 3)
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
