"""The settings dialog: account, audio devices, general options and speech models.

Every field is checked as it is typed by the settings' own checks
(``settings_from_dict``); a red line under the field says what is wrong and OK
stays disabled until everything is valid, so an invalid value is never saved.
Saving (keyring, then the settings file) and listing sound devices run off the
GUI thread through ``ui/ops.py``. On a computer without a keyring the "save"
box is unticked and says so (``widgets/keyring_box.py``); when saving in the
keyring fails, the error is shown and the dialog offers to go on with the
password kept for this session.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QTimer, Signal, SignalInstance
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout, QFrame,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from softphone.audio.devices import list_devices
from softphone.audio.presence import present_devices
from softphone.errors import AudioDeviceError, ConfigError, SecretStoreError
from softphone.paths import settings_path
from softphone.secrets import SecretStore
from softphone.settings import Settings, save_settings, settings_from_dict, settings_to_dict

from .bridge import EngineBridge
from .errors import error_text, show_error
from .ops import in_background
from .widgets.keyring_box import KeyringCheckBox
from .widgets.level_meter import LevelMeter
from .widgets.shortcut_edit import ShortcutEdit, shortcut_problem
from .widgets.speech_models import SpeechModels

__all__ = [
    "SettingsDialog", "DeviceLists", "ErrorLabel", "scan_devices", "field_errors", "candidate_settings", "persist",
]

DEVICE_REFRESH_MS = 3000
T = TypeVar("T")


# -- work that needs no widget -----------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceLists:
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]


def scan_devices() -> DeviceLists:
    """Devices present now, by direction. Slow (a subprocess): never on the GUI thread.

    ``present_devices()`` is fresh (hot-plug) but names only; ``list_devices()``
    knows directions but only the devices present when PortAudio started. A
    device plugged in since is listed in both directions.
    """
    try:
        known = list_devices()
    except AudioDeviceError:
        known = []
    present = present_devices()
    if present is None:  # cannot tell: trust the list
        present = {d.name for d in known}
    fresh = sorted(present - {d.name for d in known})
    inputs = [d.name for d in known if d.max_input > 0 and d.name in present]
    outputs = [d.name for d in known if d.max_output > 0 and d.name in present]
    return DeviceLists(tuple(dict.fromkeys(inputs + fresh)), tuple(dict.fromkeys(outputs + fresh)))


def _with_values(base: Settings, values: Mapping[str, object]) -> dict[str, dict[str, object]]:
    data = settings_to_dict(base)
    for key, value in values.items():
        section, name = key.split(".", 1)
        data[section][name] = value
    return data


def candidate_settings(base: Settings, values: Mapping[str, object]) -> Settings:
    """``base`` with ``{"section.key": value}`` applied; raises ``ConfigError`` if invalid."""
    return settings_from_dict(_with_values(base, values))


def field_errors(base: Settings, values: Mapping[str, object]) -> dict[str, str]:
    """What is wrong with each ``"section.key"`` of ``values`` (empty: all valid)."""
    data, original = _with_values(base, values), settings_to_dict(base)
    errors: dict[str, str] = {}
    while True:
        try:
            settings_from_dict(data)
            return errors
        except ConfigError as exc:
            key = exc.key or ""
            known = key in errors
            errors[key] = str(exc).split(f"{key}: ", 1)[-1]
            if key not in values or known:  # not a field here, or ``base`` itself is invalid
                return errors
            section, name = key.split(".", 1)
            data[section][name] = original[section][name]


def persist(secrets: SecretStore, settings: Settings, password: str | None) -> None:
    """Save ``password`` in the keyring (if given), then the settings file. Blocking."""
    if password:
        secrets.set_password(settings.account.id, password)
    save_settings(settings, settings_path())


def _show_error(parent: QWidget, exc: BaseException) -> None:
    show_error(parent, exc)


class ErrorLabel(QLabel):
    """A red line under a field; hidden while there is nothing to say.

    ``reserve_lines``: its room is kept while hidden (that many lines), so the fields below never move when a
    message comes or goes: in the wizard a message vanished under the mouse and the click hit the next field."""

    def __init__(self, parent: QWidget | None = None, reserve_lines: int = 0) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #c62828;")
        self.setWordWrap(True)
        if reserve_lines:
            policy = self.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.setSizePolicy(policy)
            self.setMinimumHeight(self.fontMetrics().lineSpacing() * reserve_lines)
        self.hide()

    def show_problem(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))


@dataclass
class _Field:
    read: Callable[[], object]
    error: ErrorLabel | None  # None: the widget cannot hold an invalid value


# -- the dialog ------------------------------------------------------------------------------------


class SettingsDialog(QDialog):
    settings_saved = Signal(object, object)  # (Settings, session password or None)

    def __init__(self, settings: Settings, bridge: EngineBridge, secrets: SecretStore,
                 mic_level: Callable[[], float] | None = None, play_test_tone: Callable[[str], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings, self._bridge, self._secrets = settings, bridge, secrets
        self._mic_level, self._play_test_tone = mic_level, play_test_tone
        self._fields: dict[str, _Field] = {}
        self._errors: dict[str, str] = {}
        self._busy = self._scanning = False
        self._session_password: str | None = None
        self.setWindowTitle(self.tr("Settings"))
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        tabs = QTabWidget()
        tabs.addTab(self._account_tab(), self.tr("Account"))
        tabs.addTab(self._audio_tab(), self.tr("Audio"))
        tabs.addTab(self._general_tab(), self.tr("General"))
        tabs.addTab(self._speech_tab(), self.tr("Speech"))
        self.tabs = tabs
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (tabs, self._keyring_bar(), self._buttons):
            layout.addWidget(widget)
        self._device_timer = QTimer(self)
        self._device_timer.setInterval(DEVICE_REFRESH_MS)
        self._device_timer.timeout.connect(self.refresh_devices)
        self._validate()

    # -- public --------------------------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        """``{"section.key": message}`` for every invalid field now."""
        return dict(self._errors)

    def result_settings(self) -> Settings:
        """The settings as entered; raises ``ConfigError`` while a field is invalid."""
        return candidate_settings(self._settings, self._values())

    def password_choice(self) -> tuple[str | None, bool]:
        """(the password typed, or None when left unchanged; save it in the keyring)."""
        return self._password.text() or None, self._save_password.isChecked()

    def session_password(self) -> str | None:
        """The password kept in memory only (not saved), once the dialog was accepted."""
        return self._session_password

    def refresh_devices(self) -> None:
        """List the sound devices again, in the background (one scan at a time)."""
        if self._scanning:
            return
        self._scanning = True
        in_background(self._bridge, scan_devices, self._later(SettingsDialog._devices_listed),
                      self._later(SettingsDialog._devices_failed))

    # -- fields --------------------------------------------------------------------------------------

    def _register(self, key: str, read: Callable[[], object], changed: SignalInstance,
                  error: ErrorLabel | None = None) -> None:
        self._fields[key] = _Field(read, error)
        changed.connect(self._changed)

    def _bind(self, key: str, widget: QWidget, read: Callable[[], object], changed: SignalInstance) -> QWidget:
        """Register ``widget`` as the editor of ``key``; returns it with its error line under it."""
        error = ErrorLabel()
        self._register(key, read, changed, error)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        return box

    def _line(self, key: str, text: str, placeholder: str = "") -> QWidget:
        edit = QLineEdit(text)
        edit.setPlaceholderText(placeholder)
        edit.setObjectName(key)
        return self._bind(key, edit, edit.text, edit.textChanged)

    def _check(self, key: str, label: str, checked: bool) -> QCheckBox:
        box = QCheckBox(label)
        box.setChecked(checked)
        box.setObjectName(key)
        self._register(key, box.isChecked, box.toggled)  # true/false: never invalid
        return box

    def _combo(self, key: str, items: list[tuple[str, str]], current: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(key)
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        self._register(key, combo.currentData, combo.currentIndexChanged)  # a choice or a device name: never invalid
        return combo

    def _changed(self, *_: object) -> None:
        self._validate()

    def _values(self) -> dict[str, object]:
        return {key: field.read() for key, field in self._fields.items()}

    def _validate(self) -> None:
        errors = field_errors(self._settings, self._values())
        errors.update(self._shortcut_errors())
        for key, field in self._fields.items():
            if field.error is not None:
                field.error.show_problem(self._message(key, errors[key]) if key in errors else None)
        self._errors = errors
        self._update_buttons()

    def _message(self, key: str, what: str) -> str:
        if key == "account.server":
            return self.tr('Enter the server as "host" or "host:port" (port 1 to 65535).')
        return what

    def _update_buttons(self) -> None:
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not self._errors and not self._busy)
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not self._busy)
        self._go_on.setEnabled(not self._errors and not self._busy)

    # -- account tab ---------------------------------------------------------------------------------

    def _account_tab(self) -> QWidget:
        page = QWidget()
        columns = QHBoxLayout(page)
        columns.addWidget(self._account_group())
        right = QVBoxLayout()
        right.addWidget(self._connection_group())
        right.addWidget(self._auto_answer_group())
        right.addStretch(1)
        columns.addLayout(right)
        return page

    def _account_group(self) -> QGroupBox:
        a = self._settings.account
        group = QGroupBox(self.tr("SIP account"))
        form = QFormLayout(group)
        form.addRow(self.tr("Server:"), self._line("account.server", a.server, self.tr("sip.example.com:5060")))
        form.addRow(self.tr("User:"), self._line("account.user", a.user))
        form.addRow(self.tr("Authentication user:"), self._line("account.auth_user", a.auth_user, self.tr("Same as user")))
        form.addRow(self.tr("Display name:"), self._line("account.display_name", a.display_name))
        form.addRow(self.tr("Domain:"), self._line("account.domain", a.domain, self.tr("Same as the server")))
        form.addRow("", self._check("account.register", self.tr("Register with the server"), a.register))
        self._password = QLineEdit()
        self._password.setEchoMode(QLineEdit.EchoMode.Password)
        self._password.setPlaceholderText(self.tr("Leave empty to keep the saved password"))
        form.addRow(self.tr("Password:"), self._password)
        self._save_password = KeyringCheckBox(self._secrets, self._bridge)  # unticked where there is no keyring
        form.addRow("", self._save_password)
        return group

    def _connection_group(self) -> QGroupBox:
        a = self._settings.account
        group = QGroupBox(self.tr("Connection and security"))
        form = QFormLayout(group)
        transports = [(self.tr("UDP"), "udp"), (self.tr("TCP"), "tcp"), (self.tr("TLS"), "tls")]
        self._transport = self._combo("account.transport", transports, a.transport)
        form.addRow(self.tr("Transport:"), self._transport)
        form.addRow(self.tr("TLS CA file:"), self._ca_row(a.tls_ca_file))
        self._verify = self._check("account.tls_verify_server", self.tr("Verify the server's certificate"),
                                   a.tls_verify_server)
        form.addRow("", self._verify)
        srtp = [(self.tr("Off"), "off"), (self.tr("Optional"), "optional"), (self.tr("Mandatory"), "mandatory")]
        form.addRow(self.tr("Media encryption (SRTP):"), self._combo("account.srtp", srtp, a.srtp))
        form.addRow(self.tr("Outbound proxy:"),
                    self._line("account.outbound_proxy", a.outbound_proxy, self.tr("sip:proxy.example.com")))
        self._transport.currentIndexChanged.connect(self._tls_changed)
        self._tls_changed()
        return group

    def _ca_row(self, path: str) -> QWidget:
        self._ca_edit = QLineEdit(path)
        self._ca_edit.setPlaceholderText(self.tr("System default"))
        self._browse = QPushButton(self.tr("Browse…"))
        self._browse.clicked.connect(self._browse_ca)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self._bind("account.tls_ca_file", self._ca_edit, self._ca_edit.text, self._ca_edit.textChanged))
        line.addWidget(self._browse)
        return row

    def _tls_changed(self) -> None:
        tls = self._transport.currentData() == "tls"
        for widget in (self._ca_edit, self._browse, self._verify):
            widget.setEnabled(tls)

    def _browse_ca(self) -> None:
        start = str(Path(self._ca_edit.text()).parent) if self._ca_edit.text() else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("CA certificate file"), start,
                                              self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self._ca_edit.setText(path)

    def _auto_answer_group(self) -> QGroupBox:
        aa = self._settings.auto_answer
        group = QGroupBox(self.tr("Auto-answer"))
        form = QFormLayout(group)
        form.addRow(self._check("auto_answer.enabled", self.tr("Answer every incoming call automatically"), aa.enabled))
        delay = QDoubleSpinBox()
        delay.setRange(0.0, 600.0)
        delay.setDecimals(1)
        delay.setSingleStep(0.5)
        delay.setSuffix(self.tr(" s"))
        delay.setValue(aa.delay_s)
        form.addRow(self.tr("Delay:"), self._bind("auto_answer.delay_s", delay, delay.value, delay.valueChanged))
        form.addRow(self._check("auto_answer.honour_call_info",
                                self.tr("Answer automatically when the caller asks for it (Call-Info)"),
                                aa.honour_call_info))
        form.addRow(self._check("auto_answer.beep", self.tr("Beep when a call is answered automatically"), aa.beep))
        return group

    # -- audio tab -----------------------------------------------------------------------------------

    def _audio_tab(self) -> QWidget:
        au = self._settings.audio
        page = QWidget()
        form = QFormLayout(page)
        self._device_combos = {key: self._device_combo(key, current) for key, current in (
            ("audio.input_device", au.input_device), ("audio.output_device", au.output_device),
            ("audio.ringer_device", au.ringer_device))}
        form.addRow(self.tr("Microphone:"), self._device_combos["audio.input_device"])
        form.addRow(self.tr("Speaker or headset:"), self._output_row())
        form.addRow(self.tr("Ringer:"), self._device_combos["audio.ringer_device"])
        form.addRow(self.tr("Microphone level:"), LevelMeter(self._mic_level))
        self._device_status = ErrorLabel()
        form.addRow("", self._device_status)
        return page

    def _device_combo(self, key: str, current: str) -> QComboBox:
        items = [(self.tr("System default"), "")] + ([(current, current)] if current else [])
        combo = self._combo(key, items, current)
        combo.setMinimumContentsLength(24)
        return combo

    def _output_row(self) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self._device_combos["audio.output_device"], 1)
        self._test_tone = QPushButton(self.tr("Test tone"))
        self._test_tone.setEnabled(self._play_test_tone is not None)
        self._test_tone.clicked.connect(self._test_tone_clicked)
        line.addWidget(self._test_tone)
        return row

    def _test_tone_clicked(self) -> None:
        play = self._play_test_tone
        if play is not None:
            name = str(self._device_combos["audio.output_device"].currentData())
            in_background(self._bridge, lambda: play(name), None, self._later(_show_error))

    def _devices_listed(self, lists: DeviceLists) -> None:
        self._scanning = False
        self._device_status.show_problem(None)
        for key, combo in self._device_combos.items():
            self._fill_devices(combo, lists.inputs if key == "audio.input_device" else lists.outputs)

    def _devices_failed(self, exc: BaseException) -> None:
        self._scanning = False
        self._device_status.show_problem(error_text(exc))

    def _fill_devices(self, combo: QComboBox, names: tuple[str, ...]) -> None:
        """Show ``names``, keeping the selection (marked disconnected when it is gone)."""
        wanted = str(combo.currentData() or "")
        items = [(self.tr("System default"), "")] + [(name, name) for name in names]
        if wanted and wanted not in names:
            items.append((self.tr("{0} (disconnected)").format(wanted), wanted))
        now = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        if items == now or combo.view().isVisible():
            return  # nothing new, or the agent is choosing right now
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(combo.findData(wanted))
        combo.blockSignals(False)

    # -- general tab ---------------------------------------------------------------------------------

    def _general_tab(self) -> QWidget:
        g = self._settings.general
        page = QWidget()
        column = QVBoxLayout(page)
        form = QFormLayout()
        # Language names are written in their own language, on purpose not translated.
        languages = [(self.tr("Automatic (system language)"), "auto"), ("简体中文", "zh_CN"), ("English", "en")]
        form.addRow(self.tr("Language:"), self._combo("general.language", languages, g.language))
        form.addRow("", self._check("general.start_minimized", self.tr("Start minimised to the tray"),
                                    g.start_minimized))
        column.addLayout(form)
        column.addWidget(self._shortcuts_group())
        column.addStretch(1)
        return page

    def _shortcut_titles(self) -> dict[str, str]:
        return {"answer": self.tr("Answer"), "hangup": self.tr("Hang up"), "mute": self.tr("Mute"),
                "hold": self.tr("Hold"), "transfer": self.tr("Transfer")}

    def _shortcuts_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Keyboard shortcuts"))
        form = QFormLayout(group)
        self._shortcuts: dict[str, ShortcutEdit] = {}
        for name, title in self._shortcut_titles().items():
            key = f"general.shortcut_{name}"
            edit = ShortcutEdit(getattr(self._settings.general, f"shortcut_{name}"))
            edit.setObjectName(key)
            self._shortcuts[key] = edit
            form.addRow(self.tr("{0}:").format(title), self._bind(key, edit, edit.portable_text,
                                                                   edit.keySequenceChanged))
        return group

    def _shortcut_errors(self) -> dict[str, str]:
        titles = self._shortcut_titles()
        errors: dict[str, str] = {}
        used: dict[str, str] = {}
        for key, edit in self._shortcuts.items():
            problem = shortcut_problem(edit.keySequence())
            text = edit.portable_text()
            if problem == "empty":
                errors[key] = self.tr("Choose a key combination, for example Ctrl+Shift+A.")
            elif problem == "unreadable":
                errors[key] = self.tr("This key combination cannot be used; choose another one.")
            elif text in used:
                errors[key] = self.tr('Already used for "{0}".').format(titles[used[text]])
            used.setdefault(text, key.removeprefix("general.shortcut_"))
        return errors

    # -- speech tab ----------------------------------------------------------------------------------

    def _speech_tab(self) -> QWidget:
        """Transcription on or off (saved with OK); models are installed, chosen and removed at once."""
        asr = self._settings.asr
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self._check("asr.enabled", self.tr("Transcribe calls"), asr.enabled))
        column.addWidget(self._check("assist.alert_sound", self.tr("Play a sound when an alert is raised"),
                                     self._settings.assist.alert_sound))
        group = QGroupBox(self.tr("Speech models"))
        self.speech_models = SpeechModels(self._bridge, pinned=asr.model)
        QVBoxLayout(group).addWidget(self.speech_models)
        self._register("asr.model", self.speech_models.model_setting, self.speech_models.model_setting_changed)
        column.addWidget(group, 1)
        return page

    # -- saving --------------------------------------------------------------------------------------

    def _keyring_bar(self) -> QFrame:
        self._bar = QFrame()
        self._bar.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self._bar)
        text = QLabel(self.tr("The password could not be saved. Go on without saving it? "
                              "It will then be used until the softphone is closed."))
        text.setWordWrap(True)
        self._go_on = QPushButton(self.tr("Go on without saving"))
        self._go_on.clicked.connect(self._go_on_without_saving)
        row.addWidget(text, 1)
        row.addWidget(self._go_on)
        self._bar.hide()
        return self._bar

    def accept(self) -> None:
        if self._errors or self._busy:
            return
        new = self.result_settings()
        password, save = self.password_choice()
        self._bar.hide()
        self._set_busy(True)
        keyring_pw, session = (password, None) if save else (None, password)
        secrets = self._secrets
        in_background(self._bridge, lambda: persist(secrets, new, keyring_pw),
                      self._later(lambda dialog, _: dialog._saved(new, session)),
                      self._later(lambda dialog, exc: dialog._save_failed(exc, keyring_pw)))

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _saved(self, new: Settings, session: str | None) -> None:
        self._set_busy(False)
        self._session_password = session
        self.settings_saved.emit(new, session)
        super().accept()

    def _save_failed(self, exc: BaseException, keyring_pw: str | None) -> None:
        self._set_busy(False)
        show_error(self, exc)
        if isinstance(exc, SecretStoreError) and keyring_pw:
            self._bar.show()

    def _go_on_without_saving(self) -> None:
        self._save_password.setChecked(False)
        self.accept()

    # -- life cycle ----------------------------------------------------------------------------------

    def _later(self, fn: Callable[[SettingsDialog, T], object]) -> Callable[[T], None]:
        """A callback for a background result: ``fn(dialog, result)``, skipped once the dialog is gone.

        It holds the dialog weakly, so a worker thread never owns the last
        reference to a widget (a Qt object must be destroyed on the GUI thread).
        """
        me = weakref.ref(self)

        def guarded(value: T) -> None:
            dialog = me()
            if dialog is not None and shiboken6.isValid(dialog):
                fn(dialog, value)

        return guarded

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_devices()
        self._device_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._device_timer.stop()
        super().hideEvent(event)
