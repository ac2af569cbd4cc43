"""Sending SMS (no Qt): one interface (``SmsGateway``), three gateways, chosen by the settings.

``kannel`` (Kannel's HTTP sendsms), ``http_json`` (a cloud provider's JSON
API), ``demo`` (the demo's simulated customer); ``factory`` picks one from
``[sms]`` with its secret from the keyring. Failures are ``SmsError`` kinds
(``softphone.errors``) with plain words for the agent.
"""

from .demo import DemoGateway
from .factory import HTTP_TOKEN_ENTRY, KANNEL_PASSWORD_ENTRY, gateway_from_settings, save_sms_secret
from .http_json import HttpJsonGateway, render_body
from .kannel import KannelGateway
from .message import SmsGateway, SmsMessage, SmsReceipt

__all__ = ["DemoGateway", "HttpJsonGateway", "KannelGateway", "SmsGateway", "SmsMessage", "SmsReceipt",
           "gateway_from_settings", "save_sms_secret", "render_body", "KANNEL_PASSWORD_ENTRY", "HTTP_TOKEN_ENTRY"]
