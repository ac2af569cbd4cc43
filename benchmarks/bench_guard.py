"""The dialing guard's decision time on a large ledger, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/bench_guard.py [--quick] [--attempts N] [--agents N]

A ledger of ``--attempts`` rows (default 1,000,000; --quick 100,000): 100,000 debtors, each number's
attempts spread over the last 30 days, every outcome represented. Real parts: SQLite (the embedded
default) and a PostgreSQL server started for the run (``tests/rig/postgres.py``: initdb in a temporary
folder, on 127.0.0.1). Measured:

* ``check_ms``: ``ContactLedger.check`` (read the debtor's facts, decide) for random debtors;
* ``begin_ms``: ``ContactLedger.begin`` (the same under the debtor's lock, plus the pending row), then
  ``finish``; the dial's own cost before the INVITE;
* ``concurrent`` (PostgreSQL): ``--agents`` threads (default 20), each its own connection, dialling random
  debtors (begin + finish) for a few seconds: decisions per second, and each decision's p50 / p95.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _common import emit, note, summary

from softphone.compliance.guard import BUILT_IN, ContactLedger, Outcome, PostgresLedger, SqliteLedger, Target
from tests.rig.postgres import PASSWORD, PostgresRig

DEBTORS = 100_000
NOW = time.time()
OUTCOMES = [Outcome.EFFECTIVE, Outcome.ANSWERED_SHORT, Outcome.UNANSWERED, Outcome.UNANSWERED, Outcome.BUSY,
            Outcome.REJECTED]


def rows(ledger: ContactLedger, attempts: int) -> list[tuple[Any, ...]]:
    rng = random.Random(7)
    fps = [ledger.fingerprint(f"1380{d:07d}") for d in range(DEBTORS)]
    out = []
    for i in range(attempts):
        d = rng.randrange(DEBTORS)
        started = NOW - rng.uniform(0, 30 * 86400)
        outcome = rng.choice(OUTCOMES)
        answered = started + 5 if outcome in (Outcome.EFFECTIVE, Outcome.ANSWERED_SHORT) else None
        out.append((f"D{d}", fps[d], "bench", "bench", "", started, answered, started + 60, outcome.value))
    return out


def fill_sqlite(path: Path, attempts: int) -> SqliteLedger:
    ledger = SqliteLedger(path)
    db = sqlite3.connect(path)
    db.executemany("INSERT INTO guard_attempts (case_id, number_fp, source, agent, call_ref, started_at, answered_at, "
                   "ended_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows(ledger, attempts))
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return ledger


def fill_postgres(url: str, attempts: int) -> PostgresLedger:
    ledger = PostgresLedger(url, PASSWORD)
    import psycopg

    with psycopg.connect(url, password=PASSWORD) as conn, conn.cursor() as cur:
        with cur.copy("COPY guard_attempts (case_id, number_fp, source, agent, call_ref, started_at, answered_at, "
                      "ended_at, outcome) FROM STDIN") as copy:
            for row in rows(ledger, attempts):
                copy.write_row(row)
        cur.execute("ANALYZE guard_attempts")
    return ledger


def target(ledger: ContactLedger, d: int) -> Target:
    return Target(f"D{d}", ledger.fingerprint(f"1380{d:07d}"), time_zone="Asia/Shanghai")


def noon() -> float:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    return now.replace(hour=12, minute=0, second=0, microsecond=0).timestamp()


def decisions(ledger: ContactLedger, n: int, seed: int) -> dict[str, Any]:
    rng, at = random.Random(seed), noon()
    check: list[float] = []
    begin: list[float] = []
    refused = 0
    for _ in range(n):
        t = target(ledger, rng.randrange(DEBTORS))
        c0 = time.perf_counter()
        ledger.check(BUILT_IN, t, at)
        check.append((time.perf_counter() - c0) * 1000)
        b0 = time.perf_counter()
        d = ledger.begin(BUILT_IN, t, at, source="bench", agent="bench")
        begin.append((time.perf_counter() - b0) * 1000)
        if d.attempt_id is not None:
            ledger.finish(d.attempt_id, Outcome.UNANSWERED, answered_at=None, ended_at=at + 30)
        else:
            refused += 1
    return {"check_ms": summary(check, 3), "begin_ms": summary(begin, 3), "decisions": n, "refused": refused}


def concurrent(url: str, agents: int, seconds: float) -> dict[str, Any]:
    at, stop = noon(), time.monotonic() + seconds
    times: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(agents)

    def agent(i: int) -> None:
        ledger = PostgresLedger(url, PASSWORD)
        rng = random.Random(100 + i)
        mine: list[float] = []
        barrier.wait()
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            d = ledger.begin(BUILT_IN, target(ledger, rng.randrange(DEBTORS)), at, source="bench", agent=f"a{i}")
            mine.append((time.perf_counter() - t0) * 1000)
            if d.attempt_id is not None:
                ledger.finish(d.attempt_id, Outcome.UNANSWERED, answered_at=None, ended_at=at + 30)
        ledger.close()
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=agent, args=(i,)) for i in range(agents)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    return {"agents": agents, "seconds": round(wall, 2), "decisions": len(times),
            "decisions_per_s": round(len(times) / wall, 1), "begin_ms": summary(times, 3)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--attempts", type=int, default=0)
    ap.add_argument("--agents", type=int, default=20)
    args = ap.parse_args()
    attempts = args.attempts or (100_000 if args.quick else 1_000_000)
    n = 300 if args.quick else 2000
    out: dict[str, Any] = {"attempts": attempts, "debtors": DEBTORS}
    with tempfile.TemporaryDirectory() as tmp:
        note(f"SQLite: {attempts} attempts ...")
        t0 = time.monotonic()
        ledger = fill_sqlite(Path(tmp) / "contact-ledger.db", attempts)
        out["sqlite"] = {"fill_s": round(time.monotonic() - t0, 1), **decisions(ledger, n, 1)}
        ledger.close()
    with PostgresRig() as pg:
        note(f"PostgreSQL: {attempts} attempts ...")
        t0 = time.monotonic()
        ledger = fill_postgres(pg.url, attempts)
        out["postgres"] = {"fill_s": round(time.monotonic() - t0, 1), **decisions(ledger, n, 2)}
        ledger.close()
        note(f"PostgreSQL: {args.agents} agents at once ...")
        out["postgres_concurrent"] = concurrent(pg.url, args.agents, 5.0 if args.quick else 15.0)
    emit(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
