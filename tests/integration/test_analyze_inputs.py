"""``agent-softphone analyze``: files that hold nothing, and Chinese speaker prefixes in --text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def analyze(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), AGENT_SOFTPHONE_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "softphone.cli.main", "analyze", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_wav_of_zero_bytes_says_it_is_empty(tmp_path: Path) -> None:
    f = tmp_path / "empty.wav"
    f.write_bytes(b"")
    out = analyze(str(f), "--json", home=tmp_path)
    assert out.returncode == 1 and out.stdout == ""
    assert f"'{f}' is empty (0 bytes): nothing to analyze." in out.stderr


def test_a_wav_without_samples_says_it_holds_no_audio(tmp_path: Path) -> None:
    f = tmp_path / "header-only.wav"
    with wave.open(str(f), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(8000)
    out = analyze(str(f), home=tmp_path)
    assert out.returncode == 1 and out.stdout == ""
    assert f"'{f}' holds no audio (a WAV header without samples): nothing to analyze." in out.stderr


def test_a_file_that_is_not_a_wav_is_still_a_bad_file(tmp_path: Path) -> None:
    f = tmp_path / "notes.wav"
    f.write_text("not audio", encoding="utf-8")
    out = analyze(str(f), home=tmp_path)
    assert out.returncode == 2 and "is not a readable WAV file" in out.stderr and out.stdout == ""


def test_an_empty_transcript_says_so(tmp_path: Path) -> None:
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.txt"
    empty.write_bytes(b"")
    blank.write_text("# a call with nothing said\n\n   \n", encoding="utf-8")
    out = analyze("--text", str(empty), "--json", home=tmp_path)
    assert out.returncode == 1 and out.stdout == "" and f"'{empty}' is empty: nothing to analyze." in out.stderr
    out = analyze("--text", str(blank), home=tmp_path)
    assert out.returncode == 1 and out.stdout == ""
    assert f"'{blank}' holds no utterance lines" in out.stderr and "nothing to analyze" in out.stderr


def test_chinese_speaker_prefixes_with_either_colon(tmp_path: Path) -> None:
    f = tmp_path / "call.txt"
    f.write_text("坐席：您好 我是某某金融的客服\n"
                 "客户 : 烦死了 别再打了 我现在没钱\n"
                 "坐席:你再不还我们明天就尚门催收 还要通知你单位\n"
                 "客服 ： 我们不会上门催收 您放心\n"
                 "客户：我要投诉你们 我要打12378\n", encoding="utf-8")
    out = analyze("--text", str(f), "--json", home=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    alerts = {(a["line"], a["category"]) for a in lines if a["type"] == "alert"}
    assert alerts == {(2, "hardship"), (3, "threat"), (5, "complaint")}, alerts
    speakers = {x["line"]: x["speaker"] for x in lines if x["type"] == "emotion"}
    assert speakers == {1: "agent", 2: "customer", 3: "agent", 4: "agent", 5: "customer"}
