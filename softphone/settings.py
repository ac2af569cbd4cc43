"""The softphone's settings, declared once.

Each option is a field of a frozen dataclass carrying its name, type, default
and title (``field(metadata={"title": ...})``) plus an optional value check.
The TOML loader, the writer, the options pages and ``docs/config.md`` all work
from these declarations; nothing else lists the options again.

The settings file has one table per section (``[account] [sip] [audio]
[auto_answer] [storage]``) and a top-level ``schema_version``. Files from an
older version are upgraded in memory by the step table ``MIGRATIONS``.

Passwords are never read from the file: a ``password`` key anywhere is refused.
The password comes from the environment variable named by
``account.password_env`` or from the system keyring (see ``secrets.py``).
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin, get_type_hints

from . import __version__
from .errors import ConfigError
from .i18n import N_

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "SETTINGS_VERSION",
    "MIGRATIONS",
    "Transport",
    "SrtpMode",
    "DtmfMethod",
    "AccountSettings",
    "SipSettings",
    "AudioSettings",
    "AssistSettings",
    "AutoAnswerSettings",
    "StorageSettings",
    "CasesSettings",
    "SmsSettings",
    "Settings",
    "OptionInfo",
    "option_infos",
    "load_settings",
    "save_settings",
    "dump_settings",
    "settings_from_dict",
    "settings_to_dict",
    "migrate",
    "changed_keys",
]

SETTINGS_VERSION = 1

Transport = Literal["udp", "tcp", "tls"]
SrtpMode = Literal["off", "optional", "mandatory"]
DtmfMethod = Literal["rfc2833", "info", "auto"]
Language = Literal["auto", "zh_CN", "en"]
RulesLanguage = Literal["zh", "ko"]

T = TypeVar("T")
Check = Callable[[Any], "str | None"]  # returns what is wrong, or None


class _Problem(Exception):
    """A settings problem found before the file path is known to the finder."""

    def __init__(self, key: str, what: str) -> None:
        super().__init__(f"{key}: {what}")
        self.key = key
        self.what = what


def _setting(default: T, title: str, check: Check | None = None) -> T:
    return field(default=default, metadata={"title": title, "check": check})


def _section(factory: Callable[[], T], title: str) -> T:
    return field(default_factory=factory, metadata={"title": title, "check": None})


# -- value checks -------------------------------------------------------------

_HOST_PORT = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[^\s:\[\]]+)(?::(?P<port>\d+))?$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _check_server(value: str) -> str | None:
    if value == "":
        return None
    match = _HOST_PORT.match(value)
    if match is None:
        return f'must look like "host" or "host:port", not "{value}"'
    port = match.group("port")
    if port is not None and not 1 <= int(port) <= 65535:
        return f"the port must be between 1 and 65535, not {port}"
    return None


def _check_positive(value: float) -> str | None:
    return None if value > 0 else f"must be greater than 0, not {value}"


def _check_not_negative(value: float) -> str | None:
    return None if value >= 0 else f"must not be negative, not {value}"


def _check_port(value: int) -> str | None:
    return None if 0 <= value <= 65535 else f"must be between 0 and 65535, not {value}"


def _check_env_name(value: str) -> str | None:
    if value == "" or _ENV_NAME.match(value):
        return None
    return f'must be the name of an environment variable (letters, digits, _), not "{value}"'


def _check_not_empty(value: str) -> str | None:
    return None if value.strip() else "must not be empty"


_CLOCK_RATES = (8000, 16000, 32000, 44100, 48000)


def _check_clock_rate(value: int) -> str | None:
    if value in _CLOCK_RATES:
        return None
    return f"must be one of {', '.join(map(str, _CLOCK_RATES))}, not {value}"


# -- the settings -------------------------------------------------------------


@dataclass(frozen=True)
class AccountSettings:
    """The SIP account the agent registers with."""

    id: str = _setting("default", "Account id (names the saved password)", _check_not_empty)
    server: str = _setting("", "SIP server (host or host:port)", _check_server)
    user: str = _setting("", "User name (extension)")
    auth_user: str = _setting("", "Authentication user (empty: same as user)")
    display_name: str = _setting("", "Display name shown to the called party")
    domain: str = _setting("", "SIP domain (empty: the server's host)")
    transport: Transport = _setting("udp", "Transport")
    tls_verify_server: bool = _setting(True, "Verify the server's TLS certificate")
    tls_ca_file: str = _setting("", "CA certificate file for TLS (empty: system default)")
    srtp: SrtpMode = _setting("off", "Media encryption (SRTP)")
    outbound_proxy: str = _setting("", "Outbound proxy (sip: URI, empty: none)")
    register: bool = _setting(True, "Register with the server")
    reg_expiry_s: int = _setting(60, "Registration expiry (seconds)", _check_positive)
    reg_retry_s: int = _setting(5, "Retry after a failed registration (seconds)", _check_positive)
    reg_refresh_s: int = _setting(
        8, "Refresh the registration every N seconds (recovery after a registrar restart)", _check_positive
    )
    password_env: str = _setting(
        "", "Environment variable holding the password (empty: keyring)", _check_env_name
    )

    @property
    def server_host(self) -> str:
        """The host part of ``server`` (brackets of an IPv6 address kept)."""
        match = _HOST_PORT.match(self.server)
        return match.group("host") if match else self.server

    @property
    def server_port(self) -> int | None:
        match = _HOST_PORT.match(self.server)
        port = match.group("port") if match else None
        return int(port) if port else None

    @property
    def effective_auth_user(self) -> str:
        return self.auth_user or self.user

    @property
    def effective_domain(self) -> str:
        return self.domain or self.server_host


@dataclass(frozen=True)
class SipSettings:
    bind_address: str = _setting("", "Local address to bind (empty: all interfaces)")
    local_port: int = _setting(0, "Local SIP port (0: any free port)", _check_port)
    user_agent: str = _setting(f"agent-softphone/{__version__}", "User-Agent header")
    dtmf_method: DtmfMethod = _setting("auto", "How key presses (DTMF) are sent")


@dataclass(frozen=True)
class AudioSettings:
    """Devices are named by their name string; empty means the system default."""

    enabled: bool = _setting(True, "Use sound devices (off: no audio, for tests)")
    input_device: str = _setting("", "Microphone (empty: system default)")
    output_device: str = _setting("", "Speaker or headset (empty: system default)")
    ringer_device: str = _setting("", "Ringer device (empty: system default)")
    clock_rate: int = _setting(16000, "Audio clock rate (Hz)", _check_clock_rate)
    ring_tone: bool = _setting(True, "Play a ring tone for incoming calls")
    latency_ms: int = _setting(20, "Sound device latency (ms)", _check_positive)


@dataclass(frozen=True)
class AutoAnswerSettings:
    enabled: bool = _setting(False, "Answer every incoming call automatically")
    delay_s: float = _setting(0.0, "Delay before auto-answer (seconds)", _check_not_negative)
    honour_call_info: bool = _setting(
        True, "Auto-answer when the caller asks for it (Call-Info answer-after)"
    )
    beep: bool = _setting(True, "Beep when a call is answered automatically")


@dataclass(frozen=True)
class StorageSettings:
    data_dir: str = _setting("", "Data folder (empty: the user's data folder)")


def _check_shortcut(value: str) -> str | None:
    if not value.strip():
        return "must name a key combination, for example Ctrl+Shift+A"
    return None


@dataclass(frozen=True)
class AsrSettings:
    enabled: bool = _setting(True, "Transcribe calls live, on this computer")
    model: str = _setting("", "Speech model name (empty: the active model, see `agent-softphone model list`)")


@dataclass(frozen=True)
class AssistSettings:
    rules_language: RulesLanguage = _setting("zh", "Language of the phrase rules (resources/rules/<language>/)")
    alert_sound: bool = _setting(True, "Play a sound when an alert is raised")


CaseSourceKind = Literal["local", "http"]


@dataclass(frozen=True)
class CasesSettings:
    source: CaseSourceKind = _setting("local", "Where customer cases come from (local: the imported case book)")
    http_url: str = _setting("", "Base URL of the lender's case API (source = http), see docs/cases.md")
    http_timeout_s: float = _setting(3.0, "How long to wait for the case API (seconds)", _check_positive)
    require_wrapup: bool = _setting(True, "A wrap-up is required after a call before the next one")
    promise_horizon_days: int = _setting(30, "Latest promise-to-pay date, in days from today", _check_positive)
    multi_lender_threshold: int = _setting(3, "Lenders owed at once that count as multi-lender borrowing",
                                           _check_positive)


SmsGatewayKind = Literal["none", "demo", "kannel", "http"]
_DEFAULT_SMS_BODY = '{"to": "{to}", "text": "{text}", "sender": "{sender}"}'


@dataclass(frozen=True)
class SmsSettings:
    gateway: SmsGatewayKind = _setting("none", "SMS gateway for customers' confirmation codes (docs/sms.md)")
    kannel_url: str = _setting("http://127.0.0.1:13013/cgi-bin/sendsms", "Kannel sendsms URL (gateway = kannel)")
    kannel_user: str = _setting("", "Kannel sendsms user (its password is kept in the keyring)")
    sender: str = _setting("", "Sender number or id shown to the customer")
    signature: str = _setting("", "Lender's name put in front of the message, as 【name】")
    http_url: str = _setting("", "URL of the SMS provider's JSON API (gateway = http)")
    http_headers: str = _setting("{}", "Headers for the SMS provider, a JSON object; {token} is the keyring token")
    http_body: str = _setting(_DEFAULT_SMS_BODY, "Body template for the SMS provider: {to}, {text}, {sender}, {token}")
    timeout_s: float = _setting(10.0, "How long to wait for the SMS gateway (seconds)", _check_positive)


def _check_ledger_url(value: str) -> str | None:
    if value and not value.startswith(("postgresql://", "postgres://")):
        return f'must start with postgresql://, not "{value}"'
    return None


@dataclass(frozen=True)
class GuardSettings:
    ledger_url: str = _setting("", "Shared contact ledger of the team: postgresql://user@host:5432/db "
                                   "(its password in the keyring); empty: this computer's own (docs/compliance.md)",
                               _check_ledger_url)
    ledger_timeout_s: float = _setting(5.0, "How long to wait for the shared contact ledger (seconds)",
                                       _check_positive)


def _check_broker(value: str) -> str | None:
    host, _, port = value.rpartition(":") if ":" in value else (value, "", "")
    if value and (not host or (port and not port.isdigit())):
        return f'is "host" or "host:port", not "{value}"'
    return None


@dataclass(frozen=True)
class TeamSettings:
    enabled: bool = _setting(False, "Let the team lead follow this agent's calls live (docs/team.md)")
    broker: str = _setting("", "The team's MQTT broker: host or host:port (TLS; 8883 by default)", _check_broker)
    ca_file: str = _setting("", "CA certificate of the broker (empty: the system's CAs)")
    tls: bool = _setting(True, "Connect to the broker with TLS")
    team: str = _setting("", "The team's name on the broker")
    agent: str = _setting("", "This agent's name on the broker (empty: the SIP user)")
    password_env: str = _setting("", "Environment variable with the broker password (empty: the keyring)")


@dataclass(frozen=True)
class GeneralSettings:
    language: Language = _setting("auto", "Language (auto: the system's)")
    start_minimized: bool = _setting(False, "Start minimised to the tray")
    first_run_done: bool = _setting(False, "The first-run wizard has been completed")
    shortcut_answer: str = _setting("Ctrl+Shift+A", "Shortcut: answer", _check_shortcut)
    shortcut_hangup: str = _setting("Ctrl+Shift+E", "Shortcut: hang up", _check_shortcut)
    shortcut_mute: str = _setting("Ctrl+Shift+M", "Shortcut: mute", _check_shortcut)
    shortcut_hold: str = _setting("Ctrl+Shift+H", "Shortcut: hold", _check_shortcut)
    shortcut_transfer: str = _setting("Ctrl+Shift+T", "Shortcut: transfer", _check_shortcut)


@dataclass(frozen=True)
class Settings:
    account: AccountSettings = _section(AccountSettings, "Account")
    sip: SipSettings = _section(SipSettings, "SIP")
    audio: AudioSettings = _section(AudioSettings, "Audio")
    auto_answer: AutoAnswerSettings = _section(AutoAnswerSettings, "Auto-answer")
    storage: StorageSettings = _section(StorageSettings, "Storage")
    general: GeneralSettings = _section(GeneralSettings, "General")
    asr: AsrSettings = _section(AsrSettings, "Transcription")
    assist: AssistSettings = _section(AssistSettings, "Assist")
    cases: CasesSettings = _section(CasesSettings, "Cases")
    sms: SmsSettings = _section(SmsSettings, "SMS")
    guard: GuardSettings = _section(GuardSettings, "Dialing guard")
    team: TeamSettings = _section(TeamSettings, "Team lead")
    schema_version: int = _setting(SETTINGS_VERSION, "Settings file format version")


SECTIONS: tuple[str, ...] = ("account", "sip", "audio", "auto_answer", "storage", "general", "asr", "assist", "cases", "sms",
                           "guard", "team")
_SECTION_CLASSES: dict[str, type[Any]] = {
    "account": AccountSettings,
    "sip": SipSettings,
    "audio": AudioSettings,
    "auto_answer": AutoAnswerSettings,
    "storage": StorageSettings,
    "general": GeneralSettings,
    "asr": AsrSettings,
    "assist": AssistSettings,
    "cases": CasesSettings,
    "sms": SmsSettings,
    "guard": GuardSettings,
    "team": TeamSettings,
}


# -- describing the options (for options pages and docs) ---------------------


@dataclass(frozen=True)
class OptionInfo:
    section: str
    key: str
    type_name: str  # "str", "int", "float", "bool" or "choice"
    default: Any
    title: str
    choices: tuple[str, ...] = ()


def option_infos() -> tuple[OptionInfo, ...]:
    """Every option of every section, in declaration order."""
    return tuple(
        _option_info(section, f, hint)
        for section, cls in _SECTION_CLASSES.items()
        for f, hint in _fields_with_hints(cls)
    )


def _option_info(section: str, f: dataclasses.Field[Any], hint: Any) -> OptionInfo:
    choices = _literal_choices(hint)
    type_name = "choice" if choices else hint.__name__
    return OptionInfo(section, f.name, type_name, f.default, f.metadata["title"], choices)


def _fields_with_hints(cls: type[Any]) -> Iterator[tuple[dataclasses.Field[Any], Any]]:
    hints = get_type_hints(cls)
    for f in dataclasses.fields(cls):
        yield f, hints[f.name]


def _literal_choices(hint: Any) -> tuple[str, ...]:
    return tuple(get_args(hint)) if get_origin(hint) is Literal else ()


# -- converting raw values ----------------------------------------------------


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return "a date or time"


def _convert(key: str, value: object, hint: Any) -> Any:
    choices = _literal_choices(hint)
    if choices:
        if value not in choices:
            shown = f'"{value}"' if isinstance(value, str) else _kind(value)
            raise _Problem(key, f"must be one of {', '.join(choices)}, not {shown}")
        return value
    if hint is bool and isinstance(value, bool):
        return value
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if hint is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if hint is str and isinstance(value, str):
        return value
    raise _Problem(key, f"must be {_WANTED[hint]}, not {_kind(value)}")


_WANTED: dict[Any, str] = {
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    str: "text in quotes",
}


def _section_from_dict(name: str, cls: type[T], table: object) -> T:
    if not isinstance(table, dict):
        raise _Problem(name, f"must be a table ([{name}]), not {_kind(table)}")
    known = {f.name: (f, hint) for f, hint in _fields_with_hints(cls)}
    _refuse_unknown(name, table, list(known))
    values: dict[str, Any] = {}
    for key, raw in table.items():
        f, hint = known[key]
        value = _convert(f"{name}.{key}", raw, hint)
        _run_check(f"{name}.{key}", f, value)
        values[key] = value
    return cls(**values)


def _run_check(key: str, f: dataclasses.Field[Any], value: Any) -> None:
    check: Check | None = f.metadata.get("check")
    problem = check(value) if check is not None else None
    if problem is not None:
        raise _Problem(key, problem)


def _refuse_unknown(where: str, table: Mapping[str, Any], known: list[str]) -> None:
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            full = f"{where}.{key}" if where else key
            raise _Problem(full, f"unknown setting{hint}")


def _refuse_passwords(raw: Mapping[str, Any], where: str = "") -> None:
    for key, value in raw.items():
        full = f"{where}.{key}" if where else str(key)
        if str(key).lower() == "password":
            raise _Problem(
                full,
                "passwords are never read from the settings file; save the password "
                "in the system keyring, or name an environment variable that holds "
                "it with account.password_env",
            )
        if isinstance(value, dict):
            _refuse_passwords(value, full)


# -- migrations ---------------------------------------------------------------


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """v0 called the outbound proxy ``[account] proxy``."""
    account = data.get("account")
    if isinstance(account, dict) and "proxy" in account:
        if "outbound_proxy" in account:
            raise _Problem(
                "account.proxy", "is the old name of account.outbound_proxy; keep only one"
            )
        account["outbound_proxy"] = account.pop("proxy")
    return data


# MIGRATIONS[n] upgrades a version-n dict to version n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def migrate(raw: Mapping[str, Any], *, path: str | Path | None = None) -> dict[str, Any]:
    """A copy of ``raw`` upgraded to ``SETTINGS_VERSION`` (missing version = 0)."""
    with _reported(path):
        data = copy.deepcopy(dict(raw))
        version = _file_version(data)
        while version < SETTINGS_VERSION:
            data = MIGRATIONS[version](data)
            version += 1
            data["schema_version"] = version
        return data


def _file_version(data: Mapping[str, Any]) -> int:
    version = data.get("schema_version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise _Problem("schema_version", "must be a whole number of 0 or more")
    if version > SETTINGS_VERSION:
        raise _Problem(
            "schema_version",
            f"is {version}, written by a newer softphone (this one knows up to "
            f"{SETTINGS_VERSION}); update the softphone",
        )
    return version


# -- dict and file conversion -------------------------------------------------


def settings_from_dict(raw: Mapping[str, Any], *, path: str | Path | None = None) -> Settings:
    """Validate and build ``Settings``; problems raise ``ConfigError``."""
    with _reported(path):
        _refuse_passwords(raw)
    data = migrate(raw, path=path)
    with _reported(path):
        _refuse_unknown("", data, [*SECTIONS, "schema_version"])
        sections = {
            name: _section_from_dict(name, cls, data.get(name, {}))
            for name, cls in _SECTION_CLASSES.items()
        }
        return Settings(**sections, schema_version=SETTINGS_VERSION)


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    """Plain nested dict with ``schema_version`` first, then one dict per section."""
    out: dict[str, Any] = {"schema_version": settings.schema_version}
    for name in SECTIONS:
        out[name] = dataclasses.asdict(getattr(settings, name))
    return out


def load_settings(path: str | Path) -> Settings:
    """Read a TOML settings file; every problem is a ``ConfigError`` naming the file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise _config_error(path, None, "the file does not exist") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise _config_error(path, None, f"the file cannot be read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise _config_error(path, None, f"the file is not valid TOML: {exc}") from exc
    return settings_from_dict(raw, path=path)


def save_settings(settings: Settings, path: str | Path) -> None:
    """Write the settings file atomically, readable by the owner only."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(dump_settings(settings))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def changed_keys(old: Settings, new: Settings) -> frozenset[str]:
    """``section.key`` names whose value differs, for applying changes live."""
    before, after = settings_to_dict(old), settings_to_dict(new)
    return frozenset(
        f"{name}.{key}"
        for name in SECTIONS
        for key in before[name]
        if before[name][key] != after[name][key]
    )


@contextmanager
def _reported(path: str | Path | None) -> Iterator[None]:
    try:
        yield
    except _Problem as problem:
        raise _config_error(path, problem.key, problem.what) from None


def _config_error(path: str | Path | None, key: str | None, what: str) -> ConfigError:
    where = str(path) if path is not None else "<settings>"
    at = f"{key}: " if key else ""
    if path is not None:
        said = (N_('The settings file {0} has a problem with "{1}": {2}.', where, key, what) if key
                else N_("The settings file {0} has a problem: {1}.", where, what))
    else:
        said = (N_('The settings have a problem with "{0}": {1}.', key, what) if key
                else N_("The settings have a problem: {0}.", what))
    return ConfigError(
        f"{where}: {at}{what}",
        user_message=said,
        path=str(path) if path is not None else None,
        key=key,
    )


# -- TOML writer ----------------------------------------------------------------


def dump_settings(settings: Settings) -> str:
    """The settings as a TOML document with each option's title as a comment."""
    lines = [
        "# agent-softphone settings. Passwords never go here: see docs/config.md.",
        f"schema_version = {settings.schema_version}",
    ]
    infos = option_infos()
    for name in SECTIONS:
        lines += ["", f"[{name}]"]
        values = dataclasses.asdict(getattr(settings, name))
        for info in (i for i in infos if i.section == name):
            lines += [f"# {info.title}", f"{info.key} = {_toml_value(values[info.key])}"]
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _toml_float(value)
    if isinstance(value, str):
        return _toml_string(value)
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _toml_float(value: float) -> str:
    if value != value:
        return "nan"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    text = repr(value)
    return text if any(c in text for c in ".eE") else text + ".0"


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _toml_string(value: str) -> str:
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
