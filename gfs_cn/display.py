"""Tables and reports as HTML, for Jupyter (``_repr_html_``): escaped text, amounts in the printed unit.

Each table shows a caption (title, kind, number of rows, unit, and **incomplete** where the source
was cut off), the row's code and name as printed, and one column per amount column, formatted
as the report prints them (``2,311.07`` in 万元); a blank cell stays empty, distinct from ``0.00``.
Total rows are bold, “其中” rows italic.

>>> from decimal import Decimal
>>> from gfs_cn import to_money
>>> from gfs_cn.tables import ClassifiedRow, Column, ExpenditureTable, RowKind, TableStatus
>>> rows = (ClassifiedRow(name="合计", kind=RowKind.TOTAL, amounts={Column.TOTAL: to_money(Decimal("2311.07"))}),
...         ClassifiedRow(code="2101501", name="行政运行<1>", amounts={Column.TOTAL: None}))
>>> html = table_html(ExpenditureTable(title="支出预算总表", columns=(Column.TOTAL,), rows=rows))
>>> "2,311.07" in html, "行政运行&lt;1&gt;" in html, 'style="text-align:right"></td>' in html
(True, True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any, Final

from moneyed import Money

from gfs_cn._shapes import amount_columns, row_class
from gfs_cn.money import Unit, format_amount
from gfs_cn.tables.models import Table, TwoSidedTable
from gfs_cn.tables.report import Report
from gfs_cn.tables.rows import (
    BudgetRow,
    ClassifiedRow,
    EconomicRow,
    Indicator,
    ProjectRow,
    RowKind,
    Side,
    SummaryLine,
    ThreePublicRow,
)

__all__ = ["report_html", "table_html"]

_Cell = Callable[[Any], "str | int | None"]

_ID_COLUMNS: Final[dict[type, tuple[tuple[str, _Cell], ...]]] = {
    ClassifiedRow: (("科目编码", lambda r: r.code), ("科目名称", lambda r: r.name)),
    EconomicRow: (
        ("科目编码", lambda r: r.code),
        ("科目名称", lambda r: r.name),
        ("政府经济分类", lambda r: r.government_code),
        ("政府经济分类名称", lambda r: r.government_name),
    ),
    SummaryLine: (
        ("方向", lambda r: "收入" if r.side.value == "income" else "支出"),
        ("项目", lambda r: r.item),
        ("行次", lambda r: r.line_number),
    ),
    ProjectRow: (
        ("项目名称", lambda r: r.name),
        ("项目类别", lambda r: r.category),
        ("单位", lambda r: r.unit_name),
        ("功能科目", lambda r: r.code),
    ),
    ThreePublicRow: (("项目", lambda r: r.basis),),
    BudgetRow: (("项目", lambda r: r.name),),
    Indicator: (
        ("一级指标", lambda r: r.level1),
        ("二级指标", lambda r: r.level2),
        ("三级指标", lambda r: r.level3),
        ("运算符号", lambda r: r.printed_operator),
        ("指标值", lambda r: r.target),
        ("度量单位", lambda r: r.unit),
        ("完成时限", lambda r: r.deadline),
        ("权重", lambda r: None if r.weight is None else str(r.weight)),
    ),
}
"""The columns that identify a row of each class: header, and how to read the cell."""

_ROW_STYLES: Final = {
    RowKind.TOTAL: ' class="total" style="font-weight:bold"',
    RowKind.SUBSET: ' class="subset" style="font-style:italic"',
    RowKind.UNIT: ' class="unit" style="font-weight:bold"',
}
_AMOUNT_CELL: Final = '<td class="amount" style="text-align:right">'
_CELL_STYLES: Final = {RowKind.TOTAL: "font-weight:bold", RowKind.SUBSET: "font-style:italic"}
# Control characters (a stray form feed from a PDF) shown as their symbols (␌), so the HTML stays
# well formed and the reader sees that something is there.
_VISIBLE: Final = {
    **{code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n\r"},
    0x7F: 0x2421,
    0xFFFE: 0xFFFD,
    0xFFFF: 0xFFFD,
}
_STATUS_FLAG: Final = ' <strong class="{0}" style="color:#b00" title="{1}">{0}</strong>'


def _status_flag(table: Table[Any]) -> str:
    """The table's status where the reader does not vouch for its rows, its doubts as the tooltip."""
    if table.reliable:
        return ""
    return _STATUS_FLAG.format(table.status.value, _text("; ".join(table.doubts)))


