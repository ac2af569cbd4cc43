"""Real-time assist: alert latency, matcher throughput and CPU, precision and recall.

* ``eval``: precision and recall of the shipped Chinese pack on the labelled
  set ``tests/assist/eval_zh.tsv`` (``softphone.assist.evaluation``): all
  lines, the odd lines (looked at while the pack was tuned) and the even
  lines (held out: only ever counted), and per kind of line; and on the
  blind set ``tests/assist/eval_zh_blind.tsv`` (another writer, written
  without seeing the pack; only ever counted).
* ``matcher``: utterances per second through ``PhraseMatcher.find`` with the
  full Chinese pack (every line of the set, agent and customer side), and the
  time per call.
* ``cpu_during_call``: the ``assist`` thread's CPU time (from
  /proc/self/task/<tid>/stat) while an ``AssistService`` with the full
  Chinese pack follows two channels for ``--call-s`` seconds: partials
  growing a character at a time at the rate the live pipeline produces them
  (4 per second per side, measured by bench_asr), a final per utterance, and
  20 ms tap frames on both sides for pacing. The utterances are the set's
  Chinese lines: the speech model here is Korean, so the Chinese text comes
  from the set, not from recognition.
* ``alert_latency``: live, warmed, two channels at real-time pace (the
  bench_asr rig). The agent side speaks espeak-ng Korean; the packaged
  Korean model's own output for it (an offline pass first) gives a Korean
  test pack whose phrases are words the model writes for that audio. Per
  alert, the latency is the wall time from when the audio up to the end of
  the matched words had been handed over to when the ``PhraseAlert`` event
  was posted. The end of the words is taken from the final's word timings,
  for the same occurrence (the n-th in the utterance) as the alert; alerts
  whose words the final no longer holds (the recognizer changed its mind)
  are counted apart. ``--latency-runs`` calls per rate (default 3) on the
  same audio and pack, pooled: one call gives only 10-20 alerts, too few
  for a p95. ``process_cpu_percent_of_one_core``: the whole process (both
  decoders, the assist thread, the rig) over the paced calls.
* ``early_trigger_screen``: ways to raise an alert before the decoder's best
  path settles, tried offline (no pacing, one thread) on the same agent
  audio, model and test pack as ``alert_latency``, ``--screen-runs`` times
  each (Vosk dithers at random, so runs differ). Per trigger, the audio time
  from the end of the words (the full decoder's final of that run) to the
  audio end of the chunk after which the trigger first held the phrase, the
  alerts no final word places (``alerts_not_in_the_final``: the phrase is
  not among that run's final words near the hit) and the CPU per second of
  audio. Triggers: ``full_decoder`` (the product: a new occurrence in a
  partial or a final of the full decoder), ``full_decoder_upsampled`` (8
  kHz only: the call resampled to 16 kHz with ``asr.resample`` before
  Vosk), ``spotter_unk`` and ``spotter_syllables`` (a second Vosk
  recognizer with a runtime grammar beside the full decoder: the pack's
  phrases and ``[unk]``; or the phrases and every Hangul syllable the model
  has as a word, a filler that absorbs talk that is no phrase, the way a
  Chinese model's single characters would), each alone and ``+full``
  (either trigger alerts; one alert per occurrence).

Output: one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, emit, note, summary  # noqa: E402

sys.path.insert(0, str(ROOT))
from softphone.assist.evaluation import evaluate, read_set  # noqa: E402
from softphone.assist.matcher import PhraseMatcher  # noqa: E402
from softphone.assist.packs import PackHolder  # noqa: E402
from softphone.assist import readings as readings_mod  # noqa: E402
from softphone.assist.built import load_or_build  # noqa: E402
from softphone.assist.readings import READINGS_FILE, ReadingCache  # noqa: E402
from softphone.assist.rules import load_pack, pack_dir  # noqa: E402
from softphone.assist.service import AssistService  # noqa: E402
from softphone.audio.taps import TapFrame  # noqa: E402
from softphone.bus import EventBus  # noqa: E402
from softphone.events import Event, PhraseAlert, TranscriptSegment, TranscriptWord  # noqa: E402
from softphone.states import AudioChannel, CallId  # noqa: E402

EVAL_SET = ROOT / "tests" / "assist" / "eval_zh.tsv"
BLIND_SET = ROOT / "tests" / "assist" / "eval_zh_blind.tsv"
PARTIALS_PER_S = 4.0


def eval_scores() -> dict[str, Any]:
    """All lines, and the two halves: odd lines ("dev", looked at while tuning) and even ("held-out", only
    counted); and the blind set, by another writer, never read while tuning (only counted)."""
    matcher = PhraseMatcher(load_pack(pack_dir("zh")).rules)
    items = read_set(EVAL_SET)
    out: dict[str, Any] = {}
    for name, part in (("all", items), ("dev", [i for i in items if i.line % 2 == 1]),
                       ("held_out", [i for i in items if i.line % 2 == 0]), ("blind", read_set(BLIND_SET))):
        s = evaluate(part, matcher)
        out[name] = {"lines": len(part), "precision": round(s.precision, 4), "recall": round(s.recall, 4),
                     "tp": s.tp, "fp": s.fp, "fn": s.fn, "tn": s.tn}
        if name == "all":
            kinds = sorted({k for k, _ in s.by_kind})
            out["by_kind"] = {k: {o: s.by_kind[(k, o)] for o in ("tp", "fn", "fp", "tn") if s.by_kind[(k, o)]}
                              for k in kinds}
    return out


def throughput(repeats: int) -> dict[str, Any]:
    pack = load_pack(pack_dir("zh"))
    with tempfile.TemporaryDirectory() as tmp:
        kept = Path(tmp) / READINGS_FILE
        t0 = time.perf_counter()
        first = ReadingCache(kept)
        matcher = PhraseMatcher(pack.rules, first)  # a first start: every part's pinyin worked out
        build_s = time.perf_counter() - t0
        first.save()
        readings_mod._MEMO.clear()  # a second start: only the kept file is left
        t0 = time.perf_counter()
        PhraseMatcher(pack.rules, ReadingCache(kept))
        build_kept_s = time.perf_counter() - t0
        load_or_build(pack_dir("zh"), ReadingCache(kept))  # a start that keeps the built pack (built.py)
        readings_mod._MEMO.clear()
        t0 = time.perf_counter()
        load_or_build(pack_dir("zh"), ReadingCache(kept))  # the next start: the kept build is loaded
        built_kept_s = time.perf_counter() - t0
    items = read_set(EVAL_SET)
    for it in items:  # warm the pinyin cache, as a running call would have
        matcher.find(it.text, it.channel)
    per_call: list[float] = []
    t0 = time.perf_counter()
    for _ in range(repeats):
        for it in items:
            c = time.perf_counter()
            matcher.find(it.text, it.channel)
            per_call.append(1000 * (time.perf_counter() - c))
    wall = time.perf_counter() - t0
    return {"rules": len(pack.rules), "phrases": pack.phrase_count(), "variants": matcher.variant_count,
            "build_ms": round(1000 * build_s, 1), "build_with_kept_readings_ms": round(1000 * build_kept_s, 1),
            "kept_build_load_ms": round(1000 * built_kept_s, 1),
            "utterances_per_s": round(len(per_call) / wall, 1),
            "ms_per_utterance": summary(per_call, 3),
            "mean_chars": round(sum(len(i.text) for i in items) / len(items), 1)}


def _thread_cpu_s(tid: int) -> float:
    """CPU seconds (user + system) of one thread of this process, from /proc."""
    fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_during_call(call_s: float) -> dict[str, Any]:
    items = read_set(EVAL_SET)
    bus = EventBus()
    holder = PackHolder("zh", bus.post)
    assert holder.reload()
    alerts: list[Event] = []
    bus.subscribe(alerts.append, PhraseAlert)
    svc = AssistService(bus, holder)
    streams = {AudioChannel.AGENT: [i.text for i in items if i.channel == "agent"],
               AudioChannel.CUSTOMER: [i.text for i in items if i.channel == "customer"]}
    stop = threading.Event()
    call = CallId("bench")

    def side(channel: AudioChannel) -> None:
        texts, seg, t = streams[channel], 0, 0.0
        while not stop.is_set():
            text = texts[seg % len(texts)]
            for n in range(1, len(text) + 1):
                if stop.wait(1 / PARTIALS_PER_S):
                    return
                t += 1 / PARTIALS_PER_S
                bus.post(TranscriptSegment(call, channel, seg, False, text[:n], t - n / PARTIALS_PER_S, t, (), 0.0, 0.3))
            words = (TranscriptWord(text, t - len(text) / PARTIALS_PER_S, t, 1.0),)
            bus.post(TranscriptSegment(call, channel, seg, True, text, words[0].start, t, words, 0.9, 0.6))
            seg += 1

    def taps() -> None:
        silent, i = bytes(640), 0
        while not stop.wait(0.02):
            for ch in AudioChannel:
                svc.on_frame(TapFrame(call, ch, i * 0.02, silent, 16000))
            i += 1

    threads = [threading.Thread(target=side, args=(c,)) for c in AudioChannel] + [threading.Thread(target=taps)]
    tid = svc._thread.native_id
    assert tid is not None
    cpu0, w0 = _thread_cpu_s(tid), time.monotonic()
    for th in threads:
        th.start()
    time.sleep(call_s)
    stop.set()
    for th in threads:
        th.join()
    svc.flush(10)
    cpu, wall = _thread_cpu_s(tid) - cpu0, time.monotonic() - w0
    svc.close()
    bus.close()
    return {"call_s": round(wall, 1), "assist_thread_cpu_percent_of_one_core": round(100 * cpu / wall, 2),
            "partials_per_s_per_side": PARTIALS_PER_S, "alerts": len(alerts)}


# -- live alert latency --------------------------------------------------------------------------------


def _korean_test_pack(folder: Path, finals: list[TranscriptSegment]) -> list[str]:
    """A pack whose phrases are the words (two syllables or more) the model wrote for the agent side."""
    phrases: list[str] = []
    for f in finals:
        for w in f.words:
            if len(w.word) >= 2 and all("\uac00" <= c <= "\ud7a3" for c in w.word) and w.word not in phrases:
                phrases.append(w.word)
    d = folder / "ko"
    d.mkdir(parents=True)
    (d / "pack.toml").write_text('[pack]\nlanguage = "ko"\nversion = "bench"\nname = "bench"\n', encoding="utf-8")
    rules = "".join(f'[[rule]]\nid = "bench.r{i}"\nchannel = "agent"\ncategory = "threat"\nseverity = "high"\n'
                    f'phrases = ["{p}"]\nsuggestion = "-"\nsource = "bench"\n\n' for i, p in enumerate(phrases))
    (d / "agent.toml").write_text(rules, encoding="utf-8")
    return phrases


class _Both:
    def __init__(self, *targets: Any) -> None:
        self.targets = targets

    def on_frame(self, frame: TapFrame) -> None:
        for t in self.targets:
            t.on_frame(frame)


def alert_latency(rate: int, workdir: Path, runs: int, screen_runs: int) -> dict[str, Any]:
    """``runs`` live calls on the same audio and test pack (one model load); the latencies pooled."""
    from bench_asr import two_sided

    from softphone.asr.analyze import Recording, analyze
    from softphone.asr.recognizer import ModelHandle, default_model_path

    model = ModelHandle(lambda e: None, default_model_path(), name="ko", language="ko")
    model.start()
    model.wait(120)
    agent, customer = two_sided(workdir, rate)
    offline: list[TranscriptSegment] = []
    analyze(Recording(rate, {AudioChannel.AGENT: agent}), model,
            lambda e: offline.append(e) if isinstance(e, TranscriptSegment) and e.final and e.words else None)
    phrases = _korean_test_pack(workdir / "rules", offline)
    lat: list[float] = []
    from_partial = unplaced = 0
    per_run: list[Any] = []
    cpu0, wall0 = time.process_time(), time.monotonic()
    for _ in range(runs):
        got, partial, lost = _live_run(rate, model, {AudioChannel.AGENT: agent, AudioChannel.CUSTOMER: customer},
                                       workdir / "rules" / "ko")
        lat += got
        from_partial += partial
        unplaced += lost
        per_run.append(summary(got).get("p95"))
    cpu = 100 * (time.process_time() - cpu0) / (time.monotonic() - wall0)
    return {"rate": rate, "runs": runs, "test_phrases": phrases, "alerts": len(lat), "from_partial": from_partial,
            "alerts_not_in_the_final": unplaced, "p95_per_run_ms": per_run,
            "end_of_words_to_alert_ms": summary(lat), "process_cpu_percent_of_one_core": round(cpu, 1),
            "early_trigger_screen": early_trigger_screen(model.model, rate, agent, phrases, screen_runs)}


def _live_run(rate: int, model: Any, audio: dict[AudioChannel, Any], pack: Path) -> tuple[list[float], int, int]:
    """One warmed two-channel call at real-time pace: (latencies in ms, alerts from partials, alerts not placed)."""
    from bench_asr import Paced

    from softphone.asr.pipeline import TranscriptionService, WarmPool

    bus = EventBus()
    events: list[Event] = []
    bus.subscribe(events.append, TranscriptSegment, PhraseAlert)
    holder = PackHolder("ko", bus.post, pack)
    assert holder.reload()
    pool = WarmPool(model, (rate,), size=2)
    svc = TranscriptionService(bus, model, recognizers=pool)
    assist = AssistService(bus, holder)
    assert pool.wait_filled(60)
    paced = Paced(_Both(svc, assist), audio, rate)  # type: ignore[arg-type]
    paced.run()
    svc.join(30)
    bus.flush()
    assist.flush(10)
    bus.flush()
    svc.close()
    assist.close()
    bus.close()
    finals = {(e.channel, e.segment): e for e in events if isinstance(e, TranscriptSegment) and e.final}
    lat: list[float] = []
    from_partial = unplaced = 0
    for a in (e for e in events if isinstance(e, PhraseAlert)):
        final = finals.get((a.channel, a.segment))
        if final is None or not final.words:
            continue
        end = _word_end(final, a.text, int(a.alert_id.rsplit("/", 1)[1]))
        if end is None:  # the final no longer holds the words the partial matched
            unplaced += 1
            continue
        lat.append(1000 * (a.at - paced.wall_of(end)))
        from_partial += a.from_partial
    return lat, from_partial, unplaced


def _word_end(final: TranscriptSegment, matched: str, ordinal: int) -> float | None:
    """End (call time) of the final's word holding the end of the ``ordinal``-th occurrence of ``matched``.

    The alert came from a partial; the final of the same utterance has the word
    timings. Occurrences are counted in the final's text without spaces, as the
    matcher counts them (the alert id ends with the ordinal)."""
    target, joined = matched.replace(" ", ""), "".join(w.word for w in final.words)
    at = -1
    for _ in range(ordinal + 1):
        at = joined.find(target, at + 1)
        if at < 0:
            return None
    end, count = at + len(target), 0
    for w in final.words:
        count += len(w.word)
        if count >= end:
            return w.end
    return None


# -- early triggers, offline screen ----------------------------------------------------------------------

HANGUL = [chr(c) for c in range(0xAC00, 0xD7A4)]  # a grammar drops the ones the model lacks as words
_BEFORE_S, _AFTER_S, _SAME_S = 0.3, 3.0, 1.5  # where a hit may fall around its word; one alert per occurrence


@dataclass(frozen=True)
class _Hit:
    at: float  # audio time (s) at the end of the chunk after which the trigger held the phrase
    phrase: str


@dataclass(frozen=True)
class _Pass:
    hits: list[_Hit]
    words: list[tuple[float, float, str]]  # the finals' words that are test phrases: start, end, word
    cpu_s: float


class _Occurrences:
    """New occurrences of the phrases in a growing hypothesis; forgets at each final."""

    def __init__(self, phrases: list[str]) -> None:
        self._phrases, self._seen = phrases, dict.fromkeys(phrases, 0)

    def new(self, text: str, at: float, final: bool) -> list[_Hit]:
        words, hits = text.split(), []
        for p in self._phrases:
            n = words.count(p)
            hits += [_Hit(at, p)] * max(0, n - self._seen[p])
            self._seen[p] = max(n, self._seen[p])
        if final:
            self._seen = dict.fromkeys(self._phrases, 0)
        return hits


def _full_pass(model: Any, rate: int, pcm: bytes, phrases: list[str], upsample: bool) -> _Pass:
    """The product's recognizer, warmed, 20 ms frames; hits from its partials and finals."""
    from softphone.asr.recognizer import ChannelRecognizer
    from softphone.asr.resample import Resampler

    rec = ChannelRecognizer(model, 16000 if upsample else rate)
    rec.warm()
    up = Resampler(8000, 16000) if upsample else None
    occ, hits, words, step = _Occurrences(phrases), [], [], rate // 50 * 2
    c0 = time.process_time()
    for i in range(0, len(pcm), step):
        frame = pcm[i:i + step] if up is None else up.process(pcm[i:i + step])
        for r in rec.feed(frame, i / 2 / rate):
            hits += occ.new(r.text, (i + step) / 2 / rate, r.final)
            words += [(w.start, w.end, w.word) for w in r.words if w.word in phrases]
    for r in rec.finish():
        hits += occ.new(r.text, len(pcm) / 2 / rate, True)
        words += [(w.start, w.end, w.word) for w in r.words if w.word in phrases]
    return _Pass(hits, words, time.process_time() - c0)


