"""One line of ``agent-softphone doctor``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Verdict"]


@dataclass(frozen=True)
class Verdict:
    check: str
    status: str  # "ok", "warning", "failed", "skipped"
    message: str
