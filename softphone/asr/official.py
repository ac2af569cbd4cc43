"""The official Vosk model zips this project knows, so a copy is checked without flags.

``agent-softphone model install vosk-model-small-cn-0.22.zip`` (a path, offline)
checks the file against the size and MD5 Alpha Cephei publish for it and
takes its language from here: a truncated or altered copy is refused before
anything is unpacked. Figures given on the command line win over these.
Source: https://alphacephei.com/vosk/models (docs/models.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from .download import Expected

__all__ = ["OfficialModel", "OFFICIAL_MODELS", "official_model", "with_official_figures"]

_BASE = "https://alphacephei.com/vosk/models/"


@dataclass(frozen=True)
class OfficialModel:
    file_name: str
    language: str
    size: int | None  # bytes of the zip, where published
    md5: str | None

    @property
    def url(self) -> str:
        return _BASE + self.file_name

    @property
    def name(self) -> str:
        return self.file_name.removesuffix(".zip")

    def expected(self) -> Expected:
        return Expected(size=self.size, md5=self.md5)


OFFICIAL_MODELS: tuple[OfficialModel, ...] = (
    OfficialModel("vosk-model-small-cn-0.22.zip", "zh", 43_898_754, "d1a8e82933dcc7632667c036b0bb3dbb"),
    OfficialModel("vosk-model-cn-0.22.zip", "zh", None, None),  # 1.3 GB; figures not recorded here
)


def official_model(file_name: str) -> OfficialModel | None:
    """The official model whose zip is called ``file_name`` (any case), if any."""
    lowered = file_name.lower()
    return next((m for m in OFFICIAL_MODELS if m.file_name == lowered), None)


def with_official_figures(file_name: str, given: Expected) -> Expected:
    """``given`` if it says anything, else what is published for ``file_name``."""
    official = official_model(file_name)
    if official is None or not given.is_empty():
        return given
    return official.expected()
