"""Recordings are kept for the administrator's years (at least 5), then deleted, each deletion audited first."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from softphone.errors import GuardPolicyError
from softphone.recording import RecordingKeys
from softphone.recording.codec import CODEC, ChunkAudio, encode
from softphone.recording.container import Header, RecordingWriter
from softphone.recording.policy import RecordingPolicy, load_recording_policy
from softphone.recording.store import YEAR_S, all_recordings, find_recording, purge_expired


def recording(folder: Path, call_id: str, started_at: float, keys: RecordingKeys) -> Path:
    key = keys.new_call_key()
    path = folder / time.strftime("%Y-%m", time.gmtime(started_at)) / f"{call_id}.rec"
    w = RecordingWriter(path, Header(call_id, started_at, 16000, CODEC, keys.wrap(key, call_id), keys.key_id), key)
    w.add(encode(ChunkAudio(0, 0, 16000, b"\1\0" * 160, b"\2\0" * 160)))
    w.close()
    return path


def test_recordings_older_than_the_years_go_and_each_is_audited_first(tmp_path: Path) -> None:
    keys, now = RecordingKeys(os.urandom(32)), time.time()
    recording(tmp_path, "old", now - 5.1 * YEAR_S, keys)
    recording(tmp_path, "young", now - 4.9 * YEAR_S, keys)
    audited: list[str] = []
    assert purge_expired(tmp_path, 5, lambda call_id, at: audited.append(call_id), now) == 1
    assert audited == ["old"] and find_recording(tmp_path, "old") is None and find_recording(tmp_path, "young")

    def audit_down(call_id: str, at: float) -> None:
        raise OSError("the audit log cannot be written")
    with pytest.raises(OSError):
        purge_expired(tmp_path, 4, audit_down, now)
    assert [p.stem for p in all_recordings(tmp_path)] == ["young"], "not audited: not deleted"


@pytest.mark.skipif(os.geteuid() != 0, reason="the policy file must be root's: the suite runs as root")
def test_the_policy_may_keep_longer_never_shorter(tmp_path: Path) -> None:
    etc = tmp_path / "etc"
    etc.mkdir(mode=0o755)
    policy = etc / "policy.toml"
    policy.write_text("[recordings]\nkeep_years = 7\nexport_allowed = true\n")
    assert load_recording_policy(policy) == RecordingPolicy(7, False, True, source=str(policy))
    policy.write_text("[recordings]\nkeep_years = 3\n")
    with pytest.raises(GuardPolicyError):
        load_recording_policy(policy)
    assert load_recording_policy(tmp_path / "none.toml") == RecordingPolicy()
