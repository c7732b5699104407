"""The report commands of ``gfs-cn`` — ``read``, ``check`` and ``show`` — over one input model.

Each takes files, folders, globs and ``@lists`` (:mod:`gfs_cn.inputs`), the parts of one report grouped
(``….part1.pdf``, ``….part2.pdf``, or ``--parts``); ``--year/--kind/--department/--unit`` override what
the reader finds; ``--workers N`` reads in worker processes (:func:`gfs_cn.batch.map_reports`), each
worker also flattening its report into records, measuring how many printed amounts were placed and
running the checks (``--only/--disable``), so only the results cross back. Results are written one
report at a time, in input order: memory stays flat over thousands of files.

A file that cannot be read stops the command (exit status 2) unless ``--keep-going`` is given: then
every other file is done, each failure is said (a warning on stderr, or ``DIR/errors.jsonl``), and the
exit status is 1. On a terminal a progress bar shows (tqdm), and log messages are written above it.
Every command ends with the same summary line (on stderr; on stdout when ``read --out`` writes files).

``read --out DIR`` writes one file per report (``json``, ``csv``, ``jsonl``) named after its source —
``report.csv``, then ``report-2.csv`` for a second source of the same name, never one over another —
or, for ``parquet``, a dataset ``DIR/records/year=…/`` (``--mode error|overwrite|append`` when one is
there already); beside the data, never inside it: ``DIR/errors.jsonl`` (every source that failed, with
the reason), ``DIR/summary.json`` and, for CSV and Parquet, ``DIR/datapackage.json`` (a Table Schema).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

import attrs

from gfs_cn import inputs
from gfs_cn.batch import ReadFailure, _unrepeated, map_reports
from gfs_cn.checks.findings import Severity
from gfs_cn.errors import GfsError
from gfs_cn.inputs import expand
from gfs_cn.records import Record, datapackage, to_records
from gfs_cn.terminal import counts, cut

if TYPE_CHECKING:
    from gfs_cn.checks import CheckResult
    from gfs_cn.tables.report import Report

__all__ = ["add_input_arguments", "add_rule_arguments", "expand", "read_options", "rule_options", "run"]

_SUFFIX: Final = {"json": ".json", "csv": ".csv", "jsonl": ".jsonl", "records": ".jsonl"}
_SEVERITIES: Final = tuple(s.value for s in Severity)
_log = logging.getLogger("gfs_cn.cli")


# -- the input model: arguments every report command shares --------------------------------------


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of every report command: what to read, and how."""
    parser.add_argument("files", nargs="+", metavar="FILE_DIR_GLOB_OR_@LIST")
    group = parser.add_argument_group("input")
    group.add_argument("--parts", action="store_true",
                       help="the files given are the parts of one report, in order (files named "
                       "….part1.pdf, ….part2.pdf are grouped without it)")  # fmt: skip
    group.add_argument("--year", type=int, default=None, help="the fiscal year, where the report does not say it")
    group.add_argument("--kind", choices=["budget", "final_account", "预算", "决算"], default=None,
                       help="budget (部门预算) or final_account (部门决算), where the title does not say")  # fmt: skip
    group.add_argument("--department", default=None, help="the department's name, where the report does not say it")
    group.add_argument("--unit", default=None, help="the money unit (元, 万元), where a table prints none")
    group.add_argument("--workers", type=int, default=None, metavar="N",
                       help="worker processes (default: one per CPU for several reports; 0: none)")  # fmt: skip
    group.add_argument("--keep-going", action="store_true",
                       help="go on past files that cannot be read, listing them (exit status 1)")  # fmt: skip


def add_rule_arguments(parser: argparse.ArgumentParser) -> None:
    """``--only`` and ``--disable``: which check rules run (ids, or families such as ``narrative``)."""
    group = parser.add_argument_group("checks")
    group.add_argument("--only", action="append", default=None, metavar="RULES",
                       help="run only these rules: ids or families, comma-separated or repeated "
                       "(e.g. --only column.sums,rollup)")  # fmt: skip
    group.add_argument("--disable", action="append", default=None, metavar="RULES",
                       help="skip these rules (ids or families, e.g. --disable narrative)")  # fmt: skip


def read_options(args: argparse.Namespace) -> dict[str, Any]:
    """The options the arguments give :func:`gfs_cn.read` (``year``, ``kind``, ``department``, ``unit``)."""
    kinds = {"预算": "budget", "决算": "final_account"}
    options = {
        "year": args.year,
        "kind": kinds.get(args.kind, args.kind),
        "department": args.department,
        "unit": args.unit,
    }
    return {key: value for key, value in options.items() if value is not None}


