"""The dialing guard: calling hours in the debtor's local time, caps, do-not-contact (docs/compliance.md).

``policy`` (what the administrator allows), ``rules`` (where a decision is made),
``ledger`` (the shared record of attempts: SQLite or PostgreSQL), ``desk`` (the
guard's thread: every dial of this softphone asks it before any INVITE).
"""

from .desk import GuardDesk, Ticket, classify, targets_for
from .ledger import LEDGER_FILE, ContactLedger, PostgresLedger, SqliteLedger
from .policy import BUILT_IN, GuardPolicy, LedgerDown, load_policy, policy_path
from .rules import Decision, GuardRule, Outcome, Target, decide

__all__ = ["GuardDesk", "Ticket", "classify", "targets_for", "LEDGER_FILE", "ContactLedger", "PostgresLedger",
           "SqliteLedger", "BUILT_IN", "GuardPolicy", "LedgerDown", "load_policy", "policy_path", "Decision",
           "GuardRule", "Outcome", "Target", "decide"]
