"""Keeping customers' numbers out of logs.

``RedactingFilter`` masks long digit runs (phone, ID and card numbers) in
every log record that passes through a handler it is attached to: the first
3 and last 4 digits stay, as the masking rules allow (138****5678).

``mask_uri`` and ``mask_display`` mask what the call history and the UI show
of a SIP party: the number in the user part of a URI, long digit runs in a
display name, and a display name made only of 2-4 Chinese characters down to
its first character (张三 -> 张*). Which characters are the surname cannot be
told reliably (欧阳娜娜: 欧 or 欧阳?), so exactly one is kept. Names in other
scripts are left as they are: only their digits are masked.
"""

from __future__ import annotations

import logging
import re

__all__ = ["redact", "mask_text", "mask_uri", "mask_display", "uri_user", "RedactingFilter"]

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


_NAME_ADDR = re.compile(r'^\s*(?:"((?:[^"\\]|\\.)*)"|([^"<]*?))\s*<([^>]*)>(.*)$', re.S)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*:)")
_PHONE_USER = re.compile(r"^(\+?)([\d\-. ()]+)$")
_CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,4}$")


def mask_display(name: str) -> str:
    """A display name fit to store or show: 张三 -> 张*, digit runs masked."""
    name = name.strip()
    if _CJK.match(name):
        return name[0] + "*" * (len(name) - 1)
    return redact(name)


def uri_user(uri: str) -> str:
    """The user part of a SIP/tel URI or name-addr (``"x" <sip:USER@host>``)."""
    return _split_addr(_addr_spec(uri))[1]


def mask_uri(uri: str) -> str:
    """``"张三" <sip:13812345678@pbx>`` -> ``"张*" <sip:138****5678@pbx>``.

    The user part, when it is a number, keeps its first 3 and last 4 digits
    (a leading +86 of a mainland mobile is kept apart: +86138****5678); any
    other run of 7+ digits anywhere in the text is masked as ``redact`` does.
    """
    match = _NAME_ADDR.match(uri)
    if match is None:
        return _mask_addr(uri)
    quoted, bare, addr, tail = match.groups()
    display = mask_display(quoted if quoted is not None else bare)
    shown = f'"{display}" ' if quoted is not None else (f"{display} " if display else "")
    return f"{shown}<{_mask_addr(addr)}>{redact(tail)}"


def _addr_spec(uri: str) -> str:
    match = _NAME_ADDR.match(uri)
    return match.group(3).strip() if match else uri.strip()


def _split_addr(addr: str) -> tuple[str, str, str]:
    """``sip:user@host;p`` -> ``("sip:", "user", "@host;p")``."""
    scheme_match = _SCHEME.match(addr)
    scheme = scheme_match.group(1) if scheme_match else ""
    rest = addr[len(scheme):]
    user = re.split(r"[@;?]", rest, maxsplit=1)[0]
    return scheme, user, rest[len(user):]


def _mask_addr(addr: str) -> str:
    scheme, user, after = _split_addr(addr)
    return scheme + _mask_user(user) + redact(after)


def _mask_user(user: str) -> str:
    phone = _PHONE_USER.match(user)
    if phone is None:
        return redact(user)
    digits = re.sub(r"\D", "", phone.group(2))
    if len(digits) < 7:
        return user
    if len(digits) == 13 and digits.startswith("86"):
        return "+86" + _mask_digits(digits[2:])
    return phone.group(1) + _mask_digits(digits)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format must not lose the record
            return True
        record.msg, record.args = redact(message), None
        return True


def mask_text(text: str) -> str:
    """What the UI may show of free text from outside (headers, CRM fields)."""
    return redact(text)
