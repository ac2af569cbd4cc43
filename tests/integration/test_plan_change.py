"""A plan change on a live call: Kamailio, Kannel (bearerbox + smsbox + fakesmsc), a pjsua2 peer as the
customer's phone, the headless front end, SQLite and a real keyring backend (keyrings.alt's file backend).

The agent quotes and sends the code; the customer's phone gets the SMS through Kannel's fake SMSC, and the
peer keys the code by DTMF (RFC 2833); the plan is confirmed. Then the other rules on a second call: a code
from another call, five wrong codes lock. The code is looked for everywhere it must not be: the headless
output, the logs (debug, with pjsip's trace), the data folder (database and audit log: only its HMAC).
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.rig.headless_client import Headless, write_config
from tests.rig.kamailio import Kamailio, kamailio_available
from tests.rig.kannel import KannelRig
from tests.rig.peer_client import Peer

pytestmark = pytest.mark.timeout(150)

PHONE = "13722223333"
USERS = {"1001": "pw1001", PHONE: "pwphone"}


def keyring_env(tmp_path: Path) -> dict[str, str]:
    return {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "XDG_DATA_HOME": str(tmp_path / "xdg"),
            "AGENT_SOFTPHONE_HOME": str(tmp_path / "home")}


def prepare(tmp_path: Path, kam: Kamailio, kannel: KannelRig, env: dict[str, str]) -> Path:
    config = write_config(tmp_path / "phone.toml", kam, extra=f"""[sms]
