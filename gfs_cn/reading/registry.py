"""The registries the reader works from, kept as data: table titles and column headers.

``data/table_titles.tsv`` maps every title a table kind is printed under to its kind;
``data/columns.tsv`` maps printed column headers to the shared :class:`~gfs_cn.tables.Column`.
Both are read on first use, once.

>>> title_kind("十二、政府采购预算表")
<TableKind.GOVERNMENT_PROCUREMENT: 'government_procurement'>
>>> title_kind("2022 年度鄂州市医疗保障服务中心项目绩效自评表")
<TableKind.PERFORMANCE_SELF_EVALUATION: 'performance_self_evaluation'>
>>> title_kind("第三部分 2024年部门预算情况说明") is None
True
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
from gfs_cn.reading.text import compact_text
from gfs_cn.tables.columns import Column
from gfs_cn.tables.kinds import TableKind

__all__ = ["CODE_ROLES", "Role", "header_column", "title_kind"]


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


CODE_ROLES: Final = frozenset({Role.CODE, Role.CODE_CLASS, Role.CODE_SECTION, Role.CODE_ITEM})
"""The roles of columns that print (parts of) a code."""


# Numbering before a title: 一、 （十二） 12. 表1 公开01表; and a trailing 表3 / 公开01表 / (2024年度).
_LEADING_NUMBER: Final = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[、.]|附表\d*[:：]?)"
)
_TABLE_NUMBER: Final = re.compile(r"(?:公开\d+表|表\d+(?:-\d+)?)")
_TRAILING_YEAR: Final = re.compile(r"\(\d{4}年度?\)$")
# A year and department before a title: 2024年鞍山市…, 2022年度鄂州市…
_YEAR_PREFIX: Final = re.compile(r"^\d{4}年度?")


@functools.cache
def _titles() -> dict[str, TableKind]:
    return {row["title"]: TableKind(row["kind"]) for row in _data.read_rows("table_titles.tsv")}


def title_kind(text: str) -> TableKind | None:
    """The table kind a line's text names as a title, or ``None``."""
    # Titles keep their curly quotes (“三公”), so they are compacted, not normalised like names.
    numbered = _LEADING_NUMBER.sub("", compact_text(text), count=1)
    compact = _TRAILING_YEAR.sub("", _TABLE_NUMBER.sub("", numbered))
    titles = _titles()
    kind = titles.get(compact)
    if kind is not None:
        return kind
    if _YEAR_PREFIX.match(compact):
        # Titles that begin with the year (and perhaps the department) end with a registered title.
        rest = _YEAR_PREFIX.sub("", compact)
        for title, found in titles.items():
            if rest.endswith(title) and len(title) >= 5:
                return found
    return None


@functools.cache
def _columns() -> dict[tuple[str, str], Column | Role]:
    return {
        (row["header"], row["within"]): Role(row["column"][1:])
        if row["column"].startswith("@")
        else Column(row["column"])
        for row in _data.read_rows("columns.tsv")
    }


def header_column(header: str, within: Sequence[str] = ()) -> Column | Role | None:
    """The column (or role) a printed header names, given the headers above it (nearest last)."""
    columns = _columns()
    key = compact_text(header)
    for outer in reversed(within):
        found = columns.get((key, compact_text(outer)))
        if found is not None:
            return found
    return columns.get((key, ""))
