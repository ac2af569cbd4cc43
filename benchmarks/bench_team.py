"""The team lead's live wallboard: an alert raised on an agent's softphone → shown on the lead's board, and the
cost of following a team of 200 agents.

    .venv/bin/python benchmarks/bench_team.py [--quick] [--agents N] [--seconds S]

Real parts: Mosquitto 2.0 started for the run (``tests/rig/mosquitto.py``: TLS on 127.0.0.1 as shipped, a
password file, an ACL giving ``agent-<id>`` write on ``agent-softphone/bench/agents/<id>/#`` and
``lead-bench`` read on ``agent-softphone/bench/#``), each agent a real ``TeamPublisher`` (its own paho
connection over TLS, its own SQLite outbox, QoS 1 acknowledgements), the lead a real ``LeadSession`` (paho,
persistent session, ``TeamBoard``). No Qt window: the lead's process runs the session, the board and, on a
thread of their own, the reads the wallboard makes on each change (``ui/lead/wallboard.py``: ``agents()`` on
an agent change and once a second, ``flagged_calls()`` and the followed call's ``call()`` + ``transcript()`` on
a call or transcript change). Drawing the widgets is not included.

Measured:

* ``alert_latency_ms_quiet``: one agent alone on the broker (the lead's process runs it) raises a
  ``PhraseAlert`` every 0.1 s; from the event's creation (its ``at``, which the message carries) to the
  message applied on the lead's board (``TeamBoard.apply`` returned). Same clock (``time.time``) on both
  sides; ``at`` travels rounded to the millisecond.
* The load: ``--agents`` simulated agents (200) in processes of their own, apart from the lead's (this file run
  with ``--agents-only``; ``--per-process`` agents each, 100 by default: paho waits on its sockets with
  ``select()``, which takes no fd above 1023, and an agent holds six or seven fds (TLS socket, paho's socket
  pair, its SQLite outbox, WAL and -shm), so one process connects about 140 agents and the rest never do; their
  figures are summed), scripted with a seeded random: each is in a call most of the time (ring 2-8 s, talk
  45-80 s, wrap-up 3-8 s, idle 2-6 s, so a call's start / answer / end and three or four state changes every
  ~60-90 s), a final transcript line every 2.5-3.5 s of talk (alternating channels), an emotion change on one
  line in 20 (about once a minute of talk), a phrase alert on one line in 40 (about every 2 minutes of talk).
  The agents connect and start mid-call (the first call's remaining talk is random), a warm-up passes, then
  ``--seconds`` of load are measured: ``alert_latency_ms_200`` (the agents' own alerts, as above),
  ``all_msgs_latency_ms_200`` (every message), ``msgs_per_s`` (messages the lead received in the window: each
  went through the broker once in and once out), CPU as % of one core of the broker (``/proc/<pid>/stat``), the
  lead's process (session + board + reads) and the agents' processes (together), ``published`` / ``received`` /
  ``lost`` (by message id, over the whole run: every message an agent put in its outbox, against what the
  lead's board applied) and ``duplicates`` (dropped by the board). How far the agents' processes are behind:
  their schedulers' lateness (``agents_schedule_late_ms``) and the messages not yet acknowledged at the end of
  the window (``agents_outbox_backlog_at_end``).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import queue
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from _common import ROOT, emit, note, proc_cpu_s, summary

from softphone.events import (
    CallStateChanged, EmotionChanged, Event, IncomingCall, OutgoingCall, PhraseAlert, RegistrationChanged,
    TranscriptSegment, WrapUpRequired, WrapUpStored,
)
from softphone.session import LeadSession
from softphone.states import AccountId, AudioChannel, CallId, CallState, EmotionLabel, RegState, Severity
from softphone.team.board import BoardChange, TeamBoard
from softphone.team.link import BrokerAddress
from softphone.team.messages import TeamMessage
from softphone.team.outbox import Outbox
from softphone.team.publisher import PublisherIdentity, TeamPublisher
from softphone.team.topics import TopicKind
from tests.rig.mosquitto import MosquittoRig

TEAM, LEAD_USER, PROBE = "bench", "lead-bench", "9001"
ACCOUNT = AccountId("bench")
RING_S, TALK_S, WRAP_S, IDLE_S, LINE_S = (2.0, 8.0), (45.0, 80.0), (3.0, 8.0), (2.0, 6.0), (2.5, 3.5)
EMOTION_PER_LINE, ALERT_PER_LINE = 1 / 20, 1 / 40  # a line every ~3 s: an emotion ~1/min, an alert ~1/2 min
LATENCY_TARGET_MS = 1000.0
AGENTS_PER_PROCESS = 100  # paho's select() takes fds < 1024: about 140 agents (SQLite outbox each) fit in one process
LINES = (  # made up, masked as the session's feed is
    (AudioChannel.AGENT, "您好，这里是消费金融的客服，请问是张*先生吗？"),
    (AudioChannel.CUSTOMER, "是我，什么事？"),
    (AudioChannel.AGENT, "您尾号****的账单已经逾期十二天了，今天能安排还款吗？"),
    (AudioChannel.CUSTOMER, "我最近真的没钱，你们别老打电话了。"),
)
Make = Callable[[], Event]
Step = tuple[float, Make]  # seconds after the agents' start, and the event (made when it is due)


# -- the lead's side --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Applied:
    mono: float  # time.monotonic() when the board had applied it
    latency_ms: float  # from the message's ``at`` to then
    kind: TopicKind
    agent: str
    id: str


class TimedBoard(TeamBoard):
    """The lead's board, noting when each new message was applied (``apply`` runs on paho's thread)."""

    def __init__(self) -> None:
        super().__init__()
        self.applied: list[Applied] = []
        self.alerts: dict[str, float] = {}  # alert_id -> latency in ms
        self._cond = threading.Condition()

    def apply(self, msg: TeamMessage) -> BoardChange:
        before = self.duplicates
        change = super().apply(msg)
        if self.duplicates == before:
            self._note(msg, time.time())
        return change

    def _note(self, msg: TeamMessage, now: float) -> None:
        seen = Applied(time.monotonic(), (now - msg.at) * 1000, msg.kind, msg.agent, msg.id)
        with self._cond:
            self.applied.append(seen)
            if msg.kind is TopicKind.ALERT:
                self.alerts[str(msg.body.get("alert_id"))] = seen.latency_ms
            self._cond.notify_all()

    def wait_alert(self, alert_id: str, timeout: float) -> float | None:
        with self._cond:
            self._cond.wait_for(lambda: alert_id in self.alerts, timeout)
            return self.alerts.get(alert_id)

    def wait_ids(self, ids: set[str], timeout: float) -> None:
        with self._cond:
            self._cond.wait_for(lambda: ids <= {a.id for a in self.applied}, timeout)


class WallboardReads:
    """What the wallboard reads from the lead's session on each change, on a thread standing in for its GUI
    thread: no widgets, no drawing."""

    def __init__(self, lead: LeadSession) -> None:
        self._lead = lead
        self._queue: queue.SimpleQueue[BoardChange | None] = queue.SimpleQueue()
        self._followed = ""
        self.reads = 0
        self._thread = threading.Thread(target=self._run, name="wallboard-reads", daemon=True)
        self._thread.start()

    def changed(self, change: BoardChange) -> None:
        self._queue.put(change)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(5)

    def _run(self) -> None:
        while True:
            try:
                change = self._queue.get(timeout=1.0)
            except queue.Empty:
                change = BoardChange.AGENTS  # the wallboard's one-second timer
            if change is None:
                return
            self._read(change)

    def _read(self, change: BoardChange) -> None:
        if change & BoardChange.AGENTS:
            self._lead.agents()
        if change & BoardChange.CALLS:
            flagged = self._lead.flagged_calls()
            self._followed = self._followed or (flagged[0].call_id if flagged else "")
        if change & (BoardChange.CALLS | BoardChange.TRANSCRIPT) and self._followed:
            call = self._lead.call(self._followed)
            self._lead.transcript(self._followed)
            if call is None or call.ended is not None:  # the lead follows the top flagged call until it ends
                self._followed = ""
        self.reads += 1


# -- the agents' events ----------------------------------------------------------------------------------------
def state(call_id: CallId, new: CallState) -> CallStateChanged:
    return CallStateChanged(call_id, CallState.CALLING, new, 200 if new is CallState.CONFIRMED else 180, "")


def registered() -> RegistrationChanged:
    return RegistrationChanged(ACCOUNT, RegState.UNREGISTERED, RegState.REGISTERED, 200, "OK")


def call_start(call_id: CallId, inbound: bool, party: str) -> Event:
    if inbound:
        return IncomingCall(call_id, ACCOUNT, party, "", call_id, (), None)
    return OutgoingCall(call_id, ACCOUNT, party, ())


def alert(call_id: CallId, channel: AudioChannel, alert_id: str, segment: int, audio_time: float) -> PhraseAlert:
    return PhraseAlert(call_id, channel, alert_id, "threat.visit", "threat", Severity.HIGH, "上门", segment, (6, 8),
                       "请改为：我们会按约定继续联系您。", audio_time, 0.4, False)


def agent_script(agent: str, rng: random.Random) -> Iterator[Step]:
    """One agent's day, endless: calls back to back with wrap-ups and short idle gaps; it starts mid-call."""
    t = rng.uniform(0.0, 2.0)
    yield t, registered
    n = 0
    while True:
        n += 1
        first = n == 1
        ring = rng.uniform(0.5, 2.0) if first else rng.uniform(*RING_S)
        talk = rng.uniform(3.0, TALK_S[1]) if first else rng.uniform(*TALK_S)
        t = yield from call_script(CallId(f"{agent}-{n}"), rng, t, ring, talk)
        t += rng.uniform(*IDLE_S)


