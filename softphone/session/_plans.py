"""The session's plan-change parts: the plan desk, the audit log it writes, the SMS gateway it sends with.

The audit log is opened on first use (it needs the keyring for its key); the
gateway is made from the settings in force at each send, so a changed
``[sms]`` section needs no restart. The demo hands in ``demo_deliver``: its
simulated customer's phone.
"""

from __future__ import annotations

import getpass
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future

from ..bus import EventBus
from jaraco.classes import properties
from keyring.backend import KeyringBackend

from ..compliance.audit import AuditAction, AuditLog, AuditUnavailable, audit_path
from ..errors import SoftphoneError
from ..crm.desk import CaseDesk
from ..crm.model import Case
from ..plans.desk import PlanDesk
from ..secrets import SecretStore
from ..settings import Settings
from ..sms import SmsGateway, SmsMessage, gateway_from_settings
from ..states import CallId
from ..storage.db import database_path

__all__ = ["PlanParts", "COMPLIANCE_SECTIONS", "COMPLIANCE_KEYS"]

log = logging.getLogger(__name__)

# the settings that decide what an agent may do with a customer: a change of any of them is audited
COMPLIANCE_SECTIONS = frozenset({"sms", "guard"})
COMPLIANCE_KEYS = frozenset({"cases.require_wrapup", "cases.promise_horizon_days", "assist.rules_language"})


class PlanParts:
    def __init__(self, bus: EventBus, settings: Callable[[], Settings], secrets: SecretStore,
                 cases: Callable[[], CaseDesk], throwaway_key: bool = False) -> None:
        self._settings, self._secrets, self._cases = settings, secrets, cases
        self._throwaway = throwaway_key
        self._audit: AuditLog | None = None
        self._lock = threading.Lock()
        self.demo_deliver: Callable[[SmsMessage], None] | None = None
        now = settings()
        self.desk = PlanDesk(bus, database_path(now.storage), self._case_of, self._gateway, self.audit,
                             actor=now.account.user or now.account.id or getpass.getuser(),
                             sms_signature=lambda: self._settings().sms.signature, note_contact=self._note)

    def _case_of(self, call_id: CallId) -> Future[Case | None]:
        return self._cases().case_of(call_id)

    def _note(self, case_id: str, note: str) -> None:
        self._cases().note_contact(case_id, "plan_confirmed", note)

    def _gateway(self) -> SmsGateway:
        return gateway_from_settings(self._settings().sms, self._secrets, self.demo_deliver)

    def audit(self) -> AuditLog:
        """The audit log (opened once); ``AuditUnavailable`` when it cannot be."""
        with self._lock:
            if self._audit is None:
                self._audit = self._open_audit()
            return self._audit

    def _open_audit(self) -> AuditLog:
        path = audit_path(self._settings().storage)
        try:
            return AuditLog.open(path, self._secrets)
        except AuditUnavailable:
            if not self._throwaway:
                raise
        # the demo without a keyring (a fresh machine): its fictional log is chained with a key of this run only;
        # the earlier runs' log, chained with keys now gone, is removed first
        for old in path.parent.glob(path.name + "*"):
            old.unlink(missing_ok=True)
        log.info("no keyring: the demo's audit log is chained with a key of this run only")
        return AuditLog.open(path, SecretStore(_RunKeyring()))

    def audit_settings(self, keys: frozenset[str]) -> None:
        """Settings of compliance rules changed: an audit entry naming the keys (never their values)."""
        changed = sorted(k for k in keys if k.split(".")[0] in COMPLIANCE_SECTIONS or k in COMPLIANCE_KEYS)
        if not changed:
            return
        now = self._settings()
        try:
            self.audit().append(AuditAction.COMPLIANCE_SETTINGS_CHANGED,
                                actor=now.account.user or now.account.id or getpass.getuser(),
                                details={"keys": changed})
        except SoftphoneError as exc:  # no keyring: the settings still apply; the log says it was not audited
            log.warning("compliance settings change not audited: %s", exc)

    def keys_hidden(self, call_id: str) -> bool:
        return self.desk.keys_hidden(call_id)

    def close(self) -> None:
        self.desk.close()
        with self._lock:
            if self._audit is not None:
                self._audit.close()
                self._audit = None


class _RunKeyring(KeyringBackend):
    """Secrets of this run only, in memory: the demo's audit key when the machine has no keyring."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - keyring's own backends spell it so
        """Raising makes keyring count it as not viable: with priority 0 it tied with keyring's "no keyring"
        and could be chosen for the whole process, keeping passwords in memory while doctor said "saved"."""
        raise RuntimeError("only ever given explicitly")

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring's base class is untyped
        self._values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._values.pop((service, username), None)
