"""A lender's CRM over HTTP JSON as a ``CaseSource``, with the local case store as its cache.

The API (docs/cases.md, "HTTP adapter")::

    GET {base}/cases/{case_id}      200 a case object, 404 no such case
    GET {base}/cases?number=<digits> 200 {"cases": [case, ...]}
    GET {base}/cases?q=<text>        200 {"cases": [case, ...]}

with ``Accept: application/json`` and, when a token is set,
``Authorization: Bearer <token>``. The token lives in the keyring
(``crm_token``/``save_crm_token``: entry ``crm-token`` of the service
``agent-softphone``), never in the settings file.

Every case the CRM returns is written to the cache with the time it was
fetched. When the CRM fails (unreachable, too slow, a server error, a refused
token, a reply that is not JSON or not a case), ``lookup`` answers from the
cache when it holds copies fetched earlier for that lookup: a
``LookupResult`` with the copies, the age of the oldest and the failure as
``problem``. Without such copies it raises ``CaseSourceError``, whose
``user_message`` says which failure it was. ``get`` never answers from the
cache (it could not say how old the copy is): it raises.

Only the standard library is used (``urllib.request``, ``json``). Log lines
name the CRM's host, the kind of request and the HTTP status, never the
token, a case id, a number, a search text or any field of a case. The cache
(``store.CaseStore``) belongs to the thread that opened it: call a source
from that thread.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum
from typing import IO, Any, NoReturn, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ConfigError, NoKeyringBackend, StorageError
from ..i18n import Msg, N_
from ..secrets import SERVICE_NAME, SecretStore
from ..storage.vault import normalise_number
from .model import (
    Case,
    ContactNumber,
    Customer,
    Loan,
    OverdueStage,
    PastContact,
    Promise,
    PromiseState,
    Relation,
    stage_for_days,
)
from .source import CaseLookup, CaseSourceError, LookupResult

__all__ = [
    "TOKEN_ENTRY",
    "CaseCache",
    "HttpCaseSource",
    "case_from_json",
    "crm_token",
    "save_crm_token",
    "UNREACHABLE_MESSAGE",
    "MALFORMED_MESSAGE",
    "UNREADABLE_MESSAGE",
    "BAD_URL_MESSAGE",
    "timeout_message",
    "server_error_message",
    "token_refused_message",
    "request_refused_message",
]

_log = logging.getLogger(__name__)
T = TypeVar("T")
E = TypeVar("E", bound=Enum)

TOKEN_ENTRY = "crm-token"  # the keyring entry (service SERVICE_NAME) of the CRM's access token

UNREACHABLE_MESSAGE = N_(
    "The customer system cannot be reached. Check the network connection, or ask your "
    "supervisor whether the customer system is down."
)
MALFORMED_MESSAGE = N_("The customer system sent a garbled answer that is not valid data.")
UNREADABLE_MESSAGE = N_("The customer system sent data that cannot be read.")
BAD_URL_MESSAGE = N_(
    "The address of the customer system in the settings (cases.http_url) is not valid: it must "
    "start with http:// or https://."
)


def timeout_message(timeout_s: float) -> Msg:
    """The CRM took longer than ``timeout_s``."""
    return N_("The customer system is too slow: it did not answer within {0} seconds.", f"{timeout_s:g}")


def server_error_message(status: int) -> Msg:
    """The CRM answered with a server error (HTTP 5xx)."""
    return N_("The customer system has a problem of its own (server error {0}). Try again in a moment.", status)


def token_refused_message() -> Msg:
    """The CRM refused the token (HTTP 401/403): where to save the right one."""
    return N_(
        "The customer system refused access: the access token is wrong or missing. Ask your "
        "administrator to save the right token in this computer's password store (keyring) as "
        "entry “{0}” of service “{1}”, for example with: keyring set {1} {0}",
        TOKEN_ENTRY,
        SERVICE_NAME,
    )


def request_refused_message(status: int) -> Msg:
    """The CRM refused the request for another reason (another HTTP 4xx)."""
    return N_("The customer system refused the request (error {0}).", status)


_MAX_REPLY_BYTES = 16 * 1024 * 1024
_CHUNK_BYTES = 64 * 1024
_EPOCH_MS_ABOVE = 100_000_000_000  # epoch values above this are milliseconds (seconds: year 5138)
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YUAN_RE = re.compile(r"-?\d+(\.\d+)?")
_PHONE_RE = re.compile(r"[\d\s+\-().]+")  # digits and the punctuation numbers are written with


class CaseCache(Protocol):
    """Where fetched cases are kept for when the CRM is down (``store.CaseStore`` is one)."""

    def upsert(self, case: Case, fetched_at: float | None = None) -> bool: ...

    def lookup(self, query: CaseLookup, limit: int = 20) -> LookupResult: ...

    def cached_at(self, case_id: str) -> float | None: ...


# -- the token ------------------------------------------------------------------------------
def crm_token(store: SecretStore) -> str | None:
    """The CRM's access token from the keyring, or None (none saved, or no keyring at all).

    Other keyring failures raise ``SecretStoreError``.
    """
    try:
        token = store.get_secret(TOKEN_ENTRY)
    except NoKeyringBackend:
        _log.info("no keyring; the case API is called without a token")
        return None
    return token or None


def save_crm_token(store: SecretStore, token: str) -> None:
    """Save the CRM's access token in the keyring (entry ``crm-token``)."""
    token = token.strip()
    if not token:
        raise ValueError("the CRM token is empty")
    store.set_secret(TOKEN_ENTRY, token)