def table_html(table: Table[Any], unit: Unit | str = Unit.WAN_YUAN) -> str:
    """The table as an HTML ``<table>``, amounts in ``unit`` (the report's printed unit) without suffix.

    >>> from gfs_cn.tables import ExpenditureTable, TableStatus
    >>> print(table_html(ExpenditureTable(title="支出预算总表", status=TableStatus.INCOMPLETE, note="本表无数据")))
    <div class="gfs-cn-table"><table>
    <caption>支出预算总表 <small>支出总表 · expenditure · 0 rows · 万元</small> <strong ...</strong></caption>
    <thead><tr><th>科目编码</th><th>科目名称</th></tr></thead>
    <tbody></tbody>
    </table>
    <p class="note">本表无数据</p></div>
    """
    parsed_unit = Unit.parse(unit)
    head, body = _two_sided(table, parsed_unit) if isinstance(table, TwoSidedTable) else _by_row(table, parsed_unit)
    parts = ['<div class="gfs-cn-table">', *_facts(table, parsed_unit), "<table>\n", _caption(table, parsed_unit)]
    parts += ["<thead><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr></thead>\n<tbody>", *body]
    parts.append("</tbody>\n</table>")
    if table.note:
        parts.append(f'\n<p class="note">{_text(table.note)}</p>')
    parts.append("</div>")
    return "".join(parts)


def _by_row(table: Table[Any], unit: Unit) -> tuple[list[str], list[str]]:
    """Headers and ``<tr>`` of a table printed one row per line: ids, then amounts."""
    rows = table.rows
    id_columns = _visible(_ID_COLUMNS.get(row_class(type(table)), ()), rows)
    with_units = any(getattr(row, "unit_code", None) for row in rows)
    columns = amount_columns(table)
    head = (["单位代码"] if with_units else []) + [h for h, _ in id_columns] + [c.label for c in columns]
    body = []
    for row in rows:
        cells = [_text(row.unit_code)] if with_units else []
        cells += [_text(read(row)) for _, read in id_columns]
        amounts = getattr(row, "amounts", {})
        style = _ROW_STYLES.get(getattr(row, "kind", RowKind.ITEM), "")
        body.append(
            f"\n<tr{style}>"
            + "".join(f"<td>{cell}</td>" for cell in cells)
            + "".join(f"{_AMOUNT_CELL}{_amount(amounts.get(c), unit)}</td>" for c in columns)
            + "</tr>"
        )
    return head, body


def _two_sided(table: TwoSidedTable, unit: Unit) -> tuple[list[str], list[str]]:
    """Headers and ``<tr>`` of a two-sided summary, laid out as printed: income | expenditure.

    An expenditure line shares the printed row of the income line before it when both were
    read from the same source line (or neither says where it was read).
    """
    sides = {side: [line for line in table.rows if line.side is side] for side in Side}
    declared = {Side.INCOME: table.income_columns, Side.EXPENDITURE: table.columns}
    columns = {
        side: list(dict.fromkeys([*declared[side], *(c for line in sides[side] for c in line.amounts)]))
        for side in Side
    }
    numbered = any(line.line_number is not None for line in table.rows)
    head = []
    for side, label in ((Side.INCOME, "收入项目"), (Side.EXPENDITURE, "支出项目")):
        head += [label, *(["行次"] if numbered else []), *(c.label for c in columns[side])]
    printed: list[list[SummaryLine | None]] = []
    for line in table.rows:
        last = printed[-1] if printed else None
        if line.side is Side.EXPENDITURE and last and last[0] and last[1] is None and last[0].line == line.line:
            last[1] = line
        else:
            printed.append([line, None] if line.side is Side.INCOME else [None, line])
    body = []
    for pair in printed:
        cells = []
        for side, entry in zip(Side, pair, strict=True):
            css = _CELL_STYLES.get(entry.kind, "") if entry else ""
            texts = [_text(entry.item if entry else None)]
            texts += [_text(entry.line_number if entry else None)] if numbered else []
            cells += [f'<td style="{css}">{text}</td>' if css else f"<td>{text}</td>" for text in texts]
            cells += [
                f'<td class="amount" style="text-align:right;{css}">'
                f"{_amount(entry.amounts.get(c) if entry else None, unit)}</td>"
                for c in columns[side]
            ]
        body.append("\n<tr>" + "".join(cells) + "</tr>")
    return head, body


