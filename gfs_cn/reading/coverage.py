"""Every amount a document prints in a table grid or a tab-separated line, and where it went.

An *amount token* is a cell that prints an amount (decimals or thousands separators:
``0.00``, ``2,311.07``); bare integers — 行次, codes, years, counts — are not amounts. Every
such token on every grid line of the document is counted, whether or not the reader found a
table there — so a report that misses whole tables cannot score 100%. Each token is

- *placed*: a row read from its line holds its value (in the table's printed unit); or it lies
  in a performance-target table, whose figures are kept with the indicators;
- *reported*: its line lies in a block of ``report.unplaced``, which says why;
- *lost*: neither — a defect of the reader, listed with its line.

>>> from gfs_cn.reading import read_text
>>> text = "支出总表\\n部门名称：某局\\n科目编码\\t科目名称\\t合计\\n2101501\\t行政运行\\t1,054.47\\n"
>>> coverage(text, read_text(text, year=2024))
Coverage(placed=1, total=1, unplaced=(), reported=0, typed=1)
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from gfs_cn.errors import GfsError
from gfs_cn.money import parse_decimal
from gfs_cn.reading.model import Line
from gfs_cn.tables.kinds import TableKind
from gfs_cn.tables.models import Table, _PerformanceTable
from gfs_cn.tables.report import Report

__all__ = ["Coverage", "UnplacedToken", "coverage"]


@attrs.frozen(slots=True)
class UnplacedToken:
    """An amount printed in a grid that the report neither holds nor reports."""

    line: int
    text: str
    page: int | None = None


@attrs.frozen(slots=True)
class Coverage:
    """How many amount tokens of the document's grids were placed, reported, or lost."""

    placed: int
    total: int
    unplaced: tuple[UnplacedToken, ...]
    """The lost tokens: neither placed nor in ``report.unplaced``."""
    reported: int = 0
    """Tokens on lines the report lists in ``report.unplaced``, with the reason."""
    typed: int = 0
    """Of the placed tokens, those in tables of a standard kind (not the generic kind)."""

    @property
    def ratio(self) -> float:
        """``placed / total`` (1.0 for a document with no amounts). For display only."""
        return self.placed / self.total if self.total else 1.0

    @property
    def accounted(self) -> int:
        """Tokens placed or reported: everything but the lost."""
        return self.placed + self.reported


def _held_by_line(report: Report) -> tuple[dict[int, collections.Counter[Decimal]], set[int], set[int]]:
    """Printed values held per line (in each table's unit), the lines of generic tables, and
    the lines inside performance-target tables."""
    held: dict[int, collections.Counter[Decimal]] = collections.defaultdict(collections.Counter)
    generic: set[int] = set()
    performance: set[int] = set()
    for table in report.tables:
        if isinstance(table, _PerformanceTable):
            if table.first_line is not None and table.last_line is not None:
                performance.update(range(table.first_line, table.last_line + 1))
            continue
        factor = (table.unit or report.money_unit).factor
        for row in _rows(table):
            line = getattr(row, "line", None)
            if line is None:
                continue
            if table.kind is TableKind.OTHER:
                generic.add(line)
            for money in (*getattr(row, "amounts", {}).values(), *getattr(row, "extra", {}).values()):
                if money is not None:
                    held[line][money.amount / factor] += 1
    return held, generic, performance


def _rows(table: Table[Any]) -> Iterable[Any]:
    return table.rows


def _tokens(line: Line) -> Iterable[tuple[str, Decimal]]:
    for cell in line.amount_tokens():
        try:
            value = parse_decimal(cell)
        except GfsError:
            continue
        if value is not None:
            yield cell, value


def coverage(source: Any, report: Report) -> Coverage:
    """Count the amount tokens of every grid line of the document and how the report accounts for them.

    ``source`` is what the report was read from (as for :func:`gfs_cn.read`: a PDF, a text file,
    a list of files, or text), or its document lines.
    """
    if isinstance(source, Sequence) and not isinstance(source, str) and source and isinstance(source[0], Line):
        lines: Sequence[Line] = source
    else:
        from gfs_cn.reading.api import document_lines

        lines = document_lines(source)[0]
    held, generic, performance = _held_by_line(report)
    reported_lines: set[int] = set()
    for block in report.unplaced:
        reported_lines.update(range(block.first_line, block.last_line + 1))
    placed = total = reported = typed = 0
    missing: list[UnplacedToken] = []
    for line in lines:
        if "\t" not in line.raw:
            continue  # narrative: figures in sentences are the narrative checks' business
        available = held.get(line.number)
        for cell, value in _tokens(line):
            total += 1
            if line.number in performance and line.number not in reported_lines:
                placed += 1
                typed += 1
            elif available is not None and available[value] > 0:
                available[value] -= 1
                placed += 1
                typed += line.number not in generic
            elif line.number in reported_lines:  # inside a performance table too: the reader said so
                reported += 1
            else:
                missing.append(UnplacedToken(line.number, cell, line.page))
    return Coverage(placed, total, tuple(missing), reported, typed)
