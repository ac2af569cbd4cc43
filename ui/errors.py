"""Every error the agent sees goes through ``show_error``: plain words, non-blocking."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from softphone.errors import SoftphoneError
from .engine_text import engine_text

__all__ = ["show_error", "error_text"]

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, SoftphoneError):
        return engine_text(exc.user_message)
    return QCoreApplication.translate("errors", "Something went wrong: {0}").format(type(exc).__name__)


_open: list[QMessageBox] = []  # boxes without a parent are kept alive until closed


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """A non-modal message box (the event loop keeps running; calls go on)."""
    log.warning("shown to the agent: %s", exc)
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("errors", "Softphone"),
                      error_text(exc), QMessageBox.StandardButton.Ok, parent)
    box.setModal(False)
    if parent is None:
        _open.append(box)
        box.finished.connect(lambda _result: _open.remove(box) if box in _open else None)
    box.show()
    return box
