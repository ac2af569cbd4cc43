"""``agent-softphone model list | install SRC | remove NAME | use NAME``.

SRC is a zip file, a model folder or an http(s) URL (the only network access;
resumable: run the same command again after an interruption). Progress goes to
stderr as a bar; results and errors in plain words. Exit 0 on success, 1 on
a refused or failed action.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, TextIO

from ..asr.bundled import pending_bundled
from ..asr.models import ModelStore
from ..errors import SoftphoneError

__all__ = ["add_model_parser", "run_model", "ProgressBar"]


def add_model_parser(sub: Any) -> None:
    """Add the ``model`` sub-command to ``main``'s sub-parsers."""
    m = sub.add_parser("model", help="list, install, remove or choose speech models (Vosk)")
    msub = m.add_subparsers(dest="model_command", required=True)
    ls = msub.add_parser("list", help="show the installed models; * marks the one in use")
    ls.add_argument("--json", action="store_true", help="print the list as JSON")
    ins = msub.add_parser("install", help="install a model from a zip file, a folder or an http(s) URL")
    ins.add_argument("src", help="zip file, model folder or http(s) URL")
    ins.add_argument("--name", help="name to install under (default: from the zip or folder)")
    ins.add_argument("--language", help="language of the model (zh, ko, en, ...); default: guessed from the name")
    ins.add_argument("--sha256", help="expected sha256 of the zip")
    ins.add_argument("--md5", help="expected md5 of the zip")
    ins.add_argument("--size", type=int, help="expected size of the zip in bytes")
    ins.add_argument("--use", action="store_true", help="use the model once installed")
    rm = msub.add_parser("remove", help="delete an installed model")
    rm.add_argument("name")
    use = msub.add_parser("use", help="make a model the one used for transcription")
    use.add_argument("name")


def run_model(args: argparse.Namespace, store: ModelStore | None = None) -> int:
    store = store or ModelStore()
    try:
        if args.model_command == "list":
            return _list(store, as_json=args.json)
        if args.model_command == "install":
            return _install(store, args)
        if args.model_command == "remove":
            store.remove(args.name)
            print(f"Removed {args.name}.")
            return 0
        model = store.use(args.name)
        print(f"Transcription now uses {model.name} ({model.language}).")
        return 0
    except SoftphoneError as exc:
        print(exc.user_message, file=sys.stderr)
        return 1


def _list(store: ModelStore, *, as_json: bool) -> int:
    models = store.list()
    active = store.active()
    if as_json:
        rows = [dict(m.to_json(), active=active is not None and m.name == active.name) for m in models]
        print(json.dumps(rows, indent=2))
        return 0
    waiting = pending_bundled(store)
    for zip_path in waiting:
        print(f"  {zip_path.name} came with the app: it is installed at the next start ({zip_path.parent})")
    if not models:
        if not waiting:
            print("No speech model is installed. See docs/models.md, or: agent-softphone model install SRC")
        return 0
    width = max(len(m.name) for m in models)
    for m in models:
        mark = "*" if active is not None and m.name == active.name else " "
        print(f"{mark} {m.name:<{width}}  {m.language:<7} {_mb(m.size_bytes):>9}  {m.source}")
    return 0


def _install(store: ModelStore, args: argparse.Namespace) -> int:
    bar = ProgressBar(sys.stderr)
    try:
        model = store.install(
            args.src,
            name=args.name,
            language=args.language,
            sha256=args.sha256,
            md5=args.md5,
            size=args.size,
            progress=bar.update,
            phase=bar.phase,
        )
    finally:
        bar.close()
    print(f"Installed {model.name} (language {model.language}, {_mb(model.size_bytes)}).")
    if args.use:
        store.use(model.name)
        print(f"Transcription now uses {model.name}.")
    elif not model.active:
        print(f"To use it: agent-softphone model use {model.name}")
    return 0


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


class ProgressBar:
    """A one-line bar on a terminal; a line per 10 % elsewhere (logs, pipes)."""

    WIDTH = 30
    LABELS = {
        "download": "Downloading",
        "check": "Checking",
        "extract": "Unpacking",
        "copy": "Copying",
        "finish": "Finishing",
    }

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.label = "Working"
        self._last_step = -1
        self._last_draw = 0.0
        self._open = False

    def phase(self, name: str) -> None:
        self.close()
        self.label = self.LABELS.get(name, name)
        self._last_step = -1
        if name in ("check", "finish"):
            print(f"{self.label}...", file=self.stream, flush=True)

    def update(self, done: int, total: int | None) -> None:
        if self.tty:
            self._draw_tty(done, total)
        elif total:
            step = min(10, done * 10 // total)
            if step != self._last_step:
                self._last_step = step
                print(f"{self.label}: {step * 10:3d}%  {_mb(done)} of {_mb(total)}", file=self.stream, flush=True)

    def _draw_tty(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self._last_draw < 0.1 and (total is None or done < total):
            return
        self._last_draw = now
        if total:
            filled = min(self.WIDTH, done * self.WIDTH // total)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            line = f"{self.label} [{bar}] {done * 100 // total:3d}%  {_mb(done)} of {_mb(total)}"
        else:
            line = f"{self.label} {_mb(done)}"
        self.stream.write("\r" + line)
        self.stream.flush()
        self._open = True

    def close(self) -> None:
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False
