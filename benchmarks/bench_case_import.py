"""Case-list import: throughput and memory of a 100,000-row ``.xlsx`` (and the same as a GBK ``.csv``).

    .venv/bin/python benchmarks/bench_case_import.py [--quick] [--rows N]

The lists are generated (fictional rows, Chinese headers as in docs/cases.md).
Each phase runs in a fresh process, so ``peak_rss_mb`` (``ru_maxrss``) is that
phase's own: ``read`` is ``importer.read_cases`` (parse and check every row),
``store`` is ``read_cases`` plus ``CaseStore.upsert_many`` (encrypt and write).
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _common import ROOT, emit, note

HEADERS = ["案件编号", "姓名", "身份证号", "银行卡号", "手机号", "合同编号", "产品", "本金", "剩余应还", "年化利率",
           "期供", "应还日期", "逾期天数", "今日应还", "联系人1姓名", "联系人1关系", "联系人1电话"]


def row(n: int, today: date) -> list[Any]:
    sys.path.insert(0, str(ROOT))
    from softphone.demo.cases import fictional_id

    days = n % 120
    return [f"C{n:07d}", f"测试{n}", fictional_id("110101", "19000101", f"{n % 1000:03d}"), f"62220200{n:011d}",
            f"139{n:08d}", f"HT{n:09d}", "消费分期", "10000", f"{1000 + n % 9000}.50", "18%", "500",
            (today - timedelta(days=days)).isoformat(), str(days), "500", f"联系{n}", "配偶", f"137{n:08d}"]


def write_xlsx(path: Path, rows: int) -> float:
    from openpyxl import Workbook

    today = date.today()
    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for n in range(rows):
        sheet.append(row(n, today))
    book.save(path)
    return time.perf_counter() - started


def write_csv(path: Path, rows: int) -> None:
    today = date.today()
    with path.open("w", newline="", encoding="gbk") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        for n in range(rows):
            w.writerow(row(n, today))


PHASE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from softphone.crm.importer import read_cases
started = time.perf_counter()
result = read_cases(Path({path!r}))
read_s = time.perf_counter() - started
out = {{"rows": result.rows, "cases": len(result.cases), "refused": result.refused, "read_s": read_s}}
if {store!r}:
    from softphone.crm.store import CaseStore
    from softphone.storage.vault import FieldCipher
    store = CaseStore.open(Path({db!r}), FieldCipher(FieldCipher.new_key()))
    started = time.perf_counter()
    out["added_updated"] = store.upsert_many(result.cases)
    out["store_s"] = time.perf_counter() - started
    store.close()
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def phase(path: Path, store: bool, db: Path) -> dict[str, Any]:
    code = PHASE.format(root=str(ROOT), path=str(path), store=store, db=str(db))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    out: dict[str, Any] = json.loads(done.stdout)
    out["read_rows_per_s"] = round(out["rows"] / out["read_s"])
    if store:
        out["store_rows_per_s"] = round(out["cases"] / out["store_s"])
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in out.items()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rows", type=int)
    args = ap.parse_args()
    rows = args.rows or (5_000 if args.quick else 100_000)
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    xlsx, gbk = folder / "cases.xlsx", folder / "cases.csv"
    note(f"writing {rows} rows")
    write_s = write_xlsx(xlsx, rows)
    write_csv(gbk, rows)
    note("reading .xlsx")
    result = {"rows": rows, "machine": f"{os.cpu_count()} cores, shared with other jobs",
              "xlsx": {"file_mb": round(xlsx.stat().st_size / 2**20, 1), "write_s": round(write_s, 1),
                       "read": phase(xlsx, False, folder / "a.db"), "read_and_store": phase(xlsx, True, folder / "b.db")},
              "csv_gbk": {"file_mb": round(gbk.stat().st_size / 2**20, 1),
                          "read_and_store": phase(gbk, True, folder / "c.db")},
              "baseline_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
