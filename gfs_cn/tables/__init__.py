"""Typed disclosure tables (公开表) and the report that gathers them.

>>> from gfs_cn.tables import Column, TableKind, TABLE_CLASSES
>>> len(TABLE_CLASSES) == len(TableKind)
True
"""

from __future__ import annotations

from gfs_cn.tables.columns import Column
from gfs_cn.tables.kinds import ReportKind, TableKind
from gfs_cn.tables.models import *  # noqa: F403 - the models module defines the public list
from gfs_cn.tables.models import __all__ as _models_all
from gfs_cn.tables.report import BudgetUnit, Report, Section, Unplaced
from gfs_cn.tables.rows import (
    BudgetRow,
    ClassifiedRow,
    EconomicRow,
    Indicator,
    Operator,
    ProjectRow,
    RowKind,
    Side,
    SummaryLine,
    ThreePublicRow,
)

__all__ = sorted(
    [
        *_models_all,
        "BudgetRow",
        "BudgetUnit",
        "ClassifiedRow",
        "Column",
        "EconomicRow",
        "Indicator",
        "Operator",
        "ProjectRow",
        "Report",
        "ReportKind",
        "RowKind",
        "Section",
        "Side",
        "SummaryLine",
        "TableKind",
        "ThreePublicRow",
        "Unplaced",
    ]
)