def call_script(call_id: CallId, rng: random.Random, t: float, ring: float,
                talk: float) -> Generator[Step, None, float]:
    inbound = rng.random() < 0.3
    yield t, partial(call_start, call_id, inbound, f"sip:138****{rng.randrange(10_000):04d}@bench")
    yield t, partial(state, call_id, CallState.INCOMING if inbound else CallState.EARLY)
    t += ring
    yield t, partial(state, call_id, CallState.CONFIRMED)
    t = yield from talk_script(call_id, rng, t, talk)
    yield t, partial(WrapUpRequired, call_id, "BENCH-000001", 800_000, 30, True)
    yield t, partial(state, call_id, CallState.DISCONNECTED)
    t += rng.uniform(*WRAP_S)
    yield t, partial(WrapUpStored, call_id, "BENCH-000001", "promise", 70)
    return t


def talk_script(call_id: CallId, rng: random.Random, answered: float,
                talk: float) -> Generator[Step, None, float]:
    t, segment = answered, 0
    while (t := t + rng.uniform(*LINE_S)) < answered + talk:
        channel, text = LINES[segment % len(LINES)]
        start = t - answered - 2.0
        yield t, partial(TranscriptSegment, call_id, channel, segment, True, text, start, start + 2.0, (), 0.9, 0.3)
        if rng.random() < EMOTION_PER_LINE:
            label = EmotionLabel.NEGATIVE if channel is AudioChannel.CUSTOMER else EmotionLabel.NEUTRAL
            yield t + 0.2, partial(EmotionChanged, call_id, channel, label, 0.6, start + 2.0)
        if rng.random() < ALERT_PER_LINE:
            yield t + 0.3, partial(alert, call_id, channel, f"{call_id}/{segment}/threat", segment, start + 2.0)
        segment += 1
    return answered + talk


