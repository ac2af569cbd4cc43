"""Each phrase part's in-context pinyin, kept between pack loads and between runs.

Building the matcher for the full zh pack reads the pinyin of some 20,000
phrase parts; pypinyin's phrase segmentation took three quarters of the
3.7 s build. That build runs on a worker thread, but it is pure Python: while
it runs, every call the window makes into Qt waits for the interpreter lock,
and a call panel built in those seconds took up to a second to appear. With
the readings kept, the build takes under a second.

The readings are kept in memory for the process (every session and every
reload shares them) and, when a file is given, in a JSON file in the user's
cache folder, so the next start is fast too. The file names the pypinyin
version that produced it; a file from another version, or one that cannot be
read, is ignored and rewritten. It holds phrase texts only (the rule pack's
own words), never anything said on a call.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

__all__ = ["ReadingCache", "READINGS_FILE", "pypinyin_version"]

log = logging.getLogger(__name__)
_FORMAT = 1
READINGS_FILE = "phrase-readings.json"  # in paths.cache_dir()
_MEMO: dict[str, tuple[str, ...]] = {}  # the process's readings, shared by every cache


def pypinyin_version() -> str:
    try:
        return version("pypinyin")
    except PackageNotFoundError:  # pragma: no cover - pypinyin is a dependency
        return "unknown"


class ReadingCache:
    """Part text -> each kept character's reading in that text ('' where it has none)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._added = False
        self._unread = path is not None  # read on first use: a pack kept built (built.py) needs none

    def get(self, text: str) -> tuple[str, ...] | None:
        self._read_once()
        return _MEMO.get(text)

    def put(self, text: str, readings: list[str]) -> None:
        self._read_once()
        _MEMO[text] = tuple(readings)
        self._added = True

    def _read_once(self) -> None:
        if self._unread and self.path is not None:
            with self._lock:
                if self._unread:
                    _MEMO.update(self._read(self.path))
                    self._unread = False

    def save(self) -> None:
        """Write the file if this cache learnt anything; a failed write only costs speed."""
        if self.path is None or not self._added:
            return
        with self._lock:
            body = {"format": _FORMAT, "pypinyin": pypinyin_version(), "parts": dict(_MEMO)}
            tmp = self.path.with_name(self.path.name + ".tmp")
            try:
                self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
                os.replace(tmp, self.path)
                self._added = False
            except OSError as exc:
                log.warning("phrase readings not kept in %s: %s", self.path, exc.strerror or exc)
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)

    @staticmethod
    def _read(path: Path) -> dict[str, tuple[str, ...]]:
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("phrase readings in %s not read (%s); they are worked out again", path, exc)
            return {}
        if not isinstance(body, dict) or body.get("format") != _FORMAT or body.get("pypinyin") != pypinyin_version():
            return {}
        parts = body.get("parts")
        if not isinstance(parts, dict):
            return {}
        return {text: tuple(r) for text, r in parts.items()
                if isinstance(text, str) and isinstance(r, list) and all(isinstance(x, str) for x in r)}
