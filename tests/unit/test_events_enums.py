"""The closed-set fields of events are enums: plain values are coerced, wrong ones refused."""

from __future__ import annotations

import json
import subprocess
import sys
from enum import Enum
from typing import Any, Callable

import pytest

from softphone.events import (
    DtmfReceived,
    EmotionChanged,
    Event,
    ModelStateChanged,
    PacingAlert,
    PhraseAlert,
    RulePackChanged,
    to_json,
)
from softphone.states import (
    AudioChannel,
    CallId,
    DtmfSignal,
    EmotionLabel,
    ModelState,
    PacingKind,
    RulePackState,
    Severity,
)

C = CallId("c1")


def _phrase(severity: Any) -> PhraseAlert:
    return PhraseAlert(C, AudioChannel.AGENT, "c1/agent/0/r/0", "r", "threat", severity, "你", 0, (0, 1), "",
                       1.0, 0.1, False, at=1.0)


# each event with a closed-set field: (build it from a value, the field, its enum)
CASES: list[tuple[Callable[[Any], Event], str, type[Enum]]] = [
    (lambda v: ModelStateChanged(v, "vosk-model-cn", "zh", at=1.0), "state", ModelState),
    (lambda v: RulePackChanged(v, "zh", "1", 3, 9, at=1.0), "state", RulePackState),
    (lambda v: PacingAlert(C, v, 7.2, 65.0, at=1.0), "kind", PacingKind),
    (lambda v: EmotionChanged(C, AudioChannel.CUSTOMER, v, 0.6, 9.0, at=1.0), "label", EmotionLabel),
    (_phrase, "severity", Severity),
    (lambda v: DtmfReceived(C, "5", v, at=1.0), "method", DtmfSignal),
]
IDS = [kind.__name__ for _, _, kind in CASES]


@pytest.mark.parametrize("build,name,kind", CASES, ids=IDS)
def test_a_plain_value_becomes_the_enum_member(build: Callable[[Any], Event], name: str, kind: type[Enum]) -> None:
    for member in kind:
        event = build(member.value)
        value = getattr(event, name)
        assert isinstance(value, kind) and value is member
        assert build(member) == event  # the member itself is kept


@pytest.mark.parametrize("build,name,kind", CASES, ids=IDS)
def test_a_wrong_value_raises(build: Callable[[Any], Event], name: str, kind: type[Enum]) -> None:
    for wrong in ("nonsense", "", "LOADED", None, 3):
        with pytest.raises(ValueError):
            build(wrong)


@pytest.mark.parametrize("build,name,kind", CASES, ids=IDS)
def test_to_json_gives_the_plain_value(build: Callable[[Any], Event], name: str, kind: type[Enum]) -> None:
    for member in kind:
        out = to_json(build(member))
        assert type(out[name]) is str and out[name] == member.value
        assert json.dumps(out) == json.dumps(to_json(build(member.value)))


def test_headless_json_lines_are_unchanged() -> None:
    """The exact text headless prints (json.dumps of to_json) is as before the enums."""
    old_style = ModelStateChanged("off", "m", "", "Off.", at=1.0)  # type: ignore[arg-type]  # a plain value, as before
    assert json.dumps(to_json(old_style), ensure_ascii=False) == (
        '{"event": "model_state_changed", "state": "off", "name": "m", "language": "", "user_message": "Off.", '
        '"rules_language": "", "at": 1.0}')
    assert json.dumps(to_json(PacingAlert(C, PacingKind.TALK_OVER, 1.6, 70.0, at=2.0))) == (
        '{"event": "pacing_alert", "call_id": "c1", "kind": "talk_over", "value": 1.6, "audio_time": 70.0, "at": 2.0}')
    assert json.dumps(to_json(DtmfReceived(C, "#", DtmfSignal.INFO, at=3.0))) == (
        '{"event": "dtmf_received", "call_id": "c1", "digit": "#", "method": "info", "at": 3.0}')


def test_str_enum_members_still_equal_their_values() -> None:
    assert ModelState.OFF == "off" and ModelState("none") is ModelState.NONE  # type: ignore[comparison-overlap]
    assert Severity.CRITICAL == "critical" and {"critical": 0}[Severity.CRITICAL] == 0  # type: ignore[comparison-overlap]


def test_model_state_has_off_and_the_old_import_still_works() -> None:
    from softphone.asr.recognizer import ModelState as Old

    assert Old is ModelState
    assert [m.value for m in ModelState] == ["off", "none", "loading", "ready", "failed"]


def test_events_import_without_vosk_or_pjsua2() -> None:
    code = ("import sys, softphone.events; "
            "print(sorted(m for m in ('vosk', 'pjsua2', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
