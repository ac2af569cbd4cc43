"""Small named operations: engine and storage work off the GUI thread.

``run_op(bridge, future, on_done, on_error)`` waits for nothing: the future's
result is delivered to ``on_done`` (or its error to ``on_error``, by default
``show_error``) on the GUI thread through the bridge. ``in_background`` runs a
plain function (disk, model load) on a worker and reports the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from softphone.errors import SoftphoneError

from .bridge import EngineBridge
from .errors import show_error
from .engine_text import engine_text

__all__ = ["run_op", "in_background"]

T = TypeVar("T")


def run_op(bridge: EngineBridge, future: Future[T], on_done: Callable[[T], Any] | None = None,
           on_error: Callable[[BaseException], Any] | None = None, parent: QWidget | None = None) -> None:
    def report(fut: Future[T]) -> None:
        exc = fut.exception()
        if exc is not None:
            bridge.call_on_main(lambda: (on_error or (lambda e: show_error(parent, e)))(exc))
        elif on_done is not None:
            result = fut.result()
            bridge.call_on_main(lambda: on_done(result))

    future.add_done_callback(report)


def in_background(bridge: EngineBridge, fn: Callable[[], T], on_done: Callable[[T], Any] | None = None,
                  on_error: Callable[[BaseException], Any] | None = None, parent: QWidget | None = None) -> Future[T]:
    fut: Future[T] = Future()

    def work() -> None:
        try:
            fut.set_result(fn())
        except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread
            fut.set_exception(exc)

    run_op(bridge, fut, on_done, on_error, parent)
    threading.Thread(target=work, name="ui-op", daemon=True).start()
    return fut


def user_text(exc: BaseException) -> str:
    return engine_text(exc.user_message) if isinstance(exc, SoftphoneError) else str(exc)
