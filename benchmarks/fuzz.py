"""The reader fuzz test of tests/test_reading_fuzz.py, longer. Prints; asserts nothing but the test's own checks.

    python benchmarks/fuzz.py [EXAMPLES]   (default 2,000)

Mangles the seed texts (lines deleted, duplicated, swapped, merged, split; digits changed; junk
inserted; cut anywhere) and checks every reading raises only GfsError, loses no amount and makes
none up. Prints the number of cases, how many read, and the time per case.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402

import gfs_cn  # noqa: E402
from tests.test_reading_fuzz import assert_nothing_lost_or_made_up, mangled  # noqa: E402


def main() -> None:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    counts = {"read": 0, "refused": 0}

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mangled())
    def run(text: str) -> None:
        report: gfs_cn.Report | None = None
        refused = ""
        try:
            report = gfs_cn.read(text)
        except gfs_cn.GfsError as err:
            refused = str(err)
        assert "internal error" not in refused, refused
        if report is None:
            counts["refused"] += 1
            return
        counts["read"] += 1
        assert_nothing_lost_or_made_up(text, report)

    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    cases = counts["read"] + counts["refused"]
    print(f"{cases} mangled reports: {counts['read']} read, {counts['refused']} refused with a GfsError; "
          f"nothing lost or made up; {seconds / max(cases, 1) * 1e3:.1f} ms per case")


if __name__ == "__main__":
    main()
