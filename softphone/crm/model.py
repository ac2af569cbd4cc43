"""The case file of one customer, in clear: what the case store keeps (encrypted) and sources deliver.

These records hold personal data in clear (name, numbers, ID and card
numbers, address). They never leave the engine: a front end is given a
``views.CaseView``, masked when it is built. Money is in fen (integer cents
of a yuan) so that sums never round; dates are ``datetime.date``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

__all__ = [
    "OverdueStage",
    "EarlyBucket",
    "Relation",
    "PromiseState",
    "Disposition",
    "WrapUp",
    "Loan",
    "ContactNumber",
    "PastContact",
    "Promise",
    "Customer",
    "Case",
    "stage_for_days",
    "bucket_for_days",
]


class OverdueStage(str, Enum):
    """The overdue stage of a loan: M0 not yet late, M1 1-30 days, M2 31-60, M3+ more than 60."""

    M0 = "M0"
    M1 = "M1"
    M2 = "M2"
    M3_PLUS = "M3+"


class EarlyBucket(str, Enum):
    """The first days of M1, which collection teams work apart (reminder calls)."""

    D1_3 = "1-3"
    D4_5 = "4-5"
    D6_8 = "6-8"


class Relation(str, Enum):
    """Whose a contact number is."""

    SELF = "self"
    SPOUSE = "spouse"
    PARENT = "parent"
    CHILD = "child"
    SIBLING = "sibling"
    RELATIVE = "relative"
    FRIEND = "friend"
    COLLEAGUE = "colleague"
    EMPLOYER = "employer"
    OTHER = "other"


class PromiseState(str, Enum):
    OPEN = "open"
    KEPT = "kept"
    BROKEN = "broken"


class Disposition(str, Enum):
    """How a call ended, as the agent records it in the wrap-up."""

    PROMISE_TO_PAY = "promise_to_pay"
    PAID = "paid"
    DISPUTE = "dispute"
    WRONG_PARTY = "wrong_party"
    NO_ANSWER = "no_answer"
    CALLBACK = "callback"
    HARDSHIP = "hardship"


@dataclass(frozen=True)
class WrapUp:
    """What the agent records after a call (``wrapup.check`` validates it against the case)."""

    call_id: str
    case_id: str  # "" when the call had no case
    disposition: Disposition
    promise_due: date | None = None  # PROMISE_TO_PAY: the day the customer will pay
    promise_amount_fen: int | None = None  # PROMISE_TO_PAY: how much
    callback_at: float | None = None  # CALLBACK: when (epoch seconds)
    note: str = ""  # free text; stored encrypted, never in a view or a log


def stage_for_days(days_overdue: int) -> OverdueStage:
    """The stage ``days_overdue`` falls in (0 or less: M0)."""
    if days_overdue <= 0:
        return OverdueStage.M0
    if days_overdue <= 30:
        return OverdueStage.M1
    if days_overdue <= 60:
        return OverdueStage.M2
    return OverdueStage.M3_PLUS


def bucket_for_days(days_overdue: int) -> EarlyBucket | None:
    """The early bucket (1-3, 4-5, 6-8 days), or None outside them."""
    if 1 <= days_overdue <= 3:
        return EarlyBucket.D1_3
    if 4 <= days_overdue <= 5:
        return EarlyBucket.D4_5
    if 6 <= days_overdue <= 8:
        return EarlyBucket.D6_8
    return None


@dataclass(frozen=True)
class Loan:
    contract_no: str
    product: str
    principal_fen: int
    balance_fen: int
    annual_rate: float  # the contract's annual rate, 0.18 for 18 %
    instalment_fen: int
    due_date: date | None
    days_overdue: int
    stage: OverdueStage
    due_today_fen: int = 0  # what is due today (overdue instalments, fees); 0 when the source gives none

    @property
    def bucket(self) -> EarlyBucket | None:
        return bucket_for_days(self.days_overdue)


@dataclass(frozen=True)
class ContactNumber:
    number: str  # digits, as normalised (vault.normalise_number)
    relation: Relation = Relation.SELF
    do_not_contact: bool = False  # third parties are marked so by default (sources set it)
    label: str = ""  # "mobile", "work", ... as the source names it


@dataclass(frozen=True)
class PastContact:
    at: float  # epoch seconds
    channel: str  # "call", "sms", ...
    outcome: str  # a disposition value, or the source's word
    note: str = ""


@dataclass(frozen=True)
class Promise:
    promised_on: date  # the day it was made
    due_on: date  # the day the customer promised to pay
    amount_fen: int
    state: PromiseState = PromiseState.OPEN


@dataclass(frozen=True)
class Customer:
    name: str
    id_number: str = ""  # 18-character PRC resident ID, checked on import
    card_number: str = ""
    address: str = ""


@dataclass(frozen=True)
class Case:
    """One customer's case: who, what they owe, how to reach them, what happened before."""

    case_id: str
    customer: Customer
    loans: tuple[Loan, ...] = ()
    numbers: tuple[ContactNumber, ...] = ()
    contacts: tuple[PastContact, ...] = ()
    promises: tuple[Promise, ...] = ()
    lenders_count: int = 0  # lenders the customer owes at once, as the source says (多头借贷); 0 unknown
    complaints: int = 0  # complaints on record
    vulnerable: bool = False  # illness, old age, hardship on record: handle with care
    source: str = "local"  # which CaseSource it came from
    time_zone: str = ""  # the debtor's IANA zone (Asia/Urumqi); "" = the guard policy's default (Asia/Shanghai)
    extra: tuple[tuple[str, str], ...] = field(default=())  # source fields without a column of their own

    @property
    def balance_fen(self) -> int:
        return sum(loan.balance_fen for loan in self.loans)

    @property
    def due_today_fen(self) -> int:
        return sum(loan.due_today_fen for loan in self.loans)

    @property
    def days_overdue(self) -> int:
        return max((loan.days_overdue for loan in self.loans), default=0)

    @property
    def stage(self) -> OverdueStage:
        return stage_for_days(self.days_overdue)

    @property
    def own_numbers(self) -> tuple[ContactNumber, ...]:
        return tuple(n for n in self.numbers if n.relation is Relation.SELF)
