"""Economic classifications of expenditure (支出经济分类科目) and their crosswalk.

- :mod:`gfs_cn.economic.department` — 部门预算支出经济分类 (301 工资福利支出 …)
- :mod:`gfs_cn.economic.government` — 政府预算支出经济分类 (501 机关工资福利支出 …)
- :func:`to_government` / :func:`from_government` — 两套支出经济分类科目对照表
- :func:`basic_group` — 人员经费 or 公用经费

>>> from gfs_cn import economic
>>> economic.department.lookup("30101").name
'基本工资'
>>> economic.to_government("30101", "agency").name
'工资奖金津补贴'
"""

from __future__ import annotations

from gfs_cn.economic import department, government
from gfs_cn.economic.crosswalk import (
    BasicGroup,
    UnitKind,
    basic_group,
    from_government,
    pairing_kinds,
    to_government,
)

__all__ = [
    "BasicGroup",
    "UnitKind",
    "basic_group",
    "department",
    "from_government",
    "government",
    "pairing_kinds",
    "to_government",
]