class Player:
    """Plays every agent's script on one thread, posting each event to its publisher when it is due."""

    def __init__(self, publishers: list[TeamPublisher], scripts: list[Iterator[Step]]) -> None:
        self._publishers, self._scripts = publishers, scripts
        self._heap: list[tuple[float, int, int, Make]] = []
        self._seq = 0
        self.late_ms: list[float] = []
        self.posted = 0
        self._t0 = time.monotonic()
        for i in range(len(scripts)):
            self._push(i)

    def _push(self, i: int) -> None:
        due, make = next(self._scripts[i])
        self._seq += 1
        heapq.heappush(self._heap, (due, self._seq, i, make))

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            due, _, i, make = self._heap[0]
            wait = self._t0 + due - time.monotonic()
            if wait > 0:
                stop.wait(min(wait, 0.05))
                continue
            heapq.heappop(self._heap)
            self.late_ms.append(-wait * 1000)
            self._publishers[i].on_event(make())
            self.posted += 1
            self._push(i)


class CountingOutbox(Outbox):
    """The agent's outbox, noting the id of every message put in it (on the publisher's thread)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.puts: list[tuple[float, str]] = []

    def put(self, topic: str, payload: bytes, retain: bool = False) -> int:
        row = super().put(topic, payload, retain)
        self.puts.append((time.monotonic(), str(json.loads(payload)["id"])))
        return row


# -- the agents' processes (--agents-only) ------------------------------------------------------------------
def agent_ids(count: int, first: int = 0) -> list[str]:
    return [f"{i:04d}" for i in range(first + 1, first + count + 1)]


def build_agents(address: BrokerAddress, passwords: dict[str, str], agents: list[str],
                 folder: Path) -> tuple[list[TeamPublisher], list[CountingOutbox]]:
    publishers: list[TeamPublisher] = []
    outboxes: list[CountingOutbox] = []
    for agent in agents:
        outboxes.append(CountingOutbox(folder / f"outbox-{agent}.db"))
        who = PublisherIdentity(TEAM, agent, f"agent-{agent}", passwords[f"agent-{agent}"])
        publishers.append(TeamPublisher(address, who, outboxes[-1], lambda _e: None))
    return publishers, outboxes


def wait_connected(publishers: list[TeamPublisher], timeout: float) -> float:
    t0 = time.monotonic()
    while not all(p.connected for p in publishers):
        if time.monotonic() - t0 > timeout:
            raise RuntimeError(f"{sum(not p.connected for p in publishers)} of {len(publishers)} agents not "
                               f"connected in {timeout} s ({open_fds()} open fds: paho's select() takes fds < 1024)")
        time.sleep(0.05)
    return time.monotonic() - t0


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def mark(word: str) -> None:
    """A line for the benchmark's process (it reads our stdout)."""
    sys.stdout.write(word + "\n")
    sys.stdout.flush()


