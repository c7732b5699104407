"""Rules across tables: the same figure printed in two tables agrees (表间勾稽关系).

The pairs of figures are data (``data/check_links.tsv``); the per-class comparison of 收支总表
and 支出总表 is code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, Final

import attrs

from gfs_cn import _data
from gfs_cn.catalog import strip_numbering
from gfs_cn.checks.figures import Figure, top_rows
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
    unless_b: str = ""
    """A locator of lines of table B that, printed with a figure, make B's fallback column (an alternative
    after the first) hold more than the link compares: 本年支出合计 of a 财政拨款收支总表 without a 一般公共预算
    column holds the 政府性基金 and 国有资本经营 spending too, so no 一般公共预算 total can equal it."""


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
            row.get("unless_b") or "",
        )
        for row in _data.read_rows("check_links.tsv")
    )


def _holds_more(table: Table[Any], link: Link) -> bool:
    """Whether table B's figure is read from a fallback column while B prints figures on ``unless_b`` lines."""
    if not link.unless_b or not isinstance(table, TwoSidedTable):
        return False
    side_name = link.locator_b.partition(":")[0]
    first = [Column(c) for c in link.columns_b.split("|")[0].split("+")]
    printed = table.income_columns if side_name == Side.INCOME.value else table.columns
    if all(c in printed for c in first):
        return False  # B prints the very column the link names
    unless_side, _, unless = link.unless_b.partition(":")
    wanted = re.compile(unless)
    return any(
        wanted.search(strip_numbering(line.item)) and any(v is not None and v.amount for v in line.amounts.values())
        for line in table.side(Side(unless_side))
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
        if a is None or b is None or _holds_more(table_b, link):
            continue
        found = context.compare(
            expected=b[0],
            actual=a[0],
            what=f"{link.id}: equals {table_b.title or link.table_b.label} {b[1]}",
            tables=(link.table_a.value, link.table_b.value),
            row=f"{table_a.title or link.table_a.label} {a[1]}",
            column=_columns(table_a, link.columns_a, None)[0] if link.locator_a == "total" else None,  # type: ignore[index]
            line=a[2],
            incomplete=not (table_a.reliable and table_b.reliable),
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
        # A 支出总表 printed without a 合计 column: its columns added (基本支出 + 项目支出 …).
        columns = [Column.TOTAL] if Column.TOTAL in expenditure.columns else _parts(expenditure.columns)
        if not columns:
            continue
        found = context.compare(
            expected=context.cells(expenditure, [row], columns[0])
            if len(columns) == 1
            else Figure.total(context.cell(expenditure, row, c) for c in columns),
            actual=context.cell(summary, line, summary.columns[0]),
            what=f"equals {expenditure.title or expenditure.kind.label} {row.label}",
            tables=(summary.kind.value, expenditure.kind.value),
            row=line.item,
            column=summary.columns[0],
            line=line.line,
            incomplete=not (summary.reliable and expenditure.reliable),
        )
        if found is not None:
            yield found


def _parts(columns: tuple[Column, ...]) -> list[Column]:
    """The columns that add up to a row's total: every column that is not a part of another (其中)."""
    return [c for c in columns if not c.is_subset and c is not Column.TOTAL]


# The “三公” columns and the economic codes (部门预算支出经济分类) that book them in basic expenditure.
_THREE_PUBLIC_CODES: Final = (
    (Column.OVERSEAS_TRAVEL, "30212"),
    (Column.OFFICIAL_RECEPTION, "30217"),
    (Column.VEHICLE_OPERATION, "30231"),
)


_WHOLE: Final[tuple[Column, ...]] = (Column.TOTAL, Column.BASIC)
_SPLIT: Final[tuple[Column, ...]] = (Column.PERSONNEL, Column.OPERATING)


def _at_most(context: Context, part: Figure, whole: Figure, what: str, **where: Any) -> Finding | None:
    """A finding when ``part`` exceeds ``whole`` beyond their bounds; a passed instance otherwise."""
    excess = part.value - whole.value
    if excess <= part.bound + whole.bound:
        context.passed(**where)
        return None
    return context.note(
        f"{where.get('row') or ''} {what}: {context.money(part.value)} exceeds {context.money(whole.value)} "
        f"(by {context.money(excess)}, beyond rounding)".strip(),
        expected=whole.value,
        actual=part.value,
        paths=context.paths([part, whole]),
        page=context.page([part, whole]),
        bound=part.bound + whole.bound,
        **where,
    )


@implements("cross.three-public-codes")
def three_public_codes(context: Context) -> Iterator[Finding]:
    """30212/30217/30231 of the basic-expenditure table are at most the “三公” table's figures."""
    from gfs_cn.checks.narrative import current_row

    report = context.report
    for basic_kind, public_kind in (
        (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, TableKind.THREE_PUBLIC),
        (TableKind.FINAL_GENERAL_BUDGET_BASIC_EXPENDITURE, TableKind.FINAL_THREE_PUBLIC),
    ):
        basic, public = report.get(basic_kind), report.get(public_kind)
        if basic is None or public is None:
            continue
        row = current_row(public, report.kind, report.year)
        if row is None:
            continue
        columns = [c for c in _WHOLE if c in basic.columns][:1] or [c for c in _SPLIT if c in basic.columns]
        for column, code in _THREE_PUBLIC_CODES:
            rows = top_rows(basic.rows, code)
            if not rows or column not in row.amounts:
                continue
            part = Figure.total(context.cell(basic, r, c) for r in rows for c in columns)
            found = _at_most(
                context,
                part,
                context.cell(public, row, column),
                what=f"{code} in {basic.title or basic.kind.label} against {column.label} of "
                f"{public.title or public.kind.label}",
                tables=(basic_kind.value, public_kind.value),
                row=rows[0].label,
                column=column,
                line=rows[0].line,
            )
            if found is not None:
                yield found


def _rows_by_code(rows: Any) -> dict[str, list[Any]]:
    """The item rows outside any unit, by the code they print, in printed order."""
    found: dict[str, list[Any]] = {}
    for r in rows:
        if r.kind is RowKind.ITEM and r.unit_code is None and getattr(r, "code", None):
            found.setdefault(str(r.code), []).append(r)
    return found


@implements("cross.general-classes")
def general_classes(context: Context) -> Iterator[Finding]:
    """Per functional code, the general-budget table's amounts are at most the all-funds table's."""
    report = context.report
    for whole_kind, part_kind in (
        (TableKind.EXPENDITURE, TableKind.GENERAL_BUDGET_EXPENDITURE),
        (TableKind.FINAL_EXPENDITURE, TableKind.FINAL_GENERAL_BUDGET_EXPENDITURE),
    ):
        whole, part = report.get(whole_kind), report.get(part_kind)
        if whole is None or part is None:
            continue
        # A code may be printed on several rows (once per economic class beside it, Beijing's 报表): its rows
        # are added on each side.
        wholes = _rows_by_code(whole.rows)
        parts = _rows_by_code(part.rows)
        columns = [c for c in (Column.TOTAL, Column.EXPENDITURE, Column.BASIC, Column.PROJECT) if c in part.columns]
        for code, printed in parts.items():
            other = wholes.get(code)
            if other is None:
                continue
            for column in columns:
                if column not in whole.columns or all(r.amounts.get(column) is None for r in printed):
                    continue
                found = _at_most(
                    context,
                    context.cells(part, printed, column),
                    context.cells(whole, other, column),
                    what=f"{part.title or part_kind.label} against {whole.title or whole_kind.label}",
                    tables=(part_kind.value, whole_kind.value),
                    row=printed[0].label,
                    column=column,
                    line=printed[0].line,
                )
                if found is not None:
                    yield found


@implements("cross.unit-names")
def unit_names(context: Context) -> Iterator[Finding]:
    """A unit (单位编码 and 单位名称 on a unit row) is printed with one name in every table. (A department and
    its 本级 unit may share a name: 西安市气象局 for 234 and 234001 is the templates' practice.)"""
    from gfs_cn.catalog import normalize_name

    printed: dict[str, dict[str, list[tuple[Table[Any], Any]]]] = {}
    for table in context.report.tables:
        for row in table.rows:
            code, name = getattr(row, "unit_code", None), getattr(row, "name", None)
            if getattr(row, "kind", None) is RowKind.UNIT and code and name and normalize_name(name):
                printed.setdefault(code, {}).setdefault(normalize_name(name), []).append((table, row))
    for code, names in printed.items():
        places = [place for rows in names.values() for place in rows]
        where = _unit_where(code, *places[0])
        if len(names) == 1:
            context.passed(**where)
            continue
        ordered = sorted(names.items(), key=lambda item: -len(item[1]))
        shown = "; ".join(
            f"{name} ({', '.join(_unit_place(t, r) for t, r in rows[:4])}{' …' if len(rows) > 4 else ''})"
            for name, rows in ordered
        )
        yield context.note(
            f"unit {code} is printed with {len(names)} names: {shown}",
            **_unit_where(code, *ordered[1][1][0]),
        )


def _unit_where(code: str, table: Table[Any], row: Any) -> dict[str, Any]:
    return {"tables": (table.kind.value,), "row": f"{code} {getattr(row, 'name', '')}".strip(), "line": row.line}


def _unit_place(table: Table[Any], row: Any) -> str:
    """A unit row's place, as a reader looks it up: the table and its line."""
    line = f" line {row.line}" if getattr(row, "line", None) is not None else ""
    return f"{table.title or table.kind.label}{line}"
