"""Call recordings: CPU and disk per minute of a two-channel call, hang-up to a verified manifest, export speed.

    .venv/bin/python benchmarks/bench_recording.py [--quick] [--minutes N]

The recorder (``softphone/recording/recorder.py``) is fed the taps' frames (20 ms, 16 kHz, both channels) of
recorded Mandarin speech (``resources/demo/customer_zh.wav`` for the customer, ``bot_handoff_zh.wav`` for the
agent, looped, with their natural pauses) as fast as it takes them, on its own thread, writing real encrypted,
fsync'ed files. Measured:

* ``cpu_s_per_min``: the recorder thread's CPU seconds per minute of call (from /proc);
* ``bytes_per_min``: the file's size per minute of call (both channels), against raw 16-bit PCM;
* ``hangup_to_verified_ms``: the call's end posted → manifest written (``RecordingStateChanged(SAVED)``), plus
  a full ``verify`` of the file (every chunk decrypted and chained);
* ``export_x_realtime``: a two-channel WAV built in memory from the file (decrypt, inflate, interleave): how
  many times faster than the call lasted.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
import wave
from pathlib import Path
from typing import Any

from _common import ROOT, emit, note

from softphone.audio.taps import TapFrame
from softphone.bus import EventBus
from softphone.events import CallStateChanged, RecordingStateChanged
from softphone.recording import Recorder, RecordingKeys, open_recording, stereo_wav, verify
from softphone.states import AudioChannel, CallId, CallState, RecordingState

RATE, FRAME = 16000, 320  # samples per 20 ms frame


def speech(name: str) -> bytes:
    with wave.open(str(ROOT / "resources" / "demo" / name), "rb") as w:
        assert w.getframerate() == RATE and w.getsampwidth() == 2 and w.getnchannels() == 1, name
        return w.readframes(w.getnframes())


def thread_cpu_s(tid: int) -> float:
    fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def record(minutes: float, folder: Path) -> dict[str, Any]:
    bus = EventBus()
    keys = RecordingKeys(os.urandom(32))
    rec = Recorder(bus, folder, keys)
    saved = threading.Event()
    bus.subscribe(lambda e: saved.set() if e.state is RecordingState.SAVED else None, RecordingStateChanged)
    call = CallId("bench-call")
    agent, customer = speech("bot_handoff_zh.wav"), speech("customer_zh.wav")
    bus.post(CallStateChanged(call, CallState.CALLING, CallState.CONFIRMED, 200, "OK"))
    bus.flush()
    frames = int(minutes * 60 * RATE / FRAME)
    tid = rec._thread.native_id  # noqa: SLF001 - the benchmark reads the thread's CPU time
    assert tid is not None
    cpu0 = thread_cpu_s(tid)
    for i in range(frames):
        t = i * FRAME / RATE
        for channel, pcm in ((AudioChannel.AGENT, agent), (AudioChannel.CUSTOMER, customer)):
            pos = (i * FRAME * 2) % (len(pcm) - FRAME * 2)
            rec.on_frame(TapFrame(call, channel, t, pcm[pos:pos + FRAME * 2], RATE))
        if i % 500 == 0:
            time.sleep(0.001)  # let the recorder thread keep up (a real call gives it 20 ms per frame)
    while rec._queue.qsize():  # noqa: SLF001
        time.sleep(0.01)
    t0 = time.perf_counter()
    bus.post(CallStateChanged(call, CallState.CONFIRMED, CallState.DISCONNECTED, 200, "OK"))
    saved.wait(30)
    cpu = thread_cpu_s(tid) - cpu0
    [path] = list(folder.glob("*/*.rec"))
    verdict = verify(path, keys)
    done_ms = (time.perf_counter() - t0) * 1000
    assert verdict.ok and verdict.complete, verdict
    e0 = time.perf_counter()
    wav = stereo_wav(open_recording(path, keys))
    export_s = time.perf_counter() - e0
    rec.close()
    bus.close()
    size = path.stat().st_size
    raw = minutes * 60 * RATE * 2 * 2
    return {"minutes": minutes, "duration_s": round(verdict.duration_s, 2), "chunks": verdict.chunks,
            "cpu_s_per_min": round(cpu / minutes, 3), "bytes_per_min": round(size / minutes),
            "raw_pcm_bytes_per_min": round(raw / minutes), "ratio_to_raw": round(size / raw, 3),
            "hangup_to_verified_ms": round(done_ms, 1), "export_s": round(export_s, 3),
            "export_x_realtime": round(minutes * 60 / export_s, 1), "wav_bytes": len(wav)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--minutes", type=float, default=0)
    args = ap.parse_args()
    minutes = args.minutes or (1.0 if args.quick else 10.0)
    with tempfile.TemporaryDirectory() as tmp:
        note(f"recording {minutes} min of two-channel speech ...")
        emit(record(minutes, Path(tmp)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
