"""Call scripts by overdue stage: ``resources/scripts/<language>/``, TOML data files, validated at load.

A script is what the agent is shown for a case: a title, the opening words,
3 to 6 key points to cover, and the closing words. They are data, written and
reviewed by the firm's compliance officer, not code (``docs/scripts.md``).

Format
------

``pack.toml`` names the set::

    [pack]
    language = "zh"          # = the folder name
    version = "2026.11.1"
    name = "消费金融催收 分阶段话术"
    description = "..."      # optional

Every other ``*.toml`` file holds ``[[script]]`` and ``[[variant]]`` tables, in
any mix (file names carry no meaning)::

    [[script]]               # one per stage, and one per early bucket of M1
    stage = "M1"             # M0, M1, M2, M3+
    bucket = "1-3"           # optional, M1 only: 1-3, 4-5, 6-8 (days overdue)
    title = "..."
    opening = "..."
    key_points = ["...", "...", "..."]   # 3 to 6
    closing = "..."

    [[variant]]              # chosen by the intent the AI bot hands over (X-Intent)
    name = "dispute"         # a-z, 0-9, '_', '.', '-'; what ``ScriptView.variant`` says
    keywords = ["异议", "不认可"]         # any one found in the intent chooses it
    stages = ["M1", "M2"]    # optional: the stages it applies to (default: all)
    title = "..."
    opening = "..."
    key_points = ["...", "...", "..."]
    closing = "..."

Keywords are compared as the phrase rules compare text (``assist.text.normalise``:
NFKC, lower case, no spaces or punctuation), so "对 账单" in an intent finds
the keyword "对账单".

How a script is chosen (``ScriptBook.script_for``)
--------------------------------------------------

1. the first variant, in the order written (files by name, then top to bottom),
   that applies to the case's stage and has a keyword in the intent;
2. else the script of the case's early bucket (M1, 1-8 days overdue);
3. else the script of the stage; else none.

So the order of the variants is their priority: write the one that must win
(a third party on the line, a complaint) first.

Mistakes (an unknown field or stage, a missing or empty text, a script written
twice, ...) raise :class:`ScriptError` naming the file, the line of the table
and what is wrong; nothing of a broken folder is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..assist.rules import read_toml, table_lines
from ..assist.text import normalise
from ..errors import RulePackError
from ..i18n import N_
from ..paths import resources_dir
from .model import EarlyBucket, OverdueStage
from .views import ScriptView

__all__ = ["ScriptError", "ScriptText", "Variant", "ScriptBook", "load_scripts", "script_dir",
           "MIN_KEY_POINTS", "MAX_KEY_POINTS"]

MIN_KEY_POINTS = 3
MAX_KEY_POINTS = 6
STAGES = tuple(s.value for s in OverdueStage)
BUCKETS = tuple(b.value for b in EarlyBucket)
_NAME = re.compile(r"^[a-z0-9_.-]{1,80}$")
_TEXT_KEYS = ("title", "opening", "closing")
_SCRIPT_KEYS = {"stage", "bucket", "key_points", *_TEXT_KEYS}
_VARIANT_KEYS = {"name", "keywords", "stages", "key_points", *_TEXT_KEYS}
_PACK_KEYS = {"language", "version", "name", "description"}
_TABLES = ("script", "variant")

ScriptKey = tuple[OverdueStage, EarlyBucket | None]


class ScriptError(RulePackError):
    """A script file is wrong; ``where`` is ``file:line``, ``detail`` what is wrong (an ``N_`` sentence)."""

    default_user_message = N_("The call scripts could not be loaded; no script is shown.")


@dataclass(frozen=True)
class ScriptText:
    """The words of one script, and where they are written (``file:line``)."""

    title: str
    opening: str
    key_points: tuple[str, ...]
    closing: str
    where: str

    def view(self, stage: OverdueStage, bucket: EarlyBucket | None, variant: str = "") -> ScriptView:
        return ScriptView(stage, bucket, variant, self.title, self.opening, self.key_points, self.closing)


@dataclass(frozen=True)
class Variant:
    """A script chosen by the intent: by ``keywords`` (normalised), for ``stages``."""

    name: str
    keywords: tuple[str, ...]
    stages: frozenset[OverdueStage]
    text: ScriptText

    def chosen_by(self, stage: OverdueStage, intent: str) -> bool:
        """Whether it applies to ``stage`` and one of its keywords is in ``intent`` (normalised)."""
        return stage in self.stages and any(k in intent for k in self.keywords)


@dataclass(frozen=True)
class ScriptBook:
    """The scripts of one language: one per stage and bucket, and the variants in priority order."""

    language: str
    version: str
    name: str
    scripts: dict[ScriptKey, ScriptText]
    variants: tuple[Variant, ...]
    folder: Path

    def script_for(self, stage: OverdueStage, bucket: EarlyBucket | None, intent: str = "") -> ScriptView | None:
        """A variant chosen by ``intent``, else the script of ``bucket``, else that of ``stage``; None if none.

        The view's ``bucket`` is the one its script was written for: None for a
        stage's own script and for a variant (a variant is written per stage).
        """
        said = normalise(intent)
        if said:
            for variant in self.variants:
                if variant.chosen_by(stage, said):
                    return variant.text.view(stage, None, variant.name)
        for key in ((stage, bucket), (stage, None)):
            text = self.scripts.get(key)
            if text is not None:
                return text.view(*key)
        return None


def script_dir(language: str) -> Path:
    """The shipped script folder of ``language``: ``resources/scripts/<language>``."""
    return resources_dir() / "scripts" / language


# -- reading ----------------------------------------------------------------------------------------

def _tables(path: Path) -> list[tuple[str, Any, str]]:
    """(``script`` or ``variant``, the table, ``file:line``) for every table of ``path``, in file order."""
    data, text = read_toml(path, ScriptError)
    other = sorted(set(data) - set(_TABLES))
    if other:
        raise ScriptError(N_("unexpected table or key {0} (only [[script]] and [[variant]] belong here)",
                             repr(other[0])), where=path.name)
    found: list[tuple[int, str, Any, str]] = []
    for header in _TABLES:
        items = data.get(header, [])
        if not isinstance(items, list):
            raise ScriptError(N_("'{0}' must be written as [[{1}]] tables", header, header), where=path.name)
        lines = table_lines(text, header)
        for i, item in enumerate(items):
            line = lines[i] if i < len(lines) else 0
            found.append((line, header, item, f"{path.name}:{line or '?'}"))
    return [(header, item, where) for _, header, item, where in sorted(found, key=lambda f: f[0])]


# -- checking ---------------------------------------------------------------------------------------

def _check_keys(table: Any, header: str, known: set[str], required: set[str], where: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ScriptError(N_("a [[{0}]] must be a table", header), where=where)
    extra = sorted(set(table) - known)
    if extra:
        raise ScriptError(N_("unknown field {0}", repr(extra[0])), where=where)
    missing = [k for k in sorted(known) if k in required and k not in table]
    if missing:
        raise ScriptError(N_("missing field {0}", repr(missing[0])), where=where)
    return table


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise ScriptError(N_("'{0}' must be a non-empty text", key), where=where)
    return value.strip()


def _choice(value: Any, key: str, allowed: tuple[str, ...], where: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ScriptError(N_("'{0}' is {1}; allowed: {2}", key, repr(value), ", ".join(allowed)), where=where)
    return value


def _texts(table: dict[str, Any], key: str, where: str, least: int = 1, most: int = 1000) -> tuple[str, ...]:
    raw = table[key]
    if not isinstance(raw, list) or not all(isinstance(t, str) and t.strip() for t in raw):
        raise ScriptError(N_("'{0}' must be a list of non-empty texts", key), where=where)
    if not least <= len(raw) <= most:
        raise ScriptError(N_("'{0}' has {1} entries; it needs {2} to {3}", key, len(raw), least, most), where=where)
    return tuple(t.strip() for t in raw)


def _words(table: dict[str, Any], where: str) -> ScriptText:
    return ScriptText(_text(table, "title", where), _text(table, "opening", where),
                      _texts(table, "key_points", where, MIN_KEY_POINTS, MAX_KEY_POINTS),
                      _text(table, "closing", where), where)


def _script(table: Any, where: str) -> tuple[ScriptKey, ScriptText]:
    table = _check_keys(table, "script", _SCRIPT_KEYS, _SCRIPT_KEYS - {"bucket"}, where)
    stage = OverdueStage(_choice(table["stage"], "stage", STAGES, where))
    bucket = None
    if "bucket" in table:
        bucket = EarlyBucket(_choice(table["bucket"], "bucket", BUCKETS, where))
        if stage is not OverdueStage.M1:
            raise ScriptError(N_("a bucket belongs to stage M1 only, not {0}", stage.value), where=where)
    return (stage, bucket), _words(table, where)


def _keywords(table: dict[str, Any], where: str) -> tuple[str, ...]:
    keywords = _texts(table, "keywords", where)
    for k in keywords:
        if not normalise(k):
            raise ScriptError(N_("keyword {0} has no letters or digits", repr(k)), where=where)
    return tuple(dict.fromkeys(normalise(k) for k in keywords))


def _variant(table: Any, where: str) -> Variant:
    table = _check_keys(table, "variant", _VARIANT_KEYS, _VARIANT_KEYS - {"stages"}, where)
    name = _text(table, "name", where)
    if not _NAME.match(name):
        raise ScriptError(N_("name {0} may hold only a-z, 0-9, '_', '.' and '-'", repr(name)), where=where)
    stages = frozenset(OverdueStage)
    if "stages" in table:
        stages = frozenset(OverdueStage(_choice(s, "stages", STAGES, where)) for s in _texts(table, "stages", where))
    return Variant(name, _keywords(table, where), stages, _words(table, where))


def _key_text(key: ScriptKey) -> str:
    stage, bucket = key
    return f"{stage.value} {bucket.value}" if bucket else stage.value


def _pack(folder: Path) -> tuple[str, str, str]:
    """(language, version, name) from ``pack.toml``."""
    meta_path = folder / "pack.toml"
    if not meta_path.is_file():
        raise ScriptError(N_("no pack.toml in {0}", folder), where=str(folder))
    meta, _ = read_toml(meta_path, ScriptError)
    pack = meta.get("pack")
    if not isinstance(pack, dict):
        raise ScriptError(N_("needs a [pack] table with language, version and name"), where="pack.toml")
    pack = _check_keys(pack, "pack", _PACK_KEYS, _PACK_KEYS - {"description"}, "pack.toml")
    language = _text(pack, "language", "pack.toml")
    if language != folder.name:
        raise ScriptError(N_("language {0} differs from the folder name {1}", repr(language), repr(folder.name)),
                          where="pack.toml")
    return language, _text(pack, "version", "pack.toml"), _text(pack, "name", "pack.toml")


def load_scripts(folder: Path) -> ScriptBook:
    """Load and check every file of the script folder; raise ``ScriptError`` on the first mistake."""
    language, version, name = _pack(folder)
    scripts: dict[ScriptKey, ScriptText] = {}
    variants: dict[str, Variant] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name == "pack.toml":
            continue
        for header, table, where in _tables(path):
            if header == "script":
                key, text = _script(table, where)
                if key in scripts:
                    raise ScriptError(N_("a script for {0} is written twice (also at {1})", _key_text(key),
                                         scripts[key].where), where=where)
                scripts[key] = text
            else:
                variant = _variant(table, where)
                if variant.name in variants:
                    raise ScriptError(N_("the variant {0} is written twice (also at {1})", repr(variant.name),
                                         variants[variant.name].text.where), where=where)
                variants[variant.name] = variant
    if not scripts:
        raise ScriptError(N_("the folder has no [[script]]"), where=str(folder))
    return ScriptBook(language, version, name, scripts, tuple(variants.values()), folder)
