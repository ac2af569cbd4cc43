"""The demo's simulated AI voice bot: its own process, its own pjsua2 endpoint.

It calls the agent the way a voice bot escalates a customer (hand-off
headers: customer id, reason, intent, emotion) and plays recorded speech; it
also answers when the agent dials it. Everything it sends is marked DEMO.

    python -m softphone.demo.bot [--agent sip:agent@127.0.0.1:5080] [--no-auto-answer]

Prints one JSON line per event on stdout (``{"bot": "ready", "sip_port": N}``).
Reads commands on stdin: ``call <sip-uri>`` hands a customer over to that
agent; ``sms <text>`` is an SMS reaching the simulated customer's phone: when
it holds a confirmation code (验证码 + 6 digits), the customer keys it on the
phone (DTMF, RFC 2833) a few seconds later, as a person reading it would;
end of input stops the bot.
"""

from __future__ import annotations

import argparse
import json
import queue
import re
import signal
import sys
import threading
import time
from pathlib import Path

import pjsua2 as pj

from ..paths import resources_dir
from ..sip.pjlog import quiet_stdout

HANDOFF_HEADERS = {
    "X-Demo": "true",
    "X-Customer-Id": "DEMO-000123",
    "X-Customer-Name": "张*（演示）",
    "X-Handoff-Reason": "客户要求人工服务",
    "X-Intent": "协商还款计划",
    "X-Customer-Emotion": "焦虑",
    "X-Bot-Summary": "客户称本月收入减少，希望延期还款；已核实身份；逾期 12 天（M1）",
}
AUTO_ANSWER = ("Call-Info", "<sip:bot@127.0.0.1>;answer-after=3")
READ_SMS_S = 3.0  # the simulated customer reads the SMS before keying the code
_CODE = re.compile(r"验证码\D{0,3}(\d{6})")


def say(**fields: object) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


class BotCall(pj.Call):  # type: ignore[misc]
    def __init__(self, bot: Bot, acc: pj.Account, call_id: int = pj.PJSUA_INVALID_ID, wav: str = "") -> None:
        super().__init__(acc, call_id)
        self.bot, self.wav = bot, wav
        self.player: pj.AudioMediaPlayer | None = None
        self.ended = False

    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        info = self.getInfo()
        say(bot="call_state", state=info.stateText, code=info.lastStatusCode)
        if info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.ended = True

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        info = self.getInfo()
        for mi in info.media:
            if mi.type == pj.PJMEDIA_TYPE_AUDIO and mi.status == pj.PJSUA_CALL_MEDIA_ACTIVE and self.player is None:
                self.player = pj.AudioMediaPlayer()
                self.player.createPlayer(self.wav, pj.PJMEDIA_FILE_NO_LOOP)
                self.player.startTransmit(self.getAudioMedia(mi.index))
                self.bot.hangup_at = time.monotonic() + self.bot.talk_s


class BotAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, bot: Bot) -> None:
        super().__init__()
        self.bot = bot

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        call = BotCall(self.bot, self, prm.callId, self.bot.customer_wav)
        self.bot.calls.append(call)
        op = pj.CallOpParam(True)
        op.statusCode = 200
        call.answer(op)


