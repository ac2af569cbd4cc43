"""The first-run wizard's two paths, with real widgets offscreen."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from softphone.paths import settings_path
from softphone.secrets import SecretStore
from softphone.settings import Settings, load_settings
from tests.ui.conftest import kept_bridge
from ui.settings_dialog import ErrorLabel
from ui.wizard import DEMO_PAGE, INTRO_PAGE, SERVER_PAGE, FirstRunWizard, run_first_run


pytestmark = pytest.mark.usefixtures("collect_on_gui_thread", "home")


@pytest.fixture
def wizard(qtbot: QtBot) -> FirstRunWizard:
    wiz = FirstRunWizard(Settings())
    qtbot.addWidget(wiz)
    wiz.show()
    qtbot.waitExposed(wiz)
    return wiz


def finish(wiz: FirstRunWizard) -> None:
    wiz.button(QWizard.WizardButton.FinishButton).click()


def server_error(wiz: FirstRunWizard) -> str:
    label = wiz.server_page.server.parentWidget().findChild(ErrorLabel)
    return "" if label.isHidden() else label.text()


def test_demo_path(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    assert wizard.currentId() == INTRO_PAGE
    wizard.intro.demo.setChecked(True)
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == DEMO_PAGE
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()

    finish(wizard)

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.choice() == "demo"
    assert wizard.result_settings() == Settings()


def test_server_path_validates_inline_and_finishes_with_settings(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    assert not wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    wizard.next()
    assert wizard.currentId() == SERVER_PAGE
    page = wizard.server_page
    finish_button = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish_button.isEnabled(), "nothing entered yet"
    assert "server" in server_error(wizard)

    qtbot.keyClicks(page.server, "bad host:99999")
    qtbot.keyClicks(page.user, "1001")
    assert not finish_button.isEnabled()
    assert "host:port" in server_error(wizard)

    page.server.setText("pbx.example.com:5061")
    page.transport.setCurrentIndex(page.transport.findData("tls"))
    qtbot.keyClicks(page.password, "pw-1001")
    assert finish_button.isEnabled()
    assert server_error(wizard) == ""

    finish(wizard)

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.choice() == "server"
    result = wizard.result_settings()
    assert (result.account.server, result.account.user, result.account.transport) == (
        "pbx.example.com:5061", "1001", "tls")
    assert result.general.first_run_done is True
    assert wizard.password_choice() == ("pw-1001", True)


def test_back_from_server_page_to_demo(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    wizard.next()
    wizard.back()
    wizard.intro.demo.setChecked(True)
    wizard.next()
    assert wizard.currentId() == DEMO_PAGE
    finish(wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.choice() == "demo"


# -- run_first_run: the wizard at start-up, saving what it collected ------------------------------




def session(qtbot: QtBot, secrets: SecretStore) -> SimpleNamespace:
    return SimpleNamespace(settings=Settings(), secrets=secrets, bridge=kept_bridge(), session_password=None)


def drive(steps: Callable[[FirstRunWizard], None]) -> None:
    """Run ``steps`` on the modal wizard once ``exec()`` has shown it."""
    def attempt() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, FirstRunWizard) and w.isVisible()]
        if not shown:
            QTimer.singleShot(20, attempt)
            return
        steps(shown[0])

    QTimer.singleShot(0, attempt)


def enter_account(wiz: FirstRunWizard) -> None:
    wiz.next()
    wiz.server_page.server.setText("pbx.example.com")
    wiz.server_page.user.setText("1002")
    wiz.server_page.password.setText("pw-1002")
    finish(wiz)


def keyring_file(tmp_path: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    return backend


def test_run_first_run_saves_settings_and_password(qtbot: QtBot, tmp_path: Path) -> None:
    store = SecretStore(keyring_file(tmp_path))
    s = session(qtbot, store)
    drive(enter_account)

    assert run_first_run(s) == "server"

    saved = load_settings(settings_path())
    assert saved == s.settings
    assert (saved.account.server, saved.account.user, saved.general.first_run_done) == (
        "pbx.example.com", "1002", True)
    assert store.get_password(saved.account.id) == "pw-1002"
    assert "pw-1002" not in settings_path().read_text(encoding="utf-8")
    assert s.session_password is None


def test_run_first_run_without_keyring_keeps_password_for_the_session(qtbot: QtBot) -> None:
    """No keyring: the box said so before Finish (unticked, disabled); no error afterwards."""
    s = session(qtbot, SecretStore(fail.Keyring()))
    drive(when_keyring_known(enter_account))

    assert run_first_run(s) == "server"

    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert not [b.text() for b in boxes if "keyring" in b.text() or "password store" in b.text()]
    assert load_settings(settings_path()).account.user == "1002"
    assert s.session_password == "pw-1002"
    assert "pw-1002" not in settings_path().read_text(encoding="utf-8")


def test_run_first_run_with_a_failing_keyring_says_so_and_keeps_password_for_the_session(qtbot: QtBot,
                                                                                        tmp_path: Path) -> None:
    """A keyring is there but saving fails (here: a file where its folder should be)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the keyring folder should be")
    backend = PlaintextKeyring()
    backend.file_path = str(blocker / "keyring_pass.cfg")
    s = session(qtbot, SecretStore(backend))
    drive(when_keyring_known(enter_account))

    assert run_first_run(s) == "server"

    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert any("password store" in box.text() for box in boxes)
    for box in boxes:
        box.close()
    assert load_settings(settings_path()).account.user == "1002"
    assert s.session_password == "pw-1002"


