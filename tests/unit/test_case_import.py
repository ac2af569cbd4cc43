"""The case-list importer: .xlsx and GBK .csv lists into ``Case`` records, bad rows reported, the CLI.

Every ID number here is fictional, made with the GB 11643-1999 check
character computed by ``_id`` below (not by the code under test).
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring
from openpyxl import Workbook

from softphone.cli.main import main
from softphone.compliance.masking import mask_name
from softphone.crm.columns import CaseField, Column, column_for, normalise_header, relation_for
from softphone.crm.idcard import id_number_problem
from softphone.crm.importer import CaseImportError, ImportResult, RowError, read_cases
from softphone.crm.model import Case, OverdueStage, Relation
from softphone.crm.source import CaseSourceError
from softphone.secrets import SecretStore

TODAY = date(2026, 12, 1)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id(first17: str) -> str:
    """A fictional ID number with its right check character."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS))
    return first17 + "10X98765432"[total % 11]


def _wrong_check(id_number: str) -> str:
    return id_number[:17] + ("1" if id_number[17] != "1" else "2")


ID_A = _id("11010119900307001")
ID_B = _id("44030619851231002")
ID_C = _id("31010420000229003")  # born on a leap day
ID_BAD = _wrong_check(_id("11010119781111004"))

# the personal data of the bad rows: none of it may appear in a reason
BAD_ROW_SECRETS = [ID_BAD, "13512340001", "赵六", "13512340002", "钱七", "13512340003", "孙八", "13512340004",
                   "周九", "13512340005", "吴十", "13512340006", "郑一", "13712340007"]


def _reasons(result: ImportResult) -> list[str]:
    return [str(e.reason) for e in result.errors] + [e.reason.id for e in result.errors]


def _errors_of(result: ImportResult, row: int) -> list[RowError]:
    return [e for e in result.errors if e.row == row]


def _case(result: ImportResult, case_id: str) -> Case:
    found = [c for c in result.cases if c.case_id == case_id]
    assert len(found) == 1, f"{case_id}: {len(found)} cases"
    return found[0]


# -- an .xlsx list with Chinese headers ------------------------------------------------------------

ZH_HEADER = ["案件编号", "客户姓名", "身份证号", "银行卡号", "地址", "手机号", "合同编号", "产品名称", "本金(元)",
             "剩余应还（元）", "年化利率", "期供", "应还日期", "逾期天数", "逾期阶段", "今日应还", "多头借贷机构数",
             "投诉次数", "特殊人群", "联系人1姓名", "联系人1关系", "联系人1电话", "联系人2姓名", "联系人2关系",
             "联系人2电话", "催收备注"]


def _zh_row(**values: object) -> list[object]:
    keys = ["case", "name", "id", "card", "addr", "phone", "contract", "product", "principal", "balance", "rate",
            "instalment", "due", "days", "stage", "today", "lenders", "complaints", "vulnerable", "c1name", "c1rel",
            "c1phone", "c2name", "c2rel", "c2phone", "note"]
    unknown = set(values) - set(keys)
    assert not unknown, unknown
    return [values.get(k) for k in keys]


