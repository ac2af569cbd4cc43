"""Creating the pjsua2 endpoint and its transports.

One endpoint per process, owned by the engine thread: no pjsua2 worker
threads (``threadCnt = 0``), the engine polls with ``libHandleEvents``. The
wheel has no sound device, so the conference bridge runs on the null device
and audio enters and leaves through our own ports (``audio/ports.py``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

import pjsua2 as pj

from ..errors import SipError
from ..i18n import N_
from ..settings import Settings
from .guard import guarded
from .pjlog import PjLogWriter, quiet_stdout

__all__ = ["Transports", "create_endpoint", "FRAME_MS"]

log = logging.getLogger(__name__)
FRAME_MS = 20
_SYSTEM_CA = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt")


@dataclass
class Transports:
    udp: int = -1
    tcp: int = -1
    tls: int = -1
    local_port: int = 0

    def id_for(self, transport: str) -> int:
        tid: int = getattr(self, transport)
        if tid < 0:
            raise SipError(f"no {transport} transport",
                           user_message=N_("The {0} transport could not be started.", transport.upper()))
        return tid


def _ep_config(settings: Settings, writer: PjLogWriter) -> pj.EpConfig:
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = False
    cfg.uaConfig.userAgent = settings.sip.user_agent
    cfg.uaConfig.maxCalls = 8
    cfg.medConfig.threadCnt = 0
    cfg.medConfig.clockRate = settings.audio.clock_rate
    cfg.medConfig.sndClockRate = settings.audio.clock_rate
    cfg.medConfig.audioFramePtime = FRAME_MS
    cfg.medConfig.ptime = FRAME_MS
    cfg.medConfig.channelCount = 1
    cfg.medConfig.noVad = True
    cfg.medConfig.ecTailLen = 0
    cfg.logConfig.writer = writer
    level = 4 if os.environ.get("SOFTPHONE_PJ_LOG") else 2
    cfg.logConfig.level = level
    cfg.logConfig.consoleLevel = level  # with a writer set, "console" means our writer
    cfg.logConfig.msgLogging = 1 if os.environ.get("SOFTPHONE_PJ_LOG") else 0
    return cfg


def _transport_config(settings: Settings, port: int) -> pj.TransportConfig:
    tcfg = pj.TransportConfig()
    tcfg.port = port
    if settings.sip.bind_address:
        tcfg.boundAddress = settings.sip.bind_address
        tcfg.publicAddress = settings.sip.bind_address
    return tcfg


def _tls_config(settings: Settings) -> pj.TransportConfig:
    tcfg = _transport_config(settings, 0)
    acc = settings.account
    tcfg.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
    tcfg.tlsConfig.verifyServer = acc.tls_verify_server
    ca = acc.tls_ca_file or next((p for p in _SYSTEM_CA if os.path.exists(p)), "")
    tcfg.tlsConfig.CaListFile = ca
    return tcfg


class SipEndpoint(pj.Endpoint):  # type: ignore[misc]
    """The endpoint, reporting connection-oriented transports that drop."""

    def __init__(self, on_transport_lost: Callable[[], None]) -> None:
        super().__init__()
        self._on_lost: Callable[[], None] | None = on_transport_lost

    def forget_owner(self) -> None:
        self._on_lost = None

    @guarded
    def onTransportState(self, prm: pj.OnTransportStateParam) -> None:
        if prm.state == pj.PJSIP_TP_STATE_DISCONNECTED and self._on_lost is not None:
            self._on_lost()


def create_endpoint(settings: Settings, writer: PjLogWriter,
                    on_transport_lost: Callable[[], None]) -> tuple[pj.Endpoint, Transports]:
    """Create, initialise and start the endpoint. Raises ``SipError``.

    On failure the endpoint is destroyed here, on the engine thread, and the
    error raised holds no traceback into this function: a pjsua2 object
    freed later with the error, on another thread, aborts the process (seen
    when the SIP port was taken).
    """
    ep = SipEndpoint(on_transport_lost)
    failure: SipError | None = None
    try:
        with quiet_stdout():
            ep.libCreate()
            ep.libInit(_ep_config(settings, writer))
        transports = _create_transports(ep, settings)
        ep.libStart()
        ep.audDevManager().setNullDev()
        _set_codec_order(ep)
    except SipError as exc:
        failure = SipError(str(exc), user_message=exc.user_message)
    except pj.Error as exc:
        failure = SipError(f"pjsua2 start failed: {exc.info()}", user_message=N_("The phone engine could not start."))
    if failure is not None:
        _destroy(ep)
        del ep
        raise failure
    return ep, transports


def _destroy(ep: SipEndpoint) -> None:
    try:
        ep.libDestroy()
    except pj.Error:
        log.debug("libDestroy after a failed start failed")
    ep.forget_owner()


# Wideband G.722 first, then G.711 (what every PBX and carrier speaks).
# pjsua2 ranks speex first by default; measured on the test rig, speex/16000
# distorted a plain 1 kHz tone at 0.3 full scale (20 % of the power left at
# 1 kHz), which would hurt transcription. iLBC and GSM stay as a last resort.
CODEC_ORDER = {"G722/16000/1": 250, "PCMA/8000/1": 240, "PCMU/8000/1": 230,
               "speex/16000/1": 0, "speex/8000/1": 0, "speex/32000/1": 0}


def _set_codec_order(ep: pj.Endpoint) -> None:
    for codec, priority in CODEC_ORDER.items():
        try:
            ep.codecSetPriority(codec, priority)
        except pj.Error:
            log.debug("codec %s not in this build", codec)


def _create_transports(ep: pj.Endpoint, settings: Settings) -> Transports:
    t = Transports()
    port = settings.sip.local_port
    try:
        t.udp = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, _transport_config(settings, port))
        t.local_port = ep.transportGetInfo(t.udp).localName.rsplit(":", 1)[-1] and int(
            ep.transportGetInfo(t.udp).localName.rsplit(":", 1)[-1]
        )
        t.tcp = ep.transportCreate(pj.PJSIP_TRANSPORT_TCP, _transport_config(settings, t.local_port))
    except pj.Error as exc:
        raise SipError(
            f"cannot bind SIP port {port}: {exc.info()}",
            user_message=N_("The SIP port {0} is in use or cannot be opened.", port or ""),
        ) from exc
    if settings.account.transport == "tls":
        try:
            t.tls = ep.transportCreate(pj.PJSIP_TRANSPORT_TLS, _tls_config(settings))
        except pj.Error as exc:
            raise SipError(f"TLS transport failed: {exc.info()}", user_message=N_("The secure (TLS) connection could not be set up.")) from exc
    return t
