"""SMS gateways against real servers: Kannel (bearerbox + smsbox + fakesmsc) and a local HTTP server.

The HTTP JSON gateway is tested against a ``http.server`` on 127.0.0.1 that
plays a cloud SMS provider (no provider can be reached from here); it is a
real HTTP exchange, only the provider's semantics are ours.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from softphone.errors import SmsAuthFailed, SmsNotConfigured, SmsRejected, SmsTimeout, SmsUnreachable
from softphone.secrets import SecretStore
from softphone.settings import SmsSettings
from softphone.sms import (
    HTTP_TOKEN_ENTRY,
    KANNEL_PASSWORD_ENTRY,
    DemoGateway,
    HttpJsonGateway,
    KannelGateway,
    SmsMessage,
    gateway_from_settings,
)
from tests.rig.kamailio import free_port
from tests.rig.kannel import KannelRig

PHONE = "13800138000"  # a fictional customer's phone on file
TEXT = "【示例金融】您的还款计划变更验证码 482913，5分钟内有效。"


@pytest.fixture
def store(tmp_path) -> SecretStore:
    """A real keyring backend (keyrings.alt's file backend in the test's folder), chosen explicitly."""
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    return SecretStore(backend)


def test_kannel_delivers_the_message_to_the_smsc(kannel: KannelRig):
    gateway = KannelGateway(kannel.sendsms_url, kannel.user, kannel.password, sender="10690")
    receipt = gateway.send(SmsMessage(PHONE, TEXT))
    assert receipt.gateway == "kannel" and "Accepted" in receipt.reference
    got = kannel.wait_message(PHONE)
    assert got.text == TEXT  # Chinese arrives as written (UCS-2)
    assert got.sender == "10690"


def test_kannel_wrong_password_is_told_apart(kannel: KannelRig):
    gateway = KannelGateway(kannel.sendsms_url, kannel.user, "wrong")
    with pytest.raises(SmsAuthFailed) as err:
        gateway.send(SmsMessage(PHONE, TEXT))
    assert "password" in err.value.user_message
    assert PHONE not in str(err.value) and "482913" not in str(err.value)
    time.sleep(0.5)
    assert kannel.received() == []


def test_kannel_from_settings_takes_the_password_from_the_keyring(kannel: KannelRig, store: SecretStore):
    store.set_secret(KANNEL_PASSWORD_ENTRY, kannel.password)
    gateway = gateway_from_settings(SmsSettings(gateway="kannel", kannel_url=kannel.sendsms_url,
                                                kannel_user=kannel.user), store)
    gateway.send(SmsMessage(PHONE, TEXT))
    assert kannel.wait_message(PHONE).text == TEXT


def test_a_gateway_that_is_down_is_unreachable():
    port = free_port()  # nothing listens there
    with pytest.raises(SmsUnreachable) as err:
        KannelGateway(f"http://127.0.0.1:{port}/cgi-bin/sendsms", "u", "p").send(SmsMessage(PHONE, TEXT))
    assert "cannot be reached" in err.value.user_message
    assert err.value.__cause__ is None and PHONE not in str(err.value)


def test_a_gateway_that_does_not_answer_times_out():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/cgi-bin/sendsms"
        started = time.monotonic()
        with pytest.raises(SmsTimeout) as err:
            KannelGateway(url, "u", "p", timeout_s=0.5).send(SmsMessage(PHONE, TEXT))
    assert time.monotonic() - started < 5
    assert "did not answer in time" in err.value.user_message


class _Provider(BaseHTTPRequestHandler):
    replies: list[tuple[int, bytes]] = []
    seen: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        type(self).seen.append(({k: v for k, v in self.headers.items()}, body))
        status, reply = type(self).replies.pop(0) if type(self).replies else (200, b'{"messageId": "m-1"}')
        self.send_response(status)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def provider() -> Iterator[str]:
    _Provider.replies, _Provider.seen = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    server.shutdown()
    server.server_close()


def test_http_json_gateway_fills_the_template_and_the_token(provider: str, store: SecretStore):
    store.set_secret(HTTP_TOKEN_ENTRY, "tok-123")
    settings = SmsSettings(gateway="http", http_url=provider, sender="LENDER",
                           http_headers='{"Authorization": "Bearer {token}", "X-App": "softphone"}',
                           http_body='{"phone": "{to}", "content": "{text}", "sign": "{sender}"}')
    receipt = gateway_from_settings(settings, store).send(SmsMessage(PHONE, 'say "hi"\n' + TEXT))
    assert receipt.reference == "m-1"
    headers, body = _Provider.seen[0]
    assert headers["Authorization"] == "Bearer tok-123" and headers["X-App"] == "softphone"
    assert json.loads(body) == {"phone": PHONE, "content": 'say "hi"\n' + TEXT, "sign": "LENDER"}


def test_http_json_gateway_refusals_are_told_apart(provider: str):
    gateway = HttpJsonGateway(provider)
    _Provider.replies = [(401, b"{}"), (400, b'{"error": "bad number"}'), (503, b"")]
    with pytest.raises(SmsAuthFailed):
        gateway.send(SmsMessage(PHONE, TEXT))
    with pytest.raises(SmsRejected) as err:
        gateway.send(SmsMessage(PHONE, TEXT))
    assert err.value.status == 400
    with pytest.raises(SmsRejected):
        gateway.send(SmsMessage(PHONE, TEXT))


def test_settings_without_a_gateway_say_so(store: SecretStore):
    with pytest.raises(SmsNotConfigured) as err:
        gateway_from_settings(SmsSettings(), store)
    assert "No SMS gateway" in err.value.user_message
    with pytest.raises(SmsNotConfigured):
        gateway_from_settings(SmsSettings(gateway="http", http_url="http://x", http_headers="[1]"), store)
    with pytest.raises(SmsNotConfigured):
        gateway_from_settings(SmsSettings(gateway="http", http_url="http://x", http_body="{not json"), store)


def test_demo_gateway_hands_the_message_to_the_simulated_phone(store: SecretStore):
    got: list[SmsMessage] = []
    gateway = gateway_from_settings(SmsSettings(gateway="demo"), store, demo_deliver=got.append)
    gateway.send(SmsMessage(PHONE, TEXT))
    assert got == [SmsMessage(PHONE, TEXT)]
    assert isinstance(gateway, DemoGateway)


def test_messages_never_show_number_or_text_in_repr():
    assert PHONE not in repr(SmsMessage(PHONE, TEXT)) and "482913" not in repr(SmsMessage(PHONE, TEXT))
