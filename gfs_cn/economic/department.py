"""Department economic classification (部门预算支出经济分类科目): 类 › 款, 301 … 399.

>>> from gfs_cn.economic import department
>>> department.lookup("30239").name
'其他交通费用'
>>> department.lookup("301").name
'工资福利支出'
"""

from __future__ import annotations

from gfs_cn.catalog import Classification, Scheme

__all__ = [
    "CATALOG",
    "changes",
    "children_of",
    "compact",
    "edition",
    "find",
    "find_all",
    "get",
    "history",
    "is_valid",
    "lookup",
    "names_of",
    "search",
    "subjects",
    "years_of",
]

CATALOG = Classification(Scheme.DEPARTMENT_ECONOMIC, "economic_department.tsv", "economic_department_names.tsv", (3, 5))
"""The department economic classification: iterable, sized, ``code in CATALOG``."""

lookup = CATALOG.lookup_function()
get = CATALOG.get
is_valid = CATALOG.is_valid
compact = CATALOG.compact
find = CATALOG.find
find_all = CATALOG.find_all
search = CATALOG.search
subjects = CATALOG.subjects
children_of = CATALOG.children_of
names_of = CATALOG.names_of
edition = CATALOG.of_year
changes = CATALOG.changes
history = CATALOG.history
years_of = CATALOG.years_of