def play_window(player: Player, outboxes: list[CountingOutbox], warmup: float, seconds: float) -> dict[str, Any]:
    stop = threading.Event()
    thread = threading.Thread(target=player.run, args=(stop,), name="agents-script", daemon=True)
    thread.start()
    time.sleep(warmup)
    late_from, ready = len(player.late_ms), time.monotonic()
    mark("ready")
    time.sleep(seconds)
    done = time.monotonic()
    backlog = sum(o.count() for o in outboxes)
    mark("done")
    stop.set()
    thread.join(5)
    puts = sum(1 for o in outboxes for t, _ in o.puts if ready <= t <= done)
    return {"window_s": round(done - ready, 2), "published_in_window": puts, "events_posted": player.posted,
            "late_ms": [round(x, 2) for x in player.late_ms[late_from:]], "outbox_backlog_at_end": backlog}


def close_all(publishers: list[TeamPublisher]) -> float:
    t0 = time.monotonic()
    for p in publishers:
        p.close()
    return time.monotonic() - t0


def agents_only(args: argparse.Namespace) -> int:
    """Connect this process's agents, say "connected", wait for "go" on stdin, play warm-up and window."""
    passwords: dict[str, str] = json.loads(Path(args.passwords).read_text())
    address = BrokerAddress("127.0.0.1", args.port, args.ca, True)
    with tempfile.TemporaryDirectory(prefix="bench-team-outboxes-") as tmp:
        publishers, outboxes = build_agents(address, passwords, agent_ids(args.agents, args.first), Path(tmp))
        for p in publishers:
            p.start()
        connect_s = wait_connected(publishers, 60.0)
        fds, threads = open_fds(), threading.active_count()
        note(f"agents {args.first + 1}-{args.first + args.agents}: connected in {connect_s:.1f} s "
             f"({threads} threads, {fds} fds)")
        mark("connected")
        if sys.stdin.readline().strip() != "go":
            return 1
        scripts = [agent_script(p.who.agent, random.Random(f"{args.seed}/{p.who.agent}")) for p in publishers]
        out = play_window(Player(publishers, scripts), outboxes, args.warmup, args.seconds)
        out.update(connect_s=round(connect_s, 2), threads=threads, fds=fds, close_s=round(close_all(publishers), 2),
                   published_ids=[i for o in outboxes for _, i in o.puts])
    Path(args.out).write_text(json.dumps(out))
    return 0


