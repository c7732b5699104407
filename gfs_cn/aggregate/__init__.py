"""Aggregation over reports (汇总): roll-ups, comparisons, crosswalked totals, combined reports, shares, COFOG.

- :func:`rollup` / :func:`rollup_columns` — totals per 类, 款 and 项, adding leaves only
- :func:`compare` — two reports figure by figure, with changes (增减变化)
- :func:`crosswalk_amounts` — department economic amounts under government codes, conserving totals
- :func:`combine` — several reports added into one (units of a department, departments of a region)
- :func:`shares` — shares of a total, exact
- :func:`cofog` / :func:`rollup_cofog` — COFOG divisions (this library's mapping, not an official one)

>>> from decimal import Decimal
>>> from gfs_cn.aggregate import rollup, rollup_cofog, shares
>>> totals = rollup([("2101501", Decimal("300")), ("2080505", Decimal("100"))])
>>> totals["210"], totals.total
(Decimal('300'), Decimal('400'))
>>> {str(d): str(s) for d, s in shares(rollup_cofog(totals)).items()}
{'07 Health': '75.00%', '10 Social protection': '25.00%'}
"""

from __future__ import annotations

from gfs_cn.aggregate.combination import Combined, combine
from gfs_cn.aggregate.comparison import Change, Comparison, Status, compare
from gfs_cn.aggregate.crosswalk import Crosswalked, Disagreement, UnmappedAmount, crosswalk_amounts
from gfs_cn.aggregate.divisions import CofogDivision, cofog, cofog_divisions, rollup_cofog
from gfs_cn.aggregate.proportions import Share, shares
from gfs_cn.aggregate.totals import Rollup, UnplacedAmount, rollup, rollup_columns

__all__ = [
    "Change",
    "CofogDivision",
    "Combined",
    "Comparison",
    "Crosswalked",
    "Disagreement",
    "Rollup",
    "Share",
    "Status",
    "UnmappedAmount",
    "UnplacedAmount",
    "cofog",
    "cofog_divisions",
    "combine",
    "compare",
    "crosswalk_amounts",
    "rollup",
    "rollup_cofog",
    "rollup_columns",
    "shares",
]
