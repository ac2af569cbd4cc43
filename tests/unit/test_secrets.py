"""SecretStore and resolve_password against real keyring backends.

The store under test is keyrings.alt's PlaintextKeyring with its file in
tmp_path (a real backend that really stores); the "no keyring" cases use
keyring's own fail.Keyring and an empty chainer, which is what a headless
Linux machine without a Secret Service ends up with.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import chainer, fail
from keyrings.alt.file import PlaintextKeyring

from softphone.errors import NoKeyringBackend, SecretStoreError
from softphone.secrets import SERVICE_NAME, SecretStore, resolve_password
from softphone.settings import AccountSettings

ACCOUNT = AccountSettings(id="work", user="1001", password_env="AGENT_SOFTPHONE_TEST_PW")


@pytest.fixture
def active_keyring() -> Iterator[None]:
    """Restore keyring's process-wide backend after a test changes it."""
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def test_password_round_trip(store: SecretStore, file_keyring: PlaintextKeyring) -> None:
    assert store.get_password("work") is None
    store.set_password("work", "pä55 word")
    assert store.get_password("work") == "pä55 word"
    assert file_keyring.get_password(SERVICE_NAME, "work") == "pä55 word"
    store.delete_password("work")
    assert store.get_password("work") is None


def test_delete_without_saved_password_is_quiet(store: SecretStore) -> None:
    store.delete_password("never-saved")
    assert store.get_password("never-saved") is None


def test_accounts_are_separate(store: SecretStore) -> None:
    store.set_password("a", "one")
    store.set_password("b", "two")
    assert (store.get_password("a"), store.get_password("b")) == ("one", "two")


def test_backend_is_described(store: SecretStore) -> None:
    assert store.is_usable()
    assert store.backend_name() == "keyrings.alt.file.PlaintextKeyring"


def test_plain_file_keyring_chosen_by_keyring_itself_is_refused(
    file_keyring: PlaintextKeyring, active_keyring: None
) -> None:
    """keyring picks keyrings.alt's plaintext file on a headless machine by
    itself; the app must not store passwords in a plain file that way."""
    keyring.set_keyring(file_keyring)
    store = SecretStore()
    assert store.backend_name().endswith("PlaintextKeyring")
    assert not store.is_usable()
    with pytest.raises(NoKeyringBackend):
        store.set_password("work", "via-active")
    assert not Path(file_keyring.file_path).exists() or "via-active" not in Path(file_keyring.file_path).read_text()


def test_failing_backend_maps_to_secret_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the keyring folder should be")
    backend = PlaintextKeyring()
    backend.file_path = str(blocker / "keyring_pass.cfg")
    with pytest.raises(SecretStoreError) as info:
        SecretStore(backend).set_password("work", "x")
    assert not isinstance(info.value, NoKeyringBackend)
    assert isinstance(info.value.__cause__, OSError)
    assert "password store" in info.value.user_message


# -- no keyring at all -----------------------------------------------------------


def test_fail_keyring_is_not_usable() -> None:
    store = SecretStore(fail.Keyring())
    assert not store.is_usable()
    assert store.backend_name() == "keyring.backends.fail.Keyring"


@pytest.mark.parametrize("action", ["get", "set", "delete"])
def test_fail_keyring_raises_no_keyring_backend(action: str) -> None:
    store = SecretStore(fail.Keyring())
    with pytest.raises(NoKeyringBackend) as info:
        if action == "get":
            store.get_password("work")
        elif action == "set":
            store.set_password("work", "x")
        else:
            store.delete_password("work")
    message = info.value.user_message
    assert "without saving" in message and "environment variable" in message


def test_active_fail_keyring_is_detected(active_keyring: None) -> None:
    keyring.set_keyring(fail.Keyring())
    assert not SecretStore().is_usable()
    with pytest.raises(NoKeyringBackend):
        SecretStore().get_password("work")


def test_empty_chainer_is_no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    # keyring's own switch for which backends may be chained: allow none.
    monkeypatch.setattr(keyring.backend, "_limit", lambda backend: False)
    empty = chainer.ChainerBackend()
    assert empty.backends == []
    store = SecretStore(empty)
    assert not store.is_usable()
    with pytest.raises(NoKeyringBackend):
        store.set_password("work", "x")


# -- resolve_password ------------------------------------------------------------


def test_environment_variable_wins(store: SecretStore) -> None:
    store.set_password("work", "from-keyring")
    environ = {"AGENT_SOFTPHONE_TEST_PW": "from-env"}
    assert resolve_password(ACCOUNT, store, environ) == "from-env"


def test_empty_or_missing_variable_falls_back_to_keyring(store: SecretStore) -> None:
    store.set_password("work", "from-keyring")
    assert resolve_password(ACCOUNT, store, {}) == "from-keyring"
    assert resolve_password(ACCOUNT, store, {"AGENT_SOFTPHONE_TEST_PW": ""}) == "from-keyring"


def test_without_password_env_only_keyring_counts(store: SecretStore) -> None:
    account = AccountSettings(id="work")
    store.set_password("work", "from-keyring")
    assert resolve_password(account, store, {"AGENT_SOFTPHONE_TEST_PW": "x"}) == "from-keyring"


def test_nothing_saved_gives_none(store: SecretStore) -> None:
    assert resolve_password(ACCOUNT, store, {}) is None


def test_no_keyring_gives_none_so_the_agent_is_asked() -> None:
    assert resolve_password(ACCOUNT, SecretStore(fail.Keyring()), {}) is None


def test_no_keyring_still_reads_the_environment() -> None:
    environ = {"AGENT_SOFTPHONE_TEST_PW": "from-env"}
    assert resolve_password(ACCOUNT, SecretStore(fail.Keyring()), environ) == "from-env"


def test_password_is_never_logged(store: SecretStore, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store.set_password("work", "kr-secret-123")
    resolve_password(ACCOUNT, store, {})
    resolve_password(ACCOUNT, store, {"AGENT_SOFTPHONE_TEST_PW": "env-secret-456"})
    resolve_password(ACCOUNT, SecretStore(fail.Keyring()), {})
    store.delete_password("work")
    assert caplog.records
    assert "kr-secret-123" not in caplog.text and "env-secret-456" not in caplog.text