def report_html(report: Report) -> str:
    """The report as HTML: a heading, its units, every table (folded), and what could not be placed.

    >>> from gfs_cn.tables import Report, ReportKind
    >>> html = report_html(Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET))
    >>> html.splitlines()[1]
    '<p><strong>鞍山市医疗保障局</strong> 2024 部门预算 · 0 tables · 金额单位：万元</p>'
    """
    unit = report.money_unit
    parts = [
        '<div class="gfs-cn-report">',
        f"<p><strong>{_text(report.department)}</strong> {report.year} {report.kind.label}"
        f" · {len(report.tables)} tables · 金额单位：{unit.value}</p>",
    ]
    if report.units:
        units = "，".join(_text(f"{u.code or ''} {u.name}".strip()) for u in report.units)
        parts.append(f"<p>预算单位：{units}</p>")
    if report.unplaced:
        parts.append(
            f'<details><summary style="color:#b00">{len(report.unplaced)} blocks not placed in a table</summary><ul>'
        )
        parts.extend(
            f"<li>lines {u.first_line}–{u.last_line}: {_text(u.reason)}<pre>{_text(u.text)}</pre></li>"
            for u in report.unplaced
        )
        parts.append("</ul></details>")
    for table in report.tables:
        flag = _status_flag(table)
        title = table.title or table.kind.label
        kind = "" if title == table.kind.label else f"{table.kind.label} · "
        summary = f"{_text(title)} <small>{kind}{len(table.rows)} rows</small>"
        parts.append(f"<details><summary>{summary}{flag}</summary>{table_html(table, unit)}</details>")
    parts.append("</div>")
    return "\n".join(parts)


def _caption(table: Table[Any], unit: Unit) -> str:
    number = f"{_text(table.number)} " if table.number else ""
    title = _text(table.title or table.kind.label)
    kind = table.kind.value if table.title == table.kind.label else f"{table.kind.label} · {table.kind.value}"
    details = f"{kind} · {len(table.rows)} rows · {unit.value}"
    flag = _status_flag(table)
    return f"<caption>{number}{title} <small>{details}</small>{flag}</caption>\n"


def _facts(table: Table[Any], unit: Unit) -> list[str]:
    """What a performance table says above its indicators: who, how much, the goal, the tasks."""
    if not hasattr(table, "goal"):
        return []
    facts: list[tuple[str, str | None]] = [
        ("名称", getattr(table, "subject_name", None)),
        ("主管部门", getattr(table, "department", None)),
        ("实施单位", getattr(table, "implementing_unit", None)),
        ("预算资金", _amount(getattr(table, "amount", None), unit, suffix=True) or None),
        ("绩效目标", getattr(table, "goal", None)),
    ]
    facts += [
        (f"任务 {i + 1}", f"{task.name} {_amount(task.amount, unit, suffix=True)}".strip())
        for i, task in enumerate(getattr(table, "tasks", ()))
    ]
    facts += [
        ("预算情况", f"{line.name} {_amount(line.amount, unit, suffix=True)}".strip())
        for line in getattr(table, "funds", ())
    ]
    lines = "".join(f"<tr><th>{label}</th><td>{_text(value)}</td></tr>" for label, value in facts if value)
    return [f'<table class="facts">{lines}</table>\n'] if lines else []


def _visible(columns: Iterable[tuple[str, _Cell]], rows: Iterable[object]) -> list[tuple[str, _Cell]]:
    """The identifying columns, less optional ones that no row fills (行次, 政府经济分类 …)."""
    rows = tuple(rows)
    essential = 2
    kept = []
    for position, (header, read) in enumerate(columns):
        if position < essential or not rows or any(read(row) not in (None, "") for row in rows):
            kept.append((header, read))
    return kept


def _text(value: object) -> str:
    return "" if value is None else escape(str(value).translate(_VISIBLE))


def _amount(money: Money | None, unit: Unit, *, suffix: bool = False) -> str:
    return "" if money is None else format_amount(money, unit, suffix=suffix)
