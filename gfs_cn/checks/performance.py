"""Performance tables (绩效目标表, 绩效自评表): their funds add up, and agree with the project list.

A table's 预算情况 lines come in groups: 资金来源 (its total, then （1）政府预算资金 …) and 资金结构
(（1）基本支出, （2）项目支出); or 年度资金总额 with 其中：财政拨款 and 其他资金. A group's total is the
sum of its parts; a group printed without a total sums to the first group's total (or the table's 预算资金).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from gfs_cn.catalog import normalize_name
from gfs_cn.checks.figures import Figure
from gfs_cn.checks.findings import Finding
from gfs_cn.checks.registry import Context, implements
from gfs_cn.tables.kinds import TableKind
from gfs_cn.tables.models import _PerformanceTable
from gfs_cn.tables.rows import RowKind

__all__: list[str] = []

_GROUP: Final = re.compile(r"^\d+[、.]")
_FIRST_PART: Final = re.compile(r"\(1\)")
_TOTAL_WORDS: Final = re.compile(r"总额|合计|总计")


def _groups(table: _PerformanceTable) -> list[tuple[int | None, list[int]]]:
    """(index of the group's total line or None, indices of its part lines) per group of funds lines."""
    groups: list[tuple[int | None, list[int]]] = []
    for n, task in enumerate(table.funds):
        name = normalize_name(task.name)
        if _GROUP.match(name) or (_TOTAL_WORDS.search(name) and not name.startswith("其中")):
            if _FIRST_PART.search(name):
                groups.append((None, [n]))
            else:
                groups.append((n, []))
        elif groups:
            groups[-1][1].append(n)
        else:
            groups.append((None, [n]))
    return groups


@implements("performance.funds")
def funds(context: Context) -> Iterator[Finding]:
    """A group of 预算情况 lines: its total equals the sum of its parts (a blank total beside parts that
    carry money is an error); a group without a total sums to the first group's total or 预算资金."""
    for table in context.report.tables:
        if not isinstance(table, _PerformanceTable) or not table.funds:
            continue
        groups = _groups(table)

        def fund(n: int, table: _PerformanceTable = table) -> Figure:
            return context.amount(table, None, table.funds[n].amount, f"funds[{n}].amount")

        reference: Figure | None = None
        if table.amount is not None:
            reference = context.amount(table, None, table.amount, "amount")
        where: dict[str, Any] = {"tables": (table.kind.value,), "line": table.first_line}
        name = table.subject_name or table.title
        for total, parts in groups:
            carrying = [n for n in parts if table.funds[n].amount is not None]
            if total is not None and reference is None:
                reference = fund(total)
            if not carrying:
                continue  # parts left blank: nothing to add up
            summed = Figure.total(fund(n) for n in parts)
            if total is not None:
                against, label = fund(total), table.funds[total].name
            elif reference is not None:
                against, label = reference, "预算资金"
            else:
                continue
            found = context.compare(
                expected=summed,
                actual=against,
                what=f"{name}: {label} = {' + '.join(table.funds[n].name for n in parts)}",
                row=f"{name} {label}",
                incomplete=table.incomplete,
                **where,
            )
            if found is not None:
                yield found


@implements("performance.project-amount")
def project_amounts(context: Context) -> Iterator[Finding]:
    """A project's 绩效目标表 states the funds the project list (项目支出表) gives a project of that name."""
    projects = context.report.get(TableKind.PROJECT_EXPENDITURE)
    if projects is None or not projects.columns:
        return
    column = projects.columns[0]
    by_name: dict[str, list[Any]] = {}
    for row in projects.rows:
        if row.kind is RowKind.ITEM and row.amounts.get(column) is not None:
            by_name.setdefault(normalize_name(row.name), []).append(row)
    for table in context.report.tables_of(TableKind.PROJECT_PERFORMANCE):
        if not isinstance(table, _PerformanceTable) or table.amount is None:
            continue
        rows = by_name.get(normalize_name(table.subject_name))
        if not rows:
            continue  # a project the list does not name: no figure to compare
        stated = context.amount(table, None, table.amount, "amount")
        figures = [context.cell(projects, row, column) for row in rows]
        closest = min(figures, key=lambda f: abs(f.value - stated.value))
        found = context.compare(
            expected=closest,
            actual=stated,
            what=f"{table.subject_name}: 预算资金 equals the project's in {projects.title or projects.kind.label}",
            tables=(table.kind.value, projects.kind.value),
            row=table.subject_name,
            line=table.first_line,
            incomplete=table.incomplete or projects.incomplete,
        )
        if found is not None:
            yield found