@pytest.fixture
def xlsx_list(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(ZH_HEADER)
    ws.append(_zh_row(case="C001", name="张三", id=ID_A, card="6222 0212 3456 7890 123", addr="北京市东城区某路1号",
                      phone=13812345678.0, contract="HT-0001", product="随借随还", principal=8000.5,
                      balance="¥7,000.25", rate="18%", instalment=500, due=datetime(2026, 11, 20), days=11.0,
                      stage="M1", today="300", lenders=3, complaints=0, vulnerable="否", c1name="李四", c1rel="配偶",
                      c1phone="13700001111", c2name="王五", c2rel="同事", c2phone="+86 139 0000 2222",
                      note="客户说下周还 13812345678"))  # row 2
    ws.append(_zh_row(case="C001", name="张三", phone="13812345678；13600003333", contract="HT-0002",
                      product="分期", principal=2000, balance=1000, rate=0.24, due="2026/10/01", days=61,
                      c1name="李四", c1rel="配偶", c1phone="13700001111"))  # row 3: a second loan of C001
    ws.append(_zh_row(case="C002", name="赵六", id=ID_BAD, phone="13512340001", balance=100))  # row 4: check digit
    ws.append(_zh_row(case="C003", name="钱七", id=ID_B, phone="13512340002", due="2026-02-30"))  # row 5
    ws.append(_zh_row(case="C004", name="孙八", phone="13512340003", balance=-100))  # row 6: negative
    ws.append(_zh_row(case="C005", name="周九", phone="13512340004", stage="M9"))  # row 7: unknown stage
    ws.append([])  # row 8: blank, not counted
    ws.append(_zh_row(case="C006", name="欧阳娜娜", id=ID_C.lower(), phone="021-5555 6666", due="20261101",
                      stage="M5", vulnerable="是", c1name="欧阳父", c1rel="父亲", c1phone="13800009999"))  # row 9
    path = tmp_path / "案件清单.xlsx"
    wb.save(path)
    return path


def test_xlsx_good_rows_are_parsed(xlsx_list: Path) -> None:
    result = read_cases(xlsx_list, today=TODAY)
    assert result.rows == 7
    assert sorted(c.case_id for c in result.cases) == ["C001", "C006"]

    c1 = _case(result, "C001")
    assert c1.customer.name == "张三"
    assert c1.customer.id_number == ID_A
    assert c1.customer.card_number == "6222021234567890123"
    assert c1.customer.address == "北京市东城区某路1号"
    first, second = c1.loans
    assert (first.contract_no, first.product) == ("HT-0001", "随借随还")
    assert (first.principal_fen, first.balance_fen, first.instalment_fen, first.due_today_fen) == (
        800050, 700025, 50000, 30000)
    assert first.annual_rate == pytest.approx(0.18)
    assert (first.due_date, first.days_overdue, first.stage) == (date(2026, 11, 20), 11, OverdueStage.M1)
    assert (second.contract_no, second.principal_fen, second.balance_fen) == ("HT-0002", 200000, 100000)
    assert second.annual_rate == pytest.approx(0.24)
    assert (second.due_date, second.days_overdue, second.stage) == (date(2026, 10, 1), 61, OverdueStage.M3_PLUS)
    assert c1.balance_fen == 800025
    assert (c1.lenders_count, c1.complaints, c1.vulnerable) == (3, 0, False)

    by_number = {n.number: n for n in c1.numbers}
    assert set(by_number) == {"13812345678", "13600003333", "13700001111", "13900002222"}  # merged, deduplicated
    assert len(c1.numbers) == 4
    for own in ("13812345678", "13600003333"):
        assert by_number[own].relation is Relation.SELF and not by_number[own].do_not_contact
    spouse, colleague = by_number["13700001111"], by_number["13900002222"]
    assert (spouse.relation, spouse.do_not_contact, spouse.label) == (Relation.SPOUSE, True, mask_name("李四"))
    assert (colleague.relation, colleague.do_not_contact) == (Relation.COLLEAGUE, True)
    assert c1.extra == (("催收备注", "客户说下周还 138****5678"),)  # unknown column kept, digits redacted


def test_xlsx_given_stage_wins_and_days_come_from_the_due_date(xlsx_list: Path) -> None:
    c6 = _case(read_cases(xlsx_list, today=TODAY), "C006")
    assert c6.customer.id_number == ID_C.upper()
    (loan,) = c6.loans
    assert (loan.due_date, loan.days_overdue) == (date(2026, 11, 1), 30)
    assert loan.stage is OverdueStage.M3_PLUS  # M5 as given, although 30 days would be M1
    assert c6.vulnerable
    assert [n.number for n in c6.own_numbers] == ["02155556666"]
    (parent,) = [n for n in c6.numbers if n.relation is not Relation.SELF]
    assert (parent.relation, parent.do_not_contact, parent.label) == (Relation.PARENT, True, mask_name("欧阳父"))


def test_xlsx_bad_rows_are_reported_and_skipped(xlsx_list: Path) -> None:
    result = read_cases(xlsx_list, today=TODAY)
    assert result.refused == 4
    assert {e.row for e in result.errors} == {4, 5, 6, 7}
    (check,) = _errors_of(result, 4)
    assert check.column == "身份证号" and "check digit" in check.reason
    (day,) = _errors_of(result, 5)
    assert day.column == "应还日期" and "2026-02-30 is not a real date" in day.reason
    (negative,) = _errors_of(result, 6)
    assert negative.column == "剩余应还（元）" and "negative" in negative.reason
    (stage,) = _errors_of(result, 7)
    assert stage.column == "逾期阶段" and "M9" in stage.reason and "stage" in stage.reason


# -- a GBK .csv list with English headers ------------------------------------------------------------

EN_HEADER = ["Case ID", "Name", "ID Number", "Phone", "Contract No", "Product", "Principal", "Balance",
             "Annual Rate", "Instalment", "Due Date", "Days Overdue", "Stage", "Due Today", "Lenders",
             "Complaints", "Vulnerable", "Contact1 Name", "Contact1 Relation", "Contact1 Phone", "Branch"]


def _en_row(case: str, name: str, id_number: str = "", phone: str = "", contract: str = "", principal: str = "",
            balance: str = "", rate: str = "", due: str = "", days: str = "", stage: str = "", c1name: str = "",
            c1rel: str = "", c1phone: str = "") -> list[str]:
    return [case, name, id_number, phone, contract, "现金贷", principal, balance, rate, "", due, days, stage, "",
            "2", "1", "yes", c1name, c1rel, c1phone, "深圳"]


def _write_csv(path: Path, encoding: str) -> Path:
    rows = [
        EN_HEADER,
        _en_row("E100", "李雷", ID_B, "13912345678, 13812340000", "K-1", "12,000", "￥9,500.5", "0.18", "2026-11-20",
                "", "M1", "韩梅梅", "friend", "13712345678"),  # row 2
        _en_row("E101", "赵六", ID_BAD, "13512340001", balance="1"),  # row 3: check digit
        _en_row("E102", "钱七", "", "13512340002", due="2026-02-30"),  # row 4: impossible date
        _en_row("E103", "孙八", "", "13512340003", principal="-5"),  # row 5: negative
        _en_row("E104", "周九", "", "13512340004", stage="Z9"),  # row 6: unknown stage
        _en_row("E105", "吴十", "", "13512340005", c1name="某人", c1rel="neighbour", c1phone="13512349999"),  # row 7
        _en_row("E106", "郑一", "", "1351", balance="1"),  # row 8: too short a number
        _en_row("E107", "", "", "13712340007", balance="1"),  # row 9: no name
        _en_row("E100", "李雷", "", "13912345678", "K-2", "500", "500", "18", "20261010", "52", ""),  # row 10
    ]
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture(params=["gbk", "utf-8-sig", "utf-8"])
def csv_list(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return _write_csv(tmp_path / "cases.csv", request.param)


def test_csv_good_rows_are_parsed(csv_list: Path) -> None:
    result = read_cases(csv_list, today=TODAY)
    assert result.rows == 9
    (case,) = result.cases
    assert case.case_id == "E100" and case.customer.name == "李雷" and case.customer.id_number == ID_B
    first, second = case.loans
    assert (first.principal_fen, first.balance_fen, first.stage) == (1_200_000, 950_050, OverdueStage.M1)
    assert first.annual_rate == pytest.approx(0.18) and second.annual_rate == pytest.approx(0.18)
    assert (first.due_date, first.days_overdue) == (date(2026, 11, 20), 11)
    assert (second.due_date, second.days_overdue, second.stage) == (date(2026, 10, 10), 52, OverdueStage.M2)
    assert [n.number for n in case.own_numbers] == ["13912345678", "13812340000"]
    (friend,) = [n for n in case.numbers if n.relation is Relation.FRIEND]
    assert friend.number == "13712345678" and friend.do_not_contact
    assert (case.lenders_count, case.complaints, case.vulnerable) == (2, 1, True)
    assert case.extra == (("Branch", "深圳"),)


def test_csv_bad_rows_are_reported_with_row_and_reason(csv_list: Path) -> None:
    result = read_cases(csv_list, today=TODAY)
    assert result.refused == 7
    expected = {
        3: ("ID Number", "check digit"),
        4: ("Due Date", "not a real date"),
        5: ("Principal", "negative"),
        6: ("Stage", "overdue stage"),
        7: ("Contact1 Relation", "relation"),
        8: ("Phone", "5 to 15 digits"),
        9: ("Name", "name is empty"),
    }
    for row, (column, words) in expected.items():
        errors = _errors_of(result, row)
        assert [(e.column, words in e.reason) for e in errors] == [(column, True)], (row, errors)


def test_no_personal_data_in_any_reason(xlsx_list: Path, tmp_path: Path) -> None:
    reasons = _reasons(read_cases(xlsx_list, today=TODAY))
    reasons += _reasons(read_cases(_write_csv(tmp_path / "gbk.csv", "gbk"), today=TODAY))
    assert len(reasons) >= 2 * 11
    for secret in BAD_ROW_SECRETS:
        assert not [r for r in reasons if secret in r], secret
    assert not [r for r in reasons if ID_BAD[:6] + ID_BAD[6:14] in r]  # not even the birth date with the region


# -- whole-file problems --------------------------------------------------------------------------


def test_missing_case_id_or_name_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no_ids.csv"
    path.write_text("客户姓名,手机号\n张三,13812345678\n", encoding="utf-8")
    with pytest.raises(CaseImportError) as info:
        read_cases(path)
    assert isinstance(info.value, CaseSourceError)
    assert "案件编号" in info.value.user_message and "case id" in info.value.user_message
    assert "姓名" not in info.value.user_message.replace("客户姓名", "")  # the name column is there
    path.write_text("case_no,phone\nC1,13812345678\n", encoding="utf-8")
    with pytest.raises(CaseImportError) as info:
        read_cases(path)
    assert "姓名" in info.value.user_message and "name" in info.value.user_message
    assert "案件编号" not in info.value.user_message


def test_file_in_neither_utf8_nor_gbk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("案件编号,姓名\nC1,张三\n".encode("utf-16"))
    with pytest.raises(CaseImportError) as info:
        read_cases(path)
    assert "UTF-8" in info.value.user_message and "GBK" in info.value.user_message


@pytest.mark.parametrize("name", ["missing.xlsx", "list.xls", "list.txt"])
def test_unreadable_files_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name != "missing.xlsx":
        path.write_text("x", encoding="utf-8")
    with pytest.raises(CaseImportError):
        read_cases(path)


def test_a_damaged_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CaseImportError) as info:
        read_cases(path)
    assert "could not be read" in info.value.user_message


# -- pieces: headers, relations, ID numbers, cells ------------------------------------------------------


@pytest.mark.parametrize(("header", "field"), [
    ("本金(元)", CaseField.PRINCIPAL), ("本金（元）", CaseField.PRINCIPAL), ("Principal [CNY]", CaseField.PRINCIPAL),
    ("Case_ID", CaseField.CASE_ID), ("CASE NO", CaseField.CASE_ID), ("ｃａｓｅ　ｉｄ", CaseField.CASE_ID),
    ("Days_Overdue", CaseField.DAYS_OVERDUE), ("共债机构数", CaseField.LENDERS_COUNT), ("mobile", CaseField.PHONE),
])
def test_headers_are_matched_loosely(header: str, field: CaseField) -> None:
    assert column_for(header) == Column(field)


def test_contact_headers_and_relations() -> None:
    assert column_for("联系人3电话") == Column(CaseField.CONTACT_PHONE, 3)
    assert column_for("Contact 5 Relation") == Column(CaseField.CONTACT_RELATION, 5)
    assert column_for("contact6 phone") is None  # groups go up to 5
    assert column_for("放款渠道") is None
    assert normalise_header(" 剩余应还（元） ") == "剩余应还"
    assert relation_for("母亲") is Relation.PARENT and relation_for("Sibling") is Relation.SIBLING
    assert relation_for("单位") is Relation.EMPLOYER and relation_for("邻居") is None


def test_id_number_check() -> None:
    assert id_number_problem(ID_A) is None
    assert id_number_problem(ID_C.lower()) is None
    assert id_number_problem(_id("11010519491231002")) is None
    problem = id_number_problem(ID_BAD)
    assert problem is not None and "check digit" in problem and ID_BAD not in problem
    assert problem.args == (ID_BAD[:6] + "********" + ID_BAD[-4:],)
    not_a_day = _id("11010119900230001")  # 1990-02-30
    problem = id_number_problem(not_a_day)
    assert problem is not None and "birth date" in problem and not_a_day not in problem
    problem = id_number_problem(ID_A[:17])
    assert problem is not None and "18 characters" in problem
    problem = id_number_problem(ID_A[:16] + "AB")
    assert problem is not None and "digits" in problem


def test_cells_as_lenders_write_them(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["案件编号", "姓名", "手机号", "本金", "剩余应还", "年化利率", "应还日期", "逾期天数", "多头借贷机构数"])
    ws.append([1001.0, "  张 三 ", "+86 138-1234-5678", "8,000.50元", 0.005, 18, "2026年11月20日", "3天", 2.0])
    ws.append(["1002", "李四", "13812345678.0", "¥0", "1234.565", "0.18", date(2026, 11, 20), None, None])
    ws.append(["1003", "王五", 1.3812345678e10, "1", "1", "", 46346, "", ""])  # an Excel day serial
    ws.append(["1004", "赵六", "1.38123E+10", "1", "1", "", "", "", ""])  # a number Excel cut short
    path = tmp_path / "cells.xlsx"
    wb.save(path)
    result = read_cases(path, today=TODAY)
    first, second, third = result.cases
    assert first.case_id == "1001" and first.customer.name == "张 三"
    assert [n.number for n in first.numbers] == ["13812345678"]
    (loan,) = first.loans
    assert (loan.principal_fen, loan.balance_fen) == (800050, 1)
    assert loan.annual_rate == pytest.approx(0.18)
    assert (loan.due_date, loan.days_overdue, first.lenders_count) == (date(2026, 11, 20), 3, 2)
    assert [n.number for n in second.numbers] == ["13812345678"]
    (loan,) = second.loans
    assert (loan.principal_fen, loan.balance_fen, loan.due_date, loan.days_overdue) == (
        0, 123457, date(2026, 11, 20), 11)
    assert [n.number for n in third.numbers] == ["13812345678"]
    assert third.loans[0].due_date == date(2026, 11, 20)
    (error,) = result.errors
    assert error.row == 5 and error.column == "手机号" and "scientific notation" in error.reason


def test_a_case_id_used_for_two_customers(tmp_path: Path) -> None:
    path = tmp_path / "clash.csv"
    path.write_text(f"case id,name,id number\nX1,张三,{ID_A}\nX1,李四,{ID_B}\n", encoding="utf-8")
    result = read_cases(path)
    (case,) = result.cases
    assert case.customer.name == "张三"
    (error,) = result.errors
    assert error.row == 3 and "X1" in error.reason and "row 2" in error.reason and "李四" not in error.reason


def test_many_rows_stream_through(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["案件编号", "姓名", "手机号", "剩余应还", "逾期天数"])
        writer.writerows([f"K{i}", "张三", f"139{i:08d}", "100.5", str(i % 90)] for i in range(5000))
    result = read_cases(path)
    assert (result.rows, len(result.cases), result.errors) == (5000, 5000, [])
    assert result.cases[-1].loans[0].days_overdue == 4999 % 90  # 49 days
    assert result.cases[-1].loans[0].stage is OverdueStage.M2
    assert sum(c.balance_fen for c in result.cases) == 5000 * 10050


# -- the command line -------------------------------------------------------------------------------


@pytest.fixture
def cli_keyring(monkeypatch: pytest.MonkeyPatch, file_keyring: PlaintextKeyring) -> PlaintextKeyring:
    """The CLI's password store: the test's file keyring, given explicitly as the suite does."""
    monkeypatch.setattr("softphone.cli.cases_cmd.SecretStore", lambda: SecretStore(file_keyring))
    return file_keyring


def test_cli_imports_and_reimport_updates(xlsx_list: Path, cli_keyring: PlaintextKeyring,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "import", str(xlsx_list), "--json"]) == 0
    out = capsys.readouterr().out
    assert not [secret for secret in BAD_ROW_SECRETS if secret in out]
    first = json.loads(out)
    assert (first["rows"], first["added"], first["updated"], first["refused"]) == (7, 2, 0, 4)
    assert [(e["row"], e["column"]) for e in first["errors"]] == [
        (4, "身份证号"), (5, "应还日期"), (6, "剩余应还（元）"), (7, "逾期阶段")]
    assert "check digit" in first["errors"][0]["reason"]
    assert main(["cases", "import", str(xlsx_list), "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert (second["rows"], second["added"], second["updated"], second["refused"]) == (7, 0, 2, 4)

    from softphone.crm.store import CaseStore
    from softphone.storage.db import database_path
    from softphone.storage.vault import load_field_cipher

    store = CaseStore.open(database_path(), load_field_cipher(SecretStore(cli_keyring)))
    try:
        assert store.count() == 2
        stored = store.get("C001")
        assert stored is not None and stored.customer.name == "张三" and len(stored.loans) == 2
    finally:
        store.close()


def test_cli_text_output_and_config(tmp_path: Path, cli_keyring: PlaintextKeyring,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "elsewhere"
    config = tmp_path / "settings.toml"
    config.write_text(f'[storage]\ndata_dir = "{data.as_posix()}"\n', encoding="utf-8")
    path = _write_csv(tmp_path / "list.csv", "gbk")
    assert main(["cases", "import", str(path), "--config", str(config)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "9 rows read: 1 cases added, 0 updated, 7 rows refused"
    assert lines[1].startswith("row 3 (ID Number): ") and "check digit" in lines[1]
    assert len(lines) == 8
    assert (data / "softphone.db").exists()


def test_cli_without_keyring_imports_nothing(xlsx_list: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("softphone.cli.cases_cmd.SecretStore", lambda: SecretStore(fail.Keyring()))  # type: ignore[no-untyped-call]
    assert main(["cases", "import", str(xlsx_list)]) == 1
    err = capsys.readouterr().err
    assert "not imported without encryption" in err


def test_cli_unreadable_file_and_usage(tmp_path: Path, cli_keyring: PlaintextKeyring,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "import", str(tmp_path / "nothing.xlsx"), "--json"]) == 1
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["cases"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["cases", "import"])
    assert info.value.code == 2
