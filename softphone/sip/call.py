"""A pjsua2 Call that reports its state changes to the engine core.

Engine thread only. The core keeps a reference to every SipCall until it is
DISCONNECTED and then deletes it outside the callback (pjsua2 aborts the
process otherwise).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol

import pjsua2 as pj

from .guard import guarded

from ..states import CallDirection, CallId, CallState, DtmfSignal, MediaState
from .callstate import check_transition

if TYPE_CHECKING:
    pass

__all__ = ["SipCall", "CallOwner", "map_inv_state", "map_media_status"]

_INV = {
    pj.PJSIP_INV_STATE_CALLING: CallState.CALLING,
    pj.PJSIP_INV_STATE_INCOMING: CallState.INCOMING,
    pj.PJSIP_INV_STATE_EARLY: CallState.EARLY,
    pj.PJSIP_INV_STATE_CONNECTING: CallState.CONNECTING,
    pj.PJSIP_INV_STATE_CONFIRMED: CallState.CONFIRMED,
    pj.PJSIP_INV_STATE_DISCONNECTED: CallState.DISCONNECTED,
}
_MEDIA = {
    pj.PJSUA_CALL_MEDIA_ACTIVE: MediaState.ACTIVE,
    pj.PJSUA_CALL_MEDIA_LOCAL_HOLD: MediaState.LOCAL_HOLD,
    pj.PJSUA_CALL_MEDIA_REMOTE_HOLD: MediaState.REMOTE_HOLD,
    pj.PJSUA_CALL_MEDIA_NONE: MediaState.NONE,
    pj.PJSUA_CALL_MEDIA_ERROR: MediaState.ERROR,
}


def map_inv_state(state: int) -> CallState | None:
    return _INV.get(state)


def map_media_status(status: int) -> MediaState:
    return _MEDIA.get(status, MediaState.NONE)


class CallOwner(Protocol):
    """What a call reports to (the engine core)."""

    def call_state_changed(self, call: SipCall, old: CallState, new: CallState, code: int, reason: str) -> None: ...
    def call_media_changed(self, call: SipCall, state: MediaState, media: pj.AudioMedia | None) -> None: ...
    def call_dtmf(self, call: SipCall, digit: str, method: DtmfSignal) -> None: ...
    def call_transfer_status(self, call: SipCall, code: int, reason: str, final: bool) -> bool: ...
    def call_transfer_request(self, call: SipCall, prm: pj.OnCallTransferRequestParam) -> None: ...
    def call_replaced(self, call: SipCall, new_call_id: int) -> pj.Call: ...


class SipCall(pj.Call):  # type: ignore[misc]
    def __init__(
        self,
        owner: CallOwner,
        account: pj.Account,
        call_id: CallId,
        direction: CallDirection,
        remote_uri: str,
        pj_call_id: int = pj.PJSUA_INVALID_ID,
    ) -> None:
        super().__init__(account, pj_call_id)
        self.owner = owner
        self.call_id = call_id
        self.direction = direction
        self.remote_uri = remote_uri
        self.state = CallState.INCOMING if direction is CallDirection.INBOUND else CallState.CALLING
        self.media_state = MediaState.NONE
        self.started_mono = time.monotonic()
        self.muted = False
        self.sip_call_id = ""

    # -- pjsua2 callbacks (engine thread) ---------------------------------
    @guarded
    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        info = self.getInfo()
        self.sip_call_id = info.callIdString
        new = map_inv_state(info.state)
        if new is None or not check_transition(self.state, new):
            return
        old, self.state = self.state, new
        self.owner.call_state_changed(self, old, new, info.lastStatusCode, info.lastReason)

    @guarded
    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        info = self.getInfo()
        for mi in info.media:
            if mi.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            state = map_media_status(mi.status)
            media = self.getAudioMedia(mi.index) if state is MediaState.ACTIVE else None
            self.media_state = state
            self.owner.call_media_changed(self, state, media)
            return

    @guarded
    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:
        method = DtmfSignal.INFO if prm.method == pj.PJSUA_DTMF_METHOD_SIP_INFO else DtmfSignal.RFC2833
        self.owner.call_dtmf(self, prm.digit, method)

    @guarded
    def onCallTransferStatus(self, prm: pj.OnCallTransferStatusParam) -> None:
        prm.cont = self.owner.call_transfer_status(self, prm.statusCode, prm.reason, prm.finalNotify)

    @guarded
    def onCallTransferRequest(self, prm: pj.OnCallTransferRequestParam) -> None:
        self.owner.call_transfer_request(self, prm)

    @guarded
    def onCallReplaced(self, prm: pj.OnCallReplacedParam) -> None:
        prm.newCall = self.owner.call_replaced(self, prm.newCallId)
