"""Reading a lender's case list (.xlsx or .csv) into ``Case`` records, row by row.

``read_cases(path)`` streams the file: an ``.xlsx`` through openpyxl in
read-only mode (first sheet), a ``.csv`` in UTF-8 (with or without BOM) or
GBK. The first row names the columns (``columns.py``: Chinese or English);
every other row is one loan of one customer. Rows with the same case id are
one case with several loans (their numbers and contacts merged).

Cells are read as a lender writes them: amounts in yuan (``8,000.50``,
``¥8000``, numbers) become integer fen, dates may be Excel dates or text
(``2026-11-20``, ``2026/11/20``, ``20261120``), numbers Excel stored as floats
(``13812345678.0``) are read back as digits, phone numbers are normalised
(``vault.normalise_number``), third parties' numbers are marked
``do_not_contact``.

A row with a problem (a wrong ID check digit, an impossible date, a negative
amount, an unknown stage or relation, an empty case id or name, a phone
number that is not 5-15 digits ...) is left out and reported as a
``RowError`` with its spreadsheet row number (the header is row 1); the good
rows are kept. A reason never holds the raw ID, phone or card number or the
name of a customer (at most their masked forms), and nothing read is logged:
only counts. A file that cannot be read at all, or has no case-id or name
column, raises ``CaseImportError``.
"""

from __future__ import annotations

import codecs
import csv
import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..compliance.masking import mask_name
from ..i18n import Msg, N_
from ..privacy import redact
from ..storage.vault import normalise_number
from .columns import HEADERS, MAX_CONTACTS, CaseField, column_for, relation_for
from .idcard import id_number_problem, normalise_id_number
from .model import Case, ContactNumber, Customer, Loan, OverdueStage, Relation, stage_for_days
from .source import CaseSourceError

__all__ = ["RowError", "ImportResult", "CaseImportError", "read_cases", "SUFFIXES"]

_log = logging.getLogger(__name__)

T = TypeVar("T")
Cell = object  # what a spreadsheet cell holds: None, str, int, float, bool, date, datetime ...

SUFFIXES = (".xlsx", ".xlsm", ".csv")
_CSV_ENCODINGS = ("utf-8-sig", "gbk", "gb18030")  # GB18030 is a superset of GBK: the rare characters of names
_CHUNK = 1 << 20
_SHOWN_MAX = 40  # characters of a cell repeated in a reason
_INTERN_MAX = 64


class CaseImportError(CaseSourceError):
    """The case list could not be read at all (``user_message`` says why); no row was imported."""

    default_user_message = N_("The case list could not be read.")


@dataclass(frozen=True)
class RowError:
    """A row left out of the import: its spreadsheet row number, the column at fault, why."""

    row: int  # the spreadsheet's row number (the header is row 1)
    column: str  # the header of the column at fault, as the file writes it ("" for the whole row)
    reason: Msg  # never holds a raw ID, phone or card number or a name


@dataclass(frozen=True)
class ImportResult:
    cases: list[Case]
    errors: list[RowError]
    rows: int  # data rows read (blank rows not counted)

    @property
    def refused(self) -> int:
        """How many rows were left out (a row may have several errors)."""
        return len({e.row for e in self.errors})


class _Bad(Exception):
    """One cell's problem, raised by a cell parser and turned into a ``RowError``."""

    def __init__(self, reason: Msg) -> None:
        super().__init__(reason)
        self.reason = reason


# -- reading the file ---------------------------------------------------------------------------


