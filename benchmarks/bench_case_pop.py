"""Screen pop: INVITE received → customer panel filled, with a case book of 100,000 cases.

    .venv/bin/python benchmarks/bench_case_pop.py [--quick] [--cases N] [--calls N]

A real ``Session`` (no PBX: bound to 127.0.0.1 like the demo) and a pjsua2 peer
in its own process (``tests/rig/peer.py``) calling it with ``X-Customer-Id`` of
a random case, once with the local case book and once with the HTTP adapter
against a local HTTP server serving the same cases. Per call:

* ``pop_ms``: ``IncomingCall.at`` (stamped when pjsua2 handed the INVITE to the
  engine) → ``CaseFound.at`` (the case desk posted the masked case);
* ``panel_ms``: ``CustomerPanel.show_case`` of that case, offscreen;
* ``total_ms``: ``IncomingCall.at`` → the panel filled, on the GUI thread.

Plus the store's lookup by number (keyed fingerprint index) over 1,000 random
numbers. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from _common import ROOT, emit, note, summary  # noqa: E402

HOME = Path(tempfile.mkdtemp(prefix="bench-cases-"))
os.environ["AGENT_SOFTPHONE_HOME"] = str(HOME)

from softphone.crm.model import Case, ContactNumber, Customer, Loan, Relation, stage_for_days  # noqa: E402
from softphone.crm.source import CaseLookup  # noqa: E402
from softphone.crm.store import CaseStore  # noqa: E402
from softphone.demo.cases import fictional_id  # noqa: E402
from softphone.demo.run import demo_settings  # noqa: E402
from softphone.events import CaseFound, IncomingCall  # noqa: E402
from softphone.secrets import SecretStore  # noqa: E402
from softphone.session import Session  # noqa: E402
from softphone.storage.db import database_path  # noqa: E402
from softphone.storage.vault import history_cipher  # noqa: E402
from tests.rig.peer_client import Peer  # noqa: E402


def number_of(n: int) -> str:
    return f"139{n:08d}"


def make_case(n: int, today: date) -> Case:
    days = n % 120
    loan = Loan(f"HT{n:09d}", "消费分期", 1_000_000, 100_000 + n % 900_000, 0.18, 50_000,
                today - timedelta(days=days), days, stage_for_days(days), 50_000 if days else 0)
    return Case(f"C{n:07d}", Customer(f"测试{n}", fictional_id("110101", "19000101", f"{n % 1000:03d}"),
                                      f"62220200{n:011d}"),
                (loan,), (ContactNumber(number_of(n), Relation.SELF),), lenders_count=n % 5)


def http_json(case: Case) -> dict[str, Any]:
    """The case in the HTTP adapter's schema (docs/cases.md), money in yuan."""
    loan = case.loans[0]
    return {"case_id": case.case_id,
            "customer": {"name": case.customer.name, "id_number": case.customer.id_number,
                         "card_number": case.customer.card_number, "address": ""},
            "loans": [{"contract_no": loan.contract_no, "product": loan.product, "principal": loan.principal_fen / 100,
                       "balance": loan.balance_fen / 100, "annual_rate": loan.annual_rate,
                       "instalment": loan.instalment_fen / 100, "due_date": loan.due_date.isoformat()
                       if loan.due_date else None, "days_overdue": loan.days_overdue,
                       "due_today": loan.due_today_fen / 100}],
            "numbers": [{"number": n.number, "relation": n.relation.value, "do_not_contact": n.do_not_contact,
                         "label": n.label} for n in case.numbers],
            "contacts": [], "promises": [], "lenders_count": case.lenders_count, "complaints": 0, "vulnerable": False}


