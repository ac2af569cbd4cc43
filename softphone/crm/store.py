"""The local case book: cases in the softphone database, encrypted, found by masked keys.

Each case is one record (``codec``) encrypted with the history's key
(``storage.vault.FieldCipher``, bound to ``case/<case id>``): name, numbers,
ID and card numbers and address are never stored in clear. What a case is
found by lives in ``case_keys`` and is never clear either:

* ``fp``: the keyed fingerprint of each number (the caller's number is
  fingerprinted the same way to find its case);
* ``last4``: the last 4 digits of each number (the agent's search);
* ``contract``: contract numbers (the lender's references);
* ``name``: the masked name (张*).

A store belongs to the thread that opened it (sqlite). Re-importing a case
replaces its loans, numbers and customer fields and keeps the contacts and
promises recorded here (wrap-ups). Without a key nothing can be stored:
``CaseStore.open`` needs a cipher.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import sqlite_utils

from ..compliance.masking import last4, mask_name
from ..storage.db import open_database, sqlite_errors, write_transaction
from ..storage.vault import FieldCipher, normalise_number
from .codec import case_from_json, case_to_json
from .model import Case, PastContact, Promise, WrapUp
from .source import CaseLookup, LookupResult

__all__ = ["CaseStore"]

_SELECT = "SELECT case_id, record_enc, fetched_at FROM cases"


class CaseStore:
    """Cases in ``softphone.db`` (see the module docstring); a ``CaseSource`` named ``local``."""

    name = "local"

    def __init__(self, db: sqlite_utils.Database, cipher: FieldCipher) -> None:
        self.db = db
        self._cipher = cipher

    @classmethod
    def open(cls, path: str | Path, cipher: FieldCipher) -> CaseStore:
        return cls(open_database(path, cipher), cipher)

    def close(self) -> None:
        self.db.conn.close()

    # -- writing -----------------------------------------------------------------------
    def upsert(self, case: Case, fetched_at: float | None = None) -> bool:
        """Store ``case`` (merged with what is kept of it); True when it was new."""
        with sqlite_errors("save a case"), write_transaction(self.db):
            return self._upsert(case, fetched_at)

    def upsert_many(self, cases: Iterable[Case], batch: int = 2000) -> tuple[int, int]:
        """Store every case, in transactions of ``batch``; returns (added, updated)."""
        added = updated = 0
        for chunk in _chunks(cases, batch):
            with sqlite_errors("save cases"), write_transaction(self.db):
                for case in chunk:
                    if self._upsert(case, None):
                        added += 1
                    else:
                        updated += 1
        return added, updated

    def add_contact(self, case_id: str, contact: PastContact, promise: Promise | None = None) -> bool:
        """Append a contact (and a promise) to a case; False when there is no such case."""
        with sqlite_errors("save a contact"), write_transaction(self.db):
            case = self._get(case_id)
            if case is None:
                return False
            promises = case.promises + ((promise,) if promise is not None else ())
            self._write(replace(case, contacts=case.contacts + (contact,), promises=promises),
                        self._fetched_at(case_id))
            return True

    def save_wrapup(self, wrapup: WrapUp, score: int, score_parts: dict[str, int]) -> None:
        """Keep a call's wrap-up (its note encrypted); a second one for the same call replaces it."""
        note = self._cipher.encrypt(wrapup.note, f"wrapup/{wrapup.call_id}/note") if wrapup.note else None
        with sqlite_errors("save a wrap-up"), write_transaction(self.db):
            self.db.execute(
                "INSERT OR REPLACE INTO wrapups (call_id, case_id, disposition, promise_due, promise_amount_fen,"
                " callback_at, note_enc, score, score_parts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [wrapup.call_id, wrapup.case_id, wrapup.disposition.value,
                 wrapup.promise_due.isoformat() if wrapup.promise_due else None, wrapup.promise_amount_fen,
                 wrapup.callback_at, note, score, json.dumps(score_parts), time.time()])

    def wrapup_of(self, call_id: str) -> tuple[str, int] | None:
        """(disposition, score) of a call's wrap-up, or None."""
        with sqlite_errors("read a wrap-up"):
            row = self.db.execute("SELECT disposition, score FROM wrapups WHERE call_id = ?", [call_id]).fetchone()
        return (str(row[0]), int(row[1])) if row else None

    def _upsert(self, case: Case, fetched_at: float | None) -> bool:
        old = self._get(case.case_id)
        if old is not None:
            case = _merged(old, case)
        self._write(case, fetched_at if fetched_at is not None else (self._fetched_at(case.case_id) if old else None))
        return old is None

    def _write(self, case: Case, fetched_at: float | None) -> None:
        record = self._cipher.encrypt(case_to_json(case), f"case/{case.case_id}")
        self.db.execute(
            "INSERT OR REPLACE INTO cases (case_id, name_masked, stage, days_overdue, balance_fen, source, updated_at,"
            " fetched_at, record_enc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [case.case_id, mask_name(case.customer.name), case.stage.value, case.days_overdue, case.balance_fen,
             case.source, time.time(), fetched_at, record])
        self.db.execute("DELETE FROM case_keys WHERE case_id = ?", [case.case_id])
        self.db.conn.executemany("INSERT OR IGNORE INTO case_keys (case_id, kind, value) VALUES (?, ?, ?)",
                                 [(case.case_id, kind, value) for kind, value in self._keys(case)])

    def _keys(self, case: Case) -> Iterator[tuple[str, str]]:
        yield "name", mask_name(case.customer.name)
        for number in case.numbers:
            fp = self._cipher.fingerprint(number.number)
            if fp:
                yield "fp", fp
                yield "last4", last4(number.number)
        for loan in case.loans:
            if loan.contract_no:
                yield "contract", loan.contract_no.upper()

    # -- reading -------------------------------------------------------------------------
    def get(self, case_id: str) -> Case | None:
        with sqlite_errors("read a case"):
            return self._get(case_id)

    def cached_at(self, case_id: str) -> float | None:
        with sqlite_errors("read a case"):
            return self._fetched_at(case_id)

    def count(self) -> int:
        with sqlite_errors("count cases"):
            return int(self.db.execute("SELECT count(*) FROM cases").fetchone()[0])

    def lookup(self, query: CaseLookup, limit: int = 20) -> LookupResult:
        with sqlite_errors("look up a case"):
            ids = self._ids_for(query, limit)
            rows = [self._row(case_id) for case_id in ids]
        found = [(self._decrypt(cid, enc), fetched) for cid, enc, fetched in (r for r in rows if r is not None)]
        fetched_times = [f for _, f in found if f is not None]
        return LookupResult(tuple(c for c, _ in found), self.name,
                            cached_at=min(fetched_times) if fetched_times and len(fetched_times) == len(found) else None)

    def _ids_for(self, query: CaseLookup, limit: int) -> list[str]:
        if query.case_id.strip():
            return self._exact(query.case_id.strip())
        if query.number.strip():
            return self._by_key("fp", self._cipher.fingerprint(query.number), limit)
        return self._search(query.text.strip(), limit)

    def _search(self, text: str, limit: int) -> list[str]:
        exact = self._exact(text)
        if exact:
            return exact
        digits = normalise_number(text)
        if len(digits) == 4 and digits == text:
            return self._by_key("last4", digits, limit)
        if len(digits) >= 7 and len(digits) == len(text.replace(" ", "").replace("-", "").lstrip("+")):
            return self._by_key("fp", self._cipher.fingerprint(digits), limit)
        by_contract = self._by_key("contract", text.upper(), limit)
        if by_contract:
            return by_contract
        return self._by_key("name", text if "*" in text else mask_name(text), limit)

    def _exact(self, case_id: str) -> list[str]:
        row = self.db.execute("SELECT case_id FROM cases WHERE case_id = ?", [case_id]).fetchone()
        return [row[0]] if row else []

    def _by_key(self, kind: str, value: str, limit: int) -> list[str]:
        if not value:
            return []
        rows = self.db.execute("SELECT DISTINCT case_id FROM case_keys WHERE kind = ? AND value = ? LIMIT ?",
                               [kind, value, limit]).fetchall()
        return [r[0] for r in rows]

    def _row(self, case_id: str) -> tuple[str, str, float | None] | None:
        row = self.db.execute(f"{_SELECT} WHERE case_id = ?", [case_id]).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def _get(self, case_id: str) -> Case | None:
        row = self._row(case_id)
        return self._decrypt(row[0], row[1]) if row else None

    def _fetched_at(self, case_id: str) -> float | None:
        row = self.db.execute("SELECT fetched_at FROM cases WHERE case_id = ?", [case_id]).fetchone()
        return row[0] if row else None

    def _decrypt(self, case_id: str, token: str) -> Case:
        return case_from_json(self._cipher.decrypt(token, f"case/{case_id}"))


def _merged(old: Case, new: Case) -> Case:
    """``new`` (a re-import, a fresh fetch) with the contacts and promises kept here."""
    contacts = tuple(dict.fromkeys(old.contacts + new.contacts))
    promises = tuple(dict.fromkeys(old.promises + new.promises))
    return replace(new, contacts=contacts, promises=promises)


def _chunks(items: Iterable[Case], size: int) -> Iterator[list[Case]]:
    chunk: list[Case] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