def read_cases(path: Path, today: date | None = None) -> ImportResult:
    """The cases of the case list at ``path`` (.xlsx or .csv) and the rows refused.

    ``today`` (default: the current day) gives the days overdue of a row with a
    due date but no days-overdue column. Raises ``CaseImportError`` when the
    file cannot be read or lacks a case-id or name column.
    """
    path = Path(path)
    rows = _file_rows(path)
    header = next(rows, None)
    if header is None:
        raise CaseImportError(f"{path.name}: empty", user_message=N_("The case list {0} is empty.", _shown(path.name)))
    layout = _Layout.from_header(header)
    book = _CaseBook()
    counted = 0
    for number, values in enumerate(rows, start=2):
        if _blank(values):
            continue
        counted += 1
        book.add(_RowReader(number, values, layout, today or date.today()))
    _log.info("case list read: %d rows, %d cases, %d rows refused", counted, len(book.cases), len(book.refused))
    return ImportResult(list(book.cases.values()), book.errors, counted)


def _file_rows(path: Path) -> Iterator[Sequence[Cell]]:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise CaseImportError(f"{path.name}: old .xls", user_message=N_(
            "Old Excel files (.xls) cannot be read: open {0} in Excel and save it as .xlsx.", _shown(path.name)))
    if suffix not in SUFFIXES:
        raise CaseImportError(f"{path.name}: not a case list", user_message=N_(
            "{0} is not a case list: only .xlsx and .csv files can be imported.", _shown(path.name)))
    if not path.is_file():
        raise CaseImportError(f"{path}: no such file", user_message=N_(
            "The file {0} does not exist.", _shown(str(path))))
    return _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path)


