"""One SMS, the gateway's receipt, and the interface every gateway has.

A gateway ``send``s one message and returns a receipt when the gateway
accepted it (accepted, not yet delivered: the SMSC delivers later), or raises
one of ``SmsError``'s kinds (``errors.py``): unreachable, timed out, refused
credentials, refused message, not configured. ``SmsMessage.to`` and
``.text`` are personal data (a phone number; the text carries a one-time
code): no gateway logs them, puts them in an exception, or keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["SmsMessage", "SmsReceipt", "SmsGateway"]


@dataclass(frozen=True)
class SmsMessage:
    to: str = field(repr=False)  # digits of the customer's phone on file
    text: str = field(repr=False)


@dataclass(frozen=True)
class SmsReceipt:
    gateway: str  # "kannel", "http", "demo"
    accepted_at: float  # time.time()
    reference: str = ""  # the gateway's id for the message, when it gives one


class SmsGateway(Protocol):
    name: str

    def send(self, message: SmsMessage) -> SmsReceipt:
        """Hand ``message`` to the gateway; an ``SmsError`` when it is not accepted."""
        ...

    def close(self) -> None:
        ...
