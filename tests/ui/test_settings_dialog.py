"""The settings dialog with real widgets offscreen, real files and real keyring backends."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading

from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QLineEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

import ui.settings_dialog as settings_dialog
from softphone.errors import NoKeyringBackend, SecretStoreError
from softphone.paths import settings_path
from softphone.secrets import SecretStore
from softphone.settings import Settings, load_settings
from tests.rig.pulse import pulse_available
from ui.bridge import EngineBridge
from ui.settings_dialog import DeviceLists, SettingsDialog
from ui.widgets.shortcut_edit import ShortcutEdit

PASSWORD = "s3cret-Pa55"


pytestmark = pytest.mark.usefixtures("collect_on_gui_thread", "home")




@pytest.fixture
def file_keyring(tmp_path: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    return backend




@pytest.fixture
def fake_devices(monkeypatch: pytest.MonkeyPatch) -> list[DeviceLists]:
    """The device scan replaced at the sound-card edge: the test says what is plugged in."""
    plugged = [DeviceLists(("mic_a",), ("spk_a", "spk_b"))]
    monkeypatch.setattr(settings_dialog, "scan_devices", lambda: plugged[-1])
    return plugged


def make_dialog(qtbot: QtBot, bridge: EngineBridge, store: SecretStore, **kw: object) -> SettingsDialog:
    dialog = SettingsDialog(Settings(), bridge, store, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def field(dialog: SettingsDialog, key: str) -> Any:
    widget = dialog.findChild(QWidget, key)
    assert widget is not None, key
    return widget


def ok_button(dialog: SettingsDialog) -> QWidget:
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok)


def error_shown(dialog: SettingsDialog, key: str) -> str:
    label = field(dialog, key).parentWidget().findChild(settings_dialog.ErrorLabel)
    return "" if label.isHidden() else label.text()


def fill_valid_form(dialog: SettingsDialog) -> None:
    field(dialog, "account.server").setText("pbx.example.com:5070")
    field(dialog, "account.user").setText("1001")
    field(dialog, "account.display_name").setText("Agent 张")
    transport = field(dialog, "account.transport")
    transport.setCurrentIndex(transport.findData("tls"))
    field(dialog, "auto_answer.enabled").setChecked(True)
    field(dialog, "general.shortcut_mute").set_portable_text("Ctrl+Alt+M")
    password_edit(dialog).setText(PASSWORD)


def password_edit(dialog: SettingsDialog) -> QLineEdit:
    edits = [e for e in dialog.findChildren(QLineEdit) if e.echoMode() == QLineEdit.EchoMode.Password]
    assert len(edits) == 1
    return edits[0]


def store_failed_message(store: SecretStore) -> str:
    with pytest.raises(SecretStoreError) as caught:
        store.set_password("default", "x")
    assert not isinstance(caught.value, NoKeyringBackend)
    return caught.value.user_message


def blocked_keyring(tmp_path: Path) -> PlaintextKeyring:
    """A keyring whose saving fails (a locked or broken one): its folder is a file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the keyring folder should be")
    backend = PlaintextKeyring()
    backend.file_path = str(blocker / "keyring_pass.cfg")
    return backend


def visible_message_boxes(dialog: SettingsDialog) -> list[QMessageBox]:
    return [box for box in dialog.findChildren(QMessageBox) if box.isVisible()]


# -- inline validation ---------------------------------------------------------------------------


def test_invalid_server_disables_ok_and_says_why(qtbot: QtBot, bridge: EngineBridge, fake_devices: object) -> None:
    dialog = make_dialog(qtbot, bridge, SecretStore(fail.Keyring()))
    assert ok_button(dialog).isEnabled()

    field(dialog, "account.server").setText("bad host:99999")

    assert not ok_button(dialog).isEnabled()
    assert "host:port" in error_shown(dialog, "account.server")
    assert set(dialog.problems()) == {"account.server"}

    field(dialog, "account.server").setText("pbx.example.com:99999")
    assert "account.server" in dialog.problems()
    field(dialog, "account.server").setText("pbx.example.com:5060")
    assert ok_button(dialog).isEnabled()
    assert error_shown(dialog, "account.server") == ""


def test_invalid_value_is_never_saved(qtbot: QtBot, bridge: EngineBridge, fake_devices: object,
                                      home: Path) -> None:
    dialog = make_dialog(qtbot, bridge, SecretStore(fail.Keyring()))
    field(dialog, "account.server").setText("bad host:99999")
    dialog.accept()
    qtbot.wait(200)
    assert dialog.isVisible()
    assert not settings_path().exists()


