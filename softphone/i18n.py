"""Sentences the agent may see: message ids with arguments, translated by the window.

The engine has no Qt and no translations. Every sentence it raises or posts for
the agent (``user_message`` of errors and events, what is wrong in a rule pack,
a language name) is a :class:`Msg`, built with :func:`N_`::

    N_("Signed in.")
    N_("The header name “{0}” is not valid.", name)
    N_("The speech model '{0}' is for {1}, ...", model.name, N_("Korean"), ...)

A ``Msg`` *is* a ``str``: its text is the English sentence, so logs, JSON,
comparisons and the command line read it as before. It also carries

* ``id``: the English template, gettext-style: the message id *is* its English
  default text, with ``{0}``, ``{1}`` ... for the fields (``str.format``
  syntax; ``{{`` and ``}}`` for a literal brace). A ``Msg`` without arguments
  is taken literally (no formatting), so any text can be marked;
* ``args``: the field values, each a plain ``str`` (shown as it is: a number,
  a file name) or itself a ``Msg`` (translated in turn: a language name, what
  is wrong in a rule pack).

The window (``ui/engine_text.py``) looks ``id`` up in the ``engine`` context of
its Qt translation files and fills in the translated ``args``.
``installer/build_translations.py`` collects the ids from the first argument of
every ``N_(...)`` call in ``softphone/`` (it must be a plain string literal, not
an f-string), and ``--check`` fails when one has no translation, or when a
sentence for the agent (``user_message=...``, ``default_user_message``,
``*_MESSAGE``, ``RulePackError(...)``) is written without ``N_``.

Changing the English text of a sentence changes its id: carry its translation
over in ``resources/i18n/*.ts`` by hand.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Msg", "N_"]


class Msg(str):
    """An English sentence for the agent (the ``str`` value) with its id and fields for translation."""

    id: str
    args: tuple[str, ...]

    def __new__(cls, template: str, *args: object) -> Msg:
        fields = tuple(a if isinstance(a, str) else str(a) for a in args)
        self = super().__new__(cls, template.format(*fields) if fields else template)
        self.id = str(template)
        self.args = fields
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickle, copy, deepcopy, dataclasses.asdict
        return (type(self), (self.id, *self.args))

    def __copy__(self) -> Msg:
        return self  # immutable

    def __deepcopy__(self, memo: object) -> Msg:
        return self


def N_(template: str, *args: object) -> Msg:  # noqa: N802 - the gettext name for "mark, translate later"
    """The sentence ``template`` (its English text and id) with ``args`` for its ``{0}``, ``{1}`` ... fields.

    Arguments that are not ``str`` are turned into ``str``; a ``Msg`` argument
    stays a ``Msg`` and is translated with the sentence.
    """
    return Msg(template, *args)
