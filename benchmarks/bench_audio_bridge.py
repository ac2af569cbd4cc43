"""The audio bridge over a long call: late/dropped frames and added latency.

One call between our engine (in this process) and a pjsua2 peer (own
process, 1 kHz tone, auto-answer) through Kamailio, held for ``--seconds``
(600 by default, 30 with --quick), in one or both of two variants:

* ``pulse``: real clocked sound devices. A private PulseAudio with null
  sinks; the engine opens ``spk_a_monitor`` as microphone (``pacat`` plays a
  quiet 440 Hz tone into ``spk_a``), ``spk_b`` as headset and ``spk_c`` as
  ringer through sounddevice/PortAudio/ALSA, exactly as in production. The
  PulseAudio environment is applied to this process before PortAudio is
  first loaded, so the engine can stay in-process and its ring buffers can be
  read directly. ``parec`` records ``spk_b.monitor`` to find dropouts in the
  far end's tone as it left the "headset".
* ``threads``: ``audio.enabled = false``; a writer thread stands in for the
  capture side (a quiet 440 Hz tone, one 20 ms frame at absolute 20 ms
  deadlines into ``rings.mic``), a reader thread for the playback side
  (drains ``rings.speaker`` at the same pace).

Measured after the first second of the call:

* ring underruns / overruns on mic and speaker (target 0);
* agent and customer tap frames vs the expected 50/s, gaps in tap
  timestamps > 20 ms, and the worst tap arrival gap;
* the time audio spends in our ring buffers. ``RingBuffer`` in
  ``softphone.audio.bridge`` is replaced (in this process only, before the
  engine starts) by a subclass with identical semantics that remembers when
  each written chunk arrived, so every read knows the age of the oldest byte
  it takes: the exact residence time, per frame. Ring levels are also sampled
  every 7 ms (Little's law: mean level in ms = mean residence);
* an injected burst: every 2 s the next frame written to the mic ring is
  replaced by a loud 2 kHz frame; the time from that write to its arrival in
  the agent tap listener is the bridge's own added latency on the way out
  (ring + conference pull + tap hand-off);
* the far end: frames the peer received vs 50/s.

Output: one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import collections
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import emit, note, summary  # noqa: E402

import softphone.audio.bridge as bridge_mod  # noqa: E402
from softphone.audio.ringbuffer import RingBuffer  # noqa: E402
from softphone.engine import Engine  # noqa: E402
from softphone.events import CallStateChanged, RegistrationChanged  # noqa: E402
from softphone.states import AudioChannel, CallState, RegState  # noqa: E402
from tests.conftest import engine_settings  # noqa: E402
from tests.rig.kamailio import Kamailio  # noqa: E402
from tests.rig.peer_client import Peer  # noqa: E402
from tests.rig.pulse import PulseLoopback, pulse_available  # noqa: E402
from tests.rig.recorder import EventRecorder  # noqa: E402

RATE = 16000
FRAME_MS = 20
FRAME_BYTES = RATE * FRAME_MS // 1000 * 2
BYTES_PER_MS = RATE * 2 / 1000.0


def sine(freq: float, seconds: float, amplitude: float) -> bytes:
    t = np.arange(int(seconds * RATE)) / RATE
    return (np.sin(2 * np.pi * freq * t) * amplitude * 32767).astype("<i2").tobytes()


QUIET_TONE = sine(440, 1.0, 0.1)  # 1 s, loops seamlessly (integer Hz)
BURST = sine(2000, FRAME_MS / 1000, 0.9)


def frame_rms(pcm: bytes) -> float:
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(x * x)) / 32768.0) if x.size else 0.0


class TimedRingBuffer(RingBuffer):
    """``RingBuffer`` with the same behaviour, plus the age of every byte read.

    Keeps a queue of (arrival time, bytes) segments mirroring the buffer: a
    read consumes from the front and notes how long its oldest byte waited; an
    overrun drops from the front exactly as the buffer does.
    """

    all: list[TimedRingBuffer] = []

    def __init__(self, capacity: int, prefill: int = 0, target: int | None = None) -> None:
        super().__init__(capacity, prefill, target)
        self.capacity = capacity
        self._segs: collections.deque[list[float]] = collections.deque()
        if prefill:
            self._segs.append([time.monotonic(), float(prefill)])
        self.recording = False
        self.ages_ms: list[float] = []
        self.inject: bytes | None = None  # replaces the next write's data
        self.injected_at: list[float] = []
        self.bytes_written = self.bytes_read = self.bytes_dropped = self.bytes_padded = 0
        self.overrun_times: list[float] = []
        self.underrun_times: list[float] = []
        TimedRingBuffer.all.append(self)

    def _consume(self, n: int) -> float | None:
        oldest = self._segs[0][0] if self._segs and n > 0 else None
        while n > 0 and self._segs:
            seg = self._segs[0]
            if seg[1] <= n:
                n -= int(seg[1])
                self._segs.popleft()
            else:
                seg[1] -= n
                n = 0
        return oldest

    def write(self, data: bytes) -> None:
        t = time.monotonic()
        with self._lock:
            if self.inject is not None:
                data, self.inject = self.inject[:len(data)].ljust(len(data), b"\0"), None
                self.injected_at.append(t)
            self._buf += data
            self.frames_written += 1
            self.bytes_written += len(data)
            self._segs.append([t, float(len(data))])
            extra = len(self._buf) - self._cap
            if extra > 0:
                del self._buf[:extra]
                self.overruns += 1
                self.bytes_dropped += extra
                self.overrun_times.append(t)
                self._consume(extra)

    def read(self, size: int) -> bytes:
        t = time.monotonic()
        with self._lock:
            self.frames_read += 1
            chunk = bytes(self._buf[:size])
            del self._buf[:size]
            oldest = self._consume(len(chunk))
            before = len(self._buf)
            self._control_drift(size)  # the engine's own drift control, unchanged
            trimmed = before - len(self._buf)
            if trimmed:
                self._consume(trimmed)
                self.bytes_dropped += trimmed
            self.bytes_read += len(chunk)
            self.bytes_padded += size - len(chunk)
            if self.recording and oldest is not None:
                self.ages_ms.append((t - oldest) * 1000.0)
        if len(chunk) < size:
            self.underruns += 1
            self.underrun_times.append(t)
            chunk += b"\x00" * (size - len(chunk))
        return chunk

    def clear(self) -> None:
        """The engine empties its rings when a call starts: forget those bytes' arrival times too."""
        with self._lock:
            cleared = len(self._buf)
            self._buf.clear()
            self._high_reads = 0
            self._consume(cleared)
            self.bytes_dropped += cleared

    def counters(self) -> dict[str, int]:
        return {"underruns": self.underruns, "overruns": self.overruns, "trims": self.trims,
                "frames_read": self.frames_read, "frames_written": self.frames_written,
                "bytes_written": self.bytes_written, "bytes_read": self.bytes_read,
                "bytes_dropped": self.bytes_dropped, "bytes_padded": self.bytes_padded}