def crm_server(count: int, today: date) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            case_id = self.path.rsplit("/", 1)[-1]
            n = int(case_id[1:]) if case_id[1:].isdigit() else -1
            body = json.dumps(http_json(make_case(n, today))).encode() if 0 <= n < count else b"{}"
            self.send_response(200 if 0 <= n < count else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def secrets() -> SecretStore:
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(HOME / "keyring.cfg")
    return SecretStore(backend)


def seed(store_secrets: SecretStore, settings: Any, count: int, today: date) -> float:
    cipher, problem = history_cipher(store_secrets)
    assert cipher is not None, problem
    store = CaseStore.open(database_path(settings.storage), cipher)
    started = time.perf_counter()
    store.upsert_many(make_case(n, today) for n in range(count))
    took = time.perf_counter() - started
    store.close()
    return took


def by_number(store_secrets: SecretStore, settings: Any, count: int) -> dict[str, Any]:
    cipher, _ = history_cipher(store_secrets)
    assert cipher is not None
    store = CaseStore.open(database_path(settings.storage), cipher)
    times = []
    for _ in range(1000):
        n = random.randrange(count)
        started = time.perf_counter()
        found = store.lookup(CaseLookup(number=number_of(n)))
        times.append((time.perf_counter() - started) * 1000)
        assert found.cases and found.cases[0].case_id == f"C{n:07d}"
    store.close()
    return summary(times, 3)


def run_calls(session: Session, peer: Peer, count: int, calls: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from ui.widgets.customer_panel import CustomerPanel

    app = QApplication.instance() or QApplication([])
    panel = CustomerPanel()
    panel.resize(540, 600)
    panel.show()
    arrived: dict[str, float] = {}
    found: queue.SimpleQueue[CaseFound] = queue.SimpleQueue()

    def on(event: object) -> None:
        if isinstance(event, IncomingCall):
            arrived[event.call_id] = event.at
        elif isinstance(event, CaseFound):
            found.put(event)
    unsubscribe = session.subscribe(on)
    pop, fill, total = [], [], []
    for _ in range(calls):
        n = random.randrange(count)
        pc = peer.cmd("call", uri=f"sip:agent@127.0.0.1:{session.local_port}",
                      headers={"X-Customer-Id": f"C{n:07d}"})["call"]
        event = found.get(timeout=15)
        started = time.perf_counter()
        panel.show_case(event.cases[0], event.hints, event.script, event.cached_at, event.user_message)
        app.processEvents()
        fill.append((time.perf_counter() - started) * 1000)
        done = time.time()
        assert event.cases[0].case_id == f"C{n:07d}", event
        pop.append((event.at - arrived[event.call_id]) * 1000)
        total.append((done - arrived[event.call_id]) * 1000)
        peer.cmd("hangup", call=pc)
        peer.wait_event("call_state", call=pc, state="DISCONNECTED")
        time.sleep(0.2)
    unsubscribe()
    panel.close()
    return {"pop_ms": summary(pop), "panel_ms": summary(fill), "total_ms": summary(total)}


def bench_source(kind: str, store_secrets: SecretStore, count: int, calls: int, today: date,
                 seeded: bool) -> dict[str, Any]:
    base = demo_settings(audio=False)
    settings = replace(base, storage=replace(base.storage, data_dir=str(HOME / "data")),
                       asr=replace(base.asr, enabled=False),
                       cases=replace(base.cases, require_wrapup=False))
    result: dict[str, Any] = {}
    server = None
    if kind == "http":
        server = crm_server(count, today)
        settings = replace(settings, cases=replace(settings.cases, source="http",
                                                   http_url=f"http://127.0.0.1:{server.server_address[1]}/"))
    if not seeded:
        result["seed_s"] = round(seed(store_secrets, settings, count, today), 1)
        result["lookup_by_number_ms"] = by_number(store_secrets, settings, count)
    session = Session(settings, store_secrets)
    session.start()
    peer = Peer("bot", register=False, log_dir=HOME)
    try:
        result.update(run_calls(session, peer, count, calls))
    finally:
        peer.close()
        session.close()
        if server is not None:
            server.shutdown()
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--cases", type=int)
    ap.add_argument("--calls", type=int)
    args = ap.parse_args()
    count = args.cases or (5_000 if args.quick else 100_000)
    calls = args.calls or (5 if args.quick else 30)
    today = date.today()
    store_secrets = secrets()
    note(f"case book of {count} cases, {calls} calls per source")
    local = bench_source("local", store_secrets, count, calls, today, seeded=False)
    note("local done:", local.get("pop_ms"))
    http = bench_source("http", store_secrets, count, calls, today, seeded=True)
    emit({"cases": count, "calls_per_source": calls, "machine": f"{os.cpu_count()} cores, shared with other jobs",
          "local": local, "http": http, "root": str(ROOT)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
