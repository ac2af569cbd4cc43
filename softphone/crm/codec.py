"""A ``Case`` to and from the JSON the case store encrypts (internal: money in fen, ISO dates)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .model import (
    Case, ContactNumber, Customer, Loan, OverdueStage, PastContact, Promise, PromiseState, Relation,
)

__all__ = ["case_to_json", "case_from_json"]


def case_to_json(case: Case) -> str:
    c = case.customer
    return json.dumps({
        "v": 1, "case_id": case.case_id,
        "customer": [c.name, c.id_number, c.card_number, c.address],
        "loans": [[l.contract_no, l.product, l.principal_fen, l.balance_fen, l.annual_rate, l.instalment_fen,
                   _day(l.due_date), l.days_overdue, l.stage.value, l.due_today_fen] for l in case.loans],
        "numbers": [[n.number, n.relation.value, n.do_not_contact, n.label] for n in case.numbers],
        "contacts": [[p.at, p.channel, p.outcome, p.note] for p in case.contacts],
        "promises": [[_day(p.promised_on), _day(p.due_on), p.amount_fen, p.state.value] for p in case.promises],
        "lenders": case.lenders_count, "complaints": case.complaints, "vulnerable": case.vulnerable,
        "source": case.source, "extra": [list(e) for e in case.extra], "tz": case.time_zone,
    }, ensure_ascii=False, separators=(",", ":"))


def case_from_json(text: str) -> Case:
    d: dict[str, Any] = json.loads(text)
    return Case(
        case_id=d["case_id"],
        customer=Customer(*d["customer"]),
        loans=tuple(Loan(no, product, principal, balance, rate, instalment, _parse(due), days, OverdueStage(stage),
                         today) for no, product, principal, balance, rate, instalment, due, days, stage, today
                    in d["loans"]),
        numbers=tuple(ContactNumber(n, Relation(r), bool(dnc), label) for n, r, dnc, label in d["numbers"]),
        contacts=tuple(PastContact(at, ch, out, note) for at, ch, out, note in d["contacts"]),
        promises=tuple(Promise(_req(made), _req(due), amount, PromiseState(state))
                       for made, due, amount, state in d["promises"]),
        lenders_count=d["lenders"], complaints=d["complaints"], vulnerable=d["vulnerable"], source=d["source"],
        extra=tuple((k, v) for k, v in d["extra"]), time_zone=d.get("tz", ""),
    )


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _req(value: str) -> date:
    return date.fromisoformat(value)
