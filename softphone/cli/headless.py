"""``agent-softphone headless --config FILE``: the engine without a window.

stdout carries one JSON object per line: every bus event as
``{"event": name, ...}`` and a reply to every command as
``{"reply": cmd, "id": id, "ok": true, "result": ...}`` or
``{"reply": cmd, "id": id, "ok": false, "error": {"type", "message"}}``.
stdin carries one JSON command per line. Protocol: docs/headless.md.
"""

from __future__ import annotations

import json
import logging
import queue
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO

from ..errors import SoftphoneError, StorageError
from ..events import to_json
from ..session import Session
from ..settings import load_settings
from .commands import CommandError, dispatch

__all__ = ["run_headless", "JsonOut"]

log = logging.getLogger(__name__)


class JsonOut:
    """Writes whole JSON lines to stdout from any thread."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def write(self, obj: dict[str, Any]) -> None:
        line = json.dumps(obj, ensure_ascii=False, default=str)
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()


def _read_stdin(lines: queue.SimpleQueue[str | None]) -> None:
    for line in sys.stdin:
        lines.put(line)
    lines.put(None)  # end of input: stop like "quit"


def run_headless(config_path: str) -> int:
    out = JsonOut(sys.stdout)
    try:
        settings = load_settings(config_path)
    except SoftphoneError as exc:
        out.write({"event": "error", "source": "config", "message": str(exc), "user_message": exc.user_message})
        return 2
    session = Session(settings)
    session.subscribe(lambda e: out.write(to_json(e)))  # masked, like everything a front end gets
    try:
        session.start(engine_ready=lambda: out.write(
            {"event": "ready", "sip_port": session.local_port, "account": settings.account.id}))
    except SoftphoneError as exc:  # a missing password or keyring is an ``error`` line, not a failed start
        source = "storage" if isinstance(exc, StorageError) else "engine"
        out.write({"event": "error", "source": source, "message": str(exc), "user_message": exc.user_message})
        session.close()
        return 1
    try:
        return _serve(session, out, {"reload_rules": lambda msg: session.reload_rules()})
    finally:
        session.close()


Local = dict[str, Callable[[dict[str, Any]], Any]]


def _serve(session: Session, out: JsonOut, local: Local) -> int:
    lines: queue.SimpleQueue[str | None] = queue.SimpleQueue()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    threading.Thread(target=_read_stdin, args=(lines,), name="stdin", daemon=True).start()
    try:
        while not stop.is_set():
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None or _handle(session, out, line, local):
                break
    finally:
        session.stop()
    return 0


def _handle(session: Session, out: JsonOut, line: str, local: Local) -> bool:
    """Run one command line; True when it asks to quit."""
    line = line.strip()
    if not line:
        return False
    try:
        msg = json.loads(line)
        if not isinstance(msg, dict) or not isinstance(msg.get("cmd"), str):
            raise CommandError("a command is a JSON object with a \"cmd\" string")
    except (json.JSONDecodeError, CommandError) as exc:
        out.write({"reply": None, "ok": False, "error": {"type": "CommandError", "message": f"not a command: {exc}"}})
        return False
    reply: dict[str, Any] = {"reply": msg["cmd"], "id": msg.get("id")}
    if msg["cmd"] == "quit":
        out.write({**reply, "ok": True, "result": None})
        return True
    try:
        run = local.get(msg["cmd"])
        reply.update(ok=True, result=run(msg) if run else dispatch(session, msg))
    except CommandError as exc:
        reply.update(ok=False, error={"type": "CommandError", "message": str(exc)})
    except SoftphoneError as exc:
        error: dict[str, Any] = {"type": type(exc).__name__, "message": exc.user_message, "detail": str(exc)}
        problems = getattr(exc, "problems", None)  # a refused wrap-up: every problem to fix
        if problems:
            error["problems"] = [str(p) for p in problems]
        decision = getattr(exc, "decision", None)  # a dial the guard refused: its rule and next allowed time
        if decision:
            error["decision"] = decision
        reply.update(ok=False, error=error)
    out.write(reply)
    return False
