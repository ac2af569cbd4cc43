"""The column map of a case list: which header (Chinese or English) holds which case field.

Lenders hand collection teams spreadsheets whose first row names the
columns, in Chinese (案件编号, 姓名, 手机号, 剩余应还 ...) or in English (case id,
name, phone, balance ...). ``column_for(header)`` tells which field a header
is, after ``normalise_header``: case and full-width letters folded, spaces,
underscores, hyphens and dots dropped, a bracketed unit removed (``本金(元)``,
``本金（元）`` and ``Principal [CNY]`` are all ``principal``).

Fields (``CaseField``) and their headers are listed in ``HEADERS``; the
customer's third-party contacts come in numbered groups of three columns,
``联系人1姓名 / 联系人1关系 / 联系人1电话`` (``contact1 name / contact1 relation /
contact1 phone``) up to ``MAX_CONTACTS``. ``RELATIONS`` maps what a relation
cell may say to ``model.Relation``. A header that is none of these is an
*extra* column: the importer keeps its values (redacted) in ``Case.extra``.

docs/cases.md shows the same map as a table; keep the two in step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from .model import Relation

__all__ = [
    "CaseField",
    "Column",
    "HEADERS",
    "CONTACT_PARTS",
    "MAX_CONTACTS",
    "RELATIONS",
    "normalise_header",
    "column_for",
    "relation_for",
]

MAX_CONTACTS = 5


class CaseField(str, Enum):
    """A field of a case list row (``Column.field``)."""

    CASE_ID = "case_id"
    NAME = "name"
    ID_NUMBER = "id_number"
    CARD_NUMBER = "card_number"
    ADDRESS = "address"
    PHONE = "phone"  # the customer's own numbers; several may be separated by ; or ,
    CONTRACT_NO = "contract_no"
    PRODUCT = "product"
    PRINCIPAL = "principal"  # yuan
    BALANCE = "balance"  # yuan
    ANNUAL_RATE = "annual_rate"  # "18%", 0.18 or 18
    INSTALMENT = "instalment"  # yuan
    DUE_DATE = "due_date"
    DAYS_OVERDUE = "days_overdue"
    STAGE = "stage"  # M0, M1, M2, M3, M3+, M4-M6 (M3 and above are M3+)
    DUE_TODAY = "due_today"  # yuan
    LENDERS_COUNT = "lenders_count"
    COMPLAINTS = "complaints"
    VULNERABLE = "vulnerable"  # 是/否, yes/no, 1/0, true/false
    TIME_ZONE = "time_zone"  # the debtor's IANA time zone: Asia/Shanghai, Asia/Urumqi
    CONTACT_NAME = "contact_name"  # numbered: 联系人1姓名 ... 联系人5姓名
    CONTACT_RELATION = "contact_relation"
    CONTACT_PHONE = "contact_phone"


# The headers of each field, as a lender writes them (matched after normalise_header).
HEADERS: dict[CaseField, tuple[str, ...]] = {
    CaseField.CASE_ID: ("案件编号", "案件号", "case id", "case_no"),
    CaseField.NAME: ("姓名", "客户姓名", "name"),
    CaseField.ID_NUMBER: ("身份证号", "身份证号码", "证件号码", "id number"),
    CaseField.CARD_NUMBER: ("银行卡号", "还款卡号", "card number"),
    CaseField.ADDRESS: ("地址", "address"),
    CaseField.PHONE: ("手机号", "手机号码", "本人电话", "phone", "mobile"),
    CaseField.CONTRACT_NO: ("合同编号", "合同号", "contract no"),
    CaseField.PRODUCT: ("产品", "产品名称", "product"),
    CaseField.PRINCIPAL: ("本金", "借款金额", "principal"),
    CaseField.BALANCE: ("剩余应还", "待还金额", "balance"),
    CaseField.ANNUAL_RATE: ("年化利率", "合同利率", "annual rate"),
    CaseField.INSTALMENT: ("期供", "每期应还", "instalment"),
    CaseField.DUE_DATE: ("应还日期", "到期日", "due date"),
    CaseField.DAYS_OVERDUE: ("逾期天数", "days overdue"),
    CaseField.STAGE: ("逾期阶段", "stage"),
    CaseField.DUE_TODAY: ("今日应还", "due today"),
    CaseField.LENDERS_COUNT: ("多头借贷机构数", "共债机构数", "lenders"),
    CaseField.COMPLAINTS: ("投诉次数", "complaints"),
    CaseField.VULNERABLE: ("特殊人群", "脆弱客户", "vulnerable"),
    CaseField.TIME_ZONE: ("时区", "time zone", "timezone"),
}

# The three columns of a numbered contact group: (Chinese word, English word) after 联系人N / contactN.
CONTACT_PARTS: dict[CaseField, tuple[str, str]] = {
    CaseField.CONTACT_NAME: ("姓名", "name"),
    CaseField.CONTACT_RELATION: ("关系", "relation"),
    CaseField.CONTACT_PHONE: ("电话", "phone"),
}

# What a relation cell may say (matched after normalise_header: case, spaces ignored).
RELATIONS: dict[str, Relation] = {
    "配偶": Relation.SPOUSE, "夫妻": Relation.SPOUSE, "丈夫": Relation.SPOUSE, "妻子": Relation.SPOUSE,
    "父母": Relation.PARENT, "父亲": Relation.PARENT, "母亲": Relation.PARENT,
    "子女": Relation.CHILD, "儿子": Relation.CHILD, "女儿": Relation.CHILD,
    "兄弟姐妹": Relation.SIBLING, "兄弟": Relation.SIBLING, "姐妹": Relation.SIBLING,
    "亲属": Relation.RELATIVE, "亲戚": Relation.RELATIVE,
    "朋友": Relation.FRIEND,
    "同事": Relation.COLLEAGUE,
    "单位": Relation.EMPLOYER, "工作单位": Relation.EMPLOYER,
    "其他": Relation.OTHER,
    "spouse": Relation.SPOUSE, "wife": Relation.SPOUSE, "husband": Relation.SPOUSE,
    "parent": Relation.PARENT, "father": Relation.PARENT, "mother": Relation.PARENT,
    "child": Relation.CHILD, "son": Relation.CHILD, "daughter": Relation.CHILD,
    "sibling": Relation.SIBLING, "brother": Relation.SIBLING, "sister": Relation.SIBLING,
    "relative": Relation.RELATIVE,
    "friend": Relation.FRIEND,
    "colleague": Relation.COLLEAGUE,
    "employer": Relation.EMPLOYER, "work": Relation.EMPLOYER,
    "other": Relation.OTHER,
}


@dataclass(frozen=True)
class Column:
    """What one header of a case list is: a field, and for a contact column its group (1-5)."""

    field: CaseField
    contact: int = 0  # 1..MAX_CONTACTS for CONTACT_* fields, else 0


_BRACKETED = re.compile(r"[(\[【<《][^)\]】>》]*[)\]】>》]")
_DROPPED = re.compile(r"[\s_\-.:·]+")


def normalise_header(header: str) -> str:
    """``" 本金（元） "`` -> ``本金``, ``"Case_ID"`` -> ``caseid``: what headers are compared by."""
    text = unicodedata.normalize("NFKC", header)  # full-width letters, digits and brackets to ASCII
    text = _BRACKETED.sub("", text)
    return _DROPPED.sub("", text).casefold()


def _contact_pattern() -> re.Pattern[str]:
    parts = "|".join(re.escape(word) for pair in CONTACT_PARTS.values() for word in pair)
    return re.compile(rf"^(?:联系人|contact)([1-9])({parts})$")


_CONTACT = _contact_pattern()
_BY_HEADER: dict[str, CaseField] = {normalise_header(h): f for f, headers in HEADERS.items() for h in headers}
_PART_BY_WORD: dict[str, CaseField] = {word: f for f, pair in CONTACT_PARTS.items() for word in pair}
_RELATION_BY_WORD: dict[str, Relation] = {normalise_header(k): v for k, v in RELATIONS.items()}


def column_for(header: str) -> Column | None:
    """The field ``header`` names, or None for a column of the lender's own (kept in ``Case.extra``)."""
    key = normalise_header(header)
    if not key:
        return None
    field = _BY_HEADER.get(key)
    if field is not None:
        return Column(field)
    match = _CONTACT.match(key)
    if match is None or int(match.group(1)) > MAX_CONTACTS:
        return None
    return Column(_PART_BY_WORD[match.group(2)], int(match.group(1)))


def relation_for(text: str) -> Relation | None:
    """The relation a cell names (配偶, 父母, friend ...), or None when it is not one ``RELATIONS`` knows."""
    return _RELATION_BY_WORD.get(normalise_header(text))
