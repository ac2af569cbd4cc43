"""Assist alerts stored with their call, and the agent's "this alert is wrong" feedback.

The matched words are kept masked only (``privacy.redact``): an alert row
never holds a raw number. Feedback is kept for rule tuning: which rule, what
it matched, when the agent said it was wrong. The table is created by
migration 4 (``schema.py``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlite_utils

from ..events import PhraseAlert
from ..privacy import redact
from ..states import AudioChannel, CallId
from .sql import sqlite_errors

__all__ = ["StoredAlert", "AlertStore"]


@dataclass(frozen=True)
class StoredAlert:
    id: str
    call_id: CallId
    channel: AudioChannel
    rule_id: str
    category: str
    severity: str
    text: str  # masked
    segment: int
    span: tuple[int, int]
    suggestion: str
    audio_time: float
    wrong: bool


class AlertStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(self, a: PhraseAlert) -> None:
        with sqlite_errors(f"store an alert of call {a.call_id}"):
            self.db.execute(
                "INSERT OR IGNORE INTO alerts (id, call_id, channel, rule_id, category, severity, text_masked, segment,"
                " span_start, span_end, suggestion, audio_time, delay, raised_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [a.alert_id, a.call_id, a.channel.value, a.rule_id, a.category, a.severity, redact(a.text), a.segment,
                 a.span[0], a.span[1], a.suggestion, a.audio_time, a.delay, a.at])
            self.db.conn.commit()

    def mark_wrong(self, alert_id: str, note: str = "") -> bool:
        with sqlite_errors("store the feedback on an alert"):
            cur = self.db.execute("UPDATE alerts SET wrong_at = ?, wrong_note = ? WHERE id = ?",
                                  [time.time(), redact(note), alert_id])
            self.db.conn.commit()
        return cur.rowcount == 1

    def for_call(self, call_id: CallId) -> list[StoredAlert]:
        with sqlite_errors(f"read the alerts of call {call_id}"):
            rows = self.db.execute(
                "SELECT id, call_id, channel, rule_id, category, severity, text_masked, segment, span_start, span_end,"
                " suggestion, audio_time, wrong_at FROM alerts WHERE call_id = ? ORDER BY audio_time", [call_id]).fetchall()
        return [StoredAlert(r[0], CallId(r[1]), AudioChannel(r[2]), r[3], r[4], r[5], r[6], r[7], (r[8], r[9]), r[10],
                            r[11], r[12] is not None) for r in rows]

    def feedback(self) -> list[tuple[str, str, str]]:
        """(rule id, masked words, note) of every alert marked wrong: for tuning the rules."""
        with sqlite_errors("read the alert feedback"):
            rows = self.db.execute(
                "SELECT rule_id, text_masked, COALESCE(wrong_note, '') FROM alerts WHERE wrong_at IS NOT NULL"
                " ORDER BY wrong_at").fetchall()
        return [(str(a), str(b), str(c)) for a, b, c in rows]
