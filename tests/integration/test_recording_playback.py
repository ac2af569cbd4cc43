"""Playing a recording back through a real sound server: a private PulseAudio with a null sink (the headset),
captured from its monitor while the player plays.

A real encrypted recording (440 Hz on the agent's channel, 1 kHz on the customer's, 3 s) is decrypted in
memory and played to ``spk_a``; the monitor must hear both sides for about the recording's length, pause must
hold the position, and the player must say it stopped at the end. In a fresh process: PulseAudio's
environment has to be set before sounddevice is imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.rig.pulse import pulse_available

pytestmark = [pytest.mark.pulse, pytest.mark.timeout(120)]

_SCRIPT = r"""
import json, os, sys, time
from pathlib import Path
from tests.rig.pulse import PulseLoopback
with PulseLoopback(("spk_a",)) as pa:
    os.environ.update(pa.env)  # before sounddevice is imported in this process
    import numpy as np
    import sounddevice as sd
    from softphone.recording import RecordingKeys, open_recording
    from softphone.recording.codec import CODEC, ChunkAudio, encode
    from softphone.recording.container import Header, RecordingWriter
    from softphone.recording.player import Player, PlayerState, mono_mix
    from softphone.recording.reader import channel_pcm
    from tests.rig.signals import tone, tone_share

    keys = RecordingKeys(os.urandom(32))
    call_key = keys.new_call_key()
    path = Path(sys.argv[1]) / "call-1.rec"
    writer = RecordingWriter(path, Header("call-1", time.time(), 16000, CODEC, keys.wrap(call_key, "call-1"),
                                          keys.key_id), call_key)
    agent, customer = tone(440, 3.0, amplitude=0.2), tone(1000, 3.0, amplitude=0.2)
    for second in range(3):
        part = slice(second * 32000, (second + 1) * 32000)
        writer.add(encode(ChunkAudio(second * 16000, second * 16000, 16000, agent[part], customer[part])))
    writer.close()
    opened = open_recording(path, keys)
    states = []
    player = Player(mono_mix(channel_pcm(opened.audio, "agent"), channel_pcm(opened.audio, "customer")), 16000,
                    "spk_a", on_change=states.append)
    heard = []
    capture = sd.InputStream(device="spk_a_monitor", samplerate=16000, channels=1, dtype="int16",
                             callback=lambda data, *_: heard.append(bytes(data)))
    capture.start()
    time.sleep(0.3)
    player.play()
    end = time.monotonic() + 6  # PulseAudio's ALSA plugin starts a stream after 0.3-1.9 s
    while player.position_s < 1.0 and time.monotonic() < end:
        time.sleep(0.01)
    player.pause()
    paused_at = player.position_s
    time.sleep(0.6)
    held = player.position_s
    player.play()
    end = time.monotonic() + 8
    while states[-1] is not PlayerState.STOPPED and time.monotonic() < end:
        time.sleep(0.05)
    time.sleep(0.3)
    capture.stop()
    pcm = b"".join(heard)
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    frames = x[: x.size // 320 * 320].reshape(-1, 320)
    loud = int((np.sqrt((frames ** 2).mean(axis=1)) > 1000).sum())
    print("RESULT " + json.dumps({
        "states": [s.value for s in states], "paused_at": paused_at, "held": held,
        "end": player.position_s, "duration": player.duration_s, "loud_s": loud * 0.02,
        "share_440": tone_share(pcm, 440), "share_1000": tone_share(pcm, 1000)}))
"""


def test_a_recording_plays_to_the_headset_both_sides_mixed_with_pause_and_end(tmp_path: Path) -> None:
    if not pulse_available():
        pytest.skip("PulseAudio, pactl or the ALSA pulse plugin is missing (installer/setup.sh --test)")
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, AGENT_SOFTPHONE_HOME=str(tmp_path), PYTHONPATH=str(root))
    proc = subprocess.run([sys.executable, "-c", _SCRIPT, str(tmp_path)], cwd=root, env=env, capture_output=True,
                          text=True, timeout=90)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert lines, proc.stderr[-3000:]
    r = json.loads(lines[-1].removeprefix("RESULT "))
    assert r["states"] == ["playing", "paused", "playing", "stopped"], r
    assert 1.0 <= r["paused_at"] < 1.3 and r["held"] == r["paused_at"], r
    assert r["end"] == r["duration"] == 3.0, r
    assert 2.6 < r["loud_s"] < 3.6, f"the headset played the recording's 3 s once: {r}"
    assert r["share_440"] > 0.3 and r["share_1000"] > 0.3, f"both sides are heard: {r}"
