"""Sentences the agent may see, written in English and translated by the window.

The engine has no Qt and no translations. Every ``user_message`` it raises or
posts is English; the window translates it (``ui/engine_text.py``) through the
same Qt translation files as its own strings. For that, each sentence must be
findable in the source: ``installer/build_translations.py`` collects

* every ``user_message=...`` argument and ``default_user_message`` / ``*_MESSAGE``
  assignment,
* the first argument of ``RulePackError(...)``,
* anything wrapped in :func:`N_`,

turning f-string fields into ``{0}``, ``{1}`` ... (the window fills them back,
translating a field that is itself such a sentence). ``--check`` fails when a
sentence has no translation.
"""

from __future__ import annotations

__all__ = ["N_"]


def N_(text: str) -> str:  # noqa: N802 - the gettext name for "mark, translate later"
    """Mark ``text`` (an English sentence for the agent) for translation; returns it unchanged."""
    return text
