"""Rule packs: ``resources/rules/<language>/``, TOML data files, validated at load.

``pack.toml`` names the pack (``[pack]`` language, version, name); every other
``*.toml`` except ``emotion.toml`` holds ``[[rule]]`` tables; ``emotion.toml``
holds ``[[cue]]`` tables (lexical emotion cues). The format and the phrase
syntax are in ``resources/rules/README.md``. Any mistake raises
``RulePackError`` naming the file, the line and what is wrong; nothing of a
broken pack is used (``PackHolder`` keeps the pack in force).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import RulePackError
from ..i18n import N_
from ..paths import resources_dir
from ..states import Severity
from .text import normalise

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Rule", "Cue", "RulePack", "load_pack", "pack_dir", "expand", "CATEGORIES", "SEVERITIES", "GAP", "read_toml",
           "table_lines"]

AGENT_CATEGORIES = ("threat", "third_party", "false_legal", "misleading_promise", "insult", "disclosure", "harassment")
CUSTOMER_CATEGORIES = ("complaint", "hardship")
CATEGORIES = {"agent": AGENT_CATEGORIES, "customer": CUSTOMER_CATEGORIES}
SEVERITIES = tuple(s.value for s in Severity)  # low, medium, high, critical
GAP = "\u2026"  # "…": up to MAX_GAP characters of anything
MAX_GAP = 6
_ID = re.compile(r"^[a-z0-9_.-]{1,80}$")
_MAX_VARIANTS = 1024


@dataclass(frozen=True)
class Rule:
    id: str
    channel: str  # "agent" | "customer"
    category: str
    severity: Severity
    phrases: tuple[str, ...]  # as written
    variants: tuple[tuple[str, ...], ...]  # expanded: each a sequence of parts separated by gaps
    suggestion: str
    source: str
    where: str  # file:line of its [[rule]]


@dataclass(frozen=True)
class Cue:
    channel: str  # "any" | "agent" | "customer"
    label: str  # "negative" | "positive" | "intensifier"
    weight: float  # an intensifier's: how much it adds to the next cue (0.5: x1.5)
    phrases: tuple[str, ...]
    where: str
    kind: str = ""  # what the cue shows (anger, refusal, rhetorical ...): the reason given; "" = the label
    at_start: bool = False  # counts only opening the utterance (可以, 行: an answer, not 这个可以分期吗)


@dataclass(frozen=True)
class RulePack:
    language: str
    version: str
    name: str
    rules: tuple[Rule, ...]
    cues: tuple[Cue, ...]
    folder: Path

    def phrase_count(self) -> int:
        return sum(len(r.phrases) for r in self.rules)


def pack_dir(language: str) -> Path:
    return resources_dir() / "rules" / language


# -- phrase syntax ----------------------------------------------------------------------------------

def expand(phrase: str, where: str = "") -> list[tuple[str, ...]]:
    """``{a|b}`` alternatives, ``[x]`` optional, ``…`` gaps -> variants (tuples of gap-separated parts)."""
    texts = [""]
    i = 0
    while i < len(phrase):
        c = phrase[i]
        if c in "{[":
            close = "}" if c == "{" else "]"
            j = phrase.find(close, i)
            if j < 0 or any(x in phrase[i + 1:j] for x in "{}[]"):
                raise RulePackError(N_("unbalanced {0} in phrase {1}", repr(c), repr(phrase)), where=where)
            options = phrase[i + 1:j].split("|") if c == "{" else [phrase[i + 1:j], ""]
            if any(not normalise(o) for o in options if c == "{"):
                raise RulePackError(N_("empty alternative in phrase {0}", repr(phrase)), where=where)
            texts = [t + o for t in texts for o in options]
            i = j + 1
        elif c in "}]|":
            raise RulePackError(N_("unexpected {0} in phrase {1}", repr(c), repr(phrase)), where=where)
        else:
            texts = [t + c for t in texts]
            i += 1
        if len(texts) > _MAX_VARIANTS:
            raise RulePackError(N_("phrase {0} expands to more than {1} variants", repr(phrase), _MAX_VARIANTS),
                                where=where)
    variants = []
    for t in dict.fromkeys(texts):
        parts = tuple(normalise(p) for p in t.split(GAP))
        if not all(parts):
            raise RulePackError(N_("phrase {0} has a gap at an end or two gaps together", repr(phrase)), where=where)
        if sum(len(p) for p in parts) < 2:
            raise RulePackError(N_("phrase {0} is shorter than 2 characters", repr(phrase)), where=where)
        variants.append(parts)
    return variants


# -- loading ----------------------------------------------------------------------------------------

def table_lines(text: str, header: str) -> list[int]:
    """1-based line numbers of each ``[[header]]`` table, in order (tomllib keeps no positions)."""
    pattern = re.compile(r"^\s*\[\[\s*" + re.escape(header) + r"\s*\]\]")
    return [n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)]


def read_toml(path: Path, error: type[RulePackError] = RulePackError) -> tuple[dict[str, Any], str]:
    """A data file's tables and text; ``error`` (naming the file, and the line when TOML says it) when it
    cannot be read. Rule packs and the stage scripts (``crm/scripts.py``) are read with it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise error(N_("not UTF-8 text ({0})", exc.reason), where=path.name) from exc
    except OSError as exc:
        raise error(N_("cannot read: {0}", exc.strerror), where=path.name) from exc
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        raise error(N_("not valid TOML: {0}", exc), where=f"{path.name}:{line}" if line else path.name) from exc


