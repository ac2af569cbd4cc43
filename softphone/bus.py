"""A small typed event bus.

Delivery is in order, on one dispatcher thread, so a slow handler never stalls
the pjsua2 thread that posts. An event posted by a handler is queued behind
the current one, never delivered nested. A handler's exception is logged and
never reaches the poster or the other handlers.

``EventBus(threaded=False)`` delivers on the posting thread (with the same
queue-not-nest rule): for unit tests and single-threaded tools.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from .events import Event

__all__ = ["EventBus", "Handler"]

log = logging.getLogger(__name__)

E = TypeVar("E")
Handler = Callable[[Any], None]
_STOP = object()


class EventBus:
    def __init__(self, *, threaded: bool = True) -> None:
        self._lock = threading.Lock()
        self._subs: list[tuple[tuple[type, ...] | None, Handler]] = []
        self._threaded = threaded
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._local = threading.local()
        self._idle = threading.Condition()
        self._pending = 0
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name="event-bus", daemon=True)
            self._thread.start()

    def subscribe(self, handler: Handler, *types: type) -> Callable[[], None]:
        """Call ``handler(event)`` for events of ``types`` (all if none given).

        Returns a function that unsubscribes.
        """
        entry = (tuple(types) or None, handler)
        with self._lock:
            self._subs.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._subs:
                    self._subs.remove(entry)

        return unsubscribe

    def post(self, event: Event) -> None:
        with self._idle:
            self._pending += 1
        if self._threaded:
            self._queue.put(event)
            return
        self._post_sync(event)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every event posted so far has been delivered."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(_STOP)
            if threading.current_thread() is not self._thread:
                self._thread.join(5.0)
            self._thread = None

    # -- delivery ---------------------------------------------------------
    def _post_sync(self, event: Event) -> None:
        pending: list[Event] | None = getattr(self._local, "pending", None)
        if pending is not None:  # posted from inside a handler: queue it
            pending.append(event)
            return
        self._local.pending = [event]
        try:
            while self._local.pending:
                self._deliver(self._local.pending.pop(0))
        finally:
            self._local.pending = None

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            self._deliver(item)  # type: ignore[arg-type]

    def _deliver(self, event: Event) -> None:
        with self._lock:
            subs = list(self._subs)
        for types, handler in subs:
            if types is None or isinstance(event, types):
                try:
                    handler(event)
                except Exception:  # noqa: BLE001 - a handler must not hurt the poster
                    log.exception("event handler %r failed on %s", handler, type(event).__name__)
        with self._idle:
            self._pending -= 1
            if self._pending == 0:
                self._idle.notify_all()
