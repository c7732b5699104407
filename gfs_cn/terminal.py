"""Reports and tables as text for a terminal (终端显示): what ``gfs-cn show`` prints.

:func:`report_text` gives a report at a glance — what it is, what the reader inferred or could not
place, each table with its page, unit, status (and the reader's doubts) and total, the expenditure
by functional class (类) — and :func:`table_text` one table in full, amounts in the unit it printed.
Columns are aligned by terminal width (a Chinese character takes two columns), and lines are cut
to ``width`` where one is given.

>>> import gfs_cn
>>> report = gfs_cn.read(gfs_cn.sample_path())
>>> print(report_text(report).splitlines()[0])
鞍山市医疗保障局 · 2024 部门预算 · amounts in 万元 · 15 tables
>>> print(table_text(report.table("three_public")).splitlines()[0])
表7 财政拨款预算“三公”经费支出表 · three_public · 万元 · 1 row · read
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from gfs_cn._shapes import amount_columns, row_class
from gfs_cn.checks.findings import Severity
from gfs_cn.display import _ID_COLUMNS, _visible
from gfs_cn.money import Unit, format_amount
from gfs_cn.tables.columns import Column
from gfs_cn.tables.kinds import TableKind
from gfs_cn.tables.models import ClassifiedTable, EconomicTable, Table, ThreePublicTable, TwoSidedTable
from gfs_cn.tables.report import Report
from gfs_cn.tables.rows import RowKind, Side

if TYPE_CHECKING:
    from gfs_cn.checks import CheckResult

__all__ = ["counts", "cut", "display_width", "pad", "report_text", "table_text"]

_EXPENDITURE_KINDS: Final = (
    TableKind.EXPENDITURE,
    TableKind.FINAL_EXPENDITURE,
    TableKind.FUNCTIONAL_SUMMARY,
    TableKind.GENERAL_BUDGET_EXPENDITURE,
)
"""The tables expenditure by 类 is taken from, the first the report prints."""


def display_width(text: str) -> int:
    """Columns the text takes on a terminal: Chinese characters (wide, full-width) take two.

    >>> display_width("合计 12"), len("合计 12")
    (7, 5)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with blanks to ``width`` terminal columns (``str.ljust`` counts characters)."""
    blanks = " " * max(width - display_width(text), 0)
    return blanks + text if right else text + blanks


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, ``…`` where it was cut.

    >>> cut("一般公共服务支出", 9)
    '一般公共…'
    """
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = display_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def _fit(lines: Sequence[str], width: int | None) -> str:
    return "\n".join(line if width is None else cut(line, width) for line in lines)


def _align(rows: Sequence[Sequence[str]], right: Sequence[bool], indent: str = "  ") -> list[str]:
    """Rows of cells in aligned columns (amounts right-aligned), two blanks apart."""
    if not rows:
        return []
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        indent + "  ".join(pad(cell, w, right=r) for cell, w, r in zip(row, widths, right, strict=True)).rstrip()
        for row in rows
    ]


def _total(table: Table[Any]) -> Decimal | None:
    """The table's printed total: its 合计 row (a summary's last 总计 of the expenditure side; the “三公”
    table's first figures), in its 合计 column or else its first amount column."""
    if isinstance(table, ClassifiedTable | EconomicTable):
        return table.total()
    if isinstance(table, TwoSidedTable):
        totals = [r for r in table.side(Side.EXPENDITURE) if r.kind is RowKind.TOTAL]
        row: Any = totals[-1] if totals else None
    elif isinstance(table, ThreePublicTable):
        row = table.rows[0] if table.rows else None
    else:
        row = next((r for r in table.rows if getattr(r, "kind", None) is RowKind.TOTAL), None)
    amounts = getattr(row, "amounts", None) or {}
    column = Column.TOTAL if Column.TOTAL in amounts else next(iter(amounts), None)
    money = None if column is None else amounts.get(column)
    return None if money is None else money.amount


def _where(page: int | None, line: int | None) -> str:
    return " ".join(part for part in (f"p.{page}" if page else "", f"l.{line}" if line else "") if part)