def test_duplicate_empty_and_unreadable_shortcuts_are_refused(qtbot: QtBot, bridge: EngineBridge,
                                                              fake_devices: object) -> None:
    dialog = make_dialog(qtbot, bridge, SecretStore(fail.Keyring()))
    mute = field(dialog, "general.shortcut_mute")
    assert isinstance(mute, ShortcutEdit)

    mute.set_portable_text("Ctrl+Shift+A")  # already "answer"
    assert not ok_button(dialog).isEnabled()
    assert "Answer" in error_shown(dialog, "general.shortcut_mute")

    mute.clear()
    assert "key combination" in error_shown(dialog, "general.shortcut_mute")
    mute.setKeySequence(QKeySequence(Qt.Key.Key_unknown))
    assert "cannot be used" in error_shown(dialog, "general.shortcut_mute")
    assert not ok_button(dialog).isEnabled()

    mute.set_portable_text("Ctrl+Alt+M")
    assert ok_button(dialog).isEnabled()
    assert dialog.result_settings().general.shortcut_mute == "Ctrl+Alt+M"


# -- saving --------------------------------------------------------------------------------------


def test_valid_form_saves_settings_and_password_in_keyring(qtbot: QtBot, bridge: EngineBridge,
                                                           fake_devices: object,
                                                           file_keyring: PlaintextKeyring) -> None:
    store = SecretStore(file_keyring)
    dialog = make_dialog(qtbot, bridge, store)
    fill_valid_form(dialog)
    assert dialog.password_choice() == (PASSWORD, True)

    with qtbot.waitSignal(dialog.settings_saved, timeout=5000) as saved:
        ok_button(dialog).click()

    new, session = saved.args
    assert session is None and dialog.session_password() is None
    assert dialog.result() == QDialog.DialogCode.Accepted
    loaded = load_settings(settings_path())
    assert loaded == new
    assert loaded.account.server == "pbx.example.com:5070"
    assert loaded.account.user == "1001"
    assert loaded.account.display_name == "Agent 张"
    assert loaded.account.transport == "tls"
    assert loaded.auto_answer.enabled is True
    assert loaded.general.shortcut_mute == "Ctrl+Alt+M"
    assert store.get_password(loaded.account.id) == PASSWORD
    assert PASSWORD not in settings_path().read_text(encoding="utf-8")


def test_unchanged_password_is_not_touched(qtbot: QtBot, bridge: EngineBridge, fake_devices: object,
                                           file_keyring: PlaintextKeyring) -> None:
    store = SecretStore(file_keyring)
    store.set_password("default", "old")
    dialog = make_dialog(qtbot, bridge, store)
    assert dialog.password_choice() == (None, True)
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000):
        ok_button(dialog).click()
    assert store.get_password("default") == "old"


def test_a_failing_keyring_shows_message_and_goes_on_without_saving(qtbot: QtBot, bridge: EngineBridge,
                                                                   fake_devices: object, tmp_path: Path) -> None:
    """A keyring is there (the box stays ticked) but saving fails: here a file where its folder should be."""
    store = SecretStore(blocked_keyring(tmp_path))
    dialog = make_dialog(qtbot, bridge, store)
    fill_valid_form(dialog)
    keyring_box = dialog.findChild(QCheckBox, "savePassword")
    qtbot.waitUntil(lambda: keyring_box.known, timeout=5000)
    assert keyring_box.isChecked() and keyring_box.isEnabled()

    ok_button(dialog).click()
    qtbot.waitUntil(lambda: bool(visible_message_boxes(dialog)), timeout=5000)

    box = visible_message_boxes(dialog)[0]
    assert box.text() == store_failed_message(store)
    assert dialog.isVisible(), "the dialog stays open: nothing the agent typed is lost"
    assert password_edit(dialog).text() == PASSWORD
    assert field(dialog, "account.server").text() == "pbx.example.com:5070"
    assert not settings_path().exists()
    box.close()

    go_on = [b for b in dialog.findChildren(QPushButton) if b.text() == "Go on without saving"]
    assert len(go_on) == 1 and go_on[0].isVisible()
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000) as saved:
        go_on[0].click()

    new, session = saved.args
    assert session == PASSWORD and dialog.session_password() == PASSWORD
    assert dialog.password_choice() == (PASSWORD, False)
    assert load_settings(settings_path()) == new
    assert new.account.server == "pbx.example.com:5070"
    assert PASSWORD not in settings_path().read_text(encoding="utf-8")


