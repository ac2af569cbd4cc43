"""Collects engine bus events and waits for the one a test expects."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

E = TypeVar("E")


class _Source(Protocol):
    def subscribe(self, handler: Callable[[Any], None]) -> Callable[[], None]: ...


class EventRecorder:
    """Follows an ``EventBus`` or a ``Session`` (its masked feed): whatever has ``subscribe``."""

    def __init__(self, bus: _Source) -> None:
        self.events: list[Any] = []
        self._cond = threading.Condition()
        bus.subscribe(self._on)

    def _on(self, event: Any) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def of(self, kind: type[E], **match: Any) -> list[E]:
        with self._cond:
            return [e for e in self.events if isinstance(e, kind) and _matches(e, match)]

    def wait(self, kind: type[E], timeout: float = 10.0, where: Callable[[E], bool] | None = None,
             after: int = 0, **match: Any) -> E:
        """The first event of ``kind`` (index >= ``after``) with fields equal to ``match``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for e in self.events[after:]:
                    if isinstance(e, kind) and _matches(e, match) and (where is None or where(e)):
                        return e
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [type(e).__name__ + str(getattr(e, "new", "")) for e in self.events]
                    raise AssertionError(f"no {kind.__name__} {match} within {timeout}s; saw {seen}")
                self._cond.wait(left)

    def mark(self) -> int:
        with self._cond:
            return len(self.events)


def _matches(event: Any, match: dict[str, Any]) -> bool:
    return all(getattr(event, k) == v for k, v in match.items())
