"""The dialing guard on live calls: Kamailio, pjsua2 peers as the customers' phones, the headless front end,
the case book imported by the CLI, and the local contact ledger (SQLite).

A refused dial never sends an INVITE: the peer that would ring sees no incoming call. A call that is
placed is recorded with its outcome (the peer answers busy), and the bot's attempts recorded through the
headless protocol count towards the same cap. "Night" is a case whose time zone has it 03:00 now.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.rig.headless_client import Headless, write_config
from tests.rig.kamailio import Kamailio, kamailio_available
from tests.rig.peer_client import Peer
from tests.rig.zones import zone_where_it_is

pytestmark = pytest.mark.timeout(150)

DAY_PHONE, NIGHT_PHONE, SPOUSE, SH_PHONE = "13711110001", "13711110002", "13711110003", "13711110004"
USERS = {"1001": "pw1001", DAY_PHONE: "pwday", NIGHT_PHONE: "pwnight", SPOUSE: "pwspouse"}


def env_for(tmp_path: Path) -> dict[str, str]:
    return {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "XDG_DATA_HOME": str(tmp_path / "xdg"),
            "AGENT_SOFTPHONE_HOME": str(tmp_path / "home"),
            "AGENT_SOFTPHONE_POLICY": str(tmp_path / "no-policy.toml")}  # the built-in rules


def import_cases(tmp_path: Path, config: Path, env: dict[str, str]) -> None:
    cases = tmp_path / "cases.csv"
    due = (date.today() + timedelta(days=5)).isoformat()
    with cases.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["case id", "name", "phone", "time zone", "contract no", "principal", "balance", "annual rate",
                    "instalment", "due date", "days overdue", "contact1 name", "contact1 relation", "contact1 phone"])
        w.writerow(["C-DAY", "白测试", DAY_PHONE, zone_where_it_is(14), "HT-1", "12000", "10000", "18%", "916.80", due,
                    "3", "白配偶", "配偶", SPOUSE])
        w.writerow(["C-SH", "沪测试", SH_PHONE, "Asia/Shanghai", "HT-3", "12000", "10000", "18%", "916.80", due, "3",
                    "", "", ""])
        w.writerow(["C-NIGHT", "夜测试", NIGHT_PHONE, zone_where_it_is(3), "HT-2", "12000", "10000", "18%", "916.80",
                    due, "3", "", "", ""])
    done = subprocess.run([sys.executable, "-m", "softphone.cli.main", "cases", "import", str(cases), "--config",
                           str(config)], capture_output=True, text=True, env=dict(os.environ, **env), timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def kam() -> Iterator[Kamailio]:
    if not kamailio_available():
        pytest.skip("kamailio is not installed (installer/setup.sh --test installs it)")
    with Kamailio(users=USERS) as k:
        yield k


def rang(peer: Peer, seconds: float = 2.0) -> int:
    """How many calls reached ``peer`` (after waiting ``seconds`` for any INVITE still on its way)."""
    time.sleep(seconds)
    return sum(1 for e in list(peer.events) if e.get("event") == "incoming_call")


def test_a_refused_dial_sends_no_invite_and_a_placed_one_is_counted(kam: Kamailio, tmp_path: Path) -> None:
    env = env_for(tmp_path)
    config = write_config(tmp_path / "phone.toml", kam)
    import_cases(tmp_path, config, env)
    night = Peer(NIGHT_PHONE, USERS[NIGHT_PHONE], f"127.0.0.1:{kam.port}", log_dir=tmp_path)
    spouse = Peer(SPOUSE, USERS[SPOUSE], f"127.0.0.1:{kam.port}", log_dir=tmp_path)
    day = Peer(DAY_PHONE, USERS[DAY_PHONE], f"127.0.0.1:{kam.port}", log_dir=tmp_path)
    for p in (night, spouse, day):
        p.wait_event("reg_state", code=200)
    h = Headless(config, USERS["1001"], tmp_path / "home",
                 {k: v for k, v in env.items() if k != "AGENT_SOFTPHONE_HOME"})
    try:
        h.wait(event="registration_changed", new="registered", timeout=15)
        refused = h.send(cmd="dial", target=kam.uri(NIGHT_PHONE))
        assert not refused["ok"] and refused["error"]["type"] == "DialRefused", refused
        decision = refused["error"]["decision"]
        assert decision["rule"] == "calling_hours" and "T08:00:00" in decision["next_allowed"], decision
        assert "outside the calling hours 08:00 to 21:00" in refused["error"]["message"]
        third = h.send(cmd="dial", target=SPOUSE)  # a bare number: the same guard
        assert third["error"]["decision"]["rule"] == "third_party", third
        assert rang(night) == rang(spouse, 0.1) == 0, "a refused dial must not send an INVITE"
        assert NIGHT_PHONE not in "".join(h.raw) and SPOUSE not in "".join(h.raw), "decisions hold no number"

        for i in range(5):  # the voice bot's unanswered attempts today, through the headless protocol
            rec = h.send(cmd="guard.record", case_id="C-DAY", number=DAY_PHONE, outcome="unanswered",
                         started_at=time.time() - 600 + i, ended_at=time.time() - 570 + i, source="bot")
            assert rec["ok"], rec
        mark = h.mark()
        placed = h.send(cmd="dial", target=kam.uri(DAY_PHONE))
        assert placed["ok"], placed
        pc = day.wait_event("incoming_call")["call"]
        day.cmd("reject", call=pc, code=486)  # busy: the sixth unanswered attempt
        h.wait(event="call_state_changed", call_id=placed["result"]["call_id"], new="disconnected", after=mark)
        deadline = time.monotonic() + 5
        while True:  # the outcome reaches the ledger from the call's own events
            check = h.send(cmd="guard.check", case_id="C-DAY", number=DAY_PHONE)["result"]
            if check["unanswered_today"] == 6 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert (check["allowed"], check["rule"], check["unanswered_today"]) == (False, "unanswered_cap", 6), check
        h.wait(event="wrapup_required", call_id=placed["result"]["call_id"], after=mark)
        wrapped = h.send(cmd="wrapup.submit", call_id=placed["result"]["call_id"], case_id="C-DAY",
                         disposition="no_answer")
        assert wrapped["ok"], wrapped
        again = h.send(cmd="dial", target=kam.uri(DAY_PHONE))
        assert again["error"]["decision"]["rule"] == "unanswered_cap", again
        assert rang(day) == 1, "the seventh attempt never rings"
        assert h.send(cmd="quit")["ok"]
        assert h.finish() == 0
    finally:
        if h.proc.poll() is None:
            h.proc.kill()
        for p in (night, spouse, day):
            p.close()


def test_the_cli_answers_allowed_rule_and_next_allowed(kam: Kamailio, tmp_path: Path) -> None:
    env = env_for(tmp_path)
    config = write_config(tmp_path / "phone.toml", kam)
    import_cases(tmp_path, config, env)
    full = dict(os.environ, **env)

    def guard(*args: str) -> tuple[int, dict[str, object], str]:
        done = subprocess.run([sys.executable, "-m", "softphone.cli.main", "guard", *args, "--config", str(config)],
                              capture_output=True, text=True, env=full, timeout=60)
        body = json.loads(done.stdout) if done.stdout.startswith("{") else {}
        return done.returncode, body, done.stdout + done.stderr

    code, body, _ = guard("check", "--case", "C-SH", "--number", SH_PHONE, "--at", "2026-12-04T20:59:59+08:00",
                          "--json")
    assert (code, body["allowed"], body["rule"]) == (0, True, None)
    code, body, _ = guard("check", "--case", "C-SH", "--number", SH_PHONE, "--at", "2026-12-04T21:00:00", "--json")
    assert (code, body["rule"], body["next_allowed"]) == (1, "calling_hours", "2026-12-05T08:00:00+08:00")
    for i in range(3):
        code, _, out = guard("record", "--case", "C-SH", "--number", SH_PHONE, "--outcome", "effective",
                             "--started", f"2026-12-04T1{i}:00:00+08:00", "--answered", f"2026-12-04T1{i}:00:10+08:00",
                             "--ended", f"2026-12-04T1{i}:05:00+08:00")
        assert code == 0, out
    code, body, out = guard("check", "--case", "C-SH", "--number", SH_PHONE, "--at", "2026-12-04T15:00:00+08:00",
                            "--json")
    assert (code, body["rule"], body["effective_today"]) == (1, "conversation_cap", 3), out
    code, body, out = guard("check", "--case", "C-DAY", "--number", SPOUSE, "--json")
    assert (code, body["rule"], body["next_allowed"]) == (1, "third_party", None)
    assert SPOUSE not in out
    code, _, out = guard("check", "--case", "C-NONE", "--number", DAY_PHONE)
    assert code == 2 and "no case C-NONE" in out
    assert guard("dnc", "--add", "--number", DAY_PHONE)[0] == 0
    code, body, _ = guard("check", "--case", "C-DAY", "--number", DAY_PHONE, "--json")
    assert (code, body["rule"]) == (1, "do_not_contact")
    code, body, _ = guard("quiet", "--case", "C-SH", "--until", "2026-12-06T12:00:00+08:00")
    assert code == 0
    code, body, _ = guard("check", "--case", "C-SH", "--number", SH_PHONE, "--at", "2026-12-05T09:00:00+08:00",
                          "--json")
    assert (code, body["rule"], body["next_allowed"]) == (1, "quiet_period", "2026-12-06T12:00:00+08:00")
