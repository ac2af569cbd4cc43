"""Settings: declaration, TOML loading and writing, errors, migrations, paths."""

from __future__ import annotations

import dataclasses
import stat
import sys
from pathlib import Path

import pytest

from softphone import paths
from softphone.errors import ConfigError
from softphone.settings import (
    MIGRATIONS,
    SETTINGS_VERSION,
    AccountSettings,
    AudioSettings,
    AutoAnswerSettings,
    Settings,
    changed_keys,
    dump_settings,
    load_settings,
    migrate,
    option_infos,
    save_settings,
    settings_from_dict,
    settings_to_dict,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "config.md"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)
    assert str(path) in info.value.user_message
    return info.value


def custom_settings() -> Settings:
    return Settings(
        account=AccountSettings(
            id="work",
            server="sip.example.com:5061",
            user="1001",
            display_name='Agent "Li" \\ 李明\n',
            transport="tls",
            srtp="mandatory",
            outbound_proxy="sip:proxy.example.com;lr",
            reg_expiry_s=120,
            password_env="SOFTPHONE_PASSWORD",
        ),
        audio=AudioSettings(input_device="USB Headset: Audio (hw:1,0)", clock_rate=48000),
        auto_answer=AutoAnswerSettings(enabled=True, delay_s=1.5),
    )


# -- round trips --------------------------------------------------------------


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "")) == Settings()


def test_defaults_round_trip_through_toml(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, dump_settings(Settings()))) == Settings()


def test_custom_values_round_trip_through_toml(tmp_path: Path) -> None:
    settings = custom_settings()
    assert load_settings(write(tmp_path, dump_settings(settings))) == settings


@pytest.mark.parametrize(
    "text", ["", "'single'", 'tab\there', "ctl\x01\x1f\x7f", "\\\\server\\share", "客服 ☎", '"""']
)
def test_any_text_survives_the_writer(tmp_path: Path, text: str) -> None:
    settings = Settings(audio=AudioSettings(output_device=text))
    assert load_settings(write(tmp_path, dump_settings(settings))) == settings


def test_dict_round_trip() -> None:
    settings = custom_settings()
    raw = settings_to_dict(settings)
    assert raw["schema_version"] == SETTINGS_VERSION
    assert raw["account"]["transport"] == "tls"
    assert settings_from_dict(raw) == settings


def test_save_settings_is_private_and_loadable(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "settings.toml"
    save_settings(custom_settings(), path)
    assert load_settings(path) == custom_settings()
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]


def test_whole_number_accepted_for_float_option(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "[auto_answer]\ndelay_s = 2\n"))
    assert settings.auto_answer.delay_s == 2.0
    assert isinstance(settings.auto_answer.delay_s, float)


def test_account_derived_values() -> None:
    account = AccountSettings(server="pbx.local:5080", user="1001")
    assert (account.server_host, account.server_port) == ("pbx.local", 5080)
    assert account.effective_auth_user == "1001"
    assert account.effective_domain == "pbx.local"
    other = AccountSettings(server="[::1]", user="1", auth_user="a1", domain="corp")
    assert (other.server_host, other.server_port) == ("[::1]", None)
    assert (other.effective_auth_user, other.effective_domain) == ("a1", "corp")


def test_changed_keys_names_what_differs() -> None:
    old = Settings()
    new = dataclasses.replace(old, audio=dataclasses.replace(old.audio, input_device="USB"))
    assert changed_keys(old, new) == {"audio.input_device"}
    assert changed_keys(old, old) == frozenset()


def test_every_option_has_a_title_and_a_default() -> None:
    infos = option_infos()
    assert len({(i.section, i.key) for i in infos}) == len(infos) > 30
    for info in infos:
        assert info.title
        assert info.type_name in {"str", "int", "float", "bool", "choice"}
    transport = next(i for i in infos if i.key == "transport")
    assert transport.choices == ("udp", "tcp", "tls")


def test_docs_describe_every_option() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [f"{i.section}.{i.key}" for i in option_infos() if f"`{i.key}`" not in text]
    assert missing == []
    for section in ("account", "sip", "audio", "auto_answer", "storage"):
        assert f"[{section}]" in text


