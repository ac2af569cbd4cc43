"""Emotion: lexical cues from the shipped pack, and prosody of the same speaker made calmer and angrier.

The voice is espeak-ng Mandarin; "angrier" is the same recording with sox
(pitch up 5 semitones, 35 % faster, 6 dB louder), so only the prosody
changes: the speaker, words and channel stay the same.
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import pytest

from softphone.assist.emotion import EmotionTracker, lexical_score, utterance_label
from softphone.assist.prosody import features, speech_rate
from softphone.assist.rules import load_pack, pack_dir

pytestmark = pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("sox")), reason="needs espeak-ng and sox")

PHRASES = ["您好 请问这个月的还款什么时候能处理", "我们可以帮您申请分期还款", "请您核对一下账单金额",
           "逾期会产生罚息 建议您尽快处理", "好的 我帮您登记一下还款时间", "还有什么可以帮您的吗"]


def speak(text: str, folder: Path, name: str, angry: bool = False) -> tuple[bytes, float]:
    raw, out = folder / f"{name}.raw.wav", folder / f"{name}.wav"
    subprocess.run(["espeak-ng", "-v", "cmn", "-s", "160", "-p", "40", "-w", str(raw), text], check=True)
    effects = ["pitch", "500", "tempo", "1.35", "gain", "6"] if angry else ["gain", "-3"]
    subprocess.run(["sox", "-V1", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out), *effects], check=True)
    with wave.open(str(out), "rb") as w:
        return w.readframes(w.getnframes()), w.getnframes() / 16000


def feed(tracker: EmotionTracker, text: str, pcm: bytes, seconds: float, lexical: float = 0.0) -> str:
    arousal = tracker.arousal(features(pcm, 16000), speech_rate(text, 0.0, seconds), seconds)
    return tracker.add(lexical, arousal)[0]


def test_lexical_cues_of_the_shipped_pack() -> None:
    cues = load_pack(pack_dir("zh")).cues
    angry = lexical_score("烦死了 别再打了 你们就是骗子", cues, "customer")
    calm = lexical_score("好的 谢谢 我理解 下周一定还", cues, "customer")
    plain = lexical_score("请问您这个月的账单收到了吗", cues, "agent")
    assert utterance_label(angry) == "negative" and angry > 0.5
    assert utterance_label(calm) == "positive" and calm < -0.3
    assert utterance_label(plain) == "neutral" and plain == 0.0
    assert lexical_score("我不烦 你说吧", cues, "customer") < lexical_score("烦死了 你说吧", cues, "customer")


def test_the_same_voice_made_angrier_turns_negative_and_calms_down_again(tmp_path: Path) -> None:
    tracker = EmotionTracker()
    labels = [feed(tracker, t, *speak(t, tmp_path, f"c{i}")) for i, t in enumerate(PHRASES[:4])]
    assert labels == ["neutral"] * 4, "a calm speaker stays neutral"
    angry = [feed(tracker, t, *speak(t, tmp_path, f"a{i}", angry=True)) for i, t in enumerate(PHRASES[4:6])]
    assert angry == ["neutral", "negative"], "two angrier utterances in a row are needed"
    calm_again = [feed(tracker, t, *speak(t, tmp_path, f"d{i}")) for i, t in enumerate(PHRASES[:3])]
    assert calm_again[-1] == "neutral"


def test_one_loud_word_does_not_flash(tmp_path: Path) -> None:
    tracker = EmotionTracker()
    for i, t in enumerate(PHRASES[:3]):
        assert feed(tracker, t, *speak(t, tmp_path, f"c{i}")) == "neutral"
    assert feed(tracker, "喂", *speak("喂", tmp_path, "loud", angry=True)) == "neutral"
    assert feed(tracker, PHRASES[3], *speak(PHRASES[3], tmp_path, "c3")) == "neutral"
    assert tracker.label == "neutral"
