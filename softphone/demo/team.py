"""The lead's demo: a Mosquitto broker of its own on 127.0.0.1 and simulated agents publishing to it.

``agent-softphone lead --demo`` starts a broker process (Debian ``mosquitto``;
installer/setup.sh installs it) on a free port with a password file made for
the run, and six simulated agents of team ``demo``. Each agent is a real
``TeamPublisher`` (outbox, acknowledgements, retained state): only its events
are scripted: calls ringing, answered and ended, wrap-ups, a pause, a customer
getting upset, forbidden phrases from the demo's rule categories. Every party
is a fictional, masked number (138****00xx), every line made up.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SoftphoneError
from ..events import (
    CallStateChanged, EmotionChanged, Event, IncomingCall, OutgoingCall, PhraseAlert, RegistrationChanged,
    TranscriptSegment, WrapUpRequired, WrapUpStored,
)
from ..i18n import N_
from ..states import AccountId, AudioChannel, CallId, CallState, EmotionLabel, RegState, Severity
from ..team.link import BrokerAddress
from ..team.outbox import Outbox
from ..team.publisher import PublisherIdentity, TeamPublisher

__all__ = ["DemoTeam", "DemoBroker", "DEMO_AGENTS"]

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
DEMO_AGENTS = ("1001", "1002", "1003", "1004", "1005", "1006")

_LINES = (
    (AudioChannel.AGENT, "您好，这里是消费金融的客服，请问是张先生吗？"),
    (AudioChannel.CUSTOMER, "是我，什么事？"),
    (AudioChannel.AGENT, "您的账单已经逾期十二天了，今天能安排还款吗？"),
    (AudioChannel.CUSTOMER, "我最近真的没钱，你们别老打电话了。"),
    (AudioChannel.AGENT, "再不还钱我们就上门了。"),
    (AudioChannel.CUSTOMER, "你这是威胁我吗？我要投诉你们！"),
)


class DemoBroker:
    """A private mosquitto on 127.0.0.1 (plain TCP: nothing leaves the machine), users from a password file."""

    def __init__(self, users: dict[str, str]) -> None:
        if not os.access(MOSQUITTO, os.X_OK):
            raise SoftphoneError("mosquitto missing", user_message=N_(
                "The lead's demo needs the Mosquitto broker: on Debian, apt-get install mosquitto "
                "(installer/setup.sh does it)."))
        self.dir = Path(tempfile.mkdtemp(prefix="agent-softphone-broker-"))
        self.port = _free_port()
        (self.dir / "passwd").write_text("".join(f"{u}:{p}\n" for u, p in users.items()))
        subprocess.run([MOSQUITTO_PASSWD, "-U", str(self.dir / "passwd")], check=True, capture_output=True)
        root = ["user root"] if os.geteuid() == 0 else []  # as root it would switch to a user who cannot read it
        (self.dir / "mosquitto.conf").write_text("\n".join(
            [*root, "per_listener_settings false", "allow_anonymous false", f"password_file {self.dir}/passwd",
             "persistence false", f"listener {self.port} 127.0.0.1", ""]))
        self._proc = subprocess.Popen([MOSQUITTO, "-c", str(self.dir / "mosquitto.conf")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_port(self.port, 5.0)

    def close(self) -> None:
        self._proc.terminate()
        try:
            self._proc.wait(5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class DemoTeam:
    broker: DemoBroker
    team: str = "demo"
    lead_user: str = "lead-demo"
    lead_password: str = field(default_factory=lambda: os.urandom(8).hex())
    agents: list[TeamPublisher] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def address(self) -> BrokerAddress:
        return BrokerAddress("127.0.0.1", self.broker.port, tls=False)

    @classmethod
    def start(cls, agents: tuple[str, ...] = DEMO_AGENTS, pace: float = 1.0) -> DemoTeam:
        passwords = {f"agent-{a}": os.urandom(8).hex() for a in agents}
        lead_password = os.urandom(8).hex()
        team = cls(DemoBroker({**passwords, "lead-demo": lead_password}), lead_password=lead_password)
        folder = team.broker.dir
        for agent in agents:
            who = PublisherIdentity(team.team, agent, f"agent-{agent}", passwords[f"agent-{agent}"])
            publisher = TeamPublisher(team.address, who, Outbox(folder / f"outbox-{agent}.db"), lambda e: None)
            publisher.start()
            team.agents.append(publisher)
        threading.Thread(target=team._play, args=(pace,), name="demo-team", daemon=True).start()
        return team

    def close(self) -> None:
        self._stop.set()
        for publisher in self.agents:
            publisher.close()
        self.broker.close()

    # -- the script ---------------------------------------------------------------------------------
    def _play(self, pace: float) -> None:
        rng = random.Random(7)
        for publisher in self.agents:
            publisher.on_event(RegistrationChanged(AccountId("demo"), RegState.UNREGISTERED, RegState.REGISTERED,
                                                   200, "OK"))
        self.agents[-1].set_paused(True)
        round_ = 0
        while not self._stop.is_set():
            for i, publisher in enumerate(self.agents[:-1]):
                if (round_ + i) % 3 == 0:
                    threading.Thread(target=self._call, args=(publisher, round_, i, rng, pace), daemon=True).start()
            round_ += 1
            if self._stop.wait(8.0 * pace):
                return

    def _call(self, p: TeamPublisher, round_: int, i: int, rng: random.Random, pace: float) -> None:
        call_id = CallId(f"demo-{p.who.agent}-{round_}")
        party = f"sip:138****00{rng.randint(10, 99)}@demo"
        start: Event = (IncomingCall(call_id, AccountId("demo"), party, "", call_id, (), None) if i % 2
                        else OutgoingCall(call_id, AccountId("demo"), party, ()))
        steps: list[tuple[float, Event]] = [(0.0, start), (0.0, _state(call_id, CallState.EARLY)),
                                            (2.0, _state(call_id, CallState.CONFIRMED))]
        at = 3.0
        for n, (channel, text) in enumerate(_LINES[: 3 + (i + round_) % 4]):
            steps.append((at, TranscriptSegment(call_id, channel, n, True, text, at, at + 2.0, (), 0.9, 0.3)))
            if "上门" in text:
                steps.append((at + 0.3, PhraseAlert(call_id, channel, f"{call_id}/threat", "threat.visit", "threat",
                                                    Severity.HIGH, "上门", n, (6, 8), "请改为：我们会按约定继续联系您。",
                                                    at + 2.0, 0.4, False)))
            if "投诉" in text:
                steps.append((at + 0.3, EmotionChanged(call_id, AudioChannel.CUSTOMER, EmotionLabel.NEGATIVE, 0.7,
                                                       at + 2.0)))
            at += 2.5
        steps += [(at, WrapUpRequired(call_id, "DEMO-000123", 800000, 30, True)),
                  (at, _state(call_id, CallState.DISCONNECTED)), (at + 3.0, _wrapup(call_id, rng))]
        began = time.monotonic()
        for offset, event in steps:
            if self._stop.wait(max(0.0, began + offset * pace - time.monotonic())):
                return
            p.on_event(event)


def _wrapup(call_id: CallId, rng: random.Random) -> WrapUpStored:
    if rng.random() < 0.4:
        return WrapUpStored(call_id, "DEMO-000123", "promise_to_pay", 80, rng.choice((50_000, 80_000, 210_000)))
    return WrapUpStored(call_id, "DEMO-000123", rng.choice(("callback", "hardship", "dispute")), 55)


def _state(call_id: CallId, new: CallState) -> CallStateChanged:
    return CallStateChanged(call_id, CallState.CALLING, new, 200 if new is CallState.CONFIRMED else 180, "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SoftphoneError(f"the demo broker did not start on port {port}",
                         user_message=N_("The lead's demo broker did not start."))
