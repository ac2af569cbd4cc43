"""Sentences for the agent are messages: English text, an id (the English template) and fields."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import json
import pickle
import pkgutil
from pathlib import Path

import pytest

import softphone
from softphone.assist.packs import PackHolder
from softphone.errors import ConfigError, RulePackError, SoftphoneError
from softphone.events import Event, RulePackChanged
from softphone.i18n import Msg, N_


@dataclasses.dataclass(frozen=True)
class _Event:
    source: str
    user_message: str


def _all_error_classes() -> list[type[SoftphoneError]]:
    for info in pkgutil.walk_packages(softphone.__path__, "softphone."):
        if ".demo" in info.name or info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
    found: list[type[SoftphoneError]] = []
    todo: list[type[SoftphoneError]] = [SoftphoneError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


ERRORS = _all_error_classes()


def test_the_error_tree_was_found() -> None:
    names = {cls.__name__ for cls in ERRORS}
    assert {"SoftphoneError", "ConfigError", "NoKeyringBackend", "DiskFullError", "RulePackError"} <= names
    assert len(ERRORS) >= 12


@pytest.mark.parametrize("cls", ERRORS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_error_says_a_message_in_english(cls: type[SoftphoneError]) -> None:
    default = cls.default_user_message
    assert isinstance(default, Msg), cls
    assert str(default) == default.id and default.args == () and default.isascii()
    required = [p for p in list(inspect.signature(cls.__init__).parameters.values())[2:]
                if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if required:
        pytest.skip(f"{cls.__name__} needs {[p.name for p in required]}")
    err = cls("internal detail")
    assert isinstance(err.user_message, Msg)
    if cls is not ConfigError and not issubclass(cls, ConfigError):  # a ConfigError says its message
        assert err.user_message is default
    plain = cls("internal detail", user_message="Plain words from a caller.")
    assert isinstance(plain.user_message, Msg)
    assert plain.user_message == "Plain words from a caller." and plain.user_message.id == "Plain words from a caller."
    assert plain.user_message.args == ()


def test_a_message_is_its_english_text_with_id_and_fields() -> None:
    said = N_("The header name “{0}” is not valid.", "X Y")
    assert isinstance(said, str) and isinstance(said, Msg)
    assert str(said) == said == "The header name “X Y” is not valid."
    assert type(str(said)) is str
    assert said.id == "The header name “{0}” is not valid." and said.args == ("X Y",)
    assert f"{said}" == "The header name “X Y” is not valid."
    assert json.dumps({"user_message": said}) == json.dumps({"user_message": str(said)})


def test_fields_are_text_or_messages() -> None:
    said = N_("{0} of {1}: {2}", 3, N_("Korean"), None)
    assert said == "3 of Korean: None"
    assert said.args == ("3", "Korean", "None")
    assert [type(a) for a in said.args] == [str, Msg, str]


def test_a_message_without_fields_is_taken_literally() -> None:
    said = N_("Braces {like this} stay.")
    assert said == "Braces {like this} stay." and said.id == said and said.args == ()


def test_a_message_survives_copy_pickle_and_dataclasses() -> None:
    said = N_("The phrase rules have a mistake at {0}: {1}. No phrase rules are in force.",
              "rules.toml:3", N_("unknown field {0}", "'x'"))
    for twin in (copy.copy(said), copy.deepcopy(said), pickle.loads(pickle.dumps(said))):
        assert isinstance(twin, Msg) and twin == said and twin.id == said.id and twin.args == said.args
        assert isinstance(twin.args[1], Msg) and twin.args[1].id == "unknown field {0}"
    event = _Event("engine", said)
    for other in (dataclasses.replace(event, source="audio"), pickle.loads(pickle.dumps(event)), copy.deepcopy(event)):
        assert isinstance(other.user_message, Msg) and other.user_message.id == said.id
    assert isinstance(dataclasses.asdict(event)["user_message"], Msg)


def test_a_rule_pack_error_keeps_what_is_wrong_as_a_message(tmp_path: Path) -> None:
    err = RulePackError(N_("unknown field {0}", "'x'"), where="rules.toml:3")
    assert str(err) == "rules.toml:3: unknown field 'x'"
    assert isinstance(err.detail, Msg) and err.detail.id == "unknown field {0}" and err.detail.args == ("'x'",)
    assert isinstance(RulePackError("plain").detail, Msg)
    folder = tmp_path / "zh"
    folder.mkdir()
    (folder / "pack.toml").write_text('[pack]\nlanguage = "zh"\nversion = "1"\nname = "t"\n', encoding="utf-8")
    (folder / "rules.toml").write_text('[[rule]]\nid = "a"\ncolour = "red"\n', encoding="utf-8")
    posted: list[Event] = []
    assert not PackHolder("zh", posted.append, folder=folder).reload()
    event = posted[-1]
    assert isinstance(event, RulePackChanged)
    assert isinstance(event.detail, Msg) and event.detail.id == "unknown field {0}" and event.detail.args == ("'colour'",)
    assert isinstance(event.user_message, Msg) and event.user_message.args == ("rules.toml:1", event.detail)
    assert event.user_message.id.startswith("The phrase rules have a mistake at {0}: {1}.")
    assert str(event.user_message).startswith("The phrase rules have a mistake at rules.toml:1: unknown field 'colour'.")


def test_errors_raised_by_the_engine_pass_their_message_on() -> None:
    cause = ConfigError("bad", user_message=N_("The settings have a problem: {0}.", "x"))
    assert cause.user_message.id == "The settings have a problem: {0}." and cause.user_message.args == ("x",)
    assert ConfigError("said as it is").user_message == "said as it is"


def test_masking_a_message_masks_its_fields_and_keeps_its_id() -> None:
    from softphone.compliance.masking import mask_value

    said = N_("“{0}” is not a valid number or SIP address.", "13812345678")
    masked = mask_value(said)
    assert isinstance(masked, Msg) and masked.id == said.id
    assert "12345678" not in masked and "5678" in masked.args[0]
    plain = N_("Signed in.")
    assert mask_value(plain) is plain
    nested = N_("The phrase rules have a mistake at {0}: {1}.", "x", N_("cannot read: {0}", "call 13812345678"))
    inner = mask_value(nested).args[1]
    assert isinstance(inner, Msg) and "12345678" not in inner and inner.id == "cannot read: {0}"
