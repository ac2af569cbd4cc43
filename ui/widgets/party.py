"""How a remote party is shown: a name and a number, as the session masked them (张*, 138****5678)."""

from __future__ import annotations

import re

from softphone.sip.headers import uri_user

__all__ = ["party_name_and_number"]

_QUOTED = re.compile(r'^\s*"?([^"<]*?)"?\s*<')


def party_name_and_number(remote_uri: str, display_name: str = "") -> tuple[str, str]:
    """``('"张*" <sip:138****5678@pbx>')`` -> ``("张*", "138****5678")``: parsed, not masked here."""
    match = _QUOTED.match(remote_uri)
    name = display_name or (match.group(1).strip() if match else "")
    return name, uri_user(remote_uri)
