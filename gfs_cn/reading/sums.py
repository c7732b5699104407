"""Columns that are sums of other columns of the same row, from ``data/column_sums.tsv``.

Shared by the reader (to realign a row that lost a blank cell) and the checks.

>>> [" + ".join(p.value for p in parts) for total, parts in column_sums() if total is Column.BASIC]
['personnel + operating', 'salaries + household_subsidies + goods_and_services + capital_outlay']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

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


def applicable_sums(columns: Iterable[Column]) -> list[tuple[Column, tuple[Column, ...]]]:
    """The rules a table's columns allow: the total printed and at least two of its parts.

    Where several rules share a total, the one with most printed parts wins (支出决算表's
    合计 adds 上缴上级 and 经营 to 基本 + 项目).
    """
    printed = set(columns)
    best: dict[Column, tuple[Column, ...]] = {}
    for total, parts in column_sums():
        present = tuple(p for p in parts if p in printed)
        if total in printed and len(present) >= 2 and len(present) > len(best.get(total, ())):
            best[total] = present
    return list(best.items())
