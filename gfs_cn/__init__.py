"""gfs_cn — China's government finance classification (政府收支分类科目) and department disclosures.

>>> import gfs_cn
>>> gfs_cn.functional.lookup("2101501").path
('卫生健康支出', '医疗保障管理事务', '行政运行')
>>> gfs_cn.economic.to_government("30101", "institution").code
'50501'
>>> gfs_cn.format_amount(gfs_cn.parse_amount("2,311.07", "万元"))
'2,311.07万元'
>>> report = gfs_cn.Report(department="鞍山市医疗保障局", year=2024, kind=gfs_cn.ReportKind.BUDGET)
>>> gfs_cn.from_json(gfs_cn.to_json(report)) == report
True

Reading a disclosure and checking it:

>>> text = "\\n".join(["2024年某局部门预算", "支出总体情况表", "部门名称：某局", "单位：万元",
...     "科目编码\\t科目名称\\t合计\\t基本支出\\t项目支出", "\\t合计\\t15.00\\t10.00\\t5.00",
...     "2101501\\t行政运行\\t15.00\\t10.00\\t5.00"])
>>> report = gfs_cn.read_text(text)
>>> report, report.check()
(<Report 某局 2024 部门预算: 1 table>, [])

Names as people type them, and the JSON Schema of a report:

>>> [m.subject.code for m in gfs_cn.search("机关事业单位基本养老保险费")][:1]
['30108']
>>> gfs_cn.json_schema()["properties"]["schema"]
{'const': 'gfs_cn.report/1'}
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from gfs_cn import economic, functional
from gfs_cn._data import sample_path
from gfs_cn.catalog import BudgetType, NameKind, NameMatch, Scheme, Subject
from gfs_cn.codes import Level
from gfs_cn.economic import BasicGroup, UnitKind
from gfs_cn.errors import (
    AmbiguousNameError,
    GfsError,
    InvalidAmountError,
    InvalidCodeError,
    ReadError,
    SchemaError,
    SourceNotFoundError,
    UnknownCodeError,
    UnknownNameError,
    UnmappedCodeError,
)
from gfs_cn.money import Unit, format_amount, is_amount, parse_amount, parse_decimal, to_money

logging.getLogger("gfs_cn").addHandler(logging.NullHandler())  # the library logs; the application says where

if TYPE_CHECKING:
    from gfs_cn import aggregate, tables
    from gfs_cn.aggregate import combine, compare, crosswalk_amounts, rollup, rollup_columns, shares
    from gfs_cn.arrow import to_arrow, to_parquet
    from gfs_cn.batch import ReadFailure, read_many
    from gfs_cn.charts import plot
    from gfs_cn.checks import Finding, Severity, check
    from gfs_cn.fuzzy import search
    from gfs_cn.reading import read, read_text
    from gfs_cn.records import Record, to_csv, to_records
    from gfs_cn.schema import json_schema
    from gfs_cn.serialize import from_dict, from_json, to_dict, to_json
    from gfs_cn.tables import Column, Report, ReportKind, Scope, TableKind, TableStatus

# The table models, the reader, the checks and serialization load on first use, so that
# `import gfs_cn` for a code lookup stays light.
_LAZY = {
    "aggregate": "gfs_cn.aggregate",
    "combine": "gfs_cn.aggregate",
    "compare": "gfs_cn.aggregate",
    "crosswalk_amounts": "gfs_cn.aggregate",
    "rollup": "gfs_cn.aggregate",
    "rollup_columns": "gfs_cn.aggregate",
    "shares": "gfs_cn.aggregate",
    "tables": "gfs_cn.tables",
    "Column": "gfs_cn.tables",
    "Report": "gfs_cn.tables",
    "ReportKind": "gfs_cn.tables",
    "Scope": "gfs_cn.tables",
    "TableKind": "gfs_cn.tables",
    "TableStatus": "gfs_cn.tables",
    "Finding": "gfs_cn.checks",
    "Severity": "gfs_cn.checks",
    "check": "gfs_cn.checks",
    "read": "gfs_cn.reading",
    "read_many": "gfs_cn.batch",
    "ReadFailure": "gfs_cn.batch",
    "to_arrow": "gfs_cn.arrow",
    "to_parquet": "gfs_cn.arrow",
    "read_text": "gfs_cn.reading",
    "Record": "gfs_cn.records",
    "to_csv": "gfs_cn.records",
    "to_records": "gfs_cn.records",
    "json_schema": "gfs_cn.schema",
    "search": "gfs_cn.fuzzy",
    "plot": "gfs_cn.charts",
    "from_dict": "gfs_cn.serialize",
    "from_json": "gfs_cn.serialize",
    "to_dict": "gfs_cn.serialize",
    "to_json": "gfs_cn.serialize",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gfs_cn' has no attribute {name!r}")
    loaded = importlib.import_module(module)
    value = loaded if name in ("aggregate", "tables") else getattr(loaded, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # Tab completion shows the public API, lazily loaded names included, not the imports used here.
    return sorted(__all__)


__version__ = "0.1.0.dev0"

__all__ = [
    "AmbiguousNameError",
    "BasicGroup",
    "BudgetType",
    "Column",
    "Finding",
    "GfsError",
    "InvalidAmountError",
    "InvalidCodeError",
    "Level",
    "NameKind",
    "NameMatch",
    "ReadError",
    "ReadFailure",
    "Record",
    "Report",
    "ReportKind",
    "SchemaError",
    "Scheme",
    "Scope",
    "Severity",
    "SourceNotFoundError",
    "Subject",
    "TableKind",
    "TableStatus",
    "Unit",
    "UnitKind",
    "UnknownCodeError",
    "UnknownNameError",
    "UnmappedCodeError",
    "__version__",
    "aggregate",
    "check",
    "combine",
    "compare",
    "crosswalk_amounts",
    "economic",
    "format_amount",
    "from_dict",
    "from_json",
    "functional",
    "is_amount",
    "json_schema",
    "parse_amount",
    "parse_decimal",
    "plot",
    "read",
    "read_many",
    "read_text",
    "rollup",
    "rollup_columns",
    "sample_path",
    "search",
    "shares",
    "tables",
    "to_arrow",
    "to_csv",
    "to_dict",
    "to_json",
    "to_money",
    "to_parquet",
    "to_records",
]
