"""The rig itself works: real Kamailio, real pjsua2 peers, real PulseAudio.

If these fail, integration tests of the softphone cannot be trusted, so they
come first (``pytest tests/rig``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.rig.kamailio import Kamailio, kamailio_available, sip_options_probe
from tests.rig.peer_client import Peer
from tests.rig.pulse import PulseLoopback, pulse_available

needs_kamailio = pytest.mark.skipif(not kamailio_available(), reason="kamailio not installed")
needs_pulse = pytest.mark.skipif(not pulse_available(), reason="pulseaudio/alsa plugin missing")


@pytest.fixture
def kam() -> Iterator[Kamailio]:
    k = Kamailio()
    k.start()
    yield k
    k.stop()
    print(f"kamailio log: {k.log_path}")


@pytest.fixture
def peers(kam: Kamailio, tmp_path: Path) -> Iterator[list[Peer]]:
    """Peers created by a test through ``peers.append``; all closed with exit code 0."""
    made: list[Peer] = []
    yield made
    codes = [p.close() for p in made]
    for p in made:
        print(f"peer {p.user} log: {p.log_path}")
    assert codes == [0] * len(made)


def new_peer(peers: list[Peer], kam: Kamailio, user: str, password: str | None = None,
             **kw: Any) -> Peer:
    p = Peer(user, kam.users[user] if password is None else password,
             f"127.0.0.1:{kam.port}", log_dir=kam.workdir, **kw)
    peers.append(p)
    return p


def connect(kam: Kamailio, a: Peer, b: Peer, headers: dict[str, str] | None = None) -> tuple[int, int]:
    """A calls B through Kamailio, B answers; return (A's call id, B's call id)."""
    a_call = a.cmd("call", uri=kam.uri(b.user), headers=headers or {})["call"]
    b_call = b.wait_event("incoming_call")["call"]
    b.cmd("answer", call=b_call)
    a.wait_event("call_state", call=a_call, state="CONFIRMED")
    b.wait_event("call_state", call=b_call, state="CONFIRMED")
    return a_call, b_call


@pytest.mark.kamailio
@needs_kamailio
@pytest.mark.timeout(60)
def test_kamailio_start_stop_restart() -> None:
    with Kamailio() as k:
        assert sip_options_probe(k.port) == 200
        pid = k.pid
        k.restart()
        assert k.pid != pid and sip_options_probe(k.port) == 200
    assert sip_options_probe(k.port) is None
    assert "REQ OPTIONS" in k.log_text()


@pytest.mark.kamailio
@needs_kamailio
@pytest.mark.timeout(60)
@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_call_with_header_tone_and_dtmf(kam: Kamailio, peers: list[Peer], transport: str) -> None:
    a = new_peer(peers, kam, "2001", tone=1000, transport=transport)
    b = new_peer(peers, kam, "2002", transport=transport)
    a.wait_registered()
    b.wait_registered()
    a_call, b_call = connect(kam, a, b, {"X-Customer-Id": "C42"})
    incoming = next(e for e in b.events if e["event"] == "incoming_call")
    assert incoming["headers"]["X-Customer-Id"] == "C42"
    b.wait_event("media_state", call=b_call, status="active")
    time.sleep(1.2)
    stats = b.cmd("recv_stats", call=b_call, freq=1000, seconds=1.0)
    assert abs(stats["dominant_hz"] - 1000) < 20 and stats["tone_ratio"] > 0.9, stats
    assert 0.15 < stats["rms"] < 0.3, stats
    silent = a.cmd("recv_stats", call=a_call, freq=1000)
    assert silent["rms"] < 0.01 and silent["frames"] > 40, silent
    a.cmd("dtmf", call=a_call, digits="42#")
    assert [b.wait_event("dtmf", call=b_call)["digit"] for _ in range(3)] == ["4", "2", "#"]
    a.cmd("hangup", call=a_call)
    b.wait_event("call_state", call=b_call, state="DISCONNECTED")


@pytest.mark.kamailio
@needs_kamailio
@pytest.mark.timeout(60)
def test_wrong_password_and_unknown_target(kam: Kamailio, peers: list[Peer]) -> None:
    bad = new_peer(peers, kam, "2003", password="nope")
    ev = bad.wait_event("reg_state")
    assert ev["code"] in (401, 403) and not ev["active"], ev
    a = new_peer(peers, kam, "2001")
    a.wait_registered()
    call = a.cmd("call", uri=kam.uri("2002"))["call"]
    assert a.wait_event("call_state", call=call, state="DISCONNECTED")["code"] == 404


@pytest.mark.kamailio
@needs_kamailio
@pytest.mark.timeout(60)
def test_blind_transfer(kam: Kamailio, peers: list[Peer]) -> None:
    a = new_peer(peers, kam, "2001", tone=700)
    b = new_peer(peers, kam, "2002", auto_answer=True)
    c = new_peer(peers, kam, "2003", auto_answer=True)
    for p in (a, b, c):
        p.wait_registered()
    a_call = a.cmd("call", uri=kam.uri("2002"))["call"]
    a.wait_event("call_state", call=a_call, state="CONFIRMED")
    b.cmd("transfer", call=1, uri=kam.uri("2003"))
    new = a.wait_event("transfer_request")["new_call"]
    a.wait_event("call_state", call=new, state="CONFIRMED")
    assert b.wait_event("transfer_status", final=True)["code"] == 200
    a.wait_event("call_state", call=a_call, state="DISCONNECTED")
    c.wait_event("call_state", state="CONFIRMED")


@pytest.mark.kamailio
@needs_kamailio
@pytest.mark.timeout(60)
def test_attended_transfer_with_replaces(kam: Kamailio, peers: list[Peer]) -> None:
    """A talks to B and to C, then joins B and C (REFER with Replaces) and drops out."""
    a = new_peer(peers, kam, "2001")
    b = new_peer(peers, kam, "2002", auto_answer=True, tone=500)
    c = new_peer(peers, kam, "2003", auto_answer=True, tone=700)
    for p in (a, b, c):
        p.wait_registered()
    to_b = a.cmd("call", uri=kam.uri("2002"))["call"]
    a.wait_event("call_state", call=to_b, state="CONFIRMED")
    a.cmd("hold", call=to_b)
    to_c = a.cmd("call", uri=kam.uri("2003"))["call"]
    a.wait_event("call_state", call=to_c, state="CONFIRMED")
    a.cmd("transfer_replaces", call=to_b, to_call=to_c)
    b_new = b.wait_event("transfer_request")["new_call"]
    c_new = c.wait_event("call_replaced")["new_call"]
    b.wait_event("call_state", call=b_new, state="CONFIRMED")
    a.wait_event("call_state", call=to_b, state="DISCONNECTED")
    a.wait_event("call_state", call=to_c, state="DISCONNECTED")
    time.sleep(1.2)
    assert abs(c.cmd("recv_stats", call=c_new, freq=500)["dominant_hz"] - 500) < 20
    assert abs(b.cmd("recv_stats", call=b_new, freq=700)["dominant_hz"] - 700) < 20


@pytest.mark.pulse
@needs_pulse
@pytest.mark.timeout(60)
def test_pulse_loopback(tmp_path: Path) -> None:
    """A tone played into sink spk_a is captured from spk_a_monitor (separate process,
    because PortAudio reads the device list once per process)."""
    script = tmp_path / "loop.py"
    script.write_text(textwrap.dedent("""
        import time, numpy as np, sounddevice as sd
        names = [d["name"] for d in sd.query_devices()]
        assert {"spk_a", "spk_a_monitor", "spk_b", "pulse", "default"} <= set(names), names
        fs = 48000
        tone = (0.3 * np.sin(2 * np.pi * 1000 * np.arange(fs) / fs)).astype(np.float32)
        rec = []
        with sd.InputStream(device="spk_a_monitor", channels=1, samplerate=fs,
                            callback=lambda i, f, t, s: rec.append(i.copy())):
            sd.play(tone, fs, device="spk_a", blocking=True)
            time.sleep(0.1)
        x = np.concatenate(rec)[:, 0]
        spec = np.abs(np.fft.rfft(x * np.hanning(x.size)))
        print(float(np.fft.rfftfreq(x.size, 1 / fs)[np.argmax(spec)]), float(np.sqrt(np.mean(x ** 2))))
    """))
    with PulseLoopback() as pa:
        assert pa.sinks() == ["spk_a", "spk_b"]
        out = subprocess.run([sys.executable, str(script)], env=dict(os.environ, **pa.env),
                             capture_output=True, text=True, timeout=30)
        assert out.returncode == 0, out.stderr[-2000:] + pa.log_text()[-2000:]
        peak_hz, rms = map(float, out.stdout.split())
        assert abs(peak_hz - 1000) < 5 and rms > 0.1, out.stdout
        pa.remove_sink("spk_b")
        assert pa.sinks() == ["spk_a"]
