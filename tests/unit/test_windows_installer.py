"""The Windows build's files (installer/windows/, .github/workflows/windows.yml) agree with the code.

Runs anywhere and never runs PyInstaller: the spec is executed with stand-ins for
PyInstaller's build classes, which record what the real ones would be given. What
only a real build shows (it starts, finds its files, runs doctor) is checked by the
Windows workflow and by hand on Linux (docs/installers.md, "What was checked where").
"""

from __future__ import annotations

import ast
import pkgutil
import re
import sys
import tomllib
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import softphone
import ui
from softphone.helpers import HELPERS

ROOT = Path(__file__).resolve().parents[2]
WIN = ROOT / "installer" / "windows"
SPEC = WIN / "agent-softphone.spec"
ISS = WIN / "agent-softphone.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


@dataclass
class Build:
    """What the spec hands to PyInstaller."""

    analysis: dict[str, Any] = field(default_factory=dict)
    scripts: list[str] = field(default_factory=list)
    exes: list[dict[str, Any]] = field(default_factory=list)
    collect_name: str = ""
    collected: tuple[Any, ...] = ()
    names: dict[str, Any] = field(default_factory=dict)

    def datas_under(self, folder: str) -> set[str]:
        """Bundle paths (``folder/.../file``) of the data files placed in ``folder`` or below."""
        return {f"{dest}/{Path(src).name}" for src, dest in self.analysis["datas"]
                if dest == folder or dest.startswith(folder + "/")}


def _fake_hooks() -> types.ModuleType:
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = (  # type: ignore[attr-defined]
        lambda pkg: [(f"/site/{pkg}/model/README", f"{pkg}/model")])
    hooks.collect_dynamic_libs = lambda pkg: [(f"/site/{pkg}/lib{pkg}.so", pkg)]  # type: ignore[attr-defined]
    hooks.collect_delvewheel_libs_directory = (  # type: ignore[attr-defined]
        lambda pkg, libdir, datas, binaries: (datas, binaries))
    return hooks


def run_spec(monkeypatch: pytest.MonkeyPatch, with_ko: bool = False) -> Build:
    build = Build()

    class Analysis:
        def __init__(self, scripts: list[str], **kwargs: Any) -> None:
            build.scripts, build.analysis = scripts, kwargs
            self.pure: list[Any] = []
            self.scripts, self.binaries, self.datas = scripts, kwargs["binaries"], kwargs["datas"]

    def exe(*args: Any, **kwargs: Any) -> dict[str, Any]:
        build.exes.append(kwargs)
        return kwargs

    def collect(*args: Any, name: str, **kwargs: Any) -> None:
        build.collected, build.collect_name = args, name

    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", _fake_hooks())
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec puts the checkout first
    if with_ko:
        monkeypatch.setenv("AGENT_SOFTPHONE_WITH_KO_MODEL", "1")
    else:
        monkeypatch.delenv("AGENT_SOFTPHONE_WITH_KO_MODEL", raising=False)
    names: dict[str, Any] = {"SPECPATH": str(WIN), "Analysis": Analysis, "PYZ": lambda pure: "pyz",
                             "EXE": exe, "COLLECT": collect, "__name__": "__main__"}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), names)
    build.names = names
    return build


@pytest.fixture
def build(monkeypatch: pytest.MonkeyPatch) -> Build:
    return run_spec(monkeypatch)


