"""Speed of reading and checking the seed reports. Prints figures; asserts nothing.

    python benchmarks/checks.py

Target (issue #5): ``check()`` of a seed report ≤ 10 ms.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gfs_cn import check, read_text  # noqa: E402

TEXTS = ROOT / "tests" / "fixtures" / "texts"


def _best_ms(call: object, number: int = 20, repeat: int = 5) -> float:
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number * 1e3  # type: ignore[arg-type]


def main() -> None:
    print(f"{'report':<8} {'lines':>6} {'amounts':>8} {'read_text':>10} {'check':>8}  (best of 5, ms)")
    for path in sorted(TEXTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        report = read_text(text)
        check(report)  # warm the catalogue and registries
        amounts = sum(1 for t in report.tables for r in t.rows for v in getattr(r, "amounts", {}).values() if v)
        read_ms = _best_ms(lambda text=text: read_text(text))
        check_ms = _best_ms(lambda report=report: check(report))
        print(f"{path.stem:<8} {len(text.splitlines()):>6} {amounts:>8} {read_ms:>10.2f} {check_ms:>8.2f}")
    print("target: check() <= 10 ms per report")


if __name__ == "__main__":
    main()
