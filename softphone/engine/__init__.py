"""The engine: one thread that owns pjsua2, and the command API into it."""

from .api import CallInfo, Engine

__all__ = ["Engine", "CallInfo"]
