"""Keeping customers' numbers out of logs.

``RedactingFilter`` masks long digit runs (phone, ID and card numbers) in
every log record that passes through a handler it is attached to: the first
3 and last 4 digits stay, as the masking rules allow (138****5678).
"""

from __future__ import annotations

import logging
import re

__all__ = ["redact", "RedactingFilter"]

_DIGITS = re.compile(r"(?<![0-9])(\+?\d[\d\- ]{5,}\d)(?![0-9])")


def _mask(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(1))
    if len(digits) < 7:
        return match.group(1)
    if len(digits) == 13 and digits.startswith("86"):  # +86 mobile: keep the prefix apart
        return "+86 " + _mask_digits(digits[2:])
    return _mask_digits(digits)


def _mask_digits(digits: str) -> str:
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def redact(text: str) -> str:
    """``text`` with every run of 7+ digits masked to first 3 + last 4."""
    return _DIGITS.sub(_mask, text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format must not lose the record
            return True
        record.msg, record.args = redact(message), None
        return True
