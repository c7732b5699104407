"""Batch reading, exact roll-up and memory, measured against baselines in the same run. Prints; asserts nothing.

    python benchmarks/batch.py [--corpus DIR] [--records N] [--text-mb M] [--batch R] [--skip PART ...]

Parts (issue 13):

- ``throughput`` — reports per second of ``gfs_cn.read_many`` with 1 and 2 worker processes over the corpus
  (``--corpus``: the PDFs and texts of a folder; default the fixture texts), each file read ``--rounds`` times;
  target: 2 workers ≥ 1.8× one on 2 cores.
- ``batch-memory`` — peak memory of ``read_many`` (2 workers) over ``--batch`` reports against the same over
  one report per worker (the workers' and the parent's peak resident sizes, each run in a fresh process);
  target ≤ 1.2×.
- ``rollup`` — ``rollup_records`` over ``--records`` records (an Arrow table: reports with 类, 款 and 项 rows
  of real codes) against pandas' float ``groupby`` of the same rows (codes as Python strings, and as the
  ``string[pyarrow]`` column ``records_frame`` gives), a hand loop adding ``Decimal`` s, and
  ``gfs_cn.rollup`` over ``(code, Decimal)`` pairs; target: ≤ 1× pandas. pandas here adds every row of the
  chosen tables and columns by code — it does not find leaves, so its sums count subtotals again. Also
  ``rollup_records`` over the same rows shuffled (out of the code order reports print: its slower path).
- ``text-memory`` — throughput (MB/s) and peak memory of ``gfs_cn.read`` on a ``--text-mb`` MB text (the
  fixture texts repeated), in a fresh process; target: peak ≤ 5× the text's size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "tests" / "fixtures" / "texts").glob("*.txt"))


def best(function: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` single runs, in seconds."""
    return min(timeit.repeat(function, number=1, repeat=repeat))


def _run_child(code: str, *args: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# -- throughput -------------------------------------------------------------------------------------


def throughput(sources: list[Any], rounds: int) -> None:
    import gfs_cn

    work = [_source(source) for source in sources] * rounds
    readable = [r for r in gfs_cn.read_many(work[: len(sources)], workers=0) if isinstance(r, gfs_cn.Report)]
    print(f"throughput: {len(work)} reads of {len(sources)} files ({len(readable)} readable), {os.cpu_count()} CPUs")
    times = {}
    for workers in (0, 1, 2):
        start = time.perf_counter()
        results = list(gfs_cn.read_many(work, workers=workers))
        times[workers] = time.perf_counter() - start
        failed = sum(isinstance(r, gfs_cn.ReadFailure) for r in results)
        label = "in process" if workers == 0 else f"{workers} worker{'s' * (workers > 1)}"
        rate = len(work) / times[workers]
        print(f"  read_many, {label:<11} {times[workers]:7.2f} s  {rate:7.1f} reports/s  ({failed} failed)")
    print(f"  ratio 2 workers / 1 worker:          {times[1] / times[2]:6.2f}x  (target >= 1.8x on 2 cores)")
    control = _spin_ratio()
    print(f"  control, a pure-Python loop in 1 and 2 processes: {control:5.2f}x  (what the machine gives now:"
          " other load shows here)")  # fmt: skip


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def _spin_ratio() -> float:
    """How much faster 2 processes run 8 equal CPU-bound tasks than 1: the parallelism actually available."""
    from concurrent.futures import ProcessPoolExecutor

    times = {}
    for workers in (1, 2):
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_spin, [10] * workers))
            start = time.perf_counter()
            list(pool.map(_spin, [2_000_000] * 8))
            times[workers] = time.perf_counter() - start
    return times[1] / times[2]


# -- memory of a batch --------------------------------------------------------------------------------

_BATCH_CHILD = """
import json, resource, sys
import gfs_cn
def hwm():  # peak resident size of this process image, kB (ru_maxrss would carry the parent's over exec)
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
sources = sys.argv[2:] * int(sys.argv[1])
count = sum(isinstance(r, gfs_cn.Report) for r in gfs_cn.read_many(sources[: int(sys.argv[1])], workers=2))
me = hwm()
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest worker, once they are joined
print(json.dumps({"reports": count, "parent_kb": me, "worker_kb": workers}))
"""


def _source(source: Any) -> Any:
    """A path as a string; a report published as several files as the list of them."""
    return [str(p) for p in source] if isinstance(source, list) else str(source)


