"""Registration against a real Kamailio on 127.0.0.1: what an agent sees."""

from __future__ import annotations

import time

import pytest

from softphone.events import RegistrationChanged
from softphone.states import RegProblem, RegState
from tests.conftest import MakeEngine, MakePeer
from tests.rig.kamailio import Kamailio

pytestmark = pytest.mark.timeout(60)


def _final(e: RegistrationChanged) -> bool:
    return e.new is not RegState.REGISTERING


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_good_password_registers_and_is_reachable(kam: Kamailio, make_engine: MakeEngine,
                                                  make_peer: MakePeer, transport: str) -> None:
    engine, rec = make_engine(kam, transport=transport)
    reg = rec.wait(RegistrationChanged, where=_final)
    assert (reg.new, reg.code, reg.problem) == (RegState.REGISTERED, 200, RegProblem.NONE)
    # registered means reachable: a peer's call through the registrar rings us
    peer = make_peer(kam, "2001")
    peer.cmd("call", uri=kam.uri("1001"))
    from softphone.events import IncomingCall
    rec.wait(IncomingCall)


def test_wrong_password_is_a_readable_auth_failure(kam: Kamailio, make_engine: MakeEngine) -> None:
    engine, rec = make_engine(kam, password="not-the-password")
    reg = rec.wait(RegistrationChanged, where=_final)
    assert reg.new is RegState.FAILED
    assert reg.problem is RegProblem.AUTH_FAILED
    assert reg.code in (401, 403)
    assert "password" in reg.user_message.lower()


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_unreachable_server_is_reported_within_seconds(make_engine: MakeEngine, transport: str) -> None:
    from tests.rig.kamailio import free_port

    port = free_port()  # nothing listens there
    engine, rec = make_engine(None, account=dict(server=f"127.0.0.1:{port}", register=True, transport=transport),
                              password="x", register=False)
    t0 = time.monotonic()
    engine.register().result(5)
    reg = rec.wait(RegistrationChanged, timeout=10, where=_final)
    assert reg.new is RegState.FAILED and reg.problem is RegProblem.UNREACHABLE
    assert time.monotonic() - t0 < 8, "an agent should not wait 32 s to learn the server is down"
    assert "does not answer" in reg.user_message


def test_unknown_server_name_is_a_dns_failure(make_engine: MakeEngine) -> None:
    engine, rec = make_engine(None, account=dict(server="no-such-host.invalid", register=True),
                              password="x", register=False)
    engine.register().result(5)
    reg = rec.wait(RegistrationChanged, where=_final)
    assert reg.new is RegState.FAILED and reg.problem is RegProblem.DNS_FAILED
    assert "name" in reg.user_message.lower()
    assert len(rec.of(RegistrationChanged, new=RegState.FAILED)) == 1, "one failure, reported once"


def _location_has(kam: Kamailio, user: str) -> bool:
    return f"sip:{user}@" in kam.rpc("ul.dump")


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_registrar_restart_is_recovered_within_10_s(kam: Kamailio, make_engine: MakeEngine,
                                                    make_peer: MakePeer, transport: str) -> None:
    engine, rec = make_engine(kam, transport=transport)
    rec.wait(RegistrationChanged, new=RegState.REGISTERED)
    kam.restart()  # forgets every registration (usrloc in memory)
    t0 = time.monotonic()
    assert not _location_has(kam, "1001")
    while not _location_has(kam, "1001"):
        assert time.monotonic() - t0 < 10, "not registered again within 10 s"
        time.sleep(0.2)
    # and calls reach us again
    from softphone.events import IncomingCall
    peer = make_peer(kam, "2001")
    mark = rec.mark()
    peer.cmd("call", uri=kam.uri("1001"))
    rec.wait(IncomingCall, after=mark)


def test_tcp_connection_loss_is_recovered(kam: Kamailio, make_engine: MakeEngine) -> None:
    engine, rec = make_engine(kam, transport="tcp")
    rec.wait(RegistrationChanged, new=RegState.REGISTERED)
    mark = rec.mark()
    kam.drop_tcp_connections()
    t0 = time.monotonic()
    while not _location_has(kam, "1001"):
        assert time.monotonic() - t0 < 10, "not registered again within 10 s of losing the connection"
        time.sleep(0.2)
    lost = rec.wait(RegistrationChanged, after=mark, new=RegState.FAILED, timeout=10)
    assert lost.problem is RegProblem.TRANSPORT_LOST and "reconnecting" in lost.user_message
    rec.wait(RegistrationChanged, after=mark, new=RegState.REGISTERED, timeout=10)


def test_outbound_proxy_carries_every_request(kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer) -> None:
    """The registrar's name does not resolve; only going through the proxy can work."""
    from softphone.events import CallStateChanged, IncomingCall
    from softphone.states import CallState

    engine, rec = make_engine(kam, account=dict(server="pbx.example.invalid", domain="127.0.0.1",
                                                outbound_proxy=f"127.0.0.1:{kam.port}"))
    reg = rec.wait(RegistrationChanged, where=_final)
    assert reg.new is RegState.REGISTERED, reg
    peer = make_peer(kam, "2001", auto_answer=True)
    call_id = engine.dial(kam.uri("2001")).result(5)
    rec.wait(CallStateChanged, call_id=call_id, new=CallState.CONFIRMED)
    peer.cmd("call", uri=kam.uri("1001"))
    rec.wait(IncomingCall)
