"""One chunk's audio: up to a second of both channels, 16-bit PCM, deflated.

Chosen by measurement (benchmarks/bench_recording.py, docs/recordings.md): no
packaged Opus or FLAC encoder is in the stack, and zlib at level 1 over 16-bit
PCM costs little CPU. A chunk is::

    u32 agent samples offset | u32 customer samples offset | u32 rate |
    u32 agent bytes | agent PCM | u32 customer bytes | customer PCM

deflated. Offsets are in samples from the answer, so a channel's gap (a
frame lost on the tap) keeps its place in time.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

__all__ = ["CODEC", "ChunkAudio", "encode", "decode"]

CODEC = "pcm16-deflate"
_HEAD = struct.Struct("<III")
_LEN = struct.Struct("<I")


@dataclass(frozen=True)
class ChunkAudio:
    agent_at: int  # the agent channel's first sample, counted from the answer
    customer_at: int
    rate: int
    agent: bytes  # 16-bit little-endian mono
    customer: bytes


def encode(chunk: ChunkAudio) -> bytes:
    raw = (_HEAD.pack(chunk.agent_at, chunk.customer_at, chunk.rate) + _LEN.pack(len(chunk.agent)) + chunk.agent
           + _LEN.pack(len(chunk.customer)) + chunk.customer)
    return zlib.compress(raw, 1)


def decode(data: bytes) -> ChunkAudio:
    raw = zlib.decompress(data)
    agent_at, customer_at, rate = _HEAD.unpack_from(raw, 0)
    pos = _HEAD.size
    (n,) = _LEN.unpack_from(raw, pos)
    agent = raw[pos + 4:pos + 4 + n]
    pos += 4 + n
    (m,) = _LEN.unpack_from(raw, pos)
    customer = raw[pos + 4:pos + 4 + m]
    return ChunkAudio(agent_at, customer_at, rate, agent, customer)
