"""Ring tone, ringback and the auto-answer beep, as pjsua2 tone generators.

Cadences follow the Chinese national tones (450 Hz, 1 s on, 4 s off) for
ringback; the ring tone is a two-tone warble so it is told apart from it.
Engine thread only.
"""

from __future__ import annotations

import pjsua2 as pj

__all__ = ["Tone", "RING", "RINGBACK", "BEEP"]

# (freq1, freq2, on_ms, off_ms)
RING = [(600, 800, 400, 200), (600, 800, 400, 2000)]
RINGBACK = [(450, 0, 1000, 4000)]
BEEP = [(1000, 0, 180, 0)]


class Tone:
    """A tone generator playing one cadence into a conference sink."""

    def __init__(self, clock_rate: int, cadence: list[tuple[int, int, int, int]], loop: bool) -> None:
        self._gen = pj.ToneGenerator()
        self._gen.createToneGenerator(clock_rate, 1)
        self._cadence = cadence
        self._loop = loop
        self._sinks: list[pj.AudioMedia] = []

    def play_to(self, sink: pj.AudioMedia) -> None:
        tones = pj.ToneDescVector()
        for f1, f2, on, off in self._cadence:
            td = pj.ToneDesc()
            td.freq1, td.freq2, td.on_msec, td.off_msec, td.volume = f1, f2, on, off, 0
            tones.append(td)
        self._gen.play(tones, self._loop)
        self._gen.startTransmit(sink)
        self._sinks.append(sink)

    def stop(self) -> None:
        for sink in self._sinks:
            self._gen.stopTransmit(sink)
        self._sinks.clear()
        self._gen.stop()

    def playing(self) -> bool:
        return bool(self._sinks)
