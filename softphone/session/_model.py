"""The speech model for a (re)started session: kept while it is still the chosen one."""

from __future__ import annotations

from collections.abc import Callable

from ..asr.live import choose_model, load_model
from ..asr.models import language_mismatch
from ..asr.recognizer import ModelHandle, ModelState
from ..events import Event, ModelStateChanged
from ..settings import AsrSettings

__all__ = ["model_for"]

Post = Callable[[Event], None]


def model_for(current: ModelHandle | None, asr: AsrSettings, post: Post, rules_language: str = "",
              load: Callable[[AsrSettings, Post, str], ModelHandle | None] = load_model) -> ModelHandle | None:
    """The model for the calls of a (re)started engine.

    A load takes ~2 s and ~540 MB, so ``current`` is kept across restarts while
    it is still the chosen model; once another one is chosen (Settings, Speech
    tab, or ``model use``) or it was removed, the chosen one is loaded instead.
    The old service is closed before, so no call ever mixes two models.
    """
    chosen = choose_model(asr) if current is not None and asr.enabled else None
    if current is not None and asr.enabled and (chosen is None or chosen.path != current.path):
        current = None
    if current is None:
        return load(asr, post, rules_language)
    if asr.enabled:
        ready = current.state is ModelState.READY
        notice = language_mismatch(chosen, rules_language) if chosen and rules_language and ready else None
        post(ModelStateChanged(current.state, current.name, current.language,
                               notice or (current.last_event.user_message if not ready else ""),
                               rules_language if notice else ""))
    return current
