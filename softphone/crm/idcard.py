"""The check of a PRC resident ID number (居民身份证号码, GB 11643-1999), as case lists give it.

An ID number has 18 characters: a 6-digit region code, the birth date
(YYYYMMDD, positions 7-14), a 3-digit sequence and a check character. The
check character is ``CHECK_CHARS[sum(digit_i * WEIGHTS[i]) % 11]`` over the
first 17 digits (ISO 7064 MOD 11-2); ``X`` stands for 10.

``id_number_problem`` says what is wrong in plain words, and never repeats
the number itself (at most its masked form, first 6 and last 4): the reason
ends up in import reports that are shown and saved.
"""

from __future__ import annotations

from datetime import date

from ..compliance.masking import mask_id_number
from ..i18n import Msg, N_

__all__ = ["WEIGHTS", "CHECK_CHARS", "normalise_id_number", "check_char", "birth_date", "id_number_problem"]

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_LENGTH = 18
_EARLIEST_BIRTH_YEAR = 1900


def normalise_id_number(value: str) -> str:
    """The ID number as stored: spaces dropped, a final ``x`` upper-cased."""
    return "".join(value.split()).upper()


def check_char(first17: str) -> str:
    """The check character of the first 17 digits of an ID number."""
    if len(first17) != _LENGTH - 1 or not first17.isdigit():
        raise ValueError("the check character is made from 17 digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def birth_date(id_number: str) -> date | None:
    """The birth date in positions 7-14, or None when it is not a date."""
    text = id_number[6:14]
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def id_number_problem(value: str, today: date | None = None) -> Msg | None:
    """What is wrong with the ID number ``value``, or None when it is a valid 18-character ID."""
    number = normalise_id_number(value)
    if len(number) != _LENGTH:
        return N_("The ID number must have 18 characters; this one has {0}.", len(number))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return N_("The ID number may hold only digits, and an X as its last character.")
    born = birth_date(number)
    if born is None or born.year < _EARLIEST_BIRTH_YEAR or born > (today or date.today()):
        return N_("The birth date in the ID number {0} is not a real date.", mask_id_number(number))
    if check_char(number[:17]) != number[17]:
        return N_("The ID number's check digit is wrong ({0}): a digit was probably mistyped.",
                  mask_id_number(number))
    return None