def _xlsx_rows(path: Path) -> Iterator[Sequence[Cell]]:
    """The rows of the first sheet, streamed (openpyxl's read-only mode keeps one row at a time)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip, XML and openpyxl errors: all mean "not a readable workbook"
        raise _unreadable(path, exc) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong size; read every row there is
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - a damaged sheet part
                raise _unreadable(path, exc) from exc
            yield row
    finally:
        workbook.close()


def _csv_rows(path: Path) -> Iterator[Sequence[Cell]]:
    encoding = _csv_encoding(path)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            delimiter = _delimiter(handle.readline())
            handle.seek(0)
            yield from csv.reader(handle, delimiter=delimiter)
    except (OSError, csv.Error) as exc:
        raise _unreadable(path, exc) from exc


def _csv_encoding(path: Path) -> str:
    """The first of UTF-8 and GBK the whole file decodes in (read in chunks: the file is not held in memory)."""
    for encoding in _CSV_ENCODINGS:
        if _decodes(path, encoding):
            return encoding
    raise CaseImportError(f"{path.name}: neither UTF-8 nor GBK", user_message=N_(
        "{0} is neither UTF-8 nor GBK text: save it from Excel as “CSV UTF-8”, or as .xlsx.", _shown(path.name)))


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return True


def _delimiter(first_line: str) -> str:
    """Comma, unless the header line is separated by tabs or semicolons only."""
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    return max(counts, key=lambda d: (counts[d], d == ",")) if any(counts.values()) else ","


def _unreadable(path: Path, exc: BaseException) -> CaseImportError:
    return CaseImportError(f"{path.name}: {type(exc).__name__}", user_message=N_(
        "The file {0} could not be read: it is damaged or not a spreadsheet.", _shown(path.name)))


def _blank(values: Sequence[Cell]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


# -- the header -----------------------------------------------------------------------------------


@dataclass
class _Layout:
    """Which column (index, header as written) holds which field."""

    fields: dict[CaseField, list[tuple[int, str]]] = field(default_factory=dict)
    contacts: dict[int, dict[CaseField, tuple[int, str]]] = field(default_factory=dict)
    extra: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def from_header(cls, header: Sequence[Cell]) -> _Layout:
        layout = cls()
        for index, cell in enumerate(header):
            layout._place(index, _cell_text(cell))
        layout._check()
        return layout

    def _place(self, index: int, header: str) -> None:
        column = column_for(header)
        if column is None:
            if header:
                self.extra.append((index, header))
        elif column.contact:
            self.contacts.setdefault(column.contact, {}).setdefault(column.field, (index, header))
        else:
            self.fields.setdefault(column.field, []).append((index, header))

    def _check(self) -> None:
        missing = [f for f in (CaseField.CASE_ID, CaseField.NAME) if f not in self.fields]
        if missing:
            names = ", ".join(_header_names(f) for f in missing)
            raise CaseImportError(f"no column for {', '.join(f.value for f in missing)}", user_message=N_(
                "The case list has no column for: {0}. Its first row must name the columns (see docs/cases.md).",
                names))


def _header_names(name: CaseField) -> str:
    """``案件编号 / case id``: the first Chinese and the first English header of a field."""
    headers = HEADERS[name]
    english = next((h for h in headers if h.isascii()), "")
    return " / ".join(h for h in (headers[0], english) if h)


# -- one row --------------------------------------------------------------------------------------


_LOAN_FIELDS = (CaseField.CONTRACT_NO, CaseField.PRODUCT, CaseField.PRINCIPAL, CaseField.BALANCE,
                CaseField.ANNUAL_RATE, CaseField.INSTALMENT, CaseField.DUE_DATE, CaseField.DAYS_OVERDUE,
                CaseField.STAGE, CaseField.DUE_TODAY)


class _RowReader:
    """The cells of one data row, parsed field by field; the problems found are collected in ``errors``."""

    def __init__(self, number: int, values: Sequence[Cell], layout: _Layout, today: date) -> None:
        self.number = number
        self.values = values
        self.layout = layout
        self.today = today
        self.errors: list[RowError] = []

    def header(self, name: CaseField) -> str:
        columns = self.layout.fields.get(name)
        return columns[0][1] if columns else ""

    def cell(self, name: CaseField) -> tuple[Cell, str]:
        """The first non-empty cell of the field's columns, and its header (None, "" when there is none)."""
        for index, header in self.layout.fields.get(name, ()):
            value = self._at(index)
            if not _empty(value):
                return value, header
        return None, self.header(name)

    def cells(self, name: CaseField) -> Iterator[tuple[Cell, str]]:
        for index, header in self.layout.fields.get(name, ()):
            value = self._at(index)
            if not _empty(value):
                yield value, header

    def has(self, name: CaseField) -> bool:
        return not _empty(self.cell(name)[0])

    def parse(self, name: CaseField, parser: Callable[[Cell], T], default: T) -> T:
        value, header = self.cell(name)
        return default if _empty(value) else self.parse_cell(value, header, parser, default)

    def parse_cell(self, value: Cell, header: str, parser: Callable[[Cell], T], default: T) -> T:
        try:
            return parser(value)
        except _Bad as bad:
            self.refuse(header, bad.reason)
            return default

    def refuse(self, header: str, reason: Msg) -> None:
        self.errors.append(RowError(self.number, header, reason))

    def _at(self, index: int) -> Cell:
        return self.values[index] if index < len(self.values) else None

    def contact_cell(self, group: int, name: CaseField) -> tuple[Cell, str]:
        place = self.layout.contacts.get(group, {}).get(name)
        return (self._at(place[0]), place[1]) if place else (None, "")

    def extra(self) -> tuple[tuple[str, str], ...]:
        pairs = ((header, redact(_cell_text(self._at(index)))) for index, header in self.layout.extra)
        return tuple((header, text) for header, text in pairs if text)


def _read_row(row: _RowReader) -> Case | None:
    """The case one row describes (with at most one loan), or None when the row is refused."""
    case_id = row.parse(CaseField.CASE_ID, _text, "")
    if not case_id:
        row.refuse(row.header(CaseField.CASE_ID), N_("The case id is empty."))
    customer = _customer(row)
    loan = _loan(row) if any(row.has(f) for f in _LOAN_FIELDS) else None
    numbers = _own_numbers(row) + _contact_numbers(row)
    case = Case(
        case_id=case_id,
        customer=customer,
        loans=(loan,) if loan is not None else (),
        numbers=_unique_numbers(numbers),
        lenders_count=row.parse(CaseField.LENDERS_COUNT, _count, 0),
        complaints=row.parse(CaseField.COMPLAINTS, _count, 0),
        vulnerable=row.parse(CaseField.VULNERABLE, _yes_no, False),
        extra=row.extra(),
        time_zone=row.parse(CaseField.TIME_ZONE, _time_zone, ""),
    )
    return None if row.errors else case


