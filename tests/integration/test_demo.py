"""The README's first command ends in ``agent-softphone --demo``: it must work on a fresh data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(60)


def test_demo_bot_hands_a_customer_over_and_audio_flows(tmp_path: Path) -> None:
    env = dict(os.environ, AGENT_SOFTPHONE_HOME=str(tmp_path / "fresh"), AGENT_SOFTPHONE_DEMO_TALK="6")
    for screen in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):  # no screen: the terminal demo
        env.pop(screen, None)
    out = subprocess.run([sys.executable, "-m", "softphone.cli.main", "--demo"], capture_output=True, text=True,
                         timeout=50, env=env, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr[-2000:]
    text = out.stdout
    assert "Incoming AI hand-off  [DEMO]" in text
    assert "Handoff-Reason     客户要求人工服务" in text
    assert "call confirmed" in text and "call disconnected" in text
    meters = [line for line in text.splitlines() if "customer ▮" in line]
    assert meters, "the bot's recorded speech reached the customer channel"
