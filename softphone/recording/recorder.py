"""The recorder: every call, from answer to hang-up, both channels, encrypted as it is written.

It follows the raw bus (a call confirmed, a call ended) and the audio taps
(each call's agent and customer frames). Both are handed to its own thread
(``recorder``), which owns the open files: the taps' thread and the bus are
never held up by the disk. Audio is gathered per call and written as one
encrypted chunk per second of call time (``container.RecordingWriter``, fsync
after each), so a process killed mid-call loses at most the last second.

A write that fails (a full disk, a folder gone) stops that call's recording: the
file keeps what was written (readable, marked incomplete), the agent is told
(``RecordingStateChanged(FAILED)`` and ``ErrorRaised``), and the call goes on.
"""

from __future__ import annotations

import errno
import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..bus import EventBus
from ..errors import DiskFullError, StorageError
from ..events import CallStateChanged, ErrorRaised, RecordingNoticePlayed, RecordingStateChanged
from ..audio.taps import TapFrame
from ..i18n import N_, Msg
from ..states import AudioChannel, CallId, CallState, RecordingState
from .codec import CODEC, ChunkAudio, encode
from .container import Header, Manifest, RecordingWriter, write_manifest
from .keys import RecordingKeys

__all__ = ["Recorder", "recording_path"]

log = logging.getLogger(__name__)
_STOP = object()
CHUNK_S = 1.0


def recording_path(folder: Path, call_id: str, at: float) -> Path:
    month = time.strftime("%Y-%m", time.gmtime(at))
    return folder / month / f"{call_id}.rec"


@dataclass
class _Channel:
    start: int | None = None  # the first buffered sample, counted from the answer
    pcm: bytearray = field(default_factory=bytearray)

    def add(self, at: int, pcm: bytes) -> None:
        if self.start is None:
            self.start = at
        end = self.start + len(self.pcm) // 2
        if at > end:  # a frame lost on the way: its time is kept, as silence
            self.pcm.extend(b"\0\0" * (at - end))
        elif at < end:  # an overlap (never expected): the newer samples win
            del self.pcm[(at - self.start) * 2:]
        self.pcm.extend(pcm)

    def take(self) -> tuple[int, bytes]:
        start, pcm = self.start or 0, bytes(self.pcm)
        self.start, self.pcm = None, bytearray()
        return start, pcm


@dataclass
class _Call:
    call_id: CallId
    answered_at: float
    writer: RecordingWriter | None = None
    origin: float | None = None  # tap time (s since call start) of the answer's first frame
    rate: int = 0
    agent: _Channel = field(default_factory=_Channel)
    customer: _Channel = field(default_factory=_Channel)
    chunk_end: float = CHUNK_S  # seconds from the answer
    samples: int = 0
    failed: bool = False
    notice: str = ""  # the notice both sides heard (a NoticeKind value), signed into the manifest


