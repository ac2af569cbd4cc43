"""``agent-softphone --demo`` without a window: the engine and the demo bot on loopback.

No PBX and no registration: the engine listens on 127.0.0.1 and the bot (its
own process, its own pjsua2 endpoint) calls it directly with hand-off
headers, then plays recorded speech. The window (``ui``) shows the same demo
when PySide6 is installed; this text version prints what the agent would see.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import threading
import time

from ..helpers import helper_command
from ..audio.levels import rms_level
from ..audio.taps import TapFrame
from ..engine import Engine
from ..errors import SoftphoneError
from ..events import CallStateChanged, ErrorRaised, Event, IncomingCall
from ..paths import data_dir
from ..privacy import mask_text
from ..settings import Settings
from ..states import CallState

__all__ = ["demo_settings", "start_bot", "run_demo"]


def demo_settings(audio: bool) -> Settings:
    s = Settings()
    return dataclasses.replace(
        s,
        account=dataclasses.replace(s.account, id="demo", user="agent", server="", register=False,
                                    display_name="坐席 (DEMO)"),
        sip=dataclasses.replace(s.sip, bind_address="127.0.0.1"),
        audio=dataclasses.replace(s.audio, enabled=audio),
        auto_answer=dataclasses.replace(s.auto_answer, honour_call_info=True),
        storage=dataclasses.replace(s.storage, data_dir=str(data_dir() / "demo")),  # the fictional cases stay apart
    )


def start_bot(agent_port: int, talk_s: float = 25.0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        helper_command("demo-bot", "--agent", f"sip:agent@127.0.0.1:{agent_port}", "--talk", str(talk_s)),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _audio_available() -> bool:
    try:
        from ..audio.devices import list_devices

        devs = list_devices()
    except SoftphoneError:
        return False
    return any(d.max_output > 0 for d in devs) and any(d.max_input > 0 for d in devs)


def _show(event: Event) -> None:
    if isinstance(event, IncomingCall):
        print("\n📞 来电 Incoming AI hand-off  [DEMO]")
        for name, value in event.headers:
            if name.startswith("X-") and name != "X-Demo":
                print(f"   {name[2:]:<18} {mask_text(value)}")
        if event.auto_answer_after is not None:
            print(f"   auto-answer in {event.auto_answer_after:g} s (Call-Info answer-after)")
    elif isinstance(event, CallStateChanged):
        print(f"   call {event.new.value}" + (f" ({event.code} {event.reason})" if event.new is CallState.DISCONNECTED else ""))
    elif isinstance(event, ErrorRaised):
        print(f"   ! {event.user_message}")


class _LevelMeter:
    """Prints, once a second, how loud each side of the call is (from the taps)."""

    def __init__(self) -> None:
        self._sum = {"agent": 0.0, "customer": 0.0}
        self._n = 0
        self._next = time.monotonic() + 1

    def __call__(self, frame: TapFrame) -> None:
        if frame.last or not frame.pcm:
            return
        self._sum[frame.channel.value] = max(self._sum[frame.channel.value], rms_level(frame.pcm))
        if time.monotonic() >= self._next:
            self._next += 1
            bars = {k: "▮" * min(20, int(v * 60)) for k, v in self._sum.items()}
            print(f"   t={frame.t:5.1f}s  customer {bars['customer']:<20}  agent {bars['agent']:<20}")
            self._sum = {"agent": 0.0, "customer": 0.0}


def run_demo(calls: int = 1) -> int:
    audio = _audio_available()
    engine = Engine(demo_settings(audio))
    engine.bus.subscribe(_show, IncomingCall, CallStateChanged, ErrorRaised)
    ended = threading.Event()
    engine.bus.subscribe(lambda e: ended.set() if e.new is CallState.DISCONNECTED else None, CallStateChanged)
    try:
        engine.start()
    except SoftphoneError as exc:
        print(exc.user_message, file=sys.stderr)
        return 1
    print(f"agent-softphone demo — listening on 127.0.0.1:{engine.local_port} "
          f"({'headset audio on' if audio else 'no sound device: audio is not played'}); Ctrl-C ends it.")
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    engine.subscribe_taps(_LevelMeter())
    bot = start_bot(engine.local_port, float(os.environ.get("AGENT_SOFTPHONE_DEMO_TALK", "25")))
    try:
        while not stop.is_set() and not ended.wait(0.2):
            pass
    finally:
        if bot.stdin:
            bot.stdin.close()
        bot.wait(10)
        engine.stop()
    print("demo finished. With a screen, agent-softphone --demo opens the window.")
    return 0