# -- the source -----------------------------------------------------------------------------
class HttpCaseSource:
    """Cases from a lender's CRM (see the module docstring); a ``CaseSource`` named ``http``."""

    name = "http"

    def __init__(
        self, base_url: str, token: str | None, timeout_s: float, cache: CaseCache | None = None
    ) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self._base, self._host = _checked_base(base_url)
        self._token = (token or "").strip() or None
        self._timeout = timeout_s
        self._cache = cache
        self._opener = urllib.request.build_opener(_SameHostAuthRedirect())
        if self._token and self._base.startswith("http://") and not _is_loopback(self._host):
            _log.warning("case API on %s: the token is sent without TLS (http://)", self._host)

    def __repr__(self) -> str:
        return f"HttpCaseSource(host={self._host!r}, token={'<set>' if self._token else None})"

    # -- CaseSource ------------------------------------------------------------------------
    def lookup(self, query: CaseLookup, limit: int = 20) -> LookupResult:
        """The CRM's cases for ``query``; the cached copies when it fails (see the module docstring)."""
        try:
            cases = self._fetch_cases(query, limit)
        except CaseSourceError as exc:
            return self._from_cache(query, limit, exc)
        self._remember(cases)
        return LookupResult(cases, self.name)

    def get(self, case_id: str) -> Case | None:
        """The case from the CRM, or None; raises ``CaseSourceError`` when the CRM fails."""
        case = self._fetch_one(case_id)
        if case is not None:
            self._remember((case,))
        return case

    def close(self) -> None:
        """Nothing to release (no connection is kept open); the cache belongs to the caller."""

    # -- requests --------------------------------------------------------------------------
    def _fetch_cases(self, query: CaseLookup, limit: int) -> tuple[Case, ...]:
        if query.case_id.strip():
            case = self._fetch_one(query.case_id.strip())
            return (case,) if case is not None else ()
        if query.number.strip():
            digits = normalise_number(query.number)
            return self._fetch_list({"number": digits}, "cases?number", limit) if digits else ()
        return self._fetch_list({"q": query.text.strip()}, "cases?q", limit)

    def _fetch_one(self, case_id: str) -> Case | None:
        if not case_id.strip():
            return None
        path = "cases/" + urllib.parse.quote(case_id.strip(), safe="")
        obj = self._fetch(path, "cases/{id}")
        return case_from_json(obj) if obj is not None else None

    def _fetch_list(self, params: Mapping[str, str], kind: str, limit: int) -> tuple[Case, ...]:
        obj = self._fetch("cases?" + urllib.parse.urlencode(params), kind)
        return _cases_from_json(obj, limit) if obj is not None else ()

    def _fetch(self, path: str, kind: str) -> Any:
        """The decoded JSON reply to ``GET {base}/{path}``; None for a 404."""
        body = self._get_body(self._request(path), kind)
        return _decode(body, self._host, kind) if body is not None else None

    def _request(self, path: str) -> urllib.request.Request:
        request = urllib.request.Request(f"{self._base}/{path}", method="GET")
        request.add_header("Accept", "application/json")
        request.add_header("User-Agent", "agent-softphone")
        if self._token:
            request.add_unredirected_header("Authorization", f"Bearer {self._token}")
        return request

    def _get_body(self, request: urllib.request.Request, kind: str) -> bytes | None:
        """The body of a 2xx reply; None for a 404; raises ``CaseSourceError`` for every failure."""
        deadline = time.monotonic() + self._timeout
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                body = _read_body(response, deadline)
                _log.debug("case API %s: GET %s -> %s", self._host, kind, response.status)
                return body
        except urllib.error.HTTPError as exc:  # holds the URL (a number, a search text): not chained
            exc.close()
            status = exc.code
        except urllib.error.URLError as exc:
            raise self._transport_error(kind, exc.reason) from exc
        except (TimeoutError, http.client.HTTPException, OSError) as exc:
            raise self._transport_error(kind, exc) from exc
        except _ReplyTooLarge:
            status = 0
        self._check_status(status, kind)
        return None

    def _check_status(self, status: int, kind: str) -> None:
        """Returns for a 404 (no such case); raises for every other failure status (0: a reply too large)."""
        _log.info("case API %s: GET %s -> %s", self._host, kind, status or "reply too large")
        if status == 404:
            return None
        technical = f"case API {self._host}: GET {kind} -> HTTP {status}"
        if status == 0:
            raise CaseSourceError(f"case API {self._host}: GET {kind}: the reply is too large",
                                  user_message=MALFORMED_MESSAGE)
        if status in (401, 403):
            raise CaseSourceError(technical, user_message=token_refused_message())
        if status >= 500:
            raise CaseSourceError(technical, user_message=server_error_message(status))
        raise CaseSourceError(technical, user_message=request_refused_message(status))

    def _transport_error(self, kind: str, reason: object) -> CaseSourceError:
        """The error for a failed connection: too slow (a timeout), else unreachable."""
        what = type(reason).__name__ if isinstance(reason, BaseException) else "error"
        if isinstance(reason, TimeoutError):
            _log.info("case API %s: GET %s timed out after %gs", self._host, kind, self._timeout)
            return CaseSourceError(f"case API {self._host}: GET {kind} took longer than {self._timeout:g}s",
                                   user_message=timeout_message(self._timeout))
        _log.info("case API %s: GET %s failed: %s", self._host, kind, what)
        return CaseSourceError(f"case API {self._host} unreachable: GET {kind}: {what}",
                               user_message=UNREACHABLE_MESSAGE)

    # -- the cache -------------------------------------------------------------------------
    def _remember(self, cases: Iterable[Case]) -> None:
        if self._cache is None:
            return
        now = time.time()
        try:
            for case in cases:
                self._cache.upsert(case, fetched_at=now)
        except StorageError as exc:
            _log.warning("fetched cases could not be cached: %s", type(exc).__name__)

    def _from_cache(self, query: CaseLookup, limit: int, failure: CaseSourceError) -> LookupResult:
        """The copies fetched earlier for ``query``, with the age of the oldest; else raise ``failure``."""
        copies = self._cached_copies(query, limit)
        if not copies:
            raise failure
        _log.info("case API %s down; %d cached case(s) shown", self._host, len(copies))
        return LookupResult(
            tuple(case for case, _ in copies),
            self.name,
            cached_at=min(fetched for _, fetched in copies),
            problem=failure.user_message,
        )

    def _cached_copies(self, query: CaseLookup, limit: int) -> list[tuple[Case, float]]:
        """The cached cases for ``query`` that were fetched from a CRM (imported ones have no fetch time)."""
        if self._cache is None:
            return []
        try:
            found = self._cache.lookup(query, limit).cases
            dated = [(case, self._cache.cached_at(case.case_id)) for case in found]
        except StorageError as exc:
            _log.warning("the case cache could not be read: %s", type(exc).__name__)
            return []
        return [(case, fetched) for case, fetched in dated if fetched is not None]


