"""Model zips that came with the app, installed for the user on the first start, offline.

Sites without Internet get the Mandarin model with the installer: the .deb
carries zips in ``/opt/agent-softphone/models`` (``build_deb.sh --model ZIP``),
the Windows setup copies the ``vosk-model-*.zip`` found next to it into
``<app>\\models``. When transcription starts and such a zip is not installed
yet, it is installed into the user's models folder (checked against the
official figures, :mod:`.official`) on the model's loading thread, and chosen
if the user has not chosen a model. ``AGENT_SOFTPHONE_BUNDLED_MODELS`` names
another folder (tests, administrators).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..events import Event
from ..paths import package_prefix
from .models import ModelInfo, ModelStore, language_mismatch
from .official import official_model
from .recognizer import ModelHandle

__all__ = ["BUNDLED_ENV", "bundled_models_dir", "pending_bundled", "install_bundled", "BundledModelHandle"]

BUNDLED_ENV = "AGENT_SOFTPHONE_BUNDLED_MODELS"


def bundled_models_dir() -> Path | None:
    """Where an installed copy keeps the model zips it came with (None for a checkout)."""
    override = os.environ.get(BUNDLED_ENV, "").strip()
    if override:
        return Path(override)
    if getattr(sys, "frozen", False):  # the Windows build: <app>\agent-softphone.exe, <app>\models
        return Path(sys.executable).resolve().parent / "models"
    prefix = package_prefix()  # the .deb: /opt/agent-softphone/models
    return prefix / "models" if prefix is not None else None


def pending_bundled(store: ModelStore, folder: Path | None = None) -> list[Path]:
    """The bundled zips whose model the user does not have yet."""
    folder = folder if folder is not None else bundled_models_dir()
    if folder is None or not folder.is_dir():
        return []
    have = {m.name for m in store.list()}
    return [z for z in sorted(folder.glob("*.zip")) if _model_name(z) not in have]


def install_bundled(store: ModelStore, rules_language: str = "", folder: Path | None = None) -> list[ModelInfo]:
    """Install the pending bundled zips; choose one if the user has chosen none. Raises ``ModelError``."""
    installed = [store.install(str(z), name=_model_name(z)) for z in pending_bundled(store, folder)]
    if installed and store.chosen_name() is None:
        fitting = [m for m in installed if m.language == rules_language] or installed
        store.use(fitting[0].name)
    return installed


class BundledModelHandle(ModelHandle):
    """A model handle that first installs the bundled zips, then loads the model chosen after that."""

    def __init__(self, post: Callable[[Event], None], store: ModelStore, choose: Callable[[], ModelInfo | None],
                 rules_language: str = "", **kwargs: Any) -> None:
        super().__init__(post, None, **kwargs)
        self._store = store
        self._choose = choose
        self._wanted_language = rules_language

    def _load(self) -> Any:
        install_bundled(self._store, self._wanted_language)
        info = self._choose()
        if info is None:
            raise ModelError("no model after installing the bundled ones")
        self.path, self.name, self.language = info.path, info.name, info.language
        notice = language_mismatch(info, self._wanted_language) if self._wanted_language else None
        self.ready_notice, self.rules_language = (notice or ""), (self._wanted_language if notice else "")
        return super()._load()


def _model_name(zip_path: Path) -> str:
    official = official_model(zip_path.name)
    return official.name if official is not None else zip_path.name.removesuffix(".zip")
