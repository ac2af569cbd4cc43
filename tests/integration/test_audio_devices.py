"""Real audio devices: a private PulseAudio with null sinks as the headset.

The engine runs as ``agent-softphone headless`` in its own process with the
PulseAudio environment (PortAudio reads it once per process). Device names:
``spk_a_monitor`` captures what is played into sink ``spk_a`` (our
"microphone"); sink ``spk_b`` is our "headset speaker", recorded through its
monitor. See tests/rig/pulse.py for what was measured.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import MakePeer
from tests.rig.headless_client import Headless, write_config
from tests.rig.kamailio import Kamailio
from tests.rig.pulse import PulseLoopback, pulse_available
from tests.rig.signals import dominant_hz, tone, tone_share

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def pulse() -> Iterator[PulseLoopback]:
    if not pulse_available():
        pytest.skip("pulseaudio / ALSA pulse plugin not installed (installer/setup.sh --test installs them)")
    with PulseLoopback(sinks=("spk_a", "spk_b", "spk_c")) as pa:
        yield pa


_RECORD = """
import sys, sounddevice as sd
frames = int(float(sys.argv[2]) * 16000)
data = sd.rec(frames, samplerate=16000, channels=1, dtype="int16", device=sys.argv[1], blocking=True)
sys.stdout.buffer.write(data.tobytes())
"""


def record(pa: PulseLoopback, source: str, seconds: float) -> bytes:
    """Exactly ``seconds`` of what a sink played, read through its monitor
    (PortAudio device ``<sink>_monitor``; parec loses buffered output when stopped)."""
    device = source.replace(".monitor", "_monitor")
    out = subprocess.run([sys.executable, "-c", _RECORD, device, str(seconds)], env=dict(os.environ, **pa.env),
                         capture_output=True, timeout=seconds + 15, check=True)
    return out.stdout


def play(pa: PulseLoopback, sink: str, freq: float, seconds: float) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(["pacat", "--playback", f"--device={sink}", "--format=s16le", "--rate=16000",
                             "--channels=1", "--raw"], env=pa.env, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write(tone(freq, seconds))
    proc.stdin.close()
    return proc


def start_phone(kam: Kamailio, pa: PulseLoopback, tmp_path: Path, output: str = "spk_b") -> Headless:
    audio = f'enabled = true\ninput_device = "spk_a_monitor"\noutput_device = "{output}"\nringer_device = "spk_c"'
    h = Headless(write_config(tmp_path / "phone.toml", kam, audio=audio), kam.users["1001"], tmp_path / "home",
                 env=pa.env)
    h.wait(event="registration_changed", new="registered")
    return h


def call_peer(h: Headless, peer) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    call_id = h.send(cmd="dial", target=peer.user)["result"]["call_id"]
    pc = peer.wait_event("incoming_call")["call"]
    peer.cmd("answer", call=pc)
    h.wait(event="call_state_changed", call_id=call_id, new="confirmed")
    return call_id, pc


def test_devices_are_listed_by_name(kam: Kamailio, pulse: PulseLoopback, tmp_path: Path) -> None:
    h = start_phone(kam, pulse, tmp_path)
    names = {d["name"] for d in h.send(cmd="devices")["result"]}
    assert {"spk_a_monitor", "spk_b", "default"} <= names
    assert h.send(cmd="quit")["ok"] and h.finish() == 0


def test_microphone_audio_reaches_the_far_end(kam: Kamailio, pulse: PulseLoopback, tmp_path: Path,
                                              make_peer: MakePeer) -> None:
    h = start_phone(kam, pulse, tmp_path)
    peer = make_peer(kam, "2001")
    call_id, pc = call_peer(h, peer)
    player = play(pulse, "spk_a", 440, 4.0)  # the agent "speaks" into the microphone
    time.sleep(2.5)
    heard = peer.cmd("recv_stats", call=pc, seconds=1.0, freq=440)
    player.wait(10)
    assert abs(heard["dominant_hz"] - 440) < 15 and heard["tone_ratio"] > 0.8, heard
    assert h.send(cmd="quit")["ok"] and h.finish() == 0


def test_far_end_audio_reaches_the_selected_output(kam: Kamailio, pulse: PulseLoopback, tmp_path: Path,
                                                   make_peer: MakePeer) -> None:
    h = start_phone(kam, pulse, tmp_path, output="spk_b")
    peer = make_peer(kam, "2001", tone=1000)
    call_peer(h, peer)
    time.sleep(0.5)
    on_b = record(pulse, "spk_b.monitor", 1.5)
    on_a = record(pulse, "spk_a.monitor", 1.0)
    assert abs(dominant_hz(on_b[-16000:]) - 1000) < 15 and tone_share(on_b[-16000:], 1000) > 0.8
    assert np.abs(np.frombuffer(on_a, "<i2")).max(initial=0) < 200, "only the selected device plays the call"
    assert h.send(cmd="quit")["ok"] and h.finish() == 0


def test_unplugged_output_falls_back_to_default_without_dropping_the_call(
        kam: Kamailio, pulse: PulseLoopback, tmp_path: Path, make_peer: MakePeer) -> None:
    pulse.set_default_sink("spk_c")
    h = start_phone(kam, pulse, tmp_path, output="spk_b")
    peer = make_peer(kam, "2001", tone=1000)
    call_id, pc = call_peer(h, peer)
    time.sleep(0.5)
    pulse.remove_sink("spk_b")  # the headset is unplugged mid-call
    changed = h.wait(event="audio_device_changed", role="output", timeout=10)
    assert changed["lost"] is True and changed["old"] == "spk_b" and changed["new"] == ""
    time.sleep(1.0)
    calls = h.send(cmd="calls")["result"]
    assert [c["state"] for c in calls] == ["confirmed"], "the call must survive the unplug"
    assert not [e for e in peer.events if e.get("event") == "call_state" and e.get("state") == "DISCONNECTED"]
    on_default = record(pulse, "spk_c.monitor", 1.5)
    assert abs(dominant_hz(on_default[-16000:]) - 1000) < 15, "the call now plays on the default device"
    assert h.send(cmd="quit")["ok"] and h.finish() == 0


def test_incoming_call_rings_on_the_ringer_device_until_answered(kam: Kamailio, pulse: PulseLoopback,
                                                                 tmp_path: Path, make_peer: MakePeer) -> None:
    h = start_phone(kam, pulse, tmp_path)  # ringer: spk_c
    peer = make_peer(kam, "2001")
    peer.cmd("call", uri=kam.uri("1001"))
    inc = h.wait(event="incoming_call")
    ring = record(pulse, "spk_c.monitor", 3.2)  # one whole ring cadence (0.4 on, 0.2 off, 0.4 on, 2.0 off)
    assert tone_share(ring, 600, width=30) + tone_share(ring, 800, width=30) > 0.6, "the ring tone plays"
    assert h.send(cmd="answer", call_id=inc["call_id"])["ok"]
    h.wait(event="call_state_changed", call_id=inc["call_id"], new="confirmed")
    time.sleep(0.5)
    after = record(pulse, "spk_c.monitor", 1.0)
    assert np.abs(np.frombuffer(after, "<i2")).max(initial=0) < 200, "ringing stops once answered"
    assert h.send(cmd="quit")["ok"] and h.finish() == 0


def test_outgoing_call_plays_ringback_on_the_headset(kam: Kamailio, pulse: PulseLoopback, tmp_path: Path,
                                                    make_peer: MakePeer) -> None:
    h = start_phone(kam, pulse, tmp_path, output="spk_b")
    peer = make_peer(kam, "2001")  # rings, does not answer
    call_id = h.send(cmd="dial", target="2001")["result"]["call_id"]
    h.wait(event="call_state_changed", call_id=call_id, new="early")
    heard = record(pulse, "spk_b.monitor", 5.2)  # one whole cadence: 450 Hz 1 s on, 4 s off
    assert tone_share(heard, 450, width=30) > 0.6 and abs(dominant_hz(heard) - 450) < 20, [l for l in h.lines if "event" in l and l["event"] in ("media_state_changed", "call_state_changed", "audio_device_changed", "error")]
    assert h.send(cmd="hangup", call_id=call_id)["ok"]
    assert h.send(cmd="quit")["ok"] and h.finish() == 0


def test_output_device_can_be_switched_during_a_call(kam: Kamailio, pulse: PulseLoopback, tmp_path: Path,
                                                     make_peer: MakePeer) -> None:
    h = start_phone(kam, pulse, tmp_path, output="spk_b")
    peer = make_peer(kam, "2001", tone=1000)
    call_peer(h, peer)
    assert h.send(cmd="select_device", role="output", name="spk_c")["ok"]
    changed = h.wait(event="audio_device_changed", role="output")
    assert (changed["old"], changed["new"], changed["lost"]) == ("spk_b", "spk_c", False)
    time.sleep(1.0)
    assert abs(dominant_hz(record(pulse, "spk_c.monitor", 1.0)) - 1000) < 15
    bad = h.send(cmd="select_device", role="output", name="no-such-headset")
    assert not bad["ok"] and "not connected" in bad["error"]["message"]
    assert h.send(cmd="calls")["result"][0]["state"] == "confirmed"
    assert h.send(cmd="quit")["ok"] and h.finish() == 0
