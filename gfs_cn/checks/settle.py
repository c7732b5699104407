"""After the rules ran: each finding placed on its page, reading doubts kept as reading doubts, one finding
per place.

A rule blames the publisher; it may only do so where the reader vouches for what it read. A finding on
a table the reader marks doubtful or incomplete (``Table.status``) is ``incomplete`` and says the
reader's reasons (``Table.doubts``). So is a finding on a table that fails so many of its own
identities that a misread (a column or row shifted) is likelier than the publisher's errors: at least
:data:`DOUBTFUL_ROWS` of its rows, and :data:`DOUBTFUL_SHARE` of them, fail a sum, a roll-up or a name
(a wrong printed cell breaks at most its row, its 款, its 类 and the 合计: four rows).

The same difference found in several columns of one row (本年收入 and 财政拨款 printing the same
figures) is one finding naming the columns, and every finding with a line gets the page that line is on.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from gfs_cn.checks.findings import Finding, Severity
from gfs_cn.tables.report import Report

__all__ = ["DOUBTFUL_ROWS", "DOUBTFUL_SHARE", "settle"]

DOUBTFUL_ROWS: Final = 5
"""Rows of one table failing an identity from which its reading is in doubt (with :data:`DOUBTFUL_SHARE`)."""
DOUBTFUL_SHARE: Final = Decimal("0.3")
"""Share of a table's rows failing an identity from which its reading is in doubt (with :data:`DOUBTFUL_ROWS`)."""

# Rules on one table's own figures and names: many of their failures in one table point at the reading.
_WITHIN: Final = frozenset(
    {"column.sums", "rollup.codes", "rollup.total", "rollup.units", "catalogue.name", "catalogue.parent"}
)
_TABLE_PATH: Final = re.compile(r"^\$\.tables\[(\d+)\]")
_BLAMING: Final = (Severity.ERROR, Severity.WARNING, Severity.INCOMPLETE)


