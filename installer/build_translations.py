"""Refresh and compile the window's translations.

    python installer/build_translations.py          # lupdate (keeps translations) + lrelease
    python installer/build_translations.py --check  # fail if a string is new, unfinished or empty

Sources: every ``self.tr(...)`` / ``QCoreApplication.translate(...)`` in
``ui/``; the translations live in ``resources/i18n/agent_softphone_<lang>.ts``
(edit them with ``pyside6-linguist`` or any text editor) and are compiled to
``.qm`` next to them, which the app loads.

The engine's sentences for the agent (``softphone/i18n.py``) are message ids:
the first arguments of ``N_(template, *args)`` in ``softphone/``, collected into
``ui/engine_messages.py`` first as ``QT_TRANSLATE_NOOP("engine", ...)`` templates
with ``{0}``, ``{1}`` for the fields. ``--check`` also fails when that file is
out of date, when an ``N_`` template is not a plain literal or its fields do not
match its arguments, and when a sentence for the agent (``user_message=...``,
``default_user_message``, ``*_MESSAGE``, ``RulePackError(...)``) is not marked.
"""

from __future__ import annotations

import ast
import shutil
import string
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent)) or shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found (it comes with PySide6)")
    return found


ENGINE_MESSAGES = ROOT / "ui" / "engine_messages.py"


def _fields(template: str) -> set[int] | None:
    """The numbered fields of a ``str.format`` template; None if it is not one (a named or empty field, a bad brace)."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError:
        return None
    if not all(name.isdigit() for name in names):
        return None
    return {int(name) for name in names}


def _marked(node: ast.expr) -> bool:
    """Whether a sentence expression is marked: an ``N_(...)`` call, or a value made elsewhere (a name, a call)."""
    if isinstance(node, ast.IfExp):
        return _marked(node.body) and _marked(node.orelse)
    if isinstance(node, ast.BoolOp):
        return all(_marked(v) for v in node.values)
    if isinstance(node, ast.Constant):
        return node.value is None or node.value == ""
    return isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript))


def _sentences(node: ast.AST) -> list[ast.expr]:
    """The expressions in ``node`` that are sentences for the agent (see softphone/i18n.py): each must be marked."""
    if isinstance(node, ast.keyword) and node.arg == "user_message":
        return [node.value]
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and any(
            isinstance(t, ast.Name) and (t.id == "default_user_message" or t.id.endswith("_MESSAGE"))
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])):
        return [node.value]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args and node.func.id == "RulePackError":
        return [node.args[0]]
    return []


def _n_call(node: ast.AST) -> ast.Call | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "N_":
        return node
    return None


def engine_templates() -> tuple[list[str], list[str]]:
    """(message ids in source order without repeats, sentences that are not marked or not readable).

    The ids are the first arguments of ``N_(template, *args)``: a plain string
    literal whose ``{0}``, ``{1}`` ... fields are numbered from 0 and match the
    number of ``args`` (without ``args`` it is taken literally).
    """
    found: dict[str, None] = {}
    unread: list[str] = []
    for path in sorted((ROOT / "softphone").rglob("*.py")):
        where = path.relative_to(ROOT)
        nodes = sorted(ast.walk(ast.parse(path.read_text(encoding="utf-8"))),
                       key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
        for node in nodes:
            for expr in _sentences(node):
                if not _marked(expr):
                    unread.append(f"{where}:{expr.lineno}: not marked with N_(...): {ast.unparse(expr)[:70]}")
            call = _n_call(node)
            if call is None:
                continue
            first = call.args[0] if call.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)) or call.keywords or any(
                    isinstance(a, ast.Starred) for a in call.args):
                unread.append(f"{where}:{call.lineno}: N_ needs a string literal (no f-string) and plain "
                              f"arguments: {ast.unparse(call)[:70]}")
                continue
            n_args = len(call.args) - 1
            fields = _fields(first.value) if n_args else set()
            if fields is None or fields != set(range(n_args)) or (not n_args and _fields(first.value)):
                unread.append(f"{where}:{call.lineno}: the fields of the template do not match its {n_args} "
                              f"argument(s): {first.value[:70]!r}")
                continue
            found[first.value] = None
    return list(found), unread


def engine_messages_source() -> str:
    templates, _ = engine_templates()
    lines = ['"""Generated by installer/build_translations.py from softphone/: do not edit.',
             "",
             "The ids of the engine's sentences for the agent (the first arguments of",
             "N_(...) in softphone/: English templates), marked for translation",
             '(see softphone/i18n.py and ui/engine_text.py)."""',
             "",
             "from PySide6.QtCore import QT_TRANSLATE_NOOP",
             "",
             "_MARKED = ("]
    lines += [f'    QT_TRANSLATE_NOOP("engine", {t!r}),' for t in templates]
    return "\n".join(lines + [")", "TEMPLATES: tuple[str, ...] = tuple(str(t) for t in _MARKED)", ""])


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def lupdate(ts: Path) -> None:
    subprocess.run([_tool("lupdate"), "-no-obsolete", "-locations", "none", *sources(), "-ts", str(ts)],
                   cwd=ROOT, check=True, capture_output=True)


def problems(ts: Path) -> list[str]:
    """Messages that are new, unfinished or empty in ``ts``."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        ctx = context.findtext("name")
        for msg in context.iter("message"):
            tr = msg.find("translation")
            source = msg.findtext("source")
            if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not (tr.text or "").strip():
                out.append(f"{ctx}: {source!r}")
    return out


def check(lang: str) -> list[str]:
    """Run lupdate on a copy of the committed file: what the code has that it lacks."""
    ts = I18N / f"agent_softphone_{lang}.ts"
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / ts.name
        shutil.copy(ts, copy)
        lupdate(copy)
        return problems(copy)


def build(lang: str) -> None:
    ts = I18N / f"agent_softphone_{lang}.ts"
    lupdate(ts)
    subprocess.run([_tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True, capture_output=True)


def main() -> int:
    if "--check" in sys.argv:
        _, unread = engine_templates()
        bad = [f"sentence for the agent: {u}" for u in unread]
        if not ENGINE_MESSAGES.is_file() or ENGINE_MESSAGES.read_text(encoding="utf-8") != engine_messages_source():
            bad.append(f"{ENGINE_MESSAGES.relative_to(ROOT)} is out of date: run installer/build_translations.py")
        bad += [p for lang in LANGUAGES for p in check(lang)]
        print("\n".join(bad) or "translations complete")
        return 1 if bad else 0
    ENGINE_MESSAGES.write_text(engine_messages_source(), encoding="utf-8")
    for lang in LANGUAGES:
        build(lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