def _customer(row: _RowReader) -> Customer:
    name = row.parse(CaseField.NAME, _name, "")
    if not name:
        row.refuse(row.header(CaseField.NAME), N_("The customer's name is empty."))
    id_number = row.parse(CaseField.ID_NUMBER, lambda v: _id_number(v, row.today), "")
    card = row.parse(CaseField.CARD_NUMBER, _card, "")
    return Customer(name, id_number, card, row.parse(CaseField.ADDRESS, _text, ""))


def _loan(row: _RowReader) -> Loan:
    due = row.parse(CaseField.DUE_DATE, _day, None)
    days = row.parse(CaseField.DAYS_OVERDUE, _days, None)
    if days is None:
        days = max(0, (row.today - due).days) if due is not None else 0
    stage = row.parse(CaseField.STAGE, _stage, None) or stage_for_days(days)
    return Loan(
        contract_no=row.parse(CaseField.CONTRACT_NO, _text, ""),
        product=_interned(row.parse(CaseField.PRODUCT, _text, "")),
        principal_fen=row.parse(CaseField.PRINCIPAL, _fen, 0),
        balance_fen=row.parse(CaseField.BALANCE, _fen, 0),
        annual_rate=row.parse(CaseField.ANNUAL_RATE, _rate, 0.0),
        instalment_fen=row.parse(CaseField.INSTALMENT, _fen, 0),
        due_date=due,
        days_overdue=days,
        stage=stage,
        due_today_fen=row.parse(CaseField.DUE_TODAY, _fen, 0),
    )


def _own_numbers(row: _RowReader) -> tuple[ContactNumber, ...]:
    found: list[ContactNumber] = []
    for value, header in row.cells(CaseField.PHONE):
        found.extend(ContactNumber(n) for n in row.parse_cell(value, header, _phones, _NO_NUMBERS))
    return tuple(found)


def _contact_numbers(row: _RowReader) -> tuple[ContactNumber, ...]:
    found: list[ContactNumber] = []
    for group in range(1, MAX_CONTACTS + 1):
        phone, phone_header = row.contact_cell(group, CaseField.CONTACT_PHONE)
        if _empty(phone):
            continue  # a contact without a number cannot be called: nothing to keep
        relation_cell, relation_header = row.contact_cell(group, CaseField.CONTACT_RELATION)
        relation = (Relation.OTHER if _empty(relation_cell)
                    else row.parse_cell(relation_cell, relation_header, _relation, Relation.OTHER))
        label = _interned(mask_name(_cell_text(row.contact_cell(group, CaseField.CONTACT_NAME)[0])))
        numbers = row.parse_cell(phone, phone_header, _phones, _NO_NUMBERS)
        found.extend(ContactNumber(n, relation, do_not_contact=True, label=label) for n in numbers)
    return tuple(found)


def _unique_numbers(numbers: Iterable[ContactNumber]) -> tuple[ContactNumber, ...]:
    """One entry per number: the first, unless a later one says it is the customer's own."""
    kept: dict[str, ContactNumber] = {}
    for number in numbers:
        old = kept.get(number.number)
        if old is None or (number.relation is Relation.SELF and old.relation is not Relation.SELF):
            kept[number.number] = number
    return tuple(kept.values())


def _interned(text: str) -> str:
    """One copy of a text many rows repeat (product names, masked labels): 100,000 rows stay small."""
    return sys.intern(text) if len(text) <= _INTERN_MAX else text


# -- the case book: rows merged by case id ---------------------------------------------------------


