"""Field encryption for the call history, with its data key in the keyring.

Why AES-256-GCM (``cryptography``'s ``AESGCM``) and not Fernet: Fernet is
AES-128-CBC plus HMAC, so of a 256-bit Fernet key only 128 bits encrypt.
AES-GCM takes the whole 256-bit key, gives shorter tokens (one field per
column, many rows) and binds *associated data*: each field is bound to its
call id and column (``context``), so a token copied into another row or
column fails to decrypt instead of showing the wrong customer.

Keys. One random 256-bit data key lives in the keyring (``SecretStore``,
service ``agent-softphone``, entry ``storage-key``, base64). Two keys are
derived from it with HKDF-SHA256: one encrypts fields, the other keys the
HMAC-SHA256 ``fingerprint`` of phone numbers. A fingerprint lets the history
find "every call with this number" (and, later, count calls per debtor and
day) without decrypting anything, and without a table of plain numbers.

A token is ``v1.`` + urlsafe base64 of a 12-byte random nonce and the
ciphertext with its tag. Random nonces are safe for far more fields than a
call history holds under one key (NIST's bound is 2**32 messages).

No keyring, no cipher: ``load_field_cipher`` raises ``HistoryKeyUnavailable``
(a ``StorageError``) whose user_message says that the history keeps masked
numbers only; the caller goes on with ``cipher=None``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..errors import NoKeyringBackend, SecretStoreError, StorageError
from ..i18n import N_
from ..secrets import SecretStore

__all__ = [
    "KEY_ENTRY",
    "MASKED_ONLY_MESSAGE",
    "FieldCipher",
    "HistoryKeyUnavailable",
    "load_field_cipher",
    "normalise_number",
]

_log = logging.getLogger(__name__)

KEY_ENTRY = "storage-key"
KEY_BYTES = 32
_NONCE_BYTES = 12
_PREFIX = "v1."

MASKED_ONLY_MESSAGE = N_(
    "This computer has no password store (keyring), so the call history cannot "
    "be encrypted. It keeps masked numbers only (138****5678): calls can be seen "
    "in the history but not redialled from it, and hand-off details are not kept."
)
_KEY_FAILED_MESSAGE = N_(
    "The key of the call history could not be read from the password store "
    "(keyring). Until it can, new calls are kept with masked numbers only. If the "
    "keyring is locked, unlock it and restart the softphone."
)
_KEY_DAMAGED_MESSAGE = N_(
    "The key of the call history in the password store (keyring) is damaged. New "
    "calls are kept with masked numbers only; tell your administrator."
)
_WRONG_KEY_MESSAGE = N_(
    "Part of the call history cannot be read with this computer's key: it was "
    "saved with another key, or the key was replaced. Masked numbers are shown."
)


class HistoryKeyUnavailable(StorageError):
    """No data key: the history can keep masked values only."""

    default_user_message = MASKED_ONLY_MESSAGE


def normalise_number(number: str) -> str:
    """The digits of ``number``; a 86 / 0086 prefix of a CN mobile dropped.

    ``+86 138-1234-5678``, ``008613812345678`` and ``13812345678`` are one number.
    """
    digits = re.sub(r"\D", "", number)
    if len(digits) == 15 and digits.startswith("00861"):
        return digits[4:]
    if len(digits) == 13 and digits.startswith("861"):
        return digits[2:]
    return digits


class FieldCipher:
    """Encrypts history fields and fingerprints numbers with one data key."""

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != KEY_BYTES:
            raise ValueError(f"the data key must be {KEY_BYTES} bytes")
        self._aead = AESGCM(_derive(data_key, b"agent-softphone history fields v1"))
        self._fp_key = _derive(data_key, b"agent-softphone number fingerprint v1")

    def __repr__(self) -> str:
        return "FieldCipher(<key hidden>)"

    @staticmethod
    def new_key() -> bytes:
        return AESGCM.generate_key(bit_length=KEY_BYTES * 8)

    def encrypt(self, text: str, context: str = "") -> str:
        """A base64 token; ``context`` (e.g. ``"call-1/remote"``) must match to decrypt."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), context.encode("utf-8"))
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, token: str, context: str = "") -> str:
        """The text of ``token``; ``StorageError`` when key or context is not the one used."""
        try:
            if not token.startswith(_PREFIX):
                raise ValueError("unknown token version")
            raw = base64.urlsafe_b64decode(token[len(_PREFIX):].encode("ascii"))
            nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
            return self._aead.decrypt(nonce, sealed, context.encode("utf-8")).decode("utf-8")
        except (InvalidTag, ValueError, binascii.Error) as exc:
            raise StorageError(
                f"a history field could not be decrypted ({type(exc).__name__})",
                user_message=_WRONG_KEY_MESSAGE,
            ) from exc

    def fingerprint(self, number: str) -> str:
        """HMAC-SHA256 (hex) of the normalised digits; "" when there are none."""
        digits = normalise_number(number)
        if not digits:
            return ""
        return hmac.new(self._fp_key, digits.encode("ascii"), hashlib.sha256).hexdigest()


def _derive(data_key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(data_key)


def load_field_cipher(store: SecretStore, *, create: bool = True) -> FieldCipher:
    """The cipher of the key in ``store``, made and saved first when there is none.

    Raises ``HistoryKeyUnavailable`` when the keyring is missing or fails, or
    holds a damaged key (never replaced: rows written with it stay readable
    once it is repaired).
    """
    try:
        encoded = store.get_secret(KEY_ENTRY)
        if encoded is None and create:
            encoded = base64.b64encode(FieldCipher.new_key()).decode("ascii")
            store.set_secret(KEY_ENTRY, encoded)
            _log.info("a new call history key was saved in the keyring")
    except NoKeyringBackend as exc:
        raise HistoryKeyUnavailable(f"no keyring for the history key: {exc}") from exc
    except SecretStoreError as exc:
        raise HistoryKeyUnavailable(
            f"keyring failed for the history key: {exc}", user_message=_KEY_FAILED_MESSAGE
        ) from exc
    if encoded is None:
        raise HistoryKeyUnavailable("no history key in the keyring")
    return _cipher_from(encoded)


def _cipher_from(encoded: str) -> FieldCipher:
    try:
        return FieldCipher(base64.b64decode(encoded.encode("ascii"), validate=True))
    except (ValueError, binascii.Error) as exc:
        raise HistoryKeyUnavailable(
            "the history key in the keyring is damaged", user_message=_KEY_DAMAGED_MESSAGE
        ) from exc


def history_cipher(store: SecretStore) -> tuple[FieldCipher | None, HistoryKeyUnavailable | None]:
    """The history's cipher, or None and the reason (history then keeps masked numbers only).

    Every place that opens the history (app, headless, doctor) goes through
    this, so none of them upgrades a database without the key by mistake.
    """
    try:
        return load_field_cipher(store), None
    except HistoryKeyUnavailable as exc:
        return None, exc
