"""The debtor's time zone in the case file, and which debtor a dialled number reaches (guard/desk.py)."""

from __future__ import annotations

from pathlib import Path

from softphone.compliance.guard import targets_for
from softphone.crm.codec import case_from_json, case_to_json
from softphone.crm.importer import read_cases
from softphone.crm.model import Case, ContactNumber, Customer, Relation


def test_a_case_list_gives_each_debtor_a_time_zone_and_refuses_one_that_is_not(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("case id,name,phone,time zone\nC1,张测试,13800000001,Asia/Urumqi\nC2,李测试,13800000002,\n"
                    "C3,王测试,13800000003,Beijing time\n", encoding="utf-8")
    result = read_cases(path)
    zones = {c.case_id: c.time_zone for c in result.cases}
    assert zones == {"C1": "Asia/Urumqi", "C2": ""}
    [error] = result.errors
    assert error.row == 4 and "Beijing time" in str(error.reason) and "Asia/Shanghai" in str(error.reason)


def test_the_time_zone_survives_the_case_book_and_older_entries_read_as_china_time() -> None:
    case = Case("C1", Customer("张测试"), numbers=(ContactNumber("13800000001"),), time_zone="America/New_York")
    assert case_from_json(case_to_json(case)).time_zone == "America/New_York"
    old = case_to_json(Case("C2", Customer("李测试"))).replace(',"tz":""', "")
    assert '"tz"' not in old and case_from_json(old).time_zone == ""


def fp(number: str) -> str:
    return "fp:" + number[-4:]


def test_a_number_reaches_the_debtors_whose_own_it_is_else_a_third_party() -> None:
    own = Case("A", Customer("甲"), numbers=(ContactNumber("+86 138-0000-0001"),), time_zone="Asia/Urumqi")
    spouse_of = Case("B", Customer("乙"), numbers=(ContactNumber("13800000009"),
                                                  ContactNumber("13800000001", Relation.SPOUSE, True)))
    [target] = targets_for((own, spouse_of), "13800000001", fp, "Asia/Shanghai")
    assert (target.case_id, target.own_number, target.time_zone, target.number_fp) == ("A", True, "Asia/Urumqi",
                                                                                        "fp:0001")
    [third] = targets_for((spouse_of,), "13800000001", fp, "Asia/Shanghai")
    assert (third.case_id, third.own_number, third.do_not_contact, third.time_zone) == ("B", False, True,
                                                                                        "Asia/Shanghai")
    both = Case("C", Customer("丙"), numbers=(ContactNumber("13800000001"),))
    assert [t.case_id for t in targets_for((own, both), "13800000001", fp, "Asia/Shanghai")] == ["A", "C"]
    assert targets_for((own,), "2001", fp, "Asia/Shanghai") == []
