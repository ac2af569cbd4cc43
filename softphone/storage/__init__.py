"""Local storage: the call history in SQLite (through sqlite-utils).

- ``db.py``          opening ``<data_dir>/softphone.db``, mapping sqlite errors
- ``migrations.py``  the versioned schema steps
- ``history.py``     ``CallRecord``, ``CallHistory`` and the ``HistoryWriter`` thread
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