class Bot:
    def __init__(self, talk_s: float, auto_answer: bool = True) -> None:
        self.auto_answer = auto_answer
        self.pending: queue.SimpleQueue[str] = queue.SimpleQueue()
        res = resources_dir() / "demo"
        self.handoff_wav = str(res / "bot_handoff_zh.wav")
        self.customer_wav = str(res / "customer_zh.wav")
        self.talk_s = talk_s
        self.calls: list[BotCall] = []
        self.hangup_at = 0.0
        self.key_at = 0.0
        self.keys = ""
        self.stop = threading.Event()
        self.ep = pj.Endpoint()
        with quiet_stdout():
            self.ep.libCreate()
            cfg = pj.EpConfig()
            cfg.uaConfig.threadCnt = cfg.medConfig.threadCnt = 0
            cfg.uaConfig.userAgent = "agent-softphone-demo-bot"
            cfg.logConfig.level = cfg.logConfig.consoleLevel = 0
            cfg.medConfig.clockRate = cfg.medConfig.sndClockRate = 16000
            self.ep.libInit(cfg)
        tcfg = pj.TransportConfig()
        tcfg.boundAddress = tcfg.publicAddress = "127.0.0.1"
        tid = self.ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
        self.port = int(self.ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        self.ep.libStart()
        self.ep.audDevManager().setNullDev()
        acfg = pj.AccountConfig()
        acfg.idUri = '"AI 语音机器人 (DEMO)" <sip:bot@127.0.0.1>'
        self.acc = BotAccount(self)
        self.acc.create(acfg)

    def call(self, agent_uri: str) -> None:
        op = pj.CallOpParam(True)
        headers = dict(HANDOFF_HEADERS)
        if self.auto_answer:
            headers[AUTO_ANSWER[0]] = AUTO_ANSWER[1]
        for name, value in headers.items():
            h = pj.SipHeader()
            h.hName, h.hValue = name, value
            op.txOption.headers.append(h)
        call = BotCall(self, self.acc, wav=self.handoff_wav)
        try:
            call.makeCall(agent_uri, op)
        except pj.Error as exc:
            say(bot="error", message=exc.info())
            return
        self.calls.append(call)

    def sms(self, text: str) -> None:
        """An SMS reached the customer's phone: a code in it is keyed a few seconds later."""
        match = _CODE.search(text)
        if match:
            self.keys, self.key_at = match.group(1), time.monotonic() + READ_SMS_S
            self.hangup_at = max(self.hangup_at, self.key_at + 20.0)  # stay on the line to hear it confirmed
            say(bot="sms", code_received=True)

    def _key_code(self) -> None:
        live = [c for c in self.calls if not c.ended]
        if not live:
            return
        prm = pj.CallSendDtmfParam()
        prm.digits, prm.method = self.keys, pj.PJSUA_DTMF_METHOD_RFC2833
        try:
            live[0].sendDtmf(prm)
            say(bot="keyed", digits=len(self.keys))
        except pj.Error as exc:
            say(bot="error", message=exc.info())

    def run(self) -> None:
        while not self.stop.is_set():
            self.ep.libHandleEvents(20)
            while not self.pending.empty():
                verb, _, arg = self.pending.get().partition(" ")
                if verb == "call":
                    self.call(arg)
                elif verb == "sms":
                    self.sms(arg)
            if self.key_at and time.monotonic() > self.key_at:
                self.key_at = 0.0
                self._key_code()
            if self.hangup_at and time.monotonic() > self.hangup_at:
                self.hangup_at = 0.0
                self.hangup_all()
            for c in [c for c in self.calls if c.ended]:
                c.player = None  # the player goes before the call (outside its callback)
                self.calls.remove(c)

    def hangup_all(self) -> None:
        for c in self.calls:
            if not c.ended:
                try:
                    c.hangup(pj.CallOpParam(True))
                except pj.Error:
                    pass

    def shutdown(self) -> None:
        self.hangup_all()
        deadline = time.monotonic() + 3
        while any(not c.ended for c in self.calls) and time.monotonic() < deadline:
            self.ep.libHandleEvents(20)
        for c in self.calls:
            c.player = None
        self.calls.clear()
        self.acc.shutdown()
        del self.acc
        self.ep.libHandleEvents(20)
        self.ep.libDestroy()


def main() -> int:
    p = argparse.ArgumentParser(prog="demo-bot")
    p.add_argument("--agent", help="the agent's SIP URI to hand a customer over to")
    p.add_argument("--delay", type=float, default=1.0, help="seconds before calling")
    p.add_argument("--talk", type=float, default=25.0, help="seconds of call before the bot hangs up")
    p.add_argument("--no-auto-answer", action="store_true", help="do not ask the agent's phone to auto-answer")
    args = p.parse_args()
    bot = Bot(args.talk, auto_answer=not args.no_auto_answer)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: bot.stop.set())
    def read_commands() -> None:
        for line in sys.stdin:
            verb, _, arg = line.strip().partition(" ")
            if verb in ("call", "sms") and arg:
                bot.pending.put(f"{verb} {arg}")
        bot.stop.set()

    threading.Thread(target=read_commands, daemon=True).start()
    say(bot="ready", sip_port=bot.port)
    if args.agent:
        deadline = time.monotonic() + args.delay
        while time.monotonic() < deadline:
            bot.ep.libHandleEvents(20)
        bot.call(args.agent)
    bot.run()
    bot.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
