"""A real Kamailio registrar/proxy on 127.0.0.1 for integration tests.

Why a real one: the softphone must cope with real digest challenges,
record-routing and location lookup, which a fake registrar would only imitate.
The config is rendered from ``kamailio.cfg.tmpl`` into a private temp dir;
registrations live in memory, so ``restart()`` also forgets every contact
(which is how tests simulate a registrar reboot).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from types import TracebackType

KAMAILIO_BIN = shutil.which("kamailio") or "/usr/sbin/kamailio"
MODULE_DIRS = ("/usr/lib/x86_64-linux-gnu/kamailio/modules", "/usr/lib/kamailio/modules",
               "/usr/lib64/kamailio/modules", "/usr/local/lib64/kamailio/modules")
TEMPLATE = Path(__file__).with_name("kamailio.cfg.tmpl")
DEFAULT_USERS: dict[str, str] = {"1001": "pw1001", "2001": "pw2001", "2002": "pw2002", "2003": "pw2003"}


class KamailioError(RuntimeError):
    """Kamailio failed to start or stop; the message carries its log."""


def _module_dir() -> str | None:
    return next((d for d in MODULE_DIRS if os.path.isfile(os.path.join(d, "registrar.so"))), None)


def kamailio_available() -> bool:
    """True when the binary and the modules the config needs are installed."""
    return os.path.isfile(KAMAILIO_BIN) and os.access(KAMAILIO_BIN, os.X_OK) and _module_dir() is not None


def free_port() -> int:
    """A port free on 127.0.0.1 for both UDP and TCP at the time of asking."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.bind(("127.0.0.1", 0))
            port = int(u.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
                try:
                    t.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise KamailioError("no free port")


def sip_options_probe(port: int, host: str = "127.0.0.1", timeout: float = 0.3) -> int | None:
    """Send one SIP OPTIONS over UDP; return the reply status code or None."""
    branch = "z9hG4bK" + uuid.uuid4().hex[:16]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        lport = s.getsockname()[1]
        msg = (f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP 127.0.0.1:{lport};branch={branch};rport\r\n"
               f"Max-Forwards: 70\r\nFrom: <sip:probe@{host}>;tag={uuid.uuid4().hex[:8]}\r\n"
               f"To: <sip:{host}:{port}>\r\nCall-ID: {uuid.uuid4().hex}@127.0.0.1\r\n"
               "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
        s.settimeout(timeout)
        s.sendto(msg.encode(), (host, port))
        try:
            data = s.recv(65535)
        except OSError:
            return None
    parts = data.split(b" ", 2)
    return int(parts[1]) if len(parts) > 2 and parts[0] == b"SIP/2.0" else None


class Kamailio:
    """One Kamailio process: ``with Kamailio() as k: ... k.port ...``."""

    domain = "127.0.0.1"

    def __init__(self, port: int | None = None, users: dict[str, str] | None = None,
                 tcp: bool = True, tls: tuple[Path, Path] | None = None,
                 auth_user_must_match: bool = True) -> None:
        """``tls=(certificate, private_key)`` adds a TLS listener on ``.tls_port``;
        ``auth_user_must_match=False`` lets an account authenticate as another
        user (an auth user distinct from the extension, as many PBXes allow)."""
        self.auth_checks = "1" if auth_user_must_match else "0"
        self.port: int = port if port is not None else free_port()
        self.tls = tls
        self.tls_port: int = 0
        while tls and self.tls_port in (0, self.port):  # two asks can return the same free port
            self.tls_port = free_port()
        self.users: dict[str, str] = dict(DEFAULT_USERS if users is None else users)
        self.tcp = tcp
        self.workdir = Path(tempfile.mkdtemp(prefix="rig-kamailio-"))
        self.cfg_path = self.workdir / "kamailio.cfg"
        self.pid_path = self.workdir / "kamailio.pid"
        self.log_path = self.workdir / "kamailio.log"
        self.ctl_socket = self.workdir / "ctl.sock"
        self._proc: subprocess.Popen[bytes] | None = None

    # -- config -----------------------------------------------------------
    def render_config(self) -> str:
        """The config text with every placeholder filled."""
        for u, pw in self.users.items():
            if not u.isalnum() or '"' in pw or "\\" in pw:
                raise ValueError(f"unsupported user/password for the rig: {u!r}")
        users = "\n".join(f'\t$sht(users=>{u}) = "{pw}";' for u, pw in self.users.items())
        values = {
            "PORT": str(self.port), "DISABLE_TCP": "no" if self.tcp else "yes",
            "TCP_LISTEN": f"listen=tcp:127.0.0.1:{self.port}" if self.tcp else "",
            "MPATH": (_module_dir() or "") + "/", "CTL_SOCKET": str(self.ctl_socket),
            "USERS": users or "\t$var(none) = 0;",
            "TLS_LISTEN": f"enable_tls=yes\nlisten=tls:127.0.0.1:{self.tls_port}" if self.tls else "",
            "TLS_MODULE": self._tls_module(),
            "AUTH_CHECKS": self.auth_checks,
        }
        text = TEMPLATE.read_text()
        for key, value in values.items():
            text = text.replace(f"@@{key}@@", value)
        return text

    def _tls_module(self) -> str:
        if not self.tls:
            return ""
        cert, key = self.tls
        tls_cfg = self.workdir / "tls.cfg"
        tls_cfg.write_text(f"[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n"
                           f"private_key = {key}\ncertificate = {cert}\n\n[client:default]\nmethod = TLSv1.2+\n"
                           f"verify_certificate = no\nrequire_certificate = no\n")
        return f'loadmodule "tls.so"\nmodparam("tls", "config", "{tls_cfg}")'

    # -- lifecycle --------------------------------------------------------
    def start(self, timeout: float = 10.0) -> None:
        """Start and wait until it answers OPTIONS over UDP; raise with the log if not."""
        if self.running:
            return
        self.cfg_path.write_text(self.render_config())
        self.pid_path.unlink(missing_ok=True)
        log = open(self.log_path, "ab")
        log.write(f"==== start {time.strftime('%H:%M:%S')} port {self.port}\n".encode())
        log.flush()
        cmd = [KAMAILIO_BIN, "-f", str(self.cfg_path), "-P", str(self.pid_path),
               "-DD", "-E", "-n", "1", "-m", "64", "-M", "8", "-w", str(self.workdir)]
        self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                      cwd=self.workdir, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                break
            if sip_options_probe(self.port) == 200:
                return
            time.sleep(0.05)
        self._kill()
        raise KamailioError(f"kamailio did not come up on port {self.port}:\n{self.log_text()}")

    def stop(self, timeout: float = 5.0) -> None:
        """TERM the main process (it takes its children down) and wait."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout)
        self._wait_port_free(timeout)

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def _wait_port_free(self, timeout: float) -> None:
        """Children may linger an instant after the main process; wait for the port."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                    u.bind(("127.0.0.1", self.port))
                return
            except OSError:
                time.sleep(0.05)

    def restart(self) -> None:
        """Stop and start again on the same port; registrations are forgotten."""
        self.stop()
        self.start()

    def drop_tcp_connections(self) -> None:
        """Close every TCP connection (clients see a transport error).

        Kamailio 5.6 has no RPC that closes one TCP connection, so this restarts.
        """
        self.restart()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def uri(self, user: str) -> str:
        return f"sip:{user}@{self.domain}:{self.port}"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def rpc(self, *args: str) -> str:
        """Run ``kamcmd`` against this instance (e.g. ``rpc("ul.dump")``)."""
        out = subprocess.run(["kamcmd", "-s", f"unix:{self.ctl_socket}", *args],
                             capture_output=True, text=True, timeout=5)
        return out.stdout + out.stderr

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Kamailio:
        self.start()
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