def test_without_a_keyring_the_save_box_is_unticked_and_the_password_kept_for_the_session(
        qtbot: QtBot, bridge: EngineBridge, fake_devices: object) -> None:
    dialog = make_dialog(qtbot, bridge, SecretStore(fail.Keyring()))
    keyring_box = dialog.findChild(QCheckBox, "savePassword")
    qtbot.waitUntil(lambda: keyring_box.known, timeout=5000)
    assert not keyring_box.isChecked() and not keyring_box.isEnabled()
    assert keyring_box.text() == "No system keyring: the password is not saved"
    assert "until the softphone closes" in keyring_box.toolTip() and "environment variable" in keyring_box.toolTip()
    fill_valid_form(dialog)
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000) as saved:
        ok_button(dialog).click()
    assert not visible_message_boxes(dialog), "the box said it already: no error"
    assert saved.args[1] == PASSWORD and dialog.password_choice() == (PASSWORD, False)
    assert PASSWORD not in settings_path().read_text(encoding="utf-8")


def test_the_save_box_asks_the_machines_own_keyring(qtbot: QtBot, bridge: EngineBridge, fake_devices: object) -> None:
    """As the window opens it (``SecretStore()``): this machine has no system keyring, only keyrings.alt's plain
    file, which the app refuses unless chosen by the administrator; the box must not be ticked."""
    store = SecretStore()
    dialog = make_dialog(qtbot, bridge, store)
    keyring_box = dialog.findChild(QCheckBox, "savePassword")
    qtbot.waitUntil(lambda: keyring_box.known, timeout=5000)
    assert keyring_box.isChecked() == store.is_usable() == keyring_box.isEnabled()


def test_password_not_saved_when_agent_unticks_the_box(qtbot: QtBot, bridge: EngineBridge, fake_devices: object,
                                                       file_keyring: PlaintextKeyring) -> None:
    store = SecretStore(file_keyring)
    dialog = make_dialog(qtbot, bridge, store)
    fill_valid_form(dialog)
    save_box = [c for c in dialog.findChildren(QCheckBox) if "keyring" in c.text()][0]
    save_box.setChecked(False)
    with qtbot.waitSignal(dialog.settings_saved, timeout=5000) as saved:
        ok_button(dialog).click()
    assert saved.args[1] == PASSWORD
    assert store.get_password("default") is None


# -- audio ---------------------------------------------------------------------------------------


def combo_items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_device_lists_follow_hot_plug_off_the_gui_thread(qtbot: QtBot, bridge: EngineBridge,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    plugged = [DeviceLists(("mic_a",), ("spk_a", "spk_b"))]
    threads: list[threading.Thread] = []

    def scan() -> DeviceLists:
        threads.append(threading.current_thread())
        return plugged[-1]

    monkeypatch.setattr(settings_dialog, "scan_devices", scan)
    monkeypatch.setattr(settings_dialog, "DEVICE_REFRESH_MS", 100)
    dialog = make_dialog(qtbot, bridge, SecretStore(fail.Keyring()))
    output = field(dialog, "audio.output_device")
    inputs = field(dialog, "audio.input_device")
    qtbot.waitUntil(lambda: combo_items(output) == ["System default", "spk_a", "spk_b"], timeout=3000)
    assert combo_items(inputs) == ["System default", "mic_a"]
    assert threads and all(t is not threading.main_thread() for t in threads)

    output.setCurrentIndex(output.findData("spk_a"))
    plugged.append(DeviceLists(("mic_a",), ("spk_b", "spk_c")))  # spk_a unplugged, spk_c plugged in
    qtbot.waitUntil(lambda: "spk_c" in combo_items(output), timeout=3000)
    assert combo_items(output) == ["System default", "spk_b", "spk_c", "spk_a (disconnected)"]
    assert output.currentData() == "spk_a"
    assert dialog.result_settings().audio.output_device == "spk_a"

    plugged.append(DeviceLists(("mic_a",), ("spk_a", "spk_b")))  # plugged back
    qtbot.waitUntil(lambda: combo_items(output) == ["System default", "spk_a", "spk_b"], timeout=3000)
    assert output.currentText() == "spk_a"


def test_refresh_stops_while_hidden(qtbot: QtBot, bridge: EngineBridge, monkeypatch: pytest.MonkeyPatch) -> None:
    scans: list[int] = []
    monkeypatch.setattr(settings_dialog, "scan_devices", lambda: scans.append(1) or DeviceLists((), ()))
    monkeypatch.setattr(settings_dialog, "DEVICE_REFRESH_MS", 50)
    dialog = make_dialog(qtbot, bridge, SecretStore(fail.Keyring()))
    qtbot.waitUntil(lambda: len(scans) >= 2, timeout=3000)
    dialog.hide()
    qtbot.wait(150)
    count = len(scans)
    qtbot.wait(300)
    assert len(scans) == count


def test_real_scan_lists_system_default(qtbot: QtBot, bridge: EngineBridge) -> None:
    """Whatever this machine has (ALSA without a sound server, or nothing), the
    combos offer the system default and the scan ends without an error box."""
    dialog = make_dialog(qtbot, bridge, SecretStore(fail.Keyring()))
    qtbot.waitUntil(lambda: not dialog._scanning, timeout=15000)
    for key in ("audio.input_device", "audio.output_device", "audio.ringer_device"):
        assert combo_items(field(dialog, key))[0] == "System default"


def test_mic_meter_and_test_tone(qtbot: QtBot, bridge: EngineBridge, fake_devices: object) -> None:
    played: list[tuple[str, threading.Thread]] = []
    dialog = make_dialog(qtbot, bridge, SecretStore(fail.Keyring()), mic_level=lambda: 0.5,
                         play_test_tone=lambda name: played.append((name, threading.current_thread())))
    meter = dialog.findChild(settings_dialog.LevelMeter)
    qtbot.wait(300)
    assert meter.level() == 0.0, "the meter reads the microphone only while it is seen"
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: abs(meter.level() - 0.5) < 0.01, timeout=2000)

    output = field(dialog, "audio.output_device")
    qtbot.waitUntil(lambda: output.findData("spk_b") >= 0, timeout=3000)
    output.setCurrentIndex(output.findData("spk_b"))
    button = [b for b in dialog.findChildren(QPushButton) if b.text() == "Test tone"][0]
    button.click()
    qtbot.waitUntil(lambda: bool(played), timeout=2000)
    assert played[0][0] == "spk_b" and played[0][1] is not threading.main_thread()


