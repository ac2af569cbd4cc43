"""The Linux workstation package, as IT would use it: build, ``apt-get install ./…deb``, run, ``apt-get purge``.

The package is built by ``installer/build_deb.sh`` (gzip level 1 here, for
speed), installed into this machine with apt, used from ``/usr/bin`` with a
fresh profile in a temporary folder and no access to this checkout (the
working directory is elsewhere, no ``PYTHONPATH``), then purged; the folders a
package can touch are listed before and after, and must be the same.

Needs root and apt (CI runs as root). It refuses to run where the package is
already installed: purging a real installation is not a test's business.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.rig.xvfb import Xvfb, wait_for_window, xvfb_available

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "agent-softphone"
WATCHED = ("/opt", "/usr", "/etc", "/var")
NOT_WATCHED = ("/var/lib/dpkg", "/var/lib/apt", "/var/cache", "/var/log", "/var/tmp", "/var/spool",
               "/var/lib/postgresql")  # apt's and dpkg's own records, logs, and other tests' servers


def _installed(package: str) -> bool:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return "install ok installed" in out.stdout


def _apt(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return subprocess.run(["apt-get", "-y", "-q", *args], capture_output=True, text=True, env=env, timeout=300)


def _snapshot() -> set[str]:
    paths: set[str] = set()
    for top in WATCHED:
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if os.path.join(folder, d) not in NOT_WATCHED]
            paths.update(os.path.join(folder, name) for name in dirs + files)
    return paths


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip("installing a .deb needs root and apt-get (CI runs as root)")
    if _installed(PACKAGE):
        pytest.skip("agent-softphone is installed on this machine for real: the test would purge it")
    out_dir = tmp_path_factory.mktemp("deb")
    build = subprocess.run(["bash", str(ROOT / "installer" / "build_deb.sh"), "--compress", "gzip", "--out",
                            str(out_dir)], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert build.returncode == 0, build.stderr[-3000:]
    return Path(build.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def installed(deb: Path) -> Iterator[set[str]]:
    before = _snapshot()
    result = _apt("install", "--no-install-recommends", str(deb))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    yield before
    if _installed(PACKAGE):  # a failed test before the purge test
        _apt("purge", PACKAGE)


@pytest.fixture()
def user_env(tmp_path: Path) -> dict[str, str]:
    """A user with a fresh profile, away from this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "AGENT_SOFTPHONE", "VIRTUAL_ENV"))}
    env.pop("DISPLAY", None)
    env.update(HOME=str(tmp_path / "home"), AGENT_SOFTPHONE_HOME=str(tmp_path / "profile"),
               PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
    (tmp_path / "home").mkdir()
    return env


def test_the_package_declares_its_dependencies_and_holds_only_its_own_folders(deb: Path) -> None:
    control = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(": ", 1) for line in control.splitlines() if ": " in line and not line.startswith(" "))
    depends = {d.strip().split(" ")[0] for d in fields["Depends"].split(",")}
    listed = (ROOT / "installer" / "runtime-debs.txt").read_text().splitlines()
    wanted = {line.split("#")[0].strip() for line in listed} - {""}
    assert wanted <= depends and "python3.11" in depends, depends
    assert {"libportaudio2", "fonts-noto-cjk", "libxcb-icccm4", "libxcb-keysyms1"} <= depends
    assert deb.name == f"agent-softphone_{fields['Version']}_amd64.deb"
    files = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    paths = [line.split()[5].lstrip(".") for line in files.splitlines()]
    allowed = ("/opt/agent-softphone", "/usr/bin/agent-softphone", "/usr/share/applications/agent-softphone.desktop",
               "/usr/share/icons/hicolor/scalable/apps/agent-softphone.svg", "/usr/share/doc/agent-softphone")
    strays = [p for p in paths if p.rstrip("/") and not p.startswith(allowed) and not any(a.startswith(p) for a in allowed)]
    assert not strays, strays[:10]
    ours = [p for p in paths if p.startswith("/opt/agent-softphone/app/")]
    assert "/opt/agent-softphone/app/resources/i18n/agent_softphone_zh_CN.qm" in ours
    assert not [p for p in ours if "/tests/" in p or p.endswith(".ts")], "the app ships without tests and sources of translations"


