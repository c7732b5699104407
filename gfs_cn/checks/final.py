"""Closing identities of a final account (决算): what is carried into next year follows from the year.

年末结转和结余 = 年初结转和结余 + 本年收入合计 (+ 使用非财政拨款结余, 用事业基金弥补收支差额)
− 本年支出合计 (− 结余分配), in 收入支出决算总表 and, per fund, in 财政拨款收入支出决算总表.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from gfs_cn.catalog import strip_numbering
from gfs_cn.checks.figures import Figure
from gfs_cn.checks.findings import Finding
from gfs_cn.checks.registry import Context, implements
from gfs_cn.tables.columns import Column
from gfs_cn.tables.kinds import TableKind
from gfs_cn.tables.models import TwoSidedTable
from gfs_cn.tables.rows import Side, SummaryLine

__all__: list[str] = []

_OPENING: Final = re.compile(r"^年初.*结转和结余$")
_CLOSING: Final = re.compile(r"^年末.*结转和结余$")
_INCOME: Final = re.compile(r"^本年收入合计$")
_EXPENDITURE: Final = re.compile(r"^本年支出合计$")
_ADDED: Final = re.compile(r"^(使用非财政拨款结余.*|用事业基金弥补收支差额)$")
_SUBTRACTED: Final = re.compile(r"^结余分配$")
# The fund columns of 财政拨款收入支出决算总表 and the words of their income lines.
_FUNDS: Final = (
    (Column.GENERAL_BUDGET, "一般公共预算财政拨款"),
    (Column.FUND_BUDGET, "政府性基金预算财政拨款"),
    (Column.CAPITAL_BUDGET, "国有资本经营预算财政拨款"),
)


def _find(lines: tuple[SummaryLine, ...], pattern: re.Pattern[str]) -> SummaryLine | None:
    return next((line for line in lines if pattern.match(strip_numbering(line.item))), None)


@implements("final.carryover")
def carryover(context: Context) -> Iterator[Finding]:
    """年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出 (− 结余分配), in total and per fund."""
    for kind in (TableKind.FINAL_SUMMARY, TableKind.FINAL_APPROPRIATION_SUMMARY):
        table = context.report.get(kind)
        if not isinstance(table, TwoSidedTable) or not table.income_columns or not table.columns:
            continue
        income, expenditure = table.side(Side.INCOME), table.side(Side.EXPENDITURE)
        opening, closing = _find(income, _OPENING), _find(expenditure, _CLOSING)
        received, spent = _find(income, _INCOME), _find(expenditure, _EXPENDITURE)
        if opening is None or closing is None or received is None or spent is None:
            continue
        amount, column = table.income_columns[0], table.columns[0]
        added = [line for line in income if _ADDED.match(strip_numbering(line.item))]
        subtracted = [line for line in expenditure if _SUBTRACTED.match(strip_numbering(line.item))]
        expected = (
            context.cell(table, opening, amount)
            + context.cell(table, received, amount)
            + context.cells(table, added, amount)
            - context.cell(table, spent, column)
            - context.cells(table, subtracted, column)
        )
        found = context.compare(
            expected=expected,
            actual=context.cell(table, closing, column),
            what="年初结转和结余 + 本年收入合计 − 本年支出合计 (± 结余分配 and the like)",
            tables=(kind.value,),
            row=closing.item,
            column=column,
            line=closing.line,
            incomplete=not table.reliable,
        )
        if found is not None:
            yield found
        yield from _per_fund(context, table, income, opening, received, spent, closing)


def _per_fund(
    context: Context,
    table: TwoSidedTable,
    income: tuple[SummaryLine, ...],
    opening: SummaryLine,
    received: SummaryLine,
    spent: SummaryLine,
    closing: SummaryLine,
) -> Iterator[Finding]:
    """Per fund column of 财政拨款收入支出决算总表: the fund's own income and opening lines."""
    amount = table.income_columns[0]
    before_total = income[: income.index(received)]
    after_opening = income[income.index(opening) + 1 :]
    for column, words in _FUNDS:
        if column not in table.columns:
            continue
        current = next((x for x in before_total if strip_numbering(x.item) == words), None)
        carried = next((x for x in after_opening if strip_numbering(x.item) == words), None)
        if current is None:
            continue
        figures = [
            context.cell(table, line, c)
            for line, c in ((current, amount), (carried, amount), (spent, column), (closing, column))
            if line is not None
        ]
        if all(f.value == 0 and not f.bound for f in figures):
            continue  # a fund the department has none of
        expected: Figure = context.cell(table, current, amount) - context.cell(table, spent, column)
        if carried is not None:
            expected = expected + context.cell(table, carried, amount)
        found = context.compare(
            expected=expected,
            actual=context.cell(table, closing, column),
            what=f"{words}: 年初 + 本年收入 − 本年支出",
            tables=(table.kind.value,),
            row=closing.item,
            column=column,
            line=closing.line,
            incomplete=not table.reliable,
        )
        if found is not None:
            yield found
