"""The ``gfs-cn`` command line (also ``python -m gfs_cn``).

Exit codes: 0 done; 1 nothing found (``search``), findings at or above ``--fail-on`` (``check``), or
files that could not be read, the others done (``read``, ``check``, ``show`` with ``--keep-going``);
2 bad input (an unknown code, an unreadable file) or bad usage, said in one line on stderr;
3 an internal error (a bug in gfs_cn), said in one line — ``--debug`` shows the traceback.

>>> main(["lookup", "2101501"])
2101501	项	行政运行	卫生健康支出 › 医疗保障管理事务 › 行政运行
0
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from gfs_cn import __version__, _data, economic, functional
from gfs_cn.catalog import Classification, NameKind, Subject
from gfs_cn.checks.findings import Severity
from gfs_cn.cli_read import add_input_arguments, add_rule_arguments
from gfs_cn.errors import GfsError
from gfs_cn.terminal import counts, cut, display_width, pad

if TYPE_CHECKING:
    from gfs_cn.checks import Finding

# The reader, the checks and serialization are imported by the commands that use them, so that
# `gfs-cn lookup` starts as fast as the catalogue allows.

__all__ = ["main"]

_SCHEMES: dict[str, Classification] = {
    "functional": functional.CATALOG,
    "department": economic.department.CATALOG,
    "government": economic.government.CATALOG,
}

_log = logging.getLogger("gfs_cn.cli")

EXIT_OK, EXIT_FOUND, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
"""Exit codes: done; nothing found or findings at ``--fail-on``; bad input or usage; a bug in gfs_cn."""


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
        print(_line(_catalog_for(code, args.scheme).lookup(code, year=args.year)))
    return 0


def _search(args: argparse.Namespace) -> int:
    """Codes whose name contains the text; where none does (and not ``--exact``), the nearest names."""
    from gfs_cn.fuzzy import EXACT, search

    catalogs = list(_SCHEMES.values()) if args.scheme == "auto" else [_SCHEMES[args.scheme]]
    if args.exact:
        hits = [m for m in search(args.text, catalogs, limit=args.limit) if m.score == EXACT]
    else:
        hits = search(args.text, catalogs, limit=args.limit)
    for match in hits:
        subject = match.subject
        # A hit through a former name says so: 30102 津贴补贴 took in 30312 提租补贴 in 2018.
        note = f"\t(former name: {match.name})" if match.kind is NameKind.FORMER else ""
        if match.score < EXACT:
            note += f"\t(similar: {match.score:.0f}%)"
        print(_line(subject) + note)
    if hits and hits[0].score < EXACT:
        _log.info("no name contains %r: the nearest names are shown", args.text)
    return 0 if hits else 1


def _tree(args: argparse.Namespace) -> int:
    if args.code:
        roots = [_catalog_for(args.code, args.scheme).lookup(args.code)]
    else:
        catalog = _SCHEMES["functional" if args.scheme == "auto" else args.scheme]
        roots = [s for s in catalog if s.parent is None]

    def show(subject: Subject, depth: int) -> None:
        print("  " * depth + f"{subject.code} {subject.name}")
        if args.depth is None or depth + 1 < args.depth:
            for child in subject.children:
                show(child, depth + 1)

    for root in roots:
        show(root, 0)
    return 0


def _map(args: argparse.Namespace) -> int:
    for code in args.codes:
        target = economic.to_government(code, args.unit_kind)
        source = economic.department.lookup(code)
        print(f"{source.code} {source.name}\t→\t{target.code} {target.name}")
    return 0


# -- reports -------------------------------------------------------------------------------------


def _read_command(args: argparse.Namespace) -> int:
    from gfs_cn.cli_read import run

    return run(args)


def _findings_table(findings: Iterable[Finding], width: int | None) -> Iterator[str]:
    """Findings as indented, aligned lines fitting ``width`` columns (messages cut, not wrapped; ``None``: in full).
    Where the finding is: the page and line of the source, as far as known (``Finding.location``)."""
    findings = list(findings)
    rules = max((len(f.rule) for f in findings), default=0)
    for finding in findings:
        head = f"  {finding.severity.value:<10} {finding.rule:<{rules}}  {finding.location:>16}  "
        if width is None:
            yield head + finding.message
        else:
            yield head + cut(finding.message, max(width - display_width(head), 20))


def _width() -> int | None:
    """Columns to fit output to: the terminal's, or $COLUMNS; ``None`` (no limit) when piped."""
    if sys.stdout.isatty() or os.environ.get("COLUMNS", "").strip().isdigit():
        return shutil.get_terminal_size((120, 24)).columns
    return None


def _check_command(args: argparse.Namespace) -> int:
    from gfs_cn.cli_read import run_check

    return run_check(args, _findings_table)


def _show_command(args: argparse.Namespace) -> int:
    from gfs_cn.cli_read import run_show

    return run_show(args)


