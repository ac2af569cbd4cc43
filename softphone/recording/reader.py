"""Opening a recording: verify its chain and manifest, decrypt in memory, build a two-channel WAV.

Nothing decrypted is written to disk here: ``export_wav`` is given the target
file by the caller (the audited ``recordings export``), and playback and
``analyze`` take the PCM from memory.
"""

from __future__ import annotations

import io
import wave
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from .codec import ChunkAudio, decode
from .container import ChunkProblem, Header, read_chunks, read_header, read_manifest
from .keys import RecordingKeys

__all__ = ["Verdict", "Opened", "open_recording", "verify", "stereo_wav", "channel_pcm"]


@dataclass(frozen=True)
class Verdict:
    call_id: str
    ok: bool  # every chunk authentic and in place, and the manifest signed and matching
    complete: bool  # the call's end was written (a manifest); False: the process died mid-call
    chunks: int
    duration_s: float
    problems: tuple[str, ...] = ()
    notice: str = ""  # the recording notice both sides heard, as the signed manifest says ("" none or unknown)


@dataclass
class Opened:
    header: Header
    audio: list[ChunkAudio] = field(default_factory=list)
    problems: list[ChunkProblem] = field(default_factory=list)
    verdict: Verdict | None = None


def open_recording(path: Path, keys: RecordingKeys) -> Opened:
    with open(path, "rb") as f:
        header, header_hash = read_header(f)
        call_key = keys.unwrap(header.wrapped_key, header.call_id)
        opened = Opened(header)
        head = b""
        count = 0
        for _position, plain, problem, tag in read_chunks(f, header_hash, call_key):
            count += 1
            if problem is not None:
                opened.problems.append(problem)
            elif plain is not None:
                opened.audio.append(decode(plain))
                head = tag
    opened.verdict = _verdict(path, keys, opened, header_hash, head, count)
    return opened


def _verdict(path: Path, keys: RecordingKeys, opened: Opened, header_hash: bytes, head: bytes,
             count: int) -> Verdict:
    problems = [f"{p.kind}: {p.detail}" for p in opened.problems]
    manifest, why = read_manifest(path, keys.manifest_key)
    duration = _duration(opened.audio)
    if manifest is None:
        if why != "missing":
            problems.append(f"manifest {why}")
        return Verdict(opened.header.call_id, False, False, count, duration, tuple(problems))
    if manifest.chunks != count:
        problems.append(f"the manifest names {manifest.chunks} chunks, the file holds {count}"
                        + (" (chunks removed at the end)" if count < manifest.chunks else ""))
    if manifest.head != head.hex() and not opened.problems:
        problems.append("the last chunk is not the one the manifest signed")
    if manifest.header_sha256 != header_hash.hex():
        problems.append("the header changed")
    return Verdict(opened.header.call_id, not problems, True, count, duration, tuple(problems), manifest.notice)


def verify(path: Path, keys: RecordingKeys) -> Verdict:
    try:
        opened = open_recording(path, keys)
    except ValueError as exc:
        return Verdict(path.stem, False, False, 0, 0.0, (str(exc),))
    assert opened.verdict is not None
    return opened.verdict


def _duration(audio: list[ChunkAudio]) -> float:
    if not audio:
        return 0.0
    rate = audio[0].rate
    end = max(max(c.agent_at + len(c.agent) // 2, c.customer_at + len(c.customer) // 2) for c in audio)
    return end / rate


def channel_pcm(audio: list[ChunkAudio], side: str) -> bytes:
    """One channel as continuous 16-bit PCM from the answer (gaps as silence)."""
    if not audio:
        return b""
    out = array("h")
    for c in audio:
        at, pcm = (c.agent_at, c.agent) if side == "agent" else (c.customer_at, c.customer)
        if at > len(out):
            out.extend([0] * (at - len(out)))
        samples = array("h")
        samples.frombytes(pcm)
        out[at:at + len(samples)] = samples
    return out.tobytes()


def stereo_wav(opened: Opened) -> bytes:
    """A WAV file in memory: agent on the left, customer on the right."""
    left, right = array("h"), array("h")
    left.frombytes(channel_pcm(opened.audio, "agent"))
    right.frombytes(channel_pcm(opened.audio, "customer"))
    n = max(len(left), len(right))
    left.extend([0] * (n - len(left)))
    right.extend([0] * (n - len(right)))
    both = array("h", [0]) * (2 * n)
    both[0::2] = left
    both[1::2] = right
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(opened.header.rate)
        w.writeframes(both.tobytes())
    return buf.getvalue()
