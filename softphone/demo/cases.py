"""The demo's case book: a few clearly fictional customers, so ``--demo`` shows a full panel.

Every name ends in 演示 (demo) or 示例 (example), numbers are in the 1380000xxxx
block and ID numbers use the fictional birth year 1900 with a valid check
digit (so they pass the importer's checks like real ones). ``DEMO-000123`` is
the customer the demo bot hands over (``softphone.demo.bot``).
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from ..crm.model import (
    Case, ContactNumber, Customer, Loan, PastContact, Promise, PromiseState, Relation, stage_for_days,
)

__all__ = ["demo_cases", "fictional_id"]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def fictional_id(area: str, birthday: str, seq: str) -> str:
    """An 18-character ID with a valid check digit: ``area`` (6) + ``birthday`` (8) + ``seq`` (3)."""
    body = area + birthday + seq
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS)) % 11]
    return body + check


def _loan(no: str, product: str, principal: int, balance: int, days: int, instalment: int, due_today: int) -> Loan:
    return Loan(no, product, principal * 100, balance * 100, 0.18, instalment * 100,
                date.today() - timedelta(days=days), days, stage_for_days(days), due_today * 100)


def demo_cases() -> list[Case]:
    today, now = date.today(), time.time()
    return [
        Case("DEMO-000123", Customer("张演示", fictional_id("110101", "19000307", "123"), "6222000000000001234",
                                     "演示省示例市虚构路 1 号"),
             (_loan("DEMO-HT-0001", "消费分期（演示）", 12000, 8000, 12, 1050, 2100),),
             (ContactNumber("13800000001", Relation.SELF),
              ContactNumber("13800000002", Relation.SPOUSE, True, "配偶（演示）")),
             (PastContact(now - 86400 * 3, "call", "promise_to_pay"), PastContact(now - 86400 * 9, "sms", "reminder")),
             (Promise(today - timedelta(days=20), today - timedelta(days=14), 105000, PromiseState.BROKEN),
              Promise(today - timedelta(days=6), today - timedelta(days=3), 105000, PromiseState.BROKEN)),
             lenders_count=4, complaints=0, vulnerable=False, source="demo"),
        Case("DEMO-000124", Customer("李示例", fictional_id("310101", "19000815", "246"), "6228000000000005678"),
             (_loan("DEMO-HT-0002", "现金贷（演示）", 5000, 5200, 45, 900, 5200),),
             (ContactNumber("13800000003", Relation.SELF),), complaints=1, source="demo"),
        Case("DEMO-000125", Customer("王演示", fictional_id("440101", "19001120", "357")),
             (_loan("DEMO-HT-0003", "信用卡分期（演示）", 3000, 3000, 5, 600, 600),),
             (ContactNumber("13800000004", Relation.SELF),), source="demo"),
    ]
