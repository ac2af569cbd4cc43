"""The engine's English sentences reach a Chinese window in Chinese.

The errors here are raised by the real engine code (settings loader, header
check, rule-pack loader, registration verdicts, model store), not written by
hand, so a sentence the engine changes without a translation fails here.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from softphone.asr.models import ModelInfo, ModelStore, language_mismatch
from softphone.assist.packs import PackHolder
from softphone.assist.rules import load_pack
from softphone.errors import ConfigError, ModelError, RulePackError, SipError
from softphone.events import Event, RegistrationChanged, RulePackChanged
from softphone.i18n import Msg, N_
from softphone.settings import load_settings
from softphone.sip.headers import check_custom_headers
from softphone.sip.regstate import classify_registration
from softphone.states import AccountId, RegProblem, RegState
import ui.engine_text as engine_text_module
from ui.engine_text import engine_text
from ui.errors import error_text
from ui.i18n import install_translator
from ui.widgets.account_status import AccountStatus
from ui.widgets.alert_banner import RulesWarning

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[QApplication]:
    assert install_translator(qapp, "zh_CN")
    yield qapp
    install_translator(qapp, "en")


def raised(fn: object, *args: object, **kwargs: object) -> Exception:
    try:
        fn(*args, **kwargs)  # type: ignore[operator]
    except Exception as exc:  # noqa: BLE001 - the test wants the error itself
        return exc
    raise AssertionError(f"{fn} raised nothing")


def test_plain_and_filled_in_sentences_are_translated_and_keep_their_values(chinese: QApplication) -> None:
    assert engine_text("Signed in.") == "已登录。"
    header = raised(check_custom_headers, {"X-Bad Name": "1"})
    assert isinstance(header, SipError)
    text = error_text(header)
    assert CJK.search(text) and "X-Bad Name" in text and "not valid" not in text, text


def test_a_sentence_holding_a_sentence_is_translated_at_both_levels(chinese: QApplication) -> None:
    said = language_mismatch(ModelInfo("vosk-model-small-ko", "ko", Path("/m"), 1, "installed"), "zh")
    assert said is not None and "Korean" in said
    text = engine_text(said)
    assert "vosk-model-small-ko" in text and "韩语" in text and "中文" in text and "Korean" not in text, text


def test_settings_and_model_store_errors_are_translated(chinese: QApplication, tmp_path: Path) -> None:
    bad = tmp_path / "settings.toml"
    bad.write_text('[account]\ntransport = "carrier pigeon"\n', encoding="utf-8")
    config = raised(load_settings, bad)
    assert isinstance(config, ConfigError)
    text = error_text(config)
    assert text.startswith("设置文件") and str(bad) in text and "transport" in text, text
    missing = raised(ModelStore(tmp_path / "models").remove, "no-such-model")
    assert isinstance(missing, ModelError)
    assert "no-such-model" in error_text(missing) and CJK.search(error_text(missing))


def test_every_registration_verdict_is_translated(chinese: QApplication) -> None:
    for code, status in ((401, 0), (408, 0), (403, 0), (200, 0)):
        verdict = classify_registration(code, status, 60, "")
        assert CJK.search(engine_text(verdict.user_message)), verdict


def test_the_account_line_shows_a_wrong_password_in_chinese(chinese: QApplication, qtbot: QtBot) -> None:
    status = AccountStatus()
    qtbot.addWidget(status)
    verdict = classify_registration(401, 0, 0, "Unauthorized")
    assert verdict.problem is RegProblem.AUTH_FAILED
    status.on_registration(RegistrationChanged(AccountId("acc"), RegState.REGISTERING, RegState.FAILED, 401, "Unauthorized",
                                               verdict.problem, verdict.user_message))
    assert "用户名或密码错误" in status.reason.text()


def test_a_broken_pack_is_explained_in_chinese_with_file_and_line(chinese: QApplication, qtbot: QtBot,
                                                                  tmp_path: Path) -> None:
    folder = tmp_path / "zh"
    folder.mkdir()
    (folder / "pack.toml").write_text('[pack]\nlanguage = "zh"\nversion = "1"\nname = "t"\n', encoding="utf-8")
    (folder / "rules.toml").write_text(
        '[[rule]]\nid = "a"\nchannel = "agent"\ncategory = "threat"\nseverity = "high"\n'
        'phrases = ["上门{催收"]\nsuggestion = "s"\nsource = "x"\n', encoding="utf-8")
    posted: list[Event] = []
    assert not PackHolder("zh", posted.append, folder=folder).reload()
    assert isinstance(raised(load_pack, folder), RulePackError)
    event = posted[-1]
    assert isinstance(event, RulePackChanged) and isinstance(event.detail, Msg)
    warning = RulesWarning()
    qtbot.addWidget(warning)
    warning.on_rule_pack(event)
    text = warning.text.text()
    assert "rules.toml:1" in text and "不成对" in text and "上门{催收" in text, text
    assert "unbalanced" not in text


def test_english_stays_english_and_unknown_text_passes_through(qapp: QApplication) -> None:
    install_translator(qapp, "en")
    assert engine_text("Signed in.") == "Signed in."
    said = "“abc” is not a valid number or SIP address."
    assert engine_text(said) == said
    assert engine_text("something the engine never says") == "something the engine never says"


def test_a_message_is_translated_by_its_id_with_its_fields_and_a_nested_message(chinese: QApplication) -> None:
    said = N_("The speech model '{0}' is for {1}, but the phrase rules are for {2}: forbidden phrases will not be "
              "recognised. Choose a {3} model in Settings or with 'agent-softphone model use'.",
              "m-1", N_("Korean"), N_("Chinese"), N_("Chinese"))
    assert isinstance(said, Msg) and said.args[0] == "m-1" and isinstance(said.args[1], Msg)
    assert str(said).startswith("The speech model 'm-1' is for Korean, but the phrase rules are for Chinese")
    text = engine_text(said)
    assert "m-1" in text and "韩语" in text and "中文" in text and "Korean" not in text and "{" not in text, text
    # the same words without the id are shown as they are: no more guessing from the English text
    assert engine_text(str(said)) == str(said)
    # a plain field stays as it is, even when it reads like a message
    assert engine_text(N_("The sound device “{0}” is not connected.", "Signed in.")).count("Signed in.") == 1


def test_a_message_from_a_real_error_keeps_its_id_and_fields(chinese: QApplication) -> None:
    header = raised(check_custom_headers, {"X-Bad Name": "1"})
    assert isinstance(header, SipError)
    assert header.user_message.id == "The header name “{0}” is not valid."
    assert header.user_message.args == ("X-Bad Name",)
    assert header.user_message == "The header name “X-Bad Name” is not valid."


def test_a_translation_with_broken_fields_falls_back_to_english(chinese: QApplication) -> None:
    said = Msg("A message nobody translated: {0}.", "x")
    assert engine_text(said) == "A message nobody translated: x."


def test_engine_text_no_longer_matches_sentences_with_regular_expressions() -> None:
    source = Path(engine_text_module.__file__).read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "re" not in imported and "regex" not in imported, imported
