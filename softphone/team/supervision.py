"""Supervision requests: a team lead asks an agent's softphone to let it listen, whisper or barge.

The lead's softphone calls the agent's with two SIP headers::

    X-Supervise: listen                       (or whisper, barge)
    X-Supervise-Token: <payload>.<signature>  (base64url; Ed25519 by the administrator's key)

The payload is JSON: ``lead`` (who), ``agent`` (whose calls), ``mode``, ``exp``
(Unix time; at most ``MAX_TTL_S`` ahead) and ``nonce``. The agent's softphone
holds only the administrator's public key (the policy file's ``[supervision]
public_key``): it checks the signature, that the token is for this agent, not
expired and never seen before (a replayed token is refused), and only then
answers by itself. Anything else is refused (403) and audited with its reason.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key

from ..states import SupervisionMode

__all__ = ["SupervisionGrant", "SupervisionRefused", "TokenChecker", "sign_token", "load_public_key",
           "load_private_key", "MAX_TTL_S"]

MAX_TTL_S = 300.0  # a token lives minutes, not days
_SEEN_NONCES = 10_000


class SupervisionRefused(Exception):
    """A request that is not let in; ``reason`` is one word for the audit log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SupervisionGrant:
    lead: str
    agent: str
    mode: SupervisionMode
    expires: float


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_token(key: Ed25519PrivateKey, lead: str, agent: str, mode: SupervisionMode, ttl_s: float = 60.0,
               now: float | None = None) -> str:
    """A token for ``lead`` to supervise ``agent`` (the administrator's tool, or a lead's machine holding a
    signing key the administrator gave it)."""
    payload = json.dumps({"lead": lead, "agent": agent, "mode": mode.value,
                          "exp": round((time.time() if now is None else now) + min(ttl_s, MAX_TTL_S), 3),
                          "nonce": os.urandom(12).hex()}, separators=(",", ":")).encode()
    return f"{_b64(payload)}.{_b64(key.sign(payload))}"


class TokenChecker:
    """The agent's side: checks tokens against the administrator's public key; remembers nonces seen."""

    def __init__(self, public_key: Ed25519PublicKey, agent: str) -> None:
        self._key, self.agent = public_key, agent
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, mode_header: str, token: str, now: float | None = None) -> SupervisionGrant:
        now = time.time() if now is None else now
        payload = self._verified(token)
        try:
            mode = SupervisionMode(mode_header.strip().lower())
            grant = SupervisionGrant(str(payload["lead"]), str(payload["agent"]), SupervisionMode(payload["mode"]),
                                     float(payload["exp"]))
            nonce = str(payload["nonce"])
        except (KeyError, ValueError, TypeError):
            raise SupervisionRefused("malformed") from None
        if grant.agent != self.agent:
            raise SupervisionRefused("other_agent")
        if mode is not grant.mode:
            raise SupervisionRefused("mode_mismatch")
        if grant.expires < now or grant.expires > now + MAX_TTL_S + 5:
            raise SupervisionRefused("expired")
        self._remember(nonce, grant.expires)
        return grant

    def _verified(self, token: str) -> dict[str, Any]:
        try:
            body, signature = token.strip().split(".", 1)
            payload = _unb64(body)
            self._key.verify(_unb64(signature), payload)
            data = json.loads(payload)
        except InvalidSignature:
            raise SupervisionRefused("bad_signature") from None
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise SupervisionRefused("malformed") from None
        if not isinstance(data, dict):
            raise SupervisionRefused("malformed")
        return data

    def _remember(self, nonce: str, expires: float) -> None:
        with self._lock:
            if nonce in self._seen:
                raise SupervisionRefused("replayed")
            self._seen[nonce] = expires
            while len(self._seen) > _SEEN_NONCES:
                self._seen.popitem(last=False)


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    key = load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the supervision key must be an Ed25519 public key")
    return key


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    key = load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the supervision signing key must be an Ed25519 private key")
    return key
