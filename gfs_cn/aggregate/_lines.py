"""The printed figures of a report keyed so that two reports line up: table kind, row, code or item.

Used by :func:`gfs_cn.aggregate.compare` and :func:`gfs_cn.aggregate.combine`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
from moneyed import Money

from gfs_cn.catalog import normalize_name, strip_numbering
from gfs_cn.tables import (
    ClassifiedTable,
    Column,
    EconomicTable,
    Report,
    RowKind,
    Side,
    Table,
    TableKind,
    ThreePublicTable,
    TwoSidedTable,
)

# The year before a “三公” basis (2024年预算数): years change, so bases align without it.
_YEAR = re.compile(r"^\d{4}年")


@attrs.frozen(slots=True)
class LineKey:
    """Where a figure sits: table kind, row kind, unit, side, and the code (or item, for lines without one)."""

    table: TableKind
    row_kind: RowKind
    unit_code: str | None
    side: Side | None
    key: str


@attrs.frozen(slots=True)
class Line:
    """A row's figures in yuan, summed over the rows that share its key; ``name`` as first printed."""

    name: str
    amounts: dict[Column, Decimal | None]


def item_key(text: str) -> str:
    """An item in compared form: blanks, bracket widths and numbering ignored.

    >>> item_key("八、卫生健康支出") == item_key("（十）卫 生健康支出")
    True
    """
    return strip_numbering(text)


def add_amounts(into: dict[Column, Decimal | None], amounts: Mapping[Column, Money | Decimal | None]) -> None:
    """Add a row's amounts to ``into``; blank plus blank stays blank."""
    for column, value in amounts.items():
        amount = value.amount if isinstance(value, Money) else value
        current = into.get(column)
        into[column] = amount if current is None else (current if amount is None else current + amount)


def _row_key(table: Table[Any], row: Any, year: int) -> LineKey | None:
    kind = table.kind
    if isinstance(table, ClassifiedTable | EconomicTable):
        return LineKey(kind, row.kind, row.unit_code, None, row.code or item_key(row.name))
    if isinstance(table, TwoSidedTable):
        key = row.subject.code if row.subject is not None else item_key(row.item)
        return LineKey(kind, row.kind, None, row.side, key)
    if isinstance(table, ThreePublicTable):
        if row.year is not None and row.year != year:
            return None  # last year's figures, printed beside this year's for reference
        return LineKey(kind, row.kind, None, None, _YEAR.sub("", normalize_name(row.basis)))
    return None


def is_lined(table: Table[Any]) -> bool:
    """Whether :func:`report_lines` keys the table's rows (projects and performance targets it does not)."""
    return isinstance(table, ClassifiedTable | EconomicTable | TwoSidedTable | ThreePublicTable)


def report_lines(report: Report, tables: Iterable[Table[Any]] | None = None) -> dict[LineKey, Line]:
    """Every figure of the report's tables by code and column, rows with the same key summed."""
    lines: dict[LineKey, Line] = {}
    for table in report.tables if tables is None else tables:
        for row in table.rows:
            key = _row_key(table, row, report.year)
            if key is None:
                continue
            line = lines.get(key)
            if line is None:
                line = lines[key] = Line(name=getattr(row, "name", "") or row.label, amounts={})
            add_amounts(line.amounts, row.amounts)
    return lines