class _CaseBook:
    def __init__(self) -> None:
        self.cases: dict[str, Case] = {}
        self.first_row: dict[str, int] = {}
        self.errors: list[RowError] = []
        self.refused: set[int] = set()

    def add(self, row: _RowReader) -> None:
        case = _read_row(row)
        if case is not None:
            self._merge(case, row)
        if row.errors:
            self.errors.extend(row.errors)
            self.refused.add(row.number)

    def _merge(self, case: Case, row: _RowReader) -> None:
        old = self.cases.get(case.case_id)
        if old is None:
            self.cases[case.case_id] = case
            self.first_row[case.case_id] = row.number
            return
        conflict = _conflict(old.customer, case.customer, row)
        if conflict is not None:
            row.refuse(conflict, N_("The case id {0} is already used for another customer (row {1}).",
                                       _shown(case.case_id), self.first_row[case.case_id]))
            return
        self.cases[case.case_id] = _merged(old, case)


def _conflict(old: Customer, new: Customer, row: _RowReader) -> str | None:
    """The header of the field where two rows of one case id name different customers, or None."""
    if _name_key(old.name) != _name_key(new.name):
        return row.header(CaseField.NAME)
    if old.id_number and new.id_number and old.id_number != new.id_number:
        return row.header(CaseField.ID_NUMBER)
    return None


def _merged(old: Case, new: Case) -> Case:
    """Two rows of one case: loans side by side (one per contract), numbers and extra fields merged."""
    customer = Customer(old.customer.name, old.customer.id_number or new.customer.id_number,
                        old.customer.card_number or new.customer.card_number,
                        old.customer.address or new.customer.address)
    return replace(
        old,
        customer=customer,
        loans=_merged_loans(old.loans, new.loans),
        numbers=_unique_numbers(old.numbers + new.numbers),
        lenders_count=max(old.lenders_count, new.lenders_count),
        complaints=max(old.complaints, new.complaints),
        vulnerable=old.vulnerable or new.vulnerable,
        extra=tuple(dict.fromkeys(old.extra + new.extra)),
        time_zone=old.time_zone or new.time_zone,
    )


def _merged_loans(old: tuple[Loan, ...], new: tuple[Loan, ...]) -> tuple[Loan, ...]:
    """A later row of the same contract number replaces the earlier one; identical rows count once."""
    loans = list(old)
    for loan in new:
        same = [i for i, kept in enumerate(loans) if loan.contract_no and kept.contract_no == loan.contract_no]
        if same:
            loans[same[0]] = loan
        elif loan not in loans:
            loans.append(loan)
    return tuple(loans)


def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


# -- cell parsers: a value, or _Bad with a reason that never repeats personal data --------------------


def _cell_text(value: Cell) -> str:
    """A cell as text: integral floats without ``.0`` (Excel stores numbers as floats), dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _empty(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(text: str) -> str:
    """A value repeated in a reason: digit runs masked, cut short."""
    shown = redact(text.strip())
    return shown if len(shown) <= _SHOWN_MAX else shown[:_SHOWN_MAX - 1] + "…"


def _folded(value: Cell) -> str:
    """The cell's text with full-width characters folded (１２３ -> 123, ￥ -> ¥)."""
    return unicodedata.normalize("NFKC", _cell_text(value))


def _text(value: Cell) -> str:
    return " ".join(_cell_text(value).split())


def _name(value: Cell) -> str:
    return _text(value)


_INTEGRAL_TEXT = re.compile(r"^(\d+)\.0+$")
_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?e\+?\d+$", re.I)


def _digit_text(value: Cell) -> str:
    """A number-like cell (ID, card, phone) as text: ``13812345678.0`` -> ``13812345678``."""
    text = "".join(_folded(value).split())
    if _SCIENTIFIC.match(text):
        raise _Bad(N_("The number was saved in scientific notation (like 1.38E+10) and has lost digits: format the "
                      "column as text in Excel and export the list again."))
    match = _INTEGRAL_TEXT.match(text)
    return match.group(1) if match else text


