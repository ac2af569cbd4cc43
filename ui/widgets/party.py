"""How a remote party is shown: a name, and the number masked (138****5678)."""

from __future__ import annotations

import re

from softphone.privacy import mask_display, redact
from softphone.sip.headers import uri_user

__all__ = ["party_name_and_number"]

_QUOTED = re.compile(r'^\s*"?([^"<]*?)"?\s*<')


def party_name_and_number(remote_uri: str, display_name: str = "") -> tuple[str, str]:
    """``('"张三" <sip:13812345678@pbx>')`` -> ``("张*", "138****5678")``."""
    match = _QUOTED.match(remote_uri)
    name = display_name or (match.group(1).strip() if match else "")
    number = redact(uri_user(remote_uri))
    return (mask_display(name) if name else ""), number