# -- the benchmark's process -----------------------------------------------------------------------------
def users_for(count: int) -> dict[str, str]:
    return {u: os.urandom(12).hex() for u in [*(f"agent-{a}" for a in [*agent_ids(count), PROBE]), LEAD_USER]}


def acl_for(count: int) -> str:
    blocks = [f"user agent-{a}\ntopic write agent-softphone/{TEAM}/agents/{a}/#\n"
              for a in [*agent_ids(count), PROBE]]
    return "\n".join([*blocks, f"user {LEAD_USER}\ntopic read agent-softphone/{TEAM}/#\n"])


def wait_until(what: str, check: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"not within {timeout} s: {what}")
        time.sleep(0.02)


def quiet_latency(address: BrokerAddress, password: str, lead: LeadSession, board: TimedBoard,
                  alerts: int) -> list[float]:
    """One agent alone: an alert every 0.1 s, each waited for on the board (three warm-up alerts first)."""
    with tempfile.TemporaryDirectory(prefix="bench-team-probe-") as tmp:
        probe = TeamPublisher(address, PublisherIdentity(TEAM, PROBE, f"agent-{PROBE}", password),
                              Outbox(Path(tmp) / "outbox.db"), lambda _e: None)
        probe.start()
        call_id = CallId(f"{PROBE}-1")
        for event in (registered(), call_start(call_id, True, "sip:138****0001@bench"),
                      state(call_id, CallState.CONFIRMED)):
            probe.on_event(event)
        wait_until("the probe agent in a call on the board",
                   lambda: any(a.agent == PROBE and a.call_id == call_id for a in lead.agents()), 15.0)
        latencies = [probe_alert(probe, board, call_id, i) for i in range(alerts + 3)][3:]
        probe.close()
    return latencies


def probe_alert(probe: TeamPublisher, board: TimedBoard, call_id: CallId, i: int) -> float:
    alert_id = f"{call_id}/{i}/threat"
    probe.on_event(alert(call_id, AudioChannel.AGENT, alert_id, i, float(i)))
    latency = board.wait_alert(alert_id, 10.0)
    if latency is None:
        raise RuntimeError(f"alert {alert_id} not on the board within 10 s")
    time.sleep(0.1)
    return latency


def expect(proc: subprocess.Popen[str], word: str) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if line != word:
        raise RuntimeError(f"an agents' process said {line!r} (exit {proc.poll()}), not {word!r}")


