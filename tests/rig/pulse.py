"""A private PulseAudio daemon with null sinks: a clocked sound card for tests.

Why: a headless machine has no sound card, and an ALSA ``null`` pcm opens but
is unclocked, so timing and device-loss code would go untested. A null sink is
clocked like real hardware and its ``.monitor`` source captures what was
played, which gives a loopback proof ("the app played X").

What works (measured on Debian 12, PulseAudio 16.1, PortAudio 19.6 via
``sounddevice`` 0.5.6, running as root):

* ``pulseaudio -n --daemonize=false --disallow-exit --exit-idle-time=-1
  --use-pid-file=false`` runs as root *without* ``--system`` (only a warning),
  given HOME / XDG_RUNTIME_DIR / PULSE_RUNTIME_PATH / PULSE_STATE_PATH in a temp
  dir. ``-n`` skips default.pa, so no hardware/udev/dbus modules load; clients
  reach it through ``module-native-protocol-unix auth-anonymous=1`` at a socket
  path given to clients as ``PULSE_SERVER=unix:<path>``.
* ALSA is routed to it by an asoundrc at ``$XDG_CONFIG_HOME/alsa/asoundrc``
  (alsa-lib 1.2.8 reads that path), so HOME need not change for the test
  process. Each sink gets two hinted ALSA pcms, which PortAudio lists as
  separate devices: ``<sink>`` (playback into the sink) and
  ``<sink>_monitor`` (capture from ``<sink>.monitor``), next to ``pulse``
  and ``default`` (which follow ``pactl set-default-sink/-source`` at the time
  a stream is opened). Device names in ``sd.query_devices()`` are exactly
  ``"spk_a"``, ``"spk_a_monitor"``, ``"pulse"``, ``"default"`` (host API ALSA,
  each reporting 32 in / 32 out channels).
* Playing 1 kHz into ``spk_a`` while recording ``spk_a_monitor`` (or
  ``pulse`` while spk_a is the default) captures the tone at the same level.

Unplug (``remove_sink``) seen from PortAudio: an open output stream on the
removed sink stalls silently: its callback stops being called while
``stream.active`` stays True and no status flag is raised (PulseAudio moves the
sink input to another sink, the ALSA plugin stops delivering). Re-opening the
removed device raises ``PortAudioError`` (ALSA error -5, "No such entity" in
the pulse plugin). So device loss must be detected by a callback watchdog or
by re-enumerating, not by waiting for an error.

What does not work:

* Capturing from the *sink* pcm (``device "spk_a"`` in capture direction)
  fails to open (ALSA -5): capture must name the monitor.
* PortAudio enumerates devices once per ``Pa_Initialize``: after
  ``add_sink``/``remove_sink`` a process must re-initialise
  (``sd._terminate(); sd._initialize()``) to see the new device list.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

PULSEAUDIO_BIN = shutil.which("pulseaudio") or "/usr/bin/pulseaudio"
PACTL_BIN = shutil.which("pactl") or "/usr/bin/pactl"


class PulseError(RuntimeError):
    """The daemon did not start or a pactl command failed."""


def pulse_available() -> bool:
    """True when pulseaudio, pactl and the ALSA pulse plugin are installed."""
    plugin = any(Path(d, "libasound_module_pcm_pulse.so").exists()
                 for d in ("/usr/lib/x86_64-linux-gnu/alsa-lib", "/usr/lib/alsa-lib",
                           "/usr/lib64/alsa-lib"))
    return os.access(PULSEAUDIO_BIN, os.X_OK) and os.access(PACTL_BIN, os.X_OK) and plugin


class PulseLoopback:
    """``with PulseLoopback() as pa: env = pa.env`` (apply before importing sounddevice)."""

    def __init__(self, sinks: tuple[str, ...] = ("spk_a", "spk_b")) -> None:
        self.initial_sinks = sinks
        self.root = Path(tempfile.mkdtemp(prefix="rig-pulse-"))
        self.socket = self.root / "native"
        self.log_path = self.root / "pulseaudio.log"
        self.asoundrc = self.root / "xdg" / "alsa" / "asoundrc"
        self.modules: dict[str, int] = {}  # sink name -> module index
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        """Variables a client process needs (merge into os.environ or monkeypatch)."""
        return {"PULSE_SERVER": f"unix:{self.socket}",
                "XDG_CONFIG_HOME": str(self.root / "xdg")}

    def _daemon_env(self) -> dict[str, str]:
        env = dict(os.environ, **self.env)
        for key, sub in (("HOME", "home"), ("XDG_RUNTIME_DIR", "run"),
                         ("PULSE_RUNTIME_PATH", "run"), ("PULSE_STATE_PATH", "state")):
            (self.root / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
            env[key] = str(self.root / sub)
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        return env

    def start(self, timeout: float = 10.0) -> None:
        """Start the daemon, wait until pactl answers, create the initial sinks."""
        self.asoundrc.parent.mkdir(parents=True, exist_ok=True)
        self._write_asoundrc()
        cmd = [PULSEAUDIO_BIN, "-n", "--daemonize=false", "--disallow-exit",
               "--exit-idle-time=-1", "--use-pid-file=false", "--log-target=stderr",
               "-L", f"module-native-protocol-unix auth-anonymous=1 socket={self.socket}"]
        with open(self.log_path, "wb") as log:
            self._proc = subprocess.Popen(cmd, env=self._daemon_env(), stdin=subprocess.DEVNULL,
                                          stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                break
            if self.socket.exists() and self._pactl("info", check=False).returncode == 0:
                for name in self.initial_sinks:
                    self.add_sink(name)
                return
            time.sleep(0.05)
        self.stop()
        raise PulseError(f"pulseaudio did not start:\n{self.log_text()}")

    def _pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        out = subprocess.run([PACTL_BIN, *args], env=dict(os.environ, **self.env),
                             capture_output=True, text=True, timeout=10)
        if check and out.returncode != 0:
            raise PulseError(f"pactl {' '.join(args)}: {out.stderr.strip()}")
        return out

    def pactl(self, *args: str) -> str:
        """Run any pactl command against this daemon; return stdout."""
        return self._pactl(*args).stdout

    def _write_asoundrc(self) -> None:
        lines = ['pcm.!default { type pulse hint { show on description "pulse default" } }',
                 "ctl.!default { type pulse }"]
        for name in self.modules:
            lines.append(f'pcm.{name} {{ type pulse device "{name}" '
                         f'hint {{ show on description "sink {name}" }} }}')
            lines.append(f'pcm.{name}_monitor {{ type pulse device "{name}.monitor" '
                         f'hint {{ show on description "monitor of {name}" }} }}')
        self.asoundrc.write_text("\n".join(lines) + "\n")

    def add_sink(self, name: str) -> int:
        """Create a null sink (capture side ``<name>.monitor``); return its module index."""
        if not name.replace("_", "").isalnum():
            raise ValueError(f"sink names must be alphanumeric/underscore: {name!r}")
        index = int(self.pactl("load-module", "module-null-sink", f"sink_name={name}",
                               f"sink_properties=device.description={name}").strip())
        self.modules[name] = index
        self._write_asoundrc()
        return index

    def remove_sink(self, name: str) -> None:
        """Unload the sink's module, like a USB headset being unplugged."""
        self.pactl("unload-module", str(self.modules.pop(name)))
        self._write_asoundrc()

    def set_default_sink(self, name: str) -> None:
        self.pactl("set-default-sink", name)

    def set_default_source(self, name: str) -> None:
        self.pactl("set-default-source", name)

    def sinks(self) -> list[str]:
        return [ln.split("\t")[1] for ln in self.pactl("list", "short", "sinks").splitlines() if ln]

    def sources(self) -> list[str]:
        return [ln.split("\t")[1] for ln in self.pactl("list", "short", "sources").splitlines() if ln]

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 5.0) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.modules.clear()

    def __enter__(self) -> PulseLoopback:
        self.start()
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
