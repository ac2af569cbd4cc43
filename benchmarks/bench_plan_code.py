"""The plan change's code: "Send code" → SMS accepted by Kannel, and the customer's DTMF → plan confirmed.

    .venv/bin/python benchmarks/bench_plan_code.py [--quick] [--calls N]

Real parts: Kamailio on 127.0.0.1, Kannel (bearerbox + smsbox + fakesmsc as the SMSC, ``tests/rig/kannel.py``),
a ``Session`` (SQLite, a file keyring backend, the audit log) and a pjsua2 peer in its own process as the
customer's phone. Per call: the agent quotes a plan and sends the code; the peer reads the SMS from the fake
SMSC and keys the six digits by RFC 2833. Measured:

* ``send_to_accepted_ms``: ``send_plan_code`` called → its future done (Kannel answered 202), which includes
  the audit entries, the code's HMAC row and the HTTP round trip;
* ``send_to_smsc_ms``: ``send_plan_code`` called → fakesmsc printed the message (Kannel delivered it);
* ``dtmf_to_confirmed_ms``: the peer told to key the digits → ``PlanStateChanged(CONFIRMED)`` on the bus; six
  RFC 2833 events of 160 ms each (pjsua2's default) make most of it;
* ``last_digit_to_confirmed_ms``: the engine's ``DtmfReceived`` of the last digit → ``CONFIRMED``: the
  softphone's own part (HMAC check, stored plan, four audit entries).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _common import emit, note, summary

HOME = Path(tempfile.mkdtemp(prefix="bench-plan-"))
os.environ["AGENT_SOFTPHONE_HOME"] = str(HOME)

from keyrings.alt.file import PlaintextKeyring  # noqa: E402

from softphone.crm.model import Case, ContactNumber, Customer, Loan, Relation, stage_for_days  # noqa: E402
from softphone.crm.store import CaseStore  # noqa: E402
from softphone.events import CaseFound, DtmfReceived, IncomingCall, PlanStateChanged  # noqa: E402
from softphone.plans.terms import Method  # noqa: E402
from softphone.secrets import SecretStore  # noqa: E402
from softphone.session import PlanRequest, PlanState, Session  # noqa: E402
from softphone.sms import KANNEL_PASSWORD_ENTRY, save_sms_secret  # noqa: E402
from softphone.states import CallId  # noqa: E402
from softphone.storage.db import database_path  # noqa: E402
from softphone.storage.vault import history_cipher  # noqa: E402
from tests.conftest import engine_settings  # noqa: E402
from tests.rig.kamailio import Kamailio  # noqa: E402
from tests.rig.kannel import KannelRig  # noqa: E402
from tests.rig.peer_client import Peer  # noqa: E402
from tests.rig.recorder import EventRecorder  # noqa: E402

PHONE = "13766667777"
USERS = {"1001": "pw1001", PHONE: "pwphone"}


def the_case() -> Case:
    due = date.today() + timedelta(days=10)
    return Case("C-B", Customer("测试", "", "", ""),
                (Loan("HT-B", "消费分期", 1_200_000, 1_000_000, 0.18, 91_680, due, 0, stage_for_days(0)),),
                (ContactNumber(PHONE, Relation.SELF),))


def one_call(s: Session, seen: EventRecorder, raw_dtmf: list[tuple[str, float]], peer: Peer, kam: Kamailio, kannel: KannelRig) -> dict[str, float]:
    mark = len(seen.events)
    pc = peer.cmd("call", uri=kam.uri("1001"), headers={"X-Customer-Id": "C-B"})["call"]
    call_id = seen.wait(IncomingCall, after=mark).call_id
    seen.wait(CaseFound, call_id=call_id)
    s.answer(call_id).result(5)
    peer.wait_event("call_state", call=pc, state="CONFIRMED")
    s.quote_plan(CallId(call_id), PlanRequest(Method.EQUAL_INSTALLMENT, 18)).result(10)
    received = len(kannel.received())
    t0 = time.monotonic()
    state = s.send_plan_code(CallId(call_id)).result(10)
    accepted = time.monotonic()
    assert state is PlanState.CODE_SENT, state
    message = kannel.wait_message(PHONE, after=received)
    code = re.search(r"验证码(\d{6})", message.text).group(1)  # type: ignore[union-attr]
    keyed = time.time()  # events carry wall-clock times (Event.at)
    peer.cmd("dtmf", call=pc, digits=code)
    done = seen.wait(PlanStateChanged, call_id=call_id, state=PlanState.CONFIRMED)
    last_digit = max(at for cid, at in raw_dtmf if cid == call_id)
    peer.cmd("hangup", call=pc)  # the wrap-up is not required here ([cases] require_wrapup = false)
    return {"send_to_accepted_ms": (accepted - t0) * 1000, "send_to_smsc_ms": (message.at - t0) * 1000,
            "dtmf_to_confirmed_ms": (done.at - keyed) * 1000, "last_digit_to_confirmed_ms": (done.at - last_digit) * 1000}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--calls", type=int, default=0)
    args = ap.parse_args()
    calls = args.calls or (5 if args.quick else 20)
    backend = PlaintextKeyring()
    backend.file_path = str(HOME / "keyring" / "keyring_pass.cfg")
    secrets = SecretStore(backend)
    with Kamailio(users=USERS) as kam, KannelRig() as kannel:
        save_sms_secret(secrets, KANNEL_PASSWORD_ENTRY, kannel.password)
        settings = engine_settings(kam, storage=dict(data_dir=str(HOME / "data")),
                                   sms=dict(gateway="kannel", kannel_url=kannel.sendsms_url, kannel_user=kannel.user),
                                   cases=dict(require_wrapup=False))
        s = Session(settings, secrets, typed_password=USERS["1001"])
        seen = EventRecorder(s)
        raw_dtmf: list[tuple[str, float]] = []
        s._bus.subscribe(lambda e: raw_dtmf.append((e.call_id, e.at)), DtmfReceived)  # the raw bus: the real digits
        s.start()
        cipher, _ = history_cipher(secrets)
        store = CaseStore.open(database_path(settings.storage), cipher)
        store.upsert_many([the_case()])
        store.close()
        peer = Peer(PHONE, USERS[PHONE], f"127.0.0.1:{kam.port}", log_dir=HOME)
        rows: list[dict[str, float]] = []
        try:
            peer.wait_registered()
            for i in range(calls):
                rows.append(one_call(s, seen, raw_dtmf, peer, kam, kannel))
                note(f"call {i + 1}/{calls}: " + ", ".join(f"{k} {v:.0f}" for k, v in rows[-1].items()))
                time.sleep(0.3)
        finally:
            peer.close()
            s.close()
    emit({"benchmark": "plan_code", "calls": calls,
          **{key: summary([r[key] for r in rows]) for key in rows[0]},
          "note": "2 shared cores; Kannel, Kamailio, the peer and the session on one machine"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
