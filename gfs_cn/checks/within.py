"""Rules within one table: columns of a row, codes of a table, the two sides of a summary."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Final

from gfs_cn.catalog import normalize_name
from gfs_cn.checks.figures import Figure
from gfs_cn.checks.findings import Finding
from gfs_cn.checks.registry import Context, implements
from gfs_cn.economic import BasicGroup, basic_group
from gfs_cn.errors import GfsError
from gfs_cn.tables.columns import Column
from gfs_cn.tables.hierarchy import code_tree, top_rows
from gfs_cn.tables.models import (
    ClassifiedTable,
    EconomicTable,
    Table,
    ThreePublicTable,
    TwoSidedTable,
    _PerformanceTable,
)
from gfs_cn.tables.rows import RowKind, Side, SummaryLine
from gfs_cn.tables.sums import applicable_sums

__all__ = ["code_tree", "label", "value"]

_TOP_LEVEL: Final = re.compile(r"^[一二三四五六七八九十]+[、.]")
_INCOME_TOTAL: Final = re.compile(r"^本年收入合计$|^收入合计$")
_EXPENDITURE_TOTAL: Final = re.compile(r"^本年支出合计$|^支出合计$")
_GRAND_INCOME: Final = re.compile(r"^收入总计$|^总计$")
_GRAND_EXPENDITURE: Final = re.compile(r"^支出总计$|^总计$")


def value(row: Any, column: Column) -> Decimal:
    """A row's amount in yuan, a blank cell counting as zero."""
    money = row.amounts.get(column)
    return Decimal(0) if money is None else money.amount


def label(row: Any) -> str:
    """The row as printed: code and name, or the item."""
    return str(row.label)


def _printed(table: Table[Any], row: Any, column: Column) -> bool:
    return row.amounts.get(column) is not None


@implements("column.sums")
def column_sums(context: Context) -> Iterator[Finding]:
    """Within a row, totals equal the sum of their parts (any of the template's decompositions)."""
    for table in context.report.tables:
        if isinstance(table, _PerformanceTable):
            continue
        sides: Iterable[tuple[Column, ...]] = [table.columns]
        if isinstance(table, TwoSidedTable):
            sides = [table.columns, table.income_columns]
        for columns in sides:
            rules = applicable_sums(columns)
            # Columns outside the vocabulary (会议费, 培训费, 单位预留机动经费) may be parts of a total: a row
            # that prints one is not summed, nor is a row that lacks the ones the table's other rows print.
            others = {k for row in table.rows for k, v in getattr(row, "extra", {}).items() if v is not None}
            for row in table.rows:
                if not hasattr(row, "amounts") or not set(columns) <= set(row.amounts):
                    continue
                extra = getattr(row, "extra", {})
                if any(v is not None for v in extra.values()) or not others <= set(extra):
                    continue
                for total, alternatives in rules.items():
                    if all(row.amounts.get(c) is None for c in (total, *alternatives[0])):
                        continue
                    actual = value(row, total)
                    # Where no decomposition holds exactly, report the one that comes closest.
                    off = {parts: actual - sum((value(row, p) for p in parts), Decimal(0)) for parts in alternatives}
                    if any(d == 0 for d in off.values()):
                        context.passed(tables=(table.kind.value,), row=label(row), column=total, line=row.line)
                        continue
                    closest = min(alternatives, key=lambda parts: abs(off[parts]))
                    found = _sum_finding(context, table, row, total, closest)
                    if found is not None:
                        yield found


def _sum_finding(
    context: Context, table: Table[Any], row: Any, total: Column, parts: Sequence[Column]
) -> Finding | None:
    names = " + ".join(p.label for p in parts)
    return context.compare(
        expected=Figure.total(context.cell(table, row, p) for p in parts),
        actual=context.cell(table, row, total),
        what=f"{total.label} = {names}",
        tables=(table.kind.value,),
        row=label(row),
        column=total,
        line=row.line,
        incomplete=not table.reliable,
    )


