"""EngineCore: everything that touches pjsua2, on the engine thread only.

Every public method asserts it runs on the engine thread; ``api.Engine``
is the thread-safe way in. pjsua2 callbacks (``sip/account.py``,
``sip/call.py``) come back here and are turned into bus events.
"""

from __future__ import annotations

import functools
import gc
import itertools
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pjsua2 as pj

from ..audio.bridge import PORT_GRACE_S, ConferenceAudio, Rings
from ..audio.taps import TapHub
from ..errors import EngineStateError, SipError
from ..events import (
    CallStateChanged, DtmfReceived, ErrorRaised, Event, IncomingCall, MediaStateChanged,
    OutgoingCall, RecordingNoticePlayed, RegistrationChanged, TransferProgress,
)
from ..settings import Settings
from ..sip.account import SipAccount, build_account_config, server_uri
from ..sip.call import SipCall
from ..sip.callstate import check_action
from ..sip.endpoint import FRAME_MS, Transports, create_endpoint
from ..sip.headers import answer_after, check_custom_headers, parse_headers
from ..sip.pjlog import PjLogWriter
from ..sip.regstate import RegOutcome, classify_registration, check_transition as reg_transition
from .supervision import SupervisionChecker, SupervisorCalls, is_supervision
from ..states import (
    AccountId, CallDirection, CallId, CallState, DtmfSignal, MediaState, NoticeKind, RegProblem, RegState,
)
from ..i18n import N_

__all__ = ["EngineCore", "CallSnapshot"]

log = logging.getLogger(__name__)
REG_ANSWER_TIMEOUT_S = 6.0
COLLECT_BEFORE_DESTROY = True
IDLE_POLL_MS = 100


@dataclass(frozen=True)
class CallSnapshot:
    """Plain copied values of one call, safe to hand to any thread."""

    call_id: CallId
    direction: CallDirection
    remote_uri: str
    state: CallState
    media_state: MediaState
    muted: bool
    sip_call_id: str
    duration: float


def _op(status_code: int) -> pj.CallOpParam:
    prm = pj.CallOpParam(True)
    prm.statusCode = status_code
    return prm


def _bury_into(graveyard: list[tuple[float, object]], *things: object) -> None:
    now = time.monotonic()
    graveyard.extend((now, t) for t in things if t is not None)


def _new_call_id() -> CallId:
    return CallId(uuid.uuid4().hex[:12])


