"""What the administrator allows with recordings: how long they are kept, who may play or export them.

The ``[recordings]`` section of the administrator's policy file (the same file
as the dialing guard's: ``compliance/guard/policy.py`` says where it is and
that it must be root's)::

    [recordings]
    keep_years = 5            # at least 5 (the rules ask for 5); then deleted, each deletion audited
    agents_may_play = false   # the agent plays back their own calls
    export_allowed = false    # `recordings export` on this computer (a QA or compliance seat)
    notice = "beep"           # at the answer: "beep", "announcement" or "none" (recording/notice.py)
    announcement = ""         # with notice = "announcement": a WAV file; empty: the shipped Mandarin one

A file that cannot be used leaves the built-in policy: kept 5 years, no
playback, no export, the beep at the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..compliance.guard.policy import policy_path, read_section
from ..errors import GuardPolicyError
from ..states import NoticeKind

__all__ = ["RecordingPolicy", "load_recording_policy", "MIN_YEARS"]

MIN_YEARS = 5


@dataclass(frozen=True)
class RecordingPolicy:
    keep_years: int = MIN_YEARS
    agents_may_play: bool = False
    export_allowed: bool = False
    notice: NoticeKind = NoticeKind.BEEP
    announcement: str = ""  # a WAV file for NoticeKind.ANNOUNCEMENT; empty: the shipped one
    source: str = "built-in"


def load_recording_policy(path: Path | None = None) -> RecordingPolicy:
    """The ``[recordings]`` policy; the built-in one without a file. GuardPolicyError for a bad one."""
    path = path or policy_path()
    if not path.exists():
        return RecordingPolicy()
    section: Any = read_section(path, "recordings")
    if not isinstance(section, dict):
        raise GuardPolicyError(f"{path}: [recordings] must be a table")
    years = section.get("keep_years", MIN_YEARS)
    if isinstance(years, bool) or not isinstance(years, int) or years < MIN_YEARS:
        raise GuardPolicyError(f"{path}: keep_years must be a whole number of at least {MIN_YEARS}")
    flags = {k: section.get(k, False) for k in ("agents_may_play", "export_allowed")}
    if not all(isinstance(v, bool) for v in flags.values()):
        raise GuardPolicyError(f"{path}: agents_may_play and export_allowed are true or false")
    notice, announcement = _notice(path, section)
    return RecordingPolicy(years, flags["agents_may_play"], flags["export_allowed"], notice, announcement, str(path))


def _notice(path: Path, section: dict[str, Any]) -> tuple[NoticeKind, str]:
    try:
        kind = NoticeKind(section.get("notice", NoticeKind.BEEP.value))
    except ValueError:
        raise GuardPolicyError(f"{path}: notice is one of " + ", ".join(k.value for k in NoticeKind)) from None
    announcement = section.get("announcement", "")
    if not isinstance(announcement, str):
        raise GuardPolicyError(f"{path}: announcement is the path of a WAV file")
    if announcement and not Path(announcement).is_file():
        raise GuardPolicyError(f"{path}: the announcement {announcement} is not a file")
    return kind, announcement
