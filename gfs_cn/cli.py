"""The ``gfs-cn`` command line (also ``python -m gfs_cn``).

Exit codes: 0 done; 1 nothing found (``search``) or findings at or above ``--fail-on`` (``check``);
2 bad input (an unknown code, an unreadable file), said in one line on stderr.

>>> main(["lookup", "2101501"])
2101501	项	行政运行	卫生健康支出 › 医疗保障管理事务 › 行政运行
0
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from gfs_cn import __version__, _data, economic, functional
from gfs_cn.catalog import Classification, NameKind, Subject
from gfs_cn.errors import GfsError

if TYPE_CHECKING:
    from gfs_cn.checks import Finding
    from gfs_cn.records import Record
    from gfs_cn.tables import Report

# The reader, the checks and serialization are imported by the commands that use them, so that
# `gfs-cn lookup` starts as fast as the catalogue allows.

__all__ = ["main"]

_SCHEMES: dict[str, Classification] = {
    "functional": functional.CATALOG,
    "department": economic.department.CATALOG,
    "government": economic.government.CATALOG,
}

_SEVERITY_ORDER = ["error", "warning", "incomplete", "rounding"]
"""Severity values, worst first."""


def _catalog_for(code: str, scheme: str) -> Classification:
    if scheme != "auto":
        return _SCHEMES[scheme]
    # Functional codes start with 2, department economic with 3, government economic with 5.
    first = functional.compact(code)[0]
    return {"3": economic.department.CATALOG, "5": economic.government.CATALOG}.get(first, functional.CATALOG)


def _line(subject: Subject) -> str:
    return f"{subject.code}\t{subject.level.label}\t{subject.name}\t{' › '.join(subject.path)}"


# -- catalogue commands ------------------------------------------------------------------------


def _lookup(args: argparse.Namespace) -> int:
    for code in args.codes:
        print(_line(_catalog_for(code, args.scheme).lookup(code)))
    return 0


def _search(args: argparse.Namespace) -> int:
    catalogs = _SCHEMES.values() if args.scheme == "auto" else [_SCHEMES[args.scheme]]
    hits = [(catalog, s) for catalog in catalogs for s in catalog.search(args.text)]
    for catalog, subject in hits:
        former = [m.name for m in catalog.names_of(subject.code, NameKind.FORMER) if args.text in m.name]
        # A hit through a former name says so: 30311 is 代缴社会保险费 now, 住房公积金 until 2017.
        note = f"\t(former name: {former[0]})" if former and args.text not in subject.name else ""
        print(_line(subject) + note)
    return 0 if hits else 1


def _tree(args: argparse.Namespace) -> int:
    catalog = _SCHEMES["functional" if args.scheme == "auto" else args.scheme]
    roots = [catalog.lookup(args.code)] if args.code else [s for s in catalog if s.parent is None]

    def show(subject: Subject, depth: int) -> None:
        print("  " * depth + f"{subject.code} {subject.name}")
        if args.depth is None or depth + 1 < args.depth:
            for child in subject.children:
                show(child, depth + 1)

    for root in roots:
        show(root, 0)
    return 0


def _map(args: argparse.Namespace) -> int:
    target = economic.to_government(args.code, args.unit_kind)
    source = economic.department.lookup(args.code)
    print(f"{source.code} {source.name}\t→\t{target.code} {target.name}")
    return 0


# -- reports -------------------------------------------------------------------------------------


def _progress(paths: Sequence[str]) -> Iterator[str]:
    """The paths, with a progress line on stderr when there are several and stderr is a terminal."""
    show = len(paths) > 1 and sys.stderr.isatty()
    for n, path in enumerate(paths, 1):
        if show:
            print(f"\r[{n}/{len(paths)}] {Path(path).name[:60]:<60}", end="", file=sys.stderr, flush=True)
        yield path
    if show:
        print(file=sys.stderr)


def _read(path: str) -> Report:
    from gfs_cn.reading import read_text

    if not Path(path).is_file():
        raise GfsError(f"no such file: {path}")
    return read_text(Path(path))


def _write_records(records: Sequence[Record], out: TextIO, fmt: str, header: bool) -> None:
    from gfs_cn.records import Record

    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        if header:
            writer.writerow(Record._fields)
        writer.writerows([("" if v is None else str(v)) for v in record] for record in records)
    else:  # records: one JSON object per line
        for record in records:
            print(json.dumps({k: _plain(v) for k, v in record._asdict().items()}, ensure_ascii=False), file=out)


def _plain(value: object) -> object:
    return value if value is None or isinstance(value, (str, int, bool)) else str(value)


def _read_command(args: argparse.Namespace) -> int:
    from gfs_cn.records import to_records
    from gfs_cn.serialize import to_json

    out_dir = Path(args.out) if args.out else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    first = True
    for path in _progress(args.files):
        report = _read(path)
        if out_dir:
            suffix = {"json": ".json", "csv": ".csv", "records": ".jsonl"}[args.format]
            target = out_dir / (Path(path).stem + suffix)
            with target.open("w", encoding="utf-8", newline="") as handle:
                if args.format == "json":
                    handle.write(to_json(report, indent=1) + "\n")
                else:
                    _write_records(to_records(report), handle, args.format, header=True)
        elif args.format == "json":
            # One document for one file; one document per line (JSON Lines) for several.
            print(to_json(report, indent=1 if len(args.files) == 1 else None))
        else:
            _write_records(to_records(report), sys.stdout, args.format, header=first)
        first = False
    return 0


def _findings_table(findings: Sequence[Finding], width: int) -> Iterator[str]:
    """Findings as aligned text lines that fit ``width`` columns (messages are cut, not wrapped)."""
    for finding in findings:
        head = f"{finding.severity.value:<10} {finding.rule:<22} {finding.line or ''!s:>5}  "
        room = max(width - _display_width(head), 20)
        yield head + _cut(finding.message, room)


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, width: int) -> str:
    if _display_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = _display_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


_NOUNS = {
    "error": ("error", "errors"),
    "warning": ("warning", "warnings"),
    "incomplete": ("incomplete", "incomplete"),
    "rounding": ("rounding note", "rounding notes"),
}


def _summary(findings: Sequence[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in _SEVERITY_ORDER}
    return ", ".join(f"{n} {_NOUNS[s][n != 1]}" for s, n in counts.items() if n) or "no findings"


def _check_command(args: argparse.Namespace) -> int:
    from gfs_cn.checks import check
    from gfs_cn.serialize import findings_to_dicts

    threshold = _SEVERITY_ORDER.index(args.fail_on)
    failing = False
    width = shutil.get_terminal_size((120, 24)).columns
    results = []
    for path in _progress(args.files):
        report = _read(path)
        findings = check(report)
        failing |= any(_SEVERITY_ORDER.index(f.severity.value) <= threshold for f in findings)
        results.append((path, report, findings))
    for path, report, findings in results:
        if args.format == "json":
            print(
                json.dumps(
                    {
                        "file": path,
                        "department": report.department,
                        "year": report.year,
                        "findings": findings_to_dicts(findings),
                        **findings.to_dict(),
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print(f"{path}: {report.department} {report.year} {report.kind.label} — {_summary(findings)}")
            print(f"  {findings.summary()}")
            for line in _findings_table(findings, width):
                print("  " + line)
    return 1 if failing else 0


def _demo(args: argparse.Namespace) -> int:
    """Read and check the sample disclosure shipped in data/, and say what was found."""
    from gfs_cn.checks import check
    from gfs_cn.reading import coverage, read_text

    path = _data.sample_path()
    text = path.read_text(encoding="utf-8")
    report = read_text(text)
    found = coverage(text, report)
    print(f"{path.name}: {report.department}, {report.year} {report.kind.label}, amounts in {report.money_unit.value}")
    print(f"{len(report.tables)} tables read; {found.placed} of {found.total} printed amounts placed")
    for table in report.tables:
        flag = "  (cut off in the source)" if table.incomplete else ""
        rows = f"{len(table.rows)} row{'' if len(table.rows) == 1 else 's'}"
        print(f"  {table.number or '':<5} {table.title}  {rows}{flag}")
    expenditure = next((t for t in report.tables if t.kind.value == "expenditure"), None)
    if expenditure is not None:
        from gfs_cn.money import format_amount
        from gfs_cn.tables import Column, RowKind

        print("Expenditure by functional class (支出功能分类, 类):")
        for row in expenditure.rows:
            if row.kind is RowKind.ITEM and row.subject is not None and len(row.code) == 3:
                amount = format_amount(row.decimal(Column.TOTAL) or Decimal(0))
                print(f"  {row.code} {row.subject.name:<16} {amount:>14}")
    findings = check(report)
    print(f"Checks: {_summary(findings)}")
    width = shutil.get_terminal_size((120, 24)).columns
    for line in _findings_table(findings, width):
        print("  " + line)
    return 0


# -- the parser -----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gfs-cn",
        description="China's government finance classification (政府收支分类科目) and department disclosures.",
        epilog="examples:\n  gfs-cn demo\n  gfs-cn lookup 2101501 '210 15 01' 30101\n  gfs-cn check report.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"gfs-cn {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_: str, *examples: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_,
            description=help_,
            epilog="examples:\n" + "\n".join(f"  {e}" for e in examples),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    schemes = ["auto", *_SCHEMES]
    lookup = command(
        "lookup", _lookup, "look codes up, in any printed form", "gfs-cn lookup 2101501 '210 15 01' 30101 50501"
    )
    lookup.add_argument("codes", nargs="+", metavar="CODE")
    lookup.add_argument("--scheme", choices=schemes, default="auto", help="classification (default: by first digit)")

    search = command("search", _search, "find codes whose name contains TEXT", "gfs-cn search 医疗保障")
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--scheme", choices=schemes, default="auto")

    tree = command("tree", _tree, "print the tree below CODE (or every 类)", "gfs-cn tree 210 --depth 2")
    tree.add_argument("code", nargs="?", metavar="CODE")
    tree.add_argument("--depth", type=int, default=None, help="levels to show")
    tree.add_argument("--scheme", choices=schemes, default="auto")

    map_ = command(
        "map",
        _map,
        "map a department economic code to the government one (两套科目对照)",
        "gfs-cn map 30101 --unit-kind agency",
        "gfs-cn map 30101 --unit-kind institution",
    )
    map_.add_argument("code", metavar="DEPT_CODE")
    map_.add_argument("--unit-kind", required=True, choices=[k.value for k in economic.UnitKind])

    read = command(
        "read",
        _read_command,
        "read disclosures (extracted text) and write them as JSON, CSV or JSON-lines records",
        "gfs-cn read report.txt",
        "gfs-cn read reports/*.txt --format csv > records.csv",
        "gfs-cn read reports/*.txt --format json --out json/",
    )
    read.add_argument("files", nargs="+", metavar="FILE")
    read.add_argument(
        "--format",
        choices=["json", "csv", "records"],
        default="json",
        help="json: the report (one per line for several files); csv / records: one row per amount",
    )
    read.add_argument("--out", metavar="DIR", help="write one file per report into DIR instead of stdout")

    check_ = command(
        "check",
        _check_command,
        "check disclosures (勾稽关系, catalogue, narrative) and list the findings",
        "gfs-cn check report.txt",
        "gfs-cn check reports/*.txt --format json --fail-on warning",
    )
    check_.add_argument("files", nargs="+", metavar="FILE")
    check_.add_argument("--format", choices=["text", "json"], default="text")
    check_.add_argument(
        "--fail-on",
        choices=["error", "warning", "incomplete", "rounding"],
        default="error",
        help="exit 1 when findings of this severity or worse exist (default: error)",
    )

    command("demo", _demo, "read and check the sample disclosure shipped with gfs_cn", "gfs-cn demo")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except BrokenPipeError:  # pragma: no cover - output piped into head
        return 0
    except (GfsError, OSError) as err:
        if args.debug:
            raise
        print(f"gfs-cn: error: {err}", file=sys.stderr)
        return 2
