"""A settings file that cannot be read is shown to the agent at start-up, and the window still opens.

Before the fix ``ui/app.py`` used ``exc`` after its except block: the timer
raised NameError instead of showing the message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from softphone.errors import ConfigError
from softphone.paths import settings_path
from softphone.settings import Settings
from tests.ui.conftest import file_keyring_store


def test_a_corrupt_settings_file_is_shown_not_a_name_error(qapp: QApplication, qtbot: QtBot, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.app

    path: Path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("schema_version = 1\n[account\nserver = ", encoding="utf-8")  # cut off mid-write
    shown: list[BaseException] = []
    monkeypatch.setattr(ui.app, "show_error", lambda parent, exc: shown.append(exc))
    session = ui.app.Session(qapp, secrets=file_keyring_store(tmp_path))
    try:
        qtbot.waitUntil(lambda: bool(shown), timeout=3000)
        assert isinstance(shown[0], ConfigError), shown
        assert session.settings == Settings()  # the window opens on defaults; the file is left as it was
        assert path.read_text(encoding="utf-8").startswith("schema_version = 1\n[account")
    finally:
        session.window.close()
        session.shutdown()
