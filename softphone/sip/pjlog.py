"""pjsua2's log into Python logging, and its early stdout chatter out of stdout.

``libCreate()`` prints a few start-up lines to stdout before logging can be
configured; the headless protocol owns stdout, so fd 1 is pointed at the null
device around it (errors still come back as ``pj.Error``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator

import pjsua2 as pj

__all__ = ["PjLogWriter", "stdout_to_stderr", "quiet_stdout"]

log = logging.getLogger("pjsip")


class PjLogWriter(pj.LogWriter):  # type: ignore[misc]
    """Forwards pjsip log lines to the ``pjsip`` logger at DEBUG level."""

    def write(self, entry: pj.LogEntry) -> None:
        log.debug("%s", entry.msg.rstrip())


@contextlib.contextmanager
def _stdout_to(fd_path: str | None) -> Iterator[None]:
    sys.stdout.flush()
    saved = os.dup(1)
    target = os.open(fd_path, os.O_WRONLY) if fd_path else os.dup(2)
    try:
        os.dup2(target, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(target)


def stdout_to_stderr() -> contextlib.AbstractContextManager[None]:
    return _stdout_to(None)


def quiet_stdout() -> contextlib.AbstractContextManager[None]:
    return _stdout_to(os.devnull)
