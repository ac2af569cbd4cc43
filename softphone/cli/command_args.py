"""What every headless command table shares: the error for a wrong command line, and its field readers."""

from __future__ import annotations

from typing import Any

__all__ = ["CommandError", "text_field"]


class CommandError(Exception):
    """The command line itself is wrong (unknown command, missing field)."""


def text_field(msg: dict[str, Any], key: str) -> str:
    value = msg.get(key)
    if not isinstance(value, str) or not value:
        raise CommandError(f"{msg['cmd']}: \"{key}\" must be a non-empty string")
    return value