def report_text(
    report: Report,
    *,
    placed: tuple[int | None, int | None] = (None, None),
    checked: CheckResult | None = None,
    width: int | None = None,
) -> str:
    """The report at a glance: metadata, reading notes, the tables, expenditure by 类, the checks' counts.

    ``placed`` is (amounts placed, amounts printed) where measured (:func:`gfs_cn.reading.coverage`),
    ``checked`` the report's :func:`gfs_cn.check` result; ``width`` cuts lines to that many columns.
    """
    unit = report.money_unit
    lines = [
        f"{report.department} · {report.year} {report.kind.label} · amounts in {unit.value} · "
        f"{len(report.tables)} table{'' if len(report.tables) == 1 else 's'}"
    ]
    if report.source:
        lines.append(f"source: {report.source}")
    facts = [f"scope: {report.scope.value}"]
    if placed[0] is not None and placed[1] is not None:
        facts.append(f"{placed[0]:,} of {placed[1]:,} printed amounts placed")
    if report.unplaced:
        facts.append(f"{len(report.unplaced)} blocks not placed")
    lines.append(" · ".join(facts))
    if report.units:
        lines.append("units: " + "，".join(f"{u.code or ''} {u.name}".strip() for u in report.units))
    if report.reading_notes:
        lines += ["", f"Reading notes ({len(report.reading_notes)}):"]
        lines += [f"  {' '.join(p for p in (_where(n.page, n.line), n.table) if p)}: {n.message}"
                  for n in report.reading_notes]  # fmt: skip
    if report.unplaced:
        lines += ["", f"Not placed in a table ({len(report.unplaced)}):"]
        lines += [
            f"  {_where(u.page, u.first_line)}–{u.last_line} {u.table or ''}: {u.reason}".replace("  :", ":")
            for u in report.unplaced
        ]
    lines += ["", "Tables (gfs-cn show --table KIND for one in full):"]
    rows = [["no.", "page", "title", "unit", "rows", "total", "status", "kind"]]
    doubts: dict[int, tuple[str, ...]] = {}
    for table in report.tables:
        total = _total(table)
        shown = "" if total is None else format_amount(total, table.unit or unit, suffix=False)
        page = str(table.first_page or "")
        if table.last_page and table.last_page != table.first_page:
            page += f"–{table.last_page}"
        rows.append([
            table.number or "", page, table.title or table.kind.label, (table.unit or unit).value,
            str(len(table.rows)), shown, table.status.value, table.kind.value,
        ])  # fmt: skip
        if table.doubts:
            doubts[len(rows) - 1] = table.doubts
    aligned = _align(rows, [False, True, False, False, True, True, False, False])
    for i, line in enumerate(aligned):
        lines.append(line)
        lines += [f"        {doubt}" for doubt in doubts.get(i, ())]
    by_class = _by_class(report)
    if by_class:
        lines += ["", "Expenditure by functional class (支出功能分类, 类):"]
        lines += _align(by_class, [False, False, True])
    if checked is not None:
        lines += ["", f"Checks: {counts(checked)} (gfs-cn check lists them)"]
    return _fit(lines, width)


_SEVERITIES: Final = tuple(s.value for s in Severity)
_NOUNS: Final = {
    "error": ("error", "errors"),
    "warning": ("warning", "warnings"),
    "incomplete": ("incomplete", "incomplete"),
    "rounding": ("rounding note", "rounding notes"),
    "note": ("note", "notes"),
}


def counts(findings: Iterable[Any]) -> str:
    """Findings counted by severity, worst first: ``7 errors, 12 warnings, 2 incomplete``."""
    severities = [f.severity.value for f in findings]
    found = {s: severities.count(s) for s in _SEVERITIES}
    return ", ".join(f"{n} {_NOUNS[s][n != 1]}" for s, n in found.items() if n) or "no findings"


