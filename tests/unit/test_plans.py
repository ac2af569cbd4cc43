"""The plan calculator against schedules worked by hand (the arithmetic is in the comments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from softphone.errors import PlanError
from softphone.plans import (
    Method,
    ReviewCode,
    Terms,
    add_months,
    apr_of,
    build_schedule,
    current_summary,
    monthly_irr,
    parse_rate,
    parse_yuan,
    plan_hash,
    quote,
)


def rows(schedule):
    return [(p.number, p.due, p.principal_fen, p.interest_fen, p.payment_fen, p.balance_fen) for p in schedule.periods]


def test_equal_installment_by_hand_with_month_end_due_dates():
    # 1,200.00 yuan at 12 % a year: r = 0.01 a month, n = 3.
    # A = 120000 * 0.01 * 1.01^3 / (1.01^3 - 1) = 1236.3612 / 0.030301 = 40802.65 -> 40803 fen.
    # 1: interest 120000 * 0.01 = 1200, principal 40803 - 1200 = 39603, left 80397
    # 2: interest 803.97 -> 804, principal 39999, left 40398
    # 3: interest 403.98 -> 404, principal the rest 40398, payment 40802
    terms = Terms(Method.EQUAL_INSTALLMENT, 120000, Decimal("0.12"), 3, date(2027, 1, 31))
    s = build_schedule(terms)
    assert rows(s) == [
        (1, date(2027, 1, 31), 39603, 1200, 40803, 80397),
        (2, date(2027, 2, 28), 39999, 804, 40803, 40398),
        (3, date(2027, 3, 31), 40398, 404, 40802, 0),
    ]
    assert s.total_interest_fen == 2408
    assert s.total_paid_fen == 122408


def test_equal_principal_by_hand_rounding_goes_to_the_last_period():
    # 1,000.00 yuan, 12 %, 3 months: principal 100000 / 3 = 33333.33 -> 33333; the last takes 33334.
    # interest 1000; 66667 * 0.01 = 666.67 -> 667; 33334 * 0.01 = 333.34 -> 333
    s = build_schedule(Terms(Method.EQUAL_PRINCIPAL, 100000, Decimal("0.12"), 3, date(2027, 2, 10)))
    assert rows(s) == [
        (1, date(2027, 2, 10), 33333, 1000, 34333, 66667),
        (2, date(2027, 3, 10), 33333, 667, 34000, 33334),
        (3, date(2027, 4, 10), 33334, 333, 33667, 0),
    ]
    assert [p.payment_fen for p in s.periods] == sorted((p.payment_fen for p in s.periods), reverse=True)


def test_interest_only_then_balloon_by_hand():
    # 5,000.00 yuan at 18 %: 500000 * 0.015 = 7500 fen a month; the last month adds all the principal.
    s = build_schedule(Terms(Method.INTEREST_ONLY, 500000, Decimal("0.18"), 3, date(2027, 12, 31)))
    assert rows(s) == [
        (1, date(2027, 12, 31), 0, 7500, 7500, 500000),
        (2, date(2028, 1, 31), 0, 7500, 7500, 500000),
        (3, date(2028, 2, 29), 500000, 7500, 507500, 0),  # 2028 is a leap year
    ]
    assert s.total_interest_fen == 22500


def test_deferral_is_interest_only_months_then_equal_instalments():
    # 2 months of interest only (1200 fen), then the 3 instalments worked in the first test.
    s = build_schedule(Terms(Method.DEFERRAL, 120000, Decimal("0.12"), 3, date(2027, 1, 15), defer_months=2))
    assert [(p.due, p.principal_fen, p.interest_fen) for p in s.periods] == [
        (date(2027, 1, 15), 0, 1200),
        (date(2027, 2, 15), 0, 1200),
        (date(2027, 3, 15), 39603, 1200),
        (date(2027, 4, 15), 39999, 804),
        (date(2027, 5, 15), 40398, 404),
    ]
    assert s.terms.periods == 5


def test_zero_rate_promotion_has_no_interest_and_a_zero_apr():
    # 1,000.00 yuan at 0 % over 3 months: 33333.33 -> 33333, the last 33334.
    s = build_schedule(Terms(Method.EQUAL_INSTALLMENT, 100000, Decimal("0"), 3, date(2027, 1, 1)))
    assert [p.payment_fen for p in s.periods] == [33333, 33333, 33334]
    assert s.total_interest_fen == 0
    assert apr_of(s) == Decimal("0.0000")


def test_the_usual_10000_yuan_loan_at_18_percent():
    # The figure any loan table gives: 10,000 yuan, 18 %, 12 months -> 916.80 a month.
    s = build_schedule(Terms(Method.EQUAL_INSTALLMENT, 1_000_000, Decimal("0.18"), 12, date(2027, 1, 5)))
    assert s.periods[0].payment_fen == 91680
    assert s.total_principal_fen == 1_000_000
    assert s.periods[-1].balance_fen == 0
    assert apr_of(s) == Decimal("0.1800")


def test_apr_of_known_cash_flows():
    # 1000 lent, 1100 back after a month: 10 % a month, 120 % a year.
    assert monthly_irr(1000, [1100]) == pytest.approx(0.10, abs=1e-9)
    # A "flat" loan: 10,000 repaid by 12 x 1,000 -> RATE(12, -1000, 10000) = 2.9229 % a month (35.07 % APR).
    assert monthly_irr(10000, [1000] * 12) == pytest.approx(0.029229, abs=1e-6)
    # Payments that add up to the principal: 0 %.
    assert monthly_irr(3000, [1000, 1000, 1000]) == pytest.approx(0.0, abs=1e-12)


def test_month_end_due_dates_keep_the_day_when_it_exists():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 1, 31), 2) == date(2027, 3, 31)
    assert add_months(date(2027, 1, 30), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2027, 12, 15), 1) == date(2028, 1, 15)


def test_review_guards_allow_the_limits_and_stop_what_is_above():
    first = date(2027, 1, 5)
    at_limit = quote(Terms(Method.EQUAL_INSTALLMENT, 1_000_000, Decimal("0.20"), 12, first), Decimal("0.18"))
    assert at_limit.review == ()
    above = quote(Terms(Method.EQUAL_INSTALLMENT, 1_000_000, Decimal("0.2001"), 12, first), Decimal("0.18"))
    assert [r.code for r in above.review] == [ReviewCode.RATE_ABOVE_CONTRACT]
    assert "20.01 %" in above.review[0].reason and "18.00 %" in above.review[0].reason
    at_cap = quote(Terms(Method.EQUAL_INSTALLMENT, 1_000_000, Decimal("0.24"), 12, first), Decimal("0.24"))
    assert at_cap.apr == Decimal("0.2400") and at_cap.review == ()
    over_cap = quote(Terms(Method.EQUAL_INSTALLMENT, 1_000_000, Decimal("0.25"), 12, first), Decimal("0.24"))
    assert [r.code for r in over_cap.review] == [ReviewCode.APR_ABOVE_CAP]
    both = quote(Terms(Method.INTEREST_ONLY, 1_000_000, Decimal("0.30"), 6, first), Decimal("0.18"))
    assert {r.code for r in both.review} == {ReviewCode.RATE_ABOVE_CONTRACT, ReviewCode.APR_ABOVE_CAP}
    assert both.needs_review


def test_comparison_with_the_current_plan():
    # The current plan: 1,200.00 left at 12 % paying 408.03 a month is the first test's schedule.
    current = current_summary(120000, Decimal("0.12"), 40803, date(2027, 1, 31))
    assert current is not None
    assert (current.periods, current.total_interest_fen, current.last_due) == (3, 2408, date(2027, 3, 31))
    q = quote(Terms(Method.EQUAL_INSTALLMENT, 120000, Decimal("0.12"), 6, date(2027, 1, 31)), Decimal("0.12"), current)
    assert q.comparison.months_change == 3
    assert q.comparison.payment_change_fen is not None and q.comparison.payment_change_fen < 0
    assert q.comparison.interest_change_fen is not None and q.comparison.interest_change_fen > 0
    # 10.00 a month does not even cover the 12.00 interest: the current plan never repays.
    assert current_summary(120000, Decimal("0.12"), 1000, date(2027, 1, 31)) is None


def test_a_changed_plan_has_another_hash():
    t = Terms(Method.EQUAL_INSTALLMENT, 120000, Decimal("0.12"), 3, date(2027, 1, 31))
    assert plan_hash(t, "C1") == plan_hash(Terms(Method.EQUAL_INSTALLMENT, 120000, Decimal("0.120"), 3,
                                                  date(2027, 1, 31)), "C1")
    others = [
        Terms(Method.EQUAL_PRINCIPAL, 120000, Decimal("0.12"), 3, date(2027, 1, 31)),
        Terms(Method.EQUAL_INSTALLMENT, 120001, Decimal("0.12"), 3, date(2027, 1, 31)),
        Terms(Method.EQUAL_INSTALLMENT, 120000, Decimal("0.1201"), 3, date(2027, 1, 31)),
        Terms(Method.EQUAL_INSTALLMENT, 120000, Decimal("0.12"), 4, date(2027, 1, 31)),
        Terms(Method.EQUAL_INSTALLMENT, 120000, Decimal("0.12"), 3, date(2027, 2, 1)),
    ]
    assert len({plan_hash(o, "C1") for o in others} | {plan_hash(t, "C1"), plan_hash(t, "C2")}) == 7


def test_invalid_terms_are_refused_in_plain_words():
    with pytest.raises(PlanError) as err:
        build_schedule(Terms(Method.EQUAL_INSTALLMENT, 0, Decimal("0.12"), 0, date(2027, 1, 1)))
    assert "amount" in err.value.user_message
    assert len(err.value.problems) == 2
    with pytest.raises(PlanError):
        build_schedule(Terms(Method.DEFERRAL, 1000, Decimal("0.12"), 3, date(2027, 1, 1)))
    with pytest.raises(PlanError):
        build_schedule(Terms(Method.EQUAL_INSTALLMENT, 1000, Decimal("1.5"), 3, date(2027, 1, 1)))


def test_amounts_and_rates_as_typed():
    assert parse_yuan("10,000.50") == 1_000_050
    assert parse_yuan("10000") == 1_000_000
    assert parse_rate("18%") == Decimal("0.18")
    assert parse_rate("0.18") == Decimal("0.18")
    for bad in ("1.234", "abc", "NaN", ""):
        with pytest.raises(PlanError):
            parse_yuan(bad)
    with pytest.raises(PlanError):
        parse_rate("eighteen")