@dataclass
class Window:
    """CPU seconds of the broker, this process and the agents' processes, and the wall time, at one moment."""

    wall: float
    broker: float
    lead: float
    agents: float

    @classmethod
    def now(cls, broker_pid: int, agents_pids: list[int]) -> Window:
        return cls(time.monotonic(), proc_cpu_s(broker_pid), time.process_time(),
                   sum(proc_cpu_s(pid) for pid in agents_pids))


def cpu_pct(a: Window, b: Window) -> dict[str, float]:
    wall = b.wall - a.wall
    return {"broker_cpu_pct": round(100 * (b.broker - a.broker) / wall, 1),
            "lead_cpu_pct": round(100 * (b.lead - a.lead) / wall, 1),
            "agents_process_cpu_pct": round(100 * (b.agents - a.agents) / wall, 1)}


def agents_command(rig: MosquittoRig, args: argparse.Namespace, first: int, count: int, passwords: Path,
                   out: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--agents-only", "--port", str(rig.tls_port),
            "--ca", str(rig.ca_path), "--passwords", str(passwords), "--first", str(first), "--agents", str(count),
            "--seconds", str(args.seconds), "--warmup", str(args.warmup), "--seed", str(args.seed),
            "--out", str(out)]


def spawn_agents(rig: MosquittoRig, args: argparse.Namespace,
                 users: dict[str, str]) -> list[tuple[subprocess.Popen[str], Path]]:
    """The agents' processes, ``--per-process`` agents each (paho's select() cannot use an fd above 1023,
    and each agent holds six or seven: its TLS socket, paho's socket pair, its SQLite file, WAL and -shm)."""
    passwords = rig.dir / "bench-passwords.json"
    passwords.write_text(json.dumps(users))
    procs: list[tuple[subprocess.Popen[str], Path]] = []
    for first in range(0, args.agents, args.per_process):
        out = rig.dir / f"bench-agents-{first}.json"
        command = agents_command(rig, args, first, min(args.per_process, args.agents - first), passwords, out)
        procs.append((subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True),
                      out))
    return procs