class _SameHostAuthRedirect(urllib.request.HTTPRedirectHandler):
    """Follows redirects, and keeps the token only for one to the same scheme, host and port."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        auth = req.unredirected_hdrs.get("Authorization")
        if new is not None and auth and _origin(newurl) == _origin(req.full_url):
            new.add_unredirected_header("Authorization", auth)
        return new


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port


def _checked_base(base_url: str) -> tuple[str, str]:
    """``base_url`` without a trailing slash, and its host; ``ConfigError`` when it is no http(s) URL."""
    base = base_url.strip().rstrip("/")
    try:
        parts = urllib.parse.urlsplit(base)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = urllib.parse.urlsplit("")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError("cases.http_url is not an http(s) URL", user_message=BAD_URL_MESSAGE,
                          key="cases.http_url")
    return base, parts.hostname


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def _read_body(response: http.client.HTTPResponse, deadline: float) -> bytes:
    """The whole reply, read as it comes; ``TimeoutError`` past ``deadline`` (a reply trickling in),
    ``_ReplyTooLarge`` beyond ``_MAX_REPLY_BYTES``."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError("the reply took longer than the timeout")
        chunk = response.read1(_CHUNK_BYTES)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > _MAX_REPLY_BYTES:
            raise _ReplyTooLarge(f"the reply is larger than {_MAX_REPLY_BYTES} bytes")
        chunks.append(chunk)


