"""The one HTTP exchange the HTTP gateways make, with their failures mapped to ``SmsError`` kinds.

The request's URL and body hold the customer's number and the code: no
exception raised here carries or chains them (``from None``), and nothing is
logged but the gateway's host and the HTTP status.
"""

from __future__ import annotations

import http.client
import logging
import socket
import urllib.error
import urllib.parse
import urllib.request

from ..errors import SmsAuthFailed, SmsRejected, SmsTimeout, SmsUnreachable

__all__ = ["exchange", "host_of"]

_log = logging.getLogger(__name__)
_MAX_REPLY = 64 * 1024


def host_of(url: str) -> str:
    try:
        return urllib.parse.urlsplit(url).hostname or "?"
    except ValueError:
        return "?"


def exchange(request: urllib.request.Request, timeout_s: float, gateway: str) -> tuple[int, bytes]:
    """The status and body of a 2xx reply; raises an ``SmsError`` kind for every failure."""
    host = host_of(request.full_url)
    status, body = _open(request, timeout_s, gateway, host)
    _log.info("sms gateway %s (%s): HTTP %s", gateway, host, status)
    if status in (401, 403):
        raise SmsAuthFailed(f"sms gateway {gateway} {host}: HTTP {status}")
    if not 200 <= status < 300:
        raise SmsRejected(f"sms gateway {gateway} {host}: HTTP {status}", status=status)
    return status, body


def _open(request: urllib.request.Request, timeout_s: float, gateway: str, host: str) -> tuple[int, bytes]:
    technical = f"sms gateway {gateway} {host}"
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310 - http(s) from settings
            return response.status, response.read(_MAX_REPLY)
    except urllib.error.HTTPError as exc:  # holds the URL: not chained
        status, body = exc.code, exc.read(_MAX_REPLY) if exc.fp else b""
        exc.close()
        return status, body
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise SmsTimeout(f"{technical}: no reply in {timeout_s:g} s") from None
        raise SmsUnreachable(f"{technical}: {type(exc.reason).__name__}") from None
    except (TimeoutError, socket.timeout):
        raise SmsTimeout(f"{technical}: no reply in {timeout_s:g} s") from None
    except (http.client.HTTPException, OSError) as exc:
        raise SmsUnreachable(f"{technical}: {type(exc).__name__}") from None