def _sums(context: Context, table: Any, row: Any, parts: Sequence[Any], *, what: str, label_: str) -> Iterator[Finding]:
    """A row against the sum of the rows that make it up, column by column (blank counts as zero).

    Only the columns the row holds are compared, and only where something is printed; parts
    that do not hold a column (one panel of a side-by-side table) are not counted in it.
    ``what`` may say ``{n}``: the number of rows added in that column.
    """
    for column in _columns_of(table, row):
        terms = [p for p in parts if column in p.amounts]
        if not terms or (row.amounts.get(column) is None and all(p.amounts.get(column) is None for p in terms)):
            continue
        found = context.compare(
            expected=context.cells(table, terms, column),
            actual=context.cell(table, row, column),
            what=what.format(n=len(terms)),
            tables=(table.kind.value,),
            row=label_,
            column=column,
            line=row.line,
            incomplete=not table.reliable,
        )
        if found is not None:
            yield found


@implements("rollup.codes")
def rollup_codes(context: Context) -> Iterator[Finding]:
    """Every 类 = Σ its 款 and every 款 = Σ its 项, per column."""
    for table in _tables_by_code(context):
        for parent, kids in code_tree(table.rows):
            what = f"sum of its {{n}} rows below ({_codes(kids)})"
            yield from _sums(context, table, parent, kids, what=what, label_=label(parent))


@implements("rollup.total")
def rollup_total(context: Context) -> Iterator[Finding]:
    """The 合计 row = Σ of the top rows (units, else 类, else every code row), per column."""
    for table in _tables_by_code(context):
        top = top_rows(table.rows)
        for total in (r for r in table.rows if r.kind is RowKind.TOTAL) if top else ():
            what = "sum of the {n} top rows"
            parts = top
            group = _group_named(label(total)) if isinstance(table, EconomicTable) else None
            if group is not None:
                # 人员经费合计 | 公用经费合计 side by side: each adds up the 类 of its own part of 基本支出.
                parts = [r for r in top if _basic_group(r.code) is group]
                what = f"sum of the {{n}} {group.label} rows"
            yield from _sums(context, table, total, parts, what=what, label_=label(total) or "合计")


def _group_named(text: str) -> BasicGroup | None:
    return next((g for g in BasicGroup if g.label in text), None)


def _basic_group(code: str) -> BasicGroup | None:
    try:
        return basic_group(code)
    except GfsError:
        return None


@implements("rollup.units")
def rollup_units(context: Context) -> Iterator[Finding]:
    """A unit row = Σ its sub-units (044 = 044001 + 044002), else Σ the top code rows under it."""
    for table in _tables_by_code(context):
        units = [r for r in table.rows if r.kind is RowKind.UNIT and r.unit_code]
        for unit in units:
            code = unit.unit_code
            parts = [u for u in units if u.unit_code != code and u.unit_code.startswith(code)]
            if parts:
                shortest = min(len(u.unit_code) for u in parts)
                parts = [u for u in parts if len(u.unit_code) == shortest]
            else:
                parts = top_rows([r for r in table.rows if r.kind is RowKind.ITEM and r.unit_code == code])
            if parts:
                what = "sum of its {n} " + ("units" if parts[0].kind is RowKind.UNIT else "rows")
                yield from _sums(context, table, unit, parts, what=what, label_=f"{code} {label(unit)}")
    for table in _unit_lists(context):
        yield from _unit_sums(context, table)


def _unit_lists(context: Context) -> Iterator[Any]:
    """Tables that list units without codes of a classification: a “三公” table by unit."""
    for table in context.report.tables:
        if isinstance(table, ThreePublicTable) and any(r.unit_code for r in table.rows):
            yield table


