"""Listen, whisper and barge with three real parties: a pjsua2 peer as the customer (800 Hz), the agent's
session (1300 Hz into its microphone ring, its speaker ring drained as the headset would), and a pjsua2 peer as
the team lead (500 Hz) that calls the agent's softphone through Kamailio with a token signed by the
administrator's key (the agent holds only the public key, from the policy file).

For each mode, what each party hears is measured by the share of each tone in it:
listen: the lead hears the customer and the agent, nobody hears the lead; whisper: the agent hears the lead,
the customer does not; barge: the customer hears the lead too. DTMF 5 and 6 from the lead switch the mode.
A request without a token, with an expired one or replayed, is refused (403) and audited.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from softphone.events import CallStateChanged, SupervisionChanged
from softphone.states import CallState, SupervisionMode, SupervisionState
from softphone.team.supervision import sign_token
from tests.conftest import MakePeer
from tests.integration.test_recording_live import registered_session
from tests.rig.kamailio import Kamailio
from tests.rig.signals import MicFeeder, SpeakerDrain, tone_share

pytestmark = [pytest.mark.timeout(120),
              pytest.mark.skipif(os.geteuid() != 0, reason="the policy file must be root's: the suite runs as root")]

CUSTOMER_HZ, AGENT_HZ, LEAD_HZ = 800, 1300, 500
ADMIN = Ed25519PrivateKey.generate()


def policy_with_key(folder: Path) -> Path:
    folder.mkdir(mode=0o755)
    (folder / "supervision.pub").write_bytes(ADMIN.public_key().public_bytes(Encoding.PEM,
                                                                             PublicFormat.SubjectPublicKeyInfo))
    (folder / "policy.toml").write_text(f'[recordings]\nnotice = "none"\n[supervision]\n'
                                        f'public_key = "{folder / "supervision.pub"}"\nnotify_agent = true\n')
    return folder / "policy.toml"


def supervision_audit(s) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.action for e in s._audit_log().entries() if e.action.startswith("supervision.")]


def heard(peer, call: int, freq: float) -> float:  # type: ignore[no-untyped-def]
    return float(peer.cmd("recv_stats", call=call, seconds=1.0, freq=freq)["tone_ratio"])


def test_listen_whisper_and_barge_route_each_voice_where_it_belongs(
        kam: Kamailio, make_peer: MakePeer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_SOFTPHONE_POLICY", str(policy_with_key(tmp_path / "etc")))
    s, seen = registered_session(kam, tmp_path)
    customer = make_peer(kam, "2001", auto_answer=True, tone=CUSTOMER_HZ)
    lead = make_peer(kam, "2002", tone=LEAD_HZ)
    agent_uri = f"sip:1001@127.0.0.1:{kam.port}"
    try:
        with MicFeeder(s._engine._core.rings.mic, AGENT_HZ), \
                SpeakerDrain(s._engine._core.rings.speaker) as agent_ear:  # type: ignore[union-attr]
            call_id = s.dial("2001").result(10)
            seen.wait(CallStateChanged, where=lambda e: e.call_id == call_id and e.new is CallState.CONFIRMED)
            cc = customer.wait_event("incoming_call")["call"]
            token = sign_token(ADMIN, "lead-team-a", "1001", SupervisionMode.LISTEN)
            lc = lead.cmd("call", uri=agent_uri, headers={"X-Supervise": "listen", "X-Supervise-Token": token})["call"]
            started = seen.wait(SupervisionChanged, where=lambda e: e.state is SupervisionState.STARTED)
            assert (started.lead, started.mode, started.notify_agent) == ("lead-team-a", SupervisionMode.LISTEN, True)
            time.sleep(1.5)
            listen = (heard(lead, lc, CUSTOMER_HZ), heard(lead, lc, AGENT_HZ), heard(customer, cc, LEAD_HZ),
                      tone_share(bytes(agent_ear.heard[-32000:]), LEAD_HZ))
            lead.cmd("dtmf", call=lc, digits="5")
            seen.wait(SupervisionChanged, where=lambda e: e.mode is SupervisionMode.WHISPER)
            time.sleep(1.5)
            whisper = (tone_share(bytes(agent_ear.heard[-32000:]), LEAD_HZ), heard(customer, cc, LEAD_HZ))
            lead.cmd("dtmf", call=lc, digits="6")
            seen.wait(SupervisionChanged, where=lambda e: e.mode is SupervisionMode.BARGE)
            time.sleep(1.5)
            barge = (heard(customer, cc, LEAD_HZ), tone_share(bytes(agent_ear.heard[-32000:]), LEAD_HZ),
                     heard(lead, lc, CUSTOMER_HZ))
            lead.cmd("hangup", call=lc)
            seen.wait(SupervisionChanged, where=lambda e: e.state is SupervisionState.ENDED)
            assert s.calls().result(5)[0].state is CallState.CONFIRMED, "the customer's call goes on"
            replayed = lead.cmd("call", uri=agent_uri, headers={"X-Supervise": "listen", "X-Supervise-Token": token})
            unsigned = lead.cmd("call", uri=agent_uri, headers={"X-Supervise": "barge"})
            expired = lead.cmd("call", uri=agent_uri, headers={
                "X-Supervise": "listen",
                "X-Supervise-Token": sign_token(ADMIN, "lead-team-a", "1001", SupervisionMode.LISTEN,
                                                now=time.time() - 120)})
            for refused in (replayed, unsigned, expired):
                lead.wait_event("call_state", call=refused["call"], state="DISCONNECTED", code=403)
            s.hangup(call_id).result(5)
        deadline = time.monotonic() + 5  # the audit entries are written off the bus thread
        while time.monotonic() < deadline and len(supervision_audit(s)) < 7:
            time.sleep(0.05)
        actions = supervision_audit(s)
    finally:
        s.close()
    assert listen[0] > 0.2 and listen[1] > 0.2, f"listen: the lead hears customer and agent {listen}"
    assert listen[2] < 0.02 and listen[3] < 0.02, f"listen: nobody hears the lead {listen}"
    assert whisper[0] > 0.2 and whisper[1] < 0.02, f"whisper: the agent hears the lead, the customer not {whisper}"
    assert barge[0] > 0.2 and barge[1] > 0.2 and barge[2] > 0.2, f"barge: all three {barge}"
    refusals = [e.reason for e in seen.of(SupervisionChanged) if e.state is SupervisionState.REFUSED]
    assert refusals == ["replayed", "malformed", "expired"], refusals
    assert not [e for e in seen.events if getattr(e, "call_id", None) == started.call_id
                and type(e).__name__ in ("IncomingCall", "CallStateChanged")], "never shown as a call"
    assert actions.count("supervision.refused") == 3 and "supervision.started" in actions
    assert "supervision.ended" in actions and actions.count("supervision.mode_changed") == 2


def test_the_lead_joins_from_the_wallboard_and_switches_to_whisper(  # type: ignore[no-untyped-def]
        qtbot, kam: Kamailio, make_peer: MakePeer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        mosquitto) -> None:
    """The whole chain, the agent's softphone in its own process (pjsua2 allows one endpoint per process): it
    publishes to the broker; the lead's wallboard (offscreen) shows the agent in a call; a click on the agent's
    row and on Listen makes the lead's own phone (LeadSession with a SIP account at Kamailio and the signing
    key) call in with a token; Whisper switches by DTMF; Leave ends it. What each side then hears is the first
    test's business; here the customer must not hear the lead in either mode."""
    from softphone.session import BrokerAddress, LeadPhone, LeadSession
    from softphone.states import AgentState
    from tests.conftest import engine_settings
    from tests.rig.headless_client import Headless, write_config
    from tests.ui.conftest import kept_bridge
    from ui.app import make_app
    from ui.lead.wallboard import Wallboard

    make_app()
    monkeypatch.setenv("AGENT_SOFTPHONE_POLICY", str(policy_with_key(tmp_path / "etc")))
    team = (f'[team]\nenabled = true\nbroker = "127.0.0.1:{mosquitto.tls_port}"\nca_file = "{mosquitto.ca_path}"\n'
            'team = "team-a"\npassword_env = "TEAM_TEST_PASSWORD"\n')
    agent = Headless(write_config(tmp_path / "phone.toml", kam, extra=team), kam.users["1001"], tmp_path / "home",
                     {"TEAM_TEST_PASSWORD": mosquitto.users["agent-1001"],
                      "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
                      "XDG_DATA_HOME": str(tmp_path / "xdg")})
    phone = LeadPhone(engine_settings(kam, "2002"), kam.users["2002"], ADMIN)
    lead = LeadSession(BrokerAddress("127.0.0.1", mosquitto.tls_port, str(mosquitto.ca_path)), "team-a",
                       "lead-team-a", mosquitto.users["lead-team-a"], tmp_path / "lead", phone)
    board = Wallboard(kept_bridge(), lead)
    qtbot.addWidget(board)
    lead.start()
    customer = make_peer(kam, "2001", auto_answer=True, tone=CUSTOMER_HZ)
    try:
        agent.wait(event="registration_changed", new="registered", timeout=15)
        with MicFeeder(lead._engine._core.rings.mic, LEAD_HZ):  # type: ignore[union-attr]
            call_id = agent.send(cmd="dial", target="2001")["result"]["call_id"]
            cc = customer.wait_event("incoming_call")["call"]
            qtbot.waitUntil(lambda: any(a.state is AgentState.IN_CALL for a in lead.agents()), timeout=10000)
            qtbot.waitUntil(lambda: board.agents.rowCount() == 1, timeout=3000)
            assert board.supervise_buttons[SupervisionMode.LISTEN].isVisibleTo(board)
            board.agents.cellClicked.emit(0, 0)
            assert board.selected_call == call_id
            board.supervise_buttons[SupervisionMode.LISTEN].click()
            started = agent.wait(event="supervision_changed", state="started", timeout=10)
            assert (started["lead"], started["mode"]) == ("lead-team-a", "listen")
            qtbot.waitUntil(lambda: "Listening to 1001" in board.supervise_state.text(), timeout=5000)
            board.supervise_buttons[SupervisionMode.WHISPER].click()
            agent.wait(event="supervision_changed", state="mode_changed", mode="whisper", timeout=10)
            qtbot.wait(1500)
            assert heard(customer, cc, LEAD_HZ) < 0.02, "whisper: the customer does not hear the lead"
            board.leave_button.click()
            agent.wait(event="supervision_changed", state="ended", timeout=10)
            agent.send(cmd="hangup", call_id=call_id)
        assert agent.send(cmd="quit")["ok"] and agent.finish() == 0
    finally:
        if agent.proc.poll() is None:
            agent.proc.kill()
        lead.close()
