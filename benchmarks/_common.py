"""Shared helpers for the benchmarks: paths, statistics, process CPU, baresip.

Benchmarks print exactly one JSON object on stdout; everything meant for a
human goes to stderr through ``note``.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CLK_TCK = os.sysconf("SC_CLK_TCK")
BARESIP_BIN = "/usr/bin/baresip"
BARESIP_MODULES = "/usr/lib/baresip/modules"


def note(*args: Any) -> None:
    print(*args, file=sys.stderr, flush=True)


def emit(result: dict[str, Any]) -> None:
    """The benchmark's one JSON object on stdout."""
    sys.stdout.write(json.dumps(result, indent=2, default=str) + "\n")
    sys.stdout.flush()


def percentile(values: list[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..100)."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(values: list[float], digits: int = 2) -> dict[str, Any]:
    """p50 / p95 / mean / min / max / n of a list of numbers (already in ms)."""
    if not values:
        return {"n": 0}
    return {"p50": round(percentile(values, 50), digits), "p95": round(percentile(values, 95), digits),
            "mean": round(statistics.fmean(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "n": len(values)}


def proc_cpu_s(pid: int) -> float:
    """utime + stime of a process (all its threads) from /proc/<pid>/stat, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # after the ")": state is field 3, utime field 14, stime field 15 (1-based in proc(5))
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def cpu_over(pid: int | None, seconds: float) -> float:
    """CPU seconds used by ``pid`` (None: this process, all threads) over ``seconds`` of wall time.

    Returned as a percentage of one core.
    """
    read = (lambda: time.process_time()) if pid is None else (lambda: proc_cpu_s(pid))
    w0, c0 = time.monotonic(), read()
    time.sleep(seconds)
    w1, c1 = time.monotonic(), read()
    return 100.0 * (c1 - c0) / (w1 - w0)


def free_port() -> int:
    from tests.rig.kamailio import free_port as fp
    return fp()


class Baresip:
    """Debian's baresip 1.0 as a reference user agent, driven over ctrl_tcp.

    Config (written to a private dir): SIP and RTP on 127.0.0.1, G722 then
    G711, ``menu`` for the dial/hangup/quit commands, ``ctrl_tcp`` for
    netstring JSON commands and events. Audio either "null" (``ausine``
    1 kHz source; ``aubridge`` player, which has no clock of its own when no
    aubridge source exists, so nothing pulls the decoded audio) or "alsa"
    (ALSA devices, routed to a private PulseAudio by the environment).
    """

    def __init__(self, user: str, password: str, kam_port: int, audio: str = "null",
                 alsa_in: str = "spk_a_monitor", alsa_out: str = "spk_b",
                 env: dict[str, str] | None = None) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="bench-baresip-"))
        self.ctrl_port = free_port()
        sip_port = free_port()
        if audio == "null":
            audio_cfg = ("audio_player aubridge,nil\naudio_source ausine,1000\naudio_alert aubridge,nil\n"
                         "ausrc_srate 48000\nausrc_channels 2\nauplay_srate 48000\n")
            audio_mods = "module ausine.so\nmodule aubridge.so\n"
        else:
            audio_cfg = (f"audio_player alsa,{alsa_out}\naudio_source alsa,{alsa_in}\naudio_alert alsa,{alsa_out}\n"
                         "ausrc_srate 16000\nauplay_srate 16000\nausrc_channels 1\nauplay_channels 1\n")
            audio_mods = "module alsa.so\n"
        (self.dir / "config").write_text(
            f"poll_method epoll\nsip_listen 127.0.0.1:{sip_port}\nnet_interface 127.0.0.1\n"
            f"{audio_cfg}audio_buffer 20-160\njitter_buffer_delay 5-10\n"
            f"module_path {BARESIP_MODULES}\nmodule g722.so\nmodule g711.so\n{audio_mods}"
            f"module ctrl_tcp.so\nmodule_tmp account.so\nmodule_app menu.so\n"
            f"ctrl_tcp_listen 127.0.0.1:{self.ctrl_port}\n")
        (self.dir / "accounts").write_text(f"<sip:{user}@127.0.0.1:{kam_port}>;auth_pass={password};regint=60\n")
        self.user = user
        self.env = dict(os.environ, **(env or {}))
        self.lines: list[tuple[float, str]] = []
        self.events: list[tuple[float, dict[str, Any]]] = []
        self._cond = threading.Condition()
        self.proc: subprocess.Popen[str] | None = None
        self.sock: socket.socket | None = None
        self.t_launch = 0.0

    # -- process ------------------------------------------------------------
    def start(self) -> None:
        self.t_launch = time.perf_counter()
        self.proc = subprocess.Popen([BARESIP_BIN, "-f", str(self.dir)], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
                                     env=self.env, start_new_session=True)
        threading.Thread(target=self._read_stdout, daemon=True, name="baresip-out").start()

    def _read_stdout(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            t = time.perf_counter()
            if line.startswith("[") and "audio=" in line:
                continue  # menu's once-a-tenth-second call status line
            with self._cond:
                self.lines.append((t, line.rstrip()))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_line(self, needle: str, timeout: float = 10.0, after: int = 0) -> float:
        """perf_counter time at which a stdout line containing ``needle`` was read."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for t, line in self.lines[after:]:
                    if needle in line:
                        return t
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc is not None and self.proc.poll() is not None):
                    raise RuntimeError(f"baresip: no line {needle!r}; output:\n" +
                                       "\n".join(l for _, l in self.lines[-40:]))
                self._cond.wait(min(left, 0.2))

    def wait_registered(self, timeout: float = 10.0) -> float:
        """Seconds from launch until baresip logged its REGISTER 200 OK."""
        t = self.wait_line(f"{self.user}@127.0.0.1: {{0/UDP/v4}} 200 OK", timeout)
        return t - self.t_launch

    # -- ctrl_tcp -----------------------------------------------------------
    def connect(self) -> None:
        self.sock = socket.create_connection(("127.0.0.1", self.ctrl_port), timeout=5)
        self.sock.settimeout(None)
        threading.Thread(target=self._read_ctrl, daemon=True, name="baresip-ctrl").start()

    def _read_ctrl(self) -> None:
        assert self.sock is not None
        buf = b""
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                break
            t = time.perf_counter()
            buf += data
            while b":" in buf:
                head, rest = buf.split(b":", 1)
                n = int(head)
                if len(rest) < n + 1:
                    break
                try:
                    msg = json.loads(rest[:n])
                except json.JSONDecodeError:
                    msg = {"garbage": rest[:n].decode(errors="replace")}
                buf = rest[n + 1:]
                with self._cond:
                    self.events.append((t, msg))
                    self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def command(self, command: str, params: str = "") -> None:
        assert self.sock is not None
        body = json.dumps({"command": command, "params": params, "token": f"t{time.monotonic_ns()}"}).encode()
        self.sock.sendall(str(len(body)).encode() + b":" + body + b",")

    def mark(self) -> int:
        with self._cond:
            return len(self.events)

    def wait_event(self, kind: str, timeout: float = 10.0, after: int = 0) -> tuple[float, dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for t, ev in self.events[after:]:
                    if ev.get("type") == kind:
                        return t, ev
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"baresip: no event {kind}; events: {[e.get('type') for _, e in self.events]}"
                                       + "\n" + "\n".join(l for _, l in self.lines[-30:]))
                self._cond.wait(min(left, 0.2))

    def stop(self) -> int | None:
        """quit over ctrl_tcp, then TERM, then KILL; returns the exit code."""
        proc = self.proc
        if proc is None:
            return None
        if proc.poll() is None and self.sock is not None:
            try:
                self.command("quit")
                proc.wait(3)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self.sock is not None:
            self.sock.close()
        self.proc = None
        return proc.returncode
