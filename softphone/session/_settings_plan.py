"""Which part of a running session a changed setting needs restarted.

``plan(changed_keys)`` answers, from the names ``settings.changed_keys``
gives. Nothing that restarts is ever restarted while a call is up: the
session defers it to the end of the last call (``SettingsChanged`` with
``DEFERRED``, then ``APPLIED``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["Part", "SettingsPlan", "plan"]


class Part(str, Enum):
    """What a setting belongs to, from the cheapest to the dearest to restart."""

    FRONT_END = "front_end"  # shown by the window only: nothing to restart
    DEVICES = "devices"  # switched live, even in a call
    RULES = "rules"  # the phrase pack: reloaded between calls
    CASES = "cases"  # the case source and wrap-up rules: reopened between calls
    SPEECH = "speech"  # the speech model and transcription: between calls
    ENGINE = "engine"  # SIP, sound clock, storage: the engine restarts between calls


_LIVE_DEVICES = frozenset({"audio.input_device", "audio.output_device", "audio.ringer_device"})
# [sms] is read at each code sent (session._plans): nothing to restart
_BY_SECTION = {"general": Part.FRONT_END, "asr": Part.SPEECH, "cases": Part.CASES, "sms": Part.FRONT_END,
               "guard": Part.CASES}  # the guard desk reopens with the case desk, between calls
_BY_KEY = {"assist.alert_sound": Part.FRONT_END, "assist.rules_language": Part.RULES}


def part_of(key: str) -> Part:
    if key in _LIVE_DEVICES:
        return Part.DEVICES
    if key in _BY_KEY:
        return _BY_KEY[key]
    return _BY_SECTION.get(key.split(".", 1)[0], Part.ENGINE)


@dataclass(frozen=True)
class SettingsPlan:
    keys: frozenset[str]
    parts: frozenset[Part]

    @property
    def restarts(self) -> frozenset[Part]:
        """The parts that must wait until no call is up."""
        return self.parts & {Part.RULES, Part.CASES, Part.SPEECH, Part.ENGINE}


def plan(keys: frozenset[str]) -> SettingsPlan:
    return SettingsPlan(keys, frozenset(part_of(k) for k in keys))
