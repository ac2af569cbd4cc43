"""Live transcription: tap frames in, ``TranscriptSegment`` events out.

::

    audio-taps thread --on_frame--> queue --asr-<call>-<channel> thread--> Recognizer --> bus

``on_frame`` runs on the engine's ``audio-taps`` thread and only puts the
frame on its channel's queue. Each (call, channel) has its own worker
thread and recognizer; recognition never runs on the media clock, taps or
GUI thread. Vosk releases the GIL, so two channels decode on two cores
(measured on the 2-core test machine: two decoding threads get 1.3-1.7
cores, as two processes do; the Python work per 20 ms frame is ~20 µs).

Warm recognizers. ``WarmPool`` keeps ``size`` warmed recognizers per call
rate, made on a low-priority thread once the model is ready, so a new
call's first words cost no warm-up. It refills only while no channel is
being transcribed (after the call, not at its start, when its first words
are decoded): refilling two took 4.5 s of CPU in a call's first 6 s, and
nice 10 does not keep it off the two decoding threads' cores. When the pool
is empty (a second call at once), the channel gets a cold recognizer at
once: its first utterance costs about 1 s more, where warming it would
hold the channel's first results back by about 2 s.

Backlog. A worker that fell behind (a slow decoder chunk, another busy
thread) takes the frames queued behind the one it is on, up to 200 ms
that follow on in time, and feeds them in one Vosk call: one partial for
the newest audio instead of a string of stale ones, and less per-call
work while catching up.

While the model loads, each channel's queue holds up to ``backlog_s``
seconds (default 30; a load takes 1.5-2.5 s), so a call started at launch
loses nothing; past that the oldest frames are dropped (logged). If the
model failed, each call gets one ``TranscriptionFailed`` (channel None) and
its frames are discarded. A recognizer that raises posts
``TranscriptionFailed`` for its channel only; that channel's frames are
then discarded, the call and the other channel go on.

``delay`` of an event: wall-clock time of the event minus the time the
frame holding the audio end (``end``) reached ``on_frame``.
"""

from __future__ import annotations

import collections
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, Protocol

from ..audio.taps import TapFrame
from ..bus import EventBus
from ..events import Event, TranscriptionFailed, TranscriptSegment
from ..states import AudioChannel, CallId
from .recognizer import ChannelRecognizer, ModelHandle, ModelState, Recognizer, Result
from ..i18n import N_

__all__ = ["ChannelState", "RecognizerSource", "WarmPool", "TranscriptionService"]

log = logging.getLogger(__name__)

Key = tuple[CallId, AudioChannel]
Clock = Callable[[], float]
_STOP = None


class RecognizerSource(Protocol):
    """Hands a recognizer to a channel; the worker calls it on its own thread."""

    def take(self, rate: int, channel: AudioChannel) -> Recognizer: ...

    def close(self) -> None: ...