def rule_options(args: argparse.Namespace) -> dict[str, Any]:
    """``only`` and ``disable`` for :func:`gfs_cn.check`: rule ids, families expanded; an unknown one refused.

    >>> rule_options(argparse.Namespace(only=["column.sums"], disable=None))
    {'only': ['column.sums']}
    """
    options: dict[str, Any] = {}
    for name in ("only", "disable"):
        given = getattr(args, name, None)
        if given:
            options[name] = _rule_ids([part.strip() for text in given for part in text.split(",") if part.strip()])
    return options


def _rule_ids(names: Sequence[str]) -> list[str]:
    from gfs_cn.checks.registry import rules

    ids = [rule.id for rule in rules()]
    out: list[str] = []
    for name in names:
        found = [i for i in ids if i == name or i.startswith(name + ".")]
        if not found:
            from gfs_cn.fuzzy import closest

            near = closest(name, ids)
            hint = f"; did you mean {' or '.join(near)}?" if near else ""
            raise GfsError(f"{name!r} is not a check rule or family of rules{hint} (the rules: docs/checks.md)")
        out.extend(found)
    return list(dict.fromkeys(out))


# -- what a worker does with one report -------------------------------------------------------------


@attrs.frozen(slots=True)
class _Done:
    """What a worker sends back for one report: what the output needs, and the figures of the summary."""

    source: str
    report: Report | None
    """The report itself, where the command needs it whole (``read --format json``, ``show``)."""
    records: list[Record]
    tables: int
    placed: int | None
    printed: int | None
    findings: dict[str, int]
    checked: CheckResult | None
    department: str
    year: int
    heading: str
    """Department, year and kind of the report, for a line of output."""


@attrs.frozen(slots=True)
class _Work:
    """What to make of each report in a worker (picklable, so it can be sent to one)."""

    keep_report: bool = False
    records: bool = False
    measure: bool = True
    checks: dict[str, Any] = attrs.field(factory=dict)

    def __call__(self, report: Report) -> _Done:
        from gfs_cn.checks import check

        source = report.source or ""
        placed = printed = None
        if self.measure:
            placed, printed = _coverage(source, report)
        result = check(report, **self.checks)
        counts: dict[str, int] = {}
        for finding in result:
            counts[finding.severity.value] = counts.get(finding.severity.value, 0) + 1
        return _Done(
            source=source,
            report=report if self.keep_report else None,
            records=to_records(report) if self.records else [],
            tables=len(report.tables),
            placed=placed,
            printed=printed,
            findings=counts,
            checked=result,
            department=report.department,
            year=report.year,
            heading=f"{report.department} {report.year} {report.kind.label}",
        )


def _coverage(source: str, report: Report) -> tuple[int | None, int | None]:
    """Printed amounts placed, and printed, where the source can be read again."""
    from gfs_cn.reading import coverage

    parts = source.split(" + ")
    try:
        found = coverage(parts if len(parts) > 1 else source, report)
    except (GfsError, OSError, UnicodeDecodeError):
        return None, None  # a source coverage cannot re-read: the summary says “not measured”
    return found.placed, found.total


# -- running a command over its sources ---------------------------------------------------------------


@attrs.define
class _Summary:
    read: int = 0
    failed: int = 0
    tables: int = 0
    placed: int = 0
    printed: int = 0
    unmeasured: int = 0
    findings: dict[str, int] = attrs.field(factory=dict)

    def add(self, done: _Done) -> None:
        self.read += 1
        self.tables += done.tables
        if done.placed is None or done.printed is None:
            self.unmeasured += 1
        else:
            self.placed += done.placed
            self.printed += done.printed
        for severity, n in done.findings.items():
            self.findings[severity] = self.findings.get(severity, 0) + n

    def as_dict(self) -> dict[str, Any]:
        return {
            "reports_read": self.read,
            "reports_failed": self.failed,
            "tables": self.tables,
            "amounts_placed": self.placed,
            "amounts_printed": self.printed,
            "reports_not_measured": self.unmeasured,
            "findings": {s: self.findings.get(s, 0) for s in _SEVERITIES},
        }

    def line(self) -> str:
        """The summary every report command ends with: reports, tables, amounts placed, findings."""
        findings = ", ".join(f"{self.findings[s]} {s}" for s in _SEVERITIES if self.findings.get(s)) or "none"
        placed = ""
        if self.unmeasured < self.read:
            share = f" ({self.placed / self.printed:.1%})" if self.printed else ""
            unmeasured = f", {self.unmeasured} reports not measured" if self.unmeasured else ""
            placed = f"{self.placed:,} of {self.printed:,} printed amounts placed{share}{unmeasured}; "
        return f"{self.read} reports read, {self.failed} failed; {self.tables} tables; {placed}findings: {findings}"


