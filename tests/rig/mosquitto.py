"""A real Eclipse Mosquitto MQTT broker on 127.0.0.1 for tests: TLS, passwords, an ACL file.

The broker a team runs for the live view of its agents (``resources/team/mosquitto.conf.example``):
one TLS listener (and, with ``plain=True``, a plain TCP one for benchmarks), both on 127.0.0.1 only, on
free ports; no anonymous clients; users from ``mosquitto_passwd``; the ACL given as text (by default the
example the product ships, ``resources/team/mosquitto.acl.example``). Mosquitto runs in the foreground as
its own process; its log (stderr) goes to ``mosquitto.log`` in the rig's folder, whose tail is in every
error. ``restart()`` brings it back on the same ports (a broker reboot in the middle of a call);
``close()`` (or leaving the ``with`` block) stops it and removes the folder.

Measured with mosquitto 2.0.11 (Debian 12), 20 rounds on the dev container while the test suite ran:
``start()`` returns, a TLS handshake done, in 12 ms (median; 18 ms at most), of which ``mosquitto_passwd -U``
hashing the password file is 5 ms; ``stop()`` 1 ms (one 110 ms outlier); ``restart()`` with two TLS clients
connected 18 ms (130 ms at most). A paho client notices at once and is back about 1 s later (paho's
smallest reconnect delay). Making the CA and server certificate in the constructor takes about 40 ms.

Mosquitto 2.0.11 gotcha the config avoids: a listener option (``certfile``, ``use_username_as_clientid``,
...) written above the first ``listener`` line makes it open a default listener on 0.0.0.0:1883 and
[::]:1883 as well, so here every such option follows its ``listener`` line (``listening()`` checks it).

Running as root: mosquitto 2.x started as root switches to the ``mosquitto`` user *before* it reads the
password and ACL files, so with the rig's private (0700, root's) folder it stops at once with
``Error: Unable to open pwfile``. As root the rig therefore writes ``user root`` into the config, which
keeps it root (it logs "Warning: Mosquitto should not be run as root/administrator." and runs); the
folder stays private. Started by any other user, mosquitto switches to no one (``user`` is only for root)
and the rig leaves the line out.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from tests.rig.certs import make_ca_and_server
from tests.rig.kamailio import free_port

MOSQUITTO = "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
EXAMPLE_ACL = Path(__file__).resolve().parents[2] / "resources" / "team" / "mosquitto.acl.example"
# the users the example ACL names: two agents of team-a, one of team-b, and each team's lead
DEFAULT_USERS: dict[str, str] = {"agent-1001": "pw1", "agent-1002": "pw2", "agent-2001": "pw4",
                                 "lead-team-a": "pw3", "lead-team-b": "pw5"}


def mosquitto_available() -> bool:
    """True when the broker and ``mosquitto_passwd`` (both in Debian's ``mosquitto``) are installed."""
    return all(os.path.isfile(p) and os.access(p, os.X_OK) for p in (MOSQUITTO, MOSQUITTO_PASSWD))


class MosquittoError(RuntimeError):
    """Mosquitto failed to start; the message carries the tail of its log."""


class MosquittoRig:
    """``with MosquittoRig() as broker: ... broker.tls_port, broker.ca_path, broker.users ...``"""

    host = "127.0.0.1"

    def __init__(self, users: dict[str, str] | None = None, acl: str | None = None, plain: bool = False,
                 persistence: bool = False, username_as_client_id: bool = True) -> None:
        """``users`` maps user name to password (default ``DEFAULT_USERS``); ``acl`` is the ACL file's text
        (default: the shipped example); ``plain=True`` adds a plain TCP listener on ``plain_port``;
        ``persistence=True`` keeps retained messages and sessions across ``restart()`` (saved in the
        rig's folder when mosquitto stops), else a restart forgets them as a fresh broker would.
        ``username_as_client_id`` is the shipped config's ``use_username_as_clientid true``: the broker
        replaces every client id with the user name, so one user cannot take over another's session
        (and a second connection with the same user name closes the first).
        ``users`` and ``acl`` are written at every ``start()``: change them, then ``restart()``."""
        self.users: dict[str, str] = dict(DEFAULT_USERS if users is None else users)
        self.acl: str = EXAMPLE_ACL.read_text() if acl is None else acl
        self.persistence = persistence
        self.username_as_client_id = username_as_client_id
        self.dir = Path(tempfile.mkdtemp(prefix="mosquitto-rig-"))
        self.ca_path, self.cert_path, self.key_path = make_ca_and_server(self.dir)
        self.tls_port: int = free_port()
        self.plain_port: int | None = None
        while plain and self.plain_port in (None, self.tls_port):  # two asks can return the same free port
            self.plain_port = free_port()
        self.conf_path = self.dir / "mosquitto.conf"
        self.passwd_path = self.dir / "passwd"
        self.acl_path = self.dir / "acl"
        self.log_path = self.dir / "mosquitto.log"
        self.started_in: float = 0.0  # seconds the last start() took, up to a finished TLS handshake
        self._proc: subprocess.Popen[bytes] | None = None

    # -- config -----------------------------------------------------------
    def render_config(self) -> str:
        lines = ["user root"] if os.geteuid() == 0 else []
        # listener options (use_username_as_clientid, certfile, ...) only after a "listener" line: mosquitto 2.0.11
        # takes one above every listener as the default listener's and opens 0.0.0.0:1883 and [::]:1883 for it
        per_listener = [f"use_username_as_clientid {'true' if self.username_as_client_id else 'false'}"]
        lines += [
            "per_listener_settings false",
            "allow_anonymous false",
            f"password_file {self.passwd_path}",
            f"acl_file {self.acl_path}",
            f"persistence {'true' if self.persistence else 'false'}",
            f"persistence_location {self.dir}/",
            "log_dest stderr",
            # every connect, refusal and subscription; not "debug", which logs each PUBLISH (benchmarks)
            "log_type error", "log_type warning", "log_type notice", "log_type information",
            "log_type subscribe", "log_type unsubscribe",
            "connection_messages true",
            "log_timestamp_format %H:%M:%S",
            "",
            f"listener {self.tls_port} {self.host}",
            f"certfile {self.cert_path}",
            f"keyfile {self.key_path}",
            *per_listener,
        ]
        if self.plain_port is not None:
            lines += ["", f"listener {self.plain_port} {self.host}", *per_listener]
        return "\n".join(lines) + "\n"

    def _write_files(self) -> None:
        for name, pw in self.users.items():
            if not name or any(c in name for c in ":\n") or "\n" in pw:
                raise ValueError(f"unsupported user/password for the rig: {name!r}")
        self.passwd_path.write_text("".join(f"{name}:{pw}\n" for name, pw in self.users.items()))
        done = subprocess.run([MOSQUITTO_PASSWD, "-U", str(self.passwd_path)], capture_output=True, text=True,
                              timeout=30)
        if done.returncode != 0:
            raise MosquittoError(f"mosquitto_passwd -U failed: {done.stdout}{done.stderr}")
        self.acl_path.write_text(self.acl)
        self.conf_path.write_text(self.render_config())

    # -- lifecycle --------------------------------------------------------
    def start(self, timeout: float = 10.0) -> None:
        """Start and wait until a TLS handshake on ``tls_port`` succeeds; raise with the log if not."""
        if self.running:
            return
        began = time.monotonic()
        self._write_files()
        with open(self.log_path, "ab") as log:
            log.write(f"==== start {time.strftime('%H:%M:%S')} tls {self.tls_port} plain {self.plain_port}\n".encode())
            log.flush()
            self._proc = subprocess.Popen([MOSQUITTO, "-c", str(self.conf_path)], stdin=subprocess.DEVNULL,
                                          stdout=log, stderr=log, cwd=self.dir, start_new_session=True)
        deadline = began + timeout
        while time.monotonic() < deadline and self._proc.poll() is None:
            if self._tls_handshake():
                self.started_in = time.monotonic() - began
                return
            time.sleep(0.005)
        self.stop()
        raise MosquittoError(f"mosquitto did not come up on 127.0.0.1:{self.tls_port}:\n{self.log_tail()}")

    def _tls_handshake(self) -> bool:
        """One TLS handshake against the broker's certificate (the listener is bound and the broker serving)."""
        context = ssl.create_default_context(cafile=str(self.ca_path))
        try:
            with socket.create_connection((self.host, self.tls_port), timeout=1) as raw:
                with context.wrap_socket(raw, server_hostname=self.host) as tls:
                    tls.unwrap()  # a close_notify: else mosquitto logs "OpenSSL Error ... unexpected eof"
                    return True
        except OSError:  # ssl.SSLError is an OSError
            return False

    def stop(self, timeout: float = 5.0) -> None:
        """TERM mosquitto and wait for it to exit (KILL after ``timeout``); the folder stays for ``start()``."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout)

    def restart(self) -> None:
        """Stop and start again on the same ports; clients are disconnected and must reconnect."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop and remove the folder."""
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def listening(self) -> set[tuple[str, int]]:
        """(address, port) of every TCP socket the broker listens on (IPv4 and IPv6), read from /proc."""
        if not self.running or self.pid is None:
            return set()
        inodes: set[str] = set()
        for fd in Path(f"/proc/{self.pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:  # closed meanwhile
                continue
            if target.startswith("socket:["):
                inodes.add(target[len("socket:["):-1])
        found: set[tuple[str, int]] = set()
        for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
            if not os.path.exists(table):
                continue
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and inode in inodes:  # 0A: LISTEN
                    address, port = local.split(":")
                    raw = bytes.fromhex(address)  # the kernel prints each 32-bit word in host (little-endian) order
                    raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                    found.add((socket.inet_ntop(family, raw), int(port, 16)))
        return found

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_text()[-chars:]

    def __enter__(self) -> MosquittoRig:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
