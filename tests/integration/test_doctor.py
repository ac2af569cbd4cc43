"""``agent-softphone doctor``: one readable verdict per item, also as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.rig.headless_client import write_config
from tests.rig.kamailio import Kamailio, free_port

pytestmark = pytest.mark.timeout(60)


def doctor(config: Path, password: str | None, *extra: str) -> tuple[int, dict[str, dict[str, str]]]:
    env = dict(os.environ)
    env.pop("SOFTPHONE_TEST_PASSWORD", None)
    if password is not None:
        env["SOFTPHONE_TEST_PASSWORD"] = password
    out = subprocess.run([sys.executable, "-m", "softphone.cli.main", "doctor", "--config", str(config), "--json",
                          "--no-audio", *extra], capture_output=True, text=True, timeout=40, env=env)
    data = json.loads(out.stdout)
    return out.returncode, {v["check"]: v for v in data["verdicts"]}


def test_doctor_all_good_against_a_real_registrar(kam: Kamailio, tmp_path: Path) -> None:
    code, v = doctor(write_config(tmp_path / "p.toml", kam), kam.users["1001"])
    assert code == 0, v
    assert v["server"]["status"] == "ok" and "answers" in v["server"]["message"]
    assert v["registration"]["status"] == "ok" and "1001" in v["registration"]["message"]
    # no usable keyring on a headless test machine: the history is kept masked-only, and doctor says so
    assert v["password store"]["status"] in ("ok", "warning")
    if v["password store"]["status"] == "warning":
        assert v["storage"]["status"] == "warning" and "masked" in v["storage"]["message"]
    else:
        assert v["storage"]["status"] == "ok" and "encrypted" in v["storage"]["message"]


def test_doctor_names_the_wrong_password(kam: Kamailio, tmp_path: Path) -> None:
    code, v = doctor(write_config(tmp_path / "p.toml", kam), "wrong")
    assert code == 1
    assert v["registration"]["status"] == "failed" and "password" in v["registration"]["message"].lower()
    assert v["server"]["status"] == "ok"


def test_doctor_names_an_unreachable_server(tmp_path: Path) -> None:
    class Dead:
        port = free_port()

    code, v = doctor(write_config(tmp_path / "p.toml", Dead), "x")  # type: ignore[arg-type]
    assert code == 1
    assert v["server"]["status"] == "failed" and "does not answer" in v["server"]["message"]


def test_doctor_plain_text_output(kam: Kamailio, tmp_path: Path) -> None:
    env = dict(os.environ, SOFTPHONE_TEST_PASSWORD=kam.users["1001"])
    out = subprocess.run([sys.executable, "-m", "softphone.cli.main", "doctor", "--no-audio", "--config",
                          str(write_config(tmp_path / "p.toml", kam))], capture_output=True, text=True, timeout=40, env=env)
    lines = out.stdout.strip().splitlines()
    assert any(l.startswith("[OK  ] registration") for l in lines), out.stdout
    assert any(l.startswith("[SKIP] audio") for l in lines)


def test_doctor_reports_audio_devices_through_pulseaudio(tmp_path: Path) -> None:
    from tests.rig.pulse import PulseLoopback, pulse_available

    if not pulse_available():
        pytest.skip("pulseaudio not installed")
    with PulseLoopback(sinks=("spk_a",)) as pa:
        out = subprocess.run([sys.executable, "-m", "softphone.cli.main", "doctor", "--json"], capture_output=True,
                             text=True, timeout=40, env=dict(os.environ, **pa.env))
    v = {x["check"]: x for x in json.loads(out.stdout)["verdicts"]}
    assert v["audio"]["status"] == "ok" and "input" in v["audio"]["message"]
