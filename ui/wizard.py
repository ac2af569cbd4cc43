"""The first-run wizard: connect to the company's SIP server, or try the demo.

The wizard only collects values: ``choice()`` says which path was taken,
``result_settings()`` and ``password_choice()`` give what the agent entered.
``run_first_run(session)`` shows it at start-up and saves the result (keyring,
then the settings file) off the GUI thread; without a keyring the agent is told
so and the password is kept for this session only.
"""

from __future__ import annotations

import weakref
from typing import Literal, Protocol

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QMessageBox, QRadioButton, QVBoxLayout,
    QWidget, QWizard, QWizardPage,
)

from softphone.errors import SecretStoreError
from softphone.secrets import SecretStore
from softphone.settings import Settings

from .bridge import EngineBridge
from .errors import show_error
from .ops import in_background
from .settings_dialog import ErrorLabel, candidate_settings, field_errors, persist
from .widgets.keyring_box import KeyringCheckBox

__all__ = ["FirstRunWizard", "Choice", "run_first_run"]

Choice = Literal["server", "demo"]
INTRO_PAGE, SERVER_PAGE, DEMO_PAGE = 0, 1, 2


class _IntroPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome"))
        self.setSubTitle(self.tr("How do you want to start?"))
        self.server = QRadioButton(self.tr("Connect to my company's SIP server"))
        self.demo = QRadioButton(self.tr("Try the demo"))
        self.server.setChecked(True)
        group = QButtonGroup(self)
        column = QVBoxLayout(self)
        for button in (self.server, self.demo):
            group.addButton(button)
            column.addWidget(button)
        column.addStretch(1)

    def nextId(self) -> int:
        return SERVER_PAGE if self.server.isChecked() else DEMO_PAGE


class _DemoPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Try the demo"))
        text = QLabel(self.tr("The demo runs a practice customer on this computer: you can take and make "
                              "calls without a SIP server. You can connect to your company's server later "
                              "in the settings."))
        text.setWordWrap(True)
        QVBoxLayout(self).addWidget(text)

    def nextId(self) -> int:
        return -1


