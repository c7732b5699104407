"""Functional classification of expenditure (支出功能分类科目): 类 › 款 › 项.

The 2024 edition (and the editions of 2017–2026 by their changes), every 类, 款 and 项 of every budget (一般公共预算,
政府性基金预算, 国有资本经营预算, 社会保险基金预算), with former names and the
short forms summary tables print. Data: ``data/functional.tsv`` and
``data/functional_names.tsv``.

>>> from gfs_cn import functional, Level
>>> functional.lookup("210 15 01").path
('卫生健康支出', '医疗保障管理事务', '行政运行')
>>> functional.find("医疗卫生与计划生育支出").code
'210'
>>> functional.find("卫生健康", level=Level.CLASS).code
'210'
>>> functional.is_valid("2101598")
False
>>> [s.code for s in functional.search("医疗保障经办")]
['2101506']

Every question takes ``year=`` to answer as of that year's edition (2017–2026, kept as changes
against the 2024 table in ``data/functional_changes.tsv``):

>>> functional.lookup("2080504", year=2018).path
('社会保障和就业支出', '行政事业单位离退休', '未归口管理的行政单位离退休')
>>> functional.years_of("2080504")
(2017, 2018, 2019, 2020)
>>> [f"{c.kind.value} {c.old_code} → {c.code}" for c in functional.history("2080504")][-1]
'merged 2080504 → 2080501'
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

CATALOG = Classification(Scheme.FUNCTIONAL, "functional.tsv", "functional_names.tsv", (3, 5, 7))
"""The functional classification itself: iterable, sized, ``code in CATALOG``."""

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
