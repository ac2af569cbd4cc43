"""Pure SIP rules: call state machine, registration verdicts, headers."""

from __future__ import annotations

import pytest

from softphone.errors import EngineStateError, SipError
from softphone.sip.callstate import check_action, check_transition
from softphone.sip.headers import answer_after, check_custom_headers, parse_headers, uri_user
from softphone.sip.regstate import TRANSITIONS as REG_TRANSITIONS
from softphone.sip.regstate import check_transition as reg_transition, classify_registration
from softphone.states import CallDirection, CallState, RegProblem, RegState

S = CallState


def test_call_state_machine_refuses_going_back() -> None:
    assert check_transition(S.CALLING, S.EARLY) and check_transition(S.EARLY, S.CONFIRMED)
    assert not check_transition(S.CONFIRMED, S.EARLY)
    assert not check_transition(S.DISCONNECTED, S.CONFIRMED)
    assert not check_transition(S.CONFIRMED, S.CONFIRMED)


@pytest.mark.parametrize("action,state,direction", [
    ("answer", S.CALLING, CallDirection.OUTBOUND),
    ("answer", S.CONFIRMED, CallDirection.INBOUND),
    ("hold", S.EARLY, CallDirection.INBOUND),
    ("transfer", S.INCOMING, CallDirection.INBOUND),
    ("hangup", S.DISCONNECTED, CallDirection.INBOUND),
])
def test_illegal_actions_are_refused_in_plain_words(action: str, state: CallState, direction: CallDirection) -> None:
    with pytest.raises(EngineStateError) as info:
        check_action(action, state, direction)
    assert state.value in info.value.user_message


def test_legal_actions_pass() -> None:
    check_action("answer", S.INCOMING, CallDirection.INBOUND)
    check_action("hold", S.CONFIRMED, CallDirection.OUTBOUND)


@pytest.mark.parametrize("code,status,reason,problem", [
    (401, 0, "Unauthorized", RegProblem.AUTH_FAILED),
    (403, 0, "Forbidden", RegProblem.AUTH_FAILED),
    (408, 0, "Request Timeout", RegProblem.UNREACHABLE),
    (503, 120111, "Connection refused", RegProblem.UNREACHABLE),
    (502, 70018, "gethostbyname() has returned error (PJ_ERESOLVE)", RegProblem.DNS_FAILED),
    (500, 0, "Server Internal Error", RegProblem.REJECTED),
])
def test_registration_failures_are_told_apart(code: int, status: int, reason: str, problem: RegProblem) -> None:
    out = classify_registration(code, status, 0, reason)
    assert (out.state, out.problem) == (RegState.FAILED, problem)
    assert out.user_message


def test_registration_success_and_unregistration() -> None:
    assert classify_registration(200, 0, 60, "OK").state is RegState.REGISTERED
    assert classify_registration(200, 0, 0, "OK").state is RegState.UNREGISTERED


INVITE = ("INVITE sip:1001@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070\r\nf: <sip:2001@x>;tag=1\r\n"
          "X-Handoff-Reason: 客户要求\r\n  人工服务\r\nCall-Info: <sip:bot>;answer-after=3\r\nno colon line\r\n"
          "X-Empty:\r\n\r\nv=0\r\nX-Not-A-Header: body\r\n")


def test_headers_parsed_in_order_with_folding_and_compact_forms() -> None:
    h = parse_headers(INVITE)
    assert h[0] == ("Via", "SIP/2.0/UDP 127.0.0.1:5070")
    assert ("From", "<sip:2001@x>;tag=1") in h
    assert ("X-Handoff-Reason", "客户要求 人工服务") in h
    assert ("X-Empty", "") in h
    assert all(name != "X-Not-A-Header" for name, _ in h), "the body is not headers"
    assert answer_after(h) == 3.0


def test_alert_info_autoanswer_and_no_autoanswer() -> None:
    assert answer_after((("Alert-Info", "<http://x>;info=alert-autoanswer"),)) == 0.0
    assert answer_after((("Subject", "hi"),)) is None


def test_custom_headers_are_checked() -> None:
    assert check_custom_headers({"X-Customer-Id": "C1"}) == [("X-Customer-Id", "C1")]
    for bad in ({"X Bad": "v"}, {"X-A": "a\r\nB: c"}, {"Via": "x"}, {"Call-ID": "x"}):
        with pytest.raises(SipError):
            check_custom_headers(bad)


