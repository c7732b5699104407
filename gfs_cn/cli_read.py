"""``gfs-cn read``: files, folders and globs of disclosures → JSON, CSV, JSON lines or a Parquet dataset.

Reports are read in worker processes (:func:`gfs_cn.batch.map_reports`), each worker also flattening
its report into records, measuring how many printed amounts were placed and running the checks, so
only the results cross back. Output is written one report at a time, as results arrive in input
order: memory stays flat over thousands of files.

With ``--out DIR``: one file per report (``json``, ``csv``, ``jsonl``) named after its source —
``report.csv``, then ``report-2.csv`` for a second source of the same name, never one over another —
or, for ``parquet``, a dataset ``DIR/records/year=…/`` (refused if one is there already); and
``DIR/errors.jsonl`` (every source that failed, with the reason) and ``DIR/summary.json``.
"""

from __future__ import annotations

import argparse
import csv
import functools
import glob
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, TextIO

import attrs

from gfs_cn.batch import ReadFailure, map_reports
from gfs_cn.errors import GfsError
from gfs_cn.records import Record, to_records
from gfs_cn.tables.report import Report

__all__ = ["expand", "run"]

_READABLE: Final = (".pdf", ".txt")
"""What a folder given to ``gfs-cn read`` is searched for (recursively)."""
_SUFFIX: Final = {"json": ".json", "csv": ".csv", "jsonl": ".jsonl", "records": ".jsonl"}
_SEVERITIES: Final = ("error", "warning", "incomplete", "rounding", "note")


@attrs.frozen(slots=True)
class _Done:
    """What a worker sends back for one report: what the output needs, and the figures of the summary."""

    source: str
    report: Report | None
    """The report itself, for ``--format json`` only."""
    records: list[Record]
    tables: int
    placed: int | None
    printed: int | None
    findings: dict[str, int]


def _work(fmt: str, report: Report) -> _Done:
    """In a worker: records, coverage and findings of one report."""
    from gfs_cn.checks import check
    from gfs_cn.reading import coverage

    source = report.source or ""
    placed = printed = None
    try:
        found = coverage(source, report)
        placed, printed = found.placed, found.total
    except (GfsError, OSError, UnicodeDecodeError):
        pass  # a source coverage cannot re-read (a PDF, for now): the summary says “not measured”
    counts: dict[str, int] = {}
    for finding in check(report):
        counts[finding.severity.value] = counts.get(finding.severity.value, 0) + 1
    return _Done(
        source=source,
        report=report if fmt == "json" else None,
        records=[] if fmt == "json" else to_records(report),
        tables=len(report.tables),
        placed=placed,
        printed=printed,
        findings=counts,
    )


def expand(arguments: Iterable[str]) -> list[str]:
    """Files as given, folders as their ``.pdf`` and ``.txt`` files (recursively, sorted), globs as
    their matches (sorted; ``**`` for any depth). A glob that matches nothing stays as it is, to fail
    as a missing file; a file named twice is read once.

    >>> expand(["no-such-file.txt"])
    ['no-such-file.txt']
    """
    paths: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in _READABLE and p.is_file())
            paths.extend(str(p) for p in found)
        elif not path.exists() and glob.has_magic(argument):
            paths.extend(sorted(glob.glob(argument, recursive=True)) or [argument])
        else:
            paths.append(argument)
    return list(dict.fromkeys(paths))


class _Names:
    """Output file names that never collide: a source's stem, then ``stem-2``, ``stem-3`` …"""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, source: str, suffix: str) -> str:
        stem = Path(source).stem or "report"
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


def _bar(total: int) -> Any:
    """A tqdm progress bar on stderr when it is a terminal and there is more than one file, else ``None``."""
    if total < 2 or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # the bar is optional: pip install 'gfs-cn[progress]'
        return None
    return tqdm(total=total, unit="report", file=sys.stderr, dynamic_ncols=True, leave=False)


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
        share = f" ({self.placed / self.printed:.1%})" if self.printed else ""
        unmeasured = f", {self.unmeasured} reports not measured" if self.unmeasured else ""
        findings = ", ".join(f"{self.findings[s]} {s}" for s in _SEVERITIES if self.findings.get(s)) or "none"
        return (
            f"{self.read} reports read, {self.failed} failed; {self.tables} tables; "
            f"{self.placed:,} of {self.printed:,} printed amounts placed{share}{unmeasured}; findings: {findings}"
        )


def run(args: argparse.Namespace) -> int:
    """The ``read`` command: see the module's docstring."""
    fmt = "jsonl" if args.format == "records" else args.format
    paths = expand(args.files)
    out = Path(args.out) if args.out else None
    if fmt == "parquet" and out is None:
        raise GfsError("--format parquet writes a dataset into a folder: give one with --out DIR")
    dataset = None if out is None else out / "records"
    if fmt == "parquet" and dataset is not None and any(dataset.rglob("*.parquet")):
        raise GfsError(f"{dataset} already holds a dataset: choose another --out, or remove it first")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    workers = args.workers
    if workers is None:
        workers = 0 if len(paths) < 2 else min(os.cpu_count() or 1, len(paths))

    summary = _Summary()
    failures: list[ReadFailure] = []
    bar = _bar(len(paths))
    results = map_reports(functools.partial(_work, fmt), paths, workers=workers)
    stopped = False

    def reports() -> Iterator[_Done]:
        nonlocal stopped
        for result in results:
            if bar is not None:
                bar.update()
                bar.set_postfix_str(Path(result.source).name[:40])
            if isinstance(result, ReadFailure):
                summary.failed += 1
                failures.append(result)
                if not args.keep_going:
                    stopped = True
                    return
                if out is None:
                    print(f"gfs-cn: {result.source}: {result.message}", file=sys.stderr)
                continue
            summary.add(result)
            yield result

    try:
        if fmt == "parquet":
            assert dataset is not None
            from gfs_cn.arrow import to_parquet

            to_parquet((record for done in reports() for record in done.records), dataset)
        else:
            _write(reports(), fmt, out, len(paths))
    finally:
        if bar is not None:
            bar.close()
    if out is not None:
        with (out / "errors.jsonl").open("w", encoding="utf-8") as errors:
            for failure in failures:
                print(json.dumps(failure.as_dict(), ensure_ascii=False), file=errors)
        (out / "summary.json").write_text(json.dumps(summary.as_dict(), indent=1) + "\n", encoding="utf-8")
    if stopped:
        failure = failures[-1]
        rest = "" if len(paths) == 1 else " (stopped; --keep-going reads the rest)"
        raise GfsError(f"{failure.source}: {failure.message}{rest}")
    if out is not None:
        print(summary.line())
    elif failures or sys.stderr.isatty():
        print(summary.line(), file=sys.stderr)
    return 1 if failures else 0


def _write(results: Iterable[_Done], fmt: str, out: Path | None, count: int) -> None:
    """Per-report files into ``out``, or everything on stdout."""
    from gfs_cn.serialize import to_json

    names = _Names()
    first = True
    for done in results:
        if out is not None:
            target = out / names(done.source, _SUFFIX[fmt])
            with target.open("w", encoding="utf-8", newline="") as handle:
                if fmt == "json":
                    assert done.report is not None
                    handle.write(to_json(done.report, indent=1) + "\n")
                else:
                    _write_records(done.records, handle, fmt, header=True)
        elif fmt == "json":
            assert done.report is not None
            # One document for one file; one document per line (JSON Lines) for several.
            print(to_json(done.report, indent=1 if count == 1 else None))
        else:
            _write_records(done.records, sys.stdout, fmt, header=first)
        first = False
