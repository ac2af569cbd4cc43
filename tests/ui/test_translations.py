"""The Simplified Chinese translation: complete, placeholders intact, and really loaded by the window."""

from __future__ import annotations

import importlib.util
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

from ui.i18n import install_translator, resolve_language

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "agent_softphone_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{\d+\}")


def _build_translations() -> ModuleType:
    path = ROOT / "installer" / "build_translations.py"
    spec = importlib.util.spec_from_file_location("build_translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages() -> list[tuple[str, str, str]]:
    out = []
    for context in ET.parse(TS).getroot().iter("context"):
        for msg in context.iter("message"):
            out.append((context.findtext("name") or "", msg.findtext("source") or "", msg.findtext("translation") or ""))
    return out


def _translation(context: str, source: str) -> str:
    return next(tr for ctx, src, tr in _messages() if ctx == context and src == source)


@pytest.fixture
def english_afterwards(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    install_translator(qapp, "en")


def test_translation_is_complete_for_the_current_code() -> None:
    """lupdate over ui/ finds nothing new, unfinished or empty in the .ts."""
    assert _build_translations().check("zh_CN") == []


def test_every_translation_keeps_the_placeholders_of_its_source() -> None:
    messages = _messages()
    assert messages
    for context, source, translation in messages:
        assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(source)), (context, source)


def test_compiled_translation_changes_a_real_widget(english_afterwards: QApplication) -> None:
    from ui.widgets.dialpad import DialPad

    app = english_afterwards
    expected = _translation("DialPad", "Call")
    assert expected and expected != "Call"

    assert install_translator(app, "zh_CN")
    pad = DialPad()
    assert pad.call_button.text() == expected
    assert pad.number.placeholderText() == _translation("DialPad", "Number or SIP address")
    pad.deleteLater()

    assert install_translator(app, "en")
    pad = DialPad()
    assert pad.call_button.text() == "Call"
    pad.deleteLater()


def test_resolve_language() -> None:
    assert resolve_language("auto", "zh_CN") == "zh_CN"
    assert resolve_language("auto", "en_US") == "en"
    assert resolve_language("en", "zh_CN") == "en"
    assert resolve_language("zh_CN", "en_US") == "zh_CN"


def test_the_engine_sentences_file_is_current_and_every_sentence_is_readable() -> None:
    """ui/engine_messages.py lists exactly what softphone/ says to the agent (regenerate it otherwise)."""
    build = _build_translations()
    templates, unread = build.engine_templates()
    assert unread == []
    assert len(templates) > 100
    assert build.ENGINE_MESSAGES.read_text(encoding="utf-8") == build.engine_messages_source()
