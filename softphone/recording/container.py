"""A call's recording file: encrypted chunks, chained, then a signed manifest.

One file per call, ``<call_id>.rec``, written append-only::

    b"AGREC1\\n" | u32 header length | header (JSON)
    chunk*     : u32 body length | u32 seq | 12-byte nonce | AES-256-GCM(ciphertext + 16-byte tag)

The header names the call, the sample rate, the codec and the per-call key,
wrapped by the recordings key (``keys.py``); it is authenticated as part of
every chunk. A chunk's plaintext is at most one second of both channels
(``codec.py``). Its associated data is ``sha256(header) | seq | previous tag``:
a changed byte fails its tag, and a removed or reordered chunk breaks the chain
at the chunk after it, so ``verify`` names each.

When the call ends, ``<call_id>.manifest.json`` is written: the chunk count, the
duration, the last tag (the chain's head), the header's hash, and an HMAC over
all of it. A file without a manifest is an incomplete recording (the process
died mid-call): every chunk written before is still readable.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["MAGIC", "Header", "RecordingWriter", "read_chunks", "ChunkProblem", "Manifest", "manifest_path",
           "read_header", "write_manifest", "read_manifest"]

MAGIC = b"AGREC1\n"
_CHUNK_HEAD = struct.Struct("<II")  # body length (nonce + ciphertext), seq
_NONCE = 12


@dataclass(frozen=True)
class Header:
    call_id: str
    started_at: float  # epoch seconds, the answer
    rate: int
    codec: str
    wrapped_key: str  # base64: the per-call key under the recordings key
    key_id: str  # which recordings key wrapped it
    direction: str = ""
    case_id: str = ""

    def to_bytes(self) -> bytes:
        return json.dumps(self.__dict__, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @staticmethod
    def from_bytes(raw: bytes) -> Header:
        d = json.loads(raw.decode("utf-8"))
        return Header(**{k: d[k] for k in Header.__dataclass_fields__ if k in d})


def _aad(header_hash: bytes, seq: int, prev_tag: bytes) -> bytes:
    return header_hash + struct.pack("<I", seq) + prev_tag


class RecordingWriter:
    """Appends encrypted chunks to one call's file; each is on disk (fsync) before the next is taken."""

    def __init__(self, path: Path, header: Header, call_key: bytes) -> None:
        self.path = path
        self.header = header
        raw = header.to_bytes()
        self.header_hash = hashlib.sha256(raw).digest()
        self._aead = AESGCM(call_key)
        self.seq = 0
        self.prev_tag = b""
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._file: BinaryIO = open(path, "xb")
        os.chmod(path, 0o600)
        self._write(MAGIC + struct.pack("<I", len(raw)) + raw)

    def add(self, plaintext: bytes) -> None:
        nonce = os.urandom(_NONCE)
        sealed = self._aead.encrypt(nonce, plaintext, _aad(self.header_hash, self.seq, self.prev_tag))
        self._write(_CHUNK_HEAD.pack(_NONCE + len(sealed), self.seq) + nonce + sealed)
        self.prev_tag = sealed[-16:]
        self.seq += 1

    def _write(self, data: bytes) -> None:
        self._file.write(data)
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()


def read_header(f: BinaryIO) -> tuple[Header, bytes]:
    magic = f.read(len(MAGIC))
    if magic != MAGIC:
        raise ValueError("not a recording file")
    (size,) = struct.unpack("<I", f.read(4))
    raw = f.read(size)
    if len(raw) != size:
        raise ValueError("the header is cut short")
    return Header.from_bytes(raw), hashlib.sha256(raw).digest()


@dataclass(frozen=True)
class ChunkProblem:
    seq: int  # the position in the file (0-based)
    kind: str  # "changed", "removed or reordered", "cut short"
    detail: str


def read_chunks(f: BinaryIO, header_hash: bytes, call_key: bytes) -> Iterator[tuple[int, bytes | None,
                                                                                  ChunkProblem | None, bytes]]:
    """Each chunk in file order: (position, plaintext or None, problem or None, its tag)."""
    aead = AESGCM(call_key)
    prev_tag = b""
    position = 0
    while True:
        head = f.read(_CHUNK_HEAD.size)
        if not head:
            return
        if len(head) < _CHUNK_HEAD.size:
            yield position, None, ChunkProblem(position, "cut short", "the last chunk was cut short"), b""
            return
        size, seq = _CHUNK_HEAD.unpack(head)
        body = f.read(size)
        if len(body) < size:
            yield position, None, ChunkProblem(position, "cut short", "the last chunk was cut short"), b""
            return
        nonce, sealed = body[:_NONCE], body[_NONCE:]
        tag = sealed[-16:]
        if seq != position:  # a chunk from elsewhere in the file, or one after a removed chunk
            yield position, None, ChunkProblem(position, "removed or reordered",
                                               f"chunk {position} holds chunk {seq}"), tag
        else:
            try:
                yield position, aead.decrypt(nonce, sealed, _aad(header_hash, seq, prev_tag)), None, tag
            except InvalidTag:
                yield position, None, ChunkProblem(position, "changed", f"chunk {position} does not authenticate"), tag
        prev_tag = tag
        position += 1


@dataclass(frozen=True)
class Manifest:
    call_id: str
    chunks: int
    duration_s: float
    head: str  # hex of the last chunk's tag
    header_sha256: str
    ended_at: float
    complete: bool = True
    notice: str = ""  # the recording notice both sides heard at the answer (a NoticeKind value); "" none

    def body(self) -> dict[str, Any]:
        return dict(self.__dict__)


def manifest_path(recording: Path) -> Path:
    return recording.with_suffix(".manifest.json")


def _mac(key: bytes, body: dict[str, Any]) -> str:
    return hmac.new(key, json.dumps(body, sort_keys=True, separators=(",", ":")).encode(), hashlib.sha256).hexdigest()


def write_manifest(recording: Path, manifest: Manifest, key: bytes) -> None:
    body = manifest.body()
    path = manifest_path(recording)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({**body, "hmac": _mac(key, body)}, f)
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def read_manifest(recording: Path, key: bytes) -> tuple[Manifest | None, str]:
    """The manifest and "" ; or None and why ("missing": incomplete; "forged": its HMAC fails)."""
    path = manifest_path(recording)
    if not path.exists():
        return None, "missing"
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        mac = d.pop("hmac")
        manifest = Manifest(**d)
    except (ValueError, KeyError, TypeError) as exc:
        return None, f"unreadable ({exc})"
    if not hmac.compare_digest(mac, _mac(key, d)):  # the fields as signed (a file from before `notice` too)
        return None, "forged"
    return manifest, ""
