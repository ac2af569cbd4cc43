"""Drive ``peer.py`` (a standalone pjsua2 user agent) from a test.

Why a subprocess: pjsua2 is a process-wide singleton that aborts the whole
process on misuse; a peer in its own process cannot take pytest down and can
run next to the softphone's own pjsua2 instance.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

PEER_SCRIPT = Path(__file__).with_name("peer.py")


class PeerError(RuntimeError):
    """A command failed, timed out, or the peer process died."""


class Peer:
    """One peer process. ``with Peer("2001", "pw2001", registrar=f"127.0.0.1:{port}") as p:``"""

    def __init__(self, user: str, password: str = "", registrar: str = "", *,
                 transport: str = "udp", register: bool = True, sip_port: int = 0,
                 auto_answer: bool = False, answer_delay: float = 0.0, tone: float = 0.0,
                 reg_expiry: int = 60, log_level: int = 4, log_dir: str | Path | None = None,
                 start: bool = True) -> None:
        self.user = user
        self.argv = [sys.executable, str(PEER_SCRIPT), "--user", user, "--password", password,
                     "--transport", transport, "--sip-port", str(sip_port),
                     "--answer-delay", str(answer_delay), "--tone", str(tone),
                     "--reg-expiry", str(reg_expiry), "--log-level", str(log_level)]
        if registrar:
            self.argv += ["--registrar", registrar]
        if not register:
            self.argv.append("--no-register")
        if auto_answer:
            self.argv.append("--auto-answer")
        log_root = Path(log_dir) if log_dir else Path(tempfile.mkdtemp(prefix=f"rig-peer-{user}-"))
        self.log_path = log_root / f"peer-{user}.log"
        self.events: list[dict[str, Any]] = []  # every event ever received, in order
        self._pending: list[dict[str, Any]] = []  # events not yet taken by wait_event
        self._replies: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._cmd_lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self.returncode: int | None = None
        self.sip_port = 0
        if start:
            self.start()

    def start(self, timeout: float = 15.0) -> None:
        """Launch the process and wait for its ``ready`` event."""
        self._log: TextIO = open(self.log_path, "w")
        self._proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=self._log, text=True, bufsize=1)
        threading.Thread(target=self._reader, name=f"peer-{self.user}", daemon=True).start()
        ready = self.wait_event("ready", timeout=timeout)
        self.sip_port = int(ready["sip_port"])

    def _reader(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        for line in self._proc.stdout:
            try:
                msg = json.loads(line)
            except json.JSONDecodeError:
                msg = {"event": "garbage", "line": line}
            with self._cond:
                if "reply" in msg:
                    self._replies.append(msg)
                else:
                    self.events.append(msg)
                    self._pending.append(msg)
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _wait(self, pick: Any, timeout: float, what: str) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = pick()
                if found is not None:
                    return found  # type: ignore[no-any-return]
                left = deadline - time.monotonic()
                if left <= 0 or not self.alive:
                    state = "timed out" if left <= 0 else "peer exited"
                    raise PeerError(f"{self.user}: {state} waiting for {what}; "
                                    f"log {self.log_path}:\n{self.log_tail()}")
                self._cond.wait(min(left, 0.2))

    def cmd(self, name: str, timeout: float = 10.0, check: bool = True, **kw: Any) -> dict[str, Any]:
        """Send a command and return its reply; raise PeerError if not ok and ``check``."""
        assert self._proc is not None and self._proc.stdin is not None
        with self._cmd_lock:
            self._proc.stdin.write(json.dumps({"cmd": name, **kw}) + "\n")
            self._proc.stdin.flush()

            def pick() -> dict[str, Any] | None:
                for i, r in enumerate(self._replies):
                    if r.get("reply") in (name, None):
                        return self._replies.pop(i)
                return None
            reply = self._wait(pick, timeout, f"reply to {name}")
        if check and not reply.get("ok"):
            raise PeerError(f"{self.user}: {name} failed: {reply.get('error')}")
        return reply

    def wait_event(self, name: str, timeout: float = 10.0, **match: Any) -> dict[str, Any]:
        """Take the first not-yet-taken event called ``name`` whose fields equal ``match``."""
        def pick() -> dict[str, Any] | None:
            for i, ev in enumerate(self._pending):
                if ev.get("event") == name and all(ev.get(k) == v for k, v in match.items()):
                    return self._pending.pop(i)
            return None
        return self._wait(pick, timeout, f"event {name} {match}")

    def wait_registered(self, timeout: float = 10.0) -> dict[str, Any]:
        return self.wait_event("reg_state", timeout=timeout, code=200, active=True)

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def close(self, timeout: float = 10.0) -> int | None:
        """Send quit, wait for the exit, kill if it hangs; keep ``returncode``."""
        proc = self._proc
        if proc is None:
            return self.returncode
        if proc.poll() is None:
            try:
                assert proc.stdin is not None
                proc.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
                proc.stdin.close()
            except (BrokenPipeError, OSError, ValueError):
                pass
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.returncode = proc.returncode
        self._log.close()
        return self.returncode

    def __enter__(self) -> Peer:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
