"""The desks' one-thread workers: hand a job over, or say the desk is closed."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from .errors import SoftphoneError
from .i18n import N_

__all__ = ["submit", "copy_outcome"]

T = TypeVar("T")


def submit(pool: ThreadPoolExecutor, fn: Callable[[], T], desk: str) -> Future[T]:
    """``fn`` on ``pool``'s thread; once the desk is closed, a future that fails in plain words."""
    try:
        return pool.submit(fn)
    except RuntimeError:  # shut down
        failed: Future[T] = Future()
        failed.set_exception(SoftphoneError(f"{desk} desk closed", user_message=N_("The phone engine is not running.")))
        return failed


def copy_outcome(source: Future[T], target: Future[T]) -> None:
    """``target`` gets ``source``'s result or error (a done-callback chaining two futures)."""
    exc = source.exception()
    if exc is not None:
        target.set_exception(exc)
    else:
        target.set_result(source.result())