class EngineCore:
    def __init__(self, settings: Settings, post: Callable[[Event], None], hub: TapHub, password: str | None) -> None:
        self.settings = settings
        self._post = post
        self.hub = hub
        self._password = password
        self._thread = threading.current_thread()
        self._writer = PjLogWriter()
        self.ep: pj.Endpoint
        self.transports: Transports
        self.ep, self.transports = create_endpoint(settings, self._writer, self._transport_lost)
        self.rings = Rings.create(settings.audio.clock_rate, FRAME_MS)
        self.audio = ConferenceAudio(settings.audio.clock_rate, FRAME_MS, self.rings, hub)
        self.account: SipAccount | None = None
        self.calls: dict[CallId, SipCall] = {}
        self._graveyard: list[tuple[float, object]] = []  # finished calls, with when they were buried
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._timer_seq = itertools.count()
        self._pending_answer: dict[CallId, int] = {}
        self._notice: tuple[NoticeKind, bytes] | None = None  # the recording notice at each answer
        # handed the graveyard, not a bound method: a core in a reference cycle is freed later by the collector,
        # on any thread, with pjsua2 objects still in it (the process aborts)
        self.supervisors = SupervisorCalls(self.audio.supervision, post, functools.partial(_bury_into, self._graveyard))

    # -- thread discipline -------------------------------------------------
    def _on_thread(self) -> None:
        assert threading.current_thread() is self._thread, "pjsua2 touched outside the engine thread"

    def tick(self) -> None:
        """One loop turn: poll pjsua2, run due timers, free finished calls.

        pjsip wakes for its own timers and any packet; commands wake it with a
        datagram (``api.Engine._wake``); so the wait only has to respect our
        own timers. Idle, the loop turns ~10 times a second, not 100.
        """
        self._on_thread()
        self.ep.libHandleEvents(self._poll_ms())
        now = time.monotonic()
        due = [t for t in self._timers if t[0] <= now]
        if due:
            self._timers = [t for t in self._timers if t[0] > now]
            for _, _, fn in sorted(due):
                self._run_safely(fn)
        if self._graveyard:
            self._graveyard[:] = [g for g in self._graveyard if g[0] > now - PORT_GRACE_S]  # in place: shared

    def _bury(self, *things: object) -> None:
        """Delete finished calls on a later tick, outside the pjsua2 callback that ended them."""
        _bury_into(self._graveyard, *things)

    def _poll_ms(self) -> int:
        if not self._timers:
            return IDLE_POLL_MS
        due = min(t[0] for t in self._timers) - time.monotonic()
        return max(0, min(IDLE_POLL_MS, int(due * 1000) + 1))

    def later(self, delay: float, fn: Callable[[], None]) -> None:
        self._timers.append((time.monotonic() + delay, next(self._timer_seq), fn))

    def _run_safely(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - a timer must not stop the engine
            log.exception("engine timer failed")
            self._post(ErrorRaised("engine", str(exc), getattr(exc, "user_message", N_("An internal error occurred."))))

    # -- registration --------------------------------------------------------
    def add_account(self) -> None:
        self._on_thread()
        acc_settings = self.settings.account
        tid = self.transports.id_for(acc_settings.transport)
        cfg = build_account_config(acc_settings, self._password, tid)
        self.account = SipAccount(self, AccountId(acc_settings.id), acc_settings)
        try:
            self.account.create(cfg, True)
        except pj.Error as exc:
            self.account = None
            raise SipError(f"account: {exc.info()}", user_message=N_("The account settings are not valid.")) from exc

    def register(self) -> None:
        acc = self._require_account()
        if not (acc.settings.register and acc.settings.server):
            raise EngineStateError("no registrar configured", user_message=N_("No phone server is configured for sign-in."))
        self._set_reg(acc, RegState.REGISTERING, 0, "", RegProblem.NONE, N_("Signing in…"))
        try:
            acc.setRegistration(True)
        except pj.Error as exc:
            self._reg_error(acc, exc)
            return
        self.later(REG_ANSWER_TIMEOUT_S, lambda: self._reg_watchdog(acc))

    def _reg_watchdog(self, acc: SipAccount) -> None:
        """Over UDP a dead server is silent for 32 s (timer F): say so sooner.

        pjsip keeps trying; a later answer moves the state on as usual.
        """
        if self.account is acc and acc.state is RegState.REGISTERING:
            self._set_reg(acc, RegState.FAILED, 408, "No answer", RegProblem.UNREACHABLE,
                          N_("The phone server does not answer. Still trying; check the server address and the network."))

    def unregister(self) -> None:
        acc = self._require_account()
        try:
            acc.setRegistration(False)
        except pj.Error as exc:
            raise SipError(f"unregister: {exc.info()}") from exc

    def _reg_error(self, acc: SipAccount, exc: pj.Error) -> None:
        if acc.state is RegState.FAILED:
            return  # onRegState already reported this failure
        outcome = classify_registration(0, exc.status, 0, exc.reason)
        self._set_reg(acc, outcome.state, 0, exc.reason, outcome.problem, outcome.user_message)

    def registration_changed(self, account: SipAccount, outcome: RegOutcome, code: int, reason: str) -> None:
        self._set_reg(account, outcome.state, code, reason, outcome.problem, outcome.user_message)

    def _set_reg(self, acc: SipAccount, new: RegState, code: int, reason: str, problem: RegProblem, msg: str) -> None:
        old = acc.state
        if not reg_transition(old, new):
            if old is not new:  # a same-state report is a routine refresh, not a change
                log.warning("registration of %s: %s -> %s is not a transition (a bug); not reported",
                            acc.account_id, old.value, new.value)
            return
        acc.state = new
        self._post(RegistrationChanged(acc.account_id, old, new, code, reason, problem, msg))

    def _transport_lost(self) -> None:
        """A TCP/TLS connection dropped: say so; pjsua re-registers by itself."""
        acc = self.account
        if acc is None or acc.settings.transport == "udp" or acc.state is not RegState.REGISTERED:
            return
        self._set_reg(acc, RegState.FAILED, 0, "Connection lost", RegProblem.TRANSPORT_LOST,
                      N_("The connection to the phone server was lost; reconnecting…"))

    def _require_account(self) -> SipAccount:
        if self.account is None:
            raise EngineStateError("no account", user_message=N_("No account is set up."))
        return self.account

    def registration_state(self) -> RegState:
        return self.account.state if self.account else RegState.UNREGISTERED

    # -- calls: creation ---------------------------------------------------------
    def dial(self, target: str, headers: dict[str, str]) -> CallId:
        self._on_thread()
        acc = self._require_account()
        uri = self._target_uri(target)
        custom = check_custom_headers(headers)
        call_id = _new_call_id()
        call = SipCall(self, acc, call_id, CallDirection.OUTBOUND, uri)
        prm = pj.CallOpParam(True)
        for name, value in custom:
            h = pj.SipHeader()
            h.hName, h.hValue = name, value
            prm.txOption.headers.append(h)
        self.audio.add_call(call_id, call.started_mono)
        try:
            call.makeCall(uri, prm)
        except pj.Error as exc:
            self.audio.remove_call(call_id)
            self._bury(call)  # never touch a call whose makeCall raised
            raise SipError(f"dial failed: {exc.info()}", user_message=N_("The call could not be placed. Check the number."),
                           code=exc.status, reason=exc.reason) from exc
        self.calls[call_id] = call
        self._post(OutgoingCall(call_id, acc.account_id, uri, tuple(custom)))
        return call_id

    def _target_uri(self, target: str) -> str:
        target = target.strip()
        if "<" in target and ">" in target:  # '"Name" <sip:...>' as copied from a header
            target = target[target.index("<") + 1:target.index(">")]
        if target.lower().startswith(("sip:", "sips:")):
            uri = target
        else:
            acc = self._require_account().settings
            host = acc.server or f"{self.settings.sip.bind_address or '127.0.0.1'}"
            uri = server_uri(f"{target}@{host}", acc.transport)
        if self.ep.utilVerifySipUri(uri) != 0:
            raise SipError(f"bad target {target!r}", user_message=N_("“{0}” is not a valid number or SIP address.", target))
        return uri

    def set_supervision_checker(self, checker: SupervisionChecker | None) -> None:
        self._on_thread()
        self.supervisors.checker = checker

    def incoming_call(self, account: SipAccount, prm: pj.OnIncomingCallParam) -> None:
        msg = prm.rdata.wholeMsg
        headers = parse_headers(msg)
        call_id = _new_call_id()
        call = SipCall(self, account, call_id, CallDirection.INBOUND, "", prm.callId)
        if is_supervision(headers):  # a team lead: never shown as a call (engine/supervision.py)
            self.supervisors.incoming(call, headers)
            return
        self.calls[call_id] = call  # keep it: dropping it would reject the call
        info = call.getInfo()
        call.remote_uri, call.sip_call_id = info.remoteUri, info.callIdString
        self.audio.add_call(call_id, call.started_mono)
        delay = self._auto_answer_delay(headers)
        display = info.remoteUri.split("<")[0].strip().strip('"') if "<" in info.remoteUri else ""
        self._post(IncomingCall(call_id, account.account_id, info.remoteUri, display, info.callIdString, headers, delay))
        self._ring(call)
        if delay is not None:
            self.later(delay, lambda: self._auto_answer(call_id))

    def _ring(self, call: SipCall) -> None:
        try:
            call.answer(_op(180))
        except pj.Error:
            log.warning("could not send 180 for call %s", call.call_id)
        self.audio.start_ringing()

    def _auto_answer_delay(self, headers: tuple[tuple[str, str], ...]) -> float | None:
        rule = self.settings.auto_answer
        if rule.honour_call_info:
            delay = answer_after(headers)
            if delay is not None:
                return min(delay, 60.0)
        return rule.delay_s if rule.enabled else None

    def _auto_answer(self, call_id: CallId) -> None:
        call = self.calls.get(call_id)
        if call is None or call.state not in (CallState.INCOMING, CallState.EARLY):
            return
        if self.settings.auto_answer.beep:
            self.audio.play_beep()
        self.answer(call_id)

    # -- calls: commands ---------------------------------------------------------
    def _call(self, call_id: CallId, action: str) -> SipCall:
        self._on_thread()
        call = self.calls.get(call_id)
        if call is None:
            raise EngineStateError(f"no call {call_id}", user_message=N_("That call has already ended."))
        check_action(action, call.state, call.direction)
        return call

    def _sip(self, what: str, fn: Callable[[], None], user_message: str) -> None:
        try:
            fn()
        except pj.Error as exc:
            raise SipError(f"{what}: {exc.info()}", user_message=user_message, code=exc.status, reason=exc.reason) from exc

    def answer(self, call_id: CallId) -> None:
        call = self._call(call_id, "answer")
        self._sip("answer", lambda: call.answer(_op(200)), N_("The call could not be answered."))

    def reject(self, call_id: CallId, code: int = 486) -> None:
        if code not in (486, 603, 480, 404):
            raise EngineStateError(f"reject code {code}", user_message=N_("A call can be rejected as busy (486) or declined (603)."))
        call = self._call(call_id, "reject")
        self._sip("reject", lambda: call.hangup(_op(code)), N_("The call could not be rejected."))

    def hangup(self, call_id: CallId) -> None:
        call = self._call(call_id, "hangup")
        self._sip("hangup", lambda: call.hangup(pj.CallOpParam(True)), N_("The call could not be ended."))

    def hold(self, call_id: CallId) -> None:
        call = self._call(call_id, "hold")
        self._sip("hold", lambda: call.setHold(pj.CallOpParam(True)), N_("The call could not be put on hold."))

    def unhold(self, call_id: CallId) -> None:
        call = self._call(call_id, "unhold")
        prm = pj.CallOpParam(True)
        prm.opt.flag = pj.PJSUA_CALL_UNHOLD
        self._sip("unhold", lambda: call.reinvite(prm), N_("The call could not be taken off hold."))

    def mute(self, call_id: CallId, muted: bool) -> None:
        call = self._call(call_id, "mute")
        call.muted = muted
        self.audio.set_muted(call_id, muted)

    def dtmf(self, call_id: CallId, digits: str) -> str:
        """Send digits in-band (RFC 2833); falls back to SIP INFO. Returns the method used."""
        call = self._call(call_id, "dtmf")
        if not digits or any(d not in "0123456789*#ABCDabcd" for d in digits):
            raise EngineStateError(f"bad dtmf {digits!r}", user_message=N_("Keypad digits are 0-9, * and #."))
        mode = self.settings.sip.dtmf_method
        if mode in ("rfc2833", "auto"):
            try:
                call.dialDtmf(digits)
                return "rfc2833"
            except pj.Error:
                if mode == "rfc2833":
                    raise SipError("remote has no RFC 2833", user_message=N_("The other side does not accept keypad tones."))
        prm = pj.CallSendDtmfParam()
        prm.method, prm.digits, prm.duration = pj.PJSUA_DTMF_METHOD_SIP_INFO, digits, 160
        self._sip("dtmf info", lambda: call.sendDtmf(prm), N_("The keypad digits could not be sent."))
        return "info"

    def transfer(self, call_id: CallId, target: str) -> None:
        call = self._call(call_id, "transfer")
        uri = self._target_uri(target)
        self._sip("transfer", lambda: call.xfer(uri, pj.CallOpParam(True)), N_("The call could not be transferred."))

    def attended_transfer(self, call_id: CallId, other_id: CallId) -> None:
        """Connect the party of ``call_id`` with the party of ``other_id`` (REFER with Replaces)."""
        call = self._call(call_id, "attended_transfer")
        other = self._call(other_id, "attended_transfer")
        self._sip("attended transfer", lambda: call.xferReplaces(other, pj.CallOpParam(True)),
                  N_("The calls could not be connected."))

    def snapshot(self) -> list[CallSnapshot]:
        self._on_thread()
        now = time.monotonic()
        return [CallSnapshot(c.call_id, c.direction, c.remote_uri, c.state, c.media_state, c.muted, c.sip_call_id,
                             now - c.started_mono) for c in self.calls.values()]

    # -- calls: callbacks from SipCall ---------------------------------------------
    def call_state_changed(self, call: SipCall, old: CallState, new: CallState, code: int, reason: str) -> None:
        if self.supervisors.owns(call.call_id):
            self.supervisors.state_changed(call, new)
            return
        self._post(CallStateChanged(call.call_id, old, new, code, reason))
        self._update_tones()
        if new is CallState.CONFIRMED:
            self._give_notice(call)
        if new is CallState.DISCONNECTED:
            self.calls.pop(call.call_id, None)
            self.audio.remove_call(call.call_id)
            self._bury(call)  # deleted later, outside this callback

    def _update_tones(self) -> None:
        states = [c.state for c in self.calls.values() if c.state is not CallState.DISCONNECTED]
        ringing_in = any(c.direction is CallDirection.INBOUND and c.state in (CallState.INCOMING, CallState.EARLY)
                         for c in self.calls.values())
        ringing_out = any(c.direction is CallDirection.OUTBOUND and c.state is CallState.EARLY and
                          c.media_state is not MediaState.ACTIVE for c in self.calls.values())
        if not ringing_in or CallState.CONFIRMED in states:
            self.audio.stop_ringing()
        if ringing_out:
            self.audio.start_ringback()
        else:
            self.audio.stop_ringback()

    def call_media_changed(self, call: SipCall, state: MediaState, media: pj.AudioMedia | None) -> None:
        if self.supervisors.owns(call.call_id):
            self.supervisors.media_changed(call, media)
            return
        if media is not None:
            self.audio.media_up(call.call_id, media)
        else:
            self.audio.media_down(call.call_id)
        self._update_tones()
        self._post(MediaStateChanged(call.call_id, state))
        if media is not None and call.state is CallState.CONFIRMED:
            self._give_notice(call)

    # -- the recording notice ------------------------------------------------------
    def set_notice(self, kind: NoticeKind, pcm: bytes) -> None:
        """What every answered call hears first (16-bit mono at the clock rate); NONE or no audio: nothing."""
        self._on_thread()
        self._notice = (kind, pcm) if kind is not NoticeKind.NONE and pcm else None

    def _give_notice(self, call: SipCall) -> None:
        """Once per call, when it is both answered and has media (either may come first)."""
        if self._notice is None:
            return
        kind, pcm = self._notice
        if not self.audio.play_notice(call.call_id, pcm):
            return
        seconds = len(pcm) / 2 / self.settings.audio.clock_rate
        call_id = call.call_id
        self.later(seconds + 0.1, lambda: self.audio.end_notice(call_id))
        self._post(RecordingNoticePlayed(call_id, kind, round(seconds, 2)))

    def call_dtmf(self, call: SipCall, digit: str, method: DtmfSignal) -> None:
        if self.supervisors.owns(call.call_id):  # the lead's 4 / 5 / 6: never shown
            self.supervisors.dtmf(call, digit)
            return
        self._post(DtmfReceived(call.call_id, digit, method))

    def call_transfer_status(self, call: SipCall, code: int, reason: str, final: bool) -> bool:
        self._post(TransferProgress(call.call_id, code, reason, final))
        if final and 200 <= code < 300 and call.state is not CallState.DISCONNECTED:
            self.later(0, lambda: self._hangup_quietly(call.call_id))
        return True

    def _hangup_quietly(self, call_id: CallId) -> None:
        if call_id in self.calls and self.calls[call_id].state is not CallState.DISCONNECTED:
            try:
                self.calls[call_id].hangup(pj.CallOpParam(True))
            except pj.Error:
                log.debug("hangup after transfer failed for %s", call_id)

    def call_transfer_request(self, call: SipCall, prm: pj.OnCallTransferRequestParam) -> None:
        """The remote party asks us to call someone else (we are transferred)."""
        acc = self._require_account()
        new_id = _new_call_id()
        new = SipCall(self, acc, new_id, CallDirection.OUTBOUND, prm.dstUri)
        self.calls[new_id] = new
        self.audio.add_call(new_id, new.started_mono)
        prm.newCall = new
        self._post(OutgoingCall(new_id, acc.account_id, prm.dstUri, ()))

    def call_replaced(self, call: SipCall, new_call_id: int) -> pj.Call:
        """Our call is replaced by an incoming one (we are the target of an attended transfer)."""
        acc = self._require_account()
        new_id = _new_call_id()
        new = SipCall(self, acc, new_id, CallDirection.INBOUND, "", new_call_id)
        new.state = CallState.CONNECTING
        info = new.getInfo()
        new.remote_uri, new.sip_call_id = info.remoteUri, info.callIdString
        self.calls[new_id] = new
        self.audio.add_call(new_id, new.started_mono)
        self._post(IncomingCall(new_id, acc.account_id, info.remoteUri, "", info.callIdString, (), None))
        return new

    # -- shutdown ---------------------------------------------------------------
    def hangup_all(self) -> None:
        self._on_thread()
        self.supervisors.hangup_all()
        for call in list(self.calls.values()):
            if call.state is not CallState.DISCONNECTED:
                try:
                    call.hangup(pj.CallOpParam(True))
                except pj.Error:
                    log.debug("hangup during shutdown failed for %s", call.call_id)

    def destroy(self, deadline: float) -> None:
        """Hang up, wait for DISCONNECTED, delete calls and ports, then libDestroy."""
        self._on_thread()
        self.hangup_all()
        while (self.calls or self.supervisors.pending) and time.monotonic() < deadline:
            self.tick()
        self.supervisors.clear()
        self.calls.clear()
        self._timers.clear()  # their closures hold calls and the account (the registration watchdog)
        self.ep.libHandleEvents(10)
        self.audio.close()  # waits PORT_GRACE_S after disconnecting, then frees the ports
        self._graveyard.clear()
        del self.audio
        if self.account is not None:
            try:
                self.account.shutdown()
            except pj.Error:
                pass
            self.account = None
        self.ep.libHandleEvents(50)
        if COLLECT_BEFORE_DESTROY:
            # any pjsua2 object still in a cycle goes now, not after libDestroy
            # (a later collection on another thread aborts the process). The
            # window switches this off: there the GUI thread collects, because
            # a collection here could free Qt objects off it (ui/app.py).
            gc.collect()
        self.ep.libDestroy()
        self.ep.forget_owner()  # the endpoint's callback held this core: no cycle left behind
        del self.ep