class _ReplyTooLarge(ValueError):
    pass


def _decode(body: bytes, host: str, kind: str) -> Any:
    """The JSON of ``body``; ``CaseSourceError`` (MALFORMED_MESSAGE) when it is none."""
    try:
        return json.loads(body, parse_constant=_no_constant)
    except ValueError as exc:  # JSONDecodeError (it holds the whole body: not chained), UnicodeDecodeError
        what = type(exc).__name__
    _log.info("case API %s: GET %s sent a reply that is not JSON", host, kind)
    raise CaseSourceError(f"case API {host}: GET {kind}: the reply is not JSON ({what})",
                          user_message=MALFORMED_MESSAGE)


def _no_constant(name: str) -> NoReturn:
    raise ValueError("NaN and Infinity are not JSON")


# -- JSON -> Case ---------------------------------------------------------------------------
def case_from_json(obj: object) -> Case:
    """The ``Case`` of one case object of the API (docs/cases.md).

    Money in yuan (a number or a string, ``"1234.56"``) becomes integer fen;
    dates are ``YYYY-MM-DD``; a number other than the customer's own is
    do-not-contact unless the source says otherwise. Raises
    ``CaseSourceError`` (user_message ``UNREADABLE_MESSAGE``) naming the
    wrong or missing field, never its value.
    """
    return _case(obj, "case")


def _cases_from_json(obj: object, limit: int) -> tuple[Case, ...]:
    reply = _mapping(obj, "reply")
    items = _list(_required(reply, "cases", "reply"), "cases")
    return tuple(_case(item, f"cases[{i}]") for i, item in enumerate(items[:max(limit, 0)]))


def _case(obj: object, where: str) -> Case:
    d = _mapping(obj, where)
    return Case(
        case_id=_text(_required(d, "case_id", where), f"{where}.case_id", nonempty=True),
        customer=_customer(_required(d, "customer", where), f"{where}.customer"),
        loans=_each(d, "loans", where, _loan),
        numbers=_each(d, "numbers", where, _number),
        contacts=_each(d, "contacts", where, _contact),
        promises=_each(d, "promises", where, _promise),
        lenders_count=_count(d.get("lenders_count"), f"{where}.lenders_count"),
        complaints=_count(d.get("complaints"), f"{where}.complaints"),
        vulnerable=_flag(d.get("vulnerable"), f"{where}.vulnerable", default=False),
        source="http",
        time_zone=_zone(d.get("time_zone"), f"{where}.time_zone"),
    )


