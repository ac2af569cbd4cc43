"""The contact ledger: every attempt to reach a debtor, shared by all who dial.

One ledger serves every agent and the AI voice bot, so a cap counts all of their
calls. Two back ends with the same tables: SQLite (the embedded default, one
agent: ``<data_dir>/contact-ledger.db``) and PostgreSQL (a team: one URL in
settings, the password in the keyring). ``begin`` is the check and the record
in one transaction, under a lock per debtor (SQLite: ``BEGIN IMMEDIATE``, one
writer at a time; PostgreSQL: ``pg_advisory_xact_lock`` on the case id), so two
agents dialling the same debtor at the same moment cannot both pass a cap: the
second sees the first's attempt in progress.

No phone number is stored: a number is kept as an HMAC-SHA256 fingerprint under
a key held in the ledger itself (``guard_meta``), the same for every machine on a
shared ledger. Whoever can read the ledger could still test candidate numbers
against it, so the database is access-controlled like the case source.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ...errors import LedgerUnavailable
from ...i18n import N_
from ...storage.vault import normalise_number
from .policy import GuardPolicy
from .rules import Attempt, Decision, Facts, Outcome, Quiet, Target, decide, local_day

__all__ = ["ContactLedger", "SqliteLedger", "PostgresLedger", "LEDGER_FILE"]

LEDGER_FILE = "contact-ledger.db"

_TABLES = (
    "CREATE TABLE IF NOT EXISTS guard_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS guard_attempts (id {serial} PRIMARY KEY, case_id TEXT NOT NULL, "
    "number_fp TEXT NOT NULL, source TEXT NOT NULL, agent TEXT NOT NULL, call_ref TEXT NOT NULL DEFAULT '', "
    "started_at DOUBLE PRECISION NOT NULL, answered_at DOUBLE PRECISION, ended_at DOUBLE PRECISION, "
    "outcome TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS guard_attempts_case ON guard_attempts (case_id, started_at)",
    "CREATE INDEX IF NOT EXISTS guard_attempts_number ON guard_attempts (number_fp, started_at)",
    "CREATE TABLE IF NOT EXISTS guard_quiet (id {serial} PRIMARY KEY, case_id TEXT NOT NULL, "
    "start_at DOUBLE PRECISION NOT NULL, end_at DOUBLE PRECISION NOT NULL, set_by TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS guard_quiet_case ON guard_quiet (case_id, end_at)",
    "CREATE TABLE IF NOT EXISTS guard_dnc (number_fp TEXT PRIMARY KEY, set_at DOUBLE PRECISION NOT NULL, "
    "set_by TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '')",
)


class ContactLedger(ABC):
    """The shared record of attempts; one thread uses an instance (the guard desk's)."""

    _serial = "INTEGER"

    def __init__(self) -> None:
        self._key: bytes | None = None
        self._lock = threading.Lock()

    # -- the back end ---------------------------------------------------------------------
    @abstractmethod
    def _conn(self) -> Any: ...

    @abstractmethod
    @contextmanager
    def _transaction(self, case_id: str = "") -> Iterator[Any]:
        """A transaction (a cursor-like object with ``execute``), locked per ``case_id`` when given."""

    @abstractmethod
    def close(self) -> None: ...

    def _sql(self, text: str) -> str:
        return text

    def _run(self, cur: Any, sql: str, args: Sequence[Any] = ()) -> Any:
        return cur.execute(self._sql(sql), tuple(args))

    # -- set-up -----------------------------------------------------------------------------
    def _create(self) -> None:
        with self._transaction("guard schema") as cur:  # two first starts at once create the tables once
            for ddl in _TABLES:
                self._run(cur, ddl.format(serial=self._serial))
            self._run(cur, "INSERT INTO guard_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                      ("number_key", secrets.token_hex(32)))
            self._key = bytes.fromhex(self._run(cur, "SELECT value FROM guard_meta WHERE key = ?",
                                                ("number_key",)).fetchone()[0])

    def fingerprint(self, number: str) -> str:
        """The ledger's fingerprint of ``number`` (normalised digits); "" when it has none."""
        digits = normalise_number(number)
        if not digits or self._key is None:
            return ""
        return hmac.new(self._key, digits.encode("ascii"), hashlib.sha256).hexdigest()

    # -- decisions --------------------------------------------------------------------------
    def check(self, policy: GuardPolicy, target: Target, at: float) -> Decision:
        """What ``begin`` would say now, without holding anything."""
        with self._transaction() as cur:
            return decide(policy, target, self._facts(cur, policy, target, at), at)

    def begin(self, policy: GuardPolicy, target: Target, at: float, *, source: str, agent: str,
              call_ref: str = "") -> Decision:
        """Check and, if allowed, record a pending attempt: one transaction under the debtor's lock."""
        with self._transaction(target.case_id) as cur:
            decision = decide(policy, target, self._facts(cur, policy, target, at), at)
            if not decision.allowed:
                return decision
            attempt_id = self._insert(cur, target.case_id, target.number_fp, Outcome.PENDING, at, None, None,
                                      source, agent, call_ref)
        return _with_id(decision, attempt_id)

    def finish(self, attempt_id: int, outcome: Outcome, *, answered_at: float | None, ended_at: float) -> None:
        with self._transaction() as cur:
            self._run(cur, "UPDATE guard_attempts SET outcome = ?, answered_at = ?, ended_at = ? WHERE id = ?",
                      (outcome.value, answered_at, ended_at, attempt_id))

    def record(self, case_id: str, number_fp: str, outcome: Outcome, started_at: float, *, answered_at: float | None,
               ended_at: float | None, source: str, agent: str, call_ref: str = "") -> int:
        """An attempt made elsewhere (the bot's, an import), after the fact."""
        with self._transaction(case_id) as cur:
            return self._insert(cur, case_id, number_fp, outcome, started_at, answered_at, ended_at, source, agent,
                                call_ref)

    def add_quiet(self, case_id: str, start: float, end: float, set_by: str) -> int:
        with self._transaction(case_id) as cur:
            row = self._run(cur, "INSERT INTO guard_quiet (case_id, start_at, end_at, set_by) VALUES (?, ?, ?, ?) "
                                 "RETURNING id", (case_id, start, end, set_by)).fetchone()
            return int(row[0])

    def set_dnc(self, number_fp: str, listed: bool, *, set_by: str, at: float, reason: str = "") -> None:
        with self._transaction() as cur:
            if listed:
                self._run(cur, "INSERT INTO guard_dnc (number_fp, set_at, set_by, reason) VALUES (?, ?, ?, ?) "
                               "ON CONFLICT (number_fp) DO NOTHING", (number_fp, at, set_by, reason))
            else:
                self._run(cur, "DELETE FROM guard_dnc WHERE number_fp = ?", (number_fp,))

    def is_listed(self, number_fp: str) -> bool:
        """On the do-not-contact list?"""
        with self._transaction() as cur:
            return self._run(cur, "SELECT 1 FROM guard_dnc WHERE number_fp = ?", (number_fp,)).fetchone() is not None

    def attempt_count(self) -> int:
        with self._transaction() as cur:
            return int(self._run(cur, "SELECT count(*) FROM guard_attempts").fetchone()[0])

    # -- inside a transaction ---------------------------------------------------------------
    def _insert(self, cur: Any, case_id: str, number_fp: str, outcome: Outcome, started_at: float,
                answered_at: float | None, ended_at: float | None, source: str, agent: str, call_ref: str) -> int:
        row = self._run(cur, "INSERT INTO guard_attempts (case_id, number_fp, source, agent, call_ref, started_at, "
                             "answered_at, ended_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        (case_id, number_fp, source, agent, call_ref, started_at, answered_at, ended_at,
                         outcome.value)).fetchone()
        return int(row[0])

    def _facts(self, cur: Any, policy: GuardPolicy, target: Target, at: float) -> Facts:
        tz = ZoneInfo(target.time_zone or policy.default_time_zone)
        since = local_day(at, tz)[0] - policy.in_progress_stale_s
        rows = self._run(cur, "SELECT started_at, number_fp, outcome FROM guard_attempts "
                              "WHERE case_id = ? AND started_at >= ?", (target.case_id, since)).fetchall()
        quiet = self._run(cur, "SELECT start_at, end_at FROM guard_quiet WHERE case_id = ? AND end_at > ?",
                          (target.case_id, at)).fetchall()
        dnc = self._run(cur, "SELECT 1 FROM guard_dnc WHERE number_fp = ?", (target.number_fp,)).fetchone()
        return Facts(tuple(Attempt(float(r[0]), r[1], Outcome(r[2])) for r in rows),
                     tuple(Quiet(float(q[0]), float(q[1])) for q in quiet), dnc is not None)


def _with_id(decision: Decision, attempt_id: int) -> Decision:
    from dataclasses import replace

    return replace(decision, attempt_id=attempt_id)


def _down(what: str, exc: BaseException) -> LedgerUnavailable:
    return LedgerUnavailable(f"contact ledger: {what}: {exc}", user_message=N_(
        "The contact ledger cannot be reached ({0}), so the calling rules cannot be checked. "
        "Ask your administrator.", what))


class SqliteLedger(ContactLedger):
    """The embedded default: one file, one agent (or several processes on one machine)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=15.0, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
        except (sqlite3.Error, OSError) as exc:
            raise _down(str(path), exc) from exc
        self._create()

    def _conn(self) -> sqlite3.Connection:
        return self._db

    @contextmanager
    def _transaction(self, case_id: str = "") -> Iterator[Any]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")  # the write lock now: the check and the record in one
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise _down(self.path.name, exc) from exc

    def close(self) -> None:
        self._db.close()


class PostgresLedger(ContactLedger):
    """A team's shared ledger on PostgreSQL (psycopg 3)."""

    _serial = "BIGSERIAL"

    def __init__(self, url: str, password: str = "", connect_timeout_s: float = 5.0) -> None:
        super().__init__()
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - installed with the team extra
            raise LedgerUnavailable("psycopg is not installed", user_message=N_(
                "The PostgreSQL driver is not installed (pip install 'agent-softphone[team]').")) from exc
        self._psycopg = psycopg
        self._url, self._password, self._timeout = url, password, connect_timeout_s
        self._db: Any = None
        self._where = _host_of(url)
        self._create()

    def _conn(self) -> Any:
        if self._db is None or self._db.closed:
            try:
                kwargs: dict[str, Any] = {"connect_timeout": max(1, int(self._timeout))}
                if self._password:
                    kwargs["password"] = self._password
                self._db = self._psycopg.connect(self._url, **kwargs)
            except self._psycopg.Error as exc:
                self._db = None
                raise _down(self._where, exc) from exc
        return self._db

    def _sql(self, text: str) -> str:
        return text.replace("?", "%s")

    @contextmanager
    def _transaction(self, case_id: str = "") -> Iterator[Any]:
        with self._lock:
            conn = self._conn()
            try:
                with conn.transaction(), conn.cursor() as cur:
                    if case_id:
                        cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (case_id,))
                    yield cur
            except self._psycopg.OperationalError as exc:
                conn.close()  # reconnect on the next use
                raise _down(self._where, exc) from exc
            except self._psycopg.Error as exc:
                raise _down(self._where, exc) from exc

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def _host_of(url: str) -> str:
    """The server part of a URL, for messages (never the user or password)."""
    rest = url.split("://", 1)[-1]
    host = rest.rsplit("@", 1)[-1].split("/", 1)[0].split("?", 1)[0]
    return host or "localhost"
