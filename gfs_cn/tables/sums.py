"""Columns that are sums of other columns of the same row, from ``data/column_sums.tsv``.

Shared by the reader (to realign a row that lost a blank cell) and the checks.

>>> [" + ".join(p.value for p in parts) for total, parts in column_sums() if total is Column.BASIC]
['personnel + operating', 'salaries + household_subsidies + goods_and_services + capital_outlay']
>>> sums = applicable_sums([Column.TOTAL, Column.BASIC, Column.PROJECT, Column.PERSONNEL, Column.OPERATING])
>>> {total.value: [[p.value for p in parts] for parts in ways] for total, ways in sums.items()}
{'total': [['basic', 'project']], 'basic': [['personnel', 'operating']]}
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from gfs_cn import _data
from gfs_cn.tables.columns import Column

__all__ = ["applicable_sums", "column_sums"]


@functools.cache
def column_sums() -> tuple[tuple[Column, tuple[Column, ...]], ...]:
    """Every (total, parts) rule, in file order."""
    return tuple(
        (Column(row["total"]), tuple(Column(p) for p in row["parts"].split()))
        for row in _data.read_rows("column_sums.tsv")
    )


def applicable_sums(columns: Iterable[Column]) -> Mapping[Column, tuple[tuple[Column, ...], ...]]:
    """For each total a table prints, the ways its printed parts may add up to it.

    A rule applies when the table prints its total and at least two of its parts. A total
    may have several (收入合计 = 一般公共预算 + 政府性基金 + …, or = 本年收入 + 上年结转): a row is
    consistent when any of them holds, so they are returned most printed parts first.
    """
    return _applicable(frozenset(columns))


@functools.cache
def _applicable(printed: frozenset[Column]) -> Mapping[Column, tuple[tuple[Column, ...], ...]]:
    # Cached: the reader asks for every row of a table, the checks for every table.
    found: dict[Column, list[tuple[Column, ...]]] = {}
    for total, parts in column_sums():
        present = tuple(p for p in parts if p in printed)
        if total in printed and len(present) >= 2 and present not in found.get(total, []):
            found.setdefault(total, []).append(present)
    # Read-only: the result is shared between callers.
    return MappingProxyType({total: tuple(sorted(ways, key=len, reverse=True)) for total, ways in found.items()})
