"""The contact ledger on real databases: SQLite (embedded) and PostgreSQL (a team's), and the race for a cap."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from softphone.compliance.guard import BUILT_IN, ContactLedger, GuardRule, Outcome, PostgresLedger, SqliteLedger, Target
from softphone.errors import LedgerUnavailable
from tests.rig.guard_racer import NUMBER, open_ledger, race
from tests.rig.postgres import PASSWORD, PostgresRig

SH = ZoneInfo("Asia/Shanghai")
NOON = datetime(2026, 12, 4, 12, 0, tzinfo=SH).timestamp()


def where(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> tuple[str, str]:
    if kind == "postgres":
        pg: PostgresRig = request.getfixturevalue("postgres")
        return pg.url, PASSWORD
    return str(tmp_path / "contact-ledger.db"), ""


@pytest.fixture(params=["sqlite", "postgres"])
def two_agents(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[ContactLedger, ContactLedger]]:
    """Two agents' connections to one ledger."""
    url, password = where(request.param, tmp_path, request)
    a, b = open_ledger(request.param, url, password), open_ledger(request.param, url, password)
    yield a, b
    a.close()
    b.close()


def test_a_cap_counts_every_agents_calls(two_agents: tuple[ContactLedger, ContactLedger]) -> None:
    a, b = two_agents
    assert a.fingerprint(NUMBER) == b.fingerprint(NUMBER) != "", "one fingerprint key for the whole ledger"
    target = Target("C1", a.fingerprint(NUMBER), time_zone="Asia/Shanghai")
    for i, ledger in enumerate((a, b, a)):  # three effective conversations, by two agents
        held = ledger.begin(BUILT_IN, target, NOON + 600 * i, source="softphone", agent=f"agent{i}")
        assert held.allowed and held.attempt_id is not None
        ledger.finish(held.attempt_id, Outcome.EFFECTIVE, answered_at=NOON + 600 * i + 5, ended_at=NOON + 600 * i + 90)
    fourth = b.begin(BUILT_IN, target, NOON + 3600, source="softphone", agent="agent9")
    assert (fourth.allowed, fourth.rule, fourth.effective_today) == (False, GuardRule.CONVERSATION_CAP, 3)
    assert a.attempt_count() == 3, "a refused dial leaves no attempt"


def test_the_bots_calls_recorded_after_the_fact_count_too(two_agents: tuple[ContactLedger, ContactLedger]) -> None:
    softphone, bot = two_agents
    fp = bot.fingerprint(NUMBER)
    for i in range(6):
        bot.record("C2", fp, Outcome.UNANSWERED, NOON - 3600 + i, answered_at=None, ended_at=NOON - 3500 + i,
                   source="bot", agent="voice-bot")
    refused = softphone.check(BUILT_IN, Target("C2", fp, time_zone="Asia/Shanghai"), NOON)
    assert (refused.rule, refused.unanswered_today) == (GuardRule.UNANSWERED_CAP, 6)
    assert softphone.check(BUILT_IN, Target("C2", softphone.fingerprint("13900139000")), NOON).allowed


def test_quiet_periods_and_the_do_not_contact_list_are_shared(two_agents: tuple[ContactLedger, ContactLedger]) -> None:
    a, b = two_agents
    fp = a.fingerprint(NUMBER)
    a.add_quiet("C3", NOON - 60, NOON + 7200, "agent1")
    assert b.check(BUILT_IN, Target("C3", fp), NOON).rule is GuardRule.QUIET_PERIOD
    a.set_dnc(fp, True, set_by="agent1", at=NOON)
    assert b.check(BUILT_IN, Target("C4", fp), NOON).rule is GuardRule.DO_NOT_CONTACT
    a.set_dnc(fp, False, set_by="agent1", at=NOON)
    assert b.check(BUILT_IN, Target("C4", fp), NOON).allowed


def test_no_phone_number_is_stored_in_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "contact-ledger.db"
    ledger = SqliteLedger(path)
    fp = ledger.fingerprint(NUMBER)
    ledger.record("C5", fp, Outcome.BUSY, NOON, answered_at=None, ended_at=NOON + 20, source="bot", agent="bot")
    ledger.set_dnc(ledger.fingerprint("13900139000"), True, set_by="x", at=NOON)
    ledger.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for number in (NUMBER, "13900139000", NUMBER[-8:]):
        assert number.encode() not in raw


@pytest.mark.parametrize("kind", ["postgres", "sqlite"])
def test_two_agents_racing_for_the_last_conversation_only_one_wins(kind: str, tmp_path: Path,
                                                                   request: pytest.FixtureRequest) -> None:
    url, password = where(kind, tmp_path, request)
    rounds = 20
    seed = open_ledger(kind, url, password)
    fp = seed.fingerprint(NUMBER)
    for i in range(rounds):  # two effective conversations today: one more is allowed
        for k in range(2):
            seed.record(f"R{i}", fp, Outcome.EFFECTIVE, NOON - 7200 + 60 * k, answered_at=NOON - 7190 + 60 * k,
                        ended_at=NOON - 7100 + 60 * k, source="softphone", agent="seed")
    seed.close()
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    agents = [ctx.Process(target=race, args=(kind, url, password, rounds, NOON, barrier, results)) for _ in range(2)]
    for p in agents:
        p.start()
    got = [results.get(timeout=60) for _ in range(2 * rounds)]
    for p in agents:
        p.join(30)
        assert p.exitcode == 0
    for i in range(rounds):
        this = [g for g in got if g[0] == i]
        assert sorted(allowed for _, _, allowed, _ in this) == [False, True], f"round {i}: {this}"
        assert [rule for _, _, allowed, rule in this if not allowed] == [GuardRule.IN_PROGRESS.value]
    assert len({pid for _, pid, allowed, _ in got if allowed}) >= 1


def test_a_postgres_server_that_is_down_is_said_plainly_and_reached_again(postgres: PostgresRig) -> None:
    ledger = PostgresLedger(postgres.url, PASSWORD, connect_timeout_s=2)
    target = Target("C6", ledger.fingerprint(NUMBER))
    assert ledger.check(BUILT_IN, target, NOON).allowed
    postgres.pause()
    with pytest.raises(LedgerUnavailable) as caught:
        ledger.check(BUILT_IN, target, NOON)
    assert "cannot be reached" in str(caught.value.user_message) and "127.0.0.1" in str(caught.value.user_message)
    assert PASSWORD not in str(caught.value) and "softphone@" not in str(caught.value.user_message)
    postgres.resume()
    assert ledger.check(BUILT_IN, target, NOON).allowed, "back up: used at once"
    ledger.close()


def test_a_wrong_ledger_password_is_a_clear_refusal(postgres: PostgresRig) -> None:
    with pytest.raises(LedgerUnavailable) as caught:
        PostgresLedger(postgres.url, "not-the-password", connect_timeout_s=2)
    assert "cannot be reached" in str(caught.value.user_message)
    assert "not-the-password" not in str(caught.value)
