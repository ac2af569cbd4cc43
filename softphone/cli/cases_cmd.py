"""``agent-softphone cases import FILE [--json] [--config FILE]``: a lender's case list into the case book.

The file (.xlsx or .csv, docs/cases.md) is read by ``crm.importer``; its
cases go into the local, encrypted case store (``crm.store.CaseStore``): a
case id seen before is updated, a new one added. Without the history's key
(no keyring) nothing is imported: cases hold personal data in clear.

Output: the counts and one line per refused row, in plain words, or with
``--json`` one JSON object ``{"rows", "added", "updated", "refused",
"errors": [{"row", "column", "reason"}]}``. Exit 0 when the file was read
(even with refused rows), 1 when it could not be read or stored, 2 for a
usage error (argparse).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..crm.importer import ImportResult, read_cases
from ..errors import SoftphoneError
from ..i18n import Msg, N_
from ..privacy import redact
from ..secrets import SecretStore
from ..settings import Settings
from ..storage.vault import FieldCipher, history_cipher
from .config_arg import cli_settings

__all__ = ["add_cases_parser", "run_cases", "import_cases"]


def add_cases_parser(sub: Any) -> None:
    """Add the ``cases`` sub-command to ``main``'s sub-parsers."""
    c = sub.add_parser("cases", help="the local case book: import lenders' case lists")
    csub = c.add_subparsers(dest="cases_command", required=True)
    imp = csub.add_parser("import", help="import a case list (.xlsx or .csv; see docs/cases.md)")
    imp.add_argument("file", help="the case list: .xlsx (first sheet) or .csv (UTF-8 or GBK)")
    imp.add_argument("--json", action="store_true", help="print the result as one JSON object")
    imp.add_argument("--config", help="settings file (TOML); default: the user's settings")


def run_cases(args: argparse.Namespace) -> int:
    """Run ``cases import``; the exit code."""
    return import_cases(Path(args.file), config=args.config, as_json=args.json)


def import_cases(path: Path, config: str | None = None, as_json: bool = False) -> int:
    """Import the case list at ``path`` into the case store of the settings' data folder."""
    try:
        settings = cli_settings(config)
        cipher, problem = history_cipher(SecretStore())
        if cipher is None:
            reason = problem.user_message if problem is not None else ""
            _fail(N_("{0} Cases are not imported without encryption.", reason))
            return 1
        result = read_cases(path)
        added, updated = _store(result, settings, cipher)
    except SoftphoneError as exc:
        _fail(exc.user_message)
        return 1
    print(json.dumps(_as_json(result, added, updated), ensure_ascii=False) if as_json
          else _as_text(result, added, updated))
    return 0


def _store(result: ImportResult, settings: Settings, cipher: FieldCipher) -> tuple[int, int]:
    from ..crm.store import CaseStore
    from ..storage.db import database_path

    store = CaseStore.open(database_path(settings.storage), cipher)
    try:
        return store.upsert_many(result.cases)
    finally:
        store.close()


def _fail(message: str) -> None:
    print(message, file=sys.stderr)


def _as_json(result: ImportResult, added: int, updated: int) -> dict[str, Any]:
    return {
        "rows": result.rows, "added": added, "updated": updated, "refused": result.refused,
        "errors": [{"row": e.row, "column": redact(e.column), "reason": str(e.reason)} for e in result.errors],
    }


def _as_text(result: ImportResult, added: int, updated: int) -> str:
    lines: list[Msg] = [N_("{0} rows read: {1} cases added, {2} updated, {3} rows refused",
                           result.rows, added, updated, result.refused)]
    for error in result.errors:
        if error.column:
            lines.append(N_("row {0} ({1}): {2}", error.row, redact(error.column), error.reason))
        else:
            lines.append(N_("row {0}: {1}", error.row, error.reason))
    return "\n".join(lines)
