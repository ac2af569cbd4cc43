"""The schema of the softphone database: every migration step, frozen as it shipped.

This is the schema's one home. Each step is data: SQL statements (text as it
shipped) and, for a step that rewrites personal data, a function over the
rows that is given what it needs (``Protect``) by the caller. Nothing here
imports the table modules or other domain code (history, transcripts,
alerts, vault, privacy), so a step never changes when today's code does:
it keeps its own copy of every column name it touches.

To change the schema, append a step; never edit a step that has shipped.
Applying the steps (transactions, version table, refusing a newer database)
is ``migrations.py``.

1. ``calls`` with the parties and hand-off headers in clear text.
2. Those columns replaced by masked, encrypted and fingerprinted ones:
   existing rows go through the caller's ``Protect`` (with a cipher it
   encrypts, without one it only masks). Clear columns are dropped with
   ``secure_delete`` on, and ``open_database`` truncates the WAL after, so no
   clear number stays behind in free pages.
3. ``transcripts`` (masked and encrypted text) and its full-text index.
4. ``alerts`` (masked words only) and the agent's feedback on them.
5. The case book: ``cases`` (one encrypted record per case, with masked and
   coarse columns for lists), ``case_keys`` (what a case is found by: number
   fingerprints, last 4 digits, contract numbers, masked names; never a clear
   number) and ``wrapups`` (the agent's wrap-up of a call, its note encrypted).
6. Plan changes: ``plan_reviews`` (plans over the caps, until a reviewer
   decides), ``plan_changes`` (plans the customer confirmed) and ``otp_codes``
   (each code sent, as its HMAC only).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple, Protocol

import sqlite_utils

__all__ = [
    "LATEST_VERSION",
    "STEPS",
    "Migration",
    "Protect",
    "Protected",
    "Step",
    "migrations",
]

_log = logging.getLogger(__name__)

Migration = tuple[int, str, Callable[[sqlite_utils.Database], None]]


class Protected(NamedTuple):
    """The stored form of one personal field."""

    masked: str  # "" where the step keeps no masked column
    ciphertext: str | None  # None: nothing to encrypt, or no key
    fingerprint: str  # "" where the step keeps no fingerprint


class Protect(Protocol):
    """Turns one clear field of a call into its stored form.

    ``field`` is one of ``remote``, ``display``, ``local``, ``headers``: what
    the value is (how to mask it) and the context it is encrypted with.
    """

    def __call__(self, call_id: str, field: str, value: str) -> Protected: ...


Rewrite = Callable[[sqlite_utils.Database, Protect], None]


@dataclass(frozen=True)
class Step:
    """One shipped step: ``sql``, then ``rewrite`` (if any), then ``after``."""

    version: int
    name: str
    sql: tuple[str, ...]
    rewrite: Rewrite | None = None
    after: tuple[str, ...] = ()


# -- 1. create calls --------------------------------------------------------------

CREATE_CALLS: Final[tuple[str, ...]] = (
    """
        CREATE TABLE calls (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
            local_uri TEXT NOT NULL DEFAULT '',
            remote_uri TEXT NOT NULL DEFAULT '',
            remote_display TEXT NOT NULL DEFAULT '',
            sip_call_id TEXT NOT NULL DEFAULT '',
            started_at REAL NOT NULL,
            answered_at REAL,
            ended_at REAL,
            end_code INTEGER,
            end_reason TEXT,
            handoff_headers TEXT NOT NULL DEFAULT '[]',
            missed INTEGER NOT NULL DEFAULT 0 CHECK (missed IN (0, 1))
        )
        """,
    "CREATE INDEX idx_calls_started_at ON calls (started_at)",
    "CREATE INDEX idx_calls_direction ON calls (direction)",
)

# -- 2. protect parties and headers -------------------------------------------------

PROTECT_CALLS_ADD: Final[tuple[str, ...]] = (
    "ALTER TABLE calls ADD COLUMN remote_masked TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE calls ADD COLUMN remote_enc TEXT",
    "ALTER TABLE calls ADD COLUMN remote_fp TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE calls ADD COLUMN display_masked TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE calls ADD COLUMN display_enc TEXT",
    "ALTER TABLE calls ADD COLUMN local_masked TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE calls ADD COLUMN local_enc TEXT",
    "ALTER TABLE calls ADD COLUMN headers_enc TEXT",
)
PROTECT_CALLS_DROP: Final[tuple[str, ...]] = (
    "ALTER TABLE calls DROP COLUMN remote_uri",
    "ALTER TABLE calls DROP COLUMN remote_display",
    "ALTER TABLE calls DROP COLUMN local_uri",
    "ALTER TABLE calls DROP COLUMN handoff_headers",
    "CREATE INDEX idx_calls_remote_fp ON calls (remote_fp)",
)


class _Field(NamedTuple):
    """Where migration 2 reads one field and writes its stored form."""

    name: str  # what ``Protect`` is told
    clear: str
    masked: str | None
    encrypted: str
    fingerprint: str | None


_PROTECTED_FIELDS: Final[tuple[_Field, ...]] = (
    _Field("remote", "remote_uri", "remote_masked", "remote_enc", "remote_fp"),
    _Field("display", "remote_display", "display_masked", "display_enc", None),
    _Field("local", "local_uri", "local_masked", "local_enc", None),
    _Field("headers", "handoff_headers", None, "headers_enc", None),
)


def _stored_columns(protect: Protect, call_id: str, values: Sequence[Any]) -> dict[str, str | None]:
    """The protected columns of one row, from its clear ``values``."""
    columns: dict[str, str | None] = {}
    for field, value in zip(_PROTECTED_FIELDS, values, strict=True):
        stored = protect(call_id, field.name, value)
        if field.masked:
            columns[field.masked] = stored.masked
        columns[field.encrypted] = stored.ciphertext
        if field.fingerprint:
            columns[field.fingerprint] = stored.fingerprint
    return columns


def _protect_calls(db: sqlite_utils.Database, protect: Protect) -> None:
    clear = ", ".join(field.clear for field in _PROTECTED_FIELDS)
    rows = db.execute(f"SELECT id, {clear} FROM calls").fetchall()
    encrypted = False
    for call_id, *values in rows:
        columns = _stored_columns(protect, call_id, values)
        assignments = ", ".join(f"{name} = ?" for name in columns)
        db.execute(f"UPDATE calls SET {assignments} WHERE id = ?", [*columns.values(), call_id])
        encrypted = encrypted or any(columns[field.encrypted] for field in _PROTECTED_FIELDS)
    _log.info("call history: %d call(s) %s", len(rows), "encrypted" if encrypted else "masked")


# -- 3. create transcripts --------------------------------------------------------

CREATE_TRANSCRIPTS: Final[tuple[str, ...]] = (
    """
        CREATE TABLE transcripts (
            id INTEGER PRIMARY KEY,
            call_id TEXT NOT NULL REFERENCES calls(id),
            channel TEXT NOT NULL,
            segment INTEGER NOT NULL,
            start REAL NOT NULL,
            "end" REAL NOT NULL,
            confidence REAL NOT NULL,
            text_masked TEXT NOT NULL,
            text_enc TEXT,
            UNIQUE (call_id, channel, segment)
        )""",
    "CREATE INDEX transcripts_call ON transcripts(call_id, start)",
    "CREATE VIRTUAL TABLE transcripts_fts USING fts5(tokens)",  # masked text only
)

# -- 4. create alerts -------------------------------------------------------------

CREATE_ALERTS: Final[tuple[str, ...]] = (
    """
        CREATE TABLE alerts (
            id TEXT PRIMARY KEY,
            call_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            rule_id TEXT NOT NULL,
            category TEXT NOT NULL,
            severity TEXT NOT NULL,
            text_masked TEXT NOT NULL,
            segment INTEGER NOT NULL,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            suggestion TEXT NOT NULL,
            audio_time REAL NOT NULL,
            delay REAL NOT NULL,
            raised_at REAL NOT NULL,
            wrong_at REAL,
            wrong_note TEXT
        )""",
    "CREATE INDEX alerts_call ON alerts(call_id, audio_time)",
)

# -- 5. create the case book -------------------------------------------------------

CREATE_CASES: Final[tuple[str, ...]] = (
    """
        CREATE TABLE cases (
            case_id TEXT PRIMARY KEY,
            name_masked TEXT NOT NULL,
            stage TEXT NOT NULL,
            days_overdue INTEGER NOT NULL,
            balance_fen INTEGER NOT NULL,
            source TEXT NOT NULL,
            updated_at REAL NOT NULL,
            fetched_at REAL,
            record_enc TEXT NOT NULL
        )""",
    """
        CREATE TABLE case_keys (
            case_id TEXT NOT NULL REFERENCES cases(case_id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (kind, value, case_id)
        ) WITHOUT ROWID""",
    "CREATE INDEX case_keys_case ON case_keys(case_id)",
    """
        CREATE TABLE wrapups (
            call_id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL,
            disposition TEXT NOT NULL,
            promise_due TEXT,
            promise_amount_fen INTEGER,
            callback_at REAL,
            note_enc TEXT,
            score INTEGER NOT NULL,
            score_parts TEXT NOT NULL,
            created_at REAL NOT NULL
        )""",
    "CREATE INDEX wrapups_case ON wrapups(case_id, created_at)",
)

# -- 6. plan changes ---------------------------------------------------------------

CREATE_PLANS: Final[tuple[str, ...]] = (
    """
        CREATE TABLE plan_reviews (
            review_id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL,
            call_id TEXT NOT NULL,
            plan_hash TEXT NOT NULL,
            terms TEXT NOT NULL,
            reasons TEXT NOT NULL,
            queued_at REAL NOT NULL,
            state TEXT NOT NULL,
            reviewer TEXT,
            decided_at REAL,
            note TEXT
        )""",
    "CREATE INDEX plan_reviews_plan ON plan_reviews(case_id, plan_hash)",
    """
        CREATE TABLE plan_changes (
            plan_id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL,
            call_id TEXT NOT NULL,
            plan_hash TEXT NOT NULL,
            terms TEXT NOT NULL,
            totals TEXT NOT NULL,
            apr TEXT NOT NULL,
            confirmed_by TEXT NOT NULL,
            confirmed_at REAL NOT NULL
        )""",
    "CREATE INDEX plan_changes_case ON plan_changes(case_id, confirmed_at)",
    """
        CREATE TABLE otp_codes (
            challenge_id TEXT PRIMARY KEY,
            call_id TEXT NOT NULL,
            case_id TEXT NOT NULL,
            plan_hash TEXT NOT NULL,
            code_mac TEXT NOT NULL,
            issued_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            tries_left INTEGER NOT NULL,
            state TEXT NOT NULL
        )""",
)

# -- every step -------------------------------------------------------------------

STEPS: Final[tuple[Step, ...]] = (
    Step(1, "create calls", CREATE_CALLS),
    Step(2, "protect parties and headers", PROTECT_CALLS_ADD, _protect_calls, PROTECT_CALLS_DROP),
    Step(3, "create transcripts", CREATE_TRANSCRIPTS),
    Step(4, "create alerts", CREATE_ALERTS),
    Step(5, "create the case book", CREATE_CASES),
    Step(6, "create the plan changes", CREATE_PLANS),
)
LATEST_VERSION: Final[int] = STEPS[-1].version


def migrations(protect: Protect) -> list[Migration]:
    """Every step as ``(version, name, fn)``, those that rewrite rows bound to ``protect``."""
    return [(step.version, step.name, functools.partial(_run, step, protect)) for step in STEPS]


def _run(step: Step, protect: Protect, db: sqlite_utils.Database) -> None:
    for statement in step.sql:
        db.execute(statement)
    if step.rewrite is not None:
        step.rewrite(db, protect)
    for statement in step.after:
        db.execute(statement)
