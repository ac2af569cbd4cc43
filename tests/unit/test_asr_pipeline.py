"""The transcription pipeline's own logic, without decoding speech.

Recognizers here are scripted stand-ins injected through the pipeline's
``recognizers`` parameter: these tests are about threads, queues, numbering,
clocks and failure handling, which must hold whatever Vosk decodes. Real
Vosk on real audio is in tests/integration/test_transcription.py.
"""

from __future__ import annotations

import json
import shutil
import threading
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from softphone.asr.analyze import AnalyzeError, read_wav, segment_line
from softphone.asr.pipeline import ChannelState, TranscriptionService
from softphone.asr.recognizer import (ChannelRecognizer, Dither, ModelTuning, ModelHandle, ModelState, Result,
                                      TimeMap, shadow_model_dir)
from softphone.asr.resample import Resampler, downsample_2x, resample, upsample_2x
from softphone.audio.taps import TapFrame
from softphone.bus import EventBus
from softphone.errors import ModelError
from softphone.events import ModelStateChanged, TranscriptionFailed, TranscriptSegment, TranscriptWord
from softphone.states import AudioChannel, CallId
from tests.rig.recorder import EventRecorder

pytestmark = pytest.mark.timeout(30)
CALL = CallId("c1")
AGENT, CUSTOMER = AudioChannel.AGENT, AudioChannel.CUSTOMER
FRAME = b"\x10\x00" * 320  # 20 ms at 16 kHz


def tone(freq: float, seconds: float, rate: int) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * freq * t) * 10000).astype("<i2").tobytes()


# -- stand-ins ------------------------------------------------------------------------


class Scripted:
    """A final every ``every`` frames, a partial in between; raises at ``fail_at``."""

    def __init__(self, rate: int, every: int = 5, fail_at: int | None = None) -> None:
        self.rate = rate
        self.every = every
        self.fail_at = fail_at
        self.threads: set[str] = set()
        self.n = 0

    def feed(self, pcm: bytes, t: float) -> list[Result]:
        self.threads.add(threading.current_thread().name)
        self.n += 1
        if self.n == self.fail_at:
            raise RuntimeError("decoder crashed")
        end = t + len(pcm) / 2 / self.rate
        if self.n % self.every == 0:
            return [Result(True, f"w{self.n}", end - 0.06, end, (TranscriptWord(f"w{self.n}", end - 0.06, end, 0.9),), 0.9)]
        return [Result(False, f"p{self.n}", t, end)]

    def finish(self) -> list[Result]:
        return [Result(True, "tail", 0.0, 0.0)]


class Source:
    def __init__(self, **per_channel: Scripted) -> None:
        self.made = per_channel

    def take(self, rate: int, channel: AudioChannel) -> Scripted:
        return self.made[channel.value]

    def close(self) -> None:
        pass


def ready_model(bus: EventBus) -> ModelHandle:
    model = ModelHandle(bus.post, Path("."), name="fake", loader=lambda path: object(), tuning=None)
    model.start()
    assert model.wait(5)
    return model


def feed(svc: TranscriptionService, channel: AudioChannel, frames: int, last: bool = True) -> None:
    for i in range(frames):
        svc.on_frame(TapFrame(CALL, channel, round(0.5 + i * 0.02, 3), FRAME, 16000))
    if last:
        svc.on_frame(TapFrame(CALL, channel, 0.5 + frames * 0.02, b"", 16000, last=True))


@pytest.fixture
def bus() -> Iterator[EventBus]:
    b = EventBus(threaded=True)
    yield b
    b.close()


# -- the service ----------------------------------------------------------------------

W, L, F, E = ChannelState.WAITING, ChannelState.LISTENING, ChannelState.FAILED, ChannelState.ENDED


def test_segments_are_numbered_per_channel_and_recognition_runs_on_worker_threads(bus: EventBus) -> None:
    rec = EventRecorder(bus)
    agent, customer = Scripted(16000), Scripted(16000, every=3)
    svc = TranscriptionService(bus, ready_model(bus), recognizers=Source(agent=agent, customer=customer))
    feed(svc, AGENT, 10)
    feed(svc, CUSTOMER, 6)
    assert svc.join(5)
    bus.flush()
    finals = [(e.channel, e.segment, e.text) for e in rec.of(TranscriptSegment) if e.final]
    assert [f for f in finals if f[0] is AGENT] == [(AGENT, 0, "w5"), (AGENT, 1, "w10"), (AGENT, 2, "tail")]
    assert [f for f in finals if f[0] is CUSTOMER] == [(CUSTOMER, 0, "w3"), (CUSTOMER, 1, "w6"), (CUSTOMER, 2, "tail")]
    partials = [e for e in rec.of(TranscriptSegment, channel=AGENT) if not e.final]
    assert [e.segment for e in partials] == [0] * 4 + [1] * 4
    assert agent.threads == {f"asr-{CALL}-agent"} and customer.threads == {f"asr-{CALL}-customer"}
    assert all(0 <= e.delay < 2 for e in rec.of(TranscriptSegment))
    assert svc.finished[(CALL, AGENT)] == (W, L, E) and svc.finished[(CALL, CUSTOMER)] == (W, L, E)
    assert svc.states() == {}
    svc.close()