def when_keyring_known(steps: Callable[[FirstRunWizard], None]) -> Callable[[FirstRunWizard], None]:
    def attempt(wiz: FirstRunWizard) -> None:
        if not wiz.server_page.save_password.known:
            QTimer.singleShot(20, lambda: attempt(wiz))
            return
        steps(wiz)

    return attempt


def test_without_a_keyring_the_save_box_is_unticked_disabled_and_says_why(qtbot: QtBot) -> None:
    wiz = FirstRunWizard(Settings(), secrets=SecretStore(fail.Keyring()), bridge=kept_bridge())
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.next()
    box = wiz.server_page.save_password
    qtbot.waitUntil(lambda: box.known, timeout=5000)
    assert not box.isChecked() and not box.isEnabled()
    assert "No system keyring" in box.text() and "administrator" in box.toolTip()
    wiz.server_page.password.setText("pw-1")
    assert wiz.password_choice() == ("pw-1", False)


def test_with_a_keyring_the_save_box_stays_ticked(qtbot: QtBot, tmp_path: Path) -> None:
    wiz = FirstRunWizard(Settings(), secrets=SecretStore(keyring_file(tmp_path)), bridge=kept_bridge())
    qtbot.addWidget(wiz)
    box = wiz.server_page.save_password
    qtbot.waitUntil(lambda: box.known, timeout=5000)
    assert box.isChecked() and box.isEnabled() and box.text() == "Save the password in the system keyring"


def test_the_fields_stay_put_when_a_message_comes_or_goes(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    """A message vanished as the agent typed the server, the form moved up, and the next click hit the wrong field."""
    wizard.next()
    page = wizard.server_page
    below = (page.user, page.password, page.save_password, page.transport)

    def places() -> list[tuple[int, int, int, int]]:
        QApplication.processEvents()
        return [w.geometry().translated(w.parentWidget().mapTo(page, QPoint(0, 0))).getRect() for w in below]

    assert server_error(wizard) and page.user.text() == ""  # both messages shown: nothing entered yet
    with_messages = places()
    page.server.setText("pbx.example.com")
    assert server_error(wizard) == ""
    assert places() == with_messages
    page.user.setText("1001")
    assert places() == with_messages
    page.server.setText("bad host:99999")  # a message comes back
    assert "host:port" in server_error(wizard)
    assert places() == with_messages


def test_run_first_run_demo_and_cancel_save_nothing(qtbot: QtBot) -> None:
    s = session(qtbot, SecretStore(fail.Keyring()))

    def demo(wiz: FirstRunWizard) -> None:
        wiz.intro.demo.setChecked(True)
        wiz.next()
        finish(wiz)

    drive(demo)
    assert run_first_run(s) == "demo"
    drive(lambda wiz: wiz.reject())
    assert run_first_run(s) is None
    assert not settings_path().exists()
    assert s.settings == Settings()
