"""The audit log: a real SQLite file and a real keyring backend (keyrings.alt's file backend).

Tampering is done the way someone with the file would do it: with sqlite3,
after dropping the triggers that stop the app itself from changing entries.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from softphone.compliance.audit import HEAD_ENTRY, AuditAction, AuditLog, AuditUnavailable
from softphone.secrets import SecretStore


@pytest.fixture
def log(tmp_path: Path, store: SecretStore):
    log = AuditLog.open(tmp_path / "audit.db", store)
    for i in range(5):
        log.append(AuditAction.CODE_TRIED, actor="1001", call_id=f"call-{i}", case_id="DEMO-000123",
                   details={"tries_left": 4 - i, "right": False})
    yield log
    log.close()


def tamper(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(str(path))
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_an_untouched_log_verifies(log: AuditLog):
    verdict = log.verify()
    assert verdict.ok and verdict.checked == 5 and verdict.first_broken is None
    assert [e.seq for e in log.entries()] == [1, 2, 3, 4, 5]
    assert [e.details["tries_left"] for e in log.entries()] == [4, 3, 2, 1, 0]


def test_the_app_cannot_change_or_delete_entries(log: AuditLog):
    conn = sqlite3.connect(str(log.path))
    for statement in ("UPDATE audit SET actor = 'x' WHERE seq = 2", "DELETE FROM audit WHERE seq = 2"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    conn.close()
    assert log.verify().ok


def test_a_changed_entry_is_named(log: AuditLog):
    tamper(log.path, "UPDATE audit SET details = '{\"right\":true,\"tries_left\":2}' WHERE seq = 3")
    verdict = log.verify()
    assert not verdict.ok and verdict.first_broken == 3
    assert "Entry 3" in verdict.problem


def test_a_changed_actor_or_time_is_named(log: AuditLog):
    tamper(log.path, "UPDATE audit SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 4")
    assert log.verify().first_broken == 4


def test_a_removed_entry_is_named(log: AuditLog):
    tamper(log.path, "DELETE FROM audit WHERE seq = 2")
    verdict = log.verify()
    assert not verdict.ok and verdict.first_broken == 2
    assert "missing" in verdict.problem


def test_a_removed_and_renumbered_entry_is_named(log: AuditLog):
    tamper(log.path, "DELETE FROM audit WHERE seq = 2", "UPDATE audit SET seq = seq - 1 WHERE seq > 2")
    assert log.verify().first_broken == 2


def test_reordered_entries_are_named(log: AuditLog):
    tamper(log.path, "UPDATE audit SET seq = 100 WHERE seq = 2", "UPDATE audit SET seq = 2 WHERE seq = 3",
           "UPDATE audit SET seq = 3 WHERE seq = 100")
    verdict = log.verify()
    assert not verdict.ok and verdict.first_broken == 2


def test_entries_removed_from_the_end_are_named(log: AuditLog):
    tamper(log.path, "DELETE FROM audit WHERE seq >= 4")
    verdict = log.verify()
    assert not verdict.ok and verdict.first_broken == 4
    assert "removed from the end" in verdict.problem


def test_an_emptied_log_is_named(log: AuditLog):
    tamper(log.path, "DELETE FROM audit")
    assert not log.verify().ok


def test_an_entry_forged_without_the_key_is_named(log: AuditLog):
    tamper(log.path, "INSERT INTO audit VALUES (6, '2027-01-01T00:00:00.000Z', '1001', 'plan.confirmed', "
                     "'call-9', 'DEMO-000123', '{}', 'ab' )")
    assert log.verify().first_broken == 6


def test_the_chain_goes_on_after_reopening(tmp_path: Path, store: SecretStore, log: AuditLog):
    log.close()
    again = AuditLog.open(log.path, store)
    again.append(AuditAction.PLAN_CONFIRMED, actor="1001", call_id="call-4", case_id="DEMO-000123")
    assert again.verify().ok and again.verify().checked == 6
    assert store.get_secret(HEAD_ENTRY).startswith("6:")
    again.close()


def test_another_key_does_not_verify(tmp_path: Path, store: SecretStore, log: AuditLog, file_keyring):
    other = SecretStore(type(file_keyring)())
    other.backend.file_path = str(tmp_path / "other" / "keyring.cfg")
    other.set_secret(HEAD_ENTRY, store.get_secret(HEAD_ENTRY))
    foreign = AuditLog.open(log.path, other)
    assert foreign.verify().first_broken == 1
    foreign.close()


def test_personal_data_is_refused_in_details(log: AuditLog):
    for details in ({"code": "123456"}, {"phone": "x"}, {"note": "call 13812345678"},
                    {"id": "110101199003071234"}):
        with pytest.raises(ValueError):
            log.append(AuditAction.FIELD_REVEALED, actor="1001", details=details)
    assert log.verify().checked == 5


def test_a_random_id_with_a_long_run_of_digits_is_still_audited(log: AuditLog):
    # a review id / plan hash is random hex: 1 in ~800 has 11 digits in a row (seen in CI: a review never queued)
    log.append(AuditAction.PLAN_REVIEW_QUEUED, actor="1001", details={"review": "a12345678901", "plan": "9123456789012bcd"})
    for details in ({"review": "13812345678"}, {"plan": "not hex at all!"}, {"plan_id": 13812345678901}):
        with pytest.raises(ValueError):
            log.append(AuditAction.PLAN_REVIEW_QUEUED, actor="1001", details=details)
    assert log.verify().ok


def test_no_keyring_means_no_audit_log(tmp_path: Path):
    from keyring.backends.fail import Keyring as FailKeyring

    with pytest.raises(AuditUnavailable) as err:
        AuditLog.open(tmp_path / "audit.db", SecretStore(FailKeyring()))
    assert "password store" in err.value.user_message
