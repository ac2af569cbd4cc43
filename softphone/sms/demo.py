"""The demo's gateway: the simulated customer's phone gets the message at once (no network)."""

from __future__ import annotations

import time
from collections.abc import Callable

from .message import SmsMessage, SmsReceipt

__all__ = ["DemoGateway"]


class DemoGateway:
    name = "demo"

    def __init__(self, deliver: Callable[[SmsMessage], None] | None = None) -> None:
        self._deliver = deliver
        self._count = 0

    def send(self, message: SmsMessage) -> SmsReceipt:
        self._count += 1
        if self._deliver is not None:
            self._deliver(message)
        return SmsReceipt(self.name, time.time(), f"demo-{self._count}")

    def close(self) -> None:
        self._deliver = None
