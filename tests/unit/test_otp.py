"""The one-time code rules, with a clock the test moves (so 5 minutes take no time)."""

from __future__ import annotations

import pytest

from softphone.compliance.otp import CheckOutcome, ChallengeState, OtpBook, OtpRefused, new_code


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def book(clock: Clock) -> OtpBook:
    return OtpBook(clock=clock)


def other(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_codes_are_six_random_digits():
    codes = {new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 190


def test_the_right_code_confirms_once(book: OtpBook):
    code, challenge = book.issue("call-1", "C1", "plan-a")
    assert code not in repr(challenge) and challenge.code_mac != code
    result = book.check("call-1", "plan-a", code)
    assert result.outcome is CheckOutcome.CONFIRMED
    assert book.check("call-1", "plan-a", code).outcome is CheckOutcome.USED  # a replay
    assert book.pending("call-1") is None


def test_five_wrong_codes_lock_the_plan_change(book: OtpBook, clock: Clock):
    code, _ = book.issue("call-1", "C1", "plan-a")
    outcomes = [book.check("call-1", "plan-a", other(code)) for _ in range(5)]
    assert [r.tries_left for r in outcomes] == [4, 3, 2, 1, 0]
    assert outcomes[-1].outcome is CheckOutcome.LOCKED
    assert book.check("call-1", "plan-a", code).outcome is CheckOutcome.LOCKED  # even the right one
    clock.now += 61
    with pytest.raises(OtpRefused, match="locked"):
        book.issue("call-1", "C1", "plan-a")


def test_a_resend_keeps_the_tries_used(book: OtpBook, clock: Clock):
    code, _ = book.issue("call-1", "C1", "plan-a")
    for _ in range(3):
        book.check("call-1", "plan-a", other(code))
    clock.now += 60
    code2, again = book.issue("call-1", "C1", "plan-a")
    assert again.tries_left == 2
    assert book.check("call-1", "plan-a", code).outcome is CheckOutcome.WRONG  # the replaced code
    assert book.check("call-1", "plan-a", code2).outcome is CheckOutcome.CONFIRMED


def test_an_expired_code_is_refused(book: OtpBook, clock: Clock):
    code, _ = book.issue("call-1", "C1", "plan-a")
    clock.now += 300
    result = book.check("call-1", "plan-a", code)
    assert result.outcome is CheckOutcome.EXPIRED
    assert result.challenge is not None and result.challenge.state is ChallengeState.EXPIRED


def test_just_before_expiry_is_still_in_time(book: OtpBook, clock: Clock):
    code, _ = book.issue("call-1", "C1", "plan-a")
    clock.now += 299.9
    assert book.check("call-1", "plan-a", code).outcome is CheckOutcome.CONFIRMED


def test_a_code_from_another_call_is_refused(book: OtpBook):
    code, _ = book.issue("call-1", "C1", "plan-a")
    assert book.check("call-2", "plan-a", code).outcome is CheckOutcome.OTHER_CALL
    book.end_call("call-1")
    assert book.check("call-1", "plan-a", code).outcome is CheckOutcome.NO_CODE


def test_a_changed_plan_needs_a_new_code(book: OtpBook, clock: Clock):
    code, _ = book.issue("call-1", "C1", "plan-a")
    assert book.check("call-1", "plan-b", code).outcome is CheckOutcome.PLAN_CHANGED
    clock.now += 60
    code_b, _ = book.issue("call-1", "C1", "plan-b")
    assert book.check("call-1", "plan-b", code).outcome is CheckOutcome.WRONG
    assert book.check("call-1", "plan-b", code_b).outcome is CheckOutcome.CONFIRMED


def test_resends_are_60_seconds_apart_and_3_per_call(book: OtpBook, clock: Clock):
    book.issue("call-1", "C1", "plan-a")
    clock.now += 59
    with pytest.raises(OtpRefused) as err:
        book.issue("call-1", "C1", "plan-a")
    assert "1 s" in err.value.reason
    clock.now += 1
    book.issue("call-1", "C1", "plan-a")
    clock.now += 60
    _, third = book.issue("call-1", "C1", "plan-a")
    assert third.sends == 3
    clock.now += 600
    with pytest.raises(OtpRefused, match="3 codes"):
        book.issue("call-1", "C1", "plan-a")
    book.issue("call-2", "C1", "plan-a")  # another call has its own count


def test_malformed_entries_count_as_wrong(book: OtpBook):
    code, _ = book.issue("call-1", "C1", "plan-a")
    for entered in ("", "12345", "1234567", "abcdef"):
        assert book.check("call-1", "plan-a", entered).outcome is CheckOutcome.WRONG
    assert book.check("call-1", "plan-a", f" {code} ").outcome is CheckOutcome.CONFIRMED
