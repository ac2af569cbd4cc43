"""Which case a call is about, from what the AI bot's INVITE carries.

``X-Customer-Id: C2024-00123`` names the case directly. ``User-to-User``
(RFC 7433) carries it too, as the bot's platform sends it: hex-encoded
(``;encoding=hex``) or plain, either the bare id or ``case_id=...`` /
``customer_id=...`` pairs separated by ``&`` or ``;``. A malformed header
is ignored (the number is tried next), never an error for the agent.
"""

from __future__ import annotations

import binascii
import re

__all__ = ["handoff_case_key", "user_to_user_id"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$")
_KEYS = ("case_id", "caseid", "customer_id", "customerid", "cid")


def handoff_case_key(headers: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """``("customer_id", id)`` or ``("user_to_user", id)`` when the INVITE names a case, else None."""
    for name, value in headers:
        if name.lower() == "x-customer-id" and _ID.match(value.strip()):
            return "customer_id", value.strip()
    for name, value in headers:
        if name.lower() in ("user-to-user", "x-user-to-user"):
            found = user_to_user_id(value)
            if found:
                return "user_to_user", found
    return None


def user_to_user_id(value: str) -> str:
    """The case id in a User-to-User header value, or ""."""
    data, _, params = value.strip().partition(";")
    data = data.strip().strip('"')
    if "encoding=hex" in params.replace(" ", "").lower():
        try:
            data = binascii.unhexlify(data).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return ""
    pairs = dict(p.split("=", 1) for p in re.split(r"[&;,]", data) if "=" in p)
    if pairs:
        for key in _KEYS:
            for k, v in pairs.items():
                if k.strip().lower() == key and _ID.match(v.strip()):
                    return v.strip()
        return ""
    return data if _ID.match(data) else ""
