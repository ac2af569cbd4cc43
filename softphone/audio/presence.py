"""Which sound devices exist right now (hot-plug), asked of a fresh process."""

from __future__ import annotations

import json
import subprocess

from ..helpers import helper_command

__all__ = ["present_devices"]


def present_devices(timeout: float = 5.0) -> set[str] | None:
    """Names of the devices present now; None when that cannot be told."""
    try:
        out = subprocess.run(helper_command("list-devices"), capture_output=True,
                             text=True, timeout=timeout, check=False)
        data = json.loads(out.stdout or "{}")
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return None
    devices = data.get("devices")
    if not isinstance(devices, list):
        return None
    return {str(d.get("name")) for d in devices}