_PULSE_SCRIPT = r"""
import json, os, sys, time
from tests.rig.pulse import PulseLoopback
with PulseLoopback(("spk_a", "spk_b")) as pa:
    os.environ.update(pa.env)  # before sounddevice is imported in this process
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    import ui.settings_dialog as sd
    from softphone.secrets import SecretStore
    from softphone.settings import Settings
    from ui.bridge import EngineBridge
    from keyring.backends import fail
    sd.DEVICE_REFRESH_MS = 300
    dialog = sd.SettingsDialog(Settings(), EngineBridge(), SecretStore(fail.Keyring()))
    dialog.show()
    out = dialog.findChild(sd.QComboBox, "audio.output_device")
    mic = dialog.findChild(sd.QComboBox, "audio.input_device")
    items = lambda c: [c.itemText(i) for i in range(c.count())]
    def wait(cond):
        end = time.monotonic() + 20
        while not cond() and time.monotonic() < end:
            app.processEvents(); time.sleep(0.02)
        return cond()
    result = {"first": wait(lambda: "spk_a" in items(out)), "outputs": items(out), "inputs": items(mic)}
    out.setCurrentIndex(out.findData("spk_a"))
    pa.add_sink("spk_c")
    result["plugged"] = wait(lambda: "spk_c" in items(out))
    pa.remove_sink("spk_a")
    result["unplugged"] = wait(lambda: "spk_a (disconnected)" in items(out))
    result["after"], result["selected"] = items(out), out.currentData()
    print("RESULT " + json.dumps(result))
"""


@pytest.mark.pulse
@pytest.mark.slow
def test_device_combos_on_a_real_sound_server(tmp_path: Path) -> None:
    """A private PulseAudio with null sinks, in a fresh process (its env must be set
    before sounddevice is imported); a sink added and removed while the dialog is open."""
    if not pulse_available():
        pytest.skip("PulseAudio, pactl or the ALSA pulse plugin is missing")
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, AGENT_SOFTPHONE_HOME=str(tmp_path), PYTHONPATH=str(root))
    proc = subprocess.run([sys.executable, "-c", _PULSE_SCRIPT], cwd=root, env=env, capture_output=True,
                          text=True, timeout=90)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert lines, proc.stderr[-3000:]
    result = json.loads(lines[-1].removeprefix("RESULT "))
    assert result["first"], result
    assert result["outputs"][0] == "System default"
    assert {"spk_a", "spk_b"} <= set(result["outputs"])
    assert "spk_a_monitor" in result["inputs"]
    assert result["plugged"] and result["unplugged"], result
    assert "spk_a" not in result["after"] and "spk_c" in result["after"]
    assert result["selected"] == "spk_a"


def test_field_errors_names_every_bad_field_at_once() -> None:
    values = {"account.server": "bad host", "auto_answer.delay_s": -1.0, "account.user": "1001"}
    errors = settings_dialog.field_errors(Settings(), values)
    assert set(errors) == {"account.server", "auto_answer.delay_s"}
    assert "negative" in errors["auto_answer.delay_s"]
    broken = Settings(account=dataclasses.replace(Settings().account, server="bad host"))
    assert set(settings_dialog.field_errors(broken, {"account.server": "bad host"})) == {"account.server"}
