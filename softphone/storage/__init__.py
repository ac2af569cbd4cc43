"""Local storage: the call history in SQLite (through sqlite-utils).

- ``db.py``            opening ``<data_dir>/softphone.db``
- ``sql.py``           mapping sqlite errors, write transactions
- ``schema.py``        the versioned schema steps, frozen as they shipped
- ``migrations.py``    applying those steps
- ``fields.py``        the masked, encrypted, fingerprinted form of personal fields
- ``history.py``       ``CallRecord``, ``CallHistory`` and the ``HistoryWriter`` thread
- ``history_feed.py``  ``HistoryRecorder``: the history fed from the bus
"""

from __future__ import annotations

from .db import DB_FILE_NAME, database_path, open_database
from .history import CallHistory, CallRecord, Headers, HistoryWriter
from .migrations import LATEST_VERSION, apply_migrations

__all__ = [
    "DB_FILE_NAME",
    "LATEST_VERSION",
    "CallHistory",
    "CallRecord",
    "Headers",
    "HistoryWriter",
    "apply_migrations",
    "database_path",
    "open_database",
]