def _customer(obj: object, where: str) -> Customer:
    d = _mapping(obj, where)
    return Customer(
        name=_text(_required(d, "name", where), f"{where}.name"),
        id_number=_optional_text(d.get("id_number"), f"{where}.id_number"),
        card_number=_optional_text(d.get("card_number"), f"{where}.card_number"),
        address=_optional_text(d.get("address"), f"{where}.address"),
    )


def _loan(obj: object, where: str) -> Loan:
    d = _mapping(obj, where)
    days = _int(_required(d, "days_overdue", where), f"{where}.days_overdue")
    return Loan(
        contract_no=_text(_required(d, "contract_no", where), f"{where}.contract_no", nonempty=True),
        product=_optional_text(d.get("product"), f"{where}.product"),
        principal_fen=_fen(_required(d, "principal", where), f"{where}.principal"),
        balance_fen=_fen(_required(d, "balance", where), f"{where}.balance"),
        annual_rate=_rate(d.get("annual_rate"), f"{where}.annual_rate"),
        instalment_fen=_optional_fen(d.get("instalment"), f"{where}.instalment"),
        due_date=_optional_day(d.get("due_date"), f"{where}.due_date"),
        days_overdue=days,
        stage=_stage(d.get("stage"), days, f"{where}.stage"),
        due_today_fen=_optional_fen(d.get("due_today"), f"{where}.due_today"),
    )


def _number(obj: object, where: str) -> ContactNumber:
    d = _mapping(obj, where)
    text = _text(_required(d, "number", where), f"{where}.number")
    digits = normalise_number(text) if _PHONE_RE.fullmatch(text) else ""
    if not digits:
        _bad(f"{where}.number", "is not a phone number")
    relation = _relation(_required(d, "relation", where), f"{where}.relation")
    return ContactNumber(
        number=digits,
        relation=relation,
        do_not_contact=_flag(d.get("do_not_contact"), f"{where}.do_not_contact",
                             default=relation is not Relation.SELF),
        label=_optional_text(d.get("label"), f"{where}.label"),
    )


def _contact(obj: object, where: str) -> PastContact:
    d = _mapping(obj, where)
    return PastContact(
        at=_epoch(_required(d, "at", where), f"{where}.at"),
        channel=_optional_text(d.get("channel"), f"{where}.channel"),
        outcome=_optional_text(d.get("outcome"), f"{where}.outcome"),
    )


def _promise(obj: object, where: str) -> Promise:
    d = _mapping(obj, where)
    state = d.get("state")
    return Promise(
        promised_on=_day(_required(d, "promised_on", where), f"{where}.promised_on"),
        due_on=_day(_required(d, "due_on", where), f"{where}.due_on"),
        amount_fen=_fen(_required(d, "amount", where), f"{where}.amount"),
        state=PromiseState.OPEN if state is None else _enum_value(PromiseState, state, f"{where}.state"),
    )


# -- field readers: each names the field when it is wrong, never its value ---------------
def _bad(where: str, what: str) -> NoReturn:
    raise CaseSourceError(f"unreadable case data: {where} {what}", user_message=UNREADABLE_MESSAGE)


def _mapping(obj: object, where: str) -> Mapping[str, Any]:
    if not isinstance(obj, dict):
        _bad(where, "is not an object")
    return obj


def _list(obj: object, where: str) -> list[Any]:
    if not isinstance(obj, list):
        _bad(where, "is not a list")
    return obj


def _required(d: Mapping[str, Any], key: str, where: str) -> Any:
    value = d.get(key)
    if value is None:
        _bad(f"{where}.{key}", "is missing")
    return value


def _each(d: Mapping[str, Any], key: str, where: str, parse: Callable[[object, str], T]) -> tuple[T, ...]:
    items = d.get(key)
    if items is None:
        return ()
    return tuple(parse(item, f"{where}.{key}[{i}]") for i, item in enumerate(_list(items, f"{where}.{key}")))