def _demo(args: argparse.Namespace) -> int:
    """Read and check the sample disclosure shipped in data/, and say what was found."""
    from gfs_cn.checks import check
    from gfs_cn.reading import coverage, read

    path = _data.sample_path(pdf=not args.text)
    if not args.text and importlib.util.find_spec("pdfplumber") is None:
        print("pdfplumber is not installed: reading the extracted-text sample (pip install 'gfs-cn[pdf]' for the PDF)")
        path = _data.sample_path()
    report = read(path)
    found = coverage(path, report)
    print(f"{path.name}: {report.department}, {report.year} {report.kind.label}, amounts in {report.money_unit.value}")
    print(f"{len(report.tables)} tables read; {found.placed} of {found.total} printed amounts placed")
    for table in report.tables:
        flag = "" if table.reliable else f"  ({table.status.value}: {'; '.join(table.doubts)})"
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
                print(f"  {row.code} {pad(row.subject.name, 32)} {amount:>14}")
    findings = check(report)
    print(f"Checks: {counts(findings)}")
    for line in _findings_table(findings, _width()):
        print(line)
    return 0


# -- the parser -----------------------------------------------------------------------------------


def _diff(args: argparse.Namespace) -> int:
    """Print the changes between two editions, one per line: year, kind, old → new, notice, date in force."""
    changes = _SCHEMES[args.scheme].changes(args.since, args.until)
    for change in changes:
        old = f"{change.old_code} {change.old_name}" if change.old_code else ""
        new = f"{change.code} {change.name}" if change.code else ""
        if change.kind.value == "renamed":
            old = f"{change.code} {change.old_name}"
        print(f"{change.year}\t{change.kind.value}\t{old}\t→\t{new}\t{change.notice}\t{change.effective}")
    if not changes:
        print(f"no recorded changes to the {args.scheme} classification between {args.since} and {args.until}")
    return 0


def _add_diff(command: Callable[..., argparse.ArgumentParser]) -> None:
    diff = command(
        "diff",
        _diff,
        "list what changed in a classification between two editions (years)",
        "gfs-cn diff 2020 2021",
        "gfs-cn diff 2017 2018 --scheme department",
    )
    diff.add_argument("since", type=int, metavar="YEAR")
    diff.add_argument("until", type=int, metavar="YEAR")
    diff.add_argument("--scheme", choices=list(_SCHEMES), default="functional")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gfs-cn",
        description="China's government finance classification (政府收支分类科目) and department disclosures.",
        epilog="examples:\n  gfs-cn demo\n  gfs-cn lookup 2101501 '210 15 01' 30101\n  gfs-cn check report.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"gfs-cn {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    _add_verbosity(parser, 0)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    verbosity = argparse.ArgumentParser(add_help=False)
    _add_verbosity(verbosity, argparse.SUPPRESS)  # given after the command too: gfs-cn read x.pdf -v

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_: str, *examples: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            parents=[verbosity],
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
    lookup.add_argument("--year", type=int, default=None, help="as of that year's edition (default: the latest held)")
    _add_diff(command)

    search = command(
        "search",
        _search,
        "find codes whose name contains TEXT, or (where none does) the nearest names",
        "gfs-cn search 医疗保障",
        "gfs-cn search 机关事业单位基本养老保险费",
    )
    search.add_argument("text", metavar="TEXT", type=_search_text)
    search.add_argument("--scheme", choices=schemes, default="auto")
    search.add_argument("--exact", action="store_true", help="names containing TEXT only, no nearest names")
    search.add_argument("--limit", type=_positive, default=10, help="nearest names shown at most (default: 10)")

    tree = command(
        "tree", _tree, "print the tree below CODE (or every 类)", "gfs-cn tree 210 --depth 2", "gfs-cn tree 501"
    )
    tree.add_argument("code", nargs="?", metavar="CODE")
    tree.add_argument("--depth", type=_positive, default=None, help="levels to show (1 or more)")
    tree.add_argument("--scheme", choices=schemes, default="auto")

    map_ = command(
        "map",
        _map,
        "map department economic codes to the government ones (两套科目对照)",
        "gfs-cn map 30101 --unit-kind agency",
        "gfs-cn map 30101 30102 30201 --unit-kind institution",
    )
    map_.add_argument("codes", nargs="+", metavar="DEPT_CODE")
    map_.add_argument(
        "--unit-kind",
        required=True,
        type=_unit_kind,
        metavar="KIND",
        help="agency (行政单位, 参公) or institution (事业单位)",
    )

    read = command(
        "read",
        _read_command,
        "read disclosures (PDF or extracted text; files, folders, globs) into JSON, CSV, JSON-lines or Parquet",
        "gfs-cn read report.pdf",
        "gfs-cn read reports/ --format csv --bom > records.csv",
        "gfs-cn read budget.part1.pdf budget.part2.pdf --year 2019",
        "gfs-cn read reports/ 'archive/**/*.pdf' --out dataset/ --format parquet --workers 4 --keep-going",
    )
    add_input_arguments(read)
    read.add_argument(
        "--format",
        choices=["json", "csv", "jsonl", "records", "parquet"],
        default="json",
        help="json: the report (one per line for several files); csv / jsonl (records): one row per amount; "
        "parquet: a dataset of the records, partitioned by year (needs --out)",
    )
    read.add_argument("--out", metavar="DIR", help="write into DIR (one file per report; a dataset for parquet), "
                      "with errors.jsonl, summary.json and datapackage.json beside, instead of stdout")  # fmt: skip
    read.add_argument("--bom", action="store_true",
                      help="start CSV with a byte-order mark (UTF-8 that Excel opens without mojibake)")  # fmt: skip
    read.add_argument("--mode", choices=["error", "overwrite", "append"], default="error",
                      help="where --out DIR holds a Parquet dataset already: refuse (default), replace it, "
                      "or add to it")  # fmt: skip
    add_rule_arguments(read)

    check_ = command(
        "check",
        _check_command,
        "check disclosures (勾稽关系, catalogue, narrative) and list the findings",
        "gfs-cn check report.pdf",
        "gfs-cn check reports/ --keep-going --disable narrative",
        "gfs-cn check reports/*.txt --format json --fail-on warning",
    )
    add_input_arguments(check_)
    check_.add_argument("--format", choices=["text", "json"], default="text")
    check_.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default="error",
        help="exit 1 when findings of this severity or worse exist (default: error)",
    )
    add_rule_arguments(check_)

    show = command(
        "show",
        _show_command,
        "show disclosures readably: what each is, its tables (page, unit, status, total), expenditure by 类",
        "gfs-cn show report.pdf",
        "gfs-cn show report.pdf --table three_public",
    )
    add_input_arguments(show)
    show.add_argument("--table", metavar="KIND", type=_table_kind, default=None,
                      help="one table in full: its kind (expenditure, three_public …) or Chinese name")  # fmt: skip
    add_rule_arguments(show)

    demo = command(
        "demo",
        _demo,
        "read and check the sample disclosure shipped with gfs_cn (a published PDF; --text: an extracted text)",
        "gfs-cn demo",
        "gfs-cn demo --text",
    )
    demo.add_argument("--text", action="store_true", help="read the sample of extracted text instead of the PDF")
    return parser


