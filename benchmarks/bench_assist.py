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
  for a p95.

Output: one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, emit, note, summary  # noqa: E402

sys.path.insert(0, str(ROOT))
from softphone.assist.evaluation import evaluate, read_set  # noqa: E402
from softphone.assist.matcher import PhraseMatcher  # noqa: E402
from softphone.assist.packs import PackHolder  # noqa: E402
from softphone.assist import readings as readings_mod  # noqa: E402
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


def alert_latency(rate: int, workdir: Path, runs: int) -> dict[str, Any]:
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
    for _ in range(runs):
        got, partial, lost = _live_run(rate, model, {AudioChannel.AGENT: agent, AudioChannel.CUSTOMER: customer},
                                       workdir / "rules" / "ko")
        lat += got
        from_partial += partial
        unplaced += lost
        per_run.append(summary(got).get("p95"))
    return {"rate": rate, "runs": runs, "test_phrases": phrases, "alerts": len(lat), "from_partial": from_partial,
            "alerts_not_in_the_final": unplaced, "p95_per_run_ms": per_run,
            "end_of_words_to_alert_ms": summary(lat)}


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rates", default="16000,8000")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--call-s", type=float, default=60.0)
    ap.add_argument("--latency-runs", type=int, default=3, help="live calls per rate for the alert latency")
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
            out["alert_latency"].append(alert_latency(rate, Path(tmp), 1 if args.quick else args.latency_runs))
    emit(out)


if __name__ == "__main__":
    main()
