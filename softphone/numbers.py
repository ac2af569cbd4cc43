"""Cleaning what an agent types or pastes into the number field."""

from __future__ import annotations

import re

__all__ = ["clean_number"]

_SEPARATORS = re.compile(r"[\s\-().·/\u00a0\u3000（）]")
_FULL_WIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９＋＊＃"}


def clean_number(text: str) -> str:
    """``"+86 138-1234-5678"`` -> ``"13812345678"``; SIP URIs are kept as they are.

    Spaces, dashes, dots, brackets (also full-width ones) go; a +86 / 0086
    country prefix in front of an 11-digit mobile number goes; an extension
    like ``*2`` or ``#`` is kept.
    """
    text = text.strip()
    if text.lower().startswith(("sip:", "sips:")) or "@" in text:
        return text
    text = _SEPARATORS.sub("", text.translate(_FULL_WIDTH))
    for prefix in ("+86", "0086"):
        rest = text[len(prefix):]
        if text.startswith(prefix) and len(rest) == 11 and rest.startswith("1"):
            return rest
    return text
