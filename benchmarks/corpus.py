"""Reading real disclosures: tables found, amounts placed, metadata, speed. Prints; asserts nothing.

    python benchmarks/corpus.py [--no-baseline]

Reads every report in ``../shared/seeds`` (text) and ``../shared/corpus`` (PDF; ``*.part1.pdf`` and
``*.part2.pdf`` are one report) when present. Per report: how many of the kinds of table the 目录
lists were found, and the tables found with a standard kind; amounts placed / reported / lost of
every amount printed in the document's grids, and the share placed in typed tables; the metadata
read; seconds per page, and for PDFs the ratio to what pdfplumber alone takes to extract the same
pages' tables and text.

Targets (issue #10): every printed table found with the right kind; 100% of amounts placed or
reported; >= 99% placed in typed tables; reading a PDF <= 1.5x pdfplumber alone.
"""

from __future__ import annotations

import argparse
import collections
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gfs_cn  # noqa: E402
from gfs_cn.reading import coverage  # noqa: E402
from gfs_cn.reading.api import document_lines  # noqa: E402
from gfs_cn.reading.titles import title_kind  # noqa: E402
from gfs_cn.tables import TableKind  # noqa: E402

SHARED = ROOT.parent / "shared"


def reports() -> list[tuple[str, list[Path]]]:
    """(name, files) of every report, seeds first."""
    found: list[tuple[str, list[Path]]] = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        found.append((path.stem, [path]))
    for path in sorted((SHARED / "corpus").glob("*.pdf")):
        if ".part2" in path.name:
            continue
        files = [path]
        second = path.with_name(path.name.replace(".part1", ".part2"))
        if ".part1" in path.name and second.exists():
            files.append(second)
        found.append((path.name.replace(".part1", "").removesuffix(".pdf"), files))
    return found


def listed_kinds(lines: list[Any], report: gfs_cn.Report) -> collections.Counter[TableKind]:
    """The standard kinds of table a report's 目录 lists: titles printed before its first table (in any
    cell: some 目录 are grids)."""
    first = min((t.first_line for t in report.tables if t.first_line is not None), default=0)
    kinds: collections.Counter[TableKind] = collections.Counter()
    for line in lines:
        if line.number >= first:
            break
        for cell in line.cells:
            kind = title_kind(cell) if cell else None
            if kind is not None:
                kinds[kind] += 1
    return kinds


def pdfplumber_seconds(files: list[Path]) -> float:
    import pdfplumber

    start = time.perf_counter()
    for path in files:
        if path.suffix != ".pdf":
            continue
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.extract_text()
                page.flush_cache()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-baseline", action="store_true", help="skip timing pdfplumber alone")
    args = parser.parse_args()
    rows = reports()
    if not rows:
        print(f"no reports under {SHARED}")
        return
    header = (
        f"{'report':<40} {'listed':>6} {'found':>5} {'other':>5} {'placed':>7} {'report':>6} {'lost':>5} "
        f"{'total':>6} {'typed%':>6} {'s/page':>6} {'x plumb':>7}  metadata"
    )
    print(header)
    sums = collections.Counter[str]()
    for name, files in rows:
        source = [str(f) for f in files]
        lines, _, _ = document_lines(source)
        pages = max((line.page or 1 for line in lines), default=1)
        start = time.perf_counter()
        try:
            report = gfs_cn.read(source)
        except gfs_cn.GfsError as err:
            print(f"{name:<40} ERROR {err}")
            continue
        seconds = time.perf_counter() - start
        found = coverage(lines, report)
        lost = len(found.unplaced)
        listed = listed_kinds(lines, report)
        standard = [t for t in report.tables if t.kind is not TableKind.OTHER]
        other = len(report.tables) - len(standard)
        kinds_found = collections.Counter(t.kind for t in standard)
        listed_found = sum(1 for k in listed if kinds_found[k])  # kinds: a 目录 may be printed twice
        ratio = ""
        if files[0].suffix == ".pdf" and not args.no_baseline:
            ratio = f"{seconds / pdfplumber_seconds(files):.2f}"
        typed = found.typed / found.total * 100 if found.total else 100.0
        meta = f"{report.department}|{report.year}|{report.kind.value}|{report.scope.value}|{report.money_unit.value}"
        listed_text = f"{listed_found}/{len(listed)}" if listed else "-"
        print(
            f"{name:<40} {listed_text:>6} {len(standard):>5} {other:>5} {found.placed:>7} {found.reported:>6} "
            f"{lost:>5} {found.total:>6} {typed:>6.1f} {seconds / pages:>6.3f} {ratio:>7}  {meta}"
        )
        for key, value in (("placed", found.placed), ("reported", found.reported), ("lost", lost),
                           ("total", found.total), ("typed", found.typed)):
            sums[key] += value
    total = sums["total"] or 1
    print(
        f"all: {sums['placed']} placed + {sums['reported']} reported + {sums['lost']} lost of {sums['total']} "
        f"amounts; {sums['typed'] / total:.1%} in typed tables; "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
