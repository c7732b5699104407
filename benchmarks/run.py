"""Speed of gfs_cn, measured against baselines in the same run. Prints figures and ratios; asserts nothing.

    python benchmarks/run.py

Targets (issue #2): `import gfs_cn` loads no catalogue; the first lookup loads one in ≤ 30 ms; a cached
lookup of a canonical code costs ≤ 3× a plain ``dict.get`` of the same key; a printed-form lookup ≤ 10×.
Issue #12: loading an edition other than the latest ≤ 30 ms the first time; a lookup with ``year=`` ≤ 3× ``dict.get``.
Issue #19: the same ≤ 3× with the editions proven against the reports (2026 now differs from 2024): the
modules' ``lookup`` is a plain function over plain per-year dicts (``Classification.lookup_function``).
"""

from __future__ import annotations

import subprocess
import sys
import time
import timeit

IMPORT_AND_FIRST_LOOKUP = """
import time
t0 = time.perf_counter()
import gfs_cn
t1 = time.perf_counter()
loaded_at_import = gfs_cn.functional.CATALOG._loaded
gfs_cn.functional.lookup("2101501")
t2 = time.perf_counter()
gfs_cn.economic.department.lookup("30101")
t3 = time.perf_counter()
print(loaded_at_import, (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3)
"""


def _best(stmt: str, setup: str, number: int = 200_000, repeat: int = 7) -> float:
    """Best time per call in nanoseconds, in this process's CPU time: the machine is shared, and wall time
    counts the time other processes hold the CPU (a baseline and its ratio measured minutes apart would differ)."""
    return min(timeit.repeat(stmt, setup, number=number, repeat=repeat, timer=time.process_time)) / number * 1e9


def main() -> None:
    runs = []
    for _ in range(5):
        command = [sys.executable, "-c", IMPORT_AND_FIRST_LOOKUP]
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        loaded, imp, first, econ = out.stdout.split()
        runs.append((loaded, float(imp), float(first), float(econ)))
    print(f"catalogue loaded by `import gfs_cn`: {runs[0][0]}")
    print(f"import gfs_cn:                      {min(r[1] for r in runs):7.2f} ms (best of 5)")
    print(f"first functional lookup (load):     {min(r[2] for r in runs):7.2f} ms (best of 5; target <= 30 ms)")
    print(f"first department lookup (load):     {min(r[3] for r in runs):7.2f} ms (best of 5)")

    setup = (
        "from gfs_cn import functional\nfunctional.lookup('2101501')\nplain = {s.code: s for s in functional.CATALOG}\n"
    )
    baseline = _best("plain.get('2101501')", setup)
    canonical = _best("functional.lookup('2101501')", setup)
    printed = _best("functional.lookup('210 15 01')", setup)
    # With the memo of printed forms full, every printed form costs what its first sighting costs.
    no_memo = setup + "functional.CATALOG._index.limit = 0\n"
    uncached = _best("functional.lookup('210\\t15 01 ')", no_memo, number=50_000)
    print(f"dict.get baseline:                  {baseline:7.1f} ns")
    print(f"lookup canonical code:              {canonical:7.1f} ns  ratio {canonical / baseline:5.2f}x (target <= 3x)")
    print(f"lookup printed form (remembered):   {printed:7.1f} ns  ratio {printed / baseline:5.2f}x (target <= 10x)")
    print(f"lookup printed form (first time):   {uncached:7.1f} ns  ratio {uncached / baseline:5.2f}x (target <= 10x)")

    editions()


FIRST_EDITION = """
import time
from gfs_cn import functional
functional.lookup("2101501")
t0 = time.perf_counter()
functional.lookup("2101501", year=YEAR)
t1 = time.perf_counter()
print((t1 - t0) * 1e3)
"""


def editions() -> None:
    """Issue #12: an earlier edition's first load, and lookups with ``year=``."""
    for year in (2023, 2018, 2017):
        times = []
        for _ in range(5):
            command = [sys.executable, "-c", FIRST_EDITION.replace("YEAR", str(year))]
            out = subprocess.run(command, capture_output=True, text=True, check=True)
            times.append(float(out.stdout))
        best = min(times)
        print(f"first lookup in the {year} edition:   {best:7.2f} ms (best of 5, latest loaded; target <= 30 ms)")
    setup = (
        "from gfs_cn import functional\n"
        "functional.lookup('2101501', year=2018)\n"
        "plain = {s.code: s for s in functional.edition(2018)}\n"
        "old = functional.edition(2018)\n"
    )
    baseline = _best("plain.get('2101501')", setup)
    with_year = _best("functional.lookup('2101501', year=2018)", setup)
    positional = _best("functional.lookup('2101501', 2018)", setup)
    print(f"dict.get baseline:                  {baseline:7.1f} ns")
    print(f"lookup with year=2018:              {with_year:7.1f} ns  ratio {with_year / baseline:5.2f}x (target <= 3x)")
    edition = _best("old.lookup('2101501')", setup)
    print(f"lookup with year 2018 positional:   {positional:7.1f} ns  ratio {positional / baseline:5.2f}x")
    print(f"edition(2018).lookup (hot loops):   {edition:7.1f} ns  ratio {edition / baseline:5.2f}x")
    # Issue #19: every year answers alike, a department code too; the method pays for its self.
    for label, stmt in (
        ("lookup with year=2024 (base)", "functional.lookup('2101501', year=2024)"),
        ("lookup with year=2026 (latest)", "functional.lookup('2101501', year=2026)"),
        ("department lookup with year=2017", "department.lookup('30104', year=2017)"),
        ("CATALOG.lookup method, year=2018", "functional.CATALOG.lookup('2101501', year=2018)"),
    ):
        warm = "from gfs_cn.economic import department\n" + stmt + "\n"
        cost = _best(stmt, setup + warm)  # the edition loaded before timing, as for the baseline
        print(f"{label + ':':36s}{cost:7.1f} ns  ratio {cost / baseline:5.2f}x")


if __name__ == "__main__":
    main()
