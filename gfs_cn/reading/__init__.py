"""Reading disclosures: a report's PDF, or the text extracted from it → a typed :class:`~gfs_cn.tables.Report`.

The folders are the stages, each taking what the one before gives: ``sources`` (a PDF, a text) → ``model``
(lines of cells with their page and line) → ``recognise`` (titles, headers, metadata) → ``tables`` (rows of
each shape, across pages, and the report) → ``verify`` (the identities of each table, its status).

>>> from gfs_cn.reading import read_text
>>> text = "\\n".join([
...     "2024年某某局部门预算", "", "支出总体情况表", "部门名称：某某局", "单位：万元",
...     "科目编码\\t科目名称\\t合计\\t基本支出\\t项目支出",
...     "\\t合计\\t15.00\\t10.00\\t5.00",
...     "2101501\\t行政运行\\t15.00\\t10.00\\t5.00",
... ])
>>> report = read_text(text)
>>> report.department, report.year, [t.kind.value for t in report]
('某某局', 2024, ['expenditure'])
>>> row = report.tables[0].rows[1]
>>> row.subject.path, row.decimal(Column.BASIC)
(('卫生健康支出', '医疗保障管理事务', '行政运行'), Decimal('100000.00'))
"""

from __future__ import annotations

from gfs_cn.errors import ReadError
from gfs_cn.reading.api import Source, read
from gfs_cn.reading.coverage import Coverage, coverage
from gfs_cn.reading.tables.build import read_text
from gfs_cn.tables.columns import Column

__all__ = ["Column", "Coverage", "ReadError", "Source", "coverage", "read", "read_text"]
