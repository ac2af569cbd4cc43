"""Run a recording through the live transcription pipeline.

The WAV's channels become tap frames of 20 ms (mono: one channel named by
the caller; stereo: left agent, right customer) fed to the same
``TranscriptionService``, warm pool and recognizers a call uses: as fast
as the recognizers take them (back-pressure through bounded queues) or,
with ``realtime``, at the pace of a call. Warming is kept in the fast mode
too: measured, two cold recognizers decoded the 30 s stereo fixture in
15.1 s wall / 15.1 s CPU (no overlap between the channels), two warmed ones
in 10.1 s wall / 15.7 s CPU, warm-up included. Times are seconds of audio; ``delay``
is the wall-clock lag at which the pipeline produced each result.

A short file costs mostly what a bare Vosk process costs (load the model,
decode): ``start_model`` begins the load on its own thread, so the command
can build the rule pack's matcher meanwhile (Vosk releases the interpreter
lock while it reads the model). Reading a WAV and loading the model need
nothing of the assist package (pypinyin and the rule pack are imported only
by ``analyze`` with ``assist``). A file that holds no audio raises
``EmptyRecording`` before any model is loaded.
"""

from __future__ import annotations

import time
import wave
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..audio.taps import TapFrame
from ..bus import EventBus
from ..errors import ModelError, SoftphoneError
from ..i18n import N_
from ..events import EmotionChanged, PacingAlert, PhraseAlert, TranscriptionFailed, TranscriptSegment
from ..states import AudioChannel, CallId
from .pipeline import TranscriptionService, WarmPool
from .recognizer import ModelHandle, ModelState

if TYPE_CHECKING:  # imported by ``analyze`` itself: pypinyin and the rules cost 0.2-0.3 s to import
    from ..assist.packs import PackHolder
    from ..assist.service import AssistService

__all__ = ["AnalyzeError", "EmptyRecording", "Recording", "read_wav", "segment_line", "start_model", "ready_model",
           "load_model", "analyze"]

FRAME_S = 0.02
CALL_ID = CallId("analyze")
_RATES = (8000, 16000)
_QUEUE_FRAMES = 50  # one second ahead of the slower channel, at most


class AnalyzeError(SoftphoneError):
    default_user_message = N_("The recording could not be analysed.")


class EmptyRecording(AnalyzeError):
    """The file or call holds no audio at all: there is nothing to analyze (not a broken file)."""

    default_user_message = N_("The recording holds no audio: nothing to analyze.")


@dataclass(frozen=True)
class Recording:
    rate: int
    channels: dict[AudioChannel, bytes]  # 16-bit mono PCM per channel

    @property
    def seconds(self) -> float:
        return max((len(p) for p in self.channels.values()), default=0) / 2 / self.rate


def _parse_names(names: Sequence[str]) -> list[AudioChannel]:
    try:
        return [AudioChannel(n.strip().lower()) for n in names]
    except ValueError as exc:
        raise AnalyzeError(str(exc), user_message=N_("Channels are 'agent' and 'customer'.")) from exc


def read_wav(path: str | Path, names: Sequence[str] | None = None) -> Recording:
    """Mono: one channel, named by ``names`` (default agent). Stereo: left agent,
    right customer, keeping only ``names`` if given. 16-bit PCM, 8 or 16 kHz.

    ``EmptyRecording`` for a file of 0 bytes or a WAV of 0 frames; ``AnalyzeError``
    for anything else that is not such a WAV file."""
    if _is_empty_file(path):
        raise EmptyRecording(f"{path} is empty", user_message=N_("'{0}' is empty (0 bytes): nothing to analyze.", path))
    try:
        with wave.open(str(path), "rb") as w:
            rate, width, n = w.getframerate(), w.getsampwidth(), w.getnchannels()
            data = w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise AnalyzeError(f"cannot read {path}: {exc}",
                           user_message=N_("'{0}' is not a readable WAV file ({1}).", path, exc)) from exc
    if width != 2 or rate not in _RATES or n not in (1, 2):
        raise AnalyzeError(f"{path}: {n} ch, {8 * width} bit, {rate} Hz", user_message=N_(
            "'{0}' must be 16-bit PCM, mono or stereo, at 8000 or 16000 Hz "
            "(it is {1} channel(s), {2}-bit, {3} Hz).", path, n, 8 * width, rate))
    if not data:
        raise EmptyRecording(f"{path}: no frames", user_message=N_(
            "'{0}' holds no audio (a WAV header without samples): nothing to analyze.", path))
    return Recording(rate, _split(np.frombuffer(data, dtype="<i2"), n, names))


def _is_empty_file(path: str | Path) -> bool:
    try:
        return Path(path).stat().st_size == 0
    except OSError:
        return False  # wave.open says what is wrong


