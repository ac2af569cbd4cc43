"""Time spans as the windows show them: ``m:ss``, and ``h:mm:ss`` from an hour on."""

from __future__ import annotations

__all__ = ["elapsed_text"]


def elapsed_text(seconds: float) -> str:
    """``seconds`` (rounded down, never below 0) as ``1:05`` or ``1:02:05``."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
