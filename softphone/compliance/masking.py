"""What a front end may see of an event: numbers and names already masked.

``mask_event`` returns a copy of an engine event with every customer datum
masked as the masking rules say (docs/privacy.md): the number in a party's
URI keeps its first 3 and last 4 digits (138****5678), a Chinese display name
its first character (张*), and every other run of 7+ digits in free text
(headers, reasons, transcripts, messages) is masked the same way. Ids
(call, alert, rule, SIP Call-ID) are not customer data and stay as they are.

It walks the dataclass fields, so an event added later is masked without
being listed here; only the fields that need more than ``redact`` are named.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from ..i18n import Msg
from ..privacy import mask_display, mask_uri, redact

__all__ = ["mask_event", "mask_value", "mask_headers", "holds_raw_digits", "MaskedFeed", "mask_name", "mask_phone",
           "mask_id_number", "mask_card", "last4", "HIDDEN_KEY"]

E = TypeVar("E")

# ids, not customer data; a case id and a contract number are the lender's references (views.py keeps a
# contract "number" that is really a phone or card number masked)
_IDS = frozenset({"call_id", "account_id", "alert_id", "rule_id", "sip_call_id", "other_call_id", "id", "case_id",
                  "contract_no", "plan_hash", "plan_id", "review_id",
                  "due", "last_due"})  # a plan's due dates (2027-01-31 is no number of a person)
_PARTY_FIELDS = {"remote_uri": mask_uri, "local_uri": mask_uri, "display_name": mask_display}


def mask_event(event: E) -> E:
    """A copy of ``event`` (a frozen dataclass) fit for a window or a protocol line."""
    if not dataclasses.is_dataclass(event) or isinstance(event, type):
        return event
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(event):
        if f.name in _IDS:
            continue
        value = getattr(event, f.name)
        masked: Any
        if f.name in _PARTY_FIELDS and isinstance(value, str):
            masked = _PARTY_FIELDS[f.name](value)
        elif f.name == "headers" and isinstance(value, tuple):
            masked = mask_headers(value)
        else:
            masked = mask_value(value)
        if masked is not value and masked != value:
            changes[f.name] = masked
    return dataclasses.replace(event, **changes) if changes else event


def mask_value(value: Any) -> Any:
    """``value`` with long digit runs masked, through tuples and nested dataclasses."""
    if isinstance(value, Enum) or value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Msg):  # a sentence for the agent: mask its fields, keep its id (still translated)
        fields = tuple(mask_value(a) for a in value.args)
        return value if all(a is b for a, b in zip(fields, value.args)) else Msg(value.id, *fields)
    if isinstance(value, str):
        masked = redact(value)
        return value if masked == value else masked
    if isinstance(value, tuple):
        items = tuple(mask_value(v) for v in value)
        return items if any(a is not b for a, b in zip(items, value)) else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return mask_event(value)
    return value


def mask_headers(headers: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """SIP headers as (name, value): a header naming a person (``X-Customer-Name``) keeps the surname (张*)."""
    return tuple((name, mask_display(value) if "name" in name.lower() else redact(value)) for name, value in headers)


def holds_raw_digits(text: str) -> bool:
    """True when ``text`` holds a run of 7+ digits that masking would change."""
    return redact(text) != text


class _Source(Protocol):
    def subscribe(self, handler: Callable[[Any], None]) -> Callable[[], None]: ...


HIDDEN_KEY = "•"


class MaskedFeed:
    """Follows ``source`` (an ``EventBus``) and hands every event on masked: what front ends subscribe to.

    ``keys_hidden(call_id)`` is True while the far end of that call may be keying a one-time code: its
    ``DtmfReceived`` events are handed on with the digit replaced by ``•`` (the agent never sees the code).
    """

    def __init__(self, source: _Source, keys_hidden: Callable[[str], bool] | None = None) -> None:
        self._source = source
        self._keys_hidden = keys_hidden

    def subscribe(self, handler: Callable[[Any], None]) -> Callable[[], None]:
        return self._source.subscribe(lambda event: handler(self._mask(event)))

    def _mask(self, event: Any) -> Any:
        if self._keys_hidden is not None and type(event).__name__ == "DtmfReceived" and \
                self._keys_hidden(event.call_id):
            return dataclasses.replace(event, digit=HIDDEN_KEY)
        return mask_event(event)


# -- the masking formats of a case file (DESIGN.md: phone 138****5678, ID first 6 + last 4,
#    card last 4, name surname + *) ---------------------------------------------------------

def mask_name(name: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧*, Li Wei -> L*: the first character and one star, whatever the length."""
    name = name.strip()
    return name[0] + "*" if name else ""


def mask_phone(number: str) -> str:
    """13812345678 -> 138****5678; a short number (an extension) is shown as it is."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) < 7:
        return digits
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id_number(id_number: str) -> str:
    """110101199003071234 -> 110101********1234 (first 6 + last 4)."""
    value = id_number.strip().upper()
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_card(card_number: str) -> str:
    """6222021234567890123 -> ****0123 (last 4 only)."""
    digits = "".join(ch for ch in card_number if ch.isdigit())
    return "****" + digits[-4:] if len(digits) >= 4 else ""


def last4(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    return digits[-4:]