def test_every_helper_and_every_module_of_ours_is_frozen_in(build: Build) -> None:
    hidden = set(build.analysis["hiddenimports"])
    assert set(HELPERS.values()) <= hidden  # started with importlib by run_helper: no import to follow
    ours = {m.name for pkg in (softphone, ui) for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")}
    assert ours - hidden == set()


def test_the_frozen_entry_is_the_console_script(build: Build) -> None:
    """Both executables run launch.py, which must call what pyproject's console script calls (it routes --run-helper)."""
    script = Path(build.scripts[0])
    tree = ast.parse(script.read_text(encoding="utf-8"))
    imported = {f"{n.module}:{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["agent-softphone"] in imported
    assert script.parent == WIN and str(ROOT) in build.analysis["pathex"]


def _resource_paths_in_code() -> set[tuple[str, ...]]:
    """The literal parts of every ``resources_dir() / "a" / "b" ...`` in softphone/ and ui/."""
    found: set[tuple[str, ...]] = set()
    for path in [*(ROOT / "softphone").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            parts = _literal_chain(node)
            if parts:
                found.add(parts)
    return found


def _literal_chain(node: ast.AST) -> tuple[str, ...]:
    """("notices", "x.wav") for ``resources_dir() / "notices" / "x.wav"``; () for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        right = node.right
        parts.insert(0, right.value if isinstance(right, ast.Constant) and isinstance(right.value, str) else "")
        node = node.left
    is_root = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "resources_dir"
    if not (is_root and parts and parts[0]):
        return ()
    return tuple(parts[: parts.index("")] if "" in parts else parts)


def test_every_resource_the_code_reads_is_bundled_where_resources_dir_finds_it(build: Build) -> None:
    used = _resource_paths_in_code()
    assert {p[0] for p in used} >= {"i18n", "rules", "scripts", "notices", "demo"}  # the scan sees them
    for parts in used:
        bundled = build.datas_under("resources/" + parts[0])
        assert bundled, f"resources/{parts[0]} is read by the code but not in the spec's datas"
        if len(parts) > 1 and "." in parts[-1]:  # a file named in full
            assert "/".join(("resources", *parts)) in bundled


def test_translations_and_packs_ship_whole(build: Build) -> None:
    """The code globs these folders, so every file of them ships (a new rule file must not be left behind)."""
    res = ROOT / "resources"
    for folder, pattern in (("i18n", "*.qm"), ("rules", "*/*.toml"), ("scripts", "*/*.toml"), ("demo", "*.wav")):
        expected = {p.relative_to(ROOT).as_posix() for p in (res / folder).glob(pattern)}
        assert expected and expected <= build.datas_under(f"resources/{folder}"), folder
    assert not any(d.endswith(".ts") for d in build.datas_under("resources/i18n"))


def test_two_executables_share_one_folder(build: Build) -> None:
    app, cli = build.names["APP_NAME"], build.names["CLI_NAME"]
    assert {(e["name"], e["console"]) for e in build.exes} == {(app, False), (cli, True)}
    assert build.collect_name == app and all(e in build.collected for e in build.exes)
    assert all(e["exclude_binaries"] for e in build.exes)  # onedir: the libraries sit in _internal, once


def test_the_korean_model_ships_only_on_request(monkeypatch: pytest.MonkeyPatch, build: Build) -> None:
    tree = ast.parse((ROOT / "softphone" / "asr" / "recognizer.py").read_text(encoding="utf-8"))
    package = next(a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
                   if a.name.startswith("vosk_model"))
    assert package in build.analysis["excludes"] and package not in build.analysis["hiddenimports"]
    with_ko = run_spec(monkeypatch, with_ko=True)
    assert package in with_ko.analysis["hiddenimports"] and package not in with_ko.analysis["excludes"]
    assert with_ko.datas_under(package)


def _iss_defines() -> dict[str, str]:
    text = ISS.read_text(encoding="utf-8")
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', text, re.M))


def test_the_setup_installs_the_folder_the_spec_builds(build: Build) -> None:
    defines, text = _iss_defines(), ISS.read_text(encoding="utf-8")
    assert defines["AppExe"] == build.names["APP_NAME"] + ".exe"
    assert re.search(r'#define DistDir .*\\dist\\' + re.escape(build.collect_name) + '"', text)
    assert "DefaultDirName={autopf}\\{#AppName}" in text and "PrivilegesRequired=admin" in text
    assert re.search(r"^\s*#error ", text, re.M)  # no version, no setup: build.ps1 passes softphone.__version__
    assert "/DAppVersion=$Version" in (WIN / "build.ps1").read_text(encoding="utf-8")


def test_the_setup_carries_model_zips_to_where_the_app_looks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from softphone.asr.bundled import BUNDLED_ENV, bundled_models_dir

    lines = ISS.read_text(encoding="utf-8").splitlines()
    line = next(ln for ln in lines if "vosk-model-*.zip" in ln and ln.startswith("Source:"))
    fields = dict(re.findall(r'(\w+): "?([^";]*)"?', line))
    assert fields["Source"] == "{src}\\vosk-model-*.zip"
    assert {"external", "skipifsourcedoesntexist"} <= set(fields["Flags"].split())
    monkeypatch.delenv(BUNDLED_ENV, raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "agent-softphone.exe"))
    assert bundled_models_dir() == tmp_path / fields["DestDir"].removeprefix("{app}\\")


def test_uninstall_leaves_the_agents_data_alone() -> None:
    text = ISS.read_text(encoding="utf-8").lower()
    for constant in ("{localappdata}", "{userappdata}", "{commonappdata}", "{%localappdata", "{%appdata"):
        assert constant not in text, f"the setup touches {constant}: the agent's data folder must stay"


def _workflow_commands() -> str:
    return WORKFLOW.read_text(encoding="utf-8")


def test_the_workflow_checks_the_frozen_and_the_installed_build(build: Build) -> None:
    text, app_name = _workflow_commands(), _iss_defines()["AppName"]
    cli = re.escape(build.names["CLI_NAME"] + ".exe")
    assert re.search(r"dist\\" + re.escape(build.collect_name) + r"\\" + cli + r" doctor --json", text)
    assert re.search(re.escape(app_name) + r"\\" + cli + r'"? doctor --json', text)
    assert re.search(cli + r" --run-helper list-devices", text)
    for helper in HELPERS:
        assert f"--run-helper {helper}" in text or f"'--run-helper', '{helper}'" in text
    assert "/VERYSILENT" in text and "pytest tests/unit" in text and "installer\\windows\\build.ps1" in text


def test_the_workflow_python_is_one_the_package_supports() -> None:
    version = re.search(r'python-version: "(3\.\d+)"', _workflow_commands())
    assert version is not None
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    low, high = (_version(v) for v in re.findall(r"(\d+\.\d+)", project["requires-python"]))
    assert low <= _version(version.group(1)) < high


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split("."))


def test_pyinstaller_stays_a_build_tool() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]
    assert not [d for d in wanted if d.lower().startswith("pyinstaller")]
    assert "pyinstaller==" in (WIN / "build.ps1").read_text(encoding="utf-8")
