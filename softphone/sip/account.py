"""A pjsua2 Account that reports registration and incoming calls.

Engine thread only.
"""

from __future__ import annotations

from typing import Protocol

import pjsua2 as pj

from .guard import guarded

from ..settings import AccountSettings
from ..states import AccountId, RegState
from .regstate import RegOutcome, classify_registration

__all__ = ["SipAccount", "AccountOwner", "build_account_config", "server_uri"]

_SRTP = {
    "off": pj.PJMEDIA_SRTP_DISABLED,
    "optional": pj.PJMEDIA_SRTP_OPTIONAL,
    "mandatory": pj.PJMEDIA_SRTP_MANDATORY,
}


class AccountOwner(Protocol):
    def registration_changed(self, account: SipAccount, outcome: RegOutcome, code: int, reason: str) -> None: ...
    def incoming_call(self, account: SipAccount, prm: pj.OnIncomingCallParam) -> None: ...


def server_uri(host_port: str, transport: str) -> str:
    uri = f"sip:{host_port}"
    return uri if transport == "udp" else f"{uri};transport={transport}"


def _domain(acc: AccountSettings) -> str:
    """The SIP domain: as configured, else the server's host without port."""
    if acc.domain:
        return acc.domain
    host = acc.server or "127.0.0.1"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def build_account_config(acc: AccountSettings, password: str | None, transport_id: int) -> pj.AccountConfig:
    cfg = pj.AccountConfig()
    domain = _domain(acc)
    display = f'"{acc.display_name}" ' if acc.display_name else ""
    cfg.idUri = f"{display}<sip:{acc.user}@{domain}>"
    if acc.register and acc.server:
        cfg.regConfig.registrarUri = server_uri(acc.server, acc.transport)
    cfg.regConfig.registerOnAdd = False
    cfg.regConfig.timeoutSec = acc.reg_expiry_s
    # Refresh every reg_refresh_s so that a registrar that lost its location
    # table (restart) has us back within that time, not at expiry.
    cfg.regConfig.delayBeforeRefreshSec = max(1, acc.reg_expiry_s - acc.reg_refresh_s)
    cfg.regConfig.retryIntervalSec = acc.reg_retry_s
    cfg.regConfig.firstRetryIntervalSec = 1
    cfg.regConfig.randomRetryIntervalSec = 0
    cfg.regConfig.dropCallsOnFail = False
    cfg.sipConfig.transportId = transport_id
    if password is not None:
        auth_user = acc.auth_user or acc.user
        cfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", auth_user, 0, password))
    if acc.outbound_proxy:
        cfg.sipConfig.proxies.append(server_uri(acc.outbound_proxy, acc.transport) + ";lr")
    cfg.mediaConfig.srtpUse = _SRTP[acc.srtp]
    cfg.mediaConfig.srtpSecureSignaling = 0
    cfg.natConfig.contactRewriteUse = 0
    cfg.natConfig.viaRewriteUse = 0
    cfg.natConfig.sdpNatRewriteUse = 0
    cfg.natConfig.sipStunUse = pj.PJSUA_STUN_USE_DISABLED
    cfg.natConfig.mediaStunUse = pj.PJSUA_STUN_USE_DISABLED
    cfg.natConfig.udpKaIntervalSec = 0
    return cfg


class SipAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, owner: AccountOwner, account_id: AccountId, settings: AccountSettings) -> None:
        super().__init__()
        self.owner = owner
        self.account_id = account_id
        self.settings = settings
        self.state = RegState.UNREGISTERED

    @guarded
    def onRegState(self, prm: pj.OnRegStateParam) -> None:
        outcome = classify_registration(prm.code, prm.status, prm.expiration, prm.reason)
        self.owner.registration_changed(self, outcome, prm.code, prm.reason)

    @guarded
    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        self.owner.incoming_call(self, prm)
