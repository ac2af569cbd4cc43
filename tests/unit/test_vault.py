"""The history's FieldCipher, its key in a real keyring backend, and URI masking.

The keyring is keyrings.alt's PlaintextKeyring with its file in tmp_path,
passed explicitly to SecretStore; "no keyring" is keyring's own fail.Keyring
and an empty chainer, as on a headless Linux machine.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail
from keyrings.alt.file import PlaintextKeyring

from softphone.errors import NoKeyringBackend, StorageError
from softphone.privacy import mask_display, mask_uri, uri_user
from softphone.secrets import SERVICE_NAME, SecretStore
from softphone.storage.vault import (
    KEY_ENTRY,
    FieldCipher,
    HistoryKeyUnavailable,
    load_field_cipher,
    normalise_number,
)

MOBILE = "13812345678"


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher(FieldCipher.new_key())


@pytest.fixture
def active_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


# -- encryption ----------------------------------------------------------------------


def test_round_trip_and_fresh_nonces(cipher: FieldCipher) -> None:
    text = '"张三" <sip:13812345678@pbx>'
    one, two = cipher.encrypt(text), cipher.encrypt(text)
    assert one != two and one.startswith("v1.") and two.startswith("v1.")
    assert MOBILE not in one and cipher.decrypt(one) == cipher.decrypt(two) == text
    assert cipher.decrypt(cipher.encrypt("")) == ""


def test_context_binds_a_token_to_its_place(cipher: FieldCipher) -> None:
    token = cipher.encrypt(MOBILE, "call-1/remote")
    assert cipher.decrypt(token, "call-1/remote") == MOBILE
    with pytest.raises(StorageError):
        cipher.decrypt(token, "call-2/remote")


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("A" if t[-2] != "A" else "B") + t[-1],  # tampered
    lambda t: t[3:],  # no version
    lambda t: "v1.%%%",  # not base64
    lambda t: "v1.",  # empty
])
def test_bad_tokens_are_storage_errors(cipher: FieldCipher, mangle: object) -> None:
    token = mangle(cipher.encrypt(MOBILE))  # type: ignore[operator]
    with pytest.raises(StorageError) as info:
        cipher.decrypt(token)
    assert "another key" in info.value.user_message


def test_wrong_key_is_a_clear_storage_error(cipher: FieldCipher) -> None:
    token = cipher.encrypt(MOBILE)
    with pytest.raises(StorageError) as info:
        FieldCipher(FieldCipher.new_key()).decrypt(token)
    assert "cannot be read with this computer's key" in info.value.user_message
    assert MOBILE not in str(info.value)


def test_key_must_be_256_bits() -> None:
    assert len(FieldCipher.new_key()) == 32
    with pytest.raises(ValueError):
        FieldCipher(b"\0" * 16)


def test_repr_hides_the_key() -> None:
    key = FieldCipher.new_key()
    assert repr(FieldCipher(key)) == "FieldCipher(<key hidden>)"


# -- fingerprints --------------------------------------------------------------------


@pytest.mark.parametrize("spelling", [
    "13812345678", "+8613812345678", "+86 138 1234 5678", "8613812345678", "008613812345678",
    "138-1234-5678", "(138) 1234 5678",
])
def test_one_number_one_fingerprint(cipher: FieldCipher, spelling: str) -> None:
    assert normalise_number(spelling) == MOBILE
    assert cipher.fingerprint(spelling) == cipher.fingerprint(MOBILE)


def test_fingerprint_is_keyed_and_not_the_plain_hash(cipher: FieldCipher) -> None:
    fp = cipher.fingerprint(MOBILE)
    assert len(fp) == 64 and MOBILE not in fp
    assert fp != hashlib.sha256(MOBILE.encode()).hexdigest()
    assert fp != FieldCipher(FieldCipher.new_key()).fingerprint(MOBILE)
    assert fp != cipher.fingerprint("13812345679")
    assert cipher.fingerprint("alice") == ""


def test_other_country_codes_are_kept(cipher: FieldCipher) -> None:
    assert normalise_number("+85291234567") == "85291234567"  # Hong Kong, 11 digits
    assert normalise_number("010-12345678") == "01012345678"  # a Beijing landline


# -- the key in the keyring ------------------------------------------------------------


def test_key_is_made_once_and_kept_in_the_keyring(
    store: SecretStore, file_keyring: PlaintextKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    first = load_field_cipher(store)
    saved = file_keyring.get_password(SERVICE_NAME, KEY_ENTRY)
    assert saved is not None and len(base64.b64decode(saved)) == 32
    token = first.encrypt(MOBILE)
    again = load_field_cipher(store)
    assert again.decrypt(token) == MOBILE
    assert again.fingerprint(MOBILE) == first.fingerprint(MOBILE)
    assert file_keyring.get_password(SERVICE_NAME, KEY_ENTRY) == saved
    assert saved not in caplog.text and "new call history key" in caplog.text


def test_no_key_and_no_create_is_unavailable(store: SecretStore) -> None:
    with pytest.raises(HistoryKeyUnavailable):
        load_field_cipher(store, create=False)
    assert store.get_secret(KEY_ENTRY) is None


@pytest.mark.parametrize("backend", [fail.Keyring(), chainer.ChainerBackend()])
def test_no_keyring_means_masked_history(backend: object, monkeypatch: pytest.MonkeyPatch) -> None:
    if isinstance(backend, chainer.ChainerBackend):
        monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    store = SecretStore(backend)  # type: ignore[arg-type]
    with pytest.raises(HistoryKeyUnavailable) as info:
        load_field_cipher(store)
    assert isinstance(info.value, StorageError)
    assert isinstance(info.value.__cause__, NoKeyringBackend)
    assert "masked numbers only" in info.value.user_message
    assert "138****5678" in info.value.user_message


def test_plain_file_keyring_chosen_by_keyring_itself_is_refused(
    file_keyring: PlaintextKeyring, active_keyring: None
) -> None:
    keyring.set_keyring(file_keyring)
    with pytest.raises(HistoryKeyUnavailable):
        load_field_cipher(SecretStore())
    assert file_keyring.get_password(SERVICE_NAME, KEY_ENTRY) is None


def test_damaged_key_is_reported_and_never_replaced(
    store: SecretStore, file_keyring: PlaintextKeyring
) -> None:
    file_keyring.set_password(SERVICE_NAME, KEY_ENTRY, "not base64 at all!")
    with pytest.raises(HistoryKeyUnavailable) as info:
        load_field_cipher(store)
    assert "damaged" in info.value.user_message
    assert file_keyring.get_password(SERVICE_NAME, KEY_ENTRY) == "not base64 at all!"


def test_generic_secrets_share_the_password_errors(store: SecretStore) -> None:
    store.set_secret("x", "y")
    assert store.get_secret("x") == "y" and store.get_secret("nothing") is None
    with pytest.raises(NoKeyringBackend) as info:
        SecretStore(fail.Keyring()).get_secret("x")
    assert "the secret x" in str(info.value)


# -- masking of SIP parties --------------------------------------------------------------


@pytest.mark.parametrize(("uri", "masked"), [
    ('"张三" <sip:13812345678@pbx>', '"张*" <sip:138****5678@pbx>'),
    ("<sip:+8613812345678@127.0.0.1:5060;transport=udp>",
     "<sip:+86138****5678@127.0.0.1:5060;transport=udp>"),
    ("sip:13812345678@127.0.0.1:5060", "sip:138****5678@127.0.0.1:5060"),
    ("tel:+86-138-1234-5678", "tel:+86138****5678"),
    ("13812345678", "138****5678"),
    ("Zhang San <sip:1001@pbx>", "Zhang San <sip:1001@pbx>"),
    ('"欧阳娜娜" <sip:alice@pbx>', '"欧***" <sip:alice@pbx>'),
    ('"Call 13812345678" <sip:x@h>;tag=1234567890', '"Call 138****5678" <sip:x@h>;tag=123***7890'),
    ("sip:2001@127.0.0.1:5060", "sip:2001@127.0.0.1:5060"),
    ("", ""),
])
def test_mask_uri(uri: str, masked: str) -> None:
    assert mask_uri(uri) == masked


@pytest.mark.parametrize(("name", "masked"), [
    ("张三", "张*"), ("欧阳娜娜", "欧***"), ("张", "张"), ("张三丰王五", "张三丰王五"),
    ("Zhang San", "Zhang San"), ("客户13812345678", "客户138****5678"), ("", ""),
])
def test_mask_display(name: str, masked: str) -> None:
    assert mask_display(name) == masked


def test_uri_user() -> None:
    assert uri_user('"张三" <sip:+8613812345678@pbx;user=phone>') == "+8613812345678"
    assert uri_user("sip:2001@127.0.0.1:5060") == "2001"
    assert uri_user("13812345678") == MOBILE
