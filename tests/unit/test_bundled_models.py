"""Official model zips checked without flags, and the model zips an installer carries, installed on first start."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from softphone.asr.bundled import BUNDLED_ENV, bundled_models_dir, install_bundled, pending_bundled
from softphone.asr.download import Expected
from softphone.asr.models import ModelStore
from softphone.asr.official import official_model, with_official_figures
from softphone.cli.doctor_install import _debian_package
from softphone.errors import ModelError
from tests.unit.test_models import model_zip


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "models", packages=[])


def test_a_copy_named_like_the_official_mandarin_zip_must_be_it(store: ModelStore, tmp_path: Path) -> None:
    fake = model_zip(tmp_path / "vosk-model-small-cn-0.22.zip")  # a valid model, but not Alpha Cephei's zip
    with pytest.raises(ModelError) as err:
        store.install(str(fake))
    said = str(err.value.user_message)  # the English sentence with its fields filled in
    assert "not the official vosk-model-small-cn-0.22.zip" in said and "43,898,754" in said
    assert "alphacephei.com/vosk/models/vosk-model-small-cn-0.22.zip" in said
    assert store.list() == []


def test_figures_given_by_the_administrator_win_over_the_published_ones(store: ModelStore, tmp_path: Path) -> None:
    copy = model_zip(tmp_path / "vosk-model-small-cn-0.22.zip")
    md5 = hashlib.md5(copy.read_bytes()).hexdigest()
    info = store.install(str(copy), md5=md5, size=copy.stat().st_size)
    assert info.name == "vosk-model-small-cn-0.22" and info.language == "zh"


def test_published_figures_apply_to_downloads_of_the_same_file_too() -> None:
    official = official_model("VOSK-MODEL-SMALL-CN-0.22.ZIP")
    assert official is not None and official.language == "zh"
    assert with_official_figures("vosk-model-small-cn-0.22.zip", Expected()) == \
        Expected(size=43_898_754, md5="d1a8e82933dcc7632667c036b0bb3dbb")
    assert with_official_figures("vosk-model-small-cn-0.22.zip", Expected(sha256="ab")) == Expected(sha256="ab")
    assert with_official_figures("my-model.zip", Expected()) == Expected()


def test_bundled_zips_are_installed_once_and_chosen_when_the_user_chose_none(store: ModelStore, tmp_path: Path) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    model_zip(bundled / "site-model-ko.zip", top="site-model-ko")
    model_zip(bundled / "site-model-cn.zip", top="site-model-cn")
    assert [z.name for z in pending_bundled(store, bundled)] == ["site-model-cn.zip", "site-model-ko.zip"]
    installed = install_bundled(store, "ko", bundled)
    assert sorted(m.name for m in installed) == ["site-model-cn", "site-model-ko"]
    assert store.chosen_name() == "site-model-ko"  # the one in the rules' language
    assert pending_bundled(store, bundled) == [] and install_bundled(store, "ko", bundled) == []


def test_bundled_zips_do_not_override_the_users_choice(store: ModelStore, tmp_path: Path) -> None:
    store.install(str(model_zip(tmp_path / "mine.zip", top="mine")))
    store.use("mine")
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    model_zip(bundled / "site-model-cn.zip", top="site-model-cn")
    install_bundled(store, "zh", bundled)
    assert store.chosen_name() == "mine" and "site-model-cn" in {m.name for m in store.list()}


def test_a_damaged_bundled_zip_is_refused_in_plain_words_and_installs_nothing(store: ModelStore, tmp_path: Path) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ModelError):
        install_bundled(store, "zh", bundled)
    assert store.list() == [] and store.chosen_name() is None


def test_where_an_installed_copy_keeps_its_zips(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(BUNDLED_ENV, raising=False)
    assert bundled_models_dir() is None  # a checkout carries none (the .deb's folder is checked by test_deb_package)
    monkeypatch.setenv(BUNDLED_ENV, str(tmp_path))
    assert bundled_models_dir() == tmp_path
    monkeypatch.delenv(BUNDLED_ENV)
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys.executable", str(tmp_path / "app" / "agent-softphone.exe"))
    assert bundled_models_dir() == tmp_path / "app" / "models"


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"), ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libEGL.so.1", "libegl1"), ("libglib-2.0.so.0", "libglib2.0-0"), ("libdbus-1.so.3", "libdbus-1-3"),
])
def test_doctor_names_the_debian_package_of_a_missing_window_library(soname: str, package: str) -> None:
    assert _debian_package(soname) == package
