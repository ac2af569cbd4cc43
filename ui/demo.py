"""The window's demo: the simulated AI bot in its own process, on loopback.

The bot listens first; the engine is started with the bot as its "server"
(no registration), so anything the agent dials reaches the simulated
customer; then the bot hands a customer over to the agent.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess

from softphone.asr.live import choose_model
from softphone.demo.run import demo_settings
from softphone.helpers import helper_command
from softphone.settings import Settings
from softphone.session import SmsMessage

__all__ = ["DemoBot", "SCRIPT_PACE"]

SCRIPT_PACE = 1.0  # the scripted transcript's pace without a Chinese model (tests play it faster)


class DemoBot:
    def __init__(self, talk_s: float = 120.0) -> None:
        self.proc = subprocess.Popen(
            helper_command("demo-bot", "--no-auto-answer", "--talk", str(talk_s)),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        assert self.proc.stdout is not None
        ready = json.loads(self.proc.stdout.readline() or "{}")
        self.port = int(ready.get("sip_port", 0))
        self.transcribes = False
        self.script_pace = SCRIPT_PACE

    def settings(self, audio: bool) -> Settings:
        s = demo_settings(audio)
        model = choose_model(s.asr)
        # the demo's customer speaks Mandarin: transcribe only with a Chinese model (docs/models.md);
        # without one the session plays the call's scripted transcript (softphone/demo/script.py)
        asr_on = self.transcribes = model is not None and model.language == "zh"
        return dataclasses.replace(s, account=dataclasses.replace(s.account, server=f"127.0.0.1:{self.port}"),
                                   general=dataclasses.replace(s.general, first_run_done=True),
                                   sms=dataclasses.replace(s.sms, gateway="demo", signature="演示金融"),
                                   asr=dataclasses.replace(s.asr, enabled=asr_on))

    def hand_over(self, agent_port: int) -> None:
        """Ask the bot to call the agent with a customer (hand-off headers, speech)."""
        if self.proc.stdin is not None and self.proc.poll() is None:
            self.proc.stdin.write(f"call sip:agent@127.0.0.1:{agent_port}\n")
            self.proc.stdin.flush()

    def receive_sms(self, message: SmsMessage) -> None:
        """The demo gateway's SMS reaches the simulated customer's phone (the bot keys a code it holds)."""
        if self.proc.stdin is not None and self.proc.poll() is None:
            self.proc.stdin.write("sms " + message.text.replace("\n", " ") + "\n")
            self.proc.stdin.flush()

    def stop(self) -> None:
        if self.proc.poll() is None and self.proc.stdin is not None:
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