class _Places:
    """Which tables a finding touches, and the page of a line."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.ranges = [
            (n, t.kind.value, t.first_line, t.last_line or t.first_line)
            for n, t in enumerate(report.tables)
            if t.first_line is not None
        ]
        anchors: dict[int, int] = {}
        for table in report.tables:
            for line, page in ((table.first_line, table.first_page), (table.last_line, table.last_page)):
                if line is not None and page is not None:
                    anchors.setdefault(line, page)
            for row in table.rows:
                line, page = getattr(row, "line", None), getattr(row, "page", None)
                if line is not None and page is not None:
                    anchors.setdefault(line, page)
        for section in report.narrative:
            page = getattr(section, "first_page", None)  # a report built before sections had pages
            if section.first_line is not None and page is not None:
                anchors.setdefault(section.first_line, page)
            for line, page in zip(getattr(section, "lines", ()), getattr(section, "pages", ()), strict=False):
                anchors.setdefault(line, page)
        for unplaced in report.unplaced:
            if unplaced.page is not None:
                anchors.setdefault(unplaced.first_line, unplaced.page)
        for note in report.reading_notes:
            if note.line and note.page is not None:
                anchors.setdefault(note.line, note.page)
        self.lines = sorted(anchors)
        self.pages = [anchors[line] for line in self.lines]

    def page(self, line: int) -> int | None:
        """The page ``line`` is on: known where the nearest known lines before and after it share a page."""
        at = bisect.bisect_left(self.lines, line)
        if at < len(self.lines) and self.lines[at] == line:
            return self.pages[at]
        if 0 < at < len(self.lines) and self.pages[at - 1] == self.pages[at]:
            return self.pages[at]
        return None

    def in_table(self, line: int) -> bool:
        return any(first <= line <= last for _, _, first, last in self.ranges)

    def tables(self, finding: Finding) -> set[int]:
        """Indexes of the tables a finding reads: by its JSON paths, else its line, else its table kinds."""
        found = {int(m.group(1)) for p in finding.paths if (m := _TABLE_PATH.match(p))}
        if found:
            return found
        if finding.line is not None:
            found = {
                n
                for n, kind, first, last in self.ranges
                if first <= finding.line <= last and (not finding.tables or kind in finding.tables)
            }
            if found:
                return found
        return {n for n, t in enumerate(self.report.tables) if t.kind.value in finding.tables}


def _reader_doubts(report: Report) -> dict[int, str]:
    doubts: dict[int, str] = {}
    for n, table in enumerate(report.tables):
        if table.reliable:
            continue
        reasons = "; ".join(table.doubts) or "no reason given"
        name = table.title or table.kind.label
        doubts[n] = f"the reader marks {name} {table.status.value}: {reasons}"
    return doubts


def _failing_tables(report: Report, findings: Sequence[Finding], places: _Places) -> dict[int, str]:
    """Tables whose own identities fail on so many rows that the reading, not the publisher, is in doubt."""
    failing: dict[int, set[Any]] = {}
    for finding in findings:
        if finding.rule not in _WITHIN or finding.severity is not Severity.ERROR:
            continue
        for n in places.tables(finding):
            failing.setdefault(n, set()).add(finding.line if finding.line is not None else finding.row)
    doubts: dict[int, str] = {}
    for n, rows in failing.items():
        table = report.tables[n]
        items = sum(1 for r in table.rows if any(v is not None for v in getattr(r, "amounts", {}).values()))
        if len(rows) >= DOUBTFUL_ROWS and len(rows) >= DOUBTFUL_SHARE * max(items, 1):
            doubts[n] = (
                f"{len(rows)} of the {items} rows of {table.title or table.kind.label} with amounts fail a sum, "
                "roll-up or name: a column or row misread is likelier than that many errors of the publisher's"
            )
    return doubts


def settle(report: Report, findings: Iterable[Finding]) -> list[Finding]:
    """The findings of a run, each on its page, reading doubts made ``incomplete`` with their reasons,
    and one finding where several columns of a row show the same difference."""
    found = list(findings)
    places = _Places(report)
    doubts = _reader_doubts(report)
    for n, reason in _failing_tables(report, found, places).items():
        doubts.setdefault(n, reason)
    settled: list[Finding] = []
    for finding in found:
        finding = _placed(finding, places)
        reasons = sorted({doubts[n] for n in places.tables(finding) if n in doubts}) if doubts else []
        if reasons:
            if finding.rule == "explain.cells":
                continue  # no cell of a doubtful reading explains anything
            if finding.severity in _BLAMING:
                said = "; ".join(r for r in reasons if r not in finding.message)
                message = finding.message + (f" — no verdict: {said}" if said else "")
                finding = attrs.evolve(finding, severity=Severity.INCOMPLETE, message=message)
        settled.append(finding)
    return _merged(settled)


def _placed(finding: Finding, places: _Places) -> Finding:
    """The finding with the page of its line (a narrative line's own page, not the page of the table
    figure it was compared with)."""
    if finding.line is None:
        return finding
    page = places.page(finding.line)
    if page is None and not places.in_table(finding.line):
        return finding if finding.page is None else attrs.evolve(finding, page=None)
    if page is None or page == finding.page:
        return finding
    return attrs.evolve(finding, page=page)


def _merged(findings: Sequence[Finding]) -> list[Finding]:
    """One finding for the same difference in several columns of one row (the columns named together)."""
    groups: dict[tuple[Any, ...], list[Finding]] = {}
    order: list[tuple[Any, ...]] = []
    for n, finding in enumerate(findings):
        if finding.column is None or finding.difference is None:
            key: tuple[Any, ...] = (n,)
        else:
            key = (
                finding.rule,
                finding.severity,
                finding.tables,
                finding.row,
                finding.line,
                finding.page,
                finding.expected,
                finding.actual,
            )
        if key not in groups:
            order.append(key)
        groups.setdefault(key, []).append(finding)
    merged: list[Finding] = []
    for key in order:
        first, *others = groups[key]
        if others and first.column is not None:
            labels = ", ".join(dict.fromkeys(f.column.label for f in groups[key] if f.column is not None))
            message = first.message.replace(f"[{first.column.label}] ", f"[{labels}] ", 1)
            paths = tuple(dict.fromkeys(p for f in groups[key] for p in f.paths))
            first = attrs.evolve(first, message=message, paths=paths)
        merged.append(first)
    return merged
