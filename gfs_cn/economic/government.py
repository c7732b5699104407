"""Government economic classification (政府预算支出经济分类科目): 类 › 款, 501 … 599.

>>> from gfs_cn.economic import government
>>> government.lookup("50501").name
'工资福利支出'
>>> government.lookup("505").name
'对事业单位经常性补助'
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

CATALOG = Classification(Scheme.GOVERNMENT_ECONOMIC, "economic_government.tsv", "economic_government_names.tsv", (3, 5))
"""The government economic classification: iterable, sized, ``code in CATALOG``."""

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