class WarmPool:
    """Pre-warmed ``ChannelRecognizer``s per rate, refilled in the background
    by ``workers`` low-priority threads while no channel is live (between
    ``take`` and ``done_with``); ``refill=False``: filled once, for a tool
    that knows how many it needs."""

    def __init__(self, model: ModelHandle, rates: Iterable[int] = (), size: int = 2,
                 make: Callable[[Any, int], ChannelRecognizer] = ChannelRecognizer, refill: bool = True,
                 workers: int = 1) -> None:
        self._model = model
        self._size = size
        self._make = make
        self._refill = refill
        self._ready: dict[int, list[ChannelRecognizer]] = {r: [] for r in rates}
        self._warming: dict[int, int] = {}
        self._live = 0  # recognizers taken by channels that have not ended
        self._filled_once = False
        self._cond = threading.Condition()
        self._closed = False
        self._threads = [threading.Thread(target=self._fill_loop, name=f"asr-warm-pool-{i}", daemon=True)
                         for i in range(workers)]
        for t in self._threads:
            t.start()

    def add_rate(self, rate: int) -> None:
        with self._cond:
            self._ready.setdefault(rate, [])
            self._cond.notify_all()

    def take(self, rate: int, channel: AudioChannel) -> Recognizer:
        with self._cond:
            ready = self._ready.setdefault(rate, [])
            rec = ready.pop() if ready else None
            self._live += 1
            self._cond.notify_all()
        if rec is None:  # pool empty: a cold one costs its first utterance ~1 s, warming it ~2 s
            try:
                rec = self._make(self._model.model, rate)
            except BaseException:
                self._one_less_live()
                raise
        return rec

    def done_with(self, rec: Recognizer) -> None:
        """The channel that took ``rec`` has ended (``rec`` is not reused: a
        call's recognizer goes with the call)."""
        self._one_less_live()

    def _one_less_live(self) -> None:
        with self._cond:
            self._live = max(0, self._live - 1)
            self._cond.notify_all()

    def wait_filled(self, timeout: float) -> bool:
        """True once every rate has ``size`` warmed recognizers (for tools and tests)."""
        with self._cond:
            return self._cond.wait_for(self._full, timeout)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._ready.clear()
            self._cond.notify_all()
        for t in self._threads:
            t.join(10)

    def _full(self) -> bool:
        return all(len(v) >= self._size for v in self._ready.values())

    def _next_rate(self) -> int | None:
        """A rate that lacks recognizers, counting those being warmed (lock held)."""
        for rate, ready in self._ready.items():
            if len(ready) + self._warming.get(rate, 0) < self._size:
                return rate
        return None

    def _new(self, rate: int) -> ChannelRecognizer:
        rec = self._make(self._model.model, rate)
        rec.warm()
        return rec

    def _fill_loop(self) -> None:
        _lower_priority()
        while not self._model.wait(0.2):
            if self._closed:
                return
        if self._model.state is not ModelState.READY:
            return
        while (rate := self._claim()) is not None:
            try:
                rec = self._new(rate)
            finally:
                with self._cond:
                    self._warming[rate] -= 1
            with self._cond:
                if self._closed:
                    return
                self._ready.setdefault(rate, []).append(rec)
                self._filled_once = self._filled_once or self._full()
                self._cond.notify_all()

    def _claim(self) -> int | None:
        """Wait for a rate to warm for while no channel is live; None when
        closed or, without refill, full."""
        with self._cond:
            while not self._closed:
                if not self._refill and self._filled_once:
                    return None
                rate = self._next_rate() if self._live == 0 else None
                if rate is not None:
                    self._warming[rate] = self._warming.get(rate, 0) + 1
                    return rate
                self._cond.wait()
            return None


def _lower_priority() -> None:
    """Warming must not take CPU from live calls' workers (Linux: per-thread nice)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass


class _Arrivals:
    """When each recent frame's end reached ``on_frame``: for ``delay``."""

    def __init__(self) -> None:
        self._log: collections.deque[tuple[float, float]] = collections.deque(maxlen=3000)

    def add(self, end: float, arrived: float) -> None:
        self._log.append((end, arrived))

    def of(self, t: float) -> float:
        """Arrival of the first frame ending at or after ``t`` (searched from the newest)."""
        found = self._log[-1][1] if self._log else 0.0
        for end, arrived in reversed(self._log):
            if end < t - 1e-6:
                break
            found = arrived
        return found


Item = tuple[TapFrame, float] | None
BATCH_FRAMES = 10  # a worker behind feeds up to 200 ms of queued audio at once (Vosk's own step)


def _end(frame: TapFrame) -> float:
    return frame.t + len(frame.pcm) / 2 / frame.rate


def _follows(prev: TapFrame, frame: TapFrame) -> bool:
    """``frame`` is audio of the same call straight after ``prev`` (not the end marker, no hold gap)."""
    return not frame.last and frame.rate == prev.rate and abs(frame.t - _end(prev)) < 1e-3


class ChannelState(Enum):
    """Where one channel of one call is; the worker thread alone moves it."""

    WAITING = "waiting"  # frames queue up while the model loads
    LISTENING = "listening"  # frames go to the recognizer
    FAILED = "failed"  # model or recognizer failed: frames are discarded until the call ends
    ENDED = "ended"  # the call's last frame (or a stop) was handled


