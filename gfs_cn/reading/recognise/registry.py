"""The registry of column headers the reader works from, kept as data.

``data/columns.tsv`` maps printed column headers to the shared :class:`~gfs_cn.tables.Column`,
read on first use, once. (Titles: :mod:`gfs_cn.tables.titles`.)

>>> header_column("人员支出"), header_column("一般公共预算", within=("上年结转结余",))
(<Column.PERSONNEL: 'personnel'>, <Column.CARRYOVER_GENERAL_BUDGET: 'carryover_general_budget'>)
>>> header_column("科目名称")
<Role.NAME: 'name'>
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Sequence
from typing import Final

from gfs_cn import _data
from gfs_cn.reading.model import compact_text
from gfs_cn.tables.columns import Column

__all__ = ["CODE_ROLES", "Role", "header_column"]


class Role(enum.Enum):
    """What a non-amount column of a table holds."""

    CODE = "code"
    """科目编码 printed whole."""
    CODE_CLASS = "code_class"
    """类"""
    CODE_SECTION = "code_section"
    """款"""
    CODE_ITEM = "code_item"
    """项"""
    NAME = "name"
    PROJECT_NAME = "project_name"
    UNIT_CODE = "unit_code"
    UNIT_NAME = "unit_name"
    CATEGORY = "category"
    LINE_NUMBER = "line_number"
    LABEL = "label"
    """栏次: the row numbering the columns, not data."""
    GROUP = "group"
    """A heading over other columns."""
    TEXT = "text"
    """A column of text the model does not hold (indicators printed beside projects)."""
    EXTRA = "extra"
    """A column under a header the vocabulary does not know: its amounts are kept by header path."""


CODE_ROLES: Final = frozenset({Role.CODE, Role.CODE_CLASS, Role.CODE_SECTION, Role.CODE_ITEM})
"""The roles of columns that print (parts of) a code."""


@functools.cache
def _columns() -> dict[tuple[str, str], Column | Role]:
    return {
        (row["header"], row["within"]): Role(row["column"][1:])
        if row["column"].startswith("@")
        else Column(row["column"])
        for row in _data.read_rows("columns.tsv")
    }


def header_column(header: str, within: Sequence[str] = ()) -> Column | Role | None:
    """The column (or role) a printed header names, given the headers above it (nearest last).

    A header not in the registry is still known by its ending where that says what the column
    holds: …科目名称 names, …科目编码/代码 codes, …单位名称/编码 units (功能分类科目名称,
    部门预算经济分类科目编码 …).

    >>> header_column("支出经济分类科目名称"), header_column("部门预算经济分类科目编码")
    (<Role.NAME: 'name'>, <Role.CODE: 'code'>)
    """
    columns = _columns()
    key = compact_text(header)
    for outer in reversed(within):
        found = columns.get((key, compact_text(outer)))
        if found is not None:
            return found
    found = columns.get((key, ""))
    if found is None and key.startswith(_OF_WHICH):
        # 其中：基本支出 heads the 基本支出 column, printed as part of the total beside it.
        return header_column(key[len(_OF_WHICH) :], within)
    if found is None:
        for ending, role in _ENDINGS:
            if ending.search(key):
                return role
    return found


_OF_WHICH: Final = "其中:"
_ENDINGS: Final = (
    (re.compile(r"单位(?:名称)$"), Role.UNIT_NAME),
    (re.compile(r"单位(?:编码|代码)$"), Role.UNIT_CODE),
    (re.compile(r"科目名称$"), Role.NAME),
    # 支出功能分科目(按大类), 部门预算支出经济科目(按大类): a column of class names (Xi'an 收支总表).
    (re.compile(r"科目\(按大类\)$"), Role.NAME),
    (re.compile(r"科目(?:编码|代码)$"), Role.CODE),
)
