"""The gateway the settings name, with its credentials from the keyring.

``[sms] gateway`` is ``none`` (no codes can be sent: a plan change says so),
``demo`` (the demo's simulated customer), ``kannel`` or ``http``. Secrets are
keyring entries of the service ``agent-softphone``, never settings:
``sms-kannel-password`` and ``sms-http-token`` (``save_sms_secret``).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from ..errors import NoKeyringBackend, SecretStoreError, SmsNotConfigured
from ..i18n import N_
from ..secrets import SecretStore
from ..settings import SmsSettings
from .demo import DemoGateway
from .http_json import HttpJsonGateway
from .kannel import KannelGateway
from .message import SmsGateway, SmsMessage

__all__ = ["gateway_from_settings", "save_sms_secret", "KANNEL_PASSWORD_ENTRY", "HTTP_TOKEN_ENTRY"]

KANNEL_PASSWORD_ENTRY = "sms-kannel-password"
HTTP_TOKEN_ENTRY = "sms-http-token"


def save_sms_secret(secrets: SecretStore, entry: str, value: str) -> None:
    """Keep the Kannel password or the HTTP token in the keyring."""
    if entry not in (KANNEL_PASSWORD_ENTRY, HTTP_TOKEN_ENTRY):
        raise ValueError(f"not an sms secret entry: {entry}")
    secrets.set_secret(entry, value)


def gateway_from_settings(settings: SmsSettings, secrets: SecretStore,
                          demo_deliver: Callable[[SmsMessage], None] | None = None) -> SmsGateway:
    """The configured gateway; :class:`SmsNotConfigured` (plain words) when there is none or it lacks a part."""
    if settings.gateway == "demo":
        return DemoGateway(demo_deliver)
    if settings.gateway == "kannel":
        return KannelGateway(settings.kannel_url, settings.kannel_user, _secret(secrets, KANNEL_PASSWORD_ENTRY),
                             settings.sender, settings.timeout_s)
    if settings.gateway == "http":
        return HttpJsonGateway(settings.http_url, _headers(settings.http_headers), settings.http_body,
                               _secret(secrets, HTTP_TOKEN_ENTRY), settings.sender, settings.timeout_s)
    raise SmsNotConfigured("no sms gateway in the settings")


def _secret(secrets: SecretStore, entry: str) -> str:
    try:
        return secrets.get_secret(entry) or ""
    except NoKeyringBackend as exc:
        raise SmsNotConfigured(f"no keyring for {entry}", user_message=N_(
            "The SMS gateway's password is kept in this computer's password store, and none is available."
        )) from exc
    except SecretStoreError as exc:
        raise SmsNotConfigured(f"keyring failed for {entry}: {type(exc).__name__}", user_message=exc.user_message) \
            from exc


def _headers(text: str) -> dict[str, str]:
    try:
        parsed = json.loads(text or "{}")
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
        raise SmsNotConfigured("sms http_headers is not a JSON object of strings", user_message=N_(
            "The SMS gateway headers in the settings must be a JSON object of header names and values."))
    return {str(k): v for k, v in parsed.items()}
