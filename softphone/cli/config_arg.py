"""The settings a sub-command runs with: ``--config FILE``, else the user's settings file, else the defaults."""

from __future__ import annotations

from ..paths import settings_path
from ..settings import Settings, load_settings

__all__ = ["cli_settings"]


def cli_settings(config: str | None) -> Settings:
    """The settings of ``config`` (a TOML file), or of the user's file when there is one, or the defaults."""
    if config:
        return load_settings(config)
    default = settings_path()
    return load_settings(default) if default.exists() else Settings()
