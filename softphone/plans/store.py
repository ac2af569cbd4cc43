"""Plan changes in the softphone database (schema step 6): the review queue, confirmed plans, code records.

* ``plan_reviews``: plans over the rate or APR caps, with their reasons, until
  a reviewer approves or rejects them (an approved plan may then be sent to
  the customer for the code, on any later call);
* ``plan_changes``: the plans customers confirmed, with the case, the call and
  how the code came (keyed on the phone, or read out and typed);
* ``otp_codes``: each code sent, as its HMAC only (``compliance.otp``), with the
  call, case, plan hash, expiry, tries left and how it ended.

Terms and totals are JSON of amounts, rates and dates: no name, number or
code. A reviewer's note is masked (``privacy.redact``) before it is kept.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ..compliance.otp import Challenge
from ..privacy import redact
from ..storage.db import open_database
from ..storage.sql import sqlite_errors, write_transaction

__all__ = ["PlanStore", "ReviewRecord", "PlanRecord", "ReviewState"]


class ReviewState:
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ReviewRecord:
    review_id: str
    case_id: str
    call_id: str
    plan_hash: str
    terms: dict[str, object]
    reasons: tuple[str, ...]
    queued_at: float
    state: str = ReviewState.PENDING
    reviewer: str = ""
    decided_at: float | None = None
    note: str = ""


@dataclass(frozen=True)
class PlanRecord:
    plan_id: str
    case_id: str
    call_id: str
    plan_hash: str
    terms: dict[str, object]
    totals: dict[str, object]
    apr: str
    confirmed_by: str  # "dtmf" or "typed"
    confirmed_at: float


class PlanStore:
    """The plan tables of one database file; use from one thread (the plan desk's)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    @classmethod
    def open(cls, path: str | Path) -> PlanStore:
        return cls(open_database(path))

    def close(self) -> None:
        self._db.conn.close()

    @contextmanager
    def _writing(self, what: str) -> Iterator[sqlite_utils.Database]:
        with sqlite_errors(what), write_transaction(self._db) as db:
            yield db

    def queue_review(self, case_id: str, call_id: str, plan_hash: str, terms: dict[str, object],
                     reasons: tuple[str, ...]) -> ReviewRecord:
        record = ReviewRecord(uuid.uuid4().hex[:12], case_id, call_id, plan_hash, terms, reasons, time.time())
        with self._writing("queue a plan for review") as db:
            db.execute("INSERT INTO plan_reviews (review_id, case_id, call_id, plan_hash, terms, reasons, queued_at,"
                       " state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [record.review_id, case_id, call_id, plan_hash, json.dumps(terms),
                        json.dumps(list(reasons), ensure_ascii=False), record.queued_at, record.state])
        return record

    def reviews(self, state: str | None = None) -> list[ReviewRecord]:
        sql = "SELECT * FROM plan_reviews" + (" WHERE state = ?" if state else "") + " ORDER BY queued_at"
        with sqlite_errors("read the review queue"):
            rows = self._db.execute(sql, [state] if state else []).fetchall()
        return [_review(r) for r in rows]

    def review(self, review_id: str) -> ReviewRecord | None:
        with sqlite_errors("read a review"):
            row = self._db.execute("SELECT * FROM plan_reviews WHERE review_id = ?", [review_id]).fetchone()
        return _review(row) if row else None

    def decide(self, review_id: str, approve: bool, reviewer: str, note: str = "") -> ReviewRecord | None:
        """Record a reviewer's decision on a pending review; None when there is no such pending review."""
        state = ReviewState.APPROVED if approve else ReviewState.REJECTED
        with self._writing("record a review decision") as db:
            cursor = db.execute("UPDATE plan_reviews SET state = ?, reviewer = ?, decided_at = ?, note = ? "
                                "WHERE review_id = ? AND state = ?",
                                [state, reviewer, time.time(), redact(note)[:500], review_id, ReviewState.PENDING])
            changed = cursor.rowcount
        return self.review(review_id) if changed else None

    def approved(self, case_id: str, plan_hash: str) -> bool:
        return self.review_state(case_id, plan_hash) == ReviewState.APPROVED

    def review_state(self, case_id: str, plan_hash: str) -> str | None:
        """The newest review's state for this plan of this case; None when it was never queued."""
        with sqlite_errors("read the review queue"):
            row = self._db.execute("SELECT state FROM plan_reviews WHERE case_id = ? AND plan_hash = ? "
                                   "ORDER BY queued_at DESC LIMIT 1", [case_id, plan_hash]).fetchone()
        return str(row[0]) if row else None

    def save_plan(self, case_id: str, call_id: str, plan_hash: str, terms: dict[str, object],
                  totals: dict[str, object], apr: str, confirmed_by: str) -> PlanRecord:
        record = PlanRecord(uuid.uuid4().hex[:12], case_id, call_id, plan_hash, terms, totals, apr, confirmed_by,
                            time.time())
        with self._writing("store the confirmed plan") as db:
            db.execute("INSERT INTO plan_changes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [record.plan_id, case_id, call_id, plan_hash, json.dumps(terms), json.dumps(totals), apr,
                        confirmed_by, record.confirmed_at])
        return record

    def plans_of(self, case_id: str) -> list[PlanRecord]:
        with sqlite_errors("read the case's plans"):
            rows = self._db.execute("SELECT * FROM plan_changes WHERE case_id = ? ORDER BY confirmed_at",
                                    [case_id]).fetchall()
        return [PlanRecord(r[0], r[1], r[2], r[3], json.loads(r[4]), json.loads(r[5]), r[6], r[7], r[8])
                for r in rows]

    def save_challenge(self, c: Challenge) -> None:
        with self._writing("record a code") as db:
            db.execute("INSERT OR REPLACE INTO otp_codes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [c.challenge_id, c.call_id, c.case_id, c.plan_hash, c.code_mac, c.issued_at, c.expires_at,
                        c.tries_left, c.state.value])


def _review(r: tuple[object, ...]) -> ReviewRecord:
    return ReviewRecord(str(r[0]), str(r[1]), str(r[2]), str(r[3]), json.loads(str(r[4])),
                        tuple(json.loads(str(r[5]))), float(str(r[6])), str(r[7]), str(r[8] or ""),
                        float(str(r[9])) if r[9] is not None else None, str(r[10] or ""))