def _unit_sums(context: Context, table: Any) -> Iterator[Finding]:
    """Per set of figures (a year, a basis): 合计 = Σ the top units, a unit = Σ its sub-units (blank = 0)."""
    groups: dict[tuple[Any, Any], list[Any]] = {}
    for row in table.rows:
        groups.setdefault((getattr(row, "basis", None), getattr(row, "year", None)), []).append(row)
    for rows in groups.values():
        units = [r for r in rows if r.unit_code]
        if not units:
            continue
        shortest = min(len(u.unit_code) for u in units)
        top = [u for u in units if len(u.unit_code) == shortest]
        for total in (r for r in rows if r.kind is RowKind.TOTAL):
            yield from _sums(context, table, total, top, what="sum of its {n} units", label_=label(total) or "合计")
        for unit in units:
            parts = [u for u in units if u.unit_code != unit.unit_code and u.unit_code.startswith(unit.unit_code)]
            if parts:
                deepest = min(len(u.unit_code) for u in parts)
                parts = [u for u in parts if len(u.unit_code) == deepest]
                what = "sum of its {n} units"
                yield from _sums(context, table, unit, parts, what=what, label_=f"{unit.unit_code} {label(unit)}")


def _codes(rows: Sequence[Any]) -> str:
    shown = ", ".join(r.code for r in rows[:6])
    return shown + ("…" if len(rows) > 6 else "")


def _tables_by_code(context: Context) -> Iterator[Any]:
    for table in context.report.tables:
        if isinstance(table, (ClassifiedTable, EconomicTable)):
            yield table


def _columns_of(table: Any, row: Any) -> list[Column]:
    return [c for c in table.columns if c in row.amounts and not c.is_subset]


def _item(line: SummaryLine) -> str:
    return normalize_name(line.item)


def _first(lines: Sequence[SummaryLine], pattern: re.Pattern[str]) -> SummaryLine | None:
    return next((line for line in lines if pattern.match(_item(line))), None)


@implements("summary.balance")
def summary_balance(context: Context) -> Iterator[Finding]:
    """收入总计 = 支出总计 (each column of the expenditure side against the income amount)."""
    for table in context.report.tables:
        if not isinstance(table, TwoSidedTable):
            continue
        income = _first(table.side(Side.INCOME), _GRAND_INCOME)
        expenditure = _first(table.side(Side.EXPENDITURE), _GRAND_EXPENDITURE)
        if income is None or expenditure is None or not table.income_columns or not table.columns:
            continue
        found = context.compare(
            expected=context.cell(table, income, table.income_columns[0]),
            actual=context.cell(table, expenditure, table.columns[0]),
            what="支出总计 = 收入总计",
            tables=(table.kind.value,),
            row=expenditure.item,
            column=table.columns[0],
            line=expenditure.line,
            incomplete=not table.reliable,
        )
        if found is not None:
            yield found


def _numbered_sum(context: Context, table: TwoSidedTable, side: Side, total_pattern: re.Pattern[str]) -> Finding | None:
    lines = table.side(side)
    total = _first(lines, total_pattern)
    columns = table.income_columns if side is Side.INCOME else table.columns
    if total is None or not columns:
        return None
    before = lines[: lines.index(total)]
    # A side printed in two panels breaks the same total down twice: the total's own panel adds up.
    numbered = [
        line
        for line in before
        if _TOP_LEVEL.match(_item(line)) and line.kind is RowKind.ITEM and line.panel == total.panel
    ]
    if len(numbered) < 2:
        return None
    column = columns[0]
    return context.compare(
        expected=context.cells(table, numbered, column),
        actual=context.cell(table, total, column),
        what=f"sum of the {len(numbered)} numbered lines above",
        tables=(table.kind.value,),
        row=total.item,
        column=column,
        line=total.line,
        incomplete=not table.reliable,
    )


@implements("summary.income")
def summary_income(context: Context) -> Iterator[Finding]:
    """本年收入合计 = Σ the numbered income lines (一、二、…)."""
    for table in context.report.tables:
        if isinstance(table, TwoSidedTable):
            found = _numbered_sum(context, table, Side.INCOME, _INCOME_TOTAL)
            if found is not None:
                yield found


@implements("summary.expenditure")
def summary_expenditure(context: Context) -> Iterator[Finding]:
    """本年支出合计 = Σ the numbered expenditure lines (一、一般公共服务支出 …)."""
    for table in context.report.tables:
        if isinstance(table, TwoSidedTable):
            found = _numbered_sum(context, table, Side.EXPENDITURE, _EXPENDITURE_TOTAL)
            if found is not None:
                yield found