def test_uri_user() -> None:
    assert uri_user('"Bot" <sip:13812345678@pbx;transport=tcp>') == "13812345678"
    assert uri_user("2001") == "2001"


@pytest.mark.parametrize("typed,clean", [
    ("+86 138-1234-5678", "13812345678"),
    ("0086 13812345678", "13812345678"),
    ("（010）6552 9988", "01065529988"),
    ("１３８ １２３４ ５６７８", "13812345678"),
    ("  2001 ", "2001"),
    ("+44 20 7946 0958", "+442079460958"),
    ("sip:2001@pbx.example.com", "sip:2001@pbx.example.com"),
    ("8001*2", "8001*2"),
])
def test_pasted_numbers_are_cleaned(typed: str, clean: str) -> None:
    from softphone.numbers import clean_number

    assert clean_number(typed) == clean


# -- registration state changes ---------------------------------------------------------------------

R = RegState


@pytest.mark.parametrize("old,new", [
    (R.UNREGISTERED, R.REGISTERING),  # register()
    (R.REGISTERING, R.REGISTERED),
    (R.REGISTERING, R.FAILED),  # an error answer, or the UDP watchdog
    (R.REGISTERING, R.UNREGISTERED),
    (R.REGISTERING, R.REGISTERING),  # register() again: a new attempt
    (R.REGISTERED, R.FAILED),  # a refresh failed, or the TCP/TLS connection dropped
    (R.REGISTERED, R.UNREGISTERED),  # unregister()
    (R.REGISTERED, R.REGISTERING),  # register() again
    (R.FAILED, R.REGISTERED),  # pjsip's own retry, or a lost connection recovered
    (R.FAILED, R.FAILED),  # a new failure (maybe another problem): reported again
    (R.FAILED, R.REGISTERING),
    (R.FAILED, R.UNREGISTERED),
    (R.UNREGISTERED, R.FAILED),  # a repeated un-REGISTER that failed
    (R.UNREGISTERED, R.UNREGISTERED),  # a repeated un-REGISTER answered
])
def test_registration_changes_the_engine_makes_are_legal(old: RegState, new: RegState) -> None:
    assert reg_transition(old, new)


@pytest.mark.parametrize("old,new", [
    (R.REGISTERED, R.REGISTERED),  # a routine refresh: not a change
    (R.UNREGISTERED, R.REGISTERED),  # no REGISTER goes out without REGISTERING first
])
def test_registration_non_changes_and_impossible_moves_are_refused(old: RegState, new: RegState) -> None:
    assert not reg_transition(old, new)


def test_registration_table_covers_every_state() -> None:
    assert set(REG_TRANSITIONS) == set(RegState)
    assert all(targets <= set(RegState) for targets in REG_TRANSITIONS.values())


class _Account:
    def __init__(self, state: RegState) -> None:
        self.account_id, self.state = "a1", state


def _core_posting(posted: list[object]) -> object:
    core_module = pytest.importorskip("softphone.engine.core")
    core = object.__new__(core_module.EngineCore)  # only _set_reg and _post are used
    core._post = posted.append
    return core


def test_engine_posts_legal_registration_changes_only(caplog: pytest.LogCaptureFixture) -> None:
    from softphone.events import RegistrationChanged

    posted: list[object] = []
    core = _core_posting(posted)
    acc = _Account(R.UNREGISTERED)
    set_reg = core._set_reg  # type: ignore[attr-defined]
    set_reg(acc, R.REGISTERING, 0, "", RegProblem.NONE, "")
    set_reg(acc, R.REGISTERED, 200, "OK", RegProblem.NONE, "")
    set_reg(acc, R.REGISTERED, 200, "OK", RegProblem.NONE, "")  # refresh: silent
    assert [(e.old, e.new) for e in posted if isinstance(e, RegistrationChanged)] == [
        (R.UNREGISTERED, R.REGISTERING), (R.REGISTERING, R.REGISTERED)]
    assert acc.state is R.REGISTERED and not caplog.records

    acc = _Account(R.UNREGISTERED)
    with caplog.at_level("WARNING"):
        set_reg(acc, R.REGISTERED, 200, "OK", RegProblem.NONE, "")  # impossible: a bug, logged, not posted
    assert len(posted) == 2 and acc.state is R.UNREGISTERED
    assert "not a transition" in caplog.text
