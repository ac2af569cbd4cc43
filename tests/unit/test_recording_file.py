"""A recording file: encrypted chunks, the chain and the manifest; verify names what was changed."""

from __future__ import annotations

import math
import os
import struct
import time
from array import array
from pathlib import Path

import pytest

from softphone.recording import RecordingKeys, RecordingKeyUnavailable, open_recording, stereo_wav, verify
from softphone.recording.codec import CODEC, ChunkAudio, encode
from softphone.recording.container import MAGIC, Header, Manifest, RecordingWriter, manifest_path, write_manifest
from softphone.recording.reader import channel_pcm

RATE = 16000


def tone(freq: float, seconds: float, start: int = 0) -> bytes:
    n = int(RATE * seconds)
    return array("h", (int(8000 * math.sin(2 * math.pi * freq * (start + i) / RATE)) for i in range(n))).tobytes()


def write(path: Path, keys: RecordingKeys, seconds: int = 4, manifest: bool = True) -> None:
    call_key = keys.new_call_key()
    header = Header("call-1", time.time(), RATE, CODEC, keys.wrap(call_key, "call-1"), keys.key_id)
    w = RecordingWriter(path, header, call_key)
    for s in range(seconds):
        w.add(encode(ChunkAudio(s * RATE, s * RATE, RATE, tone(440, 1, s * RATE), tone(1000, 1, s * RATE))))
    w.close()
    if manifest:
        write_manifest(path, Manifest("call-1", w.seq, float(seconds), w.prev_tag.hex(), w.header_hash.hex(),
                                      time.time()), keys.manifest_key)


@pytest.fixture
def keys() -> RecordingKeys:
    return RecordingKeys(os.urandom(32))


def chunk_spans(path: Path) -> list[tuple[int, int]]:
    """(offset, length) of each chunk record in the file."""
    data = path.read_bytes()
    pos = len(MAGIC)
    (size,) = struct.unpack_from("<I", data, pos)
    pos += 4 + size
    spans = []
    while pos < len(data):
        (body, _seq) = struct.unpack_from("<II", data, pos)
        spans.append((pos, 8 + body))
        pos += 8 + body
    return spans


def test_a_recording_reads_back_both_channels_and_verifies(tmp_path: Path, keys: RecordingKeys) -> None:
    path = tmp_path / "call-1.rec"
    write(path, keys)
    verdict = verify(path, keys)
    assert (verdict.ok, verdict.complete, verdict.chunks, verdict.problems) == (True, True, 4, ())
    opened = open_recording(path, keys)
    assert channel_pcm(opened.audio, "agent") == tone(440, 4) and channel_pcm(opened.audio, "customer") == tone(1000, 4)
    assert stereo_wav(opened)[:4] == b"RIFF" and abs(verdict.duration_s - 4.0) < 1e-6
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_no_audio_is_readable_without_the_key(tmp_path: Path, keys: RecordingKeys) -> None:
    path = tmp_path / "call-1.rec"
    write(path, keys)
    data = path.read_bytes()
    for probe in (tone(440, 1)[6400:6464], tone(1000, 1)[3200:3264]):
        assert probe not in data
    with pytest.raises(RecordingKeyUnavailable):
        open_recording(path, RecordingKeys(os.urandom(32)))


def test_a_flipped_byte_a_dropped_and_swapped_chunk_and_a_cut_end_are_each_named(tmp_path: Path,
                                                                                 keys: RecordingKeys) -> None:
    path = tmp_path / "call-1.rec"
    write(path, keys)
    good = path.read_bytes()
    spans = chunk_spans(path)

    flipped = bytearray(good)
    flipped[spans[2][0] + 40] ^= 0x01
    path.write_bytes(bytes(flipped))
    v = verify(path, keys)
    assert not v.ok and any(p.startswith("changed: chunk 2") for p in v.problems), v.problems

    (o1, l1), (o2, l2) = spans[1], spans[2]
    path.write_bytes(good[:o1] + good[o2:])  # chunk 1 removed
    v = verify(path, keys)
    assert not v.ok and any("removed or reordered: chunk 1 holds chunk 2" in p for p in v.problems), v.problems

    path.write_bytes(good[:o1] + good[o2:o2 + l2] + good[o1:o1 + l1] + good[o2 + l2:])  # 1 and 2 swapped
    v = verify(path, keys)
    assert any("chunk 1 holds chunk 2" in p for p in v.problems) and any("chunk 2 holds chunk 1" in p
                                                                         for p in v.problems), v.problems

    path.write_bytes(good[:spans[3][0]])  # the last chunk removed
    v = verify(path, keys)
    assert not v.ok and any("names 4 chunks, the file holds 3" in p for p in v.problems), v.problems


def test_a_recording_without_its_manifest_is_incomplete_but_readable(tmp_path: Path, keys: RecordingKeys) -> None:
    path = tmp_path / "call-1.rec"
    write(path, keys, manifest=False)
    with open(path, "ab") as f:
        f.write(b"\x40\x00\x00\x00\x04")  # a chunk cut short by a crash
    v = verify(path, keys)
    assert (v.ok, v.complete, v.chunks) == (False, False, 5)
    assert channel_pcm(open_recording(path, keys).audio, "agent") == tone(440, 4), "everything before is kept"


def test_a_forged_manifest_is_named(tmp_path: Path, keys: RecordingKeys) -> None:
    path = tmp_path / "call-1.rec"
    write(path, keys)
    body = manifest_path(path).read_text().replace('"chunks": 4', '"chunks": 3')
    manifest_path(path).write_text(body)
    assert "manifest forged" in verify(path, keys).problems
