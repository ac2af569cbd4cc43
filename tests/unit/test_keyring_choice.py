"""The demo's in-memory keyring is never chosen by keyring itself.

On a machine without a system keyring (and without keyrings.alt, as in the
installed packages), keyring picks among every KeyringBackend subclass it
knows. The in-memory store the session keeps for the demo's audit key once
tied with keyring's "no keyring" and won: passwords were then "saved" into
memory and lost at exit while doctor said they were kept. Checked in a fresh
process with keyrings.alt hidden, as in the .deb and the Windows build.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
sys.modules['keyrings'] = None  # the installed app has no keyrings.alt
import logging
logging.disable(logging.CRITICAL)
import softphone.session
import softphone.session._plans as plans
import keyring
from softphone.secrets import SecretStore
print(type(keyring.get_keyring()).__module__, SecretStore().is_usable())
store = plans._RunKeyring()
store.set_password("svc", "user", "value")
print(store.get_password("svc", "user"))
"""


def test_the_in_memory_keyring_is_only_used_when_given() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "PYTHONPATH": "."})
    chosen, given = out.stdout.splitlines()[-2:]
    assert "softphone" not in chosen, chosen
    assert chosen.split()[-1] == "False", "without a keyring the app must say so, not keep passwords in memory"
    assert given == "value"
