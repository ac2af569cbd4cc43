"""``agent-softphone doctor``: one plain-word verdict per thing that can break.

Checks: the installed copy (its parts, the window's libraries, the speech
model: ``doctor_install``), sound devices, password store, data folder, server reachability
(a SIP OPTIONS over plain sockets, no pjsua2), and a real registration.
Exit code 0 when nothing failed (warnings allowed), 1 otherwise.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict

from ..errors import SoftphoneError
from .doctor_install import check_installation, check_speech, check_window
from .verdict import Verdict
from ..events import RegistrationChanged
from ..paths import settings_path
from ..secrets import SecretStore, resolve_password
from ..settings import Settings, load_settings
from ..states import RegState

__all__ = ["Verdict", "run_doctor", "sip_options_probe"]


def _check_audio() -> Verdict:
    from ..audio.devices import list_devices

    try:
        devices = list_devices()
    except SoftphoneError as exc:
        return Verdict("audio", "failed", exc.user_message)
    inputs = [d for d in devices if d.max_input > 0]
    outputs = [d for d in devices if d.max_output > 0]
    if not inputs or not outputs:
        return Verdict("audio", "failed", f"No {'microphone' if not inputs else 'speaker or headset'} found. Plug in the headset.")
    d_in = next((d.name for d in inputs if d.default_input), inputs[0].name)
    d_out = next((d.name for d in outputs if d.default_output), outputs[0].name)
    return Verdict("audio", "ok", f"{len(inputs)} input and {len(outputs)} output devices; default microphone “{d_in}”, default output “{d_out}”.")


def _check_keyring() -> Verdict:
    store = SecretStore()
    if store.is_usable():
        return Verdict("password store", "ok", f"Passwords are kept in the system keyring ({store.backend_name()}).")
    return Verdict("password store", "warning", "No system keyring: the password cannot be saved. "
                   "Enter it at each start or set the environment variable named by account.password_env.")


def _check_storage(settings: Settings) -> Verdict:
    """Opens the history with its key, as the app does; without a key it only
    checks the folder (opening would upgrade an old database keyless and keep
    masked numbers only)."""
    from ..storage.db import database_path, open_database
    from ..storage.vault import history_cipher

    path = database_path(settings.storage)
    cipher, problem = history_cipher(SecretStore())
    try:
        if cipher is None:
            probe = path.parent / ".doctor-probe"
            probe.write_text("")
            probe.unlink()
        else:
            open_database(path, cipher).conn.close()
    except SoftphoneError as exc:
        return Verdict("storage", "failed", exc.user_message)
    except OSError as exc:
        return Verdict("storage", "failed", f"The data folder {path.parent} cannot be written ({exc.strerror}).")
    if problem is not None:
        return Verdict("storage", "warning", problem.user_message)
    return Verdict("storage", "ok", f"Call history is writable and encrypted ({path.parent}).")


def sip_options_probe(host: str, port: int, transport: str, timeout: float = 3.0) -> int:
    """Send SIP OPTIONS and return the response code; raises OSError on failure."""
    kind = socket.SOCK_DGRAM if transport == "udp" else socket.SOCK_STREAM
    family, _, _, _, addr = socket.getaddrinfo(host, port, type=kind)[0]
    with socket.socket(family, kind) as sock:
        sock.settimeout(timeout)
        sock.connect(addr)
        local = sock.getsockname()
        tag = uuid.uuid4().hex[:10]
        proto = transport.upper()
        msg = (f"OPTIONS sip:{host}:{port} SIP/2.0\r\nVia: SIP/2.0/{proto} {local[0]}:{local[1]};branch=z9hG4bK{tag};rport\r\n"
               f"Max-Forwards: 70\r\nFrom: <sip:doctor@{local[0]}>;tag={tag}\r\nTo: <sip:{host}>\r\n"
               f"Call-ID: {tag}@doctor\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
        sock.send(msg.encode())
        data = sock.recv(4096).decode(errors="replace")
    return int(data.split(" ", 2)[1])


def _check_server(settings: Settings) -> Verdict:
    acc = settings.account
    if not acc.server:
        return Verdict("server", "skipped", "No phone server is configured.")
    host, _, port = acc.server.rpartition(":") if acc.server.count(":") == 1 else (acc.server, "", "")
    port_n = int(port) if port else (5061 if acc.transport == "tls" else 5060)
    if acc.transport == "tls":
        return _check_tcp(host, port_n)
    try:
        code = sip_options_probe(host, port_n, acc.transport)
    except socket.gaierror:
        return Verdict("server", "failed", f"The server name “{host}” cannot be found (DNS).")
    except OSError as exc:
        return Verdict("server", "failed", f"The server {host}:{port_n} does not answer ({exc.__class__.__name__}).")
    return Verdict("server", "ok", f"The server {host}:{port_n} answers over {acc.transport.upper()} (SIP {code}).")


def _check_tcp(host: str, port: int) -> Verdict:
    try:
        socket.create_connection((host, port), timeout=3).close()
    except socket.gaierror:
        return Verdict("server", "failed", f"The server name “{host}” cannot be found (DNS).")
    except OSError:
        return Verdict("server", "failed", f"The server {host}:{port} does not accept connections.")
    return Verdict("server", "ok", f"The server {host}:{port} accepts TLS connections.")


def _check_registration(settings: Settings) -> Verdict:
    from ..engine import Engine
    import dataclasses

    if not (settings.account.server and settings.account.register):
        return Verdict("registration", "skipped", "Registration is not configured.")
    try:
        password = resolve_password(settings.account, SecretStore())
    except SoftphoneError:
        password = None
    if password is None:
        return Verdict("registration", "skipped", "No password available (keyring or account.password_env).")
    quiet = dataclasses.replace(settings, audio=dataclasses.replace(settings.audio, enabled=False))
    engine = Engine(quiet, password=password)
    done = threading.Event()
    result: list[RegistrationChanged] = []

    def on_reg(e: RegistrationChanged) -> None:
        if e.new in (RegState.REGISTERED, RegState.FAILED):
            result.append(e)
            done.set()

    engine.bus.subscribe(on_reg, RegistrationChanged)
    try:
        engine.start()
        engine.register()
        done.wait(12)
    except SoftphoneError as exc:
        return Verdict("registration", "failed", exc.user_message)
    finally:
        engine.stop()
    if not result:
        return Verdict("registration", "failed", "The server did not answer the sign-in within 12 seconds.")
    e = result[0]
    if e.new is RegState.REGISTERED:
        return Verdict("registration", "ok", f"Signed in as {settings.account.user}.")
    return Verdict("registration", "failed", f"{e.user_message} (SIP {e.code} {e.reason})")


def run_doctor(config: str | None, *, as_json: bool, audio: bool = True) -> int:
    try:
        path = config or str(settings_path())
        settings = load_settings(path) if config or settings_path().exists() else Settings()
    except SoftphoneError as exc:
        verdicts = [Verdict("settings", "failed", exc.user_message)]
    else:
        checks: list[Callable[[], Verdict]] = [
            (lambda: _check_audio()) if audio else (lambda: Verdict("audio", "skipped", "Not checked (--no-audio).")),
            check_installation, check_window, check_speech,
            _check_keyring, lambda: _check_storage(settings), lambda: _check_server(settings),
            lambda: _check_registration(settings),
        ]
        verdicts = [Verdict("settings", "ok", f"Settings read from {path}." if config or settings_path().exists()
                            else "No settings file yet: defaults used.")]
        verdicts += [c() for c in checks]
    _print(verdicts, as_json)
    return 1 if any(v.status == "failed" for v in verdicts) else 0


def _print(verdicts: list[Verdict], as_json: bool) -> None:
    if as_json:
        print(json.dumps({"verdicts": [asdict(v) for v in verdicts],
                          "ok": not any(v.status == "failed" for v in verdicts)}, ensure_ascii=False))
        return
    marks = {"ok": "OK  ", "warning": "WARN", "failed": "FAIL", "skipped": "SKIP"}
    for v in verdicts:
        print(f"[{marks[v.status]}] {v.check:<14} {v.message}")
    sys.stdout.flush()
