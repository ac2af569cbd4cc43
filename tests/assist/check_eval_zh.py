"""Sanity check for eval_zh.tsv (data only; not a pytest module).

Run:  .venv/bin/python tests/assist/check_eval_zh.py
Checks the header, 4 columns per line, allowed values, no duplicate texts,
channel/category consistency, the punctuation budget, and the minimum counts
the set promises; prints the counts per (expected, kind).
"""
from __future__ import annotations

import collections
import pathlib
import sys

PATH = pathlib.Path(__file__).with_name("eval_zh.tsv")
HEADER = ["expected", "channel", "kind", "text"]
AGENT_CATS = {"threat", "third_party", "false_legal", "misleading_promise",
              "insult", "disclosure", "harassment"}
CUSTOMER_CATS = {"complaint", "hardship"}
VIOLATION_KINDS = {"written", "paraphrase", "asr"}
COMPLIANT_KINDS = {"negated", "echo", "neutral"}
PUNCT = set("。？，！、,.?!;；:：")


def main() -> int:
    errors: list[str] = []
    lines = PATH.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if lines[0].split("\t") != HEADER:
        errors.append(f"bad header: {lines[0]!r}")
    rows = []
    seen: dict[str, int] = {}
    punct_lines = 0
    for no, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        if len(cols) != 4:
            errors.append(f"line {no}: {len(cols)} columns")
            continue
        expected, channel, kind, text = cols
        if channel not in ("agent", "customer"):
            errors.append(f"line {no}: channel {channel!r}")
        if expected == "-":
            if kind not in COMPLIANT_KINDS:
                errors.append(f"line {no}: compliant line with kind {kind!r}")
        else:
            allowed = AGENT_CATS if channel == "agent" else CUSTOMER_CATS
            if expected not in allowed:
                errors.append(f"line {no}: {expected!r} not allowed on {channel}")
            if kind not in VIOLATION_KINDS:
                errors.append(f"line {no}: violation with kind {kind!r}")
        if kind == "echo" and channel != "agent":
            errors.append(f"line {no}: echo must be agent")
        if not text.strip() or text != text.strip():
            errors.append(f"line {no}: empty text or outer whitespace")
        key = text.replace(" ", "")
        if key in seen:
            errors.append(f"line {no}: duplicate of line {seen[key]} ({text})")
        seen[key] = no
        if any(ch in PUNCT for ch in text):
            punct_lines += 1
            if any(ch in PUNCT - {"。", "？"} for ch in text):
                errors.append(f"line {no}: punctuation other than 。？")
        rows.append((expected, channel, kind, text))

    if punct_lines > 10:
        errors.append(f"{punct_lines} lines with punctuation (max 10)")

    by_pair = collections.Counter((e, k) for e, _, k, _ in rows)
    by_exp = collections.Counter(e for e, _, _, _ in rows)
    by_kind = collections.Counter(k for _, _, k, _ in rows)
    cust_neutral = sum(1 for e, c, k, _ in rows if e == "-" and c == "customer" and k == "neutral")
    for cat in AGENT_CATS | CUSTOMER_CATS:
        if by_exp[cat] < 12:
            errors.append(f"{cat}: {by_exp[cat]} < 12")
    for kind, least in (("negated", 40), ("echo", 20), ("neutral", 100)):
        if by_kind[kind] < least:
            errors.append(f"{kind}: {by_kind[kind]} < {least}")
    if cust_neutral < 20:
        errors.append(f"customer neutral: {cust_neutral} < 20")
    if len(rows) < 320:
        errors.append(f"only {len(rows)} lines")

    kinds = ["written", "paraphrase", "asr", "negated", "echo", "neutral"]
    print(f"{'expected':20}" + "".join(f"{k:>11}" for k in kinds) + f"{'total':>8}")
    for exp in sorted(by_exp, key=lambda e: (e == "-", e)):
        print(f"{exp:20}" + "".join(f"{by_pair[(exp, k)] or '':>11}" for k in kinds)
              + f"{by_exp[exp]:>8}")
    print(f"{'total':20}" + "".join(f"{by_kind[k]:>11}" for k in kinds) + f"{len(rows):>8}")
    violations = sum(v for e, v in by_exp.items() if e != "-")
    print(f"violations {violations}, compliant {by_exp['-']}, "
          f"customer neutral {cust_neutral}, lines with punctuation {punct_lines}")
    for err in errors:
        print("ERROR:", err)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