def _add_verbosity(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("-v", "--verbose", action="count", default=default,
                        help="say more: -v what the reader inferred (reading notes), -vv everything")  # fmt: skip
    parser.add_argument("-q", "--quiet", action="count", default=default,
                        help="say less: no warnings, no summary line, no progress bar")  # fmt: skip


def _table_kind(text: str) -> str:
    from gfs_cn.tables.report import _table_kind as parse

    try:
        return parse(text).value
    except GfsError as err:
        from gfs_cn.fuzzy import closest
        from gfs_cn.tables import TableKind

        near = closest(text, [k.value for k in TableKind] + [k.label for k in TableKind])
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        raise argparse.ArgumentTypeError(f"{err}{hint}") from None


def _search_text(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("give some text to search for (a blank would list every code)")
    return text


def _unit_kind(text: str) -> economic.UnitKind:
    try:
        return economic.UnitKind.parse(text)
    except GfsError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of levels: give 1 or more")
    return number


def _tolerant_output() -> None:
    """Output that cannot crash on a terminal whose encoding lacks Chinese (PYTHONIOENCODING=cp1252):
    characters it cannot show become ``?``."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


class _TqdmHandler(logging.Handler):
    """Log messages on stderr as ``gfs-cn: …`` lines, written above a progress bar (``tqdm.write``)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            from tqdm import tqdm

            tqdm.write(self.format(record), file=sys.stderr)
        except Exception:  # pragma: no cover - logging must never raise
            self.handleError(record)


@contextlib.contextmanager
def _logging(verbose: int, quiet: int) -> Iterator[None]:
    """The ``gfs_cn`` logger on stderr for one run: warnings, ``-v`` info (reading notes), ``-vv`` debug,
    ``-q`` errors only."""
    logger = logging.getLogger("gfs_cn")
    level = min(max(logging.WARNING - 10 * verbose + 10 * quiet, logging.DEBUG), logging.CRITICAL)
    handler = _TqdmHandler(level)
    handler.setFormatter(logging.Formatter("gfs-cn: %(message)s"))
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    _tolerant_output()
    args = _parser().parse_args(argv)
    try:
        with _logging(args.verbose, args.quiet):
            return int(args.handler(args))
    except BrokenPipeError:  # pragma: no cover - output piped into head
        return EXIT_OK
    except (GfsError, OSError) as err:
        if args.debug:
            raise
        print(f"gfs-cn: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as err:  # a bug in gfs_cn: one line, its own exit code, the traceback on request
        if args.debug:
            raise
        message = f"{type(err).__name__}: {err}".splitlines()[0] if str(err) else type(err).__name__
        print(f"gfs-cn: internal error: {message} (run with --debug for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL
