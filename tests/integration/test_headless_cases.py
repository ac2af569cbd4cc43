"""The case file over the headless protocol: import a case list, a hand-off pops it, the wrap-up is required.

Real parts: ``agent-softphone cases import`` and ``headless`` as processes,
Kamailio, a pjsua2 peer, SQLite, and a real keyring backend (keyrings.alt's
file backend, chosen with ``PYTHON_KEYRING_BACKEND`` in the test's folder)
holding the key the cases are encrypted with.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from softphone.demo.cases import fictional_id
from tests.conftest import MakePeer
from tests.rig.headless_client import Headless, write_config
from tests.rig.kamailio import Kamailio

pytestmark = pytest.mark.timeout(90)

NAME, PHONE, CARD = "钱测试", "13711112222", "6222030300998877665"
ID_NUMBER = fictional_id("320102", "19000512", "135")
RAW = (NAME, PHONE, CARD, ID_NUMBER)


def keyring_env(tmp_path: Path) -> dict[str, str]:
    return {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "XDG_DATA_HOME": str(tmp_path / "xdg")}


def write_case_list(path: Path) -> Path:
    due = (date.today() - timedelta(days=40)).isoformat()
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["case id", "name", "id number", "card number", "phone", "contract no", "product", "principal",
                    "balance", "annual rate", "instalment", "due date", "days overdue", "due today"])
        w.writerow(["C-77", NAME, ID_NUMBER, CARD, PHONE, "HT-77", "现金贷", "6000", "3000.50", "18%", "500", due,
                    "40", "3000.50"])
    return path


def import_cases(config: Path, case_list: Path, env: dict[str, str], home: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "softphone.cli.main", "cases", "import", str(case_list), "--json",
                           "--config", str(config)], capture_output=True, text=True, env=dict(os.environ, **env),
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_imported_case_pops_on_a_handoff_and_its_wrapup_is_required_over_the_protocol(
        kam: Kamailio, make_peer: MakePeer, tmp_path: Path) -> None:
    env = keyring_env(tmp_path)
    config = write_config(tmp_path / "phone.toml", kam)
    counts = import_cases(config, write_case_list(tmp_path / "cases.csv"), env, tmp_path / "home")
    assert (counts["added"], counts["updated"], counts["refused"]) == (1, 0, 0), counts
    h = Headless(config, kam.users["1001"], tmp_path / "home", env)
    try:
        h.wait(event="ready")
        h.wait(event="registration_changed", new="registered")
        peer = make_peer(kam, "2001")
        peer.cmd("call", uri=kam.uri("1001"), headers={"X-Customer-Id": "C-77"})
        call_id = h.wait(event="incoming_call")["call_id"]
        found = h.wait(event="case_found", call_id=call_id)
        assert found["state"] == "found", found
        case = found["cases"][0]
        assert (case["case_id"], case["name"], case["id_number"], case["card"]) == (
            "C-77", "钱*", ID_NUMBER[:6] + "********" + ID_NUMBER[-4:], "****" + CARD[-4:])
        assert case["numbers"][0]["number"] == "137****2222" and case["stage"] == "M2"
        assert case["balance_fen"] == 300050 and found["script"]["stage"] == "M2"

        assert h.send(cmd="answer", call_id=call_id)["ok"]
        h.wait(event="call_state_changed", call_id=call_id, new="confirmed")
        assert h.send(cmd="hangup", call_id=call_id)["ok"]
        asked = h.wait(event="wrapup_required", call_id=call_id)
        assert asked["required"] and asked["balance_fen"] == 300050

        refused = h.send(cmd="dial", target="2001")
        assert not refused["ok"] and refused["error"]["type"] == "WrapUpPending", refused
        too_much = h.send(cmd="wrapup.submit", call_id=call_id, case_id="C-77", disposition="promise_to_pay",
                          promise_due=date.today().isoformat(), promise_amount=5000)
        assert not too_much["ok"] and "3,000.50" in too_much["error"]["problems"][0], too_much
        ok = h.send(cmd="wrapup.submit", call_id=call_id, case_id="C-77", disposition="promise_to_pay",
                    promise_due=(date.today() + timedelta(days=3)).isoformat(), promise_amount=1000, note="月底")
        assert ok["ok"] and 0 < ok["result"]["score"] <= 100, ok
        h.wait(event="wrapup_stored", call_id=call_id, disposition="promise_to_pay")

        search = h.send(cmd="case.lookup", text="2222")
        assert search["ok"] and [c["case_id"] for c in search["result"]] == ["C-77"], search
        assert search["result"][0]["promises"][0]["amount_fen"] == 100000, "the promise is kept with the case"
        assert h.send(cmd="dial", target="2001")["ok"], "the next call is allowed once wrapped up"
        h.send(cmd="quit")
        assert h.finish() == 0
    finally:
        if h.proc.poll() is None:
            h.proc.kill()
    printed = "".join(h.raw) + h.stderr
    stored = b"".join(p.read_bytes() for p in (tmp_path / "home").rglob("*") if p.is_file())
    for raw in RAW:
        assert raw not in printed, f"{raw!r} printed unmasked"
        assert raw.encode() not in stored, f"{raw!r} in clear in the data folder"
