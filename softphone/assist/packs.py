"""The rule pack in force, and reloading it without a restart.

``PackHolder.reload()`` loads the pack folder again; if anything is wrong the
pack in force stays (a broken pack never replaces a working one) and a
``RulePackChanged("failed")`` event names the file and line.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from ..errors import RulePackError
from ..events import Event, RulePackChanged
from ..i18n import N_
from ..states import RulePackState
from .built import load_or_build
from .matcher import PhraseMatcher
from .readings import ReadingCache
from .rules import RulePack, pack_dir

__all__ = ["PackHolder", "Loaded"]

log = logging.getLogger(__name__)
Loaded = tuple[RulePack, PhraseMatcher]


class PackHolder:
    def __init__(self, language: str, post: Callable[[Event], None] | None = None, folder: Path | None = None,
                 readings: ReadingCache | None = None) -> None:
        self.language = language
        self._readings = readings or ReadingCache()
        self.folder = folder or pack_dir(language)
        self._post = post or (lambda e: None)
        self._lock = threading.Lock()
        self._loaded: Loaded | None = None

    def set_post(self, post: Callable[[Event], None]) -> None:
        """Where ``RulePackChanged`` goes (a restarted engine has a new bus)."""
        self._post = post

    @property
    def loaded(self) -> Loaded | None:
        with self._lock:
            return self._loaded

    def reload(self) -> bool:
        """Load the folder again; True if the new pack is now in force."""
        try:
            pack, matcher = load_or_build(self.folder, self._readings)  # kept between runs: built.py
        except RulePackError as exc:
            log.error("rule pack %s not loaded: %s", self.folder, exc)
            kept = self.loaded
            said = (N_("The phrase rules have a mistake at {0}: {1}. "
                       "The rules loaded before (version {2}) stay in force.", exc.where, exc.detail, kept[0].version)
                    if kept else N_("The phrase rules have a mistake at {0}: {1}. No phrase rules are in force.",
                                    exc.where, exc.detail))
            self._post(RulePackChanged(RulePackState.FAILED, self.language, kept[0].version if kept else "",
                                       len(kept[0].rules) if kept else 0, kept[0].phrase_count() if kept else 0,
                                       said, exc.where, exc.detail))
            return False
        self._readings.save()
        with self._lock:
            self._loaded = (pack, matcher)
        self._post(RulePackChanged(RulePackState.LOADED, pack.language, pack.version, len(pack.rules),
                                   pack.phrase_count()))
        return True
