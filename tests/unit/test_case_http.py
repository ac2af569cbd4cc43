"""HttpCaseSource against a real local HTTP server, with the real CaseStore as its cache.

The server is ``http.server.ThreadingHTTPServer`` on 127.0.0.1 (port 0) in a
thread; its handler serves canned replies (JSON, raw bytes, a status, a
delay) and records each request's path and headers. The cache is
``store.CaseStore`` on a SQLite file in tmp_path with a fresh FieldCipher key;
the token lives in keyrings.alt's PlaintextKeyring (conftest ``store``).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from softphone.crm.http_source import (
    MALFORMED_MESSAGE,
    TOKEN_ENTRY,
    UNREACHABLE_MESSAGE,
    UNREADABLE_MESSAGE,
    HttpCaseSource,
    case_from_json,
    crm_token,
    save_crm_token,
    server_error_message,
    timeout_message,
    token_refused_message,
)
from softphone.crm.model import Case, ContactNumber, Customer, OverdueStage, PromiseState, Relation
from softphone.crm.source import SOURCE_DOWN_MESSAGE, CaseLookup, CaseSourceError
from softphone.crm.store import CaseStore
from softphone.errors import ConfigError
from softphone.secrets import SERVICE_NAME, SecretStore
from softphone.storage.vault import FieldCipher

TOKEN = "tok-9f8e7d6c5b4a"
NAME = "张三丰"
OWN_NUMBER = "13812345678"


def case_json(case_id: str = "C-1001", number: str = "+86 138-1234-5678") -> dict[str, Any]:
    return {
        "case_id": case_id,
        "customer": {"name": NAME, "id_number": "110101199003071234", "card_number": "6222020200112233445",
                     "address": "北京市朝阳区某路1号"},
        "loans": [
            {"contract_no": "HT-2024-0001", "product": "消费贷", "principal": 12000, "balance": "8000.50",
             "annual_rate": 0.18, "instalment": 1066.67, "due_date": "2024-05-20", "days_overdue": 12,
             "due_today": "1100.05"},
            {"contract_no": "HT-2024-0002", "product": "现金贷", "principal": 0.1, "balance": 0.29,
             "annual_rate": "0.24", "due_date": None, "days_overdue": 75, "stage": "M3+"},
        ],
        "numbers": [
            {"number": number, "relation": "self", "label": "mobile"},
            {"number": "13900001111", "relation": "spouse"},
            {"number": "13700002222", "relation": "friend", "do_not_contact": False},
            {"number": "010-8888-9999", "relation": "self", "do_not_contact": True, "label": "home"},
        ],
        "contacts": [
            {"at": "2024-05-01T10:30:00+08:00", "channel": "call", "outcome": "no_answer"},
            {"at": 1714530600, "channel": "sms", "outcome": "sent"},
            {"at": 1714530600500},
        ],
        "promises": [
            {"promised_on": "2024-05-01", "due_on": "2024-05-10", "amount": "500", "state": "broken"},
            {"promised_on": "2024-05-12", "due_on": "2024-05-15", "amount": 300.5},
        ],
        "lenders_count": 4,
        "complaints": 1,
        "vulnerable": True,
    }


# -- the server -------------------------------------------------------------------------------
@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0  # before the status line
    trickle: float = 0.0  # between the bytes of the body
    location: str = ""


@dataclass
class Seen:
    key: str
    headers: dict[str, str]


@dataclass
class CrmServer:
    """Canned replies by "path?k=v" (decoded); anything else is a 404."""

    replies: dict[str, Reply] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    httpd: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self.httpd is not None
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def json(self, key: str, obj: object, status: int = 200) -> None:
        self.replies[key] = Reply(status, json.dumps(obj, ensure_ascii=False).encode("utf-8"))

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()


def _handler(server: CrmServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urllib.parse.urlsplit(self.path)
            query = "&".join(f"{k}={v}" for k, v in urllib.parse.parse_qsl(parts.query))
            key = urllib.parse.unquote(parts.path) + (f"?{query}" if query else "")
            server.seen.append(Seen(key, {k.lower(): v for k, v in self.headers.items()}))
            reply = server.replies.get(key, Reply(404, b'{"error": "not found"}'))
            try:
                self._send(reply)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the slow tests)

        def _send(self, reply: Reply) -> None:
            time.sleep(reply.delay)
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(reply.body)))
            if reply.location:
                self.send_header("Location", reply.location)
            self.end_headers()
            for i in range(0, len(reply.body), 8 if reply.trickle else len(reply.body) or 1):
                self.wfile.write(reply.body[i:i + 8] if reply.trickle else reply.body)
                self.wfile.flush()
                time.sleep(reply.trickle)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
            pass

    return Handler


@pytest.fixture
def crm() -> Iterator[CrmServer]:
    server = CrmServer()
    server.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    server.httpd.daemon_threads = True
    thread = threading.Thread(target=server.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.stop()
    thread.join(timeout=5)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[CaseStore]:
    store = CaseStore.open(tmp_path / "softphone.db", FieldCipher(FieldCipher.new_key()))
    yield store
    store.close()


@pytest.fixture
def source(crm: CrmServer, cache: CaseStore) -> HttpCaseSource:
    return HttpCaseSource(crm.url, TOKEN, timeout_s=0.5, cache=cache)


def failure(source: HttpCaseSource, query: CaseLookup) -> CaseSourceError:
    with pytest.raises(CaseSourceError) as info:
        source.lookup(query)
    return info.value


# -- found ------------------------------------------------------------------------------------
def test_found_by_id_and_parsed(crm: CrmServer, source: HttpCaseSource) -> None:
    crm.json("/api/cases/C-1001", case_json())
    case = source.get("C-1001")
    assert case is not None
    assert crm.seen[-1].key == "/api/cases/C-1001"
    assert case.case_id == "C-1001" and case.source == "http"
    assert case.customer == Customer(NAME, "110101199003071234", "6222020200112233445", "北京市朝阳区某路1号")
    first, second = case.loans
    assert (first.principal_fen, first.balance_fen, first.instalment_fen, first.due_today_fen) == (
        1_200_000, 800_050, 106_667, 110_005)
    assert (second.principal_fen, second.balance_fen, second.instalment_fen, second.due_today_fen) == (10, 29, 0, 0)
    assert (first.annual_rate, second.annual_rate) == (0.18, 0.24)
    assert (first.due_date, second.due_date) == (date(2024, 5, 20), None)
    assert (first.stage, second.stage) == (OverdueStage.M1, OverdueStage.M3_PLUS)  # derived / as sent
    assert case.balance_fen == 800_079 and case.days_overdue == 75


def test_numbers_relations_and_do_not_contact(crm: CrmServer, source: HttpCaseSource) -> None:
    crm.json("/api/cases/C-1001", case_json())
    case = source.get("C-1001")
    assert case is not None
    assert case.numbers == (
        ContactNumber(OWN_NUMBER, Relation.SELF, False, "mobile"),
        ContactNumber("13900001111", Relation.SPOUSE, True, ""),  # a third party: do not contact by default
        ContactNumber("13700002222", Relation.FRIEND, False, ""),  # unless the source says otherwise
        ContactNumber("01088889999", Relation.SELF, True, "home"),
    )


def test_contacts_promises_and_risk_fields(crm: CrmServer, source: HttpCaseSource) -> None:
    crm.json("/api/cases/C-1001", case_json())
    case = source.get("C-1001")
    assert case is not None
    at = datetime(2024, 5, 1, 2, 30, tzinfo=timezone.utc).timestamp()
    assert [(c.at, c.channel, c.outcome) for c in case.contacts] == [
        (at, "call", "no_answer"), (at, "sms", "sent"), (at + 0.5, "", "")]  # ISO, seconds, milliseconds
    assert [(p.promised_on, p.due_on, p.amount_fen, p.state) for p in case.promises] == [
        (date(2024, 5, 1), date(2024, 5, 10), 50_000, PromiseState.BROKEN),
        (date(2024, 5, 12), date(2024, 5, 15), 30_050, PromiseState.OPEN),
    ]
    assert (case.lenders_count, case.complaints, case.vulnerable) == (4, 1, True)


def test_found_by_number_and_cached(crm: CrmServer, source: HttpCaseSource, cache: CaseStore) -> None:
    crm.json(f"/api/cases?number={OWN_NUMBER}", {"cases": [case_json(), case_json("C-1002")]})
    before = time.time()
    result = source.lookup(CaseLookup(number="+86 138 1234 5678"))
    after = time.time()
    assert crm.seen[-1].key == f"/api/cases?number={OWN_NUMBER}"  # the normalised digits
    assert [c.case_id for c in result.cases] == ["C-1001", "C-1002"]
    assert (result.source, result.cached_at, result.problem, result.from_cache) == ("http", None, None, False)
    for case_id in ("C-1001", "C-1002"):
        fetched = cache.cached_at(case_id)
        assert fetched is not None and before <= fetched <= after
        assert cache.get(case_id) is not None


def test_found_by_text_and_limited(crm: CrmServer, source: HttpCaseSource) -> None:
    crm.json("/api/cases?q=张* 5678", {"cases": [case_json(f"C-{i}") for i in range(5)]})
    result = source.lookup(CaseLookup(text=" 张* 5678 "), limit=3)
    assert crm.seen[-1].key == "/api/cases?q=张* 5678"
    assert [c.case_id for c in result.cases] == ["C-0", "C-1", "C-2"]


def test_lookup_by_case_id_and_quoting(crm: CrmServer, source: HttpCaseSource) -> None:
    crm.json("/api/cases/A/1 x", case_json("A/1 x"))
    result = source.lookup(CaseLookup(case_id="A/1 x"))
    assert [c.case_id for c in result.cases] == ["A/1 x"]
    assert crm.seen[-1].key == "/api/cases/A/1 x"


# -- not found --------------------------------------------------------------------------------
def test_not_found(crm: CrmServer, source: HttpCaseSource, cache: CaseStore) -> None:
    assert source.get("C-404") is None
    assert source.lookup(CaseLookup(case_id="C-404")).cases == ()
    crm.json("/api/cases?number=13800000000", {"cases": []})
    empty = source.lookup(CaseLookup(number="13800000000"))
    assert (empty.cases, empty.cached_at, empty.problem) == ((), None, None)
    assert source.lookup(CaseLookup(number="13900000000")).cases == ()  # a 404 on the search too
    assert cache.count() == 0


# -- the token --------------------------------------------------------------------------------
def test_bearer_token_and_accept_are_sent(crm: CrmServer, source: HttpCaseSource, cache: CaseStore) -> None:
    crm.json("/api/cases/C-1001", case_json())
    source.get("C-1001")
    assert crm.seen[-1].headers["authorization"] == f"Bearer {TOKEN}"
    assert crm.seen[-1].headers["accept"] == "application/json"
    HttpCaseSource(crm.url, None, 0.5, cache).get("C-1001")
    assert "authorization" not in crm.seen[-1].headers


def test_token_follows_a_redirect_only_to_the_same_server(crm: CrmServer, source: HttpCaseSource) -> None:
    crm.json("/api/cases/C-1001", case_json())
    crm.replies["/api/cases/OLD"] = Reply(302, b"", location="/api/cases/C-1001")
    crm.replies["/api/cases/ELSEWHERE"] = Reply(
        302, b"", location=f"http://localhost:{crm.port}/api/cases/C-1001")
    assert source.get("OLD") is not None
    assert crm.seen[-1].headers.get("authorization") == f"Bearer {TOKEN}"
    assert source.get("ELSEWHERE") is not None
    assert "authorization" not in crm.seen[-1].headers  # another host name: the token stays here


def test_token_in_the_keyring(store: SecretStore, file_keyring: PlaintextKeyring) -> None:
    assert crm_token(store) is None
    save_crm_token(store, f"  {TOKEN}\n")
    assert crm_token(store) == TOKEN
    assert file_keyring.get_password(SERVICE_NAME, "crm-token") == TOKEN == file_keyring.get_password(
        SERVICE_NAME, TOKEN_ENTRY)
    with pytest.raises(ValueError):
        save_crm_token(store, "  ")
    assert crm_token(SecretStore(fail.Keyring())) is None  # no keyring: no token, ask no one


# -- failures ---------------------------------------------------------------------------------
def test_unreachable(crm: CrmServer, source: HttpCaseSource) -> None:
    crm.stop()
    exc = failure(source, CaseLookup(case_id="C-1001"))
    assert exc.user_message == UNREACHABLE_MESSAGE
    assert "cannot be reached" in exc.user_message


def test_unknown_host_is_unreachable(cache: CaseStore) -> None:
    source = HttpCaseSource("http://crm.invalid/api", TOKEN, 2.0, cache)
    assert failure(source, CaseLookup(number=OWN_NUMBER)).user_message == UNREACHABLE_MESSAGE


def test_slow_server_times_out(crm: CrmServer, source: HttpCaseSource) -> None:
    crm.replies["/api/cases/C-1001"] = Reply(200, json.dumps(case_json()).encode(), delay=1.5)
    started = time.monotonic()
    exc = failure(source, CaseLookup(case_id="C-1001"))
    assert time.monotonic() - started < 1.4
    assert exc.user_message == timeout_message(0.5)
    assert "too slow" in exc.user_message and "0.5 seconds" in exc.user_message


def test_reply_trickling_in_past_the_timeout(crm: CrmServer, source: HttpCaseSource) -> None:
    body = json.dumps(case_json()).encode()
    crm.replies["/api/cases/C-1001"] = Reply(200, body, trickle=0.05)  # each gap < 0.5 s, the whole > 0.5 s
    started = time.monotonic()
    exc = failure(source, CaseLookup(case_id="C-1001"))
    assert time.monotonic() - started < 1.5
    assert exc.user_message == timeout_message(0.5)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_error(crm: CrmServer, source: HttpCaseSource, status: int) -> None:
    crm.replies["/api/cases/C-1001"] = Reply(status, b"<html>oops</html>")
    exc = failure(source, CaseLookup(case_id="C-1001"))
    assert exc.user_message == server_error_message(status)
    assert f"server error {status}" in exc.user_message
    assert f"HTTP {status}" in str(exc)


@pytest.mark.parametrize("status", [401, 403])
def test_token_refused(crm: CrmServer, source: HttpCaseSource, status: int) -> None:
    crm.replies[f"/api/cases?number={OWN_NUMBER}"] = Reply(status, b"")
    exc = failure(source, CaseLookup(number=OWN_NUMBER))
    assert exc.user_message == token_refused_message()
    assert "access token is wrong or missing" in exc.user_message
    assert "“crm-token”" in exc.user_message and "“agent-softphone”" in exc.user_message
    crm.replies["/api/cases/C-1001"] = Reply(status, b"")
    with pytest.raises(CaseSourceError) as by_id:
        source.get("C-1001")
    assert by_id.value.user_message == token_refused_message()


def test_malformed_json(crm: CrmServer, source: HttpCaseSource) -> None:
    crm.replies["/api/cases/C-1001"] = Reply(200, b'{"case_id": "C-1001", "customer": {')
    exc = failure(source, CaseLookup(case_id="C-1001"))
    assert exc.user_message == MALFORMED_MESSAGE
    assert exc.__cause__ is None and exc.__context__ is None  # the decoder's error holds the whole reply
    crm.replies["/api/cases/C-1001"] = Reply(200, b'{"case_id": NaN}')
    assert failure(source, CaseLookup(case_id="C-1001")).user_message == MALFORMED_MESSAGE


def test_wrong_schema_from_the_server(crm: CrmServer, source: HttpCaseSource) -> None:
    broken = case_json()
    del broken["loans"][1]["balance"]
    crm.json(f"/api/cases?number={OWN_NUMBER}", {"cases": [case_json("C-1"), broken]})
    exc = failure(source, CaseLookup(number=OWN_NUMBER))
    assert exc.user_message == UNREADABLE_MESSAGE
    assert "cases[1].loans[1].balance" in str(exc)
    crm.json("/api/cases?number=13800000000", [case_json()])  # no {"cases": ...}
    assert failure(source, CaseLookup(number="13800000000")).user_message == UNREADABLE_MESSAGE


def _with(path: str, value: object) -> dict[str, Any]:
    obj = case_json()
    *parents, last = path.split(".")
    target: Any = obj
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is _DELETE:
        del target[last]
    else:
        target[last] = value
    return obj


_DELETE = object()
SENTINEL = "SECRET-7731"


@pytest.mark.parametrize(("path", "value", "named"), [
    ("case_id", _DELETE, "case.case_id"),
    ("customer", SENTINEL, "case.customer"),
    ("customer.name", 7731, "case.customer.name"),
    ("loans.0.principal", f"12,000 {SENTINEL}", "case.loans[0].principal"),
    ("loans.0.principal", True, "case.loans[0].principal"),
    ("loans.0.days_overdue", "12", "case.loans[0].days_overdue"),
    ("loans.0.due_date", f"20/05/2024 {SENTINEL}", "case.loans[0].due_date"),
    ("loans.0.due_date", "2024-13-01", "case.loans[0].due_date"),
    ("loans.0.annual_rate", 18, "case.loans[0].annual_rate"),
    ("loans.0.stage", SENTINEL, "case.loans[0].stage"),
    ("numbers.1.relation", SENTINEL, "case.numbers[1].relation"),
    ("numbers.1.relation", _DELETE, "case.numbers[1].relation"),
    ("numbers.1.number", SENTINEL, "case.numbers[1].number"),
    ("numbers.0.do_not_contact", "no", "case.numbers[0].do_not_contact"),
    ("contacts.0.at", f"yesterday {SENTINEL}", "case.contacts[0].at"),
    ("promises.0.state", SENTINEL, "case.promises[0].state"),
    ("promises.1.due_on", _DELETE, "case.promises[1].due_on"),
    ("loans", {"contract_no": SENTINEL}, "case.loans"),
    ("vulnerable", "yes", "case.vulnerable"),
    ("complaints", -1, "case.complaints"),
])
def test_wrong_schema_names_the_field_not_its_value(path: str, value: object, named: str) -> None:
    with pytest.raises(CaseSourceError) as info:
        case_from_json(_with(path, value))
    exc = info.value
    assert exc.user_message == UNREADABLE_MESSAGE
    assert named in str(exc)
    assert SENTINEL not in str(exc) and "7731" not in str(exc)
    assert exc.__cause__ is None and exc.__context__ is None  # no parser error holding the value


def test_case_from_json_defaults() -> None:
    case = case_from_json({"case_id": "C-9", "customer": {"name": NAME}})
    assert case == Case("C-9", Customer(NAME), source="http")


def test_bad_base_url() -> None:
    for url in ("", "crm.example.com/api", "ftp://crm.example.com/", "http://", "http://crm:port/"):
        with pytest.raises(ConfigError) as info:
            HttpCaseSource(url, None, 3.0)
        assert info.value.key == "cases.http_url"


def test_messages_are_distinct_and_say_what_happened(crm: CrmServer, source: HttpCaseSource) -> None:
    crm.replies["/api/cases/SLOW"] = Reply(200, b"{}", delay=1.0)
    crm.replies["/api/cases/DOWN"] = Reply(500, b"")
    crm.replies["/api/cases/AUTH"] = Reply(401, b"")
    crm.replies["/api/cases/JUNK"] = Reply(200, b"<html>")
    crm.json("/api/cases/ODD", {"case_id": "ODD"})
    messages = {case_id: failure(source, CaseLookup(case_id=case_id)).user_message
                for case_id in ("SLOW", "DOWN", "AUTH", "JUNK", "ODD")}
    crm.stop()
    messages["GONE"] = failure(source, CaseLookup(case_id="C-1")).user_message
    assert len(set(messages.values())) == len(messages)
    generic = {SOURCE_DOWN_MESSAGE, CaseSourceError.default_user_message}
    assert not generic & set(messages.values())
    for case_id, words in {"SLOW": "too slow", "DOWN": "server error 500", "AUTH": "access token",
                           "JUNK": "garbled", "ODD": "cannot be read", "GONE": "cannot be reached"}.items():
        assert words in messages[case_id]
    assert all(m.id and "{" not in m for m in messages.values())  # filled in, translatable


# -- the cached copy ----------------------------------------------------------------------------
def test_cached_copy_when_the_server_is_gone(crm: CrmServer, source: HttpCaseSource, cache: CaseStore) -> None:
    crm.json(f"/api/cases?number={OWN_NUMBER}", {"cases": [case_json(), case_json("C-1002")]})
    source.lookup(CaseLookup(number=OWN_NUMBER))
    time.sleep(0.01)
    crm.json("/api/cases/C-1002", case_json("C-1002"))
    source.get("C-1002")  # fetched again: newer
    oldest, newer = cache.cached_at("C-1001"), cache.cached_at("C-1002")
    assert oldest is not None and newer is not None and oldest < newer
    crm.stop()

    result = source.lookup(CaseLookup(number="138-1234-5678"))
    assert sorted(c.case_id for c in result.cases) == ["C-1001", "C-1002"]
    assert (result.source, result.from_cache, result.cached_at) == ("http", True, oldest)
    assert result.problem == UNREACHABLE_MESSAGE
    assert result.cases[0].customer.name == NAME and result.cases[0].loans[0].balance_fen == 800_050

    by_id = source.lookup(CaseLookup(case_id="C-1002"))
    assert [c.case_id for c in by_id.cases] == ["C-1002"] and by_id.cached_at == newer

    assert failure(source, CaseLookup(number="13999999999")).user_message == UNREACHABLE_MESSAGE  # not cached
    with pytest.raises(CaseSourceError):
        source.get("C-1001")  # get cannot say how old a copy is: it raises


def test_cached_copy_when_the_server_fails(crm: CrmServer, source: HttpCaseSource) -> None:
    crm.json("/api/cases/C-1001", case_json())
    source.get("C-1001")
    crm.replies["/api/cases/C-1001"] = Reply(503, b"")
    result = source.lookup(CaseLookup(case_id="C-1001"))
    assert result.from_cache and result.problem == server_error_message(503)
    crm.replies["/api/cases/C-1001"] = Reply(401, b"")
    assert source.lookup(CaseLookup(case_id="C-1001")).problem == token_refused_message()


def test_imported_cases_are_no_cached_copy(crm: CrmServer, source: HttpCaseSource, cache: CaseStore) -> None:
    cache.upsert(Case("L-1", Customer(NAME), numbers=(ContactNumber(OWN_NUMBER),)))  # imported: no fetch time
    crm.stop()
    assert failure(source, CaseLookup(number=OWN_NUMBER)).user_message == UNREACHABLE_MESSAGE


def test_without_a_cache(crm: CrmServer) -> None:
    source = HttpCaseSource(crm.url, TOKEN, 0.5)
    crm.json("/api/cases/C-1001", case_json())
    assert source.lookup(CaseLookup(case_id="C-1001")).cases[0].case_id == "C-1001"
    crm.stop()
    assert failure(source, CaseLookup(case_id="C-1001")).user_message == UNREACHABLE_MESSAGE
    source.close()


# -- logging --------------------------------------------------------------------------------------
def test_logs_name_the_host_and_status_only(crm: CrmServer, source: HttpCaseSource,
                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    crm.json(f"/api/cases?number={OWN_NUMBER}", {"cases": [case_json()]})
    crm.replies["/api/cases/C-777"] = Reply(500, b"")
    source.lookup(CaseLookup(number=OWN_NUMBER))
    failure(source, CaseLookup(case_id="C-777"))
    source.lookup(CaseLookup(text=NAME))
    crm.stop()
    source.lookup(CaseLookup(number=OWN_NUMBER))
    text = caplog.text + repr(source)
    assert "127.0.0.1" in text and "500" in text
    for secret in (TOKEN, OWN_NUMBER, "5678", NAME, "C-777", "110101"):
        assert secret not in text