def _spotter_pass(model: Any, rate: int, pcm: bytes, grammar: list[str]) -> _Pass:
    """A Vosk grammar recognizer beside the full decoder: its partials and results, every 20 ms."""
    import json

    import vosk

    vosk.SetLogLevel(-1)  # else one warning per grammar word the model lacks (thousands of syllables)
    rec = vosk.KaldiRecognizer(model, float(rate), json.dumps(grammar, ensure_ascii=False))
    phrases = [g for g in grammar if len(g) > 1 and g != "[unk]"]
    occ, hits, step = _Occurrences(phrases), [], rate // 50 * 2
    c0 = time.process_time()
    for i in range(0, len(pcm), step):
        final = bool(rec.AcceptWaveform(pcm[i:i + step]))
        text = json.loads(rec.Result())["text"] if final else json.loads(rec.PartialResult())["partial"]
        hits += occ.new(text, (i + step) / 2 / rate, final)
    return _Pass(hits, [], time.process_time() - c0)


def _place(hits: list[_Hit], words: list[tuple[float, float, str]]) -> tuple[list[float], int]:
    """Latencies (ms) of hits placed on a final word, and hits no final word places.

    A hit goes to the first unplaced word of its phrase whose span (0.3 s
    before, 3 s after) holds it; a hit on an already placed word within 1.5 s
    is the same occurrence from the other trigger (one alert, not counted)."""
    placed: dict[int, float] = {}
    lat: list[float] = []
    unplaced = 0
    for h in sorted(hits, key=lambda h: h.at):
        near = [k for k, (s, e, w) in enumerate(words) if w == h.phrase and s - _BEFORE_S <= h.at <= e + _AFTER_S]
        free = [k for k in near if k not in placed]
        if free:
            placed[free[0]] = h.at
            lat.append(1000 * (h.at - words[free[0]][1]))
        elif not any(h.at - placed[k] < _SAME_S for k in near if k in placed):
            unplaced += 1
    return lat, unplaced


