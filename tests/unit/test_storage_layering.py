"""softphone/storage imports in layers: no import cycle, and the schema imports no domain code.

Read from the source with ``ast``, so every import counts: those inside
functions and under ``if TYPE_CHECKING:`` as much as those at the top.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import softphone.storage

PACKAGE = "softphone.storage"
STORAGE_DIR = Path(softphone.storage.__file__).parent
DOMAIN_MODULES = ("history", "transcripts", "alerts", "vault", "recorder", "history_feed")
SCHEMA_MAY_IMPORT = {"__future__", "sqlite_utils", "softphone.errors"}

Graph = dict[str, set[str]]


def module_name(path: Path) -> str:
    return PACKAGE if path.stem == "__init__" else f"{PACKAGE}.{path.stem}"


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, by absolute name (``from . import x`` names ``x``)."""
    package = PACKAGE.split(".")
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] if node.level else [])
            module = ".".join(part for part in (base, node.module or "") if part)
            names.add(module)
            if node.module is None:  # from . import x: x is a module of the package
                names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def import_graph(folder: Path) -> Graph:
    """Which modules of the package each module of ``folder`` imports."""
    modules = {module_name(path): path for path in sorted(folder.glob("*.py"))}
    return {name: (imported(path) & set(modules)) - {name} for name, path in modules.items()}


def find_cycle(graph: Graph) -> list[str] | None:
    """One import cycle (``[a, b, ..., a]``), or None."""
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> list[str] | None:
        if node in trail:
            return [*trail[trail.index(node):], node]
        if node in done:
            return None
        for target in sorted(graph[node]):
            if cycle := visit(target, [*trail, node]):
                return cycle
        done.add(node)
        return None

    for start in sorted(graph):
        if cycle := visit(start, []):
            return cycle
    return None


def test_the_graph_sees_imports_inside_functions_and_type_checking(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def f() -> None:\n    from .b import x\n", encoding="utf-8")
    (tmp_path / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n", encoding="utf-8"
    )
    graph = import_graph(tmp_path)
    assert graph == {f"{PACKAGE}.a": {f"{PACKAGE}.b"}, f"{PACKAGE}.b": {f"{PACKAGE}.a"}}
    assert find_cycle(graph) == [f"{PACKAGE}.a", f"{PACKAGE}.b", f"{PACKAGE}.a"]


def test_storage_modules_import_without_a_cycle() -> None:
    graph = import_graph(STORAGE_DIR)
    assert f"{PACKAGE}.schema" in graph and f"{PACKAGE}.db" in graph
    assert find_cycle(graph) is None


def test_schema_imports_no_domain_code() -> None:
    names = imported(STORAGE_DIR / "schema.py")
    assert not names & {f"{PACKAGE}.{module}" for module in DOMAIN_MODULES}
    others = {name for name in names if name.split(".")[0] not in sys.stdlib_module_names}
    assert others <= SCHEMA_MAY_IMPORT, others - SCHEMA_MAY_IMPORT
