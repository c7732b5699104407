"""Several reports added into one (合并/汇总): the units of a department, the departments of a region.

>>> from decimal import Decimal
>>> from gfs_cn import functional, to_money
>>> from gfs_cn.tables import ClassifiedRow, Column, ExpenditureTable, Report, ReportKind, TableKind
>>> def unit(name, amounts):
...     rows = tuple(ClassifiedRow(code=c, subject=functional.get(c), amounts={Column.TOTAL: to_money(Decimal(t))})
...                  for c, t in amounts)
...     return Report(department=name, year=2024, kind=ReportKind.BUDGET, tables=(ExpenditureTable(rows=rows),))
>>> both = combine([unit("局机关", [("21015", "10.00"), ("2101501", "10.00")]),
...                 unit("服务中心", [("2101550", "5.00")])])
>>> both.get(TableKind.EXPENDITURE, "21015"), both.rollup(TableKind.EXPENDITURE).total
(Decimal('150000.00'), Decimal('150000.00'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
from moneyed import Money

from gfs_cn.aggregate._common import ZERO
from gfs_cn.aggregate._lines import add_amounts, item_key, report_lines
from gfs_cn.aggregate.totals import Rollup, rollup_columns
from gfs_cn.catalog import Scheme
from gfs_cn.errors import GfsError
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

__all__ = ["Combined", "combine"]

LineKey = tuple[TableKind, Side | None, str]
"""A line of a two-sided or “三公” table: table kind, side (``None`` for “三公”), and the functional
class code or the item (basis) in compared form."""


@attrs.frozen(slots=True, repr=False)
class Combined:
    """Totals of several reports per table kind, code and column (see :func:`combine`)."""

    reports: tuple[str, ...]
    """The reports combined, as ``department year kind``."""
    rollups: Mapping[tuple[TableKind, Column], Rollup]
    """Per table kind and column, the sum of each report's roll-up of its coded rows."""
    lines: Mapping[LineKey, Mapping[Column, Decimal | None]]
    """Per line of the two-sided and “三公” tables, its figures summed."""
    names: Mapping[LineKey, str]
    """The item of each line as first printed."""
    printed_totals: Mapping[tuple[TableKind, Column], Decimal]
    """The printed 合计 rows of the coded tables, summed: to set beside :attr:`rollups`' totals."""
    incomplete: frozenset[TableKind] = frozenset()
    """Kinds of which some report's table was cut off: their totals are short."""

    @property
    def kinds(self) -> tuple[TableKind, ...]:
        """The table kinds combined, in order of first appearance."""
        return tuple(dict.fromkeys([*(kind for kind, _ in self.rollups), *(kind for kind, _, _ in self.lines)]))

    def rollup(self, kind: TableKind, column: Column = Column.TOTAL) -> Rollup:
        """The combined roll-up of one kind of coded table and one column."""
        try:
            return self.rollups[kind, column]
        except KeyError:
            raise GfsError(f"no {kind.label} ({kind.value}) with a {column.label} column was combined") from None

    def get(
        self, kind: TableKind, code: str, column: Column = Column.TOTAL, side: Side | None = None
    ) -> Decimal | None:
        """A combined figure: the total of ``code`` (any printed form) in a coded table, or of a line
        (class code or item) in a two-sided or “三公” table; ``None`` where nothing was combined."""
        found = self.rollups.get((kind, column))
        if found is not None:
            return found.get(code)
        wanted = item_key(code)
        for key, amounts in self.lines.items():
            line_kind, line_side, line_key = key
            if line_kind is not kind or (side is not None and line_side is not side):
                continue
            if wanted in (line_key, item_key(self.names[key])):
                return amounts.get(column)
        return None

    def to_rows(self) -> list[dict[str, object]]:
        """One plain dict per combined figure (yuan): coded tables first, then lines."""
        rows: list[dict[str, object]] = []
        for (kind, column), totals in self.rollups.items():
            for subject, amount in totals.named():
                rows.append(
                    {
                        "table": kind.value,
                        "side": None,
                        "code": subject.code,
                        "name": subject.name,
                        "column": column.value,
                        "amount": amount,
                    }
                )
        for key, amounts in self.lines.items():
            kind, side, code = key
            for column, figure in amounts.items():
                rows.append(
                    {
                        "table": kind.value,
                        "side": None if side is None else side.value,
                        "code": code,
                        "name": self.names[key],
                        "column": column.value,
                        "amount": figure,
                    }
                )
        return rows

    def __repr__(self) -> str:
        cut = ", ".join(sorted(kind.value for kind in self.incomplete))
        flag = f"; incomplete: {cut}" if cut else ""
        return f"<Combined {len(self.reports)} reports: {len(self.kinds)} table kinds{flag}>"


def _scheme(table: Table[Any]) -> Scheme | None:
    if isinstance(table, ClassifiedTable):
        return Scheme.FUNCTIONAL
    if isinstance(table, EconomicTable):
        return Scheme.DEPARTMENT_ECONOMIC
    return None


def combine(reports: Iterable[Report]) -> Combined:
    """Add several reports into one set of totals per table kind, code and column.

    - Tables by functional code (and by department economic code) are rolled up report by report —
      leaves only, so each report's subtotal rows count once (see :func:`~gfs_cn.aggregate.rollup`) —
      and the roll-ups added: a 款 one report prints whole and another splits into 项 adds up right.
    - Lines of two-sided tables (收支总表) add up by side and functional class or item; “三公” figures by
      basis (this year's only). Project lists and performance targets are not combined.
    - The reports should not overlap: combining a department's report with its units' counts the units
      twice. Kinds of which a table was cut off (``incomplete``) are listed in :attr:`Combined.incomplete`.
    """
    labels: list[str] = []
    rollups: dict[tuple[TableKind, Column], Rollup] = {}
    lines: dict[LineKey, dict[Column, Decimal | None]] = {}
    names: dict[LineKey, str] = {}
    printed: dict[tuple[TableKind, Column], Decimal] = {}
    incomplete: set[TableKind] = set()
    for report in reports:
        labels.append(f"{report.department} {report.year} {report.kind.label}")
        lined = []
        for table in report.tables:
            if table.incomplete:
                incomplete.add(table.kind)
            scheme = _scheme(table)
            if scheme is None:
                if isinstance(table, TwoSidedTable | ThreePublicTable):
                    lined.append(table)
                continue
            for column, totals in rollup_columns(table.rows, scheme=scheme).items():
                key = (table.kind, column)
                rollups[key] = rollups[key] + totals if key in rollups else totals
            for row in table.rows:
                if row.kind is RowKind.TOTAL:
                    for column, money in row.amounts.items():
                        _add(printed, (table.kind, column), money)
        for where, line in report_lines(report, lined).items():
            line_key = (where.table, where.side, where.key)
            names.setdefault(line_key, line.name)
            add_amounts(lines.setdefault(line_key, {}), line.amounts)
    return Combined(
        reports=tuple(labels),
        rollups=rollups,
        lines=lines,
        names=names,
        printed_totals=printed,
        incomplete=frozenset(incomplete),
    )


def _add(into: dict[tuple[TableKind, Column], Decimal], key: tuple[TableKind, Column], money: Money | None) -> None:
    if money is not None:
        into[key] = into.get(key, ZERO) + money.amount