def _line_from_message(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def _text(table: dict[str, Any], key: str, where: str, allowed: tuple[str, ...] = (), required: bool = True) -> str:
    value = table.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise RulePackError(N_("'{0}' must be a non-empty text", key), where=where)
    if allowed and value not in allowed:
        raise RulePackError(N_("'{0}' is {1}; allowed: {2}", key, repr(value), ", ".join(allowed)), where=where)
    return value.strip()


def _phrases(table: dict[str, Any], where: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    raw = table.get("phrases")
    if not isinstance(raw, list) or not raw or not all(isinstance(p, str) and p.strip() for p in raw):
        raise RulePackError(N_("'phrases' must be a non-empty list of texts"), where=where)
    variants: list[tuple[str, ...]] = []
    for p in raw:
        variants += expand(p.strip(), where)
    return tuple(p.strip() for p in raw), tuple(dict.fromkeys(variants))


def _unknown_keys(table: dict[str, Any], known: set[str], where: str) -> None:
    extra = sorted(set(table) - known)
    if extra:
        raise RulePackError(N_("unknown field {0}", repr(extra[0])), where=where)


_CUE_KEYS = {"channel", "label", "weight", "phrases", "kind", "position"}
CUE_LABELS = ("negative", "positive", "intensifier")
_RULE_KEYS = {"id", "channel", "category", "severity", "phrases", "suggestion", "source"}


def _rule(table: Any, where: str) -> Rule:
    if not isinstance(table, dict):
        raise RulePackError(N_("a [[rule]] must be a table"), where=where)
    _unknown_keys(table, _RULE_KEYS, where)
    rid = _text(table, "id", where)
    if not _ID.match(rid):
        raise RulePackError(N_("id {0} may hold only a-z, 0-9, '_', '.' and '-'", repr(rid)), where=where)
    channel = _text(table, "channel", where, ("agent", "customer"))
    category = _text(table, "category", where, CATEGORIES[channel])
    severity = Severity(_text(table, "severity", where, SEVERITIES))
    phrases, variants = _phrases(table, where)
    return Rule(rid, channel, category, severity, phrases, variants, _text(table, "suggestion", where),
                _text(table, "source", where), where)


def _cue(table: Any, where: str) -> Cue:
    if not isinstance(table, dict):
        raise RulePackError(N_("a [[cue]] must be a table"), where=where)
    _unknown_keys(table, _CUE_KEYS, where)
    channel = _text(table, "channel", where, ("any", "agent", "customer"))
    label = _text(table, "label", where, CUE_LABELS)
    weight = table.get("weight")
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not 0.0 < float(weight) <= 1.0:
        raise RulePackError(N_("'weight' must be a number above 0 and at most 1"), where=where)
    kind = _text(table, "kind", where, required=False)
    at_start = _text(table, "position", where, ("anywhere", "start"), required=False) == "start"
    return Cue(channel, label, float(weight), _cue_phrases(table, where), where, kind or label, at_start)


def _cue_phrases(table: dict[str, Any], where: str) -> tuple[str, ...]:
    """Exact texts, normalised; one character is allowed (太, 行: an intensifier, an answer)."""
    raw = table.get("phrases")
    if not isinstance(raw, list) or not raw or not all(isinstance(p, str) and normalise(p) for p in raw):
        raise RulePackError(N_("'phrases' must be a non-empty list of texts"), where=where)
    for p in raw:
        syntax = [c for c in p if c in "{}[]|" + GAP]
        if syntax:
            raise RulePackError(N_("unexpected {0} in phrase {1}", repr(syntax[0]), repr(p)), where=where)
    return tuple(normalise(p) for p in raw)


def _tables(path: Path, header: str) -> list[tuple[Any, str]]:
    data, text = read_toml(path)
    other = sorted(set(data) - {header})
    if other:
        raise RulePackError(N_("unexpected table or key {0} (only [[{1}]] belongs here)", repr(other[0]), header),
                            where=path.name)
    items = data.get(header, [])
    if not isinstance(items, list):
        raise RulePackError(N_("'{0}' must be written as [[{1}]] tables", header, header), where=path.name)
    lines = table_lines(text, header)
    return [(item, f"{path.name}:{lines[i] if i < len(lines) else '?'}") for i, item in enumerate(items)]


def load_pack(folder: Path) -> RulePack:
    """Load and check every file of the pack in ``folder``; raise ``RulePackError`` on the first mistake."""
    meta_path = folder / "pack.toml"
    if not meta_path.is_file():
        raise RulePackError(N_("no pack.toml in {0}", folder), where=str(folder))
    meta, _ = read_toml(meta_path)
    pack = meta.get("pack")
    if not isinstance(pack, dict):
        raise RulePackError(N_("needs a [pack] table with language, version and name"), where="pack.toml")
    language = _text(pack, "language", "pack.toml")
    if language != folder.name:
        raise RulePackError(N_("language {0} differs from the folder name {1}", repr(language), repr(folder.name)),
                            where="pack.toml")
    rules: list[Rule] = []
    cues: list[Cue] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name == "pack.toml":
            continue
        if path.name == "emotion.toml":
            cues += [_cue(t, w) for t, w in _tables(path, "cue")]
            continue
        for table, where in _tables(path, "rule"):
            rule = _rule(table, where)
            if rule.id in seen:
                raise RulePackError(N_("id {0} is used twice (also at {1})", repr(rule.id), seen[rule.id]), where=where)
            seen[rule.id] = where
            rules.append(rule)
    if not rules:
        raise RulePackError(N_("the pack has no [[rule]]"), where=str(folder))
    return RulePack(language, _text(pack, "version", "pack.toml"), _text(pack, "name", "pack.toml"),
                    tuple(rules), tuple(cues), folder)
