"""The box "Save the password in the system keyring": ticked only where there is a keyring.

Whether there is one is asked off the GUI thread: keyring looks for its
backends the first time (0.15 s on a machine without one, longer behind a slow
D-Bus). Until the answer the box is ticked; on a computer without a keyring it
is then unticked, disabled, and says that the password is not saved (the
settings dialog and the wizard keep it until the softphone closes; the tooltip
says so and what to ask the administrator for).
"""

from __future__ import annotations

import weakref

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QWidget

from softphone.secrets import SecretStore

from ..bridge import EngineBridge
from ..ops import in_background

__all__ = ["KeyringCheckBox"]


class KeyringCheckBox(QCheckBox):
    def __init__(self, secrets: SecretStore | None = None, bridge: EngineBridge | None = None,
                 parent: QWidget | None = None) -> None:
        # the settings dialog's words, already translated there
        super().__init__(QCoreApplication.translate("SettingsDialog", "Save the password in the system keyring"),
                         parent)
        self.setObjectName("savePassword")
        self.setChecked(True)
        self.known = secrets is None or bridge is None  # nothing to ask: the caller decides
        if secrets is not None and bridge is not None:
            me = weakref.ref(self)  # a worker must never hold the last reference to a widget
            in_background(bridge, secrets.is_usable, lambda usable: _answer(me, usable),
                          lambda _exc: _answer(me, False))

    def keyring_usable(self, usable: bool) -> None:
        self.known = True
        if usable:
            return
        self.setChecked(False)
        self.setEnabled(False)
        self.setText(self.tr("No system keyring: the password is not saved"))
        self.setToolTip(self.tr("The password is kept until the softphone closes. To save it, ask your administrator "
                                "for a password store (keyring), or to set the password environment variable named "
                                "in the settings."))


def _answer(box: weakref.ref[KeyringCheckBox], usable: bool) -> None:
    shown = box()
    if shown is not None and shiboken6.isValid(shown):
        shown.keyring_usable(usable)
