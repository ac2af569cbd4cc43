"""``agent-softphone supervision``: the administrator's key for team leads' listen / whisper / barge.

::

    agent-softphone supervision keygen --out /etc/agent-softphone      # supervision.key (0600) + supervision.pub
    agent-softphone supervision token --key supervision.key --lead lead-team-a --agent 1001 --mode listen [--ttl 60]

``keygen`` writes an Ed25519 key pair: the public one goes to every agent's
computer (the policy file's ``[supervision] public_key``), the private one stays
with whoever signs tokens. ``token`` prints one token, to send as
``X-Supervise-Token`` with ``X-Supervise: <mode>`` (docs/team.md).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from ..states import SupervisionMode
from ..team.supervision import MAX_TTL_S, load_private_key, sign_token

__all__ = ["add_supervision_parser", "run_supervision"]


def add_supervision_parser(sub: Any) -> None:
    p = sub.add_parser("supervision", help="team leads' listen / whisper / barge: the administrator's key (docs/team.md)")
    ssub = p.add_subparsers(dest="supervision_command", required=True)
    k = ssub.add_parser("keygen", help="a new Ed25519 key pair: supervision.key (private) and supervision.pub")
    k.add_argument("--out", required=True, help="the folder to write them into")
    t = ssub.add_parser("token", help="print a signed token for one supervision")
    t.add_argument("--key", required=True, help="the private key (supervision.key)")
    t.add_argument("--lead", required=True)
    t.add_argument("--agent", required=True)
    t.add_argument("--mode", required=True, choices=[m.value for m in SupervisionMode])
    t.add_argument("--ttl", type=float, default=60.0, help=f"seconds it is valid (at most {MAX_TTL_S:.0f})")


def run_supervision(args: argparse.Namespace) -> int:
    try:
        if args.supervision_command == "keygen":
            return _keygen(Path(args.out))
        key = load_private_key(Path(args.key).read_bytes())
    except (OSError, ValueError) as exc:
        print(f"agent-softphone supervision: {exc}", file=sys.stderr)
        return 1
    print(sign_token(key, args.lead, args.agent, SupervisionMode(args.mode), args.ttl))
    return 0


def _keygen(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    private, public = folder / "supervision.key", folder / "supervision.pub"
    if private.exists():
        print(f"agent-softphone supervision: {private} exists; not overwritten", file=sys.stderr)
        return 1
    key = Ed25519PrivateKey.generate()
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    print(f"{private} (keep it private)\n{public} (for every agent: [supervision] public_key)")
    return 0
