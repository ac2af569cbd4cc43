"""Time zones where it is a given hour now: a live call "at night" without touching the clock."""

from __future__ import annotations

from datetime import datetime, timezone


def zone_where_it_is(hour: int) -> str:
    """An ``Etc/GMT±N`` zone whose local time is ``hour``:xx now (minutes as in UTC)."""
    offset = (hour - datetime.now(timezone.utc).hour) % 24
    if offset > 14:
        offset -= 24
    if offset == 0:
        return "Etc/UTC"
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"  # POSIX signs: Etc/GMT-8 is UTC+8
