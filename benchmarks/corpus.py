"""Reading real disclosures: tables found, amounts placed, metadata, speed. Prints; asserts nothing.

    python benchmarks/corpus.py [--no-baseline]

Reads every report in ``../shared/seeds`` (text) and ``../shared/corpus`` (PDF; ``*.part1.pdf`` and
``*.part2.pdf`` are one report) when present. Per report: how many of the kinds of table the 目录
lists were found, and the tables found with a standard kind; amounts placed / reported / lost of
every amount printed in the document's grids, and the share placed in typed tables; the metadata
read; seconds per page, and for PDFs the ratio to what pdfplumber alone takes to extract the same
pages' tables and text. The reader's verification: identities that fail on tables it marks ``read``
(``fail``: each is a publisher's slip the checks will report, or a misreading it missed), tables it
marks doubtful (``doubt``) and incomplete (``incmp``); and against ``corpus_key.tsv`` beside this
file (per table: kind, first page, total, data rows, first row, taken from the PDFs) how many
tables read exactly as the key says (``key``).

    python benchmarks/corpus.py --write-key   # writes the key from the present reading, to review by hand

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

try:
    import gfs_cn
except ImportError as err:  # run with a Python that lacks the project's dependencies
    sys.exit(f"{err}: run the benchmark in the project's environment (pip install -e '.[pdf]')")
from gfs_cn.reading import coverage  # noqa: E402
from gfs_cn.reading.api import document_lines  # noqa: E402
from gfs_cn.reading.verify import failures  # noqa: E402
from gfs_cn.tables import TableKind  # noqa: E402
from gfs_cn.tables.titles import title_kind  # noqa: E402

SHARED = ROOT.parent / "shared"
KEY = Path(__file__).resolve().parent / "corpus_key.tsv"
KEY_FIELDS = ("report", "kind", "first_page", "total", "rows", "first_row")


def key_rows(name: str, report: gfs_cn.Report) -> list[tuple[str, ...]]:
    """The key's facts of each table as read: kind, first page, the first amount column's 合计, the number
    of data rows (items and units, not totals nor 其中 rows), and the first data row's label."""
    found = []
    for table in report.tables:
        rows = [r for r in table.rows if getattr(r, "kind", None) is not None and r.kind.value in ("item", "unit")]
        column = table.columns[0] if table.columns else None
        total = table.total(column) if column is not None and hasattr(table, "total") else None
        first = str(getattr(rows[0], "label", "")) if rows else ""
        found.append(
            (
                name,
                table.kind.value,
                str(table.first_page or ""),
                "" if total is None else str(total),
                str(len(rows)),
                " ".join(first.split()),
            )
        )
    return found


def read_key() -> dict[str, set[tuple[str, ...]]]:
    key: dict[str, set[tuple[str, ...]]] = collections.defaultdict(set)
    if KEY.exists():
        for line in KEY.read_text(encoding="utf-8").splitlines()[1:]:
            fields = tuple(line.split("\t"))
            key[fields[0]].add(fields)
    return key


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
    parser.add_argument("--write-key", action="store_true", help=f"write {KEY.name} from this reading")
    args = parser.parse_args()
    answers = read_key()
    written: list[tuple[str, ...]] = []
    rows = reports()
    if not rows:
        print(f"no reports under {SHARED}")
        return
    header = (
        f"{'report':<40} {'listed':>6} {'found':>5} {'other':>5} {'placed':>7} {'report':>6} {'lost':>5} "
        f"{'total':>6} {'typed%':>6} {'fail':>4} {'doubt':>5} {'incmp':>5} {'key':>7} {'s/page':>6} {'x plumb':>7}  "
        "metadata"
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
        failing = sum(len(failures(t)) for t in report.tables if t.reliable)
        doubtful = sum(1 for t in report.tables if t.status is gfs_cn.TableStatus.DOUBTFUL)
        incomplete = sum(1 for t in report.tables if t.incomplete)
        facts = key_rows(name, report)
        written.extend(facts)
        expected = answers.get(name, set())
        keyed = f"{len(expected & set(facts))}/{len(expected)}" if expected else "-"
        meta = f"{report.department}|{report.year}|{report.kind.value}|{report.scope.value}|{report.money_unit.value}"
        listed_text = f"{listed_found}/{len(listed)}" if listed else "-"
        print(
            f"{name:<40} {listed_text:>6} {len(standard):>5} {other:>5} {found.placed:>7} {found.reported:>6} "
            f"{lost:>5} {found.total:>6} {typed:>6.1f} {failing:>4} {doubtful:>5} {incomplete:>5} {keyed:>7} "
            f"{seconds / pages:>6.3f} {ratio:>7}  {meta}"
        )
        for table in report.tables:
            if not table.reliable:
                print(
                    f"    {table.status.value} {table.kind.value} p{table.first_page}: {'; '.join(table.doubts)[:160]}"
                )
        sums["fail"] += failing
        sums["doubt"] += doubtful
        sums["incmp"] += incomplete
        sums["key"] += len(expected & set(facts))
        sums["keyed"] += len(expected)
        for key, value in (
            ("placed", found.placed),
            ("reported", found.reported),
            ("lost", lost),
            ("total", found.total),
            ("typed", found.typed),
        ):
            sums[key] += value
    total = sums["total"] or 1
    print(
        f"all: {sums['placed']} placed + {sums['reported']} reported + {sums['lost']} lost of {sums['total']} "
        f"amounts; {sums['typed'] / total:.1%} in typed tables; "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(
        f"verification: {sums['fail']} identities fail on tables read, {sums['doubt']} tables doubtful, "
        f"{sums['incmp']} incomplete; key: {sums['key']} of {sums['keyed']} tables as the key says"
    )
    if args.write_key:
        KEY.write_text(
            "\t".join(KEY_FIELDS) + "\n" + "".join("\t".join(row) + "\n" for row in written), encoding="utf-8"
        )
        print(f"wrote {KEY}")


if __name__ == "__main__":
    main()
