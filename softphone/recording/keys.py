"""The recordings key: it wraps each call's own key; it never leaves the keyring.

Each recording has its own random AES-256 key (``new_call_key``), stored in the
file's header wrapped (AES-256-GCM, the call id as associated data) by the
recordings key, the keyring entry ``recordings-key`` of service
``agent-softphone``. The manifest's HMAC key is derived from the recordings key
(HKDF, its own label), so a forged manifest is told from a real one.
docs/recordings.md says why a keyring key and not an administrator's public key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..errors import NoKeyringBackend, SecretStoreError, StorageError
from ..i18n import N_
from ..secrets import SecretStore

__all__ = ["KEY_ENTRY", "RecordingKeys", "RecordingKeyUnavailable"]

KEY_ENTRY = "recordings-key"


class RecordingKeyUnavailable(StorageError):
    default_user_message = N_("Calls cannot be recorded: the recordings key is not available. "
                              "The call goes on; tell your team lead.")


class RecordingKeys:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the recordings key is 32 bytes")
        self._key = key
        self.key_id = hashlib.sha256(b"agent-softphone recordings key id" + key).hexdigest()[:16]
        self.manifest_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                                 info=b"agent-softphone recording manifest v1").derive(key)

    def __repr__(self) -> str:
        return f"RecordingKeys(<key {self.key_id}>)"

    @classmethod
    def load(cls, secrets: SecretStore, *, create: bool = True) -> RecordingKeys:
        """The key from the keyring (made on first use when ``create``); ``RecordingKeyUnavailable`` else."""
        try:
            encoded = secrets.get_secret(KEY_ENTRY)
            if encoded is None:
                if not create:
                    raise RecordingKeyUnavailable("no recordings key in the keyring", user_message=N_(
                        "This computer has no recordings key, so no recording can be opened here."))
                encoded = base64.b64encode(os.urandom(32)).decode("ascii")
                secrets.set_secret(KEY_ENTRY, encoded)
        except NoKeyringBackend as exc:
            raise RecordingKeyUnavailable("no keyring for the recordings key") from exc
        except SecretStoreError as exc:
            raise RecordingKeyUnavailable(f"keyring failed for the recordings key: {type(exc).__name__}") from exc
        try:
            return cls(base64.b64decode(encoded.encode("ascii"), validate=True))
        except (ValueError, binascii.Error) as exc:
            raise RecordingKeyUnavailable("the recordings key in the keyring is damaged") from exc

    def wrap(self, call_key: bytes, call_id: str) -> str:
        nonce = os.urandom(12)
        return base64.b64encode(nonce + AESGCM(self._key).encrypt(nonce, call_key, call_id.encode())).decode()

    def unwrap(self, wrapped: str, call_id: str) -> bytes:
        raw = base64.b64decode(wrapped.encode("ascii"))
        try:
            return AESGCM(self._key).decrypt(raw[:12], raw[12:], call_id.encode())
        except InvalidTag as exc:
            raise RecordingKeyUnavailable(f"recording {call_id}: not this key", user_message=N_(
                "This recording was sealed with another recordings key; it cannot be opened here.")) from exc

    @staticmethod
    def new_call_key() -> bytes:
        return AESGCM.generate_key(bit_length=256)
