"""TLS signalling with server verification, and SRTP policies, against Kamailio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.events import CallStateChanged, RegistrationChanged
from softphone.states import CallState, RegProblem, RegState
from tests.conftest import MakeEngine, MakePeer
from tests.rig.certs import make_ca_and_server
from tests.rig.kamailio import Kamailio, kamailio_available

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def tls_kam(tmp_path: Path) -> Iterator[tuple[Kamailio, Path]]:
    if not kamailio_available():
        pytest.skip("kamailio not installed")
    ca, cert, key = make_ca_and_server(tmp_path)
    k = Kamailio(tls=(cert, key))
    k.start()
    yield k, ca
    k.stop()


def _final(e: RegistrationChanged) -> bool:
    return e.new is not RegState.REGISTERING


def _tls_account(k: Kamailio, **extra: object) -> dict[str, object]:
    return dict(server=f"127.0.0.1:{k.tls_port}", transport="tls", **extra)


def test_tls_registers_when_the_server_certificate_is_trusted(tls_kam: tuple[Kamailio, Path],
                                                              make_engine: MakeEngine) -> None:
    k, ca = tls_kam
    engine, rec = make_engine(k, account=_tls_account(k, tls_ca_file=str(ca)))
    reg = rec.wait(RegistrationChanged, where=_final)
    assert reg.new is RegState.REGISTERED, reg


def test_tls_refuses_an_untrusted_server_by_default(tls_kam: tuple[Kamailio, Path], make_engine: MakeEngine) -> None:
    k, _ = tls_kam
    engine, rec = make_engine(k, account=_tls_account(k))  # system CAs do not know the rig's CA
    reg = rec.wait(RegistrationChanged, where=_final)
    assert reg.new is RegState.FAILED and reg.problem is RegProblem.TLS_FAILED, reg
    assert "certificate" in reg.user_message


def test_tls_without_verification_only_when_switched_off(tls_kam: tuple[Kamailio, Path], make_engine: MakeEngine) -> None:
    k, _ = tls_kam
    engine, rec = make_engine(k, account=_tls_account(k, tls_verify_server=False))
    assert rec.wait(RegistrationChanged, where=_final).new is RegState.REGISTERED


def test_mandatory_srtp_refuses_a_plain_rtp_peer(kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer) -> None:
    engine, rec = make_engine(kam, account=dict(srtp="mandatory"))
    make_peer(kam, "2001", auto_answer=True)  # offers and accepts plain RTP only
    call_id = engine.dial("2001").result(5)
    end = rec.wait(CallStateChanged, call_id=call_id, new=CallState.DISCONNECTED, timeout=15)
    assert end.code in (488, 406, 500, 603) or end.old is not CallState.CONFIRMED, end
    assert not rec.of(CallStateChanged, call_id=call_id, new=CallState.CONFIRMED)


@pytest.mark.parametrize("policy", ["off", "optional"])
def test_srtp_off_or_optional_talks_to_a_plain_rtp_peer(kam: Kamailio, make_engine: MakeEngine,
                                                        make_peer: MakePeer, policy: str) -> None:
    engine, rec = make_engine(kam, account=dict(srtp=policy))
    make_peer(kam, "2001", auto_answer=True)
    call_id = engine.dial("2001").result(5)
    rec.wait(CallStateChanged, call_id=call_id, new=CallState.CONFIRMED, timeout=10)


@pytest.mark.parametrize("ours,theirs", [("mandatory", "mandatory"), ("mandatory", "optional")])
def test_srtp_calls_between_two_of_our_phones(kam: Kamailio, make_engine: MakeEngine, tmp_path: Path,
                                             ours: str, theirs: str) -> None:
    """The second phone runs in its own process (one pjsua2 per process).

    Not covered, because pjsip refuses it: an *optional* offer (RTP/AVP with
    crypto lines) to a *mandatory* answerer gets 488 (docs/config.md says so).
    """
    from tests.rig.headless_client import Headless, write_config

    cfg = write_config(tmp_path / "b.toml", kam, user="2001", account_extra=f'srtp = "{theirs}"',
                       extra="[auto_answer]\nenabled = true\nbeep = false")
    b = Headless(cfg, kam.users["2001"], tmp_path / "home-b")
    try:
        b.wait(event="registration_changed", new="registered")
        a, rec_a = make_engine(kam, "1001", account=dict(srtp=ours))
        call_id = a.dial("2001").result(5)
        rec_a.wait(CallStateChanged, call_id=call_id, new=CallState.CONFIRMED, timeout=10)
        b.wait(event="call_state_changed", new="confirmed")
    finally:
        b.send(cmd="quit")
        assert b.finish() == 0


def test_a_second_engine_in_one_process_is_refused_clearly(make_engine: MakeEngine) -> None:
    from softphone.engine import Engine
    from softphone.errors import EngineStateError
    from tests.conftest import engine_settings

    make_engine(None)
    with pytest.raises(EngineStateError) as info:
        Engine(engine_settings(None)).start()
    assert "already running" in info.value.user_message