_NEXT: dict[ChannelState, frozenset[ChannelState]] = {
    ChannelState.WAITING: frozenset({ChannelState.LISTENING, ChannelState.FAILED, ChannelState.ENDED}),
    ChannelState.LISTENING: frozenset({ChannelState.FAILED, ChannelState.ENDED}),
    ChannelState.FAILED: frozenset({ChannelState.ENDED}),
    ChannelState.ENDED: frozenset(),
}


class _ChannelWorker:
    """One channel of one call: queue, thread, recognizer, segment numbers, state."""

    def __init__(self, service: TranscriptionService, key: Key, maxsize: int) -> None:
        self.key = key
        self.state = ChannelState.WAITING
        self.path = [self.state]
        self._svc = service
        self.queue: queue.Queue[Item] = queue.Queue(maxsize)
        self._arrivals = _Arrivals()
        self._segment = 0
        self._rec: Recognizer | None = None
        self.thread = threading.Thread(target=self._run, name=f"asr-{key[0]}-{key[1].value}", daemon=True)

    def _enter(self, state: ChannelState) -> None:
        if state not in _NEXT[self.state]:
            raise RuntimeError(f"transcription {self.key}: {self.state.value} -> {state.value} is not a transition")
        self.state = state
        self.path.append(state)

    def _run(self) -> None:
        try:
            if self._wait_for_model():
                self._enter(ChannelState.LISTENING)
                self._loop()
            self._enter(ChannelState.ENDED)
        except Exception as exc:  # noqa: BLE001 - one channel's failure must not end the call
            log.exception("transcription of %s/%s failed", *self.key)
            self._enter(ChannelState.FAILED)
            self._svc.post(TranscriptionFailed(
                self.key[0], self.key[1], f"{type(exc).__name__}: {exc}",
                N_("Transcription of the agent side stopped after an error; the call goes on.")
                if self.key[1] is AudioChannel.AGENT else
                N_("Transcription of the customer side stopped after an error; the call goes on.")))
            self._discard_rest()
            self._enter(ChannelState.ENDED)
        finally:
            self._svc.forget(self.key, self.path)

    def _wait_for_model(self) -> bool:
        model = self._svc.model
        dropped = 0
        while not model.wait(0.2):
            dropped += self._trim_backlog()
        if dropped:
            log.warning("%s/%s: dropped %d frames while the model loaded", *self.key, dropped)
        if model.state is ModelState.READY:
            return True
        self._enter(ChannelState.FAILED)
        self._svc.model_failed(self.key[0])
        self._discard_rest()
        return False

    def _trim_backlog(self) -> int:
        limit = int(self._svc.backlog_s / 0.02)
        dropped = 0
        while self.queue.qsize() > limit:
            item = self.queue.get_nowait()
            if item is None or item[0].last:  # keep the end marker
                self.queue.put(item)
                break
            dropped += 1
        return dropped

    def _discard_rest(self) -> None:
        while True:
            item = self.queue.get()
            if item is None or item[0].last:
                return

    def _loop(self) -> None:
        try:
            self._listen()
        finally:
            if self._rec is not None and isinstance(self._svc.source, WarmPool):
                self._svc.source.done_with(self._rec)

    def _listen(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            frame, arrived = item
            if frame.last:
                if self._rec is not None:
                    self._emit(self._rec.finish(), frame)
                return
            self._arrivals.add(_end(frame), arrived)
            rec = self._recognizer(frame)
            pcm = self._with_backlog(frame) if isinstance(rec, ChannelRecognizer) else frame.pcm
            self._emit(rec.feed(pcm, frame.t), frame)

    def _with_backlog(self, frame: TapFrame) -> bytes:
        """``frame``'s audio and that of the frames queued behind it that follow
        on in time, up to ``BATCH_FRAMES`` in all: a worker that fell behind
        catches up in one Vosk call and one partial instead of one per 20 ms
        (stand-in recognizers in tests count calls as frames and get them one
        by one)."""
        parts, last = [frame.pcm], frame
        while len(parts) < BATCH_FRAMES:
            with self.queue.mutex:  # only this thread takes from the queue: the head stays put
                head: Item = self.queue.queue[0] if self.queue.queue else None
            if head is None or not _follows(last, head[0]):
                break
            self.queue.get_nowait()  # ``head``
            last, arrived = head
            self._arrivals.add(_end(last), arrived)
            parts.append(last.pcm)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def _recognizer(self, frame: TapFrame) -> Recognizer:
        if self._rec is None:
            self._rec = self._svc.source.take(frame.rate, self.key[1])
        return self._rec

    def _emit(self, results: list[Result], frame: TapFrame) -> None:
        for r in results:
            delay = self._svc.clock() - self._arrivals.of(r.end)
            self._svc.post(TranscriptSegment(
                self.key[0], self.key[1], self._segment, r.final, r.text, round(r.start, 3), round(r.end, 3),
                r.words, round(r.confidence, 3), round(max(0.0, delay), 3)))
            if r.final:
                self._segment += 1


class TranscriptionService:
    """Per call and channel, a streaming recognizer fed from the engine's taps.

    ``recognizers`` replaces the warm pool (tests inject failing ones);
    ``max_queue`` > 0 makes ``on_frame`` block when a channel is that many
    frames behind (the analyze command's back-pressure; live taps use 0).
    """

    def __init__(self, bus: EventBus, model: ModelHandle, *, rates: Iterable[int] = (),
                 pool_size: int = 2, recognizers: RecognizerSource | None = None,
                 backlog_s: float = 30.0, max_queue: int = 0, clock: Clock = time.monotonic) -> None:
        self._bus = bus
        self.model = model
        self.source: RecognizerSource = recognizers or WarmPool(model, rates, pool_size)
        self.backlog_s = backlog_s
        self.clock = clock
        self._max_queue = max_queue
        self._lock = threading.Lock()
        self._workers: dict[Key, _ChannelWorker] = {}
        self._ended: set[Key] = set()
        self._failed_calls: set[CallId] = set()
        self.finished: dict[Key, tuple[ChannelState, ...]] = {}  # the states each ended channel went through
        self._detach: Callable[[], None] | None = None

    def attach(self, engine: Any) -> None:
        """Subscribe to ``engine``'s taps and warm recognizers for its clock rate."""
        rate = int(engine.settings.audio.clock_rate)
        if isinstance(self.source, WarmPool):
            self.source.add_rate(rate)
        self._detach = engine.subscribe_taps(self.on_frame)

    def on_frame(self, frame: TapFrame) -> None:
        """On the taps thread: hand the frame to its channel's worker."""
        key = (frame.call_id, frame.channel)
        worker = self._worker(key)
        if worker is None:
            return
        worker.queue.put((frame, self.clock()))
        if frame.last:
            with self._lock:
                self._ended.add(key)

    def states(self) -> dict[Key, ChannelState]:
        """The state of every channel now transcribing."""
        with self._lock:
            return {key: w.state for key, w in self._workers.items()}

    def join(self, timeout: float = 30.0) -> bool:
        """Wait until every channel seen so far has finished (after its last frame)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            workers = list(self._workers.values())
        for w in workers:
            w.thread.join(max(0.0, deadline - time.monotonic()))
        return not any(w.thread.is_alive() for w in workers)

    def close(self, timeout: float = 5.0) -> None:
        if self._detach is not None:
            self._detach()
            self._detach = None
        with self._lock:
            workers = list(self._workers.values())
        for w in workers:
            w.queue.put(_STOP)
        for w in workers:
            w.thread.join(timeout)
        self.source.close()

    # -- for the workers ---------------------------------------------------------
    def post(self, event: Event) -> None:
        self._bus.post(event)

    def forget(self, key: Key, path: list[ChannelState]) -> None:
        with self._lock:
            self._workers.pop(key, None)
            self.finished[key] = tuple(path)

    def model_failed(self, call_id: CallId) -> None:
        with self._lock:
            if call_id in self._failed_calls:
                return
            self._failed_calls.add(call_id)
        err = self.model.error
        self.post(TranscriptionFailed(call_id, None, str(err) if err else "speech model not ready",
                                      err.user_message if err else N_("The speech model is not available.")))

    def _worker(self, key: Key) -> _ChannelWorker | None:
        with self._lock:
            worker = self._workers.get(key)
            if worker is None and key not in self._ended:
                worker = self._workers[key] = _ChannelWorker(self, key, self._max_queue)
                worker.thread.start()
        return worker
