"""gfs_cn — China's government finance classification (政府收支分类科目) and department disclosures.

>>> import gfs_cn
>>> gfs_cn.functional.lookup("2101501").path
('卫生健康支出', '医疗保障管理事务', '行政运行')
>>> gfs_cn.economic.to_government("30101", "institution").code
'50501'
>>> gfs_cn.format_amount(gfs_cn.parse_amount("2,311.07", "万元"))
'2,311.07万元'
"""

from __future__ import annotations

from gfs_cn import economic, functional
from gfs_cn.catalog import BudgetType, NameKind, NameMatch, Scheme, Subject
from gfs_cn.codes import Level
from gfs_cn.economic import BasicGroup, UnitKind
from gfs_cn.errors import (
    AmbiguousNameError,
    GfsError,
    InvalidAmountError,
    InvalidCodeError,
    UnknownCodeError,
    UnknownNameError,
    UnmappedCodeError,
)
from gfs_cn.money import Unit, format_amount, parse_amount, parse_decimal, to_money

__version__ = "0.1.0.dev0"

__all__ = [
    "AmbiguousNameError",
    "BasicGroup",
    "BudgetType",
    "GfsError",
    "InvalidAmountError",
    "InvalidCodeError",
    "Level",
    "NameKind",
    "NameMatch",
    "Scheme",
    "Subject",
    "Unit",
    "UnitKind",
    "UnknownCodeError",
    "UnknownNameError",
    "UnmappedCodeError",
    "__version__",
    "economic",
    "format_amount",
    "functional",
    "parse_amount",
    "parse_decimal",
    "to_money",
]