def test_the_menu_entry_starts_the_app_with_its_icon(installed: set[str]) -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read("/usr/share/applications/agent-softphone.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "agent-softphone" and desktop["Type"] == "Application"
    assert Path(f"/usr/share/icons/hicolor/scalable/apps/{desktop['Icon']}.svg").is_file()
    assert desktop["Name[zh_CN]"] and "Telephony" in desktop["Categories"]
    assert entry["Desktop Action demo"]["Exec"] == "agent-softphone --demo"
    assert shutil.which("agent-softphone", path="/usr/bin") == "/usr/bin/agent-softphone"


def test_doctor_from_the_installed_copy(installed: set[str], user_env: dict[str, str], tmp_path: Path) -> None:
    out = subprocess.run(["agent-softphone", "doctor", "--json", "--no-audio"], capture_output=True, text=True,
                         env=user_env, cwd=tmp_path, timeout=60)
    verdicts = {v["check"]: v for v in json.loads(out.stdout)["verdicts"]}
    assert out.returncode == 0 and verdicts["installation"]["status"] == "ok", out.stdout
    assert "Debian package" in verdicts["installation"]["message"]
    assert "/opt/agent-softphone/app/resources" in verdicts["installation"]["message"]
    assert verdicts["window"]["status"] == "ok", verdicts["window"]
    # built without --model: no speech model, and doctor says what to do
    assert verdicts["speech model"]["status"] == "warning" and "Settings" in verdicts["speech model"]["message"]


def test_the_installed_copy_finds_the_model_zips_it_carries(installed: set[str], user_env: dict[str, str],
                                                              tmp_path: Path) -> None:
    """``build_deb.sh --model ZIP`` puts zips in /opt/agent-softphone/models; the installed app looks there."""
    probe = "from softphone.asr.bundled import bundled_models_dir; print(bundled_models_dir())"
    out = subprocess.run(["/opt/agent-softphone/venv/bin/python", "-I", "-B", "-c", probe], capture_output=True,
                         text=True, env=user_env, cwd=tmp_path, timeout=60)
    assert out.stdout.strip() == "/opt/agent-softphone/models", out.stderr[-1000:]
    assert Path("/opt/agent-softphone/models").is_dir()


def test_terminal_demo_from_the_installed_copy(installed: set[str], user_env: dict[str, str], tmp_path: Path) -> None:
    env = dict(user_env, AGENT_SOFTPHONE_DEMO_TALK="3")
    out = subprocess.run(["agent-softphone", "--demo"], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=90, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Incoming AI hand-off  [DEMO]" in out.stdout and "call confirmed" in out.stdout
    assert any("customer ▮" in line for line in out.stdout.splitlines()), "the bot's speech reached the call"


@pytest.mark.skipif(not xvfb_available(), reason="needs Xvfb and xwininfo (Debian xvfb, x11-utils)")
def test_window_opens_on_an_x_display_from_the_installed_copy(installed: set[str], user_env: dict[str, str],
                                                              tmp_path: Path) -> None:
    """Under a real X server Qt loads its xcb platform plugin, and needs every library the package declares."""
    with Xvfb() as x:
        app = subprocess.Popen(["agent-softphone", "--demo"], env=dict(user_env, DISPLAY=x.display), cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            shown = wait_for_window(x.display, "Agent Softphone", timeout=60)
            assert shown is not None, "no window; the app said: " + (app.stdout.read() if app.poll() is not None else "")
        finally:
            app.send_signal(signal.SIGTERM)  # a logout: the app quits like its Quit
            code = app.wait(30)
        assert code == 0, app.stdout.read() if app.stdout else ""


def test_running_it_wrote_nothing_into_its_own_folder(installed: set[str]) -> None:
    """The app runs with -B and ships compiled bytecode, so purge finds exactly what it installed."""
    owned = set(subprocess.run(["dpkg", "-L", PACKAGE], capture_output=True, text=True, check=True).stdout.split())
    on_disk = {str(p) for p in Path("/opt/agent-softphone").rglob("*")}
    assert not sorted(on_disk - owned)[:10]


def test_purge_leaves_nothing_behind(installed: set[str]) -> None:
    result = _apt("purge", PACKAGE)
    assert result.returncode == 0, result.stderr[-2000:]
    assert not _installed(PACKAGE) and not Path("/opt/agent-softphone").exists()
    after = _snapshot()
    assert sorted(after - installed) == [], "left behind by the package"
    assert sorted(installed - after) == [], "removed by the package although not its own"
