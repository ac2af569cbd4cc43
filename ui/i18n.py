"""Translations: Qt ``.qm`` files from ``resources/i18n``, chosen from the locale."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from softphone.paths import resources_dir

__all__ = ["resolve_language", "install_translator", "LANGUAGES"]

LANGUAGES = ("zh_CN", "en")
_installed: list[QTranslator] = []


def resolve_language(setting: str, system: str | None = None) -> str:
    """``auto`` -> ``zh_CN`` for any Chinese system locale, else ``en``."""
    if setting in LANGUAGES:
        return setting
    name = system if system is not None else QLocale.system().name()
    return "zh_CN" if name.lower().startswith("zh") else "en"


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Swap the app's translation; English is the source language (no file)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "en":
        return True
    translator = QTranslator(app)
    path = resources_dir() / "i18n" / f"agent_softphone_{language}.qm"
    if not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    qt_own = QTranslator(app)  # Qt's own strings: OK, Cancel, the line-edit menu...
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return True
