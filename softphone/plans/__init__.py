"""Repayment plans (no Qt): terms, schedules in whole fen, APR, the review guards, the comparison.

Where a number is decided: ``schedule`` (rounding, due dates), ``apr`` (IRR),
``review`` (rate and APR caps), ``compare`` (the current plan), ``quote``
(all of them together, and the JSON the CLI and the headless protocol print).
"""

from .apr import APR_QUANTUM, apr_of, monthly_irr
from .compare import Comparison, Summary, compare, current_summary
from .quote import Quote, quote, quote_json
from .review import APR_CAP, RATE_MARGIN, ReviewCode, ReviewReason, percent, review_reasons
from .schedule import Period, Schedule, add_months, build_schedule, equal_instalment
from .terms import Method, Terms, parse_rate, parse_yuan, plan_hash

__all__ = [
    "APR_CAP", "APR_QUANTUM", "Comparison", "Method", "Period", "Quote", "RATE_MARGIN", "ReviewCode",
    "ReviewReason", "Schedule", "Summary", "Terms", "add_months", "apr_of", "build_schedule", "compare",
    "current_summary", "equal_instalment", "monthly_irr", "parse_rate", "parse_yuan", "percent", "plan_hash",
    "quote", "quote_json", "review_reasons",
]
