"""``agent-softphone lead``: the team lead's wallboard window.

::

    agent-softphone lead --broker mq.example.cn:8883 --team team-a [--user lead-team-a] [--ca ca.pem]
    agent-softphone lead --demo        # an embedded broker on 127.0.0.1 and simulated agents

The password is the keyring entry ``team-lead-password``, or the environment
variable named by ``--password-env`` (services, tests), or asked for in a dialog
(kept only for this run).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from softphone.errors import SoftphoneError
from softphone.secrets import SecretStore
from softphone.session import LeadPhone, LeadSession, lead_phone, parse_broker

from ..app import make_app
from ..bridge import EngineBridge
from ..i18n import install_translator, resolve_language
from .wallboard import Wallboard

__all__ = ["run_lead", "lead_parser", "LEAD_PASSWORD_ENTRY"]

LEAD_PASSWORD_ENTRY = "team-lead-password"


def lead_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="agent-softphone lead", description="The team lead's wallboard")
    p.add_argument("--broker", help="the team's MQTT broker, host or host:port (TLS, default port 8883)")
    p.add_argument("--team", help="the team to follow (as the agents' [team] team)")
    p.add_argument("--user", help="the lead's user name on the broker (default: lead-<team>)")
    p.add_argument("--ca", default="", help="the CA certificate of the broker (default: the system's CAs)")
    p.add_argument("--password-env", help="read the password from this environment variable")
    p.add_argument("--demo", action="store_true", help="an embedded broker with simulated agents")
    p.add_argument("--language", default="auto", help="window language (auto, en, zh_CN)")
    p.add_argument("--sip-config", help="the lead's own SIP phone (a settings file with [account], [audio]): "
                   "listen / whisper / barge from the wallboard")
    p.add_argument("--signing-key", help="the key that signs supervision tokens (agent-softphone supervision keygen)")
    return p


def _password(args: argparse.Namespace, user: str) -> str | None:
    if args.password_env:
        return os.environ.get(args.password_env)
    try:
        saved = SecretStore().get_secret(LEAD_PASSWORD_ENTRY)
    except SoftphoneError:
        saved = None
    if saved:
        return saved
    typed, ok = QInputDialog.getText(None, "agent-softphone lead",
                                     QApplication.translate("lead", "Password of {0} on the team server:")
                                     .format(user), QLineEdit.EchoMode.Password)
    return typed if ok else None


def _phone(args: argparse.Namespace) -> tuple[bool, LeadPhone | None]:
    """The lead's SIP phone from ``--sip-config`` and ``--signing-key`` (both, or neither); (False, None): said
    why on stderr."""
    if not (args.sip_config or args.signing_key):
        return True, None
    if not (args.sip_config and args.signing_key):
        print("agent-softphone lead: --sip-config and --signing-key go together", file=sys.stderr)
        return False, None
    try:
        return True, lead_phone(Path(args.sip_config), Path(args.signing_key), SecretStore())
    except (SoftphoneError, OSError, ValueError) as exc:
        print(f"agent-softphone lead: {exc}", file=sys.stderr)
        return False, None


def run_lead(argv: Sequence[str]) -> int:
    args = lead_parser().parse_args(list(argv))
    app = make_app([sys.argv[0]])
    install_translator(app, resolve_language(args.language))
    demo = None
    folder = None
    if args.demo:
        from softphone.demo.team import DemoTeam

        demo = DemoTeam.start()
        address, team, user, password = demo.address, demo.team, demo.lead_user, demo.lead_password
        folder = demo.broker.dir / "lead"  # the demo's numbers go with it, not into the lead's own
    else:
        if not (args.broker and args.team):
            print("agent-softphone lead: --broker and --team are needed (or --demo)", file=sys.stderr)
            return 2
        address, team = parse_broker(args.broker, args.ca), args.team
        user = args.user or f"lead-{team}"
        typed = _password(args, user)
        if typed is None:
            return 1
        password = typed
    ok, phone = _phone(args)
    if not ok:
        return 1
    lead = LeadSession(address, team, user, password, folder, phone)
    board = Wallboard(EngineBridge(), lead)
    board.show()
    lead.start()
    try:
        return int(app.exec())
    finally:
        lead.close()
        if demo is not None:
            demo.close()