"""Emotion of each side: lexical cues and prosody into a score, with hysteresis.

Per final utterance of one speaker:

* ``lexical``: the rule pack's cues (``emotion.toml``) found in the text and
  the rule categories flagged on it (complaint intent, an agent's threat),
  negative weights minus positive ones, clipped to [-1, 1]; a negated cue
  ("不生气") does not count, intensifiers amplify, repeated refusals add
  (``lexical.py``, which also says why).
* ``arousal``: how far the utterance's pitch, loudness and speech rate are
  above *this speaker's* baseline in this call (the median of their earlier
  utterances, in units of their spread), averaged; 0 until two earlier
  utterances exist. Short utterances weigh less (one loud word).
* utterance score = lexical + ``AROUSAL_WEIGHT`` * arousal, clipped to [-1, 1].

The label follows a moving average of the scores with hysteresis: it turns
negative at ``NEGATIVE_ON`` only when at least two of the last three
utterances scored high, and back to neutral at ``NEGATIVE_OFF``; positive
alike. So one loud word or one curse in a calm call does not flash.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass

from ..states import EmotionLabel
from .lexical import lexical
from .prosody import Prosody
from .rules import Cue

__all__ = ["lexical_score", "EmotionTracker", "Label", "utterance_label"]

Label = EmotionLabel
AROUSAL_WEIGHT = 0.3
NEGATIVE_ON, NEGATIVE_OFF = 0.4, 0.15
POSITIVE_ON, POSITIVE_OFF = -0.35, -0.1
ALPHA = 0.5
_HIGH = 0.3


def lexical_score(text: str, cues: tuple[Cue, ...], channel: str) -> float:
    """The cues alone, without rule categories or earlier utterances (``lexical`` has the reasons)."""
    return lexical(text, cues, channel).score


def utterance_label(score: float) -> Label:
    """For one utterance on its own (``analyze --text``): no history, so plain thresholds."""
    if score >= NEGATIVE_ON:
        return EmotionLabel.NEGATIVE
    if score <= POSITIVE_ON:
        return EmotionLabel.POSITIVE
    return EmotionLabel.NEUTRAL


@dataclass(frozen=True)
class _Sample:
    pitch: float
    level: float
    rate: float


def _z(value: float, history: list[float]) -> float:
    if len(history) < 2 or value <= 0:
        return 0.0
    med = statistics.median(history)
    spread = max(statistics.median(abs(h - med) for h in history) * 1.4826, 0.05 * abs(med), 1e-6)
    return max(-3.0, min(3.0, (value - med) / spread))


class EmotionTracker:
    """One speaker in one call."""

    def __init__(self) -> None:
        self._history: list[_Sample] = []
        self._recent: deque[float] = deque(maxlen=3)
        self.refusal_streak = 0  # this speaker's utterances in a row that held a refusal
        self.average = 0.0
        self.label: Label = EmotionLabel.NEUTRAL

    def arousal(self, prosody: Prosody | None, rate: float, duration: float) -> float:
        if prosody is None or prosody.voiced == 0:
            return 0.0
        sample = _Sample(prosody.pitch_hz, prosody.level_db, rate)
        hist = self._history
        zs = [_z(sample.pitch, [h.pitch for h in hist if h.pitch > 0]),
              _z(sample.level + 120.0, [h.level + 120.0 for h in hist]),
              _z(sample.rate, [h.rate for h in hist if h.rate > 0])]
        self._history.append(sample)
        return sum(zs) / len(zs) * min(1.0, duration / 1.5)

    def add(self, lexical: float, arousal: float) -> tuple[Label, float, bool]:
        """Add an utterance; returns (label, score, changed)."""
        score = max(-1.0, min(1.0, lexical + AROUSAL_WEIGHT * arousal))
        self._recent.append(score)
        self.average = ALPHA * score + (1 - ALPHA) * self.average
        high = sum(1 for s in self._recent if s >= _HIGH)
        low = sum(1 for s in self._recent if s <= -_HIGH)
        label = self.label
        if label is not EmotionLabel.NEGATIVE and self.average >= NEGATIVE_ON and high >= 2:
            label = EmotionLabel.NEGATIVE
        elif label is EmotionLabel.NEGATIVE and self.average <= NEGATIVE_OFF:
            label = EmotionLabel.NEUTRAL
        if label is EmotionLabel.NEUTRAL and self.average <= POSITIVE_ON and low >= 2:
            label = EmotionLabel.POSITIVE
        elif label is EmotionLabel.POSITIVE and self.average >= POSITIVE_OFF:
            label = EmotionLabel.NEUTRAL
        changed = label != self.label
        self.label = label
        return label, score, changed