def test_docs_example_file_loads(tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    settings = load_settings(write(tmp_path, example))
    assert settings.account.transport == "tls" and settings.account.id == "work"


# -- errors name the file and the key -------------------------------------------


def test_unknown_key_is_named_with_a_suggestion(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[account]\ntrnsport = "tcp"\n')
    assert error.key == "account.trnsport"
    assert "unknown setting" in str(error)
    assert '"transport"' in error.user_message


def test_unknown_section_is_refused(tmp_path: Path) -> None:
    error = load_error(tmp_path, "[video]\nenabled = true\n")
    assert error.key == "video"


def test_wrong_type_is_named(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[account]\nreg_expiry_s = "60"\n')
    assert error.key == "account.reg_expiry_s"
    assert "whole number" in error.user_message and "text" in error.user_message


def test_bool_is_not_a_number(tmp_path: Path) -> None:
    error = load_error(tmp_path, "[sip]\nlocal_port = true\n")
    assert error.key == "sip.local_port"


def test_number_is_not_a_bool(tmp_path: Path) -> None:
    error = load_error(tmp_path, "[audio]\nenabled = 1\n")
    assert error.key == "audio.enabled"
    assert "true or false" in error.user_message


def test_bad_choice_lists_the_allowed_values(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[account]\ntransport = "sctp"\n')
    assert error.key == "account.transport"
    assert "udp, tcp, tls" in error.user_message and '"sctp"' in error.user_message


def test_section_must_be_a_table(tmp_path: Path) -> None:
    error = load_error(tmp_path, 'audio = "loud"\n')
    assert error.key == "audio"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[sip]\nlocal_port = 70000\n", "sip.local_port"),
        ('[account]\nserver = "a b"\n', "account.server"),
        ('[account]\nserver = "pbx:0"\n', "account.server"),
        ("[account]\nreg_expiry_s = 0\n", "account.reg_expiry_s"),
        ('[account]\npassword_env = "1 BAD"\n', "account.password_env"),
        ('[account]\nid = " "\n', "account.id"),
        ("[audio]\nclock_rate = 11025\n", "audio.clock_rate"),
        ("[auto_answer]\ndelay_s = -1.0\n", "auto_answer.delay_s"),
    ],
)
def test_out_of_range_values_are_named(tmp_path: Path, text: str, key: str) -> None:
    assert load_error(tmp_path, text).key == key


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    error = load_error(tmp_path, "[account\nserver = \n")
    assert error.key is None
    assert "not valid TOML" in error.user_message


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert info.value.path == str(path)
    assert "does not exist" in info.value.user_message


# -- passwords are refused ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[account]\npassword = "s3cret-value"\n', "account.password"),
        ('password = "s3cret-value"\n', "password"),
        ('[storage.extra]\nPassword = "s3cret-value"\n', "storage.extra.Password"),
    ],
)
def test_password_key_is_refused(tmp_path: Path, text: str, key: str) -> None:
    error = load_error(tmp_path, text)
    assert error.key == key
    assert "keyring" in error.user_message and "password_env" in error.user_message
    assert "s3cret-value" not in str(error) + error.user_message


def test_password_env_is_allowed(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, '[account]\npassword_env = "SIP_PASS"\n'))
    assert settings.account.password_env == "SIP_PASS"


# -- migrations -------------------------------------------------------------------


def test_every_old_version_has_a_step() -> None:
    assert sorted(MIGRATIONS) == list(range(SETTINGS_VERSION))


def test_v0_proxy_becomes_outbound_proxy(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, '[account]\nproxy = "sip:p.example.com"\n'))
    assert settings.account.outbound_proxy == "sip:p.example.com"
    assert settings.schema_version == SETTINGS_VERSION


def test_migrate_leaves_its_input_alone() -> None:
    raw = {"account": {"proxy": "sip:p"}}
    upgraded = migrate(raw)
    assert upgraded == {"account": {"outbound_proxy": "sip:p"}, "schema_version": 1}
    assert raw == {"account": {"proxy": "sip:p"}}


def test_current_file_keeps_proxy_unknown(tmp_path: Path) -> None:
    error = load_error(tmp_path, 'schema_version = 1\n[account]\nproxy = "sip:p"\n')
    assert error.key == "account.proxy"


def test_old_and_new_proxy_names_together_are_refused(tmp_path: Path) -> None:
    error = load_error(tmp_path, '[account]\nproxy = "sip:a"\noutbound_proxy = "sip:b"\n')
    assert error.key == "account.proxy"


def test_newer_file_is_refused(tmp_path: Path) -> None:
    error = load_error(tmp_path, f"schema_version = {SETTINGS_VERSION + 1}\n")
    assert error.key == "schema_version"
    assert "newer" in error.user_message


# -- where the files live ----------------------------------------------------------

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG is Linux")


@linux_only
def test_xdg_dirs_are_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    assert paths.data_dir() == tmp_path / "xdg-data" / "agent-softphone"
    assert paths.config_dir() == tmp_path / "xdg-config" / "agent-softphone"
    assert paths.settings_path() == tmp_path / "xdg-config" / "agent-softphone" / "settings.toml"
    for folder in (tmp_path / "xdg-data", paths.data_dir(), paths.config_dir()):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_home_override_puts_both_under_one_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    assert paths.data_dir() == tmp_path / "home" / "data"
    assert paths.config_dir() == tmp_path / "home" / "config"
    assert paths.data_dir().is_dir() and paths.config_dir().is_dir()
    assert not (tmp_path / "xdg-data").exists()
    if sys.platform != "win32":
        assert stat.S_IMODE((tmp_path / "home").stat().st_mode) == 0o700