def test_a_recognizer_that_raises_stops_only_its_channel(bus: EventBus) -> None:
    rec = EventRecorder(bus)
    svc = TranscriptionService(bus, ready_model(bus),
                               recognizers=Source(agent=Scripted(16000, fail_at=4), customer=Scripted(16000)))
    feed(svc, AGENT, 20)
    feed(svc, CUSTOMER, 20)
    assert svc.join(5)
    bus.flush()
    failed = rec.of(TranscriptionFailed)
    assert [(f.call_id, f.channel) for f in failed] == [(CALL, AGENT)]
    assert "decoder crashed" in failed[0].message and "goes on" in failed[0].user_message
    assert len(rec.of(TranscriptSegment, channel=AGENT)) == 3  # the partials before the crash
    assert [e.text for e in rec.of(TranscriptSegment, channel=CUSTOMER) if e.final] == ["w5", "w10", "w15", "w20", "tail"]
    assert svc.finished[(CALL, AGENT)] == (W, L, F, E) and svc.finished[(CALL, CUSTOMER)] == (W, L, E)
    svc.close()


def test_frames_wait_while_the_model_loads_and_none_are_lost(bus: EventBus) -> None:
    rec = EventRecorder(bus)
    release = threading.Event()
    model = ModelHandle(bus.post, Path("."), name="slow", tuning=None,
                        loader=lambda path: release.wait(5) and object())
    model.start()
    svc = TranscriptionService(bus, model, recognizers=Source(agent=Scripted(16000)))
    feed(svc, AGENT, 10)
    assert not rec.of(TranscriptSegment)
    assert svc.states() == {(CALL, AGENT): W}
    release.set()
    assert svc.join(5)
    bus.flush()
    assert [e.text for e in rec.of(TranscriptSegment) if e.final] == ["w5", "w10", "tail"]
    assert [e.state for e in rec.of(ModelStateChanged)] == ["loading", "ready"]
    svc.close()


def test_a_failed_model_reports_once_per_call_and_the_frames_are_discarded(bus: EventBus) -> None:
    rec = EventRecorder(bus)
    model = ModelHandle(bus.post, Path("/nonexistent/model"), name="gone")
    model.start()
    svc = TranscriptionService(bus, model, recognizers=Source(agent=Scripted(16000), customer=Scripted(16000)))
    feed(svc, AGENT, 5)
    feed(svc, CUSTOMER, 5)
    assert svc.join(5)
    bus.flush()
    failed = rec.of(TranscriptionFailed)
    assert [(f.call_id, f.channel) for f in failed] == [(CALL, None)]
    assert "missing" in failed[0].user_message
    assert not rec.of(TranscriptSegment)
    assert svc.finished[(CALL, AGENT)] == (W, F, E) and svc.finished[(CALL, CUSTOMER)] == (W, F, E)
    svc.close()


# -- the model ------------------------------------------------------------------------


def test_model_states_and_plain_word_errors(tmp_path: Path) -> None:
    events: list[Any] = []
    for path, words in [(None, "No speech model"), (tmp_path / "none", "missing"), (tmp_path, "damaged")]:
        events.clear()
        model = ModelHandle(events.append, path, name="m")
        model.start()
        assert model.wait(30)
        assert model.state is ModelState.FAILED
        assert [e.state for e in events] == ["loading", "failed"]
        assert words in events[-1].user_message
        with pytest.raises(ModelError):
            model.model  # noqa: B018


