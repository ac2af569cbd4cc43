"""Guarding pjsua2 callbacks: a Python exception must not reach the C stack."""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["guarded"]

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def guarded(fn: F) -> F:
    """Log and swallow any exception a callback raises (it would abort in C)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception:  # noqa: BLE001 - last line before the C stack
            # Logged as text, not exc_info: a kept traceback would keep the
            # callback's frames, and with them pjsua2 objects, alive past
            # libDestroy() (the process then aborts when they are collected).
            log.error("pjsua2 callback %s failed:\n%s", fn.__name__, traceback.format_exc())
            return None

    return wrapper  # type: ignore[return-value]
