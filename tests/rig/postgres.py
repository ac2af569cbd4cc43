"""A real PostgreSQL server on 127.0.0.1 for tests: initdb into a temporary folder, stopped afterwards.

PostgreSQL refuses to run as root, so as root (the CI) the cluster belongs to
the ``postgres`` user that Debian's package creates, and its programs run
through ``runuser``. One database ``ledger`` and a password login for user
``softphone`` (scram-sha-256), so the tests go through the same password path as
a team's server. ``stop()`` (or leaving the ``with`` block) stops the server and
removes the folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from tests.rig.kamailio import free_port

USER, PASSWORD, DATABASE = "softphone", "ledger-test-pw", "ledger"


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def postgres_available() -> bool:
    return _bin_dir() is not None


class PostgresError(RuntimeError):
    """The server failed to start; the message carries its log."""


class PostgresRig:
    def __init__(self) -> None:
        bin_dir = _bin_dir()
        if bin_dir is None:
            raise PostgresError("PostgreSQL is not installed (installer/setup.sh --test installs it)")
        self.bin = bin_dir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="pg-rig-"))
        self.data = self.dir / "data"
        self._as: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        """The URL a softphone's settings hold (no password: that is in the keyring)."""
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self._as, *args], capture_output=True, text=True, check=check, timeout=60)

    def start(self) -> PostgresRig:
        pwfile = self.dir / "pw"
        pwfile.write_text(PASSWORD)
        if self._as:
            owner = pwd.getpwnam("postgres")
            os.chown(pwfile, owner.pw_uid, owner.pw_gid)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, "--pwfile", str(pwfile),
                  "--auth", "scram-sha-256", "-E", "UTF8", "--no-sync")
        self.resume()
        env = {**os.environ, "PGPASSWORD": PASSWORD}
        subprocess.run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, DATABASE],
                       env=env, check=True, capture_output=True, timeout=30)
        return self

    def resume(self) -> None:
        """Start the server (again, after ``pause``)."""
        opts = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off -c max_connections=60"
        done = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log"),
                         "-o", opts, "-w", "-t", "30", "start", check=False)
        if done.returncode != 0:
            log = (self.dir / "server.log").read_text(errors="replace") if (self.dir / "server.log").exists() else ""
            raise PostgresError(f"pg_ctl start failed: {done.stderr}\n{log}")

    def pause(self) -> None:
        """Stop the server, keeping its data: the database is down."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        deadline = time.monotonic() + 10
        while (self.data / "postmaster.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        self.pause()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> PostgresRig:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
