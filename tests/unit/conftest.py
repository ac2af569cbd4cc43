"""Unit-test fixtures: a real keyring backend, chosen explicitly.

keyrings.alt's ``PlaintextKeyring`` with its file in the test's folder: a
real backend that stores and reads, selected by passing it to
``SecretStore`` (the app itself refuses plain-file keyrings it did not get
explicitly).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from softphone.secrets import SecretStore


@pytest.fixture
def file_keyring(tmp_path: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    return backend


@pytest.fixture
def store(file_keyring: PlaintextKeyring) -> SecretStore:
    return SecretStore(file_keyring)
