"""SIP setup times and CPU per call, side by side with Debian's baresip.

Measures, against a real Kamailio on 127.0.0.1 and a pjsua2 peer (own
process, auto-answer, no delay):

(a) launch to registered
    * in-process: ``Engine(...)`` + ``start()`` + ``register()`` until the
      ``RegistrationChanged(REGISTERED)`` event (its ``at`` stamp, taken on
      the engine thread); a fresh Kamailio every run;
    * subprocess: ``agent-softphone headless --config`` from ``Popen`` to its
      ``registration_changed registered`` line (includes interpreter start
      and imports);
    * baresip: from ``Popen`` to its ``REGISTER 200 OK`` log line.
(b) INVITE to CONFIRMED: ``dial()`` to ``CallStateChanged(CONFIRMED)``; for
    baresip, the ctrl_tcp ``dial`` command to its ``CALL_ESTABLISHED`` event.
(c) CPU per active call, % of one core over a window (20 s; --quick 8 s):
    CPU with one call up minus CPU idle-registered, for
    * ours in-process, ``audio.enabled = false`` (conference bridge on the
      null device clock; this process runs nothing else meanwhile),
    * ours ``headless`` subprocess with real sound devices (PulseAudio null
      sinks), from ``/proc/<pid>/stat``,
    * baresip with a null-ish audio path (``ausine`` source, ``aubridge``
      player) and with ALSA devices through the same kind of PulseAudio.

Output: one JSON object on stdout. Run: ``.venv/bin/python benchmarks/bench_sip.py [--quick]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, Baresip, cpu_over, emit, note, summary  # noqa: E402

from softphone.engine import Engine  # noqa: E402
from softphone.events import CallStateChanged, OutgoingCall, RegistrationChanged  # noqa: E402
from softphone.states import CallState, RegState  # noqa: E402
from tests.conftest import engine_settings  # noqa: E402
from tests.rig.headless_client import Headless, write_config  # noqa: E402
from tests.rig.kamailio import Kamailio  # noqa: E402
from tests.rig.peer_client import Peer  # noqa: E402
from tests.rig.pulse import PulseLoopback, pulse_available  # noqa: E402
from tests.rig.recorder import EventRecorder  # noqa: E402

AGENT_BIN = Path(sys.executable).with_name("agent-softphone")


def new_peer(kam: Kamailio, tmp: Path) -> Peer:
    peer = Peer("2001", kam.users["2001"], f"127.0.0.1:{kam.port}", auto_answer=True, answer_delay=0.0,
                tone=1000, log_dir=tmp)
    peer.wait_registered()
    return peer


# -- ours, in-process ------------------------------------------------------------
def engine_register(kam: Kamailio) -> tuple[Engine, EventRecorder, float]:
    settings = engine_settings(kam, "1001")
    t0 = time.time()
    eng = Engine(settings, password=kam.users["1001"])
    rec = EventRecorder(eng.bus)
    eng.start()
    eng.register().result(5)
    ev = rec.wait(RegistrationChanged, timeout=10, where=lambda e: e.new is not RegState.REGISTERING)
    if ev.new is not RegState.REGISTERED:
        eng.stop()
        raise RuntimeError(f"engine did not register: {ev}")
    return eng, rec, (ev.at - t0) * 1000.0


PICKUP_MS: list[float] = []  # dial() to OutgoingCall: the wait for the engine thread to take the command


def engine_dial(eng: Engine, rec: EventRecorder) -> tuple[str, float]:
    mark = rec.mark()
    t0 = time.time()
    call_id = eng.dial("2001", {}).result(5)
    ev = rec.wait(CallStateChanged, timeout=10, after=mark, call_id=call_id, new=CallState.CONFIRMED)
    out = rec.wait(OutgoingCall, timeout=1, after=mark, call_id=call_id)
    PICKUP_MS.append((out.at - t0) * 1000.0)
    return call_id, (ev.at - t0) * 1000.0


def engine_hangup(eng: Engine, rec: EventRecorder, call_id: str) -> None:
    mark = rec.mark()
    eng.hangup(call_id).result(5)
    rec.wait(CallStateChanged, timeout=10, after=mark, call_id=call_id, new=CallState.DISCONNECTED)


# -- ours, subprocess -------------------------------------------------------------
class HeadlessProc(Headless):
    """``agent-softphone headless`` launched through the installed entry point."""

    def __init__(self, config: Path, password: str, home: Path, env: dict[str, str] | None = None) -> None:
        import json
        import threading
        full_env = dict(os.environ, **(env or {}), SOFTPHONE_TEST_PASSWORD=password, AGENT_SOFTPHONE_HOME=str(home))
        self.t_launch = time.perf_counter()
        self.proc = subprocess.Popen([str(AGENT_BIN), "headless", "--config", str(config)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=full_env, bufsize=1, cwd=str(ROOT))
        self.lines: list[dict[str, Any]] = []
        self.raw: list[str] = []
        self.arrival: list[float] = []
        self._cond = threading.Condition()
        self.stderr = ""

        def read() -> None:
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                t = time.perf_counter()
                with self._cond:
                    self.raw.append(line)
                    self.lines.append(json.loads(line))
                    self.arrival.append(t)
                    self._cond.notify_all()
            with self._cond:
                self._cond.notify_all()

        threading.Thread(target=read, daemon=True).start()
        # stderr must be drained too, or a chatty engine blocks on a full pipe
        threading.Thread(target=lambda: self.proc.stderr and self.proc.stderr.read(), daemon=True).start()

    def wait_at(self, timeout: float = 10, **match: Any) -> float:
        """perf_counter time the first line matching ``match`` was read."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for obj, t in zip(self.lines, self.arrival):
                    if all(obj.get(k) == v for k, v in match.items()):
                        return t
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise RuntimeError(f"headless: no line {match}; got {self.raw[-10:]}")
                self._cond.wait(min(left, 0.2))

    def quit(self) -> int:
        try:
            self.send(cmd="quit")
        except Exception:  # noqa: BLE001 - already gone
            pass
        try:
            return self.proc.wait(20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


def headless_register(kam: Kamailio, tmp: Path, audio: str = "enabled = false",
                      env: dict[str, str] | None = None) -> tuple[HeadlessProc, float]:
    cfg = write_config(tmp / f"phone-{time.monotonic_ns()}.toml", kam, audio=audio)
    h = HeadlessProc(cfg, kam.users["1001"], tmp / "home", env=env)
    t = h.wait_at(timeout=20, event="registration_changed", new="registered")
    return h, (t - h.t_launch) * 1000.0


# -- baresip -------------------------------------------------------------------------
def baresip_register(kam: Kamailio, **kw: Any) -> tuple[Baresip, float]:
    b = Baresip("2002", kam.users["2002"], kam.port, **kw)
    b.start()
    try:
        ms = b.wait_registered() * 1000.0
        b.connect()
    except Exception:
        b.stop()
        raise
    return b, ms


def baresip_dial(b: Baresip, kam: Kamailio) -> float:
    mark = b.mark()
    t0 = time.perf_counter()
    b.command("dial", f"sip:2001@127.0.0.1:{kam.port}")
    t, _ = b.wait_event("CALL_ESTABLISHED", after=mark)
    return (t - t0) * 1000.0


def baresip_hangup(b: Baresip) -> None:
    mark = b.mark()
    b.command("hangup")
    b.wait_event("CALL_CLOSED", after=mark)


# -- phases -----------------------------------------------------------------------------
def setup_runs(runs: int, tmp: Path, problems: list[str]) -> dict[str, Any]:
    reg_inproc: list[float] = []
    reg_headless: list[float] = []
    reg_baresip: list[float] = []
    dial_ours: list[float] = []
    dial_baresip: list[float] = []
    for i in range(runs):
        with Kamailio() as kam:
            peer = new_peer(kam, tmp)
            try:
                eng, rec, ms = engine_register(kam)
                reg_inproc.append(ms)
                try:
                    time.sleep(0.2)
                    cid, ms = engine_dial(eng, rec)
                    dial_ours.append(ms)
                    engine_hangup(eng, rec, cid)
                finally:
                    eng.stop()
                h, ms = headless_register(kam, tmp)
                reg_headless.append(ms)
                h.quit()
                try:
                    b, ms = baresip_register(kam)
                    reg_baresip.append(ms)
                    try:
                        time.sleep(0.2)
                        dial_baresip.append(baresip_dial(b, kam))
                        baresip_hangup(b)
                    finally:
                        b.stop()
                except Exception as exc:  # noqa: BLE001 - report, keep our numbers
                    problems.append(f"baresip run {i}: {exc}")
                    note(f"baresip run {i} failed: {exc}")
            finally:
                peer.close()
        note(f"run {i + 1}/{runs}: reg in-process {reg_inproc[-1]:.1f} ms, headless {reg_headless[-1]:.0f} ms, "
             f"baresip {reg_baresip[-1] if reg_baresip else float('nan'):.1f} ms; "
             f"dial ours {dial_ours[-1]:.1f} ms, baresip {dial_baresip[-1] if dial_baresip else float('nan'):.1f} ms")
    return {
        "launch_to_registered_ms": {
            "ours_in_process": summary(reg_inproc), "ours_in_process_first_run": round(reg_inproc[0], 2),
            "ours_headless_subprocess": summary(reg_headless), "baresip": summary(reg_baresip)},
        "invite_to_confirmed_ms": {"ours_in_process": summary(dial_ours), "baresip": summary(dial_baresip),
                                   "ours_dial_to_outgoing_call_event": summary(PICKUP_MS)},
        "raw": {"reg_inproc": reg_inproc, "reg_headless": reg_headless, "reg_baresip": reg_baresip,
                "dial_ours": dial_ours, "dial_baresip": dial_baresip},
    }


def cpu_ours_inprocess(kam: Kamailio, window: float) -> dict[str, float]:
    eng, rec, _ = engine_register(kam)
    try:
        time.sleep(2.0)
        idle = cpu_over(None, window)
        cid, _ = engine_dial(eng, rec)
        time.sleep(1.0)
        call = cpu_over(None, window)
        engine_hangup(eng, rec, cid)
    finally:
        eng.stop()
    return {"idle_pct": round(idle, 2), "one_call_pct": round(call, 2), "per_call_pct": round(call - idle, 2)}


def cpu_ours_headless(kam: Kamailio, tmp: Path, window: float, audio: str,
                      env: dict[str, str] | None) -> dict[str, float]:
    h, _ = headless_register(kam, tmp, audio=audio, env=env)
    try:
        time.sleep(2.0)
        idle = cpu_over(h.proc.pid, window)
        r = h.send(cmd="dial", target="2001")
        if not r.get("ok"):
            raise RuntimeError(f"headless dial failed: {r}")
        cid = r["result"]["call_id"]
        h.wait(event="call_state_changed", call_id=cid, new="confirmed")
        time.sleep(1.0)
        call = cpu_over(h.proc.pid, window)
        h.send(cmd="hangup", call_id=cid)
    finally:
        h.quit()
    return {"idle_pct": round(idle, 2), "one_call_pct": round(call, 2), "per_call_pct": round(call - idle, 2)}


def cpu_baresip(kam: Kamailio, window: float, **kw: Any) -> dict[str, float]:
    b, _ = baresip_register(kam, **kw)
    try:
        pid = b.proc.pid  # type: ignore[union-attr]
        time.sleep(2.0)
        idle = cpu_over(pid, window)
        baresip_dial(b, kam)
        time.sleep(1.0)
        call = cpu_over(pid, window)
        baresip_hangup(b)
    finally:
        b.stop()
    return {"idle_pct": round(idle, 2), "one_call_pct": round(call, 2), "per_call_pct": round(call - idle, 2)}


def cpu_phase(window: float, tmp: Path, problems: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"window_s": window}
    with Kamailio() as kam:
        peer = new_peer(kam, tmp)
        try:
            note("CPU: ours in-process, audio disabled (null device clock) ...")
            out["ours_in_process_null_audio"] = cpu_ours_inprocess(kam, window)
            note(f"  {out['ours_in_process_null_audio']}")
            note("CPU: baresip, ausine/aubridge ...")
            try:
                out["baresip_null_audio"] = cpu_baresip(kam, window, audio="null")
                note(f"  {out['baresip_null_audio']}")
            except Exception as exc:  # noqa: BLE001
                problems.append(f"baresip null-audio CPU: {exc}")
            if not pulse_available():
                problems.append("pulseaudio / ALSA pulse plugin missing: no real-device CPU figures")
                return out
            with PulseLoopback(sinks=("spk_a", "spk_b", "spk_c")) as pa:
                audio = 'enabled = true\ninput_device = "spk_a_monitor"\noutput_device = "spk_b"\nringer_device = "spk_c"'
                note("CPU: ours headless subprocess, PulseAudio devices ...")
                try:
                    out["ours_headless_pulse"] = cpu_ours_headless(kam, tmp, window, audio, pa.env)
                    note(f"  {out['ours_headless_pulse']}")
                except Exception as exc:  # noqa: BLE001
                    problems.append(f"ours headless pulse CPU: {exc}")
                note("CPU: baresip, ALSA -> PulseAudio ...")
                try:
                    out["baresip_alsa_pulse"] = cpu_baresip(kam, window, audio="alsa", env=pa.env)
                    note(f"  {out['baresip_alsa_pulse']}")
                except Exception as exc:  # noqa: BLE001
                    problems.append(f"baresip alsa/pulse CPU: {exc}")
        finally:
            peer.close()
    return out


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return round(a / b, 2)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 runs, 8 s CPU windows")
    ap.add_argument("--runs", type=int, default=None)
    ap.add_argument("--cpu-seconds", type=float, default=None)
    args = ap.parse_args()
    runs = args.runs or (3 if args.quick else 10)
    window = args.cpu_seconds or (8.0 if args.quick else 20.0)
    tmp = Path(tempfile.mkdtemp(prefix="bench-sip-"))
    os.environ.setdefault("AGENT_SOFTPHONE_HOME", str(tmp / "home"))
    problems: list[str] = []
    result: dict[str, Any] = {"benchmark": "sip", "quick": args.quick, "runs": runs,
                              "machine": {"cpus": os.cpu_count()}, "problems": problems}
    t_start = time.monotonic()
    try:
        result.update(setup_runs(runs, tmp, problems))
        result["cpu_per_call"] = cpu_phase(window, tmp, problems)
    except Exception as exc:  # noqa: BLE001 - still print what we have
        problems.append(f"aborted: {exc}")
        note(traceback.format_exc())
    reg = result.get("launch_to_registered_ms", {})
    dial = result.get("invite_to_confirmed_ms", {})
    cpu = result.get("cpu_per_call", {})

    def p50(d: dict[str, Any], k: str) -> float | None:
        return d.get(k, {}).get("p50")

    def per_call(k: str) -> float | None:
        return cpu.get(k, {}).get("per_call_pct")

    result["ratios_ours_over_baresip"] = {
        "launch_to_registered_p50_subprocess": ratio(p50(reg, "ours_headless_subprocess"), p50(reg, "baresip")),
        "launch_to_registered_p50_in_process": ratio(p50(reg, "ours_in_process"), p50(reg, "baresip")),
        "invite_to_confirmed_p50": ratio(p50(dial, "ours_in_process"), p50(dial, "baresip")),
        "cpu_per_call_null_audio": ratio(per_call("ours_in_process_null_audio"), per_call("baresip_null_audio")),
        "cpu_per_call_pulse_devices": ratio(per_call("ours_headless_pulse"), per_call("baresip_alsa_pulse")),
    }
    result["targets"] = {"setup_ratio_max": 2.0, "cpu_ratio_max": 3.0}
    result["elapsed_s"] = round(time.monotonic() - t_start, 1)
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
