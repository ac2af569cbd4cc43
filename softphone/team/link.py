"""The connection to the team's MQTT broker (paho-mqtt): TLS, a user name and password, what went wrong.

Both sides use it: the agent's publisher and the lead's follower. paho runs the
connection on its own thread and reconnects by itself (1 s, then up to 10 s
between tries); everything it reports is handed to the caller's callbacks as
plain values, and its errors become one of ``LinkProblem`` with a sentence an
agent or a lead can act on.
"""

from __future__ import annotations

import enum
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from ..i18n import N_, Msg

__all__ = ["BrokerAddress", "LinkProblem", "make_client", "problem_message", "parse_broker"]

log = logging.getLogger(__name__)
DEFAULT_TLS_PORT = 8883
KEEPALIVE_S = 15


class LinkProblem(str, enum.Enum):
    NONE = "none"
    AUTH_FAILED = "auth_failed"  # wrong user name or password, or a user the broker does not let in
    UNREACHABLE = "unreachable"  # refused, no route, timed out, TLS failed
    LOST = "lost"  # it was connected, and the link dropped


@dataclass(frozen=True)
class BrokerAddress:
    host: str
    port: int = DEFAULT_TLS_PORT
    ca_file: str = ""  # the CA that signed the broker's certificate; empty: the system's
    tls: bool = True


def parse_broker(text: str, ca_file: str = "", tls: bool = True) -> BrokerAddress:
    """``host`` or ``host:port``; ValueError for anything else."""
    host, _, port = text.strip().rpartition(":") if ":" in text else (text.strip(), "", "")
    if not host or (port and not port.isdigit()):
        raise ValueError(f'the broker is "host" or "host:port", not "{text}"')
    return BrokerAddress(host, int(port) if port else DEFAULT_TLS_PORT, ca_file, tls)


def problem_message(problem: LinkProblem, where: str) -> Msg:
    return {
        LinkProblem.AUTH_FAILED: N_("The team server {0} refused the user name or password. Check them, or ask "
                                    "your administrator whether this user may connect.", where),
        LinkProblem.UNREACHABLE: N_("The team server {0} cannot be reached; trying again. Calls go on.", where),
        LinkProblem.LOST: N_("The link to the team server {0} dropped; trying again. Nothing is lost.", where),
        LinkProblem.NONE: N_("Connected to the team server {0}.", where),
    }[problem]


def make_client(address: BrokerAddress, client_id: str, username: str, password: str,
                on_up: Callable[[], None], on_down: Callable[[LinkProblem], None],
                on_published: Callable[[int], None] | None = None,
                on_message: Callable[[str, bytes], None] | None = None, persistent: bool = False) -> mqtt.Client:
    """A paho client with its callbacks wired to plain ones (paho's thread calls them: hand over, return).

    ``persistent``: the broker keeps this client's subscriptions and queues its QoS 1 messages while it is
    away (the lead's follower: what agents send while the lead reconnects is not missed)."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv311,
                         clean_session=not persistent)
    client.username_pw_set(username, password)
    if address.tls:
        client.tls_set(ca_certs=address.ca_file or None, cert_reqs=ssl.CERT_REQUIRED,
                       tls_version=ssl.PROTOCOL_TLS_CLIENT)
    client.reconnect_delay_set(min_delay=1, max_delay=10)

    def connected(_c: Any, _u: Any, _flags: Any, reason: Any, _props: Any) -> None:
        if getattr(reason, "is_failure", False):
            on_down(_refusal(reason))
        else:
            on_up()

    def disconnected(_c: Any, _u: Any, _flags: Any, reason: Any, _props: Any) -> None:
        on_down(_refusal(reason) if _is_refusal(reason) else LinkProblem.LOST)

    client.on_connect = connected
    client.on_disconnect = disconnected
    client.on_connect_fail = lambda _c, _u: on_down(LinkProblem.UNREACHABLE)
    if on_published is not None:
        client.on_publish = lambda _c, _u, mid, _reason, _props: on_published(int(mid))
    if on_message is not None:
        client.on_message = lambda _c, _u, msg: on_message(str(msg.topic), bytes(msg.payload))
    return client


def _is_refusal(reason: Any) -> bool:
    return getattr(reason, "value", 0) in (4, 5, 134, 135)


def _refusal(reason: Any) -> LinkProblem:
    """Mosquitto 2.0 answers a wrong password with "not authorized" (135), never "bad user name or password"
    (134): both are taken as the user name or password being refused."""
    if getattr(reason, "value", 0) in (4, 5, 134, 135):
        return LinkProblem.AUTH_FAILED
    log.info("team broker refused the connection: %s", reason)
    return LinkProblem.UNREACHABLE