class _ServerPage(QWizardPage):
    def __init__(self, base: Settings, secrets: SecretStore | None, bridge: EngineBridge | None) -> None:
        super().__init__()
        self._base = base
        self.setTitle(self.tr("Your SIP account"))
        self.setSubTitle(self.tr("Your administrator gives you these details."))
        a = base.account
        self.server = QLineEdit(a.server)
        self.server.setPlaceholderText(self.tr("sip.example.com:5060"))
        self.user = QLineEdit(a.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.save_password = KeyringCheckBox(secrets, bridge)  # unticked where there is no keyring
        self.transport = QComboBox()
        for text, data in ((self.tr("UDP"), "udp"), (self.tr("TCP"), "tcp"), (self.tr("TLS"), "tls")):
            self.transport.addItem(text, data)
        self.transport.setCurrentIndex(max(0, self.transport.findData(a.transport)))
        # two lines kept for each message, shown or not: the fields below stay where the agent aims
        self._errors = {"account.server": ErrorLabel(reserve_lines=2), "account.user": ErrorLabel(reserve_lines=2)}
        self._layout()
        for signal in (self.server.textChanged, self.user.textChanged, self.transport.currentIndexChanged):
            signal.connect(self._changed)
        self._problems: dict[str, str] = {}
        self._validate()

    def _layout(self) -> None:
        form = QFormLayout(self)
        form.addRow(self.tr("Server:"), self._with_error(self.server, "account.server"))
        form.addRow(self.tr("User:"), self._with_error(self.user, "account.user"))
        form.addRow(self.tr("Password:"), self.password)
        form.addRow("", self.save_password)
        form.addRow(self.tr("Transport:"), self.transport)

    def _with_error(self, widget: QWidget, key: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self._errors[key])
        return box

    def _changed(self, *_: object) -> None:
        self._validate()

    def values(self) -> dict[str, object]:
        return {"account.server": self.server.text().strip(), "account.user": self.user.text().strip(),
                "account.transport": self.transport.currentData(), "general.first_run_done": True}

    def problems(self) -> dict[str, str]:
        return dict(self._problems)

    def _validate(self) -> None:
        problems = field_errors(self._base, self.values())
        if "account.server" in problems:
            problems["account.server"] = self.tr('Enter the server as "host" or "host:port" (port 1 to 65535).')
        if not self.server.text().strip():
            problems["account.server"] = self.tr("Enter the address of your company's SIP server.")
        if not self.user.text().strip():
            problems["account.user"] = self.tr("Enter your user name (extension).")
        for key, label in self._errors.items():
            label.show_problem(problems.get(key))
        self._problems = problems
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._problems

    def nextId(self) -> int:
        return -1

    def result_settings(self) -> Settings:
        return candidate_settings(self._base, self.values())


class FirstRunWizard(QWizard):
    """Two paths: ``choice() == "server"`` (then ``result_settings()``) or ``"demo"``.

    The demo path has one page saying what the demo is, then Finish.
    """

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None,
                 secrets: SecretStore | None = None, bridge: EngineBridge | None = None) -> None:
        """``secrets`` and ``bridge``: where the password would be saved, asked in the background (a computer
        without a keyring unticks the "save" box); without them the box stays ticked."""
        super().__init__(parent)
        self._base = settings if settings is not None else Settings()
        self.setWindowTitle(self.tr("Welcome to the softphone"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.intro = _IntroPage()
        self.server_page = _ServerPage(self._base, secrets, bridge)
        self.setPage(INTRO_PAGE, self.intro)
        self.setPage(SERVER_PAGE, self.server_page)
        self.setPage(DEMO_PAGE, _DemoPage())
        self.setStartId(INTRO_PAGE)

    def choice(self) -> Choice:
        return "server" if self.intro.server.isChecked() else "demo"

    def result_settings(self) -> Settings:
        """The server path: the settings with the account entered and ``first_run_done``.

        The demo path: the settings given, unchanged. Raises ``ConfigError``
        while the server page holds an invalid value.
        """
        if self.choice() == "demo":
            return self._base
        return self.server_page.result_settings()

    def password_choice(self) -> tuple[str | None, bool]:
        """(the password typed or None, save it in the keyring) - server path only."""
        page = self.server_page
        return page.password.text() or None, page.save_password.isChecked()


class FirstRunSession(Protocol):
    """What ``run_first_run`` needs of ``ui.app.Session``."""

    settings: Settings
    secrets: SecretStore
    bridge: EngineBridge
    session_password: str | None


def run_first_run(session: FirstRunSession, parent: QWidget | None = None) -> Choice | None:
    """Show the wizard (modal). Server path: save and put the new settings in
    ``session.settings`` (and ``session.session_password`` when the password
    could not be saved). Returns the path taken, or None when cancelled."""
    wizard = FirstRunWizard(session.settings, parent, session.secrets, session.bridge)
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None
    if wizard.choice() == "demo":
        return "demo"
    new = wizard.result_settings()
    password, save = wizard.password_choice()
    failure = _persist_waiting(session, new, password if save else None)
    if isinstance(failure, SecretStoreError) and password:
        _keep_shown(show_error(parent, failure))  # the password is not saved; kept for this session
        save, failure = False, _persist_waiting(session, new, None)
    if failure is not None:
        _keep_shown(show_error(parent, failure))
    session.settings = new
    session.session_password = password if password and not save else None
    return "server"


_SHOWN: list[QMessageBox] = []


def _keep_shown(box: QMessageBox) -> None:
    """A message box without a parent (start-up) must outlive this function; the
    one or two of a first run are kept for the whole session."""
    _SHOWN.append(box)


def _persist_waiting(session: FirstRunSession, settings: Settings, password: str | None) -> BaseException | None:
    """``persist`` on a worker while a local event loop keeps the GUI alive."""
    loop = QEventLoop()
    loop_ref = weakref.ref(loop)  # the worker must not hold the last reference to a Qt object
    outcome: list[BaseException | None] = []

    def finished(failure: BaseException | None) -> None:
        outcome.append(failure)
        running = loop_ref()
        if running is not None:
            running.quit()

    secrets = session.secrets
    in_background(session.bridge, lambda: persist(secrets, settings, password), lambda _: finished(None), finished)
    if not outcome:
        loop.exec()
    return outcome[0]
