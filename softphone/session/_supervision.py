"""The session's part in a team lead's supervision: who may listen in (the administrator's key), and the audit.

The administrator's policy file says::

    [supervision]
    public_key = "/etc/agent-softphone/supervision.pub"   # Ed25519, PEM; without it every request is refused
    notify_agent = true                                     # the agent sees "Team lead listening"

The engine asks the checker made here on its own thread (a signature check and
a dictionary look-up: quick). Every request, let in or refused, every mode
change and every end is an audit entry (``supervision.*``, the lead as actor).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from ..bus import EventBus
from ..compliance.audit import AuditAction
from ..compliance.guard.policy import policy_path, read_section
from ..engine.supervision import SupervisionChecker
from ..errors import GuardPolicyError, SoftphoneError
from ..events import Event, SupervisionChanged
from ..settings import Settings
from ..states import SupervisionMode, SupervisionState
from ..team.supervision import TokenChecker, load_public_key

__all__ = ["supervision_checker", "audit_supervision"]

log = logging.getLogger(__name__)
_ACTIONS = {SupervisionState.STARTED: AuditAction.SUPERVISION_STARTED,
            SupervisionState.MODE_CHANGED: AuditAction.SUPERVISION_MODE_CHANGED,
            SupervisionState.ENDED: AuditAction.SUPERVISION_ENDED,
            SupervisionState.REFUSED: AuditAction.SUPERVISION_REFUSED}


def supervision_checker(settings: Settings) -> SupervisionChecker | None:
    """None (every request refused as ``not_configured``) without a usable ``[supervision] public_key``."""
    try:
        section = read_section(policy_path(), "supervision") if policy_path().exists() else {}
        if not isinstance(section, dict) or not section.get("public_key"):
            return None
        key = load_public_key(Path(str(section["public_key"])).read_bytes())
    except (GuardPolicyError, OSError, ValueError) as exc:
        log.error("supervision is off: the administrator's key cannot be used: %s", exc)
        return None
    tokens = TokenChecker(key, settings.team.agent or settings.account.user)
    notify = section.get("notify_agent", True) is not False

    def check(mode_header: str, token: str) -> tuple[str, SupervisionMode, bool]:
        grant = tokens.check(mode_header, token)  # SupervisionRefused goes to the engine as it is
        return grant.lead, grant.mode, notify
    return check


def audit_supervision(bus: EventBus, append: Callable[[AuditAction, str, str, dict[str, object]], object]
                      ) -> Callable[[], None]:
    """``append(action, actor, call_id, details)`` for every ``SupervisionChanged``, off the bus thread."""
    def on_event(event: Event) -> None:
        if isinstance(event, SupervisionChanged):
            details: dict[str, object] = {"mode": event.mode.value, **({"reason": event.reason} if event.reason
                                                                        else {})}
            threading.Thread(target=_quietly, args=(append, _ACTIONS[event.state], event.lead or "unknown",
                                                    event.call_id, details),
                             name="supervision-audit", daemon=True).start()
    return bus.subscribe(on_event, SupervisionChanged)


def _quietly(append: Callable[[AuditAction, str, str, dict[str, object]], object], action: AuditAction, actor: str,
             call_id: str, details: dict[str, object]) -> None:
    try:
        append(action, actor, call_id, details)
    except SoftphoneError as exc:
        log.error("a supervision step is not in the audit log: %s", exc)
