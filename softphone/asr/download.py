"""Resumable HTTP(S) download of a model zip, checked against size and digests.

The only network access the softphone makes for speech models: an explicit
``agent-softphone model install https://...`` (or the same from Settings).
Bytes go to ``<dest>.part``; a later call with the same ``dest`` resumes from
the part's size with a ``Range`` request (a server that ignores it answers
200 and the download starts over). When the download ends the size, sha256
and md5 given by the caller are checked; a mismatch deletes the file, since
resuming a wrong file can never make it right. A cut connection keeps the
part for the next try.

Errors of urllib, http.client and the disk are mapped to
:class:`softphone.errors.ModelError` with a plain ``user_message``.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import ModelError
from ..i18n import N_

__all__ = ["Progress", "Expected", "download", "check_file", "part_path", "disk_full_error"]

Progress = Callable[[int, "int | None"], None]
"""``progress(done_bytes, total_bytes_or_None)``; raise from it to cancel."""

CHUNK = 1 << 20
USER_AGENT = "agent-softphone model installer"


@dataclass(frozen=True)
class Expected:
    """What the file must be, when known (digests as hex, any case)."""

    size: int | None = None
    sha256: str | None = None
    md5: str | None = None

    def is_empty(self) -> bool:
        return self.size is None and not self.sha256 and not self.md5


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def disk_full_error(exc: OSError, where: str) -> ModelError:
    return ModelError(
        f"disk full while {where}: {exc}",
        user_message=N_("The disk is full: the model could not be installed. Free some space and try again; "
        "nothing was left half-installed."),
    )


def download(
    url: str,
    dest: Path,
    *,
    expected: Expected = Expected(),
    progress: Progress | None = None,
    timeout: float = 30.0,
) -> Path:
    """Fetch ``url`` into ``dest`` (resuming ``dest.part``), check it, return ``dest``."""
    part = part_path(dest)
    offset = _usable_offset(part, expected)
    if expected.size is None or offset < expected.size:
        _fetch(url, part, offset, progress, timeout)
    _compare_file(part, expected, url, delete=True)
    os.replace(part, dest)
    return dest


def check_file(path: Path, expected: Expected) -> None:
    """Check a local file (a zip copied onto an offline workstation) against ``expected``."""
    _compare_file(path, expected, str(path), delete=False)


def _usable_offset(part: Path, expected: Expected) -> int:
    try:
        size = part.stat().st_size
    except FileNotFoundError:
        return 0
    if expected.size is not None and size > expected.size:
        part.unlink()
        return 0
    return size


def _fetch(url: str, part: Path, offset: int, progress: Progress | None, timeout: float) -> None:
    """Download from ``offset`` (or from 0 if the server does not resume) into ``part``."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
            start, total = _start_position(response, offset)
            with part.open("r+b" if start else "wb") as out:
                out.seek(start)
                out.truncate()
                done = _copy_body(response, out, start, total, progress)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and offset:
            return  # nothing left to send: the part is whole; the checks decide
        raise ModelError(
            f"HTTP {exc.code} for {url}",
            user_message=N_("The server refused the download (HTTP {0} {1}). Check the address.", exc.code, exc.reason),
        ) from exc
    except urllib.error.URLError as exc:
        raise ModelError(
            f"cannot reach {url}: {exc.reason}",
            user_message=N_("The server could not be reached ({0}). Check the address and the network.", exc.reason),
        ) from exc
    except (http.client.HTTPException, TimeoutError, ConnectionError) as exc:
        raise _interrupted(url, exc) from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            part.unlink(missing_ok=True)
            raise disk_full_error(exc, "downloading") from exc
        raise _interrupted(url, exc) from exc
    if total is not None and done < total:
        raise _interrupted(url, EOFError(f"{done} of {total} bytes"))


def _start_position(response: http.client.HTTPResponse, offset: int) -> tuple[int, int | None]:
    """Where the body starts in the file, and the file's total size if known."""
    length_header = response.headers.get("Content-Length", "")
    length = int(length_header) if length_header.isdigit() else None
    if offset and response.status == 206:
        match = re.match(r"bytes (\d+)-\d+/(\d+|\*)", response.headers.get("Content-Range", ""))
        if match and int(match.group(1)) == offset:
            if match.group(2).isdigit():
                return offset, int(match.group(2))
            return offset, None if length is None else offset + length
    return 0, length


def _copy_body(
    response: http.client.HTTPResponse, out: BinaryIO, done: int, total: int | None, progress: Progress | None
) -> int:
    if progress is not None:
        progress(done, total)
    while True:
        data = response.read(CHUNK)
        if not data:
            return done
        out.write(data)
        done += len(data)
        if progress is not None:
            progress(done, total)


def _interrupted(url: str, exc: BaseException) -> ModelError:
    return ModelError(
        f"download of {url} interrupted: {exc!r}",
        user_message=N_("The download was interrupted. Run the same install again: it continues where it stopped."),
    )


def _compare_file(path: Path, expected: Expected, what: str, *, delete: bool) -> None:
    problem = mismatch(path, expected)
    if problem is None:
        return
    if delete:
        path.unlink(missing_ok=True)
    raise ModelError(
        f"{what}: {problem}",
        user_message=N_("The model file is not the expected one ({0}); it was not installed. "
        "Check the address or the copy, and the checksum you gave.", problem),
    )


def mismatch(path: Path, expected: Expected) -> str | None:
    """How the file at ``path`` differs from ``expected`` in plain words, or None."""
    size = path.stat().st_size
    if expected.size is not None and size != expected.size:
        return f"{size:,} bytes instead of {expected.size:,}"
    if not (expected.sha256 or expected.md5):
        return None
    wanted = {"sha256": expected.sha256, "md5": expected.md5}
    wanted = {algo: value.strip().lower() for algo, value in wanted.items() if value}
    for algo, digest in _digests(path, list(wanted)).items():
        if digest != wanted[algo]:
            return f"its {algo} checksum differs"
    return None


def _digests(path: Path, algorithms: list[str]) -> dict[str, str]:
    hashers = {algo: hashlib.new(algo, usedforsecurity=False) for algo in algorithms}
    with path.open("rb") as f:
        while data := f.read(CHUNK):
            for hasher in hashers.values():
                hasher.update(data)
    return {algo: hasher.hexdigest() for algo, hasher in hashers.items()}
