"""Where cases come from: one ``CaseSource`` interface for every source.

* ``store.CaseStore`` — the local case book (imported lists, the demo's), in
  the softphone database, encrypted;
* ``http_source.HttpCaseSource`` — a lender's CRM over HTTP JSON
  (docs/cases.md), with the local store as its cache.

A source answers a ``CaseLookup`` with a ``LookupResult``: the cases found
(in clear: they stay in the engine) and, when it answered from a cache, how
old that copy is and why the source itself could not answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..errors import SoftphoneError
from ..i18n import Msg, N_
from .model import Case

__all__ = ["CaseLookup", "LookupResult", "CaseSource", "CaseSourceError", "CaseNotFound", "SOURCE_DOWN_MESSAGE"]

SOURCE_DOWN_MESSAGE = N_("The customer system cannot be reached; the last saved copy is shown.")


@dataclass(frozen=True)
class CaseLookup:
    """What to look a case up by: any one field (the first non-empty one counts)."""

    case_id: str = ""  # the case id, or the customer id a hand-off carries (X-Customer-Id)
    number: str = ""  # a full phone number (the caller's, the dialled one): matched by fingerprint
    text: str = ""  # the agent's search: case id, contract no., masked name (张*), last 4 digits of a number

    def __post_init__(self) -> None:
        if not (self.case_id.strip() or self.number.strip() or self.text.strip()):
            raise ValueError("a CaseLookup needs a case id, a number or a search text")


@dataclass(frozen=True)
class LookupResult:
    cases: tuple[Case, ...]
    source: str  # "local", "http"
    cached_at: float | None = None  # epoch seconds of the copy shown, when the source itself was down
    problem: Msg | None = None  # why the source did not answer (shown with the cached copy)

    @property
    def from_cache(self) -> bool:
        return self.cached_at is not None


class CaseSourceError(SoftphoneError):
    """A source failed (unreachable, timed out, answered garbage): ``user_message`` says which."""

    default_user_message = N_("The customer system did not answer.")


class CaseNotFound(CaseSourceError):
    default_user_message = N_("No case was found.")


class CaseSource(Protocol):
    """Anything cases can be looked up in."""

    name: str

    def lookup(self, query: CaseLookup, limit: int = 20) -> LookupResult:
        """The cases matching ``query`` (none: an empty result). Raises ``CaseSourceError`` with no cache to fall back on."""
        ...

    def get(self, case_id: str) -> Case | None:
        """One case by id, or None."""
        ...

    def close(self) -> None: ...
