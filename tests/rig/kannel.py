"""A real Kannel SMS gateway on 127.0.0.1 for tests: bearerbox + smsbox, and Kannel's fake SMSC.

``fakesmsc`` plays the operator's SMSC: it connects to bearerbox's fake SMSC
port and prints every message bearerbox hands it ("Got message N: <from to
ucs-2 %XX...>", a long message as parts "udh %05%00%03 ref n i data ..."
joined here), which is how a test reads what reached the customer's phone. The config is rendered into a private temp dir with free ports; every
process is stopped by ``stop()`` (or leaving the ``with`` block).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from tests.rig.kamailio import free_port

BEARERBOX = shutil.which("bearerbox") or "/usr/sbin/bearerbox"
SMSBOX = shutil.which("smsbox") or "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
USER, PASSWORD = "softphone", "kannel-test-pw"

_GOT = re.compile(r"Got message \d+: <(\S+) (\S+) (\S+) (.*)>")
_UDH = re.compile(r"(\S+) (\S+) (.*)")  # after "udh": the UDH, the payload's kind, the payload


def kannel_available() -> bool:
    return all(os.access(p, os.X_OK) for p in (BEARERBOX, SMSBOX, FAKESMSC))


class KannelError(RuntimeError):
    """Kannel failed to start; the message carries its logs."""


@dataclass(frozen=True)
class ReceivedSms:
    sender: str
    to: str
    text: str
    at: float  # time.monotonic() when fakesmsc printed it


_CONF = """\
group = core
admin-port = {admin}
admin-password = rig-admin
smsbox-port = {smsbox}
box-allow-ip = "127.0.0.1"
admin-allow-ip = "127.0.0.1"
log-file = "{dir}/bearerbox.log"
log-level = 1
store-type = spool
store-location = "{dir}/spool"

group = smsc
smsc = fake
smsc-id = fake
port = {smsc}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {smsbox}
sendsms-port = {sendsms}
sendsms-interface = 127.0.0.1
log-file = "{dir}/smsbox.log"
log-level = 1

group = sendsms-user
username = {user}
password = {password}
max-messages = 10
default-sender = 10690
concatenation = true
"""


class KannelRig:
    """``with KannelRig() as k: ... k.sendsms_url ... k.wait_message(to) ...``"""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="kannel-rig-"))
        self.ports = {name: free_port() for name in ("admin", "smsbox", "smsc", "sendsms")}
        self._procs: list[subprocess.Popen[bytes]] = []
        self._received: list[ReceivedSms] = []
        self._parts: dict[tuple[str, int], dict[int, bytes]] = {}
        self._cond = threading.Condition()
        self.user, self.password = USER, PASSWORD

    @property
    def sendsms_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['sendsms']}/cgi-bin/sendsms"

    def __enter__(self) -> KannelRig:
        self.start()
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        (self.dir / "spool").mkdir()
        conf = self.dir / "kannel.conf"
        conf.write_text(_CONF.format(dir=self.dir, user=USER, password=PASSWORD, **self.ports))
        self._spawn([BEARERBOX, str(conf)], "bearerbox.out")
        self._wait_port(self.ports["smsbox"], "bearerbox")
        self._spawn([SMSBOX, str(conf)], "smsbox.out")
        self._wait_port(self.ports["sendsms"], "smsbox")
        fake = subprocess.Popen([FAKESMSC, "-H", "127.0.0.1", "-r", str(self.ports["smsc"]), "-m", "0", "1 2 text x"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        self._procs.append(fake)
        threading.Thread(target=self._read_fake, args=(fake,), name="fakesmsc-reader", daemon=True).start()
        self._wait_smsc_online()

    def _spawn(self, argv: list[str], out: str) -> None:
        with open(self.dir / out, "wb") as sink:
            self._procs.append(subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True))

    def _wait_port(self, port: int, who: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.05)
        raise KannelError(f"{who} did not open port {port}:\n{self.logs()}")

    def _wait_smsc_online(self, timeout: float = 10.0) -> None:
        """Until bearerbox's status page shows the fake SMSC connected (messages before it would queue)."""
        url = f"http://127.0.0.1:{self.ports['admin']}/status.txt?password=rig-admin"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                import urllib.request

                with urllib.request.urlopen(url, timeout=1) as reply:  # noqa: S310 - the rig's own port
                    status = reply.read().decode("utf-8", "replace")
                if re.search(r"fake\[fake\].*online", status) or "(online" in status:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise KannelError(f"the fake SMSC did not come online:\n{self.logs()}")

    def _read_fake(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stderr is not None
        for raw in proc.stderr:
            match = _GOT.search(raw.decode("utf-8", "replace"))
            if not match:
                continue
            sender, to, kind, data = match.groups()
            text = self._join_part(to, data) if kind == "udh" else _decode(kind, data)
            if text is not None:
                with self._cond:
                    self._received.append(ReceivedSms(sender, to, text, time.monotonic()))
                    self._cond.notify_all()

    def _join_part(self, to: str, data: str) -> str | None:
        """One part of a long (concatenated) SMS; the whole text once its last part is in, else None."""
        udh_text, _, payload = _UDH.match(data).groups()  # type: ignore[union-attr]
        udh = urllib.parse.unquote_to_bytes(udh_text.replace("+", "%20"))
        ref, total, seq = udh[3], udh[4], udh[5]  # IEI 00: 05 00 03 ref total seq
        parts = self._parts.setdefault((to, ref), {})
        parts[seq] = urllib.parse.unquote_to_bytes(payload.replace("+", "%20"))
        if len(parts) < total:
            return None
        del self._parts[(to, ref)]
        return b"".join(parts[i] for i in sorted(parts)).decode("utf-16-be", "replace")

    def received(self) -> list[ReceivedSms]:
        with self._cond:
            return list(self._received)

    def wait_message(self, to: str, timeout: float = 10.0, after: int = 0) -> ReceivedSms:
        """The first message to ``to`` beyond the first ``after`` messages received; ``TimeoutError`` if none."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [m for m in self._received[after:] if m.to == to]
                if found:
                    return found[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no SMS to {to[:3]}… in {timeout} s")
                self._cond.wait(left)

    def logs(self) -> str:
        parts = []
        for name in ("bearerbox.out", "smsbox.out", "bearerbox.log", "smsbox.log"):
            path = self.dir / name
            if path.exists():
                parts.append(f"--- {name}\n" + path.read_text(errors="replace")[-2000:])
        return "\n".join(parts)

    def stop(self) -> None:
        for proc in reversed(self._procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for proc in self._procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self._procs.clear()
        shutil.rmtree(self.dir, ignore_errors=True)


def _decode(kind: str, data: str) -> str:
    raw = urllib.parse.unquote_to_bytes(data.replace("+", "%20"))
    if kind in ("ucs-2", "ucs2"):
        return raw.decode("utf-16-be", "replace")
    return raw.decode("utf-8", "replace")
