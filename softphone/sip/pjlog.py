"""pjsua2's log into Python logging, and its early stdout chatter out of stdout.

``libCreate()`` prints before logging can be configured; the headless
protocol owns stdout, so fd 1 is pointed at stderr around it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator

import pjsua2 as pj

__all__ = ["PjLogWriter", "stdout_to_stderr"]

log = logging.getLogger("pjsip")


class PjLogWriter(pj.LogWriter):  # type: ignore[misc]
    """Forwards pjsip log lines to the ``pjsip`` logger at DEBUG level."""

    def write(self, entry: pj.LogEntry) -> None:
        log.debug("%s", entry.msg.rstrip())


@contextlib.contextmanager
def stdout_to_stderr() -> Iterator[None]:
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
