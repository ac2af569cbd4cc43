"""Refresh and compile the window's translations.

    python installer/build_translations.py          # lupdate (keeps translations) + lrelease
    python installer/build_translations.py --check  # fail if a string is new, unfinished or empty

Sources: every ``self.tr(...)`` / ``QCoreApplication.translate(...)`` in
``ui/``; the translations live in ``resources/i18n/agent_softphone_<lang>.ts``
(edit them with ``pyside6-linguist`` or any text editor) and are compiled to
``.qm`` next to them, which the app loads.
"""

from __future__ import annotations

import shutil
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
        bad = [p for lang in LANGUAGES for p in check(lang)]
        print("\n".join(bad) or "translations complete")
        return 1 if bad else 0
    for lang in LANGUAGES:
        build(lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
