"""Agent pacing: speaking too fast or too slow, long silences, talking over the customer.

Fed with per-frame voice activity of both sides (from the call's taps) and
the agent's final utterances. Each finding is returned once per episode:

* ``too_fast`` / ``too_slow``: two agent utterances in a row (of at least
  ``MIN_UTTERANCE_S``) faster than ``FAST`` or slower than ``SLOW``
  characters per second (Mandarin conversation is about 3.5-5.5);
* ``long_silence``: nobody has spoken for ``SILENCE_S`` seconds, counted
  from the first frame the monitor is given (the service starts one when
  the call is answered: ringing is no silence of the agent's);
* ``talk_over``: the agent speaks while the customer speaks for
  ``OVERLAP_S`` seconds in a row (then not again for ``REPEAT_S``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..states import PacingKind

__all__ = ["Pacing", "PacingMonitor"]

FAST, SLOW = 6.5, 2.0
MIN_UTTERANCE_S = 1.2
SILENCE_S = 8.0
OVERLAP_S = 1.5
REPEAT_S = 10.0


@dataclass(frozen=True)
class Pacing:
    kind: PacingKind
    value: float  # characters per second, or seconds
    audio_time: float


class PacingMonitor:
    def __init__(self) -> None:
        self._voice_at = {"agent": 0.0, "customer": 0.0}
        self._started = False
        self._voiced = {"agent": False, "customer": False}
        self._silence_told = False
        self._overlap_from: float | None = None
        self._overlap_told_at = -REPEAT_S
        self._rates: list[PacingKind | None] = []  # None: a rate in the range
        self._last_t = 0.0

    def heard(self, channel: str) -> None:
        """Speech known otherwise than from the audio (the demo's scripted transcript): ``channel`` speaks now."""
        self._voice_at[channel] = max(self._voice_at[channel], self._last_t)
        self._silence_told = False

    def frame(self, channel: str, t: float, voiced: bool) -> Pacing | None:
        """One 20 ms frame of one side (``t``: call time of its start)."""
        self._last_t = t
        if not self._started:  # the call time may not start at 0: silence counts from here
            self._started = True
            self._voice_at = dict.fromkeys(self._voice_at, t)
        self._voiced[channel] = voiced
        if voiced:
            self._voice_at[channel] = t
            self._silence_told = False
        quiet = t - max(self._voice_at.values())
        if not self._silence_told and quiet >= SILENCE_S:
            self._silence_told = True
            return Pacing(PacingKind.LONG_SILENCE, round(quiet, 1), t)
        return self._overlap(t) if channel == "agent" else None

    def _overlap(self, t: float) -> Pacing | None:
        both = self._voiced["agent"] and t - self._voice_at["customer"] < 0.1
        if not both:
            self._overlap_from = None
            return None
        if self._overlap_from is None:
            self._overlap_from = t
        length = t - self._overlap_from
        if length >= OVERLAP_S and t - self._overlap_told_at >= REPEAT_S:
            self._overlap_told_at = t
            return Pacing(PacingKind.TALK_OVER, round(length, 1), t)
        return None

    def utterance(self, rate: float, duration: float, end: float) -> Pacing | None:
        """One final agent utterance: ``rate`` characters per second over ``duration`` seconds."""
        if duration < MIN_UTTERANCE_S or rate <= 0:
            return None
        kind = PacingKind.TOO_FAST if rate > FAST else PacingKind.TOO_SLOW if rate < SLOW else None
        self._rates.append(kind)
        if kind is not None and self._rates[-2:] == [kind, kind] and (len(self._rates) < 3 or self._rates[-3] != kind):
            return Pacing(kind, round(rate, 1), end)
        return None