def _bar(total: int, quiet: bool) -> Any:
    """A tqdm progress bar on stderr when it is a terminal and there is more than one report, else ``None``."""
    if total < 2 or quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="report", file=sys.stderr, dynamic_ncols=True, leave=False)


class _Run:
    """The sources of a command read (in workers) into :class:`_Done`, failures counted and said."""

    def __init__(self, args: argparse.Namespace, work: _Work) -> None:
        self.sources = inputs.sources(args.files, parts=args.parts)
        if not self.sources:
            raise GfsError("no reports to read: the folders and globs given hold no .pdf or .txt file")
        self.keep_going: bool = args.keep_going
        self.quiet = getattr(args, "quiet", 0) > 0
        self.summary = _Summary()
        self.failures: list[ReadFailure] = []
        self.stopped = False
        workers = args.workers
        if workers is None:
            workers = 0 if len(self.sources) < 2 else min(os.cpu_count() or 1, len(self.sources))
        self.workers = workers
        self.work = work
        self.options = read_options(args)

    def __iter__(self) -> Iterator[_Done]:
        bar = _bar(len(self.sources), self.quiet)
        try:
            jobs = {inputs.name(source): source for source in self.sources}
            for result in map_reports(self.work, jobs, workers=self.workers, **self.options):
                if bar is not None:
                    bar.update()
                    bar.set_postfix_str(Path(result.source.split(" + ")[0]).name[:40])
                if isinstance(result, ReadFailure):
                    self.summary.failed += 1
                    self.failures.append(result)
                    if not self.keep_going:
                        self.stopped = True
                        return
                    _log.warning("%s: %s", result.source, _unrepeated(result.message, result.source))
                    continue
                self.summary.add(result)
                yield result
        finally:
            if bar is not None:
                bar.close()

    def finish(self, out: Path | None = None, *, stdout: bool = False) -> int:
        """Write the errors and the summary into ``out``, raise the error that stopped the run, print the
        summary line (on stdout with ``stdout``, else on stderr), and return the exit status."""
        if out is not None:
            with (out / "errors.jsonl").open("w", encoding="utf-8") as errors:
                for failure in self.failures:
                    print(json.dumps(failure.as_dict(), ensure_ascii=False), file=errors)
            summary = json.dumps(self.summary.as_dict(), indent=1) + "\n"
            (out / "summary.json").write_text(summary, encoding="utf-8")
        if self.stopped:
            failure = self.failures[-1]
            rest = "" if len(self.sources) == 1 else " (stopped; --keep-going reads the rest)"
            raise GfsError(f"{failure.source}: {_unrepeated(failure.message, failure.source)}{rest}")
        if stdout:
            print(self.summary.line())
        elif not self.quiet and (self.failures or sys.stderr.isatty()):
            _write_err(self.summary.line())
        return 1 if self.failures else 0


def _write_err(line: str) -> None:
    """A line on stderr, above a progress bar if one is drawn."""
    from tqdm import tqdm

    tqdm.write(line, file=sys.stderr)


# -- read ---------------------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    """The ``read`` command: see the module's docstring."""
    fmt = "jsonl" if args.format == "records" else args.format
    out = Path(args.out) if args.out else None
    if fmt == "parquet" and out is None:
        raise GfsError("--format parquet writes a dataset into a folder: give one with --out DIR")
    if args.bom and fmt != "csv":
        raise GfsError("--bom is for --format csv (a byte-order mark, for Excel)")
    dataset = None if out is None else out / "records"
    if fmt == "parquet" and dataset is not None and args.mode == "error" and any(dataset.rglob("*.parquet")):
        raise GfsError(f"{dataset} already holds a dataset: choose another --out, or give --mode overwrite or append")
    work = _Work(keep_report=fmt == "json", records=fmt != "json", checks=rule_options(args))
    batch = _Run(args, work)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    encoding = "utf-8-sig" if args.bom else "utf-8"
    if fmt == "parquet":
        assert dataset is not None
        from gfs_cn.arrow import to_parquet

        to_parquet((record for done in batch for record in done.records), dataset, mode=args.mode)
        if out is not None:
            _write_datapackage(out, [("records", "parquet")])
    else:
        written = _write(batch, fmt, out, len(batch.sources), encoding)
        if out is not None and fmt == "csv":
            _write_datapackage(out, [(name, "csv") for name in written], encoding=encoding)
    return batch.finish(out, stdout=out is not None)


