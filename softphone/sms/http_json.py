"""A generic HTTP JSON gateway, for the cloud SMS providers lenders use.

Settings give the URL, the headers and a body template: a JSON text in which
``"{to}"``, ``"{text}"``, ``"{sender}"`` and ``"{token}"`` stand for the
number, the message, the sender id and the token from the keyring
(``sms-http-token``); a header value may hold ``{token}`` as well
(``Authorization: Bearer {token}``). Each placeholder is replaced by its value
escaped for JSON, so a quote in a message cannot break the body. Any 2xx
reply means accepted; the reply's ``id``, ``messageId`` or ``requestId``, if
it is JSON and has one, is kept as the reference.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Mapping

from ..errors import SmsNotConfigured
from .message import SmsMessage, SmsReceipt
from .transport import exchange

__all__ = ["HttpJsonGateway", "render_body", "DEFAULT_BODY"]

DEFAULT_BODY = '{"to": "{to}", "text": "{text}", "sender": "{sender}"}'


def render_body(template: str, values: Mapping[str, str]) -> bytes:
    """``template`` with each ``{name}`` replaced by its JSON-escaped value; must be valid JSON after."""
    out = template
    for name, value in values.items():
        out = out.replace("{" + name + "}", json.dumps(value, ensure_ascii=False)[1:-1])
    try:
        json.loads(out)
    except ValueError:
        raise SmsNotConfigured("http sms gateway: the body template is not JSON") from None
    return out.encode("utf-8")


class HttpJsonGateway:
    name = "http"

    def __init__(self, url: str, headers: Mapping[str, str] | None = None, body_template: str = DEFAULT_BODY,
                 token: str = "", sender: str = "", timeout_s: float = 10.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise SmsNotConfigured("http sms gateway: no url")
        self._url = url
        self._headers = dict(headers or {})
        self._template = body_template or DEFAULT_BODY
        self._token = token
        self._sender = sender
        self._timeout_s = timeout_s
        render_body(self._template, {"to": "", "text": "", "sender": "", "token": ""})

    def send(self, message: SmsMessage) -> SmsReceipt:
        values = {"to": message.to, "text": message.text, "sender": self._sender, "token": self._token}
        request = urllib.request.Request(self._url, data=render_body(self._template, values), method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        for name, value in self._headers.items():
            request.add_header(name, value.replace("{token}", self._token))
        _, body = exchange(request, self._timeout_s, self.name)
        return SmsReceipt(self.name, time.time(), _reference(body))

    def close(self) -> None:
        pass


def _reference(body: bytes) -> str:
    try:
        reply = json.loads(body.decode("utf-8"))
    except ValueError:
        return ""
    if not isinstance(reply, dict):
        return ""
    for key in ("id", "messageId", "requestId", "BizId"):
        if isinstance(reply.get(key), (str, int)):
            return str(reply[key])[:80]
    return ""