gateway = "kannel"
kannel_url = "{kannel.sendsms_url}"
kannel_user = "{kannel.user}"
sender = "10690"
signature = "示例金融"
""")
    cases = tmp_path / "cases.csv"
    due = (date.today() + timedelta(days=12)).isoformat()
    with cases.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["case id", "name", "phone", "contract no", "product", "principal", "balance", "annual rate",
                    "instalment", "due date", "days overdue"])
        w.writerow(["C-88", "周测试", PHONE, "HT-88", "消费分期", "12000", "10000", "18%", "916.80", due, "0"])
    full = dict(os.environ, **env)
    done = subprocess.run([sys.executable, "-m", "softphone.cli.main", "cases", "import", str(cases), "--config",
                           str(config)], capture_output=True, text=True, env=full, timeout=60)
    assert done.returncode == 0, done.stderr
    save = ("from softphone.secrets import SecretStore\nfrom softphone.sms import save_sms_secret, "
            "KANNEL_PASSWORD_ENTRY\nsave_sms_secret(SecretStore(), KANNEL_PASSWORD_ENTRY, "
            f"{kannel.password!r})\n")
    done = subprocess.run([sys.executable, "-c", save], capture_output=True, text=True, env=full, timeout=60)
    assert done.returncode == 0, done.stderr
    return config


def code_in(kannel: KannelRig, after: int = 0) -> str:
    text = kannel.wait_message(PHONE, after=after).text
    match = re.search(r"验证码(\d{6})", text)
    assert match and text.startswith("【示例金融】"), text
    return match.group(1)


def call_in(h: Headless, peer: Peer, kam: Kamailio) -> tuple[str, str]:
    mark = h.mark()
    pc = peer.cmd("call", uri=kam.uri("1001"), headers={"X-Customer-Id": "C-88"})["call"]
    call_id = h.wait(event="incoming_call", after=mark)["call_id"]
    assert h.wait(event="case_found", call_id=call_id)["state"] == "found"
    assert h.send(cmd="answer", call_id=call_id)["ok"]
    h.wait(event="call_state_changed", call_id=call_id, new="confirmed")
    peer.wait_event("call_state", call=pc, state="CONFIRMED")
    return call_id, pc


def quote(h: Headless, call_id: str, months: int = 18) -> dict[str, Any]:
    reply = h.send(cmd="plan.quote", call_id=call_id, method="equal-installment", months=months)
    assert reply["ok"], reply
    return reply["result"]  # type: ignore[no-any-return]


def tried(event: dict[str, Any]) -> bool:
    """A ``plan_state_changed`` that answers a try (the quote's own ``quoted`` may still be on its way)."""
    return bool(event.get("outcome"))


def end_call(h: Headless, peer: Peer, call_id: str, pc: str) -> None:
    peer.cmd("hangup", call=pc)
    h.wait(event="call_state_changed", call_id=call_id, new="disconnected")
    h.wait(event="wrapup_required", call_id=call_id)
    ok = h.send(cmd="wrapup.submit", call_id=call_id, case_id="C-88", disposition="hardship", note="计划变更")
    assert ok["ok"], ok


@pytest.fixture
def kam() -> Any:
    if not kamailio_available():
        pytest.skip("kamailio is not installed (installer/setup.sh --test installs it)")
    with Kamailio(users=USERS) as k:
        yield k


def test_the_customer_keys_the_sms_code_and_the_plan_is_confirmed_and_the_rules_hold(
        kam: Kamailio, kannel: KannelRig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOFTPHONE_DEBUG", "1")  # every logger at DEBUG, pjsip's trace too: the code is in none
    monkeypatch.setenv("SOFTPHONE_PJ_LOG", "1")
    env = keyring_env(tmp_path)
    config = prepare(tmp_path, kam, kannel, env)
    peer = Peer(PHONE, USERS[PHONE], f"127.0.0.1:{kam.port}", log_dir=tmp_path)
    h = Headless(config, USERS["1001"], tmp_path / "home",
                 {k: v for k, v in env.items() if k != "AGENT_SOFTPHONE_HOME"})
    codes: list[str] = []
    try:
        peer.wait_event("reg_state", code=200)
        h.wait(event="registration_changed", new="registered", timeout=20)
        call_id, pc = call_in(h, peer, kam)

        view = quote(h, call_id)
        assert view["case_id"] == "C-88" and len(view["rows"]) == 18 and view["review_reasons"] == []
        assert view["rows"][0]["due"] == (date.today() + timedelta(days=12)).isoformat()  # a date, not masked
        sent = h.send(cmd="plan.send_code", call_id=call_id)
        assert sent["ok"] and sent["result"] == {"state": "code_sent"}, sent
        state = h.wait(event="plan_state_changed", call_id=call_id, state="code_sent")
        assert state["sent_to"] == "137****3333" and state["tries_left"] == 5 and state["expires_at"]
        codes.append(code_in(kannel))

        peer.cmd("dtmf", call=pc, digits=codes[0])  # the customer keys it on the phone
        done = h.wait(event="plan_state_changed", call_id=call_id, state="confirmed", timeout=15)
        assert done["outcome"] == "confirmed" and done["plan_id"]
        keys = [e["digit"] for e in h.lines if e.get("event") == "dtmf_received"]
        assert keys == ["•"] * 6, "the agent never sees the keys of the code"

        mark = h.mark()
        h.send(cmd="plan.confirm", call_id=call_id, code=codes[0])  # replayed
        assert h.wait(event="plan_state_changed", after=mark, call_id=call_id, where=tried)["outcome"] == "used"
        end_call(h, peer, call_id, pc)

        # a second call: the first call's code is refused; then five wrong codes lock the plan change
        call2, pc2 = call_in(h, peer, kam)
        quote(h, call2)
        mark = h.mark()
        h.send(cmd="plan.confirm", call_id=call2, code=codes[0])
        assert h.wait(event="plan_state_changed", after=mark, call_id=call2, where=tried)["outcome"] == "other_call"
        received = len(kannel.received())
        assert h.send(cmd="plan.send_code", call_id=call2)["ok"]
        codes.append(code_in(kannel, after=received))
        wrong = f"{(int(codes[1]) + 1) % 1_000_000:06d}"
        for _ in range(5):
            h.send(cmd="plan.confirm", call_id=call2, code=wrong)
        locked = h.wait(event="plan_state_changed", call_id=call2, state="locked")
        assert locked["tries_left"] == 0 and "locked" in locked["user_message"]
        mark = h.mark()
        h.send(cmd="plan.confirm", call_id=call2, code=codes[1])
        assert h.wait(event="plan_state_changed", after=mark, call_id=call2, where=tried)["state"] == "locked"
        refused = h.send(cmd="plan.send_code", call_id=call2)
        assert not refused["ok"] and "locked" in refused["error"]["message"]
        end_call(h, peer, call2, pc2)
        h.send(cmd="quit")
        assert h.finish() == 0
    finally:
        if h.proc.poll() is None:
            h.proc.kill()
        peer.close()
    assert "INVITE sip:" in h.stderr, "pjsip's trace was logged (else the log check proves little)"
    printed = "".join(h.raw) + h.stderr
    stored = b"".join(p.read_bytes() for p in (tmp_path / "home").rglob("*") if p.is_file())
    assert len(codes) == 2
    for code in codes:
        assert code not in printed, "a code reached the headless output or the log"
        assert code.encode() not in stored, "a code is in the data folder"
    verify = subprocess.run([sys.executable, "-m", "softphone.cli.main", "audit", "verify", "--json", "--config",
                             str(config)], capture_output=True, text=True, env=dict(os.environ, **env), timeout=60)
    assert verify.returncode == 0, verify.stderr
    export = subprocess.run([sys.executable, "-m", "softphone.cli.main", "audit", "export", "--from",
                             date.today().isoformat(), "--to", date.today().isoformat(), "--config", str(config)],
                            capture_output=True, text=True, env=dict(os.environ, **env), timeout=60)
    actions = [line.split('"action": "')[1].split('"')[0] for line in export.stdout.splitlines()]
    assert actions[:4] == ["plan.proposed", "code.sent", "code.tried", "plan.confirmed"]
    assert actions.count("code.tried") == 1 + 1 + 1 + 5 + 1 and "plan.locked" in actions