def _write_datapackage(out: Path, resources: Sequence[tuple[str, str]], encoding: str = "utf-8") -> None:
    package = datapackage(resources, encoding=encoding)
    (out / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


class _Names:
    """Output file names that never collide: a source's stem, then ``stem-2``, ``stem-3`` …"""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, source: str, suffix: str) -> str:
        stem = inputs.stem(source)
        name, n = stem, 1
        while name.casefold() in self.used:
            n += 1
            name = f"{stem}-{n}"
        self.used.add(name.casefold())
        return name + suffix


def _write_records(records: Sequence[Record], out: TextIO, fmt: str, header: bool) -> None:
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        if header:
            writer.writerow(Record._fields)
        writer.writerows([("" if v is None else str(v)) for v in record] for record in records)
    else:  # JSON lines: one object per record
        for record in records:
            print(json.dumps({k: _plain(v) for k, v in record._asdict().items()}, ensure_ascii=False), file=out)


def _plain(value: object) -> object:
    return value if value is None or isinstance(value, (str, int, bool)) else str(value)


def _write(results: Iterable[_Done], fmt: str, out: Path | None, count: int, encoding: str) -> list[str]:
    """Per-report files into ``out`` (their names returned), or everything on stdout."""
    from gfs_cn.serialize import to_json

    names = _Names()
    written: list[str] = []
    first = True
    for done in results:
        if out is not None:
            name = names(done.source, _SUFFIX[fmt])
            with (out / name).open("w", encoding=encoding, newline="") as handle:
                if fmt == "json":
                    assert done.report is not None
                    handle.write(to_json(done.report, indent=1) + "\n")
                else:
                    _write_records(done.records, handle, fmt, header=True)
            written.append(name)
        elif fmt == "json":
            assert done.report is not None
            # One document for one file; one document per line (JSON Lines) for several.
            print(to_json(done.report, indent=1 if count == 1 else None))
        else:
            if first and encoding == "utf-8-sig":
                sys.stdout.write("\ufeff")
            _write_records(done.records, sys.stdout, fmt, header=first)
        first = False
    return written


# -- check ------------------------------------------------------------------------------------------------


def run_check(args: argparse.Namespace, findings_table: Callable[[CheckResult, int | None], Iterator[str]]) -> int:
    """The ``check`` command: the findings of each report, worst first; exit 1 at ``--fail-on``."""
    from gfs_cn.serialize import findings_to_dicts

    threshold = _SEVERITIES.index(args.fail_on)
    batch = _Run(args, _Work(measure=False, checks=rule_options(args)))
    width = _width()
    failing = False
    for done in batch:
        result = done.checked
        assert result is not None
        failing |= any(_SEVERITIES.index(f.severity.value) <= threshold for f in result)
        if args.format == "json":
            data = {"file": done.source, "department": done.department, "year": done.year}
            print(json.dumps({**data, "findings": findings_to_dicts(result), **result.to_dict()}, ensure_ascii=False))
            continue
        print(f"{done.source}: {done.heading} — {counts(result)}")
        summary = f"  {result.summary()}"
        print(summary if width is None else _cut(summary, width))
        for line in findings_table(result, width):
            print(line)
    if args.format == "json":
        for failure in batch.failures:
            print(json.dumps({"file": failure.source, "error": failure.message}, ensure_ascii=False))
    status = batch.finish()
    return 1 if failing else status


def _width() -> int | None:
    """Columns to fit output to: the terminal's, or $COLUMNS; ``None`` (no limit) when piped."""
    import shutil

    if sys.stdout.isatty() or os.environ.get("COLUMNS", "").strip().isdigit():
        return shutil.get_terminal_size((120, 24)).columns
    return None


def _cut(text: str, width: int) -> str:
    return cut(text, width)


# -- show ---------------------------------------------------------------------------------------------------


def run_show(args: argparse.Namespace) -> int:
    """The ``show`` command: each report readable in the terminal, or one of its tables in full."""
    from gfs_cn.terminal import report_text, table_text

    batch = _Run(args, _Work(keep_report=True, checks=rule_options(args)))
    width = _width()
    first = True
    for done in batch:
        report = done.report
        assert report is not None
        if not first:
            print()
        first = False
        if args.table:
            tables = report.tables_of(args.table)
            if not tables:
                raise GfsError(f"{done.source}: the report prints no {args.table} table (it has: "
                               f"{', '.join(k.value for k in report.kinds) or 'none'})")  # fmt: skip
            for table in tables:
                print(table_text(table, width=width))
            continue
        print(report_text(report, placed=(done.placed, done.printed), checked=done.checked, width=width))
    return batch.finish()
