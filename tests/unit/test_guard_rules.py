"""The dialing guard's rules at their edges, in two time zones (compliance/guard/rules.py, policy.py)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from softphone.compliance.guard import BUILT_IN, GuardRule, Outcome, Target, decide, load_policy
from softphone.compliance.guard.policy import LedgerDown
from softphone.compliance.guard.rules import Attempt, Facts, Quiet
from softphone.errors import GuardPolicyError

SH, NY = "Asia/Shanghai", "America/New_York"  # New York has daylight saving; Shanghai has none
FP, OTHER_FP = "fp-own", "fp-second"


def at(zone: str, text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).timestamp()


def local(zone: str, epoch: float | None) -> str:
    assert epoch is not None
    return datetime.fromtimestamp(epoch, ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S")


def target(zone: str, **kw: object) -> Target:
    return Target("C1", kw.pop("fp", FP), time_zone=zone, **kw)  # type: ignore[arg-type]


def attempts(zone: str, day: str, outcome: Outcome, n: int, fp: str = FP) -> tuple[Attempt, ...]:
    return tuple(Attempt(at(zone, f"{day}T09:{i:02d}:00"), fp, outcome) for i in range(n))


@pytest.mark.parametrize("zone", [SH, NY])
def test_the_calling_window_is_the_debtors_local_08_to_21(zone: str) -> None:
    t = target(zone)
    assert decide(BUILT_IN, t, Facts(), at(zone, "2026-12-04T20:59:59")).allowed
    assert decide(BUILT_IN, t, Facts(), at(zone, "2026-12-04T08:00:00")).allowed
    late = decide(BUILT_IN, t, Facts(), at(zone, "2026-12-04T21:00:00"))
    assert (late.allowed, late.rule) == (False, GuardRule.CALLING_HOURS)
    assert local(zone, late.next_allowed) == "2026-12-05 08:00:00"
    early = decide(BUILT_IN, t, Facts(), at(zone, "2026-12-04T07:59:59"))
    assert early.rule is GuardRule.CALLING_HOURS and local(zone, early.next_allowed) == "2026-12-04 08:00:00"
    assert "21:00" in early.message and "07:59" in early.message and zone in early.message


def test_the_same_instant_is_allowed_in_one_zone_and_refused_in_another() -> None:
    instant = at(SH, "2026-12-04T21:30:00")  # 08:30 in New York (EST, UTC-5)
    assert not decide(BUILT_IN, target(SH), Facts(), instant).allowed
    assert decide(BUILT_IN, target(NY), Facts(), instant).allowed
    assert decide(BUILT_IN, target(""), Facts(), instant).rule is GuardRule.CALLING_HOURS, "no zone: China time"


def test_daylight_saving_moves_the_window_with_the_clock() -> None:
    # 2026-03-08: New York springs forward at 02:00; 08:00 EDT is 12:00 UTC, the day before 08:00 EST was 13:00 UTC
    before = decide(BUILT_IN, target(NY), Facts(), at(NY, "2026-03-07T21:30:00"))
    assert local(NY, before.next_allowed) == "2026-03-08 08:00:00"
    assert datetime.fromtimestamp(before.next_allowed or 0, ZoneInfo("UTC")).hour == 12
    assert decide(BUILT_IN, target(NY), Facts(), at(NY, "2026-03-08T08:00:00")).allowed
    # the day has 23 hours: a morning attempt of that day still counts for that day
    day = attempts(NY, "2026-03-08", Outcome.EFFECTIVE, 3)
    assert decide(BUILT_IN, target(NY), Facts(day), at(NY, "2026-03-08T20:59:59")).rule is GuardRule.CONVERSATION_CAP


@pytest.mark.parametrize("zone", [SH, NY])
def test_the_fourth_effective_conversation_of_the_day_is_refused(zone: str) -> None:
    t, noon = target(zone), at(zone, "2026-12-04T12:00:00")
    two = Facts(attempts(zone, "2026-12-04", Outcome.EFFECTIVE, 2))
    assert decide(BUILT_IN, t, two, noon).allowed
    three = Facts(attempts(zone, "2026-12-04", Outcome.EFFECTIVE, 3, fp=OTHER_FP))  # on another of their numbers
    refused = decide(BUILT_IN, t, three, noon)
    assert (refused.rule, refused.effective_today) == (GuardRule.CONVERSATION_CAP, 3)
    assert local(zone, refused.next_allowed) == "2026-12-05 08:00:00"
    short = Facts(attempts(zone, "2026-12-04", Outcome.ANSWERED_SHORT, 5))
    assert decide(BUILT_IN, t, short, noon).allowed, "short answered calls are not effective conversations"
    yesterday = Facts(attempts(zone, "2026-12-03", Outcome.EFFECTIVE, 3))
    assert decide(BUILT_IN, t, yesterday, noon).allowed, "the cap is per local day"


@pytest.mark.parametrize("zone", [SH, NY])
def test_the_seventh_unanswered_attempt_on_a_number_is_refused(zone: str) -> None:
    noon = at(zone, "2026-12-04T12:00:00")
    five = attempts(zone, "2026-12-04", Outcome.UNANSWERED, 5)
    assert decide(BUILT_IN, target(zone), Facts(five), noon).allowed
    six = five + (Attempt(at(zone, "2026-12-04T11:00:00"), FP, Outcome.BUSY),)
    refused = decide(BUILT_IN, target(zone), Facts(six), noon)
    assert (refused.rule, refused.unanswered_today) == (GuardRule.UNANSWERED_CAP, 6)
    assert local(zone, refused.next_allowed) == "2026-12-05 08:00:00"
    assert decide(BUILT_IN, target(zone, fp=OTHER_FP), Facts(six), noon).allowed, "the cap is per number"


def test_third_parties_and_do_not_contact_numbers_are_never_dialled() -> None:
    noon = at(SH, "2026-12-04T12:00:00")
    third = decide(BUILT_IN, target(SH, own_number=False), Facts(), noon)
    assert (third.rule, third.next_allowed) == (GuardRule.THIRD_PARTY, None)
    marked = decide(BUILT_IN, target(SH, do_not_contact=True), Facts(), noon)
    listed = decide(BUILT_IN, target(SH), Facts(listed_dnc=True), noon)
    assert marked.rule is listed.rule is GuardRule.DO_NOT_CONTACT and listed.next_allowed is None
    assert decide(BUILT_IN, target(SH, own_number=False), Facts(), at(SH, "2026-12-04T23:00:00")).rule \
        is GuardRule.THIRD_PARTY, "the permanent rule is named first"


def test_a_quiet_period_ends_inside_the_next_calling_window() -> None:
    quiet = Facts(quiet=(Quiet(at(SH, "2026-12-04T10:00:00"), at(SH, "2026-12-04T21:30:00")),))
    refused = decide(BUILT_IN, target(SH), quiet, at(SH, "2026-12-04T12:00:00"))
    assert refused.rule is GuardRule.QUIET_PERIOD
    assert local(SH, refused.next_allowed) == "2026-12-05 08:00:00", "21:30 is outside the window"
    assert decide(BUILT_IN, target(SH), quiet, at(SH, "2026-12-04T09:59:59")).allowed


def test_another_call_in_progress_blocks_and_a_stale_one_counts_as_unanswered() -> None:
    noon = at(SH, "2026-12-04T12:00:00")
    ringing = Facts((Attempt(noon - 30, FP, Outcome.PENDING),))
    busy = decide(BUILT_IN, target(SH, fp=OTHER_FP), ringing, noon)
    assert (busy.rule, busy.next_allowed) == (GuardRule.IN_PROGRESS, None)
    crashed = Facts(tuple(Attempt(at(SH, "2026-12-04T07:00:00") + i, FP, Outcome.PENDING) for i in range(6)))
    late = at(SH, "2026-12-04T12:00:01")  # five hours on: the attempts never finished
    assert decide(BUILT_IN, target(SH), crashed, late).rule is GuardRule.UNANSWERED_CAP


def write_policy(tmp_path: Path, body: str, mode: int = 0o644) -> Path:
    folder = tmp_path / "etc"
    folder.mkdir(mode=0o755, exist_ok=True)
    path = folder / "policy.toml"
    path.write_text(body, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.mark.skipif(os.geteuid() != 0, reason="the policy file must be root's: the suite runs as root")
def test_an_administrators_policy_tightens_the_rules(tmp_path: Path) -> None:
    path = write_policy(tmp_path, '[guard]\nwindow_start = "09:00"\nwindow_end = "20:00"\neffective_per_day = 2\n'
                                  'effective_min_talk_s = 45\non_ledger_down = "allow"\n')
    policy = load_policy(path)
    assert (policy.effective_per_day, policy.effective_min_talk_s, policy.on_ledger_down) == (2, 45.0, LedgerDown.ALLOW)
    assert not decide(policy, target(SH), Facts(), at(SH, "2026-12-04T08:30:00")).allowed
    assert decide(policy, target(SH), Facts(), at(SH, "2026-12-04T19:59:59")).allowed
    assert decide(policy, target(SH), Facts(attempts(SH, "2026-12-04", Outcome.EFFECTIVE, 2)),
                  at(SH, "2026-12-04T12:00:00")).rule is GuardRule.CONVERSATION_CAP


@pytest.mark.parametrize("body, says", [
    ('[guard]\nwindow_end = "22:30"\n', "08:00-22:00"),
    ('[guard]\nwindow_start = "07:00"\n', "08:00-22:00"),
    ("[guard]\neffective_per_day = 5\n", "effective_per_day must be 1 to 3"),
    ("[guard]\nunanswered_per_number_per_day = 10\n", "1 to 6"),
    ('[guard]\ndefault_time_zone = "Mars/Olympus"\n', "Mars/Olympus"),
    ("[guard]\nwindow_start = \n", "cannot be read"),
    ("[guard]\ncalls_per_hour = 1\n", "unknown key"),
])
@pytest.mark.skipif(os.geteuid() != 0, reason="the policy file must be root's: the suite runs as root")
def test_a_policy_that_loosens_the_rules_or_has_a_mistake_is_refused(tmp_path: Path, body: str, says: str) -> None:
    with pytest.raises(GuardPolicyError) as caught:
        load_policy(write_policy(tmp_path, body))
    assert says in str(caught.value.user_message)


@pytest.mark.skipif(os.geteuid() != 0, reason="the policy file must be root's: the suite runs as root")
def test_a_policy_file_others_could_write_is_not_used(tmp_path: Path) -> None:
    path = write_policy(tmp_path, '[guard]\nwindow_end = "22:00"\n', mode=0o666)
    with pytest.raises(GuardPolicyError) as caught:
        load_policy(path)
    assert "someone other than the administrator" in str(caught.value.user_message)
    path.chmod(0o644)
    os.chown(path, 65534, 65534)  # nobody's file
    with pytest.raises(GuardPolicyError):
        load_policy(path)
    assert load_policy(tmp_path / "none.toml") is BUILT_IN


@pytest.mark.parametrize("answered, ended, code, outcome", [
    (100.0, 130.0, 200, Outcome.EFFECTIVE),  # 30 s of talk: effective
    (100.0, 129.9, 200, Outcome.ANSWERED_SHORT),
    (None, 130.0, 486, Outcome.BUSY),
    (None, 130.0, 600, Outcome.BUSY),
    (None, 130.0, 603, Outcome.REJECTED),
    (None, 130.0, 408, Outcome.UNANSWERED),
    (None, 130.0, 487, Outcome.UNANSWERED),
])
def test_what_became_of_a_call(answered: float | None, ended: float, code: int, outcome: Outcome) -> None:
    from softphone.compliance.guard import classify

    assert classify(BUILT_IN, answered, ended, code) is outcome
