"""The engine's English sentences reach a Chinese window in Chinese.

The errors here are raised by the real engine code (settings loader, header
check, rule-pack loader, registration verdicts, model store), not written by
hand, so a sentence the engine changes without a translation fails here.
"""

from __future__ import annotations

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
from softphone.events import RegistrationChanged, RulePackChanged
from softphone.settings import load_settings
from softphone.sip.headers import check_custom_headers
from softphone.sip.regstate import classify_registration
from softphone.states import RegProblem, RegState
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
    status.on_registration(RegistrationChanged("acc", RegState.REGISTERING, RegState.FAILED, 401, "Unauthorized",
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
    posted: list[RulePackChanged] = []
    assert not PackHolder("zh", posted.append, folder=folder).reload()
    assert isinstance(raised(load_pack, folder), RulePackError)
    warning = RulesWarning()
    qtbot.addWidget(warning)
    warning.on_rule_pack(posted[-1])
    text = warning.text.text()
    assert "rules.toml:1" in text and "不成对" in text and "上门{催收" in text, text
    assert "unbalanced" not in text


def test_english_stays_english_and_unknown_text_passes_through(qapp: QApplication) -> None:
    install_translator(qapp, "en")
    assert engine_text("Signed in.") == "Signed in."
    said = "“abc” is not a valid number or SIP address."
    assert engine_text(said) == said
    assert engine_text("something the engine never says") == "something the engine never says"
