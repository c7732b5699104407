"""Rules across tables: the same figure printed in two tables agrees (表间勾稽关系).

The pairs of figures are data (``data/check_links.tsv``); the per-class comparison of 收支总表
and 支出总表 is code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import attrs

from gfs_cn import _data
from gfs_cn.catalog import strip_numbering
from gfs_cn.checks.figures import Figure
from gfs_cn.checks.findings import Finding
from gfs_cn.checks.registry import Context, implements
from gfs_cn.tables.columns import Column
from gfs_cn.tables.kinds import TableKind
from gfs_cn.tables.models import Table, TwoSidedTable
from gfs_cn.tables.rows import RowKind, Side

__all__ = ["Link", "figure", "links"]


@attrs.frozen(slots=True)
class Link:
    """Two figures of one report that must agree: each a table kind, a locator and columns."""

    id: str
    table_a: TableKind
    locator_a: str
    columns_a: str
    table_b: TableKind
    locator_b: str
    columns_b: str


@functools.cache
def links() -> tuple[Link, ...]:
    """The links of ``data/check_links.tsv``."""
    return tuple(
        Link(
            row["id"],
            TableKind(row["table_a"]),
            row["locator_a"],
            row["columns_a"],
            TableKind(row["table_b"]),
            row["locator_b"],
            row["columns_b"],
        )
        for row in _data.read_rows("check_links.tsv")
    )


def _columns(table: Table[Any], spec: str, side: Side | None) -> list[Column] | None:
    """The columns a spec names: the first alternative (|) the table prints; a sum (+) of several."""
    printed = table.income_columns if side is Side.INCOME and isinstance(table, TwoSidedTable) else table.columns
    for alternative in spec.split("|"):
        columns = [Column(c) for c in alternative.split("+")]
        if all(c in printed for c in columns):
            return columns
    return None


def figure(context: Context, table: Table[Any], locator: str, spec: str) -> tuple[Figure, str, int | None] | None:
    """(figure, row label, line) a locator names, or None."""
    if locator == "total":
        totals = [r for r in table.rows if getattr(r, "kind", None) is RowKind.TOTAL]
        columns = _columns(table, spec, None)
        if not totals or columns is None:
            return None
        if all(r.amounts.get(c) is None for r in totals for c in columns):
            return None
        amount = Figure.total(context.cell(table, r, c) for r in totals for c in columns if c in r.amounts)
        return amount, " + ".join(r.label or "合计" for r in totals), totals[0].line
    side_name, _, pattern = locator.partition(":")
    side = Side(side_name)
    if not isinstance(table, TwoSidedTable):
        return None
    wanted = re.compile(pattern)
    line = next(
        (x for x in table.side(side) if wanted.search(strip_numbering(x.item))),
        None,
    )
    columns = _columns(table, spec, side)
    if line is None or columns is None:
        return None
    return Figure.total(context.cell(table, line, c) for c in columns), line.item, line.line


@implements("cross.total")
def cross_total(context: Context) -> Iterator[Finding]:
    """Each link of data/check_links.tsv whose two tables the report prints."""
    for link in links():
        table_a = context.report.get(link.table_a)
        table_b = context.report.get(link.table_b)
        if table_a is None or table_b is None:
            continue
        a = figure(context, table_a, link.locator_a, link.columns_a)
        b = figure(context, table_b, link.locator_b, link.columns_b)
        if a is None or b is None:
            continue
        found = context.compare(
            expected=b[0],
            actual=a[0],
            what=f"{link.id}: equals {table_b.title or link.table_b.label} {b[1]}",
            tables=(link.table_a.value, link.table_b.value),
            row=f"{table_a.title or link.table_a.label} {a[1]}",
            column=_columns(table_a, link.columns_a, None)[0] if link.locator_a == "total" else None,  # type: ignore[index]
            line=a[2],
            incomplete=table_a.incomplete or table_b.incomplete,
        )
        if found is not None:
            yield found


@implements("cross.class")
def cross_class(context: Context) -> Iterator[Finding]:
    """A functional class has the same amount in 收支总表 (expenditure side) and 支出总表."""
    summary = context.report.get(TableKind.BUDGET_SUMMARY)
    expenditure = context.report.get(TableKind.EXPENDITURE)
    if not isinstance(summary, TwoSidedTable) or expenditure is None or not summary.columns:
        return
    rows_by_class = {
        r.code: r
        for r in expenditure.rows
        if getattr(r, "kind", None) is RowKind.ITEM and len(getattr(r, "code", "")) == 3 and r.unit_code is None
    }
    for line in summary.side(Side.EXPENDITURE):
        if line.subject is None or line.subject.code not in rows_by_class:
            continue
        row = rows_by_class[line.subject.code]
        found = context.compare(
            expected=context.cell(expenditure, row, Column.TOTAL),
            actual=context.cell(summary, line, summary.columns[0]),
            what=f"equals {expenditure.title or expenditure.kind.label} {row.label}",
            tables=(summary.kind.value, expenditure.kind.value),
            row=line.item,
            column=summary.columns[0],
            line=line.line,
            incomplete=summary.incomplete or expenditure.incomplete,
        )
        if found is not None:
            yield found
