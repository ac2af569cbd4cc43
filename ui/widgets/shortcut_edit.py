"""A one-chord keyboard shortcut editor that says what is wrong with its value."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QKeySequenceEdit, QWidget

__all__ = ["ShortcutEdit", "shortcut_problem"]


class ShortcutEdit(QKeySequenceEdit):
    """A ``QKeySequenceEdit`` limited to one key combination, with a clear button."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText), parent)
        self.setMaximumSequenceLength(1)
        self.setClearButtonEnabled(True)

    def portable_text(self) -> str:
        """The shortcut as stored in the settings file ("Ctrl+Shift+A"), or ""."""
        return self.keySequence().toString(QKeySequence.SequenceFormat.PortableText)

    def set_portable_text(self, text: str) -> None:
        self.setKeySequence(QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText))


def shortcut_problem(sequence: QKeySequence) -> str | None:
    """"empty" or "unreadable" when the sequence cannot be used, else None."""
    if sequence.isEmpty():
        return "empty"
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    back = QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText)
    if not text or "?" in text or back != sequence:  # an unknown key prints as "" or "?"
        return "unreadable"
    return None
