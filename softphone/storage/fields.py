"""The stored form of a call's personal fields: masked, encrypted, fingerprinted.

``protect_field`` is the one rule for both new calls (``history.py``) and the
rows that migration 2 converts (``schema.py`` is handed it as its
``Protect``, bound to the cipher by ``field_protector``). The remote and local
URIs and the display name are masked (138****5678); every field is encrypted
with the ``FieldCipher``, bound to ``<call id>/<field>``; the remote number
also gets its keyed fingerprint. Without a cipher only the masked forms are
kept, and hand-off headers are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from ..privacy import mask_display, mask_uri, uri_user
from .schema import Protect, Protected

if TYPE_CHECKING:
    from .vault import FieldCipher

__all__ = ["field_protector", "protect_field"]

_MASKS: Final[dict[str, Callable[[str], str]]] = {
    "remote": mask_uri,
    "display": mask_display,
    "local": mask_uri,
}
_FINGERPRINTED: Final = frozenset({"remote"})
_NOTHING: Final[dict[str, str]] = {"headers": "[]"}  # the value that means "none"


def protect_field(cipher: FieldCipher | None, call_id: str, field: str, value: str) -> Protected:
    """``value`` of ``field`` (remote, display, local, headers) as it is stored."""
    mask = _MASKS.get(field)
    return Protected(
        masked=mask(value) if mask else "",
        ciphertext=_seal(cipher, call_id, field, value),
        fingerprint=_fingerprint(cipher, field, value),
    )


def _fingerprint(cipher: FieldCipher | None, field: str, value: str) -> str:
    if cipher is None or field not in _FINGERPRINTED:
        return ""
    return cipher.fingerprint(uri_user(value))


def _seal(cipher: FieldCipher | None, call_id: str, field: str, value: str) -> str | None:
    if cipher is None or not value or value == _NOTHING.get(field):
        return None
    return cipher.encrypt(value, f"{call_id}/{field}")


def field_protector(cipher: FieldCipher | None) -> Protect:
    """``protect_field`` bound to ``cipher``, as migration 2 takes it."""

    def protect(call_id: str, field: str, value: str) -> Protected:
        return protect_field(cipher, call_id, field, value)

    return protect
