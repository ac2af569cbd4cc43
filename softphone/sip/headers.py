"""SIP header handling: reading them from a received message, checking ours.

A received INVITE's headers come from ``rdata.wholeMsg`` as text. A header we
cannot parse is kept as-is rather than dropped: the UI shows what arrived.
"""

from __future__ import annotations

import re

from ..errors import SipError
from ..i18n import N_

__all__ = ["parse_headers", "header_value", "answer_after", "check_custom_headers", "uri_user"]

_TOKEN = re.compile(r"^[A-Za-z0-9!%*_+`'~.\-]+$")
_COMPACT = {
    "f": "From", "t": "To", "i": "Call-ID", "m": "Contact", "v": "Via",
    "c": "Content-Type", "l": "Content-Length", "k": "Supported", "s": "Subject",
}


def parse_headers(whole_msg: str) -> tuple[tuple[str, str], ...]:
    """Every header of a SIP message, in order, with folded lines joined."""
    head = whole_msg.replace("\r\n", "\n").split("\n\n", 1)[0]
    lines = head.split("\n")[1:]  # skip the request or status line
    out: list[list[str]] = []
    for line in lines:
        if line[:1] in (" ", "\t") and out:
            out[-1][1] += " " + line.strip()
            continue
        name, sep, value = line.partition(":")
        if not sep:
            continue  # not a header line; nothing useful to keep
        name = name.strip()
        out.append([_COMPACT.get(name, name), value.strip()])
    return tuple((n, v) for n, v in out)


def header_value(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    low = name.lower()
    for n, v in headers:
        if n.lower() == low:
            return v
    return None


_ANSWER_AFTER = re.compile(r"answer-after\s*=\s*(\d+(?:\.\d+)?)", re.I)


def answer_after(headers: tuple[tuple[str, str], ...]) -> float | None:
    """Seconds to auto-answer after, from ``Call-Info: ...;answer-after=N``.

    Also honours the older ``Alert-Info: ...;info=alert-autoanswer`` (0 s).
    """
    for n, v in headers:
        if n.lower() == "call-info":
            m = _ANSWER_AFTER.search(v)
            if m:
                return float(m.group(1))
        if n.lower() == "alert-info" and "autoanswer" in v.lower().replace("-", ""):
            return 0.0
    return None


_FORBIDDEN = {"via", "from", "to", "call-id", "cseq", "contact", "content-length", "max-forwards"}


def check_custom_headers(headers: dict[str, str]) -> list[tuple[str, str]]:
    """Validate headers a caller wants on an outgoing INVITE.

    Raises ``SipError`` naming the header when a name is not a SIP token, a
    value holds a line break, or the header is one the stack must own.
    """
    out: list[tuple[str, str]] = []
    for name, value in headers.items():
        if not _TOKEN.match(name):
            raise SipError(f"bad header name {name!r}", user_message=N_("The header name “{0}” is not valid.", name))
        if name.lower() in _FORBIDDEN:
            raise SipError(f"header {name} is set by the stack", user_message=N_("The header “{0}” cannot be set by hand.", name))
        text = str(value)
        if "\r" in text or "\n" in text or "\0" in text:
            raise SipError(f"header {name} has a line break", user_message=N_("The value of “{0}” contains a line break.", name))
        out.append((name, text))
    return out


_USER = re.compile(r"sips?:([^@;>]+)@", re.I)


def uri_user(uri: str) -> str:
    """The user part of a SIP URI (the number), or the URI itself."""
    m = _USER.search(uri)
    return m.group(1) if m else uri