def go(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        expect(proc, "connected")
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()


def measure(procs: list[subprocess.Popen[str]], broker_pid: int) -> tuple[Window, Window]:
    """CPU from the last "ready" (every process past its warm-up) to the last "done"."""
    pids = [p.pid for p in procs]
    for proc in procs:
        expect(proc, "ready")
    start = Window.now(broker_pid, pids)
    for proc in procs:
        expect(proc, "done")
    return start, Window.now(broker_pid, pids)


def load_run(rig: MosquittoRig, args: argparse.Namespace,
             users: dict[str, str]) -> tuple[list[dict[str, Any]], Window, Window]:
    """The agents' processes: started, told to go once all are connected, measured, waited for."""
    assert rig.pid is not None
    procs = spawn_agents(rig, args, users)
    try:
        go([p for p, _ in procs])
        start, end = measure([p for p, _ in procs], rig.pid)
        codes = [p.wait(180) for p, _ in procs]
    finally:
        for p, _ in procs:
            if p.poll() is None:
                p.kill()
    if any(codes):
        raise RuntimeError(f"the agents' processes exited with {codes}")
    return [json.loads(out.read_text()) for _, out in procs], start, end


def merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The agents' processes' figures as one."""
    return {"processes": len(parts), "published_in_window": sum(p["published_in_window"] for p in parts),
            "events_posted": sum(p["events_posted"] for p in parts),
            "schedule_late_ms": summary([x for p in parts for x in p["late_ms"]]),
            "outbox_backlog_at_end": sum(p["outbox_backlog_at_end"] for p in parts),
            "connect_s": max(p["connect_s"] for p in parts), "close_s": max(p["close_s"] for p in parts),
            "threads_per_process": [p["threads"] for p in parts], "fds_per_process": [p["fds"] for p in parts]}


def load_result(parts: list[dict[str, Any]], start: Window, end: Window, board: TimedBoard) -> dict[str, Any]:
    published = {i for p in parts for i in p["published_ids"]}
    board.wait_ids(published, 30.0)
    mine = [a for a in board.applied if a.agent != PROBE]
    received = {a.id for a in mine}
    window = [a for a in mine if start.wall <= a.mono <= end.wall]
    seconds = end.wall - start.wall
    agents = merged(parts)
    return {"alert_latency_ms_200": summary([a.latency_ms for a in window if a.kind is TopicKind.ALERT]),
            "all_msgs_latency_ms_200": summary([a.latency_ms for a in window]),
            "seconds": round(seconds, 1), "msgs_per_s": round(len(window) / seconds, 1),
            "published_per_s": round(agents["published_in_window"] / seconds, 1), **cpu_pct(start, end),
            "published": len(published), "received": len(received & published), "lost": len(published - received),
            "unexpected": len(received - published), "duplicates": board.duplicates,
            **{f"agents_{k}": v for k, v in agents.items()}}


def problems(r: dict[str, Any]) -> list[str]:
    out = []
    if r["lost"] or r["unexpected"]:
        out.append(f"{r['lost']} of {r['published']} messages lost, {r['unexpected']} unexpected")
    for key in ("alert_latency_ms_quiet", "alert_latency_ms_200"):
        if r[key].get("p95", 0) >= LATENCY_TARGET_MS:
            out.append(f"{key}: p95 {r[key]['p95']} ms, over the 1 s target")
    late = r["agents_schedule_late_ms"].get("p95", 0)
    if late > 100 or r["agents_outbox_backlog_at_end"] > r["agents"]:
        out.append(f"the agents' process is behind: its events posted {late} ms late (p95), "
                   f"{r['agents_outbox_backlog_at_end']} messages unacknowledged at the end")
    return out


def bench(args: argparse.Namespace) -> dict[str, Any]:
    users = users_for(args.agents)
    with MosquittoRig(users=users, acl=acl_for(args.agents)) as rig:
        note(f"mosquitto on 127.0.0.1:{rig.tls_port} (TLS), {args.agents} agents + probe + lead in its ACL")
        address = BrokerAddress(rig.host, rig.tls_port, str(rig.ca_path), True)
        lead = LeadSession(address, TEAM, LEAD_USER, users[LEAD_USER])
        board = lead.board = TimedBoard()
        reads = WallboardReads(lead)
        lead.subscribe(reads.changed)
        lead.start()
        note(f"quiet: {args.alerts} alerts from one agent ...")
        quiet = quiet_latency(address, users[f"agent-{PROBE}"], lead, board, args.alerts)
        note(f"load: {args.agents} agents, {args.warmup:g} s warm-up, {args.seconds:g} s measured ...")
        load = load_result(*load_run(rig, args, users), board)
        lead.close()
        reads.close()
    result = {"agents": args.agents, "alert_latency_ms_quiet": summary(quiet), **load, "wallboard_reads": reads.reads,
              "lead": "LeadSession + TeamBoard + the wallboard's reads per change; no Qt window, drawing not included",
              "broker": "mosquitto 2.0.11, TLS on 127.0.0.1, password file + ACL (one block per agent)"}
    result["problems"] = problems(result)
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--agents", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--warmup", type=float, default=0)
    ap.add_argument("--alerts", type=int, default=0, help="alerts of the quiet run")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-process", type=int, default=AGENTS_PER_PROCESS, help="simulated agents per process")
    ap.add_argument("--first", type=int, default=0, help="(--agents-only) the agents after this number")
    ap.add_argument("--agents-only", action="store_true", help="be the agents' process (the benchmark runs it)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--ca", default="")
    ap.add_argument("--passwords", default="")
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    args.seconds = args.seconds or (15.0 if args.quick else 60.0)
    args.warmup = args.warmup or (5.0 if args.quick else 10.0)
    args.alerts = args.alerts or (30 if args.quick else 100)
    if args.agents_only:
        return agents_only(args)
    emit(bench(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