class Recorder:
    """See the module docstring; ``close()`` finishes every open recording."""

    def __init__(self, bus: EventBus, folder: Path, keys: RecordingKeys) -> None:
        self.folder, self.keys = folder, keys
        self._bus = bus
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._calls: dict[CallId, _Call] = {}
        self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
        self._thread.start()
        self._unsubscribe = bus.subscribe(self._queue.put, CallStateChanged, RecordingNoticePlayed)

    # -- any thread: hand over ------------------------------------------------------------
    def on_frame(self, frame: TapFrame) -> None:
        """A tap listener (the taps' thread): queued, never written here."""
        self._queue.put(frame)

    def close(self) -> None:
        self._unsubscribe()
        self._queue.put(_STOP)
        self._thread.join(10.0)

    # -- the recorder thread --------------------------------------------------------------
    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                for call_id in list(self._calls):
                    self._finish(call_id)
                return
            try:
                if isinstance(item, TapFrame):
                    self._frame(item)
                elif isinstance(item, CallStateChanged):
                    self._state(item)
                elif isinstance(item, RecordingNoticePlayed) and item.call_id in self._calls:
                    self._calls[item.call_id].notice = item.kind.value
            except Exception:  # noqa: BLE001 - one bad frame must not end recording for every call
                log.exception("recorder")

    def _state(self, event: CallStateChanged) -> None:
        if event.new is CallState.CONFIRMED and event.call_id not in self._calls:
            self._calls[event.call_id] = _Call(event.call_id, event.at)
        elif event.new is CallState.DISCONNECTED and event.call_id in self._calls:
            self._finish(event.call_id)

    def _frame(self, frame: TapFrame) -> None:
        call = self._calls.get(frame.call_id)
        if call is None or call.failed or frame.last or not frame.pcm:
            return
        if call.writer is None:
            self._open(call, frame)
            if call.writer is None:
                return
        assert call.origin is not None
        at = round((frame.t - call.origin) * call.rate)
        if at < 0:
            return
        (call.agent if frame.channel is AudioChannel.AGENT else call.customer).add(at, frame.pcm)
        if frame.t - call.origin >= call.chunk_end:
            self._write_chunk(call)
            call.chunk_end += CHUNK_S

    def _open(self, call: _Call, frame: TapFrame) -> None:
        call.origin, call.rate = frame.t, frame.rate
        call_key = self.keys.new_call_key()
        header = Header(call.call_id, call.answered_at, frame.rate, CODEC,
                        self.keys.wrap(call_key, call.call_id), self.keys.key_id)
        try:
            call.writer = RecordingWriter(recording_path(self.folder, call.call_id, call.answered_at), header,
                                          call_key)
        except OSError as exc:
            self._fail(call, exc)
            return
        self._bus.post(RecordingStateChanged(call.call_id, RecordingState.RECORDING))

    def _write_chunk(self, call: _Call) -> None:
        a_at, a_pcm = call.agent.take()
        c_at, c_pcm = call.customer.take()
        if not a_pcm and not c_pcm or call.writer is None:
            return
        try:
            call.writer.add(encode(ChunkAudio(a_at, c_at, call.rate, a_pcm, c_pcm)))
        except OSError as exc:
            self._fail(call, exc)
            return
        call.samples = max(call.samples, a_at + len(a_pcm) // 2, c_at + len(c_pcm) // 2)

    def _finish(self, call_id: CallId) -> None:
        call = self._calls.pop(call_id)
        if call.writer is None or call.failed:
            return
        self._write_chunk(call)
        writer = call.writer
        duration = call.samples / call.rate if call.rate else 0.0
        try:
            writer.close()
            write_manifest(writer.path, Manifest(call_id, writer.seq, round(duration, 3), writer.prev_tag.hex(),
                                                 writer.header_hash.hex(), time.time(), notice=call.notice),
                           self.keys.manifest_key)
        except OSError as exc:
            self._fail(call, exc)
            return
        self._bus.post(RecordingStateChanged(call_id, RecordingState.SAVED, duration))

    def _fail(self, call: _Call, exc: OSError) -> None:
        call.failed = True
        if call.writer is not None:
            try:
                call.writer.close()
            except OSError:
                pass
        full = exc.errno == errno.ENOSPC
        said: Msg = (N_("The disk is full: this call is no longer recorded (what was recorded is kept). "
                        "The call goes on; tell your team lead.") if full else
                     N_("This call can no longer be recorded ({0}); what was recorded is kept. The call goes on.",
                        exc.strerror or type(exc).__name__))
        error: StorageError = DiskFullError(str(exc), user_message=said) if full else StorageError(str(exc),
                                                                                                   user_message=said)
        log.error("recording of %s stopped: %s", call.call_id, exc)
        self._bus.post(RecordingStateChanged(call.call_id, RecordingState.FAILED, user_message=said,
                                             problem="disk_full" if full else "write_failed"))
        self._bus.post(ErrorRaised("recording", str(error), error.user_message, call.call_id))
