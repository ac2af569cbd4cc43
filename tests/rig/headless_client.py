"""Drives ``agent-softphone headless`` in its own process over its JSON lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.rig.kamailio import Kamailio


def write_config(path: Path, kam: Kamailio, user: str = "1001", transport: str = "udp", audio: str = "enabled = false",
                 account_extra: str = "", extra: str = "", asr: str = "[asr]\nenabled = false") -> Path:
    path.write_text(f"""schema_version = 1
[account]
server = "127.0.0.1:{kam.port}"
user = "{user}"
transport = "{transport}"
password_env = "SOFTPHONE_TEST_PASSWORD"
{account_extra}
[sip]
bind_address = "127.0.0.1"
[audio]
{audio}
{extra}
{asr}
""")
    return path


class Headless:
    """A running ``agent-softphone headless`` process and its JSON lines."""

    def __init__(self, config: Path, password: str, home: Path, env: dict[str, str] | None = None) -> None:
        env = dict(os.environ, **(env or {}), SOFTPHONE_TEST_PASSWORD=password, AGENT_SOFTPHONE_HOME=str(home))
        self.proc = subprocess.Popen([sys.executable, "-m", "softphone.cli.main", "headless", "--config", str(config)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env, bufsize=1)
        self.lines: list[dict[str, Any]] = []
        self.raw: list[str] = []
        self._cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr = ""

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._cond:
                self.raw.append(line)
                self.lines.append(json.loads(line))  # every stdout line must be JSON
                self._cond.notify_all()

    def mark(self) -> int:
        """The number of lines so far: pass it as ``after`` to wait for a later line."""
        with self._cond:
            return len(self.lines)

    def wait(self, timeout: float = 10, after: int = 0, where: Callable[[dict[str, Any]], bool] | None = None,
             **match: Any) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for obj in self.lines[after:]:
                    if all(obj.get(k) == v for k, v in match.items()) and (where is None or where(obj)):
                        return obj
                left = deadline - time.monotonic()
                assert left > 0, f"no line {match}; got {self.lines}"
                self._cond.wait(left)

    def send(self, **cmd: Any) -> dict[str, Any]:
        cmd.setdefault("id", f"c{time.monotonic_ns()}")
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        return self.wait(reply=cmd["cmd"], id=cmd["id"])

    def finish(self, timeout: float = 20) -> int:
        try:
            code = self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        assert self.proc.stderr is not None
        self.stderr = self.proc.stderr.read()
        return code
