"""A bounded byte ring between a sounddevice stream and a pjsua2 port.

Both sides run on real-time threads; each call holds the lock for one memcpy.
Reading more than is buffered pads with silence and counts an underrun;
writing past capacity drops the oldest audio (bounded latency) and counts an
overrun.
"""

from __future__ import annotations

import threading

__all__ = ["RingBuffer"]


class RingBuffer:
    def __init__(self, capacity: int, prefill: int = 0) -> None:
        self._cap = capacity
        self._buf = bytearray(b"\x00" * prefill)
        self._lock = threading.Lock()
        self.underruns = 0
        self.overruns = 0
        self.frames_read = 0
        self.frames_written = 0

    def write(self, data: bytes) -> None:
        with self._lock:
            self._buf += data
            self.frames_written += 1
            extra = len(self._buf) - self._cap
            if extra > 0:
                del self._buf[:extra]
                self.overruns += 1

    def read(self, size: int) -> bytes:
        with self._lock:
            self.frames_read += 1
            chunk = bytes(self._buf[:size])
            del self._buf[:size]
        if len(chunk) < size:
            self.underruns += 1
            chunk += b"\x00" * (size - len(chunk))
        return chunk

    def level(self) -> int:
        with self._lock:
            return len(self._buf)

    def clear(self) -> None:
        with self._lock:
            self._buf.clear()
