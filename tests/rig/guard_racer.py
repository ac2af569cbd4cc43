"""One agent of the ledger race: dial the same debtors as another process, at the same instant.

``race(kind, where, password, rounds, barrier, results)`` runs in its own process
(multiprocessing, spawn): for each round it waits at the barrier with the other
agent, then asks the ledger to check and hold a dial to debtor ``R<round>``.
"""

from __future__ import annotations

import os
from typing import Any

from softphone.compliance.guard import BUILT_IN, ContactLedger, PostgresLedger, SqliteLedger, Target

NUMBER = "13800138000"


def open_ledger(kind: str, where: str, password: str) -> ContactLedger:
    from pathlib import Path

    return PostgresLedger(where, password) if kind == "postgres" else SqliteLedger(Path(where))


def race(kind: str, where: str, password: str, rounds: int, at: float, barrier: Any, results: Any) -> None:
    ledger = open_ledger(kind, where, password)
    fp = ledger.fingerprint(NUMBER)
    try:
        for i in range(rounds):
            barrier.wait(timeout=30)
            d = ledger.begin(BUILT_IN, Target(f"R{i}", fp, time_zone="Asia/Shanghai"), at + i, source="softphone",
                             agent=f"agent-{os.getpid()}")
            results.put((i, os.getpid(), d.allowed, d.rule.value if d.rule else None))
    finally:
        ledger.close()
