"""Customers' numbers never reach the logs, even with full SIP message logging on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.rig.headless_client import Headless, write_config
from tests.rig.kamailio import Kamailio
from tests.rig.peer_client import Peer

pytestmark = pytest.mark.timeout(60)
MOBILE = "13812345678"


def test_debug_logs_with_sip_traces_hold_no_raw_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOFTPHONE_DEBUG", "1")   # every logger at DEBUG
    monkeypatch.setenv("SOFTPHONE_PJ_LOG", "1")  # and pjsip's full SIP message trace
    with Kamailio(users={"1001": "pw1001", MOBILE: "pwmobile"}) as kam:
        peer = Peer(MOBILE, "pwmobile", f"127.0.0.1:{kam.port}", auto_answer=True, log_dir=tmp_path)
        try:
            peer.wait_event("reg_state", code=200)
            h = Headless(write_config(tmp_path / "p.toml", kam), "pw1001", tmp_path / "home")
            h.wait(event="registration_changed", new="registered")
            call_id = h.send(cmd="dial", target=MOBILE, headers={"X-Customer-Phone": MOBILE})["result"]["call_id"]
            h.wait(event="call_state_changed", call_id=call_id, new="confirmed")
            h.send(cmd="hangup", call_id=call_id)
            h.wait(event="call_state_changed", call_id=call_id, new="disconnected")
            h.send(cmd="quit")
            assert h.finish() == 0
        finally:
            peer.close()
    assert "INVITE sip:" in h.stderr, "the SIP trace was logged (else this test proves nothing)"
    assert MOBILE not in h.stderr
    assert "138****5678" in h.stderr
