"""Supervision tokens: signed by the administrator's key, checked by the agent's softphone: a forged,
unsigned, expired, replayed, other agent's or mode-changed request is refused with its reason."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from softphone.engine.supervision import DTMF_MODES
from softphone.states import SupervisionMode
from softphone.team.supervision import (
    MAX_TTL_S, SupervisionRefused, TokenChecker, load_private_key, load_public_key, sign_token,
)

ADMIN = Ed25519PrivateKey.generate()
NOW = 1_800_000_000.0


def checker() -> TokenChecker:
    return TokenChecker(ADMIN.public_key(), "1001")


def refused(check: TokenChecker, mode: str, token: str, now: float = NOW) -> str:
    with pytest.raises(SupervisionRefused) as caught:
        check.check(mode, token, now)
    return caught.value.reason


def test_a_signed_token_for_this_agent_is_let_in_once() -> None:
    c = checker()
    token = sign_token(ADMIN, "lead-team-a", "1001", SupervisionMode.WHISPER, now=NOW)
    grant = c.check("whisper", token, NOW + 10)
    assert (grant.lead, grant.agent, grant.mode) == ("lead-team-a", "1001", SupervisionMode.WHISPER)
    assert refused(c, "whisper", token, NOW + 11) == "replayed"


def test_every_bad_request_is_refused_with_its_reason() -> None:
    c = checker()
    other_key = Ed25519PrivateKey.generate()
    assert refused(c, "listen", sign_token(other_key, "lead", "1001", SupervisionMode.LISTEN, now=NOW)) == \
        "bad_signature"
    assert refused(c, "listen", "") == "malformed"
    assert refused(c, "listen", "no-dot-here") == "malformed"
    good = sign_token(ADMIN, "lead", "1001", SupervisionMode.LISTEN, now=NOW)
    body, sig = good.split(".")
    assert refused(c, "listen", body + "." + sig[:-2] + ("AA" if sig[-2:] != "AA" else "BB")) == "bad_signature"
    assert refused(c, "listen", sign_token(ADMIN, "lead", "1002", SupervisionMode.LISTEN, now=NOW)) == "other_agent"
    assert refused(c, "barge", sign_token(ADMIN, "lead", "1001", SupervisionMode.LISTEN, now=NOW)) == \
        "mode_mismatch"
    assert refused(c, "listen", sign_token(ADMIN, "lead", "1001", SupervisionMode.LISTEN, now=NOW),
                   now=NOW + 61) == "expired"
    assert refused(c, "listen", sign_token(ADMIN, "lead", "1001", SupervisionMode.LISTEN, ttl_s=10 * MAX_TTL_S,
                                           now=NOW), now=NOW + MAX_TTL_S + 1) == "expired", "a ttl is capped"


def test_keys_load_from_pem_and_dtmf_switches_modes_as_chanspy() -> None:
    private_pem = ADMIN.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    public_pem = ADMIN.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    token = sign_token(load_private_key(private_pem), "lead", "1001", SupervisionMode.BARGE, now=NOW)
    assert TokenChecker(load_public_key(public_pem), "1001").check("barge", token, NOW).mode is SupervisionMode.BARGE
    with pytest.raises(ValueError):
        load_public_key(b"-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n")
    assert [DTMF_MODES[d] for d in "456"] == [SupervisionMode.LISTEN, SupervisionMode.WHISPER,
                                              SupervisionMode.BARGE]


def test_the_administrators_commands_make_a_key_pair_and_tokens_the_agent_accepts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import stat
    import subprocess
    import sys

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "softphone.cli.main", "supervision", *args],
                              capture_output=True, text=True, timeout=60)

    assert cli("keygen", "--out", str(tmp_path)).returncode == 0
    assert stat.S_IMODE(os.stat(tmp_path / "supervision.key").st_mode) == 0o600
    assert cli("keygen", "--out", str(tmp_path)).returncode == 1, "an existing key is never overwritten"
    made = cli("token", "--key", str(tmp_path / "supervision.key"), "--lead", "lead-team-a", "--agent", "1001",
               "--mode", "whisper")
    assert made.returncode == 0, made.stderr
    agent = TokenChecker(load_public_key((tmp_path / "supervision.pub").read_bytes()), "1001")
    assert agent.check("whisper", made.stdout.strip()).lead == "lead-team-a"
    assert cli("token", "--key", str(tmp_path / "missing.key"), "--lead", "l", "--agent", "1001",
               "--mode", "listen").returncode == 1
