"""Where the softphone keeps its settings and data on disk.

Both folders come from platformdirs (app name ``agent-softphone``, no author
folder), which honours ``XDG_DATA_HOME`` / ``XDG_CONFIG_HOME`` on Linux. The
variable ``AGENT_SOFTPHONE_HOME`` overrides both and puts them side by side
under one folder (``<home>/data`` and ``<home>/config``); tests and the demo use
it so they never touch the real profile.

Folders are created on first use with mode 0o700: settings and call history
belong to the agent alone. A folder that already exists keeps its mode.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = [
    "APP_NAME",
    "HOME_ENV",
    "SETTINGS_FILE_NAME",
    "data_dir",
    "config_dir",
    "cache_dir",
    "settings_path",
    "make_private_dir",
    "package_prefix",
    "resources_dir",
]

APP_NAME = "agent-softphone"
HOME_ENV = "AGENT_SOFTPHONE_HOME"
SETTINGS_FILE_NAME = "settings.toml"


def data_dir() -> Path:
    """The folder for the call history database and other data (created)."""
    home = _home_override()
    if home is not None:
        return make_private_dir(home / "data")
    return make_private_dir(Path(platformdirs.user_data_dir(APP_NAME, False)))


def config_dir() -> Path:
    """The folder for the settings file (created)."""
    home = _home_override()
    if home is not None:
        return make_private_dir(home / "config")
    return make_private_dir(Path(platformdirs.user_config_dir(APP_NAME, False)))


def cache_dir() -> Path:
    """The folder for things worked out once and kept to save time (created); safe to delete."""
    home = _home_override()
    if home is not None:
        return make_private_dir(home / "cache")
    return make_private_dir(Path(platformdirs.user_cache_dir(APP_NAME, False)))


def settings_path() -> Path:
    """The default settings file, ``<config_dir>/settings.toml`` (not created)."""
    return config_dir() / SETTINGS_FILE_NAME


def make_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents with mode 0o700; return it."""
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
    return path


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def package_prefix() -> Path | None:
    """The folder of an installed Linux package (``/opt/agent-softphone``: ``app/`` beside ``venv/``), else None.

    ``installer/build_deb.sh`` puts the app's source in ``<prefix>/app`` and its Python in ``<prefix>/venv``;
    a checkout or a pip install has no such folder.
    """
    prefix = Path(__file__).resolve().parents[2]  # <prefix>/app/softphone/paths.py
    return prefix if (prefix / "app").is_dir() and (prefix / "venv").is_dir() else None


def resources_dir() -> Path:
    """The ``resources/`` folder: ``AGENT_SOFTPHONE_RESOURCES`` or next to the package."""
    override = os.environ.get("AGENT_SOFTPHONE_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"
