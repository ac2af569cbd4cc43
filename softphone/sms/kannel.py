"""Kannel's HTTP ``sendsms`` interface (smsbox), as an ``SmsGateway``.

``GET {url}?username=&password=&from=&to=&text=&charset=UTF-8&coding=2``:
``coding=2`` sends the text as UCS-2, so Chinese arrives as written; Kannel
answers ``202 Accepted for delivery`` (or ``0: Accepted for delivery``, or
``3: Queued for later delivery``, both 2xx) and ``403`` for a wrong user or
password. The password comes from the keyring (``sms-kannel-password``).
"""

from __future__ import annotations

import time
import urllib.parse
import urllib.request

from ..errors import SmsNotConfigured
from .message import SmsMessage, SmsReceipt
from .transport import exchange

__all__ = ["KannelGateway"]


class KannelGateway:
    name = "kannel"

    def __init__(self, url: str, user: str, password: str, sender: str = "", timeout_s: float = 10.0) -> None:
        if not url.startswith(("http://", "https://")) or not user:
            raise SmsNotConfigured("kannel gateway: url or user missing")
        self._url = url
        self._user = user
        self._password = password
        self._sender = sender
        self._timeout_s = timeout_s

    def __repr__(self) -> str:
        return f"KannelGateway({urllib.parse.urlsplit(self._url).netloc})"

    def send(self, message: SmsMessage) -> SmsReceipt:
        query = {"username": self._user, "password": self._password, "to": message.to, "text": message.text,
                 "charset": "UTF-8", "coding": "2"}
        if self._sender:
            query["from"] = self._sender
        request = urllib.request.Request(f"{self._url}?{urllib.parse.urlencode(query)}", method="GET")
        _, body = exchange(request, self._timeout_s, self.name)
        return SmsReceipt(self.name, time.time(), body.decode("utf-8", "replace").strip()[:80])

    def close(self) -> None:
        pass
