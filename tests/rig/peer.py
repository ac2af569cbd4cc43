"""Standalone pjsua2 SIP user agent for integration tests, driven by JSON lines.

Why standalone: the far end of a test call must be an independent
implementation, so it imports only pjsua2, numpy and the stdlib, never the
``softphone`` package. It runs in its own process (pjsua2 is a process-wide
singleton and aborts the process on misuse, which must not take pytest down).

Protocol: one JSON object per line. Commands on stdin ``{"cmd": name, ...}``
get exactly one reply ``{"reply": name, "ok": bool, "error"?: str, ...}`` (an
``id`` field is echoed if given); asynchronous events go out as
``{"event": name, ...}``. Nothing else is written to stdout: fd 1 is pointed
at stderr for the whole life of the process (pjsua2 prints on ``libCreate``)
and JSON goes to a private duplicate of the original stdout.

Threads: the main thread owns pjsua2 (``threadCnt=0`` for SIP and media) and
loops ``libHandleEvents(10)``; a reader thread only parses stdin into a queue.
Audio port callbacks run on the null sound device's clock thread; they only
copy bytes. Measured: with ``setNullDev()`` and ``medConfig.threadCnt=0``
frames do flow both ways at 16 kHz / 20 ms (RTP is polled by libHandleEvents
because the media endpoint shares the SIP ioqueue).

``recv_stats.tone_ratio`` is the fraction of the received signal's power
(Hann-windowed FFT, DC excluded) that lies within +-20 Hz of ``freq``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import queue
import sys
import threading
import time
import traceback
import wave
from typing import Any, Callable

import numpy as np
import pjsua2 as pj

CLOCK_RATE = 16000
FRAME_SAMPLES = CLOCK_RATE // 50  # 20 ms
RING_FRAMES = 500  # 10 s
STATE_NAMES = {pj.PJSIP_INV_STATE_NULL: "NULL", pj.PJSIP_INV_STATE_CALLING: "CALLING",
               pj.PJSIP_INV_STATE_INCOMING: "INCOMING", pj.PJSIP_INV_STATE_EARLY: "EARLY",
               pj.PJSIP_INV_STATE_CONNECTING: "CONNECTING",
               pj.PJSIP_INV_STATE_CONFIRMED: "CONFIRMED",
               pj.PJSIP_INV_STATE_DISCONNECTED: "DISCONNECTED"}
MEDIA_NAMES = {pj.PJSUA_CALL_MEDIA_NONE: "none", pj.PJSUA_CALL_MEDIA_ACTIVE: "active",
               pj.PJSUA_CALL_MEDIA_LOCAL_HOLD: "local_hold",
               pj.PJSUA_CALL_MEDIA_REMOTE_HOLD: "remote_hold", pj.PJSUA_CALL_MEDIA_ERROR: "error"}
DTMF_METHODS = {pj.PJSUA_DTMF_METHOD_RFC2833: "rfc2833", pj.PJSUA_DTMF_METHOD_SIP_INFO: "info"}

_out_lock = threading.Lock()
_out: Any = None  # text file on a dup of the original stdout, set in main()
controller_gone = threading.Event()


def emit(obj: dict[str, Any]) -> None:
    """Write one JSON line to the protocol channel and flush.

    A broken pipe means the controller died: never raise (an exception
    unwinding past a live pjsua2 hangs interpreter shutdown), flag it so the
    main loop shuts down instead.
    """
    line = json.dumps(obj, separators=(",", ":")) + "\n"
    with _out_lock:
        try:
            _out.write(line)
            _out.flush()
        except (OSError, ValueError):
            controller_gone.set()


def parse_headers(whole_msg: str) -> dict[str, str]:
    """Header name -> value from a raw SIP message; repeated names joined by ', '."""
    head = whole_msg.replace("\r\n", "\n").split("\n\n", 1)[0].split("\n")[1:]
    lines: list[str] = []
    for raw in head:
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += " " + raw.strip()  # folded continuation line
        elif raw:
            lines.append(raw)
    out: dict[str, str] = {}
    for line in lines:
        name, _, value = line.partition(":")
        name, value = name.strip(), value.strip()
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def make_signal(kind: str, freq: float = 0.0, path: str = "", pause_s: float = 2.0) -> bytes:
    """16-bit mono audio that loops: one second of a tone (integer Hz) or silence,
    or a 16 kHz mono WAV file (speech) followed by ``pause_s`` of silence."""
    if kind == "wav":
        with wave.open(path, "rb") as w:
            if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (CLOCK_RATE, 1, 2):
                raise ValueError(f"{path}: need {CLOCK_RATE} Hz mono 16-bit")
            return w.readframes(w.getnframes()) + bytes(2 * int(pause_s * CLOCK_RATE))
    if kind == "tone" and freq > 0:
        t = np.arange(CLOCK_RATE) / CLOCK_RATE
        pcm = (0.3 * 32767 * np.sin(2 * np.pi * round(freq) * t)).astype("<i2")
        return pcm.tobytes()
    return bytes(2 * CLOCK_RATE)


def audio_format() -> pj.MediaFormatAudio:
    fmt = pj.MediaFormatAudio()
    fmt.type = pj.PJMEDIA_TYPE_AUDIO
    fmt.clockRate, fmt.channelCount, fmt.bitsPerSample = CLOCK_RATE, 1, 16
    fmt.frameTimeUsec = 20000
    return fmt


class SourcePort(pj.AudioMediaPort):  # type: ignore[misc]
    """Feeds the configured signal into the bridge (runs on the clock thread)."""

    def __init__(self, signal: bytes) -> None:
        super().__init__()
        self.signal = signal
        self.pos = 0
        self.createPort("src", audio_format())

    def onFrameRequested(self, frame: pj.MediaFrame) -> None:
        sig, n = self.signal, 2 * FRAME_SAMPLES
        chunk = sig[self.pos:self.pos + n]
        self.pos = (self.pos + n) % len(sig)
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        frame.buf = pj.ByteVector(chunk)
        frame.size = len(chunk)


class SinkPort(pj.AudioMediaPort):  # type: ignore[misc]
    """Keeps the last ~10 s of received frames (bytes only; analysis elsewhere)."""

    def __init__(self) -> None:
        super().__init__()
        self.frames: collections.deque[bytes] = collections.deque(maxlen=RING_FRAMES)
        self.count = 0
        self.lock = threading.Lock()
        self.createPort("sink", audio_format())

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:
        if frame.type != pj.PJMEDIA_FRAME_TYPE_AUDIO:
            return
        data = bytes(frame.buf)
        with self.lock:
            self.frames.append(data)
            self.count += 1

    def snapshot(self, seconds: float) -> tuple[np.ndarray, int]:
        n = max(1, int(round(seconds * 50)))
        with self.lock:
            frames, count = list(self.frames)[-n:], self.count
        pcm = np.frombuffer(b"".join(frames), dtype="<i2").astype(np.float64) / 32768.0
        return pcm, count


def analyse(pcm: np.ndarray, freq: float | None) -> dict[str, Any]:
    """rms, FFT peak and the power fraction near ``freq`` (see module doc)."""
    if pcm.size < 64:
        return {"rms": 0.0, "dominant_hz": 0.0, "tone_ratio": 0.0, "samples": int(pcm.size)}
    spec = np.abs(np.fft.rfft(pcm * np.hanning(pcm.size))) ** 2
    hz = np.fft.rfftfreq(pcm.size, 1.0 / CLOCK_RATE)
    spec[hz < 20] = 0.0
    total = float(spec.sum())
    ratio = 0.0
    if freq and total > 0:
        ratio = float(spec[np.abs(hz - freq) <= 20].sum() / total)
    return {"rms": float(np.sqrt(np.mean(pcm ** 2))),
            "dominant_hz": float(hz[int(np.argmax(spec))]) if total > 0 else 0.0,
            "tone_ratio": ratio, "samples": int(pcm.size)}


class PeerCall(pj.Call):  # type: ignore[misc]
    """A call with its own signal source and receive buffer."""

    def __init__(self, agent: Agent, call_id: int = pj.PJSUA_INVALID_ID) -> None:
        super().__init__(agent.acc, call_id)
        self.agent = agent
        self.cid = agent.next_id()
        agent.calls[self.cid] = self
        self.signal = agent.default_signal
        self.src: SourcePort | None = None
        self.sink: SinkPort | None = None
        self.state = "NULL"

    def ensure_ports(self) -> tuple[SourcePort, SinkPort]:
        if self.src is None or self.sink is None:
            self.src, self.sink = SourcePort(self.signal), SinkPort()
            self.agent.sinks[self.cid] = self.sink
        return self.src, self.sink

    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        ci = self.getInfo()
        self.state = STATE_NAMES.get(ci.state, str(ci.state))
        emit({"event": "call_state", "call": self.cid, "state": self.state,
              "code": ci.lastStatusCode, "reason": ci.lastReason})
        if self.state == "DISCONNECTED":
            self.agent.dead.append(self.cid)  # deleted by the main loop, not in here

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        ci = self.getInfo()
        for mi in ci.media:
            if mi.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            status = MEDIA_NAMES.get(mi.status, str(mi.status))
            if mi.status in (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                am = self.getAudioMedia(mi.index)
                src, sink = self.ensure_ports()
                src.startTransmit(am)
                am.startTransmit(sink)
            emit({"event": "media_state", "call": self.cid, "status": status})

    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:
        emit({"event": "dtmf", "call": self.cid, "digit": prm.digit,
              "method": DTMF_METHODS.get(prm.method, str(prm.method))})

    def onCallTransferRequest(self, prm: pj.OnCallTransferRequestParam) -> None:
        new = PeerCall(self.agent)
        prm.newCall = new
        emit({"event": "transfer_request", "call": self.cid, "target": prm.dstUri,
              "new_call": new.cid})

    def onCallTransferStatus(self, prm: pj.OnCallTransferStatusParam) -> None:
        emit({"event": "transfer_status", "call": self.cid, "code": prm.statusCode,
              "reason": prm.reason, "final": bool(prm.finalNotify)})
        if prm.finalNotify and 200 <= prm.statusCode < 300:
            # pjsua keeps the transferor's call up; a phone hangs up after success.
            self.agent.later(0.0, lambda: self.agent.hangup(self))

    def onCallReplaced(self, prm: pj.OnCallReplacedParam) -> None:
        new = PeerCall(self.agent, prm.newCallId)
        prm.newCall = new
        emit({"event": "call_replaced", "call": self.cid, "new_call": new.cid})


class PeerAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, agent: Agent) -> None:
        super().__init__()
        self.agent = agent

    def onRegState(self, prm: pj.OnRegStateParam) -> None:
        emit({"event": "reg_state", "code": prm.code, "reason": prm.reason,
              "active": bool(self.getInfo().regIsActive), "expiration": prm.expiration})

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        call = PeerCall(self.agent, prm.callId)
        headers = parse_headers(prm.rdata.wholeMsg)
        emit({"event": "incoming_call", "call": call.cid, "from": headers.get("From", headers.get("f", "")),
              "source": prm.rdata.srcAddress, "headers": headers})
        op = pj.CallOpParam()
        op.statusCode = 180
        call.answer(op)
        if self.agent.args.auto_answer:
            self.agent.later(self.agent.args.answer_delay, lambda: self.agent.answer(call, 200))


class StderrLog(pj.LogWriter):  # type: ignore[misc]
    def write(self, entry: pj.LogEntry) -> None:
        sys.stderr.write(entry.msg if entry.msg.endswith("\n") else entry.msg + "\n")


class Agent:
    """Owns the endpoint, the account and every call; runs on the main thread."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.calls: dict[int, PeerCall] = {}
        self.sinks: dict[int, SinkPort] = {}  # outlive their call for late recv_stats
        self.graveyard: list[PeerCall] = []  # makeCall raised: never touch, never delete
        self.dead: list[int] = []
        self.timers: list[tuple[float, Callable[[], None]]] = []
        self.commands: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.default_signal = make_signal("tone" if args.tone else "silence", args.tone or 0)
        self._ids = 0
        self.running = True
        self.ep = pj.Endpoint()
        self.log = StderrLog()

    def next_id(self) -> int:
        self._ids += 1
        return self._ids

    def later(self, delay: float, fn: Callable[[], None]) -> None:
        self.timers.append((time.monotonic() + delay, fn))

    # -- setup ------------------------------------------------------------
    def start(self) -> None:
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.userAgent = "rig-peer"
        cfg.medConfig.threadCnt = 0
        cfg.medConfig.clockRate = CLOCK_RATE
        cfg.medConfig.sndClockRate = CLOCK_RATE
        cfg.medConfig.noVad = True
        cfg.medConfig.ecTailLen = 0
        cfg.logConfig.level = self.args.log_level
        cfg.logConfig.consoleLevel = self.args.log_level
        cfg.logConfig.writer = self.log
        self.ep.libCreate()
        self.ep.libInit(cfg)
        self.ep.audDevManager().setNullDev()
        self.set_codecs([c for c in self.args.codecs.split(",") if c])
        kind = pj.PJSIP_TRANSPORT_TCP if self.args.transport == "tcp" else pj.PJSIP_TRANSPORT_UDP
        tcfg = pj.TransportConfig()
        tcfg.port = self.args.sip_port
        tcfg.boundAddress = "127.0.0.1"
        tid = self.ep.transportCreate(kind, tcfg)
        self.ep.libStart()
        self.sip_port = int(self.ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        self.acc = PeerAccount(self)
        self.acc.create(self.account_config(tid))
        emit({"event": "ready", "sip_port": self.sip_port, "transport": self.args.transport})

    def set_codecs(self, wanted: list[str]) -> None:
        """Enable only ``wanted`` (prefix match, in priority order).

        Why not speex: with a pure 1 kHz tone the speex/16000 decoder sometimes
        produced a deterministic but badly distorted signal (rms 0.64 for a
        0.3 FS sine, 20 % of the power at the tone), depending on start timing.
        """
        for ci in self.ep.codecEnum2():
            rank = next((i for i, w in enumerate(wanted) if ci.codecId.lower().startswith(w.lower())), None)
            self.ep.codecSetPriority(ci.codecId, 0 if rank is None else 254 - rank)

    def account_config(self, tid: int) -> pj.AccountConfig:
        a, acfg = self.args, pj.AccountConfig()
        host = a.registrar.rsplit(":", 1)[0] if a.registrar else "127.0.0.1"
        acfg.idUri = f"sip:{a.user}@{host}"
        tp = ";transport=tcp" if a.transport == "tcp" else ""
        if a.registrar:
            if not a.no_register:
                acfg.regConfig.registrarUri = f"sip:{a.registrar}{tp}"
                acfg.regConfig.timeoutSec = a.reg_expiry
                acfg.regConfig.retryIntervalSec = 2
                acfg.regConfig.firstRetryIntervalSec = 1
            acfg.sipConfig.proxies.append(f"sip:{a.registrar};lr{tp}")
        acfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", a.user, 0, a.password))
        acfg.sipConfig.transportId = tid
        acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        acfg.mediaConfig.transportConfig.publicAddress = "127.0.0.1"
        acfg.mediaConfig.transportConfig.port = 0
        return acfg

    # -- main loop --------------------------------------------------------
    def run(self) -> None:
        while self.running and not controller_gone.is_set():
            self.ep.libHandleEvents(10)
            self.reap()
            self.fire_timers()
            while self.running:
                try:
                    cmd = self.commands.get_nowait()
                except queue.Empty:
                    break
                self.dispatch(cmd)

    def reap(self) -> None:
        """Drop DISCONNECTED calls (outside their callbacks) and their ports."""
        while self.dead:
            call = self.calls.pop(self.dead.pop(), None)
            if call is not None:
                call.src = call.sink = None

    def fire_timers(self) -> None:
        now = time.monotonic()
        due = [t for t in self.timers if t[0] <= now]
        self.timers = [t for t in self.timers if t[0] > now]
        for _, fn in due:
            try:
                fn()
            except pj.Error as exc:
                emit({"event": "error", "error": exc.info()})

    def dispatch(self, cmd: dict[str, Any] | None) -> None:
        if cmd is None:
            cmd = {"cmd": "quit"}
        name = str(cmd.get("cmd", ""))
        reply: dict[str, Any] = {"reply": name, "ok": True}
        if "id" in cmd:
            reply["id"] = cmd["id"]
        handler = getattr(self, f"cmd_{name}", None) if name.isidentifier() else None
        try:
            if handler is None:
                raise ValueError(f"unknown command {name!r}")
            reply.update(handler(cmd) or {})
        except pj.Error as exc:
            reply.update(ok=False, error=exc.info())
        except (ValueError, KeyError, TypeError) as exc:
            reply.update(ok=False, error=f"{type(exc).__name__}: {exc}")
        emit(reply)

    def call_of(self, cmd: dict[str, Any]) -> PeerCall:
        cid = int(cmd["call"])
        if cid not in self.calls:
            raise ValueError(f"no such call {cid}")
        return self.calls[cid]

    def answer(self, call: PeerCall, code: int) -> None:
        if call.cid in self.calls and call.state not in ("DISCONNECTED", "CONFIRMED"):
            op = pj.CallOpParam()
            op.statusCode = code
            call.answer(op)

    def hangup(self, call: PeerCall) -> None:
        if call.cid in self.calls and call.state != "DISCONNECTED":
            call.hangup(pj.CallOpParam(True))

    # -- commands ---------------------------------------------------------
    def cmd_call(self, cmd: dict[str, Any]) -> dict[str, Any]:
        op = pj.CallOpParam(True)
        for name, value in dict(cmd.get("headers") or {}).items():
            h = pj.SipHeader()
            h.hName, h.hValue = str(name), str(value)
            op.txOption.headers.append(h)
        call = PeerCall(self)
        try:
            call.makeCall(str(cmd["uri"]), op)
        except pj.Error:
            del self.calls[call.cid]
            self.graveyard.append(call)
            raise
        return {"call": call.cid}

    def cmd_answer(self, cmd: dict[str, Any]) -> None:
        op = pj.CallOpParam()
        op.statusCode = int(cmd.get("code", 200))
        self.call_of(cmd).answer(op)

    def cmd_reject(self, cmd: dict[str, Any]) -> None:
        op = pj.CallOpParam()
        op.statusCode = int(cmd.get("code", 486))
        self.call_of(cmd).hangup(op)

    def cmd_hangup(self, cmd: dict[str, Any]) -> None:
        self.call_of(cmd).hangup(pj.CallOpParam(True))

    def cmd_hangup_all(self, cmd: dict[str, Any]) -> dict[str, Any]:
        self.ep.hangupAllCalls()
        return {"calls": sorted(self.calls)}

    def cmd_hold(self, cmd: dict[str, Any]) -> None:
        self.call_of(cmd).setHold(pj.CallOpParam(True))

    def cmd_unhold(self, cmd: dict[str, Any]) -> None:
        op = pj.CallOpParam(True)
        op.opt.flag = pj.PJSUA_CALL_UNHOLD
        self.call_of(cmd).reinvite(op)

    def cmd_dtmf(self, cmd: dict[str, Any]) -> None:
        prm = pj.CallSendDtmfParam()
        prm.digits = str(cmd["digits"])
        prm.method = (pj.PJSUA_DTMF_METHOD_SIP_INFO if cmd.get("method") == "info"
                      else pj.PJSUA_DTMF_METHOD_RFC2833)
        self.call_of(cmd).sendDtmf(prm)

    def cmd_transfer(self, cmd: dict[str, Any]) -> None:
        """Blind transfer: REFER the remote party to ``uri``."""
        self.call_of(cmd).xfer(str(cmd["uri"]), pj.CallOpParam(True))

    def cmd_transfer_replaces(self, cmd: dict[str, Any]) -> None:
        """Attended transfer: REFER ``call``'s party to ``to_call``'s party with Replaces."""
        other = self.call_of({"call": cmd["to_call"]})
        self.call_of(cmd).xferReplaces(other, pj.CallOpParam(True))

    def cmd_play(self, cmd: dict[str, Any]) -> None:
        call = self.call_of(cmd)
        call.signal = make_signal(str(cmd.get("kind", "silence")), float(cmd.get("freq", 0)),
                                  str(cmd.get("path", "")), float(cmd.get("pause_s", 2.0)))
        if call.src is not None:
            call.src.signal, call.src.pos = call.signal, 0

    def cmd_recv_stats(self, cmd: dict[str, Any]) -> dict[str, Any]:
        cid = int(cmd["call"])
        if cid not in self.sinks:
            raise ValueError(f"no audio received yet on call {cid}")
        pcm, count = self.sinks[cid].snapshot(float(cmd.get("seconds", 1.0)))
        freq = cmd.get("freq")
        return {"frames": count, **analyse(pcm, float(freq) if freq else None)}

    def cmd_list_calls(self, cmd: dict[str, Any]) -> dict[str, Any]:
        return {"calls": {str(c): call.state for c, call in self.calls.items()}}

    def cmd_quit(self, cmd: dict[str, Any]) -> None:
        self.running = False

    # -- shutdown ---------------------------------------------------------
    def shutdown(self) -> None:
        """Hang up, wait for DISCONNECTED, delete calls and ports, then libDestroy."""
        try:
            self.ep.hangupAllCalls()
        except pj.Error:
            pass
        deadline = time.monotonic() + 5
        while self.calls and time.monotonic() < deadline:
            self.ep.libHandleEvents(10)
            self.reap()
        self.calls.clear()
        self.sinks.clear()
        self.acc.shutdown()
        del self.acc
        self.ep.libDestroy()


def read_stdin(q: queue.Queue[dict[str, Any] | None]) -> None:
    """Reader thread: parse lines only; never touch pjsua2 here."""
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            q.put(json.loads(line))
        except json.JSONDecodeError as exc:
            emit({"reply": None, "ok": False, "error": f"bad JSON: {exc}"})
    q.put(None)  # EOF means quit


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--user", required=True)
    p.add_argument("--password", default="")
    p.add_argument("--registrar", default="", help="host:port of the registrar/proxy")
    p.add_argument("--transport", choices=("udp", "tcp"), default="udp")
    p.add_argument("--no-register", action="store_true")
    p.add_argument("--sip-port", type=int, default=0)
    p.add_argument("--auto-answer", action="store_true")
    p.add_argument("--answer-delay", type=float, default=0.0)
    p.add_argument("--tone", type=float, default=0.0, help="default signal: sine at HZ")
    p.add_argument("--reg-expiry", type=int, default=60)
    p.add_argument("--codecs", default="G722,PCMU,PCMA",
                   help="comma list of codec id prefixes in priority order; others disabled")
    p.add_argument("--log-level", type=int, default=3)
    return p.parse_args(argv)


def main() -> None:
    global _out
    args = parse_args()
    _out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # stray C prints (libCreate) land on stderr, not the protocol
    sys.stdout = sys.stderr
    agent = Agent(args)
    try:
        agent.start()
    except pj.Error as exc:
        emit({"event": "fatal", "error": exc.info()})
        os._exit(2)
    threading.Thread(target=read_stdin, args=(agent.commands,), daemon=True).start()
    code = 0
    try:
        agent.run()
    except BaseException:  # log it, but still shut pjsua2 down in order
        traceback.print_exc()
        code = 1
    try:
        agent.shutdown()
    except BaseException:
        traceback.print_exc()
        code = 1
    emit({"event": "bye"})
    sys.stderr.flush()
    os._exit(code)  # skip interpreter teardown: no SWIG destructor may run after libDestroy


if __name__ == "__main__":
    main()
