"""Run every benchmark, keep the JSON, print a Markdown table for the README.

    .venv/bin/python benchmarks/run_all.py --quick      # a few minutes
    .venv/bin/python benchmarks/run_all.py              # full: ~30 min (10-minute bridge call x 2 variants)
    .venv/bin/python benchmarks/run_all.py --only sip   # one benchmark, the others' last results are reused
    .venv/bin/python benchmarks/run_all.py --only asr   # live transcription: ~4 min (--quick ~1.5)
    .venv/bin/python benchmarks/run_all.py --only team  # team lead's wallboard, 200 agents: ~1.5 min (--quick ~30 s)
    .venv/bin/python benchmarks/run_all.py --table-only # rebuild the table from results/*.json

Each benchmark's output goes to ``benchmarks/results/<name>.json`` (full) or
``<name>.quick.json`` (--quick); the combination of this invocation to
``benchmarks/results/latest.json`` (a benchmark not run now is taken from its
last saved result of the same mode, else of the other mode). The table goes to stdout
(progress to stderr).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
BENCHES = {"sip": "bench_sip.py", "audio_bridge": "bench_audio_bridge.py", "ui": "bench_ui.py", "asr": "bench_asr.py",
           "assist": "bench_assist.py", "case_pop": "bench_case_pop.py", "case_import": "bench_case_import.py",
           "plan_code": "bench_plan_code.py", "guard": "bench_guard.py",
           "recording": "bench_recording.py", "team": "bench_team.py", "install": "bench_install.py",
           "emotion": "bench_emotion.py"}
ASR_PARTIAL_P95_MS = 800.0
ASR_OVERHEAD_RATIO = 1.2


def _file(name: str, quick: bool, ext: str = "json") -> Path:
    return RESULTS / f"{name}{'.quick' if quick else ''}.{ext}"


def run(name: str, quick: bool, extra: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, str(HERE / BENCHES[name]), *(["--quick"] if quick else []), *extra]
    print(f"running {' '.join(cmd[1:])} ...", file=sys.stderr, flush=True)
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    print(f"  done in {time.monotonic() - t0:.0f} s (exit {proc.returncode})", file=sys.stderr, flush=True)
    _file(name, quick, "stderr.log").write_text(proc.stderr)
    try:
        data: dict[str, Any] = json.loads(proc.stdout)
    except json.JSONDecodeError:
        data = {"benchmark": name, "problems": [f"no JSON (exit {proc.returncode}); see its stderr.log in results/"]}
    data["exit_code"] = proc.returncode
    _file(name, quick).write_text(json.dumps(data, indent=2))
    return data


def _get(d: Any, *path: Any) -> Any:
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def _fmt(v: Any, unit: str = "") -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        v = f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"
    return f"{v}{unit}"


def _pp(s: dict[str, Any] | None, unit: str = " ms") -> str:
    if not s or not s.get("n"):
        return "n/a"
    return f"{_fmt(s['p50'])} / {_fmt(s['p95'])}{unit}"


def table(results: dict[str, Any]) -> str:
    rows: list[tuple[str, str, str, str, str]] = []
    sip = results.get("sip", {})
    reg, dial, cpu = sip.get("launch_to_registered_ms", {}), sip.get("invite_to_confirmed_ms", {}), \
        sip.get("cpu_per_call", {})
    ratios = sip.get("ratios_ours_over_baresip", {})
    b_reg = _pp(reg.get("baresip"))

    def r(x: Any, limit: float | None = None) -> str:
        if x is None:
            return "n/a"
        mark = "" if limit is None else (" ✓" if x <= limit else " ✗")
        return f"{x:.2f}×{mark}"

    rows.append(("launch → registered, `agent-softphone headless` process, Python start-up and imports included (p50 / p95)",
                 _pp(reg.get("ours_headless_subprocess")), "— (measured)", b_reg,
                 r(ratios.get("launch_to_registered_p50_subprocess"))))
    rows.append(("launch → registered, in-process `Engine` (p50 / p95)", _pp(reg.get("ours_in_process")),
                 "— (measured)", b_reg, r(ratios.get("launch_to_registered_p50_in_process"))))
    rows.append(("INVITE → CONFIRMED (p50 / p95)", _pp(dial.get("ours_in_process")), "≤ 2× baresip",
                 _pp(dial.get("baresip")), r(ratios.get("invite_to_confirmed_p50"), 2)))
    for key, bkey, label, rkey in (
            ("ours_in_process_null_audio", "baresip_null_audio", "no sound device", "cpu_per_call_null_audio"),
            ("ours_headless_pulse", "baresip_alsa_pulse", "PulseAudio devices", "cpu_per_call_pulse_devices")):
        o, b = cpu.get(key), cpu.get(bkey)
        if o is None and b is None:
            continue
        rows.append((f"CPU per call, {label} (% of a core: with call − idle)", _fmt(_get(o, "per_call_pct"), " %"),
                     "≤ 3× baresip", _fmt(_get(b, "per_call_pct"), " %"), r(ratios.get(rkey), 3)))
        ot, bt = _get(o, "one_call_pct"), _get(b, "one_call_pct")
        rows.append((f"CPU with one call up, {label} (idle: ours {_fmt(_get(o, 'idle_pct'))} %, "
                     f"baresip {_fmt(_get(b, 'idle_pct'))} %)", _fmt(ot, " %"), "—", _fmt(bt, " %"),
                     r(round(ot / bt, 2) if ot is not None and bt else None)))
    bridge = results.get("audio_bridge", {})
    for name, v in bridge.get("variants", {}).items():
        lod, lat = v.get("late_or_dropped", {}), v.get("latency_ms", {})
        label = {"pulse": "PulseAudio devices", "threads": "paced threads"}.get(name, name)
        secs = f"{v.get('measured_s', 0):.0f} s"
        rings = (lod.get("mic_underruns", 0) + lod.get("mic_overruns", 0) + lod.get("speaker_underruns", 0)
                 + lod.get("speaker_overruns", 0) + lod.get("mic_trims", 0) + lod.get("speaker_trims", 0))
        rows.append((f"bridge, {label}, {secs}: frames late or dropped in the rings (mic u/o/trim, speaker u/o/trim)",
                     f"{rings} ({lod.get('mic_underruns')}/{lod.get('mic_overruns')}/{lod.get('mic_trims', 0)}, "
                     f"{lod.get('speaker_underruns')}/{lod.get('speaker_overruns')}/{lod.get('speaker_trims', 0)})",
                     "0" + (" ✓" if rings == 0 else " ✗"), "—", "—"))
        rows.append((f"bridge, {label}: tap frames missing (agent / customer) of {v.get('expected_frames')}; "
                     f"timestamp gaps > 20 ms",
                     f"{lod.get('agent_tap_missing')} / {lod.get('customer_tap_missing')}; "
                     f"{(lod.get('agent_tap_timestamp_gaps_gt_20ms') or 0) + (lod.get('customer_tap_timestamp_gaps_gt_20ms') or 0)}",
                     "0", "—", "—"))
        rows.append((f"bridge, {label}: frames missing at the far end", _fmt(lod.get("peer_frames_missing")),
                     "0", "—", "—"))
        rows.append((f"bridge, {label}: time in mic ring, send direction (p50 / p95)",
                     _pp(lat.get("mic_ring_residence")), "< 60 ms", "—", "—"))
        rows.append((f"bridge, {label}: time in speaker ring, receive direction (p50 / p95)",
                     _pp(lat.get("speaker_ring_residence")), "< 60 ms", "—", "—"))
        rows.append((f"bridge, {label}: injected burst, mic ring → agent tap (p50 / p95)",
                     _pp(lat.get("burst_mic_ring_to_agent_tap")), "< 60 ms", "—", "—"))
    ui = results.get("ui", {})
    if ui.get("launch_to_window_shown_ms"):
        stall = _get(ui, "gui_stall_during_calls", "gap_ms") or {}
        rows.append(("window: launch → window shown, imports included (p50 / p95)",
                     _pp(ui.get("launch_to_window_shown_ms")), "— (measured)", "—", "—"))
        rows.append(("window: launch → registered (p50 / p95)", _pp(ui.get("launch_to_registered_ms")),
                     "— (measured)", "—", "—"))
        p99 = stall.get("p99")
        rows.append((f"window: GUI loop gap p99 (10 ms timer) while calls are dialled, held, resumed, ended",
                     _fmt(p99, " ms") + f" (max {_fmt(stall.get('max'), ' ms')})", "< 50 ms" + (" ✓" if p99 is not None and p99 < 50 else " ✗"),
                     "—", "—"))
    rows += asr_rows(results.get("asr", {}))
    rows += assist_rows(results.get("assist", {}))
    rows += emotion_rows(results.get("emotion", {}))
    rows += case_rows(results.get("case_pop", {}), results.get("case_import", {}))
    rows += plan_rows(results.get("plan_code", {}))
    rows += guard_rows(results.get("guard", {}))
    rows += recording_rows(results.get("recording", {}))
    rows += team_rows(results.get("team", {}))
    rows += install_rows(results.get("install", {}))
    lines = ["| metric | value | target | baresip | ratio |", "|---|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def case_rows(pop: dict[str, Any], imp: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """The case file (bench_case_pop.py, bench_case_import.py)."""
    rows: list[tuple[str, str, str, str, str]] = []
    for source, label in (("local", "local case book"), ("http", "HTTP CRM adapter (local server)")):
        r = pop.get(source) or {}
        if r:
            rows.append((f"screen pop, {label}, {pop.get('cases')} cases: INVITE received → case found "
                         f"(p50 / p95); panel filled {_pp(r.get('panel_ms'))}",
                         _pp(r.get("pop_ms")), "— (measured)", "—", "—"))
            rows.append((f"screen pop, {label}: INVITE received → panel filled (p50 / p95)",
                         _pp(r.get("total_ms")), "— (measured)", "—", "—"))
    local = pop.get("local") or {}
    if local.get("lookup_by_number_ms"):
        rows.append((f"case book: lookup by number (keyed fingerprint), {pop.get('cases')} cases (p50 / p95); "
                     f"seeding them {_fmt(local.get('seed_s'))} s", _pp(local["lookup_by_number_ms"]),
                     "— (measured)", "—", "—"))
    x = (imp.get("xlsx") or {}).get("read_and_store") or {}
    if x:
        rows.append((f"`cases import` of a {imp.get('rows')}-row .xlsx ({_fmt((imp.get('xlsx') or {}).get('file_mb'))} MB):"
                     f" read + check, store (rows/s); peak memory",
                     f"{x.get('read_rows_per_s')} / {x.get('store_rows_per_s')} rows/s; {_fmt(x.get('peak_rss_mb'))} MB",
                     "— (measured)", "—", "—"))
    c = (imp.get("csv_gbk") or {}).get("read_and_store") or {}
    if c:
        rows.append((f"`cases import` of the same rows as a GBK .csv: read + check, store (rows/s); peak memory",
                     f"{c.get('read_rows_per_s')} / {c.get('store_rows_per_s')} rows/s; {_fmt(c.get('peak_rss_mb'))} MB",
                     "— (measured)", "—", "—"))
    return rows


def plan_rows(plan: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """The plan change's code (bench_plan_code.py): Kannel, Kamailio, a pjsua2 peer keying DTMF."""
    if not plan.get("send_to_accepted_ms"):
        return []
    n = plan.get("calls")
    return [
        (f"plan change: \"Send code\" → SMS accepted by Kannel (HTTP 202; audit entries and code record included), "
         f"{n} calls (p50 / p95)", _pp(plan.get("send_to_accepted_ms")), "— (measured)", "—", "—"),
        ("plan change: \"Send code\" → the message at the SMSC (Kannel's fakesmsc) (p50 / p95)",
         _pp(plan.get("send_to_smsc_ms")), "— (measured)", "—", "—"),
        ("plan change: the customer keys 6 DTMF digits (RFC 2833, 160 ms each) → plan confirmed (p50 / p95)",
         _pp(plan.get("dtmf_to_confirmed_ms")), "— (measured)", "—", "—"),
        ("plan change: last digit received → plan confirmed (code checked, plan stored, audited) (p50 / p95)",
         _pp(plan.get("last_digit_to_confirmed_ms")), "— (measured)", "—", "—"),
    ]