def _two_sided(table: TwoSidedTable, unit: Unit) -> list[str]:
    """A two-sided summary as printed: income lines on the left, expenditure lines on the right, an
    expenditure line beside the income line read from the same source line."""
    sides = {side: [line for line in table.rows if line.side is side] for side in Side}
    declared = {Side.INCOME: table.income_columns, Side.EXPENDITURE: table.columns}
    columns = {
        side: list(dict.fromkeys([*declared[side], *(c for line in sides[side] for c in line.amounts)]))
        for side in Side
    }
    printed: list[list[Any]] = []
    for line in table.rows:
        last = printed[-1] if printed else None
        if line.side is Side.EXPENDITURE and last and last[0] and last[1] is None and last[0].line == line.line:
            last[1] = line
        else:
            printed.append([line, None] if line.side is Side.INCOME else [None, line])
    header = ["收入项目", *(c.label for c in columns[Side.INCOME])]
    header += ["支出项目", *(c.label for c in columns[Side.EXPENDITURE])]
    rows = [header]
    for pair in printed:
        cells: list[str] = []
        for side, entry in zip(Side, pair, strict=True):
            cells.append(entry.item if entry else "")
            for column in columns[side]:
                money = entry.amounts.get(column) if entry else None
                cells.append("" if money is None else format_amount(money, unit, suffix=False))
        rows.append(cells)
    right = [False, *([True] * len(columns[Side.INCOME])), False, *([True] * len(columns[Side.EXPENDITURE]))]
    return _align(rows, right)


def _by_class(report: Report) -> list[list[str]]:
    """Code, name and amount of every 类 row of the report's first table by functional code."""
    table = next((t for kind in _EXPENDITURE_KINDS for t in report.tables_of(kind)), None)
    if not isinstance(table, ClassifiedTable):
        return []
    column = Column.TOTAL if Column.TOTAL in table.columns or not table.columns else table.columns[0]
    unit = table.unit or report.money_unit
    out = []
    for row in table.rows:
        if row.kind is RowKind.ITEM and row.subject is not None and len(row.subject.code) == 3 and not row.unit_code:
            amount = row.decimal(column)
            out.append([row.subject.code, row.subject.name, "" if amount is None else format_amount(amount, unit)])
    return out


def table_text(table: Table[Any], *, unit: Unit | None = None, width: int | None = None) -> str:
    """One table in full: a heading (title, kind, page, unit, rows, status and the reader's doubts), then
    every row, amounts in ``unit`` (default: the unit the table printed). A blank cell stays blank,
    distinct from ``0.00``."""
    unit = unit or table.unit or Unit.WAN_YUAN
    page = f"page {table.first_page}" if table.first_page else ""
    if page and table.last_page and table.last_page != table.first_page:
        page = f"pages {table.first_page}–{table.last_page}"
    title = " ".join(part for part in (table.number or "", table.title or table.kind.label) if part)
    head = [title, table.kind.value, page, unit.value, f"{len(table.rows)} row{'' if len(table.rows) == 1 else 's'}"]
    lines = [" · ".join(part for part in [*head, table.status.value] if part)]
    lines += [f"  {doubt}" for doubt in table.doubts]
    if isinstance(table, TwoSidedTable):
        lines += _two_sided(table, unit)
        if table.note:
            lines.append(f"  注：{table.note}")
        return _fit(lines, width)
    columns = amount_columns(table)
    ids = _visible(_ID_COLUMNS.get(row_class(type(table)), ()), table.rows)
    with_units = any(getattr(row, "unit_code", None) for row in table.rows)
    header = (["单位代码"] if with_units else []) + [h for h, _ in ids] + [c.label for c in columns]
    rows = [header]
    for row in table.rows:
        cells = [str(row.unit_code or "")] if with_units else []
        cells += ["" if read(row) is None else str(read(row)) for _, read in ids]
        amounts = getattr(row, "amounts", {})
        cells += ["" if amounts.get(c) is None else format_amount(amounts[c], unit, suffix=False) for c in columns]
        rows.append(cells)
    right = [False] * (len(header) - len(columns)) + [True] * len(columns)
    lines += _align(rows, right)
    if table.note:
        lines.append(f"  注：{table.note}")
    return _fit(lines, width)
