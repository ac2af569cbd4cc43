"""What a front end is shown of a case: masked when built, never in clear.

``case_view(case)`` is the only way from a ``model.Case`` (clear) to a
``CaseView``: the name keeps its surname (张*), numbers their first 3 and
last 4 digits (138****5678), the ID number its first 6 and last 4
(110101********1234), the card its last 4 (****0123); a note or an address
is never in a view. Dates are ``datetime.date`` values and money is in fen,
so the event masking (which masks digit runs in text) leaves them alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from ..compliance.masking import mask_card, mask_id_number, mask_name, mask_phone
from ..i18n import Msg
from ..privacy import redact
from .model import Case, EarlyBucket, OverdueStage, PromiseState, Relation, bucket_for_days

__all__ = [
    "RiskKind",
    "RiskHint",
    "NumberView",
    "LoanView",
    "ContactView",
    "PromiseView",
    "ScriptView",
    "CaseView",
    "case_view",
    "broken_promises",
]

BROKEN_WINDOW_DAYS = 30


class RiskKind(str, Enum):
    MULTI_LENDER = "multi_lender"  # 多头借贷
    COMPLAINTS = "complaints"
    BROKEN_PROMISES = "broken_promises"
    HARDSHIP_SAID = "hardship_said"  # said in this call (assist)
    COMPLAINT_SAID = "complaint_said"  # said in this call (assist)
    VULNERABLE = "vulnerable"
    THIRD_PARTY_ONLY = "third_party_only"


@dataclass(frozen=True)
class RiskHint:
    kind: RiskKind
    reason: Msg  # why, in the agent's words: "2 promises broken in the last 30 days"


@dataclass(frozen=True)
class NumberView:
    number: str  # 138****5678
    last4: str
    relation: Relation
    do_not_contact: bool
    label: str


@dataclass(frozen=True)
class LoanView:
    contract_no: str  # a contract number is the lender's reference, not personal data
    product: str
    principal_fen: int
    balance_fen: int
    annual_rate: float
    instalment_fen: int
    due_date: date | None
    days_overdue: int
    stage: OverdueStage
    bucket: EarlyBucket | None
    due_today_fen: int


@dataclass(frozen=True)
class ContactView:
    at: float
    channel: str
    outcome: str


@dataclass(frozen=True)
class PromiseView:
    promised_on: date
    due_on: date
    amount_fen: int
    state: PromiseState


@dataclass(frozen=True)
class ScriptView:
    """The suggested words for this case's stage (resources/scripts/<language>/)."""

    stage: OverdueStage
    bucket: EarlyBucket | None
    variant: str  # "" for the stage's own script, else e.g. "dispute"
    title: str
    opening: str
    key_points: tuple[str, ...]
    closing: str


@dataclass(frozen=True)
class CaseView:
    case_id: str
    name: str  # 张*
    id_number: str  # 110101********1234
    card: str  # ****0123
    numbers: tuple[NumberView, ...]
    loans: tuple[LoanView, ...]
    balance_fen: int
    due_today_fen: int
    days_overdue: int
    stage: OverdueStage
    bucket: EarlyBucket | None
    contacts: tuple[ContactView, ...]  # newest first
    promises: tuple[PromiseView, ...]  # newest first
    lenders_count: int
    complaints: int
    vulnerable: bool
    source: str

    @property
    def phone(self) -> str:
        """The customer's own first number, masked ("" when there is none)."""
        own = [n for n in self.numbers if n.relation is Relation.SELF]
        return own[0].number if own else ""


def broken_promises(case: Case, today: date | None = None, days: int = BROKEN_WINDOW_DAYS) -> int:
    """Promises broken whose due day lies in the last ``days`` days."""
    today = today or date.today()
    since = today - timedelta(days=days)
    return sum(1 for p in case.promises if p.state is PromiseState.BROKEN and since <= p.due_on <= today)


def case_view(case: Case, contacts_shown: int = 5, promises_shown: int = 5) -> CaseView:
    numbers = tuple(NumberView(mask_phone(n.number), n.number[-4:], n.relation, n.do_not_contact, redact(n.label))
                    for n in case.numbers)
    loans = tuple(LoanView(redact_contract(l.contract_no), redact(l.product), l.principal_fen, l.balance_fen,
                           l.annual_rate, l.instalment_fen, l.due_date, l.days_overdue, l.stage, l.bucket,
                           l.due_today_fen) for l in case.loans)
    contacts = tuple(ContactView(c.at, redact(c.channel), redact(c.outcome))
                     for c in sorted(case.contacts, key=lambda c: -c.at)[:contacts_shown])
    promises = tuple(PromiseView(p.promised_on, p.due_on, p.amount_fen, p.state)
                     for p in sorted(case.promises, key=lambda p: p.promised_on, reverse=True)[:promises_shown])
    days = case.days_overdue
    return CaseView(case.case_id, mask_name(case.customer.name), mask_id_number(case.customer.id_number),
                    mask_card(case.customer.card_number), numbers, loans, case.balance_fen, case.due_today_fen,
                    days, case.stage, bucket_for_days(days), contacts, promises, case.lenders_count,
                    case.complaints, case.vulnerable, case.source)


def redact_contract(contract_no: str) -> str:
    """A contract number is shown as it is, unless it is a run of 11+ digits (a phone or card number pasted in)."""
    digits = sum(ch.isdigit() for ch in contract_no)
    return redact(contract_no) if digits >= 11 and digits == len(contract_no.strip()) else contract_no
