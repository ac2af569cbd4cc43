"""The recording notice's audio and policy: the beep, the shipped and an administrator's announcement, refusals;
the manifest signs which notice was heard, and a manifest written before that field still verifies."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import wave
from pathlib import Path

import numpy as np
import pytest

from softphone.audio.notice import NoticePlay, mix
from softphone.errors import GuardPolicyError
from softphone.recording import RecordingKeys, verify
from softphone.recording.container import Manifest, manifest_path, read_manifest, write_manifest
from softphone.recording.notice import beep, notice_audio, read_announcement, shipped_announcement
from softphone.recording.policy import RecordingPolicy, load_recording_policy
from softphone.states import NoticeKind
from tests.rig.signals import dominant_hz, rms, tone
from tests.unit.test_recording_file import write


def wav(path: Path, pcm: bytes, rate: int, channels: int = 1) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
    return path


def test_the_beep_is_two_1400_hz_tones_with_a_gap() -> None:
    pcm = beep(16000)
    assert len(pcm) == 2 * int(0.6 * 16000)
    first, gap, second = pcm[:6400], pcm[6400:12800], pcm[12800:]
    assert abs(dominant_hz(first) - 1400) < 10 and abs(dominant_hz(second) - 1400) < 10
    assert rms(gap) == 0.0 and rms(first) > 0.1


def test_the_shipped_announcement_and_an_administrators_stereo_44k_file_play_at_the_call_rate(
        tmp_path: Path) -> None:
    shipped = notice_audio(NoticeKind.ANNOUNCEMENT, "", 16000)
    assert shipped is not None and 1.5 < shipped.duration_s < 5.0 and rms(shipped.pcm) > 0.05
    assert shipped_announcement().is_file()
    left = np.frombuffer(tone(700, 1.0, rate=44100), dtype="<i2")
    stereo = np.column_stack([left, left]).astype("<i2").tobytes()
    mine = notice_audio(NoticeKind.ANNOUNCEMENT, str(wav(tmp_path / "n.wav", stereo, 44100, 2)), 8000)
    assert mine is not None and abs(mine.duration_s - 1.0) < 0.01
    assert abs(dominant_hz(mine.pcm, rate=8000) - 700) < 10
    assert notice_audio(NoticeKind.NONE, "", 16000) is None


def test_an_unusable_announcement_is_refused_with_its_reason(tmp_path: Path) -> None:
    with pytest.raises(GuardPolicyError, match="cannot be read"):
        read_announcement(tmp_path / "missing.wav", 16000)
    (tmp_path / "text.wav").write_text("not a wav")
    with pytest.raises(GuardPolicyError, match="cannot be read"):
        read_announcement(tmp_path / "text.wav", 16000)
    with pytest.raises(GuardPolicyError, match="longer than"):
        read_announcement(wav(tmp_path / "long.wav", b"\0\0" * 16000 * 20, 16000), 16000)


@pytest.mark.skipif(os.geteuid() != 0, reason="the policy file must be root's: the suite runs as root")
def test_the_policy_names_the_notice_and_refuses_a_wrong_one(tmp_path: Path) -> None:
    etc = tmp_path / "etc"
    etc.mkdir(mode=0o755)
    policy = etc / "policy.toml"
    assert RecordingPolicy().notice is NoticeKind.BEEP, "built in: the beep"
    announcement = wav(tmp_path / "n.wav", tone(500, 1.0), 16000)
    policy.write_text(f'[recordings]\nnotice = "announcement"\nannouncement = "{announcement}"\n')
    got = load_recording_policy(policy)
    assert (got.notice, got.announcement) == (NoticeKind.ANNOUNCEMENT, str(announcement))
    for bad, said in (('notice = "whisper"', "notice is one of"), ('notice = "announcement"\nannouncement = 3',
                                                                     "path of a WAV"),
                      ('notice = "announcement"\nannouncement = "/nowhere.wav"', "not a file")):
        policy.write_text(f"[recordings]\n{bad}\n")
        with pytest.raises(GuardPolicyError, match=said):
            load_recording_policy(policy)


def test_the_notice_goes_to_the_call_and_into_the_agents_channel_frame_by_frame() -> None:
    notice = tone(1400, 0.05)  # 2.5 frames of 20 ms at 16 kHz
    play = NoticePlay(notice)
    sent = [play.pull(640) for _ in range(4)]
    assert b"".join(sent)[:len(notice)] == notice and sent[3] == b"\0" * 640 and play.done
    voice = tone(300, 0.02, amplitude=0.1)
    mixed = [play.mix_into(voice) for _ in range(4)]
    assert mixed[0] == mix(voice, sent[0]) and mixed[2] == mix(voice, sent[2]) and mixed[3] == voice
    loud = tone(1400, 0.02, amplitude=0.9)
    assert max(np.frombuffer(mix(loud, loud), dtype="<i2")) == 32767, "clipped, not wrapped"


def test_the_manifest_signs_the_notice_and_an_older_manifest_without_it_still_verifies(tmp_path: Path) -> None:
    keys = RecordingKeys(os.urandom(32))
    path = tmp_path / "call-1.rec"
    write(path, keys)
    manifest, _ = read_manifest(path, keys.manifest_key)
    assert manifest is not None and manifest.notice == ""
    write_manifest(path, Manifest(**{**manifest.body(), "notice": "beep"}), keys.manifest_key)
    assert read_manifest(path, keys.manifest_key)[0].notice == "beep" and verify(path, keys).ok  # type: ignore[union-attr]
    body = json.loads(manifest_path(path).read_text())
    manifest_path(path).write_text(json.dumps({**body, "notice": "announcement"}))
    assert "manifest forged" in verify(path, keys).problems, "the notice is signed"
    older = {k: v for k, v in manifest.body().items() if k != "notice"}
    mac = hmac.new(keys.manifest_key, json.dumps(older, sort_keys=True, separators=(",", ":")).encode(),
                   hashlib.sha256).hexdigest()
    manifest_path(path).write_text(json.dumps({**older, "hmac": mac}))
    assert verify(path, keys).ok, "a manifest from before the notice field"
