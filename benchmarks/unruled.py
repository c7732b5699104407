"""Tables without ruling: each corpus PDF read as published, then with every ruling line and box removed.

    python benchmarks/unruled.py [--corpus DIR] [NAME ...]

Per report: amounts the ruled read places, amounts the unruled read places, how many of those are the same
amount in the same table, row (code and name) and column, and what the unruled read reports. Prints; asserts
nothing. Needs the corpus (default ``../shared/corpus``) and pdfplumber.
"""

from __future__ import annotations

import argparse
import collections
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gfs_cn
from gfs_cn.reading import coverage
from gfs_cn.reading.sources import pdf as pdf_reading
from gfs_cn.records import to_records

ROOT = Path(__file__).resolve().parent.parent


def placed(report: gfs_cn.Report) -> collections.Counter[tuple[str, ...]]:
    """Each amount the report places, by table, row code and name, and column."""
    return collections.Counter(
        (r.table, r.row_code or "", (r.row_name or "")[:8], r.column, str(r.amount)) for r in to_records(report)
    )


def unruled(read: Callable[[], gfs_cn.Report]) -> gfs_cn.Report:
    """``read()`` with every page's ruling (lines, boxes, curves) filtered out before the reader sees it."""
    original = pdf_reading._page_items

    def bare(page: Any, carry: Any) -> Any:
        return original(page.filter(lambda obj: obj["object_type"] not in ("line", "rect", "curve")), carry)

    pdf_reading._page_items = bare
    try:
        return read()
    finally:
        pdf_reading._page_items = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("names", nargs="*", help="only the reports whose file name contains one of these")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.pdf"))
    sources: list[Any] = [
        [str(f), str(f).replace(".part1", ".part2")] if ".part1" in f.name else str(f)
        for f in files
        if ".part2" not in f.name
    ]
    print(f"{'report':42} {'ruled':>6} {'unruled':>8} {'same':>6} {'same %':>7} {'reported':>9} {'lost':>5}")
    totals = collections.Counter[str]()
    for source in sources:
        name = Path(source[0] if isinstance(source, list) else source).name.replace(".part1", "")
        if args.names and not any(n in name for n in args.names):
            continue
        ruled_report = gfs_cn.read(source)
        bare_report = unruled(lambda source=source: gfs_cn.read(source))
        found = unruled(lambda source=source, report=bare_report: coverage(source, report))  # type: ignore[misc]
        a, b = placed(ruled_report), placed(bare_report)
        same = sum((a & b).values())
        row = {"ruled": sum(a.values()), "unruled": sum(b.values()), "same": same}
        row |= {"reported": found.reported, "lost": len(found.unplaced)}
        totals.update(row)
        print(
            f"{name.removesuffix('.pdf'):42} {row['ruled']:6} {row['unruled']:8} {same:6} "
            f"{same / max(row['ruled'], 1):7.1%} {row['reported']:9} {row['lost']:5}"
        )
    print(
        f"all: {totals['same']} of {totals['ruled']} ruled amounts read the same without ruling "
        f"({totals['same'] / max(totals['ruled'], 1):.1%}); {totals['unruled']} placed, {totals['reported']} reported, "
        f"{totals['lost']} lost"
    )


if __name__ == "__main__":
    main()
