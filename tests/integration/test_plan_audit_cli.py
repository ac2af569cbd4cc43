"""``agent-softphone plan quote`` and ``audit verify|export`` as a user runs them: the real command, a real
SQLite file and a real keyring backend (keyrings.alt's file backend, chosen with ``PYTHON_KEYRING_BACKEND``)."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(120)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "softphone.cli.main", *args], capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})), timeout=60)


def test_plan_quote_json_is_the_schedule_and_totals():
    done = run("plan", "quote", "--principal", "10000", "--annual-rate", "0.18", "--months", "12",
               "--method", "equal-installment", "--first-due", "2027-01-31", "--json")
    assert done.returncode == 0, done.stderr
    q = json.loads(done.stdout)
    assert [r["period"] for r in q["schedule"]] == list(range(1, 13))
    assert q["schedule"][0] == {"period": 1, "date": "2027-01-31", "principal": "766.80", "interest": "150.00",
                                "payment": "916.80", "balance": "9233.20"}
    assert q["schedule"][1]["date"] == "2027-02-28"  # the month-end due date, clamped
    assert q["schedule"][-1]["balance"] == "0.00"
    assert q["totals"]["principal"] == "10000.00"
    assert q["totals"]["payment"] == f"{sum(float(r['payment']) for r in q['schedule']):.2f}"
    assert q["apr"] == "0.1800" and q["review"] == []


def test_plan_quote_text_and_review_reasons():
    done = run("plan", "quote", "--principal", "5000", "--annual-rate", "26%", "--months", "6",
               "--method", "equal-principal", "--contract-rate", "0.18")
    assert done.returncode == 0, done.stderr
    assert "needs review: The rate 26.00 % is above the contract rate 18.00 % plus 2 points" in done.stdout
    assert "needs review: The APR" in done.stdout and "period" in done.stdout.splitlines()[0]


@pytest.mark.parametrize("args, words", [
    (["--principal", "0", "--months", "12"], "amount must be above 0"),
    (["--principal", "12.345", "--months", "12"], "at most two decimals"),
    (["--principal", "1000", "--months", "0"], "between 1 and 120 months"),
])
def test_plan_quote_refuses_bad_terms_in_plain_words(args: list[str], words: str):
    done = run("plan", "quote", "--annual-rate", "0.18", "--method", "equal-installment", *args)
    assert done.returncode == 2 and words in done.stderr and done.stdout == ""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "XDG_DATA_HOME": str(tmp_path / "xdg"),
            "AGENT_SOFTPHONE_HOME": str(tmp_path / "home")}


def seed_log(env: dict[str, str], n: int = 4) -> Path:
    """Entries written by the app's own code, in the user's data folder."""
    code = ("from softphone.compliance.audit import AuditLog, AuditAction, audit_path\n"
            "from softphone.secrets import SecretStore\n"
            "log = AuditLog.open(audit_path(), SecretStore())\n"
            f"for i in range({n}):\n"
            "    log.append(AuditAction.CODE_TRIED, actor='1001', call_id=f'c{i}', case_id='DEMO-000123',"
            " details={'tries_left': 4 - i})\n"
            "print(log.path)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, **env), timeout=60)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip())


def test_audit_verify_passes_then_names_the_changed_entry(env: dict[str, str]):
    path = seed_log(env)
    ok = run("audit", "verify", "--json", env=env)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == {"ok": True, "checked": 4, "first_broken": None, "problem": None}
    conn = sqlite3.connect(str(path))
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = '2002' WHERE seq = 3")
    conn.commit()
    conn.close()
    broken = run("audit", "verify", env=env)
    assert broken.returncode == 1
    assert "Entry 3" in broken.stderr


def test_audit_export_writes_the_period_and_is_itself_audited(env: dict[str, str], tmp_path: Path):
    seed_log(env, 3)
    today = date.today().isoformat()
    out = tmp_path / "export.csv"
    done = run("audit", "export", "--from", today, "--to", today, "--format", "csv", "--out", str(out),
               "--actor", "compliance-1", env=env)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["seq"] for r in rows] == ["1", "2", "3"] and rows[0]["action"] == "code.tried"
    jsonl = run("audit", "export", "--from", today, "--to", today, env=env)
    entries = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert entries[-1]["action"] == "audit.exported" and entries[-1]["actor"] == "compliance-1"
    assert entries[-1]["details"]["entries"] == 3
    none = run("audit", "export", "--from", "2001-01-01", "--to", "2001-01-31", env=env)
    assert none.returncode == 0 and none.stdout == ""
    assert run("audit", "verify", env=env).returncode == 0


def test_audit_export_refuses_a_bad_date(env: dict[str, str]):
    done = run("audit", "export", "--from", "yesterday", "--to", "2027-01-01", env=env)
    assert done.returncode == 2 and "not a date" in done.stderr


def test_a_reviewer_lists_and_decides_the_queue_and_the_decision_is_audited(env: dict[str, str]):
    code = ("from softphone.plans.store import PlanStore\nfrom softphone.storage.db import database_path\n"
            "s = PlanStore.open(database_path())\n"
            "r = s.queue_review('C-9', 'call-1', 'ab' * 32, {'method': 'equal-installment', 'months': 12,"
            " 'annual_rate': '0.25'}, ('The rate 25.00 % is above the contract rate 18.00 % plus 2 points.',))\n"
            "print(r.review_id)\n")
    made = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ, **env),
                          timeout=60)
    assert made.returncode == 0, made.stderr
    review_id = made.stdout.strip()
    listed = run("plan", "reviews", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    [row] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert row["review_id"] == review_id and row["state"] == "pending" and "25.00 %" in row["reasons"][0]
    decided = run("plan", "decide", review_id, "--reject", "--reviewer", "reviewer-3", "--note",
                  "客户电话 13812345678 核实", env=env)
    assert decided.returncode == 0, decided.stderr
    again = run("plan", "decide", review_id, "--approve", "--reviewer", "reviewer-3", env=env)
    assert again.returncode == 1 and "No pending review" in again.stderr
    assert run("plan", "reviews", env=env).stdout == ""
    everything = json.loads(run("plan", "reviews", "--all", "--json", env=env).stdout)
    assert everything["state"] == "rejected" and "13812345678" not in everything["note"]
    today = date.today().isoformat()
    entries = [json.loads(line) for line in run("audit", "export", "--from", today, "--to", today,
                                                env=env).stdout.splitlines()]
    [decision] = [e for e in entries if e["action"] == "review.decided"]
    assert decision["actor"] == "reviewer-3" and decision["details"]["decision"] == "rejected"
    assert decision["case_id"] == "C-9"