def _stored_as_float(value: Cell) -> bool:
    """Excel keeps 15 significant digits of a number: an ID or card number stored as one is no longer whole."""
    return isinstance(value, float) and abs(value) >= 1e15


def _id_number(value: Cell, today: date) -> str:
    if _stored_as_float(value):
        raise _Bad(N_("The ID number was stored as a number in Excel and has lost digits: format the column as "
                      "text and export the list again."))
    number = normalise_id_number(_digit_text(value))
    problem = id_number_problem(number, today)
    if problem is not None:
        raise _Bad(problem)
    return number


_CARD = re.compile(r"^[\d*]+$")


def _card(value: Cell) -> str:
    if _stored_as_float(value):
        raise _Bad(N_("The card number was stored as a number in Excel and has lost digits: format the column "
                      "as text and export the list again."))
    card = re.sub(r"[\s\-]", "", _digit_text(value))
    if not _CARD.match(card):
        raise _Bad(N_("The card number may hold only digits."))
    return card


_PHONE_SEPARATORS = re.compile(r"[;,、/|]+")
_PHONE_CHARS = re.compile(r"^[\d\s+\-().]+$")
_PHONE_MIN, _PHONE_MAX = 5, 15
_NO_NUMBERS: tuple[str, ...] = ()


def _phones(value: Cell) -> tuple[str, ...]:
    """The numbers of a phone cell (several may be separated by ; or ,), normalised."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (_phone(_cell_text(value)),)
    parts = (part.strip() for part in _PHONE_SEPARATORS.split(_folded(value)))
    return tuple(_phone(part) for part in parts if part)


def _phone(text: str) -> str:
    text = _digit_text(text)
    if not _PHONE_CHARS.match(text):
        raise _Bad(N_("A phone number may hold only digits, spaces, + and -."))
    digits = normalise_number(text)
    if not _PHONE_MIN <= len(digits) <= _PHONE_MAX:
        raise _Bad(N_("A phone number must have 5 to 15 digits; this one has {0}.", len(digits)))
    return digits


def _relation(value: Cell) -> Relation:
    relation = relation_for(_cell_text(value))
    if relation is None:  # the cell is not repeated: it may hold the contact's name
        raise _Bad(N_("The relation is not a known one: write 配偶, 父母, 子女, 兄弟姐妹, 亲属, 朋友, 同事, 单位 or 其他 "
                      "(or spouse, parent, child, sibling, relative, friend, colleague, employer, other)."))
    return relation


_CURRENCY = re.compile(r"^(?:¥|RMB|CNY)|(?:元|RMB|CNY)$", re.I)


def _decimal(value: Cell) -> Decimal:
    """A number cell as a ``Decimal``; text may carry thousands separators and a yuan sign."""
    if isinstance(value, bool):
        raise _Bad(N_("“{0}” is not a number.", _shown(_cell_text(value))))
    if isinstance(value, (int, float)):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = _CURRENCY.sub("", re.sub(r"[\s,]", "", _folded(value))).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Bad(N_("“{0}” is not a number.", _shown(_cell_text(value)))) from None
    if not number.is_finite():
        raise _Bad(N_("“{0}” is not a number.", _shown(_cell_text(value))))
    return number


def _fen(value: Cell) -> int:
    """An amount in yuan as integer fen (rounded half up to the fen); negative amounts are refused."""
    yuan = _decimal(value)
    if yuan < 0:
        raise _Bad(N_("The amount {0} is negative; amounts must be 0 or more.", _shown(_cell_text(value))))
    return int((yuan * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_RATE_MAX = Decimal(10)  # 1000 % a year: anything above is not a rate


def _rate(value: Cell) -> float:
    """``"18%"``, ``0.18`` and ``18`` are all 0.18 (a number above 1 is taken as a percentage)."""
    text = _folded(value)
    percent = isinstance(value, str) and text.rstrip().endswith("%")
    number = _decimal(text.rstrip().rstrip("%") if percent else value)
    if percent or number > 1:
        number /= 100
    if number < 0 or number > _RATE_MAX:
        raise _Bad(N_("“{0}” is not an annual interest rate (write 18%, 0.18 or 18).", _shown(_cell_text(value))))
    return float(number)


def _count(value: Cell) -> int:
    """A whole number of 0 or more (lenders, complaints)."""
    number = _decimal(value)
    if number != number.to_integral_value() or number < 0:
        raise _Bad(N_("“{0}” is not a whole number of 0 or more.", _shown(_cell_text(value))))
    return int(number)


def _days(value: Cell) -> int:
    """Days overdue: a whole number (``12``, ``12天``); a negative count (not yet due) is 0."""
    text = _folded(value).removesuffix("天") if isinstance(value, str) else value
    try:
        number = _decimal(text)
    except _Bad:
        raise _Bad(N_("“{0}” is not a number of days.", _shown(_cell_text(value)))) from None
    if number != number.to_integral_value():
        raise _Bad(N_("“{0}” is not a number of days.", _shown(_cell_text(value))))
    return max(0, int(number))


_STAGES = {"M0": OverdueStage.M0, "M1": OverdueStage.M1, "M2": OverdueStage.M2, "M3": OverdueStage.M3_PLUS,
           "M3+": OverdueStage.M3_PLUS, "M4": OverdueStage.M3_PLUS, "M5": OverdueStage.M3_PLUS,
           "M6": OverdueStage.M3_PLUS}


def _stage(value: Cell) -> OverdueStage:
    """M0, M1, M2, M3+; M3 to M6 are all M3+ here."""
    stage = _STAGES.get("".join(_folded(value).split()).upper())
    if stage is None:
        raise _Bad(N_("“{0}” is not a known overdue stage (M0, M1, M2, M3+; M3 to M6 count as M3+).",
                      _shown(_cell_text(value))))
    return stage


_YES = frozenset({"是", "yes", "y", "1", "true", "t", "有"})
_NO = frozenset({"否", "no", "n", "0", "false", "f", "无", "-"})


def _time_zone(value: Cell) -> str:
    text = _cell_text(value).strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise _Bad(N_("“{0}” is not a time zone (write it as Asia/Shanghai).", _shown(text))) from exc
    return text


def _yes_no(value: Cell) -> bool:
    if isinstance(value, bool):
        return value
    text = "".join(_folded(value).split()).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _Bad(N_("“{0}” is neither yes nor no (是/否, yes/no, 1/0).", _shown(_cell_text(value))))


_DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_LAST = 2958465  # 9999-12-31


def _day(value: Cell) -> date:
    """An Excel date, or text ``2026-11-20`` / ``2026/11/20`` / ``20261120`` / ``2026年11月20日``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _day_of_number(value)
    text = _folded(value).split(" ")[0].split("T")[0]
    match = _DATE_TEXT.match(text) or _DATE_DIGITS.match(text)
    if match is None:
        raise _Bad(N_("“{0}” is not a date (write it as 2026-11-20).", _shown(_cell_text(value))))
    return _real_day(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def _day_of_number(value: float) -> date:
    """20261120 (a date typed as a number) or an Excel day serial (46346)."""
    if float(value).is_integer() and 19000101 <= value <= 29991231:
        number = int(value)
        return _real_day(number // 10000, number // 100 % 100, number % 100)
    if 1 <= value <= _EXCEL_LAST:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    raise _Bad(N_("“{0}” is not a date (write it as 2026-11-20).", _shown(_cell_text(value))))


def _real_day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # the date as digits only (not the cell: redact would mask 2026-02-30 as a number)
        raise _Bad(N_("{0} is not a real date.", f"{year:04d}-{month:02d}-{day:02d}")) from None