def test_shadow_model_dir_replaces_only_the_endpoint_rules(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    def request_cleanup(path: Path) -> None:
        request.addfinalizer(lambda: shutil.rmtree(path, ignore_errors=True))

    model = tmp_path / "m"
    (model / "conf").mkdir(parents=True)
    (model / "am").mkdir()
    (model / "am" / "final.mdl").write_text("x")
    (model / "conf" / "mfcc.conf").write_text("--num-ceps=40\n")
    (model / "conf" / "model.conf").write_text("--beam=10.0\n--endpoint.rule2.min-trailing-silence=0.5\n")
    shadow = shadow_model_dir(model, ModelTuning(rule2=0.3))
    assert shadow is not None
    request_cleanup(shadow)
    conf = (shadow / "conf" / "model.conf").read_text()
    assert "--beam=10.0" in conf and "rule2.min-trailing-silence=0.3" in conf
    assert "rule2.min-trailing-silence=0.5" not in conf
    assert (shadow / "am" / "final.mdl").read_text() == "x" and (shadow / "am").is_symlink()
    assert (shadow / "conf" / "mfcc.conf").is_symlink()
    assert "=0.5" in (model / "conf" / "model.conf").read_text()  # the model itself is untouched


# -- one recognizer: Vosk's JSON and clock ----------------------------------------------


class FakeVosk:
    """Vosk's JSON as it comes: word times in seconds fed since creation."""

    def __init__(self) -> None:
        self.fed = 0
        self.script: dict[int, str] = {}
        self.final_text = ""
        self.finalized = 0

    def AcceptWaveform(self, pcm: bytes) -> bool:  # noqa: N802 - Vosk's name
        self.fed += 1
        return self.fed in self.script

    def Result(self) -> str:  # noqa: N802
        return self.script[self.fed]

    def PartialResult(self) -> str:  # noqa: N802
        return json.dumps({"partial": "안녕" if self.fed > 2 else ""})

    def FinalResult(self) -> str:  # noqa: N802
        self.finalized += 1
        return json.dumps({"text": self.final_text})

    def Reset(self) -> None:  # noqa: N802
        pass


def test_channel_recognizer_maps_vosk_time_to_call_time_across_warm_up_and_gaps() -> None:
    fake = FakeVosk()
    rec = ChannelRecognizer(None, 16000, make=lambda model, rate: fake)
    rec.warm(1.0)  # 1 s of Vosk's clock used by the warm-up: call audio starts at 1.0 on it
    fake.fed = 0
    word = {"word": "네", "start": 1.1, "end": 1.3, "conf": 0.8}
    fake.script = {9: json.dumps({"text": "네", "result": [word]}),
                   12: json.dumps({"text": "네", "result": [dict(word, start=1.2, end=1.24)]})}
    out: list[Result] = []
    for i in range(10):
        out += rec.feed(FRAME, 3.0 + i * 0.02)
    out += rec.feed(FRAME, 10.0)  # a hold: the tap clock jumped
    out += rec.feed(FRAME, 10.02)
    partials = [r for r in out if not r.final]
    finals = [r for r in out if r.final]
    assert [r.text for r in partials] == ["안녕", "안녕"]  # once per utterance: only when it changes
    assert (finals[0].start, finals[0].end) == (3.1, 3.3)
    assert finals[0].words[0].confidence == 0.8
    assert (finals[1].start, finals[1].end) == pytest.approx((10.0, 10.04))


def test_digital_silence_after_speech_ends_the_utterance() -> None:
    """Kaldi's endpoint rules can hold a final for seconds in exact zeros."""
    fake = FakeVosk()
    rec = ChannelRecognizer(None, 16000, quiet_final_s=0.8, make=lambda model, rate: fake)
    fake.final_text = "네"
    loud = tone(300, 0.02, 16000)
    out = [r for i in range(25) for r in rec.feed(loud, i * 0.02)]
    assert not any(r.final for r in out)
    silence = [r for i in range(25, 100) for r in rec.feed(b"\0" * 640, i * 0.02)]
    finals = [r for r in silence if r.final]
    assert len(finals) == 1 and finals[0].text == "네" and fake.finalized == 1
    assert finals[0].end == pytest.approx(0.5 + 0.8, abs=0.021)  # no words from the fake: the audio end
    more = [r for i in range(100, 200) for r in rec.feed(b"\0" * 640, i * 0.02)]
    assert fake.finalized == 1 and not [r for r in more if r.final]  # silence alone ends nothing


def test_time_map_and_dither() -> None:
    m = TimeMap()
    m.mark(4.6, 0.5)
    m.mark(5.6, 1.5)  # continuous: no new anchor
    m.mark(6.0, 3.0)  # gap
    assert m.to_call(5.0) == pytest.approx(0.9) and m.to_call(6.5) == pytest.approx(3.5)
    d = Dither()
    zeros = d.apply(b"\0" * 640)
    x = np.frombuffer(zeros, dtype="<i2")
    assert set(np.unique(x)) <= {-1, 0, 1} and np.any(x)
    assert d.apply(FRAME[:-2] + b"\x11\x00") == FRAME[:-2] + b"\x11\x00"


# -- resampling ----------------------------------------------------------------------


def test_resampler_streams_exactly_and_keeps_speech_band() -> None:
    x = tone(1000, 1.0, 16000)
    whole = downsample_2x(x)
    r = Resampler(16000, 8000)
    parts = b"".join(r.process(x[i:i + 642]) for i in range(0, len(x), 642))  # odd frame sizes
    assert parts == whole and len(whole) == len(x) // 2
    back = np.frombuffer(upsample_2x(whole), dtype="<i2").astype(float)[200:-200]
    assert np.sqrt(np.mean(back ** 2)) == pytest.approx(10000 / np.sqrt(2), rel=0.05)
    alias = np.frombuffer(downsample_2x(tone(6000, 1.0, 16000)), dtype="<i2").astype(float)[100:]
    assert np.sqrt(np.mean(alias ** 2)) < 100  # above 4 kHz: filtered, not folded down
    assert resample(x, 16000, 16000) is x
    with pytest.raises(ValueError):
        Resampler(44100, 16000)


# -- analyze's input and output -----------------------------------------------------


def _wav(path: Path, rate: int, channels: int, width: int = 2) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(bytes(range(4 * channels * width)) * 100)
    return path


def test_read_wav_channels(tmp_path: Path) -> None:
    stereo = read_wav(_wav(tmp_path / "s.wav", 8000, 2))
    assert set(stereo.channels) == {AGENT, CUSTOMER} and stereo.rate == 8000
    assert set(read_wav(tmp_path / "s.wav", ["customer"]).channels) == {CUSTOMER}
    assert set(read_wav(_wav(tmp_path / "m.wav", 16000, 1), ["customer"]).channels) == {CUSTOMER}
    for bad, names in [(_wav(tmp_path / "r.wav", 44100, 1), None), (_wav(tmp_path / "w.wav", 8000, 1, 1), None),
                       (tmp_path / "m.wav", ["agent", "customer"]), (tmp_path / "s.wav", ["boss"]),
                       (tmp_path / "missing.wav", None)]:
        with pytest.raises(AnalyzeError):
            read_wav(bad, names)


def test_segment_line_schema() -> None:
    e = TranscriptSegment(CALL, CUSTOMER, 0, True, "네", 1.0, 1.5, (), 0.9, 0.8)
    assert segment_line(e) == {"type": "final", "channel": "customer", "text": "네", "start": 1.0, "end": 1.5,
                               "delay": 0.8}


# -- catching up and warming ----------------------------------------------------------


class CountingVosk(FakeVosk):
    """FakeVosk that keeps the size of each ``AcceptWaveform`` call."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []

    def AcceptWaveform(self, pcm: bytes) -> bool:  # noqa: N802 - Vosk's name
        self.calls.append(len(pcm))
        return super().AcceptWaveform(pcm)


def test_a_backlog_is_fed_to_vosk_in_one_call_per_200_ms_and_never_across_a_gap(bus: EventBus) -> None:
    from softphone.asr.pipeline import BATCH_FRAMES

    release = threading.Event()
    model = ModelHandle(bus.post, Path("."), name="slow", tuning=None, loader=lambda path: release.wait(5) and object())
    model.start()
    vosk = CountingVosk()
    rec = ChannelRecognizer(None, 16000, make=lambda m, r: vosk)

    class One:
        def take(self, rate: int, channel: AudioChannel) -> ChannelRecognizer:
            return rec

        def close(self) -> None:
            pass

    svc = TranscriptionService(bus, model, recognizers=One())
    feed(svc, AGENT, 25, last=False)  # queued while the model loads: a backlog of 25 frames
    for i in range(3):  # a hold: the tap clock jumps
        svc.on_frame(TapFrame(CALL, AGENT, round(10.0 + i * 0.02, 3), FRAME, 16000))
    svc.on_frame(TapFrame(CALL, AGENT, 10.06, b"", 16000, last=True))
    release.set()
    assert svc.join(5)
    assert vosk.calls == [BATCH_FRAMES * len(FRAME), BATCH_FRAMES * len(FRAME), 5 * len(FRAME), 3 * len(FRAME)]
    assert vosk.finalized == 1  # the end marker is not swallowed by a batch
    svc.close()


def test_the_warm_pool_refills_only_once_no_channel_is_live(bus: EventBus) -> None:
    from softphone.asr.pipeline import WarmPool

    made: list[ChannelRecognizer] = []

    def make(model: Any, rate: int) -> ChannelRecognizer:
        made.append(ChannelRecognizer(model, rate, make=lambda m, r: FakeVosk()))
        return made[-1]

    model = ready_model(bus)
    pool = WarmPool(model, (16000,), size=1, make=make)
    assert pool.wait_filled(5) and len(made) == 1
    svc = TranscriptionService(bus, model, recognizers=pool)
    rec = EventRecorder(bus)
    feed(svc, AGENT, 5, last=False)  # the call takes the warm recognizer
    rec.wait(TranscriptSegment, 5)  # FakeVosk's partial: it is in use
    assert not pool.wait_filled(0.5) and len(made) == 1  # no warming while the call is transcribed
    svc.on_frame(TapFrame(CALL, AGENT, 0.6, b"", 16000, last=True))
    assert svc.join(5)
    assert pool.wait_filled(5) and len(made) == 2 and made[1].warmed  # refilled after the call
    svc.close()
