"""Live transcription for a running engine: the model chosen in the settings, loaded once.

Used by the window and by ``agent-softphone headless``: the model loads in the
background (``ModelStateChanged`` on the bus) and calls never wait for it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ModelError
from ..events import Event, ModelStateChanged
from ..settings import AsrSettings
from .bundled import BundledModelHandle, pending_bundled
from .models import ModelInfo, ModelStore, language_mismatch
from .pipeline import TranscriptionService
from .recognizer import ModelHandle
from ..states import ModelState
from ..i18n import N_

__all__ = ["choose_model", "load_model", "start_live_transcription"]


def choose_model(settings: AsrSettings, store: ModelStore | None = None) -> ModelInfo | None:
    store = store or ModelStore()
    try:
        return store.get(settings.model) if settings.model else store.active()
    except ModelError:
        return None


def load_model(settings: AsrSettings, post: Callable[[Event], None],
               rules_language: str | None = None) -> ModelHandle | None:
    """Start loading the configured model; None (and an ``off`` or ``none`` state) when there is none.

    With ``rules_language``, the ``ready`` event carries a plain sentence when the
    model speaks another language than the phrase rules (``language_mismatch``).
    """
    if not settings.enabled:
        post(ModelStateChanged(ModelState.OFF, settings.model, "", N_("Transcription is off in the settings.")))
        return None
    store = ModelStore()
    if not settings.model and pending_bundled(store):  # the first start of an installed copy that carries a model
        return _install_bundled_then_load(settings, post, rules_language or "", store)
    info = choose_model(settings, store)
    if info is None:
        post(ModelStateChanged(ModelState.NONE, settings.model, "", N_("No speech model installed: calls work, without a transcript.")))
        return None
    notice = language_mismatch(info, rules_language) if rules_language else None
    handle = ModelHandle(post, info.path, name=info.name, language=info.language, ready_notice=notice or "",
                         rules_language=rules_language or "")
    handle.start()
    return handle


def _install_bundled_then_load(settings: AsrSettings, post: Callable[[Event], None], rules_language: str,
                               store: ModelStore) -> ModelHandle:
    handle = BundledModelHandle(post, store, lambda: choose_model(settings, store), rules_language=rules_language)
    handle.start()
    return handle


def start_live_transcription(engine: object, handle: ModelHandle | None, bus_post: object = None) -> TranscriptionService | None:
    """Follow ``engine``'s taps with recognizers from ``handle``'s model."""
    if handle is None:
        return None
    service = TranscriptionService(engine.bus, handle)  # type: ignore[attr-defined]
    service.attach(engine)
    return service