class TapStats:
    """Counts tap frames per channel, timestamp gaps, arrival gaps and bursts."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.recording = False
        self.count = {AudioChannel.AGENT: 0, AudioChannel.CUSTOMER: 0}
        self.last_t: dict[AudioChannel, float] = {}
        self.last_arrival: dict[AudioChannel, float] = {}
        self.ts_gaps = {AudioChannel.AGENT: 0, AudioChannel.CUSTOMER: 0}
        self.max_ts_step = {AudioChannel.AGENT: 0.0, AudioChannel.CUSTOMER: 0.0}
        self.max_arrival_gap = {AudioChannel.AGENT: 0.0, AudioChannel.CUSTOMER: 0.0}
        self.bursts_seen: list[float] = []

    def __call__(self, frame: Any) -> None:
        now = time.monotonic()
        ch = frame.channel
        if frame.last:
            return
        with self.lock:
            prev_t, prev_a = self.last_t.get(ch), self.last_arrival.get(ch)
            self.last_t[ch], self.last_arrival[ch] = frame.t, now
            if not self.recording:
                return
            self.count[ch] += 1
            if prev_t is not None:
                step = frame.t - prev_t
                self.max_ts_step[ch] = max(self.max_ts_step[ch], step)
                if step > FRAME_MS / 1000 + 0.0005:
                    self.ts_gaps[ch] += 1
                self.max_arrival_gap[ch] = max(self.max_arrival_gap[ch], now - prev_a)
            if ch is AudioChannel.AGENT and frame_rms(frame.pcm) > 0.3:
                self.bursts_seen.append(now)


class PacedWriter(threading.Thread):
    """The capture side of a sound card: one frame per 20 ms, absolute deadlines."""

    def __init__(self, ring: RingBuffer) -> None:
        super().__init__(daemon=True, name="paced-mic")
        self.ring = ring
        self.stop_evt = threading.Event()
        self.late_ms: list[float] = []

    def run(self) -> None:
        pos, nxt = 0, time.monotonic()
        while not self.stop_evt.is_set():
            now = time.monotonic()
            self.late_ms.append((now - nxt) * 1000.0)
            chunk = QUIET_TONE[pos:pos + FRAME_BYTES]
            pos = (pos + FRAME_BYTES) % len(QUIET_TONE)
            self.ring.write(chunk)
            nxt += FRAME_MS / 1000
            delay = nxt - time.monotonic()
            if delay > 0:
                time.sleep(delay)


class PacedReader(threading.Thread):
    """The playback side: drains one frame per 20 ms; counts all-zero frames."""

    def __init__(self, ring: RingBuffer) -> None:
        super().__init__(daemon=True, name="paced-speaker")
        self.ring = ring
        self.stop_evt = threading.Event()
        self.recording = False
        self.silent_frames = 0
        self.frames = 0

    def run(self) -> None:
        nxt = time.monotonic()
        while not self.stop_evt.is_set():
            data = self.ring.read(FRAME_BYTES)
            if self.recording:
                self.frames += 1
                if not any(data):
                    self.silent_frames += 1
            nxt += FRAME_MS / 1000
            delay = nxt - time.monotonic()
            if delay > 0:
                time.sleep(delay)


class LevelSampler(threading.Thread):
    def __init__(self, rings: dict[str, RingBuffer]) -> None:
        super().__init__(daemon=True, name="level-sampler")
        self.rings = rings
        self.stop_evt = threading.Event()
        self.levels: dict[str, list[float]] = {k: [] for k in rings}

    def run(self) -> None:
        while not self.stop_evt.wait(0.007):
            for name, ring in self.rings.items():
                self.levels[name].append(ring.level() / BYTES_PER_MS)


class DropoutScanner(threading.Thread):
    """Reads parec output of a sink's monitor; counts runs of >= 4 ms exact zeros
    (a continuous 1 kHz tone never has them; an underrun pads with zeros)."""

    def __init__(self, pa: PulseLoopback, source: str) -> None:
        super().__init__(daemon=True, name="parec")
        self.proc = subprocess.Popen(["parec", f"--device={source}", "--format=s16le", f"--rate={RATE}",
                                      "--channels=1", "--raw", "--latency-msec=20"],
                                     env=dict(os.environ, **pa.env), stdout=subprocess.PIPE)
        self.recording = False
        self.dropouts = 0
        self.longest_ms = 0.0
        self.samples = 0
        self._run_len = 0

    def run(self) -> None:
        assert self.proc.stdout is not None
        min_run = int(0.004 * RATE)
        while True:
            data = self.proc.stdout.read(3200)
            if not data:
                return
            if not self.recording:
                self._run_len = 0
                continue
            x = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")
            self.samples += x.size
            zero = x == 0
            # walk runs of zeros, carrying a run across chunk borders
            edges = np.flatnonzero(np.diff(np.concatenate(([0], zero.view(np.int8), [0]))))
            starts, ends = edges[0::2], edges[1::2]
            carried = self._run_len
            for s, e in zip(starts, ends):
                n = e - s + (carried if s == 0 else 0)
                if e == x.size:
                    self._run_len = n
                    break
                if n >= min_run:
                    self.dropouts += 1
                    self.longest_ms = max(self.longest_ms, n / RATE * 1000)
            else:
                self._run_len = 0

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class TonePlayer(threading.Thread):
    """pacat playing the quiet 440 Hz tone into a sink until stopped."""

    def __init__(self, pa: PulseLoopback, sink: str) -> None:
        super().__init__(daemon=True, name="pacat")
        self.proc = subprocess.Popen(["pacat", "--playback", f"--device={sink}", "--format=s16le",
                                      f"--rate={RATE}", "--channels=1", "--raw", "--latency-msec=40"],
                                     env=dict(os.environ, **pa.env), stdin=subprocess.PIPE)
        self.stop_evt = threading.Event()

    def run(self) -> None:
        assert self.proc.stdin is not None
        try:
            while not self.stop_evt.is_set():
                self.proc.stdin.write(QUIET_TONE)
                self.proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass

    def stop(self) -> None:
        self.stop_evt.set()
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def per_second(times: list[float], origin: float, limit: int = 40) -> dict[str, int]:
    """Counts per whole second relative to ``origin`` (the first ``limit`` busy seconds)."""
    hist: dict[int, int] = {}
    for t in times:
        k = math.floor(t - origin)
        hist[k] = hist.get(k, 0) + 1
    return {str(k): hist[k] for k in sorted(hist)[:limit]}


def run_variant(variant: str, seconds: float, tmp: Path, pa: PulseLoopback | None,
                settle: float = 0.0) -> dict[str, Any]:
    TimedRingBuffer.all.clear()
    bridge_mod.RingBuffer = TimedRingBuffer  # type: ignore[misc]  # benchmark-only instrumentation
    out: dict[str, Any] = {"variant": variant, "seconds": seconds}
    helpers: list[Any] = []
    with Kamailio() as kam:
        peer = Peer("2001", kam.users["2001"], f"127.0.0.1:{kam.port}", auto_answer=True, tone=1000, log_dir=tmp)
        try:
            peer.wait_registered()
            audio: dict[str, Any] = {"enabled": False}
            if variant == "pulse":
                assert pa is not None
                os.environ.update(pa.env)  # before PortAudio is first loaded in this process
                audio = {"enabled": True, "input_device": "spk_a_monitor", "output_device": "spk_b",
                         "ringer_device": "spk_c"}
            eng = Engine(engine_settings(kam, "1001", audio=audio), password=kam.users["1001"])
            rec = EventRecorder(eng.bus)
            taps = TapStats()
            eng.subscribe_taps(taps)
            t_engine = time.monotonic()
            eng.start()
            try:
                eng.register().result(5)
                rec.wait(RegistrationChanged, new=RegState.REGISTERED)
                core = eng._core
                assert core is not None
                mic, spk = core.rings.mic, core.rings.speaker
                assert isinstance(mic, TimedRingBuffer) and isinstance(spk, TimedRingBuffer)
                writer = reader = None
                if variant == "threads":
                    writer, reader = PacedWriter(mic), PacedReader(spk)
                    writer.start()
                    reader.start()
                    helpers += [writer, reader]
                else:
                    assert pa is not None
                    player = TonePlayer(pa, "spk_a")
                    player.start()
                    helpers.append(player)
                    scanner = DropoutScanner(pa, "spk_b.monitor")
                    scanner.start()
                    helpers.append(scanner)
                sampler = LevelSampler({"mic": mic, "speaker": spk})
                time.sleep(settle)
                t_dial = time.monotonic()
                call_id = eng.dial("2001", {}).result(5)
                rec.wait(CallStateChanged, timeout=10, call_id=call_id, new=CallState.CONFIRMED)
                t_confirmed = time.monotonic()
                pc = peer.wait_event("incoming_call")["call"]
                time.sleep(1.0)  # the first second is allowed to settle
                c0 = {"mic": mic.counters(), "speaker": spk.counters()}
                peer0 = peer.cmd("recv_stats", call=pc, seconds=0.5)["frames"]
                cpu0, w0 = time.process_time(), time.monotonic()
                with taps.lock:
                    taps.recording = True
                mic.recording = spk.recording = True
                if reader is not None:
                    reader.recording = True
                if variant == "pulse":
                    scanner.recording = True
                sampler.start()
                helpers.append(sampler)
                peer_checks: list[dict[str, Any]] = []
                next_burst, next_check, next_note = w0 + 1.0, w0 + 30.0, w0 + 60.0
                while (now := time.monotonic()) < w0 + seconds:
                    if now >= next_burst:
                        mic.inject = BURST
                        next_burst += 2.0
                    if now >= next_check:
                        st = peer.cmd("recv_stats", call=pc, seconds=1.0, freq=440)
                        peer_checks.append({"t": round(now - w0, 1), "frames": st["frames"],
                                            "tone_ratio_440": round(st["tone_ratio"], 3)})
                        next_check += 30.0
                    if now >= next_note:
                        note(f"[{variant}] {now - w0:.0f}/{seconds:.0f} s  mic {mic.counters()}  "
                             f"speaker {spk.counters()}")
                        next_note += 60.0
                    time.sleep(0.05)
                w1 = time.monotonic()
                cpu1 = time.process_time()
                mic.recording = spk.recording = False
                with taps.lock:
                    taps.recording = False
                c1 = {"mic": mic.counters(), "speaker": spk.counters()}
                if eng.devices is not None:
                    out["device_stream_status_flags"] = {r.value: s.errors for r, s in eng.devices._streams.items()}
                peer1 = peer.cmd("recv_stats", call=pc, seconds=1.0, freq=440)
                sampler.stop_evt.set()
                sampler.join(2)
                elapsed = w1 - w0
                time.sleep(0.3)  # let the tap thread deliver the last frames
                eng.hangup(call_id).result(5)
                rec.wait(CallStateChanged, timeout=10, call_id=call_id, new=CallState.DISCONNECTED)
            finally:
                for h in helpers:
                    if hasattr(h, "stop_evt"):
                        h.stop_evt.set()
                    if hasattr(h, "stop"):
                        h.stop()
                eng.stop()
        finally:
            peer.close()

    out["timeline"] = {
        "note": "seconds relative to CONFIRMED; engine start and dial at the given offsets",
        "engine_start_s": round(t_engine - t_confirmed, 2), "dial_s": round(t_dial - t_confirmed, 2),
        "measure_from_s": round(w0 - t_confirmed, 2),
        "mic_underruns_per_second": per_second(mic.underrun_times, t_confirmed),
        "mic_overruns_per_second": per_second(mic.overrun_times, t_confirmed),
        "speaker_underruns_per_second": per_second(spk.underrun_times, t_confirmed),
        "speaker_overruns_per_second": per_second(spk.overrun_times, t_confirmed),
    }
    expected = elapsed * 1000 / FRAME_MS
    delta = {ring: {k: c1[ring][k] - c0[ring][k] for k in c1[ring]} for ring in c1}
    # bursts: pair every injection with the first burst frame seen after it
    inj, seen = list(mic.injected_at), list(taps.bursts_seen)
    burst_ms, j = [], 0
    for t in inj:
        while j < len(seen) and seen[j] < t:
            j += 1
        if j < len(seen) and seen[j] - t < 1.0:
            burst_ms.append((seen[j] - t) * 1000)
            j += 1
    levels = sampler.levels
    mic_ages, spk_ages = summary(mic.ages_ms), summary(spk.ages_ms)
    out.update({
        "measured_s": round(elapsed, 1),
        "expected_frames": round(expected),
        "ring_counters_after_first_second": delta,
        "ring_capacity_ms": {"mic": mic.capacity / BYTES_PER_MS, "speaker": spk.capacity / BYTES_PER_MS},
        "late_or_dropped": {
            "mic_underruns": delta["mic"]["underruns"], "mic_overruns": delta["mic"]["overruns"],
            "speaker_underruns": delta["speaker"]["underruns"], "speaker_overruns": delta["speaker"]["overruns"],
            "mic_trims": delta["mic"]["trims"], "speaker_trims": delta["speaker"]["trims"],
            "agent_tap_frames": taps.count[AudioChannel.AGENT],
            "customer_tap_frames": taps.count[AudioChannel.CUSTOMER],
            "agent_tap_missing": round(expected) - taps.count[AudioChannel.AGENT],
            "customer_tap_missing": round(expected) - taps.count[AudioChannel.CUSTOMER],
            "agent_tap_timestamp_gaps_gt_20ms": taps.ts_gaps[AudioChannel.AGENT],
            "customer_tap_timestamp_gaps_gt_20ms": taps.ts_gaps[AudioChannel.CUSTOMER],
            "agent_tap_max_arrival_gap_ms": round(taps.max_arrival_gap[AudioChannel.AGENT] * 1000, 1),
            "customer_tap_max_arrival_gap_ms": round(taps.max_arrival_gap[AudioChannel.CUSTOMER] * 1000, 1),
            "peer_frames_received": peer1["frames"] - peer0,
            "peer_frames_missing": round(expected) - (peer1["frames"] - peer0),
        },
        "latency_ms": {
            "mic_ring_residence": mic_ages,
            "speaker_ring_residence": spk_ages,
            "mic_ring_level_sampled": summary(levels["mic"]),
            "speaker_ring_level_sampled": summary(levels["speaker"]),
            "burst_mic_ring_to_agent_tap": summary(burst_ms),
            "bursts_injected": len(inj), "bursts_found": len(burst_ms),
        },
        "peer_checks": peer_checks,
        "peer_final_tone_ratio_440": round(peer1["tone_ratio"], 3),
        "process_cpu_pct_during_call": round(100 * (cpu1 - cpu0) / elapsed, 2),
    })
    if writer is not None:
        out["paced_writer_lateness_ms"] = summary(writer.late_ms)
    if reader is not None:
        out["paced_reader"] = {"frames": reader.frames, "all_zero_frames": reader.silent_frames}
    if variant == "pulse":
        out["headset_output_dropouts"] = {"runs_of_zeros_ge_4ms": scanner.dropouts,
                                          "longest_ms": round(scanner.longest_ms, 1),
                                          "seconds_scanned": round(scanner.samples / RATE, 1)}
    worst_p95 = max(v for v in (mic_ages.get("p95", math.nan), spk_ages.get("p95", math.nan)) if v == v) \
        if mic_ages.get("n") or spk_ages.get("n") else None
    out["bridge_added_one_way_p95_ms"] = {"send": mic_ages.get("p95"), "receive": spk_ages.get("p95"),
                                          "worst": worst_p95, "target": 60}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="30 s per variant")
    ap.add_argument("--seconds", type=float, default=None)
    ap.add_argument("--variant", choices=("both", "pulse", "threads"), default="both")
    ap.add_argument("--settle", type=float, default=5.0,
                    help="seconds between registration and dialing (devices already open)")
    args = ap.parse_args()
    seconds = args.seconds or (30.0 if args.quick else 600.0)
    tmp = Path(tempfile.mkdtemp(prefix="bench-bridge-"))
    os.environ.setdefault("AGENT_SOFTPHONE_HOME", str(tmp / "home"))
    result: dict[str, Any] = {"benchmark": "audio_bridge", "quick": args.quick, "seconds": seconds,
                              "variants": {}, "problems": []}
    variants = ["pulse", "threads"] if args.variant == "both" else [args.variant]
    for variant in variants:
        note(f"variant {variant}: {seconds:.0f} s call ...")
        try:
            if variant == "pulse":
                if not pulse_available():
                    result["problems"].append("pulse variant skipped: pulseaudio / ALSA pulse plugin missing")
                    continue
                with PulseLoopback(sinks=("spk_a", "spk_b", "spk_c")) as pa:
                    result["variants"][variant] = run_variant(variant, seconds, tmp, pa, args.settle)
            else:
                result["variants"][variant] = run_variant(variant, seconds, tmp, None, args.settle)
        except Exception as exc:  # noqa: BLE001 - report and go on
            result["problems"].append(f"{variant}: {exc}")
            note(traceback.format_exc())
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
