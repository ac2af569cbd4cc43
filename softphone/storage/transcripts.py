"""Transcript segments of calls: stored with the call, searchable across calls.

Only finals are stored. The words as spoken are encrypted with the history's
key (``text_enc``); what is indexed for search is the masked text
(``text_masked``: phone, ID and card numbers as 138****5678), so full-text
search never needs the key and a spoken number is never stored in clear.
Without a key only the masked text is kept.

Chinese has no spaces: the index holds one token per CJK character and a
search is a phrase of characters, so a two-character word (逾期) is found.
The tables are created by migration 3 (``schema.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from ..events import TranscriptSegment
from ..privacy import redact
from ..states import AudioChannel, CallId
from .sql import sqlite_errors
from .vault import FieldCipher

__all__ = ["StoredSegment", "TranscriptStore", "fts_text", "SearchHit"]

_CJK = re.compile(r"([\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af])")


def fts_text(text: str) -> str:
    """Text as the index sees it: CJK characters spaced apart."""
    return re.sub(r"\s+", " ", _CJK.sub(r" \1 ", text)).strip()


@dataclass(frozen=True)
class StoredSegment:
    call_id: CallId
    channel: AudioChannel
    segment: int
    start: float
    end: float
    confidence: float
    text: str  # decrypted with the key, else masked


@dataclass(frozen=True)
class SearchHit:
    call_id: CallId
    channel: AudioChannel
    start: float
    text: str  # masked


class TranscriptStore:
    """On the history writer's connection (writes) or any reader's (reads)."""

    def __init__(self, db: sqlite_utils.Database, cipher: FieldCipher | None) -> None:
        self.db, self.cipher = db, cipher

    def add_final(self, seg: TranscriptSegment) -> None:
        masked = redact(seg.text)
        context = f"{seg.call_id}/{seg.channel.value}/{seg.segment}"
        enc = self.cipher.encrypt(seg.text, context) if self.cipher else None
        with sqlite_errors(f"store the transcript of call {seg.call_id}"):
            self.db.execute("DELETE FROM transcripts_fts WHERE rowid IN (SELECT id FROM transcripts"
                            " WHERE call_id = ? AND channel = ? AND segment = ?)",
                            [seg.call_id, seg.channel.value, seg.segment])
            cur = self.db.execute(
                'INSERT OR REPLACE INTO transcripts (call_id, channel, segment, start, "end", confidence, text_masked, text_enc)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [seg.call_id, seg.channel.value, seg.segment, seg.start, seg.end, seg.confidence, masked, enc])
            self.db.execute("INSERT INTO transcripts_fts (rowid, tokens) VALUES (?, ?)", [cur.lastrowid, fts_text(masked)])
            self.db.conn.commit()

    def for_call(self, call_id: CallId) -> list[StoredSegment]:
        with sqlite_errors(f"read the transcript of call {call_id}"):
            rows = self.db.execute(
                'SELECT channel, segment, start, "end", confidence, text_masked, text_enc FROM transcripts'
                " WHERE call_id = ? ORDER BY start, channel", [call_id]).fetchall()
        return [StoredSegment(call_id, AudioChannel(ch), seg, start, end, conf, self._text(call_id, ch, seg, masked, enc))
                for ch, seg, start, end, conf, masked, enc in rows]

    def _text(self, call_id: str, channel: str, segment: int, masked: str, enc: str | None) -> str:
        if enc is None or self.cipher is None:
            return masked
        try:
            return self.cipher.decrypt(enc, f"{call_id}/{channel}/{segment}")
        except Exception:  # noqa: BLE001 - another key: show what is safe
            return masked

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Segments across calls containing ``query`` (masked text), newest call first."""
        phrase = fts_text(redact(query)).replace('"', " ").strip()
        if not phrase:
            return []
        with sqlite_errors("search the transcripts"):
            rows = self.db.execute(
                "SELECT t.call_id, t.channel, t.start, t.text_masked FROM transcripts_fts f"
                " JOIN transcripts t ON t.id = f.rowid JOIN calls c ON c.id = t.call_id"
                " WHERE transcripts_fts MATCH ? ORDER BY c.started_at DESC, t.start LIMIT ?",
                [f'"{phrase}"', limit]).fetchall()
        return [SearchHit(CallId(c), AudioChannel(ch), start, text) for c, ch, start, text in rows]