def _text(value: object, where: str, nonempty: bool = False) -> str:
    if not isinstance(value, str):
        _bad(where, "is not a string")
    if nonempty and not value.strip():
        _bad(where, "is empty")
    return value.strip() if nonempty else value


def _zone(value: object, where: str) -> str:
    """An IANA time zone name, or "" when the CRM gives none."""
    text = _optional_text(value, where).strip()
    if text:
        try:
            ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            _bad(where, f"is not a time zone: {text!r}")
    return text


def _optional_text(value: object, where: str) -> str:
    return "" if value is None else _text(value, where)


def _int(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _bad(where, "is not a whole number")
    return value


def _count(value: object, where: str) -> int:
    if value is None:
        return 0
    count = _int(value, where)
    if count < 0:
        _bad(where, "is negative")
    return count


def _flag(value: object, where: str, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        _bad(where, "is not true or false")
    return value


def _fen(value: object, where: str) -> int:
    """A yuan amount (a number, or a string of one) in fen, rounded half up."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        _bad(where, "is not an amount in yuan")
    text = value.strip() if isinstance(value, str) else repr(value)
    if isinstance(value, str) and not _YUAN_RE.fullmatch(text):
        _bad(where, "is not an amount in yuan")
    try:
        yuan: Decimal | None = Decimal(text)
    except InvalidOperation:
        yuan = None
    if yuan is None or not yuan.is_finite():
        _bad(where, "is not an amount in yuan")
    return int((yuan * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _optional_fen(value: object, where: str) -> int:
    return 0 if value is None else _fen(value, where)


def _rate(value: object, where: str) -> float:
    """An annual rate as a fraction (0.18 for 18 %); a percentage (18) is refused, not guessed."""
    if value is None:
        return 0.0
    if isinstance(value, str):
        value = _float_or_none(value.strip())
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _bad(where, "is not a number")
    rate = float(value)
    if not 0.0 <= rate <= 1.0:  # also refuses NaN
        _bad(where, "is not a fraction between 0 and 1 (0.18 for 18 %)")
    return rate


def _float_or_none(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _day(value: object, where: str) -> date:
    day = _day_or_none(value.strip()) if isinstance(value, str) and _DAY_RE.fullmatch(value.strip()) else None
    if day is None:
        _bad(where, "is not a date (YYYY-MM-DD)")
    return day


def _day_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _optional_day(value: object, where: str) -> date | None:
    return None if value is None or value == "" else _day(value, where)


def _epoch(value: object, where: str) -> float:
    """Epoch seconds (milliseconds when larger than any date in seconds) or ISO-8601 (naive: local time)."""
    if isinstance(value, bool):
        _bad(where, "is not a time")
    if isinstance(value, (int, float)):
        seconds = float(value)
        if seconds != seconds or seconds in (float("inf"), float("-inf")) or seconds < 0:
            _bad(where, "is not a time")
        return seconds / 1000 if seconds > _EPOCH_MS_ABOVE else seconds
    parsed = _iso_seconds(value) if isinstance(value, str) else None
    if parsed is None:
        _bad(where, "is not an ISO-8601 time or epoch seconds")
    return parsed


def _iso_seconds(text: str) -> float | None:
    """Epoch seconds of an ISO-8601 time (naive: this computer's local time), or None."""
    try:
        return datetime.fromisoformat(text.strip()).timestamp()
    except (ValueError, OverflowError, OSError):
        return None


def _relation(value: object, where: str) -> Relation:
    return _enum_value(Relation, value, where)


def _stage(value: object, days_overdue: int, where: str) -> OverdueStage:
    return stage_for_days(days_overdue) if value is None else _enum_value(OverdueStage, value, where)


def _enum_value(kind: type[E], value: object, where: str) -> E:
    member = _member_or_none(kind, value.strip()) if isinstance(value, str) else None
    if member is None:
        _bad(where, f"is not one of {', '.join(str(m.value) for m in kind)}")
    return member


def _member_or_none(kind: type[E], text: str) -> E | None:
    try:
        return kind(text)
    except ValueError:
        return None
