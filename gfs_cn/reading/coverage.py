"""Fidelity of a reading: of the amounts printed inside recognised tables, how many the report holds.

An *amount token* is a cell that prints an amount (decimals or thousands separators:
``0.00``, ``2,311.07``); bare integers — 行次, codes, years, counts — are not amounts. For each
line of each table the report read, the tokens printed on that line are matched, value by
value, against the amounts the report holds for rows read from that line. What is left is
unplaced, with its line number.

>>> from gfs_cn.reading import read_text
>>> text = "支出总表\\n部门名称：某局\\n科目编码\\t科目名称\\t合计\\n2101501\\t行政运行\\t1,054.47\\n"
>>> coverage(text, read_text(text, year=2024))
Coverage(placed=1, total=1, unplaced=())
"""

from __future__ import annotations

import collections
import os
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from gfs_cn.errors import GfsError
from gfs_cn.money import parse_decimal
from gfs_cn.reading.text import Line, split_lines
from gfs_cn.tables.models import Table, _PerformanceTable
from gfs_cn.tables.report import Report

__all__ = ["Coverage", "UnplacedToken", "coverage"]


@attrs.frozen(slots=True)
class UnplacedToken:
    """An amount printed in a table that the report does not hold."""

    line: int
    text: str


@attrs.frozen(slots=True)
class Coverage:
    """How many amount tokens of the recognised tables were placed, of how many."""

    placed: int
    total: int
    unplaced: tuple[UnplacedToken, ...]

    @property
    def ratio(self) -> float:
        """``placed / total`` (1.0 for a report with no amounts). For display only."""
        return self.placed / self.total if self.total else 1.0


def _amounts_by_line(table: Table[Any], factor: Decimal) -> dict[int, collections.Counter[Decimal]]:
    held: dict[int, collections.Counter[Decimal]] = collections.defaultdict(collections.Counter)
    for row in table.rows:
        line = getattr(row, "line", None)
        amounts = getattr(row, "amounts", {})
        if line is None:
            continue
        for money in amounts.values():
            if money is not None:
                held[line][money.amount / factor] += 1
    return held


def _tokens(line: Line) -> Iterable[tuple[str, Decimal]]:
    for cell in line.amount_tokens():
        try:
            value = parse_decimal(cell)
        except GfsError:
            continue
        if value is not None:
            yield cell, value


def coverage(source: str | os.PathLike[str], report: Report) -> Coverage:
    """Count the amount tokens inside the report's tables and how many the report placed.

    ``source`` is the text the report was read from, or its path (as for ``read_text``).
    Performance-target tables are left out: their figures are targets kept as text.
    """
    from gfs_cn.reading.document import _load

    text, _ = _load(source)
    lines = split_lines(text)
    factor = report.money_unit.factor
    placed = total = 0
    missing: list[UnplacedToken] = []
    for table in report.tables:
        if isinstance(table, _PerformanceTable) or table.first_line is None or table.last_line is None:
            continue
        held = _amounts_by_line(table, factor)
        for line in lines[table.first_line - 1 : table.last_line]:
            available = held.get(line.number, collections.Counter())
            for cell, value in _tokens(line):
                total += 1
                if available[value] > 0:
                    available[value] -= 1
                    placed += 1
                else:
                    missing.append(UnplacedToken(line.number, cell))
    return Coverage(placed, total, tuple(missing))
