"""Speed of checking the seed reports, and how many checks each run makes. Prints figures; asserts nothing.

    python benchmarks/checks.py
    python benchmarks/checks.py --corpus /path/to/pdfs   # and every PDF there (part1 + part2: one report)
    python benchmarks/checks.py --seeds /path/to/texts   # and every extracted-text report there

For each report of ``--corpus`` and ``--seeds``: pages, check time, and the findings by severity (errors,
warnings, incomplete, rounding, notes); a report that cannot be read is said so and skipped.

Targets (issue #11): ``check()`` of a seed-sized report ≤ 10 ms, of a 30-page report ≤ 50 ms. The baseline,
measured in the same run, is ``read_text`` of the same report: the ratio says what checking costs next to
reading. The last line checks every seed's tables as one report (about 100 pages of tables).
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gfs_cn import check, read_text  # noqa: E402
from tests.reports import narrative  # noqa: E402

TEXTS = ROOT / "tests" / "fixtures" / "texts"


def _best_ms(call: object, number: int = 20, repeat: int = 5) -> float:
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number * 1e3  # type: ignore[arg-type]


def main() -> None:
    print(
        f"{'report':<8} {'lines':>6} {'amounts':>8} {'read_text':>10} {'check':>8} {'ratio':>6} {'checks':>7} "
        f"{'passed':>7} {'findings':>9}  (best of 5, ms)"
    )
    reports = []
    for path in sorted(TEXTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        report = attrs.evolve(read_text(text), narrative=narrative(path.stem))
        reports.append(report)
        result = check(report)  # warm the catalogue and registries
        counts = result.counts()
        amounts = sum(1 for t in report.tables for r in t.rows for v in getattr(r, "amounts", {}).values() if v)
        read_ms = _best_ms(lambda text=text: read_text(text))
        check_ms = _best_ms(lambda report=report: check(report))
        print(
            f"{path.stem:<8} {len(text.splitlines()):>6} {amounts:>8} {read_ms:>10.2f} {check_ms:>8.2f} "
            f"{check_ms / read_ms:>6.2f} {counts['checks']:>7} {counts['passed']:>7} {len(result):>9}"
        )
    merged = attrs.evolve(reports[0], tables=tuple(t for r in reports for t in r.tables), narrative=())
    merged_ms = _best_ms(lambda: check(merged), number=5)
    result = check(merged)
    print(f"{'all four':<8} {'':>6} {'':>8} {'':>10} {merged_ms:>8.2f} {'':>6} {result.counts()['checks']:>7}")
    print("targets: check() <= 10 ms per seed-sized report, <= 50 ms per 30-page report")
    if "--seeds" in sys.argv or "--corpus" in sys.argv:
        print(
            f"\n{'report':<44} {'pages':>5} {'check':>7} {'checks':>7} {'error':>6} {'warning':>8} "
            f"{'incompl':>8} {'rounding':>9} {'note':>5}  (best of 5, ms)"
        )
    if "--seeds" in sys.argv:
        folder = Path(sys.argv[sys.argv.index("--seeds") + 1])
        for path in sorted(folder.glob("*.txt")):
            _one(path.name, lambda path=path: read_text(path.read_text(encoding="utf-8")))
    if "--corpus" in sys.argv:
        corpus(Path(sys.argv[sys.argv.index("--corpus") + 1]))


def corpus(folder: Path) -> None:
    """Check time and findings of every PDF report in ``folder`` (read once, checked best of 5)."""
    from gfs_cn import read

    for path in sorted(folder.glob("*.pdf")):
        if ".part2." in path.name:
            continue
        parts = [path, path.with_name(path.name.replace(".part1.", ".part2."))] if ".part1." in path.name else [path]
        _one(
            path.name.replace(".part1", ""),
            lambda parts=parts: read([str(p) for p in parts] if len(parts) > 1 else str(parts[0])),
        )


def _one(name: str, reading: object) -> None:
    """Read a report once, check it best of 5, print its findings by severity (or why it was not read)."""
    from gfs_cn.errors import GfsError

    try:
        report = reading()  # type: ignore[operator]
    except (GfsError, OSError) as err:
        print(f"{name:<44} not read: {err}")
        return
    result = check(report)
    pages = max((t.last_page or 0 for t in report.tables), default=0)
    check_ms = _best_ms(lambda report=report: check(report), number=5)
    by = result.severities()
    print(
        f"{name:<44} {pages:>5} {check_ms:>7.2f} {result.counts()['checks']:>7} {by['error']:>6} {by['warning']:>8} "
        f"{by['incomplete']:>8} {by['rounding']:>9} {by['note']:>5}"
    )


if __name__ == "__main__":
    main()
