"""What a table's rows look like: their class and the amount columns they fill (for frames and display).

>>> from gfs_cn.tables import ClassifiedRow, Column, ExpenditureTable, Indicator, ProjectPerformanceTable
>>> row_class(ExpenditureTable) is ClassifiedRow, row_class(ProjectPerformanceTable) is Indicator
(True, True)
>>> amount_columns(ExpenditureTable(columns=(Column.TOTAL, Column.BASIC)))
[<Column.TOTAL: 'total'>, <Column.BASIC: 'basic'>]
"""

from __future__ import annotations

from typing import Any, get_args, get_origin

from gfs_cn.tables.columns import Column
from gfs_cn.tables.models import Table, TwoSidedTable

__all__ = ["amount_columns", "row_class"]

_ROW_CLASSES: dict[type, type] = {}


def row_class(table_type: type[Table[Any]]) -> type:
    """The class of a table class's rows: the ``RowT`` its shape binds (``Table[ClassifiedRow]``)."""
    found = _ROW_CLASSES.get(table_type)
    if found is not None:
        return found
    for base in table_type.__mro__:
        for origin in base.__dict__.get("__orig_bases__", ()):
            if get_origin(origin) is Table:
                (row_type,) = get_args(origin)
                if isinstance(row_type, type):
                    _ROW_CLASSES[table_type] = row_type
                    return row_type
    raise TypeError(f"{table_type.__name__} does not say the class of its rows (Table[RowClass])")


def amount_columns(table: Table[Any]) -> list[Column]:
    """The columns the table prints (a two-sided table's income side first), then any a row holds
    that the table does not declare, so that no amount is left out."""
    declared = (*table.income_columns, *table.columns) if isinstance(table, TwoSidedTable) else table.columns
    found = dict.fromkeys(declared)
    for row in table.rows:
        found.update(dict.fromkeys(getattr(row, "amounts", ())))
    return list(found)
