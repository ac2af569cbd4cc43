"""The rig itself works: real Kamailio, real pjsua2 peers, real PulseAudio.

If these fail, integration tests of the softphone cannot be trusted, so they
come first (``pytest tests/rig``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.rig.kamailio import Kamailio, kamailio_available, sip_options_probe
from tests.rig.mosquitto import MosquittoRig, mosquitto_available
from tests.rig.peer_client import Peer
from tests.rig.pulse import PulseLoopback, pulse_available

try:
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion
    from paho.mqtt.reasoncodes import ReasonCode
except ImportError:  # a venv from before paho-mqtt was a dependency: installer/setup.sh installs it
    mqtt = None  # type: ignore[assignment]

needs_kamailio = pytest.mark.skipif(not kamailio_available(), reason="kamailio not installed")
needs_pulse = pytest.mark.skipif(not pulse_available(), reason="pulseaudio/alsa plugin missing")
needs_mosquitto = pytest.mark.skipif(not mosquitto_available() or mqtt is None,
                                     reason="mosquitto or paho-mqtt not installed (installer/setup.sh --test)")


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


# -- Mosquitto: TLS, passwords and the ACL the product ships (resources/team/mosquitto.acl.example) ------------

TEAM_A = "agent-softphone/team-a"


class MqttProbe:
    """One paho-mqtt client (v2 callback API) on its own network thread that records what happens to it.

    It subscribes to ``subscribe`` (QoS 1) at every successful connect, so after a broker restart its
    automatic reconnection (paho's, 1 s after the loss) brings its subscriptions back."""

    def __init__(self, broker: MosquittoRig, user: str, password: str | None = None, client_id: str | None = None,
                 protocol: int = 5, subscribe: tuple[str, ...] = (), plain: bool = False) -> None:
        self.user = user
        self.topics = subscribe
        self.connects: list[ReasonCode] = []
        self.disconnects: list[ReasonCode] = []
        self.subacks: list[ReasonCode] = []
        self.pubacks: dict[int, ReasonCode] = {}
        self.messages: list[mqtt.MQTTMessage] = []
        self._cond = threading.Condition()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id or user,
                                  protocol=mqtt.MQTTv5 if protocol == 5 else mqtt.MQTTv311)
        if not plain:
            self.client.tls_set(ca_certs=str(broker.ca_path))
        self.client.username_pw_set(user, broker.users[user] if password is None else password)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_publish = self._on_publish
        self.client.on_message = self._on_message
        port = broker.plain_port if plain else broker.tls_port
        assert port is not None
        self.client.connect(broker.host, port, keepalive=10)
        self.client.loop_start()

    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: mqtt.ConnectFlags, reason: ReasonCode,
                    properties: Any) -> None:
        if not reason.is_failure:
            for topic in self.topics:
                client.subscribe(topic, qos=1)
        with self._cond:
            self.connects.append(reason)
            self._cond.notify_all()

    def _on_disconnect(self, client: mqtt.Client, userdata: Any, flags: mqtt.DisconnectFlags, reason: ReasonCode,
                       properties: Any) -> None:
        with self._cond:
            self.disconnects.append(reason)
            self._cond.notify_all()

    def _on_subscribe(self, client: mqtt.Client, userdata: Any, mid: int, reasons: list[ReasonCode],
                      properties: Any) -> None:
        with self._cond:
            self.subacks.extend(reasons)
            self._cond.notify_all()

    def _on_publish(self, client: mqtt.Client, userdata: Any, mid: int, reason: ReasonCode, properties: Any) -> None:
        with self._cond:
            self.pubacks[mid] = reason
            self._cond.notify_all()

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
        with self._cond:
            self.messages.append(message)
            self._cond.notify_all()

    def _wait(self, done: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
        with self._cond:
            if not self._cond.wait_for(done, timeout):
                raise AssertionError(f"{self.user}: no {what} in {timeout} s")

    def connected(self, count: int = 1) -> ReasonCode:
        """The broker's answer to the ``count``-th connection, once it is subscribed to everything."""
        self._wait(lambda: len(self.connects) >= count, f"CONNACK #{count}")
        reason = self.connects[count - 1]
        if not reason.is_failure:
            self._wait(lambda: len(self.subacks) >= count * len(self.topics), f"SUBACK after connect #{count}")
        return reason

    def disconnected(self, count: int = 1) -> ReasonCode:
        """Why the ``count``-th connection ended."""
        self._wait(lambda: len(self.disconnects) >= count, f"disconnect #{count}")
        return self.disconnects[count - 1]

    def publish(self, topic: str, payload: bytes, retain: bool = False) -> ReasonCode:
        """Publish with QoS 1 and return the broker's PUBACK reason. MQTT 5 reports a refusal there ("Not
        authorized"); an accepted message gets "Success" or, with no subscriber, "No matching subscribers"
        (both not ``is_failure``)."""
        info = self.client.publish(topic, payload, qos=1, retain=retain)
        self._wait(lambda: info.mid in self.pubacks, f"PUBACK for {topic}")
        return self.pubacks[info.mid]

    def message(self, topic: str, after: int = 0) -> mqtt.MQTTMessage:
        """The first message on ``topic`` beyond the first ``after`` received."""
        self._wait(lambda: any(m.topic == topic for m in self.messages[after:]), f"message on {topic}")
        return next(m for m in self.messages[after:] if m.topic == topic)

    def received(self) -> list[tuple[str, bytes, bool]]:
        with self._cond:
            return [(m.topic, bytes(m.payload), m.retain) for m in self.messages]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def make_mosquitto() -> Iterator[Callable[..., MosquittoRig]]:
    """Brokers of the test's own making (arguments of ``MosquittoRig``), closed after the probes."""
    made: list[MosquittoRig] = []

    def make(**kw: Any) -> MosquittoRig:
        made.append(MosquittoRig(**kw))
        made[-1].start()
        return made[-1]

    yield make
    for broker in made:
        broker.close()


@pytest.fixture
def mqtt_probes() -> Iterator[Callable[..., MqttProbe]]:
    """Probes of the test's making, disconnected after it (before the brokers the test asked for earlier)."""
    made: list[MqttProbe] = []

    def make(broker: MosquittoRig, user: str, **kw: Any) -> MqttProbe:
        made.append(MqttProbe(broker, user, **kw))
        return made[-1]

    yield make
    for probe in made:
        probe.close()


@needs_mosquitto
@pytest.mark.timeout(30)
def test_mosquitto_tls_passwords_shipped_acl_and_restart(mosquitto: MosquittoRig,
                                                         mqtt_probes: Callable[..., MqttProbe]) -> None:
    broker = mosquitto
    assert broker.listening() == {("127.0.0.1", broker.tls_port)}, "TLS on 127.0.0.1 only, no default 1883"
    # agent-1001 tries to read agent 1002's topics and everything else; it may read nothing
    a1 = mqtt_probes(broker, "agent-1001", subscribe=(f"{TEAM_A}/agents/1002/#", "agent-softphone/#"))
    a2 = mqtt_probes(broker, "agent-1002")
    assert a1.connected() == "Success" and a2.connected() == "Success"
    assert a1.subacks == ["Granted QoS 1"] * 2  # mosquitto 2.0.11 grants it; the ACL bites at delivery
    assert not a1.publish(f"{TEAM_A}/agents/1001/state", b"ready", retain=True).is_failure

    lead_a = mqtt_probes(broker, "lead-team-a", subscribe=(f"{TEAM_A}/#",))
    lead_b = mqtt_probes(broker, "lead-team-b", subscribe=("agent-softphone/#",))
    assert lead_a.connected() == "Success" and lead_b.connected() == "Success"
    retained = lead_a.message(f"{TEAM_A}/agents/1001/state")
    assert (retained.payload, retained.retain) == (b"ready", True)

    assert not a2.publish(f"{TEAM_A}/agents/1002/call", b"dialing").is_failure
    assert lead_a.message(f"{TEAM_A}/agents/1002/call").payload == b"dialing"
    # writing anywhere but its own team's own subtree, or as a lead, is refused (MQTT 5 says so in the PUBACK)
    assert a1.publish(f"{TEAM_A}/agents/1002/state", b"spoof") == "Not authorized"
    assert a1.publish("agent-softphone/team-b/agents/1001/state", b"elsewhere") == "Not authorized"
    assert lead_a.publish(f"{TEAM_A}/agents/1001/alert", b"from the lead") == "Not authorized"

    # wrong password, unknown user, over MQTT 3.1.1 and 5: paho reports CONNACK "Not authorized" (135) for all
    for user, password, protocol in (("agent-1001", "wrong", 4), ("agent-1001", "wrong", 5), ("agent-9999", "x", 5)):
        refused = mqtt_probes(broker, user, password=password, protocol=protocol)
        assert refused.connected() == "Not authorized", (user, protocol)
        refused.close()
    # use_username_as_clientid: another user's client id does not take agent-1001's session over
    intruder = mqtt_probes(broker, "agent-2001", client_id="agent-1001")
    assert intruder.connected() == "Success"

    time.sleep(1.0)  # nothing else arrives
    assert a1.received() == [] and lead_b.received() == []
    assert [m.payload for m in lead_a.messages] == [b"ready", b"dialing"]
    assert len(a1.connects) == 1 and a1.disconnects == [] and a1.client.is_connected()

    tls_port, pid = broker.tls_port, broker.pid
    broker.restart()
    assert broker.pid != pid and broker.tls_port == tls_port
    assert broker.listening() == {("127.0.0.1", tls_port)}
    assert lead_a.connected(2) == "Success" and a1.connected(2) == "Success"  # paho reconnects by itself
    seen = len(lead_a.messages)
    assert not a1.publish(f"{TEAM_A}/agents/1001/state", b"back").is_failure
    back = lead_a.message(f"{TEAM_A}/agents/1001/state", after=seen)
    # persistence is off: the retained "ready" died with the broker, the first message is the new one
    assert (back.payload, back.retain) == (b"back", False) and len(lead_a.messages) == seen + 1
    assert "Saving in-memory database" not in broker.log_text()


@needs_mosquitto
@pytest.mark.timeout(30)
def test_mosquitto_plain_listener_and_persistence(make_mosquitto: Callable[..., MosquittoRig],
                                                  mqtt_probes: Callable[..., MqttProbe]) -> None:
    broker = make_mosquitto(plain=True, persistence=True)
    assert broker.listening() == {("127.0.0.1", broker.tls_port), ("127.0.0.1", broker.plain_port)}
    refused = mqtt_probes(broker, "agent-1001", password="wrong", plain=True)
    assert refused.connected() == "Not authorized"  # the plain listener wants passwords too
    refused.close()
    agent = mqtt_probes(broker, "agent-1001", plain=True)
    assert agent.connected() == "Success"
    assert not agent.publish(f"{TEAM_A}/agents/1001/state", b"ready", retain=True).is_failure
    agent.close()
    broker.restart()
    lead = mqtt_probes(broker, "lead-team-a", subscribe=(f"{TEAM_A}/#",))
    assert lead.connected() == "Success"
    kept = lead.message(f"{TEAM_A}/agents/1001/state")
    assert (kept.payload, kept.retain) == (b"ready", True)


@needs_mosquitto
@pytest.mark.timeout(30)
def test_mosquitto_client_ids_are_no_identity(make_mosquitto: Callable[..., MosquittoRig],
                                              mqtt_probes: Callable[..., MqttProbe]) -> None:
    """Why the shipped ACL names users, never %c, and the shipped config sets use_username_as_clientid:
    without them a client id is whatever a client says it is."""
    acl = f"pattern write {TEAM_A}/agents/%c/#\n\nuser lead-team-a\ntopic read {TEAM_A}/#\n"
    broker = make_mosquitto(acl=acl, username_as_client_id=False)
    lead = mqtt_probes(broker, "lead-team-a", subscribe=(f"{TEAM_A}/#",))
    victim = mqtt_probes(broker, "agent-1001", client_id="1001")
    assert lead.connected() == "Success" and victim.connected() == "Success"
    liar = mqtt_probes(broker, "agent-1002", client_id="1001")
    assert liar.connected() == "Success"
    victim.disconnected()  # its session was taken over (2.0.11 just closes it: no "Session taken over" for MQTT 5)
    victim.close()  # before paho's reconnection takes it back
    assert not liar.publish(f"{TEAM_A}/agents/1001/state", b"spoofed").is_failure
    assert lead.message(f"{TEAM_A}/agents/1001/state").payload == b"spoofed"
    assert "Client 1001 already connected, closing old connection." in broker.log_text()
