"""The audit log of sensitive actions: append-only, each entry chained to the one before by an HMAC.

An entry's ``mac`` is ``HMAC-SHA256(key, canonical(seq, at, actor, action,
call_id, case_id, details, previous mac))``; the first entry's previous mac is
empty. The key is made on first use and kept in the keyring (``audit-key``),
never in the file; after each append the newest ``seq:mac`` (the head) is
saved in the keyring too (``audit-head``). ``verify`` recomputes the chain:

* an entry whose fields were **changed** no longer matches its mac;
* an entry **removed** from the middle leaves a gap in ``seq`` (and the next
  entry's mac no longer matches);
* entries **reordered** (rows swapped or renumbered) break the macs, since
  each mac covers its own ``seq`` and the previous mac;
* entries **removed from the end** leave the chain shorter than the head.

The file (``audit.db`` beside the history) refuses ``UPDATE`` and ``DELETE``
by triggers, so the app itself can only append; someone editing the file by
hand is caught by ``verify``. Appends run under ``BEGIN IMMEDIATE``, so two
processes append one after the other. An entry's ``details`` hold no personal
data: keys that name a code, password, phone, ID or card number are refused,
and so is any value with 11 or more digits in a row (phone, ID and card
numbers); the case is named by the lender's case id only.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import json
import re
import secrets as _random
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..errors import NoKeyringBackend, SecretStoreError, StorageError
from ..i18n import Msg, N_
from ..paths import make_private_dir
from ..secrets import SecretStore
from ..settings import StorageSettings
from ..storage.db import database_path
from ..storage.sql import sqlite_errors

__all__ = ["AuditAction", "AuditEntry", "AuditVerdict", "AuditLog", "AuditUnavailable", "audit_path",
           "KEY_ENTRY", "HEAD_ENTRY", "AUDIT_FILE_NAME"]

KEY_ENTRY = "audit-key"
HEAD_ENTRY = "audit-head"
AUDIT_FILE_NAME = "audit.db"

_FORBIDDEN_KEYS = re.compile(r"code|otp|password|phone|number|id_no|idcard|card|pin", re.I)
_LONG_DIGITS = re.compile(r"\d{11,}")
# identifiers our own code puts in details (a plan's hash, a review's id): random hex, which may hold
# a long run of digits by chance; they are checked for their shape instead
_ID_KEYS = frozenset({"plan", "review", "plan_id"})
_HEX_ID = re.compile(r"[0-9a-f]{12,64}")


class AuditAction(enum.Enum):
    PLAN_PROPOSED = "plan.proposed"
    PLAN_REVIEW_QUEUED = "plan.review_queued"
    REVIEW_DECIDED = "review.decided"
    CODE_SENT = "code.sent"
    CODE_SEND_FAILED = "code.send_failed"
    CODE_TRIED = "code.tried"
    PLAN_CONFIRMED = "plan.confirmed"
    PLAN_LOCKED = "plan.locked"
    PLAN_EXPIRED = "plan.expired"
    FIELD_REVEALED = "field.revealed"
    RECORDING_OPENED = "recording.opened"
    RECORDING_EXPORTED = "recording.exported"
    RECORDING_DELETED = "recording.deleted"  # its years were up (retention)
    RECORDING_PLAYED = "recording.played"  # an agent played a call back in the window (the policy allows it)
    RECORDING_FAILED = "recording.failed"  # a call's recording stopped mid-call (a full disk): the call went on
    COMPLIANCE_SETTINGS_CHANGED = "compliance.settings_changed"
    AUDIT_EXPORTED = "audit.exported"
    GUARD_FAIL_OPEN = "guard.fail_open"  # the ledger was down and the policy let a call through unchecked
    GUARD_DNC_CHANGED = "guard.dnc_changed"
    GUARD_QUIET_SET = "guard.quiet_set"
    SUPERVISION_STARTED = "supervision.started"  # a team lead listens, whispers or barges (the lead is the actor)
    SUPERVISION_MODE_CHANGED = "supervision.mode_changed"
    SUPERVISION_ENDED = "supervision.ended"
    SUPERVISION_REFUSED = "supervision.refused"  # unsigned, expired, replayed, another agent's, not configured


class AuditUnavailable(StorageError):
    """The audit log cannot be written (no keyring for its key, a damaged key, or a storage error)."""

    default_user_message = N_("The audit log cannot be written, so this action is not allowed now.")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str  # ISO 8601, UTC, milliseconds: 2027-01-31T08:00:00.123Z
    actor: str
    action: str  # an AuditAction value (kept as text, so an unknown action from a newer version still verifies)
    call_id: str
    case_id: str
    details: Mapping[str, object] = field(default_factory=dict)
    mac: str = ""

    def as_json(self) -> dict[str, object]:
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "action": self.action,
                "call_id": self.call_id, "case_id": self.case_id, "details": dict(self.details), "mac": self.mac}


@dataclass(frozen=True)
class AuditVerdict:
    ok: bool
    checked: int
    first_broken: int | None = None  # the seq of the first entry that does not verify
    problem: Msg | None = None


def audit_path(storage: StorageSettings | None = None) -> Path:
    """``<data_dir>/audit.db``, beside the call history."""
    return database_path(storage).parent / AUDIT_FILE_NAME


_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    call_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    details TEXT NOT NULL,
    mac TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


class AuditLog:
    """The audit log in one file; thread-safe (one connection behind a lock)."""

    def __init__(self, conn: sqlite3.Connection, key: bytes, secrets: SecretStore, path: Path) -> None:
        self._conn = conn
        self._key = key
        self._secrets = secrets
        self.path = path
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"AuditLog({self.path.name})"

    @classmethod
    def open(cls, path: str | Path, secrets: SecretStore) -> AuditLog:
        """Open (creating if needed) the log at ``path``; :class:`AuditUnavailable` without its key."""
        path = Path(path)
        key = _load_key(secrets)
        with sqlite_errors(f"open {path.name}"):
            make_private_dir(path.parent)
            conn = sqlite3.connect(str(path), timeout=5.0, isolation_level=None, check_same_thread=False)
            try:
                conn.execute("PRAGMA busy_timeout = 5000")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.executescript(_SCHEMA)
            except BaseException:
                conn.close()
                raise
        return cls(conn, key, secrets, path)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def append(self, action: AuditAction, *, actor: str, call_id: str = "", case_id: str = "",
               details: Mapping[str, object] | None = None) -> AuditEntry:
        """Add one entry at the end of the chain and return it (``ValueError`` for personal data in details)."""
        body = dict(details or {})
        _check_details(body)
        with self._lock, sqlite_errors("append to the audit log"):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                last = self._conn.execute("SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
                seq, prev = (last[0] + 1, last[1]) if last else (1, "")
                entry = AuditEntry(seq, _now(), actor, action.value, call_id, case_id, body)
                entry = _with_mac(entry, prev, self._key)
                self._conn.execute("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _row(entry))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        self._save_head(entry)
        return entry

    def entries(self) -> Iterator[AuditEntry]:
        """Every entry in ``seq`` order (as stored: ``verify`` tells whether to trust them)."""
        with self._lock, sqlite_errors("read the audit log"):
            rows = self._conn.execute("SELECT * FROM audit ORDER BY seq").fetchall()
        for row in rows:
            yield _entry(row)

    def verify(self) -> AuditVerdict:
        """Recompute the chain; the first entry that does not verify, with what is wrong with it."""
        prev, expected, checked = "", 1, 0
        for entry in self.entries():
            if entry.seq != expected:
                return AuditVerdict(False, checked, expected, N_(
                    "Entry {0} of the audit log is missing (the next one is {1}).", expected, entry.seq))
            if not hmac.compare_digest(_with_mac(entry, prev, self._key).mac, entry.mac):
                return AuditVerdict(False, checked, entry.seq, N_(
                    "Entry {0} of the audit log was changed, moved or put in from elsewhere.", entry.seq))
            prev, expected, checked = entry.mac, expected + 1, checked + 1
        return self._check_head(checked, prev)

    def _check_head(self, count: int, last_mac: str) -> AuditVerdict:
        head = self._head()
        if head is None:
            if count == 0:
                return AuditVerdict(True, 0)
            return AuditVerdict(False, count, 1, N_(
                "The audit log's last entry is not on record in the password store; the log cannot be trusted."))
        seq, mac = head
        if count < seq:
            return AuditVerdict(False, count, count + 1, N_(
                "Entries {0} to {1} were removed from the end of the audit log.", count + 1, seq))
        at_head = last_mac if count == seq else self._mac_at(seq)
        if not hmac.compare_digest(at_head, mac):
            return AuditVerdict(False, count, seq, N_(
                "Entry {0} of the audit log was changed, moved or put in from elsewhere.", seq))
        return AuditVerdict(True, count)

    def _mac_at(self, seq: int) -> str:
        with self._lock, sqlite_errors("read the audit log"):
            row = self._conn.execute("SELECT mac FROM audit WHERE seq = ?", (seq,)).fetchone()
        return row[0] if row else ""

    def _head(self) -> tuple[int, str] | None:
        try:
            raw = self._secrets.get_secret(HEAD_ENTRY)
        except SecretStoreError as exc:
            raise AuditUnavailable(f"keyring failed for the audit head: {type(exc).__name__}") from exc
        if not raw or ":" not in raw:
            return None
        seq, _, mac = raw.partition(":")
        return (int(seq), mac) if seq.isdigit() else None

    def _save_head(self, entry: AuditEntry) -> None:
        try:
            current = self._head()
            if current is None or current[0] < entry.seq:
                self._secrets.set_secret(HEAD_ENTRY, f"{entry.seq}:{entry.mac}")
        except (SecretStoreError, AuditUnavailable):
            # The entry is stored; a head left behind still verifies (entries after it carry valid macs).
            pass


def _load_key(secrets: SecretStore) -> bytes:
    try:
        encoded = secrets.get_secret(KEY_ENTRY)
        if encoded is None:
            encoded = base64.b64encode(_random.token_bytes(32)).decode("ascii")
            secrets.set_secret(KEY_ENTRY, encoded)
    except NoKeyringBackend as exc:
        raise AuditUnavailable("no keyring for the audit key", user_message=N_(
            "The audit log needs this computer's password store, and none is available.")) from exc
    except SecretStoreError as exc:
        raise AuditUnavailable(f"keyring failed for the audit key: {type(exc).__name__}") from exc
    try:
        return base64.b64decode(encoded.encode("ascii"), validate=True)
    except (ValueError, binascii.Error) as exc:
        raise AuditUnavailable("the audit key in the keyring is damaged", user_message=N_(
            "The audit log's key in the password store is damaged; ask your administrator.")) from exc


def _check_details(details: Mapping[str, object]) -> None:
    for key, value in details.items():
        if _FORBIDDEN_KEYS.search(key):
            raise ValueError(f"audit details may not hold {key!r}")
        if key in _ID_KEYS:
            if not (isinstance(value, str) and _HEX_ID.fullmatch(value)):
                raise ValueError(f"audit detail {key!r} must be a hex identifier")
            continue
        if _LONG_DIGITS.search(json.dumps(value, ensure_ascii=False, default=str)):
            raise ValueError(f"audit detail {key!r} holds a long digit run (a number of a person?)")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _canonical(entry: AuditEntry, prev: str) -> bytes:
    fields = [entry.seq, entry.at, entry.actor, entry.action, entry.call_id, entry.case_id,
              _details_json(entry.details), prev]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _details_json(details: Mapping[str, object]) -> str:
    return json.dumps(dict(details), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _with_mac(entry: AuditEntry, prev: str, key: bytes) -> AuditEntry:
    mac = hmac.new(key, _canonical(entry, prev), hashlib.sha256).hexdigest()
    return AuditEntry(entry.seq, entry.at, entry.actor, entry.action, entry.call_id, entry.case_id,
                      entry.details, mac)


def _row(entry: AuditEntry) -> tuple[object, ...]:
    return (entry.seq, entry.at, entry.actor, entry.action, entry.call_id, entry.case_id,
            _details_json(entry.details), entry.mac)


def _entry(row: tuple[object, ...]) -> AuditEntry:
    seq, at, actor, action, call_id, case_id, details, mac = row
    try:
        parsed = json.loads(str(details))
    except ValueError:
        parsed = {"unreadable": str(details)[:40]}
    return AuditEntry(int(str(seq)), str(at), str(actor), str(action), str(call_id), str(case_id),
                      parsed if isinstance(parsed, dict) else {"value": parsed}, str(mac))
