"""Read models: what a front end is given to show, already masked.

A row of the call history, a line of a stored transcript and a search hit
are built here from the storage records, with the masking rules applied
(``compliance.masking``): a front end never holds a clear number, a clear
name or a clear hand-off header, and never decides whether a call back is
allowed: ``HistoryRow.can_redial`` says it, and ``Session.redial`` dials.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..privacy import mask_display, mask_text, redact, uri_user
from ..states import AudioChannel, CallDirection, CallId
from ..storage.history import CallRecord
from ..storage.transcripts import SearchHit, StoredSegment

__all__ = ["HistoryRow", "TranscriptLine", "TranscriptHit", "history_row", "transcript_line", "transcript_hit",
           "HANDOFF_REASON"]

HANDOFF_REASON = "X-Handoff-Reason"


@dataclass(frozen=True)
class HistoryRow:
    """One past call as the history shows it."""

    call_id: CallId
    direction: CallDirection
    name: str  # 张*, or "" when none was sent
    number: str  # 138****5678
    party_uri: str  # the masked URI, for a tooltip
    handoff_reason: str  # masked; "" when not kept (no key) or none
    started_at: float
    answered_at: float | None
    ended_at: float | None
    end_code: int | None
    end_reason: str  # masked
    missed: bool
    can_redial: bool  # the full number is kept (encrypted) and can be dialled
    disposition: str = ""  # the wrap-up's (``Disposition`` value), "" when none
    score: int | None = None  # the call's collection score, when wrapped up
    plan_changed: bool = False  # the customer confirmed a new repayment plan on this call

    @property
    def party(self) -> str:
        """``张* · 138****5678``."""
        return f"{self.name} · {self.number}" if self.name and self.name != self.number else self.number


@dataclass(frozen=True)
class TranscriptLine:
    """One final utterance of a stored call."""

    call_id: CallId
    channel: AudioChannel
    segment: int
    start: float
    text: str  # numbers read out are masked


@dataclass(frozen=True)
class TranscriptHit:
    call_id: CallId
    channel: AudioChannel
    start: float
    text: str  # masked


def history_row(record: CallRecord, keeps_full_numbers: bool, disposition: str = "",
                score: int | None = None, plan_changed: bool = False) -> HistoryRow:
    number = uri_user(record.remote_masked) or record.remote_masked
    clear_user = uri_user(record.remote_uri) if record.remote_uri else ""
    return HistoryRow(
        call_id=record.id, direction=record.direction, name=mask_display(record.remote_display),
        number=redact(number), party_uri=mask_text(record.remote_masked),
        handoff_reason=mask_text(record.header(HANDOFF_REASON) or ""), started_at=record.started_at,
        answered_at=record.answered_at, ended_at=record.ended_at, end_code=record.end_code,
        end_reason=mask_text(record.end_reason or ""), missed=record.missed,
        can_redial=keeps_full_numbers and bool(clear_user) and "*" not in clear_user,
        disposition=disposition, score=score, plan_changed=plan_changed)


def transcript_line(segment: StoredSegment) -> TranscriptLine:
    return TranscriptLine(segment.call_id, segment.channel, segment.segment, segment.start, redact(segment.text))


def transcript_hit(hit: SearchHit) -> TranscriptHit:
    return TranscriptHit(hit.call_id, hit.channel, hit.start, redact(hit.text))
