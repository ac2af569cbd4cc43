"""Turning a registrar's answer into a registration state an agent can act on,
and which registration state changes are legal.

Pure Python, no pjsua2: the rules are tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..states import RegProblem, RegState
from ..i18n import N_

__all__ = ["RegOutcome", "classify_registration", "TRANSITIONS", "check_transition"]

R = RegState
# Where the engine moves an account (engine/core.py ``_set_reg``):
# * ``register()`` -> REGISTERING from any state (sign in again, retry after a failure);
# * a registrar's answer (``onRegState``) -> REGISTERED, UNREGISTERED (2xx, expiry 0) or FAILED,
#   also with no REGISTERING before: pjsip refreshes, retries a failure and recovers a lost
#   TCP/TLS connection by itself (FAILED -> REGISTERED, REGISTERED -> FAILED);
# * the UDP watchdog: REGISTERING -> FAILED; a dropped connection: REGISTERED -> FAILED.
# Same-state reports: REGISTERED -> REGISTERED is a routine refresh, not a change; a repeated
# REGISTERING (a new attempt), FAILED (a new failure, maybe another problem and message) and
# UNREGISTERED (a repeated sign-out answered) are reported again.
# UNREGISTERED -> REGISTERED cannot happen (no REGISTER is sent without REGISTERING first,
# registerOnAdd is off, and pjsip refuses to unregister while a REGISTER is pending).
TRANSITIONS: dict[RegState, frozenset[RegState]] = {
    R.UNREGISTERED: frozenset({R.UNREGISTERED, R.REGISTERING, R.FAILED}),
    R.REGISTERING: frozenset({R.REGISTERING, R.REGISTERED, R.UNREGISTERED, R.FAILED}),
    R.REGISTERED: frozenset({R.REGISTERING, R.UNREGISTERED, R.FAILED}),
    R.FAILED: frozenset({R.FAILED, R.REGISTERING, R.REGISTERED, R.UNREGISTERED}),
}


def check_transition(old: RegState, new: RegState) -> bool:
    """True when ``old -> new`` is a change to report (``RegistrationChanged``).

    False for REGISTERED -> REGISTERED (a refresh) and for a move that cannot happen.
    """
    return new in TRANSITIONS[old]


# pjlib status codes (pj/errno.h, pjsip/sip_errno.h), as this wheel reports them
PJ_ERESOLVE = 70018
PJ_ECONNREFUSED_SYS = 120111  # PJ_ERRNO_START_SYS + ECONNREFUSED on Linux
PJ_ETIMEDOUT_SYS = 120110
PJSIP_ETPNOTAVAIL = 171060
_TLS_RANGE = range(171800, 171900)  # PJSIP_TLS_E*
_SSL_RANGE = range(70050, 70100)

_MESSAGES = {
    RegProblem.AUTH_FAILED: N_("Wrong user name or password: the server refused the sign-in."),
    RegProblem.UNREACHABLE: N_("The phone server does not answer. Check the server address and the network."),
    RegProblem.DNS_FAILED: N_("The phone server's name could not be found. Check the server address."),
    RegProblem.TLS_FAILED: N_("The secure connection to the phone server failed (certificate not trusted?)."),
    RegProblem.TRANSPORT_LOST: N_("The connection to the phone server was lost; reconnecting."),
    RegProblem.REJECTED: N_("The phone server refused the sign-in."),
}


@dataclass(frozen=True)
class RegOutcome:
    state: RegState
    problem: RegProblem
    user_message: str


def classify_registration(code: int, status: int, expiration: int, reason: str) -> RegOutcome:
    """Map a registration result (SIP code, pj status, expiry) to a state."""
    if 200 <= code < 300:
        if expiration > 0:
            return RegOutcome(RegState.REGISTERED, RegProblem.NONE, N_("Signed in."))
        return RegOutcome(RegState.UNREGISTERED, RegProblem.NONE, N_("Signed out."))
    problem = _problem(code, status, reason)
    return RegOutcome(RegState.FAILED, problem, _MESSAGES[problem])


def _problem(code: int, status: int, reason: str) -> RegProblem:
    text = reason.lower()
    if code in (401, 403, 407):
        return RegProblem.AUTH_FAILED
    if status == PJ_ERESOLVE or "resolve" in text or "gethostbyname" in text:
        return RegProblem.DNS_FAILED
    if status in _TLS_RANGE or status in _SSL_RANGE or "ssl" in text or "tls" in text:
        return RegProblem.TLS_FAILED
    if code in (408, 503) or status in (PJ_ECONNREFUSED_SYS, PJ_ETIMEDOUT_SYS, PJSIP_ETPNOTAVAIL):
        return RegProblem.UNREACHABLE
    if "refused" in text or "timeout" in text or "timed out" in text:
        return RegProblem.UNREACHABLE
    return RegProblem.REJECTED
