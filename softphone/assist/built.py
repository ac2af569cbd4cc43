"""The rule pack and its phrase matcher as built, kept in the cache folder between runs.

Building the full zh pack's matcher takes about 0.9 s even with the phrase
readings kept (``readings.py``): loading and expanding the pack's phrases,
then indexing some 40,000 variants. The window does it at every start (on a
worker, but holding the interpreter lock) and ``analyze`` at every run. The
built pair is the same for the same pack files and the same code, so it is
kept, pickled, in the user's cache folder and loaded in about 0.1 s.

The file is named by a SHA-256 of everything it depends on: every file of the
pack folder (names and bytes), the source of the ``assist`` modules that make
it, and the Python and pypinyin versions. Any change makes another name, so a
stale build is never used; the four newest builds are kept, older ones deleted.
A file that cannot be read (damaged, another format) is ignored and built
again; a failed write only costs speed. The cache folder is the user's own
(mode 0700, ``paths.cache_dir``), written only by their own processes, which
is what loading a pickle from it relies on.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
import sys
from pathlib import Path

from .matcher import PhraseMatcher
from .readings import ReadingCache, pypinyin_version
from .rules import RulePack, load_pack

__all__ = ["load_or_build", "build_key"]

log = logging.getLogger(__name__)
_PREFIX = "built-pack-"
_KEEP = 4
_CODE = ("rules.py", "matcher.py", "text.py", "context.py", "lexical.py", "emotion.py", "built.py")


def build_key(folder: Path) -> str:
    """What the built pack depends on, as a hex digest."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}|{pypinyin_version()}|{pickle.HIGHEST_PROTOCOL}".encode())
    here = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


def load_or_build(folder: Path, readings: ReadingCache) -> tuple[RulePack, PhraseMatcher]:
    """The pack of ``folder`` and its matcher: kept next to ``readings``' file if it has one. Raises RulePackError."""
    cache = readings.path.parent if readings.path is not None else None
    key = build_key(folder) if cache is not None else ""
    if cache is not None:
        kept = _read(cache / f"{_PREFIX}{key}.pickle")
        if kept is not None:
            return kept
    pack = load_pack(folder)
    matcher = PhraseMatcher(pack.rules, readings)
    if cache is not None:
        _write(cache, key, (pack, matcher))
    return pack, matcher


def _read(path: Path) -> tuple[RulePack, PhraseMatcher] | None:
    collecting = gc.isenabled()
    gc.disable()  # some 300,000 objects arrive at once: collections meanwhile would only walk them (0.16 s)
    try:
        with path.open("rb") as f:
            kept = pickle.load(f)  # noqa: S301 - the user's own private cache folder, see the module doc
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - any damage means: build again
        log.warning("built rule pack in %s not used (%s); it is built again", path, exc)
        return None
    finally:
        if collecting:
            gc.enable()
    if (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], RulePack)
            and isinstance(kept[1], PhraseMatcher)):
        return kept[0], kept[1]
    return None


def _write(cache: Path, key: str, built: tuple[RulePack, PhraseMatcher]) -> None:
    path = cache / f"{_PREFIX}{key}.pickle"
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        cache.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            pickle.dump(built, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError) as exc:
        log.warning("built rule pack not kept in %s: %s", cache, exc)
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return
    builds = sorted(cache.glob(f"{_PREFIX}*.pickle"), key=_mtime, reverse=True)
    for old in builds[_KEEP:]:  # a few packs (languages, an edited pack) stay; older builds go
        with contextlib.suppress(OSError):
            old.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
