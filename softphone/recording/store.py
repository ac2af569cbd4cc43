"""Where recordings are kept, finding one by its call, and deleting them when their years are up."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ..settings import StorageSettings
from ..storage.db import database_path
from .container import manifest_path, read_header

__all__ = ["recordings_folder", "find_recording", "all_recordings", "purge_expired"]

log = logging.getLogger(__name__)
YEAR_S = 365.2425 * 86400


def recordings_folder(storage: StorageSettings) -> Path:
    """``<data_dir>/recordings`` (by month inside: ``2026-12/<call_id>.rec``)."""
    return Path(database_path(storage)).parent / "recordings"


def all_recordings(folder: Path) -> Iterator[Path]:
    if folder.exists():
        yield from sorted(folder.glob("*/*.rec"))


def find_recording(folder: Path, call_id: str) -> Path | None:
    found = [p for p in all_recordings(folder) if p.stem == call_id]
    return found[0] if found else None


def purge_expired(folder: Path, keep_years: int, deleted: Callable[[str, float], None],
                  now: float | None = None) -> int:
    """Delete recordings older than ``keep_years`` (by their answer time); ``deleted(call_id, started_at)``
    is called first for each (the audit entry: if it raises, the recording stays). Returns how many went."""
    limit = (time.time() if now is None else now) - keep_years * YEAR_S
    gone = 0
    for path in list(all_recordings(folder)):
        try:
            with open(path, "rb") as f:
                header, _ = read_header(f)
        except (OSError, ValueError) as exc:
            log.warning("recording %s not read for retention: %s", path.name, exc)
            continue
        if header.started_at >= limit:
            continue
        deleted(header.call_id, header.started_at)
        path.unlink()
        manifest_path(path).unlink(missing_ok=True)
        gone += 1
    return gone