def guard_rows(g: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """The dialing guard (bench_guard.py): SQLite and a PostgreSQL server, a large ledger."""
    rows: list[tuple[str, str, str, str, str]] = []
    n = g.get("attempts")
    for kind, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        r = g.get(kind) or {}
        if r:
            rows.append((f"dialing guard, {label}, ledger of {n:,} attempts: check / check-and-hold before the INVITE "
                         f"(p50 / p95)", f"{_pp(r.get('check_ms'))}; {_pp(r.get('begin_ms'))}", "— (measured)",
                         "—", "—"))
    c = g.get("postgres_concurrent") or {}
    if c:
        rows.append((f"dialing guard, PostgreSQL, {c.get('agents')} agents dialling at once: decisions per second; "
                     f"each check-and-hold (p50 / p95)", f"{c.get('decisions_per_s')}/s; {_pp(c.get('begin_ms'))}",
                     "— (measured)", "—", "—"))
    return rows


def recording_rows(r: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """Call recordings (bench_recording.py): encrypted two-channel files, fsync'ed each second."""
    if not r.get("bytes_per_min"):
        return []
    return [
        ("recording, two channels of speech, 16 kHz: recorder CPU per minute of call; disk per minute "
         "(deflated 16-bit PCM, against raw)", f"{r['cpu_s_per_min']} s; {r['bytes_per_min'] / 1e6:.2f} MB "
         f"({r['ratio_to_raw']:.2f} of raw)", "— (measured)", "—", "—"),
        (f"recording: hang-up → manifest signed and the whole file verified ({r['minutes']:g}-minute call)",
         f"{r['hangup_to_verified_ms']} ms", "— (measured)", "—", "—"),
        ("recording: export to a two-channel WAV (decrypt, inflate, interleave in memory)",
         f"{r['export_x_realtime']}× real time", "— (measured)", "—", "—"),
    ]


def install_rows(i: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """The Linux package (bench_install.py): its size, and launch → window from the installed copy under Xvfb."""
    window = i.get("launch_to_window_ms") or {}
    if not window:
        return []
    sizes = i.get("deb_bytes", {})
    size = "; ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items())
    return [
        (f"Linux package: .deb size ({'; '.join(f'{k} built in {v} s' for k, v in i.get('build_s', {}).items())}); "
         f"installed size; `apt-get install` / `purge` time", f"{size}; {i['installed_kb'] / 1024:.0f} MB; "
         f"{i['install_s']} s / {i['purge_s']} s", "— (measured)", "—", "—"),
        (f"window: launch → window shown on an X server (Xvfb), `agent-softphone --demo` from the installed .deb "
         f"(p50 / p95, {window['installed']['n']} launches; the checkout's .venv: {_pp(window.get('checkout'))})",
         _pp(window["installed"]), "— (measured)", "—", "—"),
    ]


def team_rows(t: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """The team lead's wallboard (bench_team.py): Mosquitto over TLS, real publishers, the lead's session."""
    quiet, load = t.get("alert_latency_ms_quiet") or {}, t.get("alert_latency_ms_200") or {}
    if not quiet.get("n"):
        return []

    def target(s: dict[str, Any]) -> str:
        p95 = s.get("p95")
        return "< 1 s" + ("" if p95 is None else (" ✓" if p95 < 1000 else " ✗"))

    n = t.get("agents")
    return [
        ("team lead: alert raised on the agent's softphone → applied on the wallboard's board, TLS broker, "
         f"one agent alone (p50 / p95, {quiet['n']} alerts)", _pp(quiet), target(quiet), "—", "—"),
        (f"team lead: the same with {n} agents publishing ({_fmt(t.get('msgs_per_s'))} messages/s through the broker, "
         f"{load.get('n', 0)} alerts in {_fmt(t.get('seconds'))} s; lost {t.get('lost')} of {t.get('published')}, "
         f"duplicates {t.get('duplicates')})", _pp(load), target(load), "—", "—"),
        (f"team lead: CPU of broker / lead (session + board + its reads, no drawing) with {n} agents (% of a core; "
         f"the simulated agents' {t.get('agents_processes')} processes: {_fmt(t.get('agents_process_cpu_pct'))} %)",
         f"{_fmt(t.get('broker_cpu_pct'))} % / {_fmt(t.get('lead_cpu_pct'))} %", "— (measured)", "—", "—"),
    ]


def asr_rows(asr: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """Live transcription (bench_asr.py): per call rate, then the analyze command."""
    rows: list[tuple[str, str, str, str, str]] = []
    for run in asr.get("live", []):
        khz = f"{run.get('rate', 0) // 1000} kHz"
        held, parts = run.get("word_end_to_partial_ms") or {}, run.get("word_end_to_partial_parts") or {}
        p95 = held.get("p95")
        mark = "" if p95 is None else (" ✓" if p95 < ASR_PARTIAL_P95_MS else " ✗")
        calls = f"{run.get('calls', 1)} call{'s' if run.get('calls', 1) != 1 else ''} of {_fmt(run.get('audio_s'))} s"
        rows.append((f"transcription, {khz}, two channels talking, {calls}: word end → first partial holding the word "
                     f"(p50 / p95); of which decoder (audio it needed) {_pp(parts.get('decoder_audio_ms'))}, "
                     f"pipeline {_pp(parts.get('pipeline_ms'))}",
                     _pp(held), f"p95 < {ASR_PARTIAL_P95_MS:.0f} ms{mark}", "—", "—"))
        rows.append((f"transcription, {khz}: words first shown by the final (no partial held them); "
                     f"word end → shown, partial or final (p50 / p95)",
                     f"{run.get('words_first_shown_in_final')} of {run.get('words')}; "
                     f"{_pp(run.get('word_end_to_shown_ms'))}", "—", "—", "—"))
        rows.append((f"transcription, {khz}: last word end → final (p50 / p95)",
                     _pp(run.get("last_word_end_to_final_ms")), "— (measured)", "—", "—"))
        rows.append((f"transcription, {khz}: CPU with two channels during the call (% of one core, whole process)",
                     _fmt(run.get("cpu_percent_of_one_core"), " %"), "— (measured)", "—", "—"))
    if asr.get("live"):
        ends = [r.get("rss_mb_call_end") for r in asr["live"] if r.get("rss_mb_call_end") is not None]
        rows.append(("transcription: RSS before the model / model loaded / at call end (two warm recognizers in use)",
                     f"{_fmt(asr.get('rss_mb_before_model'))} / {_fmt(asr.get('rss_mb_model_loaded'))} / "
                     f"{_fmt(max(ends) if ends else None)} MB", "— (measured)", "—", "—"))
    over = asr.get("analyze_overhead")
    if over:
        ratio = over.get("cpu_ratio")
        mark = "" if ratio is None else (" ✓" if ratio <= ASR_OVERHEAD_RATIO else " ✗")
        rows.append((f"`analyze` ÷ bare Vosk loop, same audio and model, CPU time (wall "
                     f"{_fmt(over.get('wall_ratio'))}×; with `--realtime` each recognizer is warmed first: "
                     f"{_fmt(over.get('warmup_cpu_s_per_recognizer_realtime_only'))} s CPU)",
                     f"{_fmt(over.get('analyze_cpu_s'))} s vs {_fmt(over.get('bare_cpu_s'))} s CPU",
                     f"≤ {ASR_OVERHEAD_RATIO}×", "—", f"{_fmt(ratio)}×{mark}"))
    for key in ("analyze_process", "analyze_process_17s"):
        proc = asr.get(key)
        if proc:
            ratio = proc.get("wall_ratio")
            mark = "" if ratio is None else (" ✓" if ratio <= ASR_OVERHEAD_RATIO else " ✗")
            rows.append((f"`analyze FILE --json` ÷ bare Vosk process, whole processes (start-up, imports, model load, "
                         f"decoding, exit) on {proc.get('audio')}, wall time p50 of {proc.get('runs')} (CPU time "
                         f"{_fmt(proc.get('analyze_cpu_s'))} s vs {_fmt(proc.get('bare_cpu_s'))} s: "
                         f"{_fmt(proc.get('cpu_ratio'))}×)",
                         f"{_fmt(proc.get('analyze_wall_s'))} s vs {_fmt(proc.get('bare_wall_s'))} s",
                         f"≤ {ASR_OVERHEAD_RATIO}×", "—", f"{_fmt(ratio)}×{mark}"))
    return rows


def assist_rows(a: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """Real-time assist (bench_assist.py): accuracy, matcher cost, live alert latency."""
    rows: list[tuple[str, str, str, str, str]] = []
    ev = a.get("eval") or {}
    for part, where in (("all", "the evaluation set, all lines"),
                        ("dev", "the evaluation set, odd lines, looked at while tuning"),
                        ("held_out", "the evaluation set, even lines, held out: only counted"),
                        ("blind", "the blind set, another writer, never read while tuning: only counted")):
        e = ev.get(part)
        if e:
            ok = e["precision"] >= 0.9 and e["recall"] >= 0.9
            rows.append((f"phrase rules (zh pack) on {where} ({e['lines']}): precision / recall",
                         f"{e['precision']:.3f} / {e['recall']:.3f}", "≥ 0.9 / ≥ 0.9" + (" ✓" if ok else " ✗"), "—", "—"))
    m = a.get("matcher") or {}
    if m.get("kept_build_load_ms") is not None:
        rows.append(("matcher, full zh pack: ready at start-up, first start / readings kept / built pack kept "
                     "(`assist/built.py`: loaded from the cache folder)",
                     f"{_fmt(m.get('build_ms'))} / {_fmt(m.get('build_with_kept_readings_ms'))} / "
                     f"{_fmt(m.get('kept_build_load_ms'))} ms", "— (measured)", "—", "—"))
    if m:
        rows.append((f"matcher, full zh pack ({m.get('rules')} rules, {m.get('phrases')} phrases, "
                     f"{m.get('variants')} variants): utterances per second; ms per utterance (p50 / p95)",
                     f"{_fmt(m.get('utterances_per_s'))}; {_pp(m.get('ms_per_utterance'))}", "— (measured)", "—", "—"))
    c = a.get("cpu_during_call") or {}
    if c:
        rows.append((f"assist thread CPU during a two-channel call ({_fmt(c.get('partials_per_s_per_side'))} partials/s "
                     f"per side, full zh pack)", _fmt(c.get("assist_thread_cpu_percent_of_one_core"), " %"),
                     "— (measured)", "—", "—"))
    for run in a.get("alert_latency", []):
        lat = run.get("end_of_words_to_alert_ms") or {}
        p95 = lat.get("p95")
        mark = "" if p95 is None else (" ✓" if p95 < 800 else " ✗")
        rows.append((f"alert latency, live, two channels, {run.get('rate', 0) // 1000} kHz: end of the words → "
                     f"alert event (p50 / p95, {run.get('alerts')} alerts in {run.get('runs', 1)} calls, "
                     f"{run.get('from_partial')} from partials)",
                     _pp(lat), f"p95 < 800 ms{mark}", "—", "—"))
    return rows


def emotion_rows(e: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """Emotion of single utterances (bench_emotion.py): accuracy per speaker and class."""
    rows: list[tuple[str, str, str, str, str]] = []
    for part, where in (("blind", "the blind set (written before tuning; scored, never tuned on)"),
                        ("dev", "the dev set, tuned on")):
        for speaker, classes in (_get(e, "sets", part, "per_speaker") or {}).items():
            names = [c for c in ("negative", "neutral", "positive") if c in classes]
            rows.append((f"emotion (zh pack), {speaker}, on {where}: accuracy "
                         + " / ".join(f"{c} ({classes[c]['lines']})" for c in names),
                         " / ".join(_fmt(classes[c]["accuracy"]) for c in names), "— (measured)", "—", "—"))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", choices=sorted(BENCHES), action="append")
    ap.add_argument("--table-only", action="store_true", help="no runs: rebuild from results/<name>.json")
    args = ap.parse_args()
    RESULTS.mkdir(exist_ok=True)
    results: dict[str, Any] = {}
    for name in BENCHES:
        if not args.table_only and (not args.only or name in args.only):
            results[name] = run(name, args.quick, [])
        else:
            for f in (_file(name, args.quick), _file(name, not args.quick)):
                if f.exists():
                    results[name] = json.loads(f.read_text())
                    break
    md = table(results)
    (RESULTS / "latest.json").write_text(json.dumps({"generated": time.strftime("%Y-%m-%d %H:%M:%S"),
                                                     "results": results, "table_markdown": md}, indent=2))
    print(md)
    problems = [f"{n}: {p}" for n, r in results.items() for p in r.get("problems", [])]
    if problems:
        print("\nproblems:\n" + "\n".join(f"- {p}" for p in problems), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