def batch_memory(sources: list[Any], batch: int) -> None:
    # The child takes paths on its command line: a report of several files is left out there.
    names = [str(path) for path in sources if not isinstance(path, list)]
    small = _run_child(_BATCH_CHILD, "2", *names)
    large = _run_child(_BATCH_CHILD, str(batch), *names)
    print(f"batch memory (2 workers; peak resident size, each run in a fresh process; {len(names)} distinct files):")
    for label, run in (("2 reports (one per worker)", small), (f"{large['reports']} reports", large)):
        print(
            f"  {label:<28} parent {run['parent_kb'] / 1024:7.1f} MB   largest worker {run['worker_kb'] / 1024:7.1f} MB"
        )
    total_small = small["parent_kb"] + 2 * small["worker_kb"]
    total_large = large["parent_kb"] + 2 * large["worker_kb"]
    print(f"  ratio {large['reports']} reports / 2 reports (parent + 2 workers): {total_large / total_small:5.2f}x"
          "  (target <= 1.2x)")  # fmt: skip


# -- roll-up ----------------------------------------------------------------------------------------------


def make_records(n: int, seed: int = 20240101) -> Any:
    """An Arrow table of ~n records: 支出总表 of many reports, each with 项 rows and their 款 and 类 subtotals."""
    import numpy as np
    import pyarrow as pa

    from gfs_cn import Level, functional
    from gfs_cn.arrow import schema

    rng = random.Random(seed)
    items = [s.code for s in functional.subjects(Level.ITEM)]
    codes: list[str] = []
    report_of: list[int] = []
    fen: list[int] = []
    report = 0
    while len(codes) < n:
        chosen = sorted(rng.sample(items, 40))
        amounts = {code: rng.randrange(0, 10**9) for code in chosen}
        for parent_length in (5, 3):
            for code, amount in list(amounts.items()):
                if len(code) == 7:
                    amounts[code[:parent_length]] = amounts.get(code[:parent_length], 0) + amount
        for code in sorted(amounts):
            codes.append(code)
            fen.append(amounts[code])
            report_of.append(report)
        report += 1
    rows = len(codes)
    fields = schema()

    def constant(name: str, value: object) -> Any:
        return pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, np.int32)), pa.array([value]))

    sources = pa.DictionaryArray.from_arrays(
        pa.array(np.asarray(report_of, dtype=np.int32)), pa.array([f"report-{i}.pdf" for i in range(report)])
    )
    levels = {3: "类", 5: "款", 7: "项"}
    amount = pa.array(fen, type=pa.int64()).cast(pa.decimal128(20, 0)).cast(pa.decimal128(20, 2))
    columns = {
        "department": sources.cast(fields.field("department").type),
        "year": pa.array(np.full(rows, 2024, np.int32)),
        "report_kind": constant("report_kind", "budget"),
        "table": constant("table", "expenditure"),
        "table_index": pa.array(np.zeros(rows, np.int32)),
        "row_index": pa.array(np.arange(rows, dtype=np.int32)),
        "unit_code": pa.nulls(rows, pa.string()),
        "row_kind": constant("row_kind", "item"),
        "side": pa.nulls(rows, fields.field("side").type),
        "row_code": pa.array(codes),
        "row_name": pa.array(codes),
        "subject_code": pa.array(codes),
        "canonical_name": pa.array(codes),
        "level": pa.array([levels[len(c)] for c in codes]),
        "government_code": pa.array([""] * rows),
        "column": constant("column", "total"),
        # fen / 100 = yuan: the decimal128(20, 2) value whose integer is the fen
        "amount": pa.compute.divide(amount, pa.scalar(Decimal(100), pa.decimal128(5, 0))).cast(pa.decimal128(20, 2)),
        "printed_unit": constant("printed_unit", "元"),
        "scope": constant("scope", "department"),
        "source": sources,
        "page": pa.nulls(rows, pa.int32()),
        "line": pa.array(np.arange(rows, dtype=np.int32)),
    }
    return pa.table(columns).cast(fields)