def _split(samples: np.ndarray, n: int, names: Sequence[str] | None) -> dict[AudioChannel, bytes]:
    chosen = _parse_names(names) if names else None
    if n == 1:
        if chosen is not None and len(chosen) != 1:
            raise AnalyzeError("mono file, several channels", user_message=N_(
                "A mono recording has one channel: give one name with --channels (agent or customer)."))
        return {(chosen or [AudioChannel.AGENT])[0]: samples.tobytes()}
    frames = samples[: samples.size // 2 * 2].reshape(-1, 2)
    both = {AudioChannel.AGENT: frames[:, 0].tobytes(), AudioChannel.CUSTOMER: frames[:, 1].tobytes()}
    return {ch: pcm for ch, pcm in both.items() if chosen is None or ch in chosen}


def segment_line(event: TranscriptSegment) -> dict[str, Any]:
    """The JSON line of the analyze command."""
    return {"type": "final" if event.final else "partial", "channel": event.channel.value,
            "text": event.text, "start": event.start, "end": event.end, "delay": event.delay}


def _frames(rec: Recording) -> Iterator[list[TapFrame]]:
    """Per 20 ms step, one frame for each channel."""
    size = int(rec.rate * FRAME_S) * 2
    total = max(len(p) for p in rec.channels.values())
    for i, pos in enumerate(range(0, total, size)):
        yield [TapFrame(CALL_ID, ch, round(i * FRAME_S, 6), pcm[pos:pos + size].ljust(size, b"\0"), rec.rate)
               for ch, pcm in rec.channels.items()]


def _feed(service: TranscriptionService, rec: Recording, realtime: bool, assist: AssistService | None = None) -> None:
    start = time.monotonic()
    steps = 0
    for i, step in enumerate(_frames(rec)):
        if realtime:
            time.sleep(max(0.0, start + i * FRAME_S - time.monotonic()))
        for frame in step:
            service.on_frame(frame)
            if assist is not None:
                assist.on_frame(frame)
        steps += 1
    end_t = round(steps * FRAME_S, 6)
    for ch in rec.channels:
        service.on_frame(TapFrame(CALL_ID, ch, end_t, b"", rec.rate, last=True))


def start_model(path: Path, name: str, language: str = "") -> ModelHandle:
    """Begin loading on the model's own thread; ``ready_model`` waits for it."""
    model = ModelHandle(lambda e: None, path, name=name, language=language)
    model.start()
    return model


def ready_model(model: ModelHandle, timeout: float = 120.0) -> ModelHandle:
    """``model`` once loaded; ``ModelError`` if it failed or took longer than ``timeout``."""
    model.wait(timeout)
    if model.state is not ModelState.READY:
        raise model.error or ModelError("the speech model did not load in time")
    return model


def load_model(path: Path, name: str, language: str = "", timeout: float = 120.0) -> ModelHandle:
    """Load synchronously."""
    return ready_model(start_model(path, name, language), timeout)


def analyze(rec: Recording, model: ModelHandle, on_event: Callable[[Any], None], *,
            realtime: bool = False, timeout: float = 600.0, assist: PackHolder | None = None) -> list[TranscriptionFailed]:
    """Feed ``rec`` through a ``TranscriptionService`` (and, with ``assist``, an ``AssistService``).

    ``on_event`` gets the transcript segments and, with ``assist``, the alert,
    emotion and pacing events. Returns the transcription failures, if any.
    """
    from ..assist.service import AssistService

    bus = EventBus()
    failures: list[TranscriptionFailed] = []
    bus.subscribe(on_event, TranscriptSegment, PhraseAlert, EmotionChanged, PacingAlert)
    bus.subscribe(failures.append, TranscriptionFailed)
    # --realtime: recognizers warmed before the first word, as in a call. As fast as possible: cold ones (a
    # warm-up costs 2-3 s of CPU per channel and only shortens the first utterance's lag, which means
    # nothing when the audio is not paced; measured in benchmarks/bench_asr.py, "analyze_overhead").
    warm = len(rec.channels) if realtime else 0
    pool = WarmPool(model, (rec.rate,), size=warm, refill=False, workers=max(1, warm))
    pool.wait_filled(60.0)
    service = TranscriptionService(bus, model, recognizers=pool, max_queue=0 if realtime else _QUEUE_FRAMES)
    helper = AssistService(bus, assist, pacing=len(rec.channels) == 2) if assist is not None else None
    try:
        _feed(service, rec, realtime, helper)
        service.join(timeout)
    finally:
        service.close()
        bus.flush(10.0)
        if helper is not None:
            helper.flush(10.0)
            helper.close()
            bus.flush(10.0)
        bus.close()
    return failures
