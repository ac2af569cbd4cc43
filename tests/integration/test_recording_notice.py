"""The recording notice on a live call: Kamailio, a silent pjsua2 peer as the customer, a real (file) keyring.

With the administrator's ``notice = "beep"`` both sides hear two 1400 Hz beeps at the answer: the customer's
peer receives them, the agent's speaker ring carries them (``SpeakerDrain``: the sound card's place), the
recording's agent channel holds them (what the customer heard from this side), and the signed manifest says
so. It plays once per call, not again after a hold.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from softphone.events import CallStateChanged, MediaStateChanged, RecordingNoticePlayed, RecordingStateChanged
from softphone.recording import RecordingKeys, open_recording, verify
from softphone.recording.container import read_manifest
from softphone.recording.reader import channel_pcm
from softphone.recording.store import all_recordings, recordings_folder
from softphone.states import CallState, MediaState, NoticeKind, RecordingState
from tests.conftest import MakePeer
from tests.integration.test_recording_live import registered_session
from tests.rig.kamailio import Kamailio
from tests.rig.recorder import EventRecorder
from tests.rig.signals import SpeakerDrain, dominant_hz, tone_share

pytestmark = [pytest.mark.timeout(120),
              pytest.mark.skipif(os.geteuid() != 0, reason="the policy file must be root's: the suite runs as root")]


def beep_policy(folder: Path) -> Path:
    folder.mkdir(mode=0o755)
    (folder / "policy.toml").write_text('[recordings]\nnotice = "beep"\n')
    return folder / "policy.toml"


def test_both_sides_hear_the_beep_once_and_the_recording_holds_it(
        kam: Kamailio, make_peer: MakePeer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_SOFTPHONE_POLICY", str(beep_policy(tmp_path / "etc")))
    s, seen = registered_session(kam, tmp_path)
    settings, secrets = s.settings, s.secrets
    peer = make_peer(kam, "2001", auto_answer=True)  # sends silence
    try:
        with SpeakerDrain(s._engine._core.rings.speaker) as agent_ear:  # type: ignore[union-attr]
            call_id = s.dial("2001").result(10)
            pc = peer.wait_event("incoming_call")["call"]
            seen.wait(CallStateChanged, where=lambda e: e.call_id == call_id and e.new is CallState.CONFIRMED)
            answered_at = len(agent_ear.heard)
            notice = seen.wait(RecordingNoticePlayed, where=lambda e: e.call_id == call_id)
            time.sleep(1.5)
            customer_heard = peer.cmd("recv_stats", call=pc, seconds=1.5, freq=1400)
            agent_heard = bytes(agent_ear.heard[answered_at:answered_at + 32000])
            mark = seen.mark()
            s.hold(call_id).result(5)
            seen.wait(MediaStateChanged, after=mark, where=lambda e: e.state is MediaState.LOCAL_HOLD)
            s.unhold(call_id).result(5)
            seen.wait(MediaStateChanged, after=mark, where=lambda e: e.state is MediaState.ACTIVE)
            time.sleep(1.0)
            s.hangup(call_id).result(5)
        seen.wait(RecordingStateChanged, where=lambda e: e.state is RecordingState.SAVED, timeout=10)
    finally:
        s.close()
    assert (notice.kind, notice.duration_s) == (NoticeKind.BEEP, 0.6)
    assert len(seen.of(RecordingNoticePlayed)) == 1, "once per call: not again after the hold"
    assert abs(customer_heard["dominant_hz"] - 1400) < 20 and customer_heard["tone_ratio"] > 0.5, customer_heard
    assert abs(dominant_hz(agent_heard) - 1400) < 20 and tone_share(agent_heard, 1400) > 0.5
    [path] = list(all_recordings(recordings_folder(settings.storage)))
    keys = RecordingKeys.load(secrets, create=False)
    assert verify(path, keys).ok and verify(path, keys).notice == "beep"
    manifest, _ = read_manifest(path, keys.manifest_key)
    assert manifest is not None and manifest.notice == "beep"
    agent = channel_pcm(open_recording(path, keys).audio, "agent")
    assert abs(dominant_hz(agent[:32000]) - 1400) < 20 and tone_share(agent[:32000], 1400) > 0.5
    assert tone_share(agent[48000:], 1400) < 0.05, "the beep only at the start, not after the hold"