def _screen_once(model: Any, rate: int, pcm: bytes, phrases: list[str]) -> dict[str, tuple[list[float], int, float]]:
    """One run of every trigger: name -> (latencies ms, alerts not in the final, CPU s)."""
    full = _full_pass(model, rate, pcm, phrases, False)
    spots = {"spotter_unk": _spotter_pass(model, rate, pcm, phrases + ["[unk]"]),
             "spotter_syllables": _spotter_pass(model, rate, pcm, phrases + HANGUL + ["[unk]"])}
    out = {"full_decoder": (*_place(full.hits, full.words), full.cpu_s)}
    if rate == 8000:
        up = _full_pass(model, rate, pcm, phrases, True)
        out["full_decoder_upsampled"] = (*_place(up.hits, up.words), up.cpu_s)
    for name, sp in spots.items():
        out[name] = (*_place(sp.hits, full.words), sp.cpu_s)
        out[name + "+full"] = (*_place(sp.hits + full.hits, full.words), sp.cpu_s + full.cpu_s)
    return out


def early_trigger_screen(model: Any, rate: int, pcm: bytes, phrases: list[str], runs: int) -> dict[str, Any]:
    note(f"early-trigger screen, {rate} Hz, {runs} runs ...")
    pooled: dict[str, tuple[list[float], list[int], float]] = {}
    for _ in range(runs):
        for name, (lat, unplaced, cpu) in _screen_once(model, rate, pcm, phrases).items():
            got = pooled.setdefault(name, ([], [], 0.0))
            pooled[name] = (got[0] + lat, got[1] + [unplaced], got[2] + cpu)
    audio_s = runs * len(pcm) / 2 / rate
    return {name: {"audio_end_of_words_to_hit_ms": summary(lat), "alerts_not_in_the_final": sum(un),
                   "alerts_not_in_the_final_per_run": un,
                   "cpu_percent_of_one_core": round(100 * cpu / audio_s, 1)}
            for name, (lat, un, cpu) in pooled.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rates", default="16000,8000")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--call-s", type=float, default=60.0)
    ap.add_argument("--latency-runs", type=int, default=3, help="live calls per rate for the alert latency")
    ap.add_argument("--screen-runs", type=int, default=3, help="offline runs per rate of the early-trigger screen")
    ap.add_argument("--quick", action="store_true", help="16 kHz only, a 20 s call, one live call")
    args = ap.parse_args()
    rates = [16000] if args.quick else [int(r) for r in args.rates.split(",")]
    out: dict[str, Any] = {"benchmark": "assist", "cpus": os.cpu_count()}
    note("precision and recall ...")
    out["eval"] = eval_scores()
    note("matcher throughput ...")
    out["matcher"] = throughput(1 if args.quick else args.repeats)
    note("assist thread CPU during a call ...")
    out["cpu_during_call"] = cpu_during_call(20.0 if args.quick else args.call_s)
    out["alert_latency"] = []
    for rate in rates:
        note(f"live alert latency, two channels, {rate} Hz ...")
        with tempfile.TemporaryDirectory() as tmp:
            out["alert_latency"].append(alert_latency(rate, Path(tmp), 1 if args.quick else args.latency_runs,
                                                        1 if args.quick else args.screen_runs))
    emit(out)


if __name__ == "__main__":
    main()