def rollup_speed(n: int, repeat: int) -> None:
    import pandas as pd

    from gfs_cn.aggregate import rollup
    from gfs_cn.aggregate.columnar import rollup_records

    table = make_records(n)
    codes = table["subject_code"].to_pylist()
    yuan = table["amount"].to_pylist()
    leaf = _leaves(table)
    pairs = [(c, a) for c, a, is_leaf in zip(codes, yuan, leaf, strict=True) if is_leaf]
    print(f"rollup: {table.num_rows:,} records of {len(set(table['source'].to_pylist())):,} reports "
          f"({len(pairs):,} leaves); best of {repeat} runs")  # fmt: skip

    fast = rollup_records(table)
    exact = rollup(pairs)
    assert fast == exact, "rollup_records and rollup disagree"
    assert fast.total == exact.total, "rollup_records and rollup disagree"
    t_fast = best(lambda: rollup_records(table), repeat)
    # the same records in no order: each table's rows neither together nor in code order (the slower path)
    import numpy as np

    shuffled = table.take(np.random.default_rng(seed=1).permutation(table.num_rows))
    assert rollup_records(shuffled) == exact, "rollup_records over shuffled rows disagrees"
    t_shuffled = best(lambda: rollup_records(shuffled), repeat)
    t_pairs = best(lambda: rollup(pairs), max(1, repeat // 2))
    t_hand = best(lambda: _hand_loop(pairs), max(1, repeat // 2))

    objects = pd.DataFrame({"code": pd.Series(codes, dtype=object), "amount": [float(a) for a in yuan]})
    arrowed = pd.DataFrame({"code": pd.Series(codes, dtype="string[pyarrow]"), "amount": objects["amount"]})
    category = pd.DataFrame({"code": pd.Series(codes, dtype="category"), "amount": objects["amount"]})
    t_objects = best(lambda: _pandas_group(objects), repeat)
    t_arrowed = best(lambda: _pandas_group(arrowed), repeat)
    t_category = best(lambda: _pandas_group(category), repeat)
    same = pd.DataFrame({"source": table["source"].to_pylist(), "code": pd.Series(codes, dtype=object),
                         "amount": objects["amount"]})  # fmt: skip
    t_same = best(lambda: _pandas_leaves(same), max(1, repeat // 2))
    print(f"  rollup_records(arrow table), exact:         {t_fast * 1e3:8.1f} ms")
    print(f"  rollup_records, the rows shuffled:          {t_shuffled * 1e3:8.1f} ms  (rows out of code order)")
    print(f"  pandas float groupby, object codes:         {t_objects * 1e3:8.1f} ms")
    print(f"  pandas float groupby, string[pyarrow] codes:{t_arrowed * 1e3:8.1f} ms")
    print(f"  pandas float groupby, category codes:       {t_category * 1e3:8.1f} ms")
    print(f"  pandas float, the same work (leaves found): {t_same * 1e3:8.1f} ms")
    print(f"  gfs_cn.rollup over (code, Decimal) leaves:  {t_pairs * 1e3:8.1f} ms")
    print(f"  hand loop adding Decimals (leaves):         {t_hand * 1e3:8.1f} ms")
    print(f"    ratio rollup_records / pandas (object):   {t_fast / t_objects:6.2f}x  (target <= 1x)")
    print(f"    ratio rollup_records / pandas (arrow):    {t_fast / t_arrowed:6.2f}x  (target <= 1x)")
    print(f"    ratio rollup_records / pandas (category): {t_fast / t_category:6.2f}x  (target <= 1x)")
    print(f"    ratio rollup_records / pandas (same work):{t_fast / t_same:6.2f}x")
    print(f"    ratio rollup_records / hand Decimal loop: {t_fast / t_hand:6.2f}x")
    print(f"    ratio shuffled rows / pandas (object):    {t_shuffled / t_objects:6.2f}x")


def _leaves(table: Any) -> list[bool]:
    """Which records are leaves (no code below theirs in the same report), the slow way, once."""
    by_report: dict[str, set[str]] = {}
    sources = table["source"].to_pylist()
    codes = table["subject_code"].to_pylist()
    for source, code in zip(sources, codes, strict=True):
        by_report.setdefault(source, set()).add(code)
    parents = {s: {c[:n] for c in found for n in (3, 5) if len(c) > n} for s, found in by_report.items()}
    return [code not in parents[source] for source, code in zip(sources, codes, strict=True)]


def _hand_loop(pairs: list[tuple[str, Decimal]]) -> dict[str, Decimal]:
    zero = Decimal(0)
    sums: dict[str, Decimal] = {}
    get = sums.get
    for code, amount in pairs:
        sums[code] = get(code, zero) + amount
    totals = dict(sums)
    for code, amount in sums.items():
        for n in (3, 5):
            if len(code) > n:
                totals[code[:n]] = totals.get(code[:n], zero) + amount
    return totals


def _pandas_leaves(frame: Any) -> Any:
    """What rollup_records does, in pandas with floats: leaves found per report, then grouped."""
    import pandas as pd

    codes = frame["code"]
    lengths = codes.str.len()
    parents = pd.concat(
        [pd.DataFrame({"source": frame["source"][lengths > n], "code": codes[lengths > n].str[:n]}) for n in (3, 5)]
    )
    keys = pd.MultiIndex.from_frame(frame[["source", "code"]])
    leaf = ~keys.isin(pd.MultiIndex.from_frame(parents))
    return _pandas_group(frame[leaf])


def _pandas_group(frame: Any) -> Any:
    import pandas as pd

    leaves = frame.groupby("code", sort=False, observed=True)["amount"].sum()
    codes = leaves.index.astype(str)
    parents = [leaves.groupby(codes.str[:n], sort=False).sum() for n in (5, 3)]
    return pd.concat([leaves, *parents])


# -- memory of one large text ----------------------------------------------------------------------------

_TEXT_CHILD = """
import json, sys, time
import gfs_cn
from gfs_cn.reading import read_text
gfs_cn.functional.lookup("2101501"); gfs_cn.economic.department.lookup("30101")  # catalogues loaded first
path = sys.argv[1]
size = len(open(path, "rb").read())
def hwm():  # peak resident size of this process image, kB (ru_maxrss would carry the parent's over exec)
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
before = hwm()
start = time.perf_counter()
report = gfs_cn.read(path)
seconds = time.perf_counter() - start
after = hwm()
print(json.dumps({"bytes": size, "seconds": seconds, "before_kb": before, "after_kb": after,
                  "tables": len(report.tables)}))
"""


def text_memory(megabytes: float) -> None:
    parts = [path.read_text(encoding="utf-8") for path in TEXTS[:1]]
    unit = "\n".join(parts) + "\n"
    copies = max(1, int(megabytes * 1e6 / len(unit.encode("utf-8"))))
    print(f"text memory: one {megabytes:.0f} MB text ({copies} copies of {TEXTS[0].name}), in a fresh process each")
    # The same copies repeat every figure, which the reader holds once; a province's reports do not:
    # the second run gives every copy figures of its own (same widths, other digits).
    rng = random.Random(20241204)
    figure = re.compile(r"(?<![\d.])\d+\.\d{2}(?![\d.])")

    def distinct(_: int) -> str:
        return figure.sub(lambda m: f"{rng.randrange(10 ** (len(m.group()) - 3)):0{len(m.group()) - 3}d}"
                          f".{rng.randrange(100):02d}", unit)  # fmt: skip

    for label, make in (("repeated figures", lambda _: unit), ("distinct figures per copy", distinct)):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "big.txt"
            with path.open("w", encoding="utf-8") as handle:
                for copy in range(copies):
                    handle.write(make(copy))
            run = _run_child(_TEXT_CHILD, str(path))
        size_mb = run["bytes"] / 1e6
        grown_mb = (run["after_kb"] - run["before_kb"]) * 1024 / 1e6
        print(f"  {label} ({size_mb:.1f} MB, {run['tables']} tables):")
        print(f"    read: {run['seconds']:6.1f} s, {size_mb / run['seconds']:5.2f} MB/s")
        print(f"    peak resident size: {run['after_kb'] / 1024:7.1f} MB, of which {grown_mb:7.1f} MB while reading"
              f" = {grown_mb / size_mb:4.1f}x the text (target <= 5x)")  # fmt: skip


def _corpus(folder: Path) -> list[Any]:
    """The reports of a folder: each PDF or text, ``*.part1``/``*.part2`` files as one report."""
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".pdf", ".txt"))
    reports: list[Any] = []
    for path in files:
        if ".part" not in path.name:
            reports.append(path)
        elif ".part1" in path.name:
            reports.append([p for p in files if p.name.split(".part")[0] == path.name.split(".part")[0]])
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a folder of PDFs and texts (default: the fixture texts)")
    parser.add_argument("--rounds", type=int, default=10, help="times each corpus file is read (throughput)")
    parser.add_argument("--batch", type=int, default=200, help="reports in the batch-memory run")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--text-mb", type=float, default=50.0)
    parser.add_argument(
        "--skip", nargs="*", default=(), choices=["throughput", "batch-memory", "rollup", "text-memory"]
    )
    args = parser.parse_args()
    sources: list[Any] = list(TEXTS)
    if args.corpus:
        sources = _corpus(args.corpus)
    if "throughput" not in args.skip:
        throughput(sources, args.rounds)
    if "batch-memory" not in args.skip:
        batch_memory(sources, args.batch)
    if "rollup" not in args.skip:
        rollup_speed(args.records, args.repeat)
    if "text-memory" not in args.skip:
        text_memory(args.text_mb)


if __name__ == "__main__":
    main()
