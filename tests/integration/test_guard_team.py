"""A team's shared contact ledger on a real PostgreSQL server, through the session: live calls through
Kamailio to a pjsua2 peer, the ledger's password in a real (file) keyring backend.

Two agents' sessions count into one ledger; the server going down fails closed with plain words (no
INVITE leaves); an administrator's policy that chooses fail-open lets the call through and audits it.
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from softphone.compliance.audit import AuditLog, audit_path
from softphone.compliance.guard import Outcome, PostgresLedger
from softphone.crm.model import Case, ContactNumber, Customer, Loan, Relation, stage_for_days
from softphone.crm.store import CaseStore
from softphone.errors import DialRefused
from softphone.events import CallStateChanged
from softphone.secrets import SecretStore
from softphone.session import Session
from softphone.compliance.guard.connect import LEDGER_PASSWORD_ENTRY
from softphone.states import CallState, RegState
from softphone.events import RegistrationChanged
from softphone.storage.db import database_path
from softphone.storage.vault import history_cipher
from tests.conftest import MakePeer, engine_settings
from tests.rig.kamailio import Kamailio
from tests.rig.postgres import PASSWORD, PostgresRig
from tests.rig.recorder import EventRecorder
from tests.rig.zones import zone_where_it_is

pytestmark = pytest.mark.timeout(120)


def keyring(folder: Path) -> SecretStore:
    backend = PlaintextKeyring()
    backend.file_path = str(folder / "keyring" / "keyring_pass.cfg")
    store = SecretStore(backend)
    store.set_secret(LEDGER_PASSWORD_ENTRY, PASSWORD)
    return store


def day_case() -> Case:
    due = date.today() - timedelta(days=3)
    return Case("C-TEAM", Customer("队测试"), (Loan("HT-T", "消费分期", 1_000_000, 800_000, 0.18, 90_000, due, 3,
                                                    stage_for_days(3)),),
                (ContactNumber("2001", Relation.SELF),), time_zone=zone_where_it_is(14))


def agent_session(kam: Kamailio, pg: PostgresRig, folder: Path, user: str = "1001") -> tuple[Session, EventRecorder]:
    settings = engine_settings(kam, user, storage=dict(data_dir=str(folder / "data")),
                               guard=dict(ledger_url=pg.url, ledger_timeout_s=2.0),
                               cases=dict(require_wrapup=False))  # wrap-ups are not what these tests are about
    s = Session(settings, keyring(folder), typed_password=kam.users[user])
    seen = EventRecorder(s)  # what a front end is handed
    s.start()
    seen.wait(RegistrationChanged, where=lambda e: e.new is RegState.REGISTERED)
    cipher, problem = history_cipher(s.secrets)
    assert cipher is not None, problem
    store = CaseStore.open(database_path(settings.storage), cipher)
    store.upsert_many([day_case()])
    store.close()
    return s, seen


@pytest.fixture
def no_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_SOFTPHONE_POLICY", str(tmp_path / "no-policy.toml"))


def call_and_hang_up(s: Session, seen: EventRecorder) -> None:
    call_id = s.dial("2001").result(10)
    seen.wait(CallStateChanged, where=lambda e: e.call_id == call_id and e.new is CallState.CONFIRMED, timeout=10)
    s.hangup(call_id).result(5)
    seen.wait(CallStateChanged, where=lambda e: e.call_id == call_id and e.new is CallState.DISCONNECTED)


def test_the_bots_attempts_and_the_agents_share_one_ledger_and_a_server_down_fails_closed(
        kam: Kamailio, postgres: PostgresRig, make_peer: MakePeer, tmp_path: Path, no_policy: None) -> None:
    peer = make_peer(kam, "2001")
    s, seen = agent_session(kam, postgres, tmp_path / "a")
    bot = PostgresLedger(postgres.url, PASSWORD)  # the AI voice bot's own connection to the team's ledger
    try:
        fp = bot.fingerprint("2001")
        for i in range(5):
            bot.record("C-TEAM", fp, Outcome.UNANSWERED, time.time() - 900 + i, answered_at=None,
                       ended_at=time.time() - 870 + i, source="bot", agent="voice-bot")
        call_id = s.dial("2001").result(10)
        peer.cmd("reject", call=peer.wait_event("incoming_call")["call"], code=486)  # busy: the sixth
        seen.wait(CallStateChanged, where=lambda e: e.call_id == call_id and e.new is CallState.DISCONNECTED)
        deadline = time.monotonic() + 5
        while bot.attempt_count() < 6 or s.guard.check("C-TEAM", "2001").result(5)["unanswered_today"] < 6:
            assert time.monotonic() < deadline, "the call's outcome never reached the ledger"
            time.sleep(0.1)
        capped = s.dial("2001").exception(10)
        assert isinstance(capped, DialRefused) and capped.decision["rule"] == "unanswered_cap", capped

        rang = len([e for e in list(peer.events) if e.get("event") == "incoming_call"])
        postgres.pause()
        refused = s.dial("2001").exception(15)
        assert isinstance(refused, DialRefused), refused
        assert refused.decision["rule"] == "ledger_down"
        assert "cannot be reached" in str(refused.user_message) and "127.0.0.1" in str(refused.user_message)
        time.sleep(1.5)
        assert len([e for e in list(peer.events) if e.get("event") == "incoming_call"]) == rang, "no INVITE left"
        postgres.resume()
        again = s.dial("2001").exception(15)  # the server back: used at once, and its cap still holds
        assert isinstance(again, DialRefused) and again.decision["rule"] == "unanswered_cap", again
    finally:
        bot.close()
        s.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="the policy file must be root's: the suite runs as root")
def test_an_administrator_may_choose_fail_open_and_every_such_call_is_audited(
        kam: Kamailio, postgres: PostgresRig, make_peer: MakePeer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    etc = tmp_path / "etc"
    etc.mkdir(mode=0o755)
    (etc / "policy.toml").write_text('[guard]\non_ledger_down = "allow"\n')
    monkeypatch.setenv("AGENT_SOFTPHONE_POLICY", str(etc / "policy.toml"))
    peer = make_peer(kam, "2001", auto_answer=True)
    s, seen = agent_session(kam, postgres, tmp_path / "a")
    try:
        postgres.pause()
        call_and_hang_up(s, seen)
    finally:
        s.close()
    log = AuditLog.open(audit_path(s.settings.storage), keyring(tmp_path / "a"))
    try:
        actions = [e.action for e in log.entries()]
        assert "guard.fail_open" in actions, actions
        assert log.verify().ok
    finally:
        log.close()
