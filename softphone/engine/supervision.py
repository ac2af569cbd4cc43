"""The lead's supervision calls into this softphone (engine thread only).

An INVITE with ``X-Supervise`` is not a customer's call: it never becomes an
``IncomingCall``, rings nothing, gets no taps (so no transcript, no recording,
no history row). The session's checker decides on its token (``team/
supervision.py``); the engine answers it by itself (200) or refuses it (403),
then routes its audio into the agent's current call (``audio/supervise.py``).
The lead switches modes with DTMF 4 / 5 / 6 (listen / whisper / barge).
Each step is one ``SupervisionChanged`` event (the session audits it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pjsua2 as pj

from ..audio.supervise import SupervisionRoutes
from ..events import Event, SupervisionChanged
from ..sip.call import SipCall
from ..sip.headers import header_value
from ..states import CallId, CallState, SupervisionMode, SupervisionState
from ..team.supervision import SupervisionRefused

__all__ = ["SupervisorCalls", "SupervisionChecker", "MODE_HEADER", "TOKEN_HEADER", "DTMF_MODES"]

log = logging.getLogger(__name__)
MODE_HEADER, TOKEN_HEADER = "X-Supervise", "X-Supervise-Token"
DTMF_MODES = {"4": SupervisionMode.LISTEN, "5": SupervisionMode.WHISPER, "6": SupervisionMode.BARGE}  # as ChanSpy


# (mode header, token) -> (lead, mode, notify the agent); raises SupervisionRefused
SupervisionChecker = Callable[[str, str], tuple[str, SupervisionMode, bool]]


@dataclass
class _Supervisor:
    call: SipCall
    lead: str
    mode: SupervisionMode
    notify: bool


def is_supervision(headers: tuple[tuple[str, str], ...]) -> bool:
    return header_value(headers, MODE_HEADER) is not None


class SupervisorCalls:
    def __init__(self, routes: SupervisionRoutes, post: Callable[[Event], None],
                 bury: Callable[[object], None]) -> None:
        self._routes, self._post, self._bury = routes, post, bury
        self.checker: SupervisionChecker | None = None
        self.calls: dict[CallId, _Supervisor] = {}
        self._refused: dict[CallId, SipCall] = {}  # kept until their DISCONNECTED (a dropped Call aborts)

    def owns(self, call_id: CallId) -> bool:
        return call_id in self.calls or call_id in self._refused

    def incoming(self, call: SipCall, headers: tuple[tuple[str, str], ...]) -> None:
        mode_header = header_value(headers, MODE_HEADER) or ""
        token = header_value(headers, TOKEN_HEADER) or ""
        try:
            if self.checker is None:
                raise SupervisionRefused("not_configured")
            lead, mode, notify = self.checker(mode_header, token)
        except SupervisionRefused as refusal:
            self._refuse(call, refusal.reason)
            return
        self.calls[call.call_id] = _Supervisor(call, lead, mode, notify)
        self._routes.set_lead(call.call_id, None, mode)
        try:
            call.answer(_op(200))
        except pj.Error as exc:
            log.warning("supervision call %s not answered: %s", call.call_id, exc.info())
        self._post(SupervisionChanged(call.call_id, lead, mode, SupervisionState.STARTED, "", notify))

    def _refuse(self, call: SipCall, reason: str) -> None:
        log.warning("supervision request refused: %s", reason)
        self._refused[call.call_id] = call
        try:
            call.answer(_op(403))
        except pj.Error:
            pass
        self._post(SupervisionChanged(call.call_id, "", SupervisionMode.LISTEN, SupervisionState.REFUSED, reason,
                                      False))

    def state_changed(self, call: SipCall, new: CallState) -> None:
        if new is not CallState.DISCONNECTED:
            return
        sup = self.calls.pop(call.call_id, None)
        self._refused.pop(call.call_id, None)
        self._routes.remove_lead(call.call_id)
        self._bury(call)
        if sup is not None:
            self._post(SupervisionChanged(call.call_id, sup.lead, sup.mode, SupervisionState.ENDED, "", sup.notify))

    def media_changed(self, call: SipCall, media: pj.AudioMedia | None) -> None:
        sup = self.calls.get(call.call_id)
        if sup is not None:
            self._routes.set_lead(call.call_id, media, sup.mode)

    def dtmf(self, call: SipCall, digit: str) -> None:
        sup = self.calls.get(call.call_id)
        mode = DTMF_MODES.get(digit)
        if sup is None or mode is None or mode is sup.mode:
            return
        sup.mode = mode
        self._routes.set_mode(call.call_id, mode)
        self._post(SupervisionChanged(call.call_id, sup.lead, mode, SupervisionState.MODE_CHANGED, "", sup.notify))

    def hangup_all(self) -> None:
        for sup in list(self.calls.values()):
            try:
                sup.call.hangup(pj.CallOpParam(True))
            except pj.Error:
                pass

    @property
    def pending(self) -> bool:
        """Calls not yet DISCONNECTED (shutdown waits for them)."""
        return bool(self.calls or self._refused)

    def clear(self) -> None:
        self.calls.clear()
        self._refused.clear()


def _op(code: int) -> pj.CallOpParam:
    prm = pj.CallOpParam()
    prm.statusCode = code
    return prm
