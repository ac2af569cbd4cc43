"""The call state machine: which transitions and which actions are legal.

Pure Python, no pjsua2: the rules are tested directly.
"""

from __future__ import annotations

from ..errors import EngineStateError
from ..i18n import N_
from ..states import CallDirection, CallState

__all__ = ["TRANSITIONS", "check_transition", "check_action"]

S = CallState
TRANSITIONS: dict[CallState, frozenset[CallState]] = {
    S.CALLING: frozenset({S.EARLY, S.CONNECTING, S.CONFIRMED, S.DISCONNECTED}),
    S.INCOMING: frozenset({S.EARLY, S.CONNECTING, S.CONFIRMED, S.DISCONNECTED}),
    S.EARLY: frozenset({S.EARLY, S.CONNECTING, S.CONFIRMED, S.DISCONNECTED}),
    S.CONNECTING: frozenset({S.CONFIRMED, S.DISCONNECTED}),
    S.CONFIRMED: frozenset({S.DISCONNECTED}),
    S.DISCONNECTED: frozenset(),
}

_TALKING = frozenset({S.CONFIRMED})
_RINGING_IN = frozenset({S.INCOMING, S.EARLY})
_ACTIONS: dict[str, frozenset[CallState]] = {
    "answer": _RINGING_IN,
    "reject": _RINGING_IN,
    "hangup": frozenset({S.CALLING, S.INCOMING, S.EARLY, S.CONNECTING, S.CONFIRMED}),
    "hold": _TALKING,
    "unhold": _TALKING,
    "mute": frozenset({S.CALLING, S.INCOMING, S.EARLY, S.CONNECTING, S.CONFIRMED}),
    "dtmf": _TALKING,
    "transfer": _TALKING,
    "attended_transfer": _TALKING,
}


def check_transition(old: CallState, new: CallState) -> bool:
    """True when ``old -> new`` is a real change the machine allows.

    Same-state reports other than EARLY (a new provisional) are not changes.
    """
    return new in TRANSITIONS[old]


def check_action(action: str, state: CallState, direction: CallDirection) -> None:
    """Raise ``EngineStateError`` when ``action`` is not possible in ``state``."""
    allowed = _ACTIONS[action]
    if action in ("answer", "reject") and direction is not CallDirection.INBOUND:
        allowed = frozenset()
    if state not in allowed:
        raise EngineStateError(
            f"cannot {action} a call in state {state.value}",
            user_message=N_("You cannot {0} this call now (it is {1}).", action.replace("_", " "), state.value),
        )
