"""Rows of disclosure tables: codes and names as printed, catalogue objects beside them, amounts.

Every row keeps what the report printed — the code cells, the name — and, where the code is
valid, the catalogue :class:`~gfs_cn.catalog.Subject` beside it, so a misprint is representable
and checkable, never rewritten. Amounts are ``Money | None`` per :class:`Column`: ``None`` is a
blank cell, distinct from ``0.00``.

>>> from decimal import Decimal
>>> from gfs_cn import functional, to_money
>>> row = ClassifiedRow(
...     code="2101501", printed_code="2101501", name="行政运行", subject=functional.lookup("2101501"),
...     amounts={Column.TOTAL: to_money(Decimal("442.28")), Column.PROJECT: None},
... )
>>> row[Column.TOTAL]
Money('4422800.00', 'CNY')
>>> row[Column.PROJECT] is None, row.get(Column.BASIC) is None
(True, True)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

import attrs
from moneyed import Money

from gfs_cn.catalog import Subject
from gfs_cn.tables.amounts import RowAmounts
from gfs_cn.tables.columns import Column

__all__ = [
    "Amounts",
    "BudgetRow",
    "ClassifiedRow",
    "EconomicRow",
    "GenericRow",
    "Indicator",
    "Operator",
    "ProjectRow",
    "RowKind",
    "Side",
    "SummaryLine",
    "ThreePublicRow",
]

Amounts = Mapping[Column, Money | None]
"""The amounts of a row: every column the table prints, ``None`` for a blank cell."""


def _amounts(value: Mapping[Column, Money | None]) -> RowAmounts:
    # Immutable: a row's own amounts are shared, never copied.
    return value if type(value) is RowAmounts else RowAmounts(value)


class _NoExtra(dict[str, "Money | None"]):
    """The one empty ``extra`` most rows share (a dict per row costs more than the row's figures): it
    refuses changes, so no row's ``extra`` can leak into another's."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a row's extra amounts cannot be changed: use attrs.evolve(row, extra={...})")

    __setitem__ = __delitem__ = update = setdefault = pop = popitem = clear = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]


_NO_EXTRA: Final = _NoExtra()


def _extra(value: Mapping[str, Money | None]) -> dict[str, Money | None]:
    return dict(value) if value else _NO_EXTRA


class RowKind(enum.Enum):
    """What a row is: a total, a unit heading, a classified row, a “其中” subset, or other."""

    TOTAL = "total"
    """合计 / 总计 rows."""
    UNIT = "unit"
    """A row naming a unit (单位代码 044001 …) that the following rows belong to."""
    ITEM = "item"
    """A row of data: a code, a project, a line of a summary table."""
    SUBSET = "subset"
    """其中：… — part of the row above, never added into totals."""


@attrs.frozen(slots=True, kw_only=True)
class _Row:
    """Fields every row has."""

    amounts: Amounts = attrs.field(factory=dict, converter=_amounts)
    """The amounts by column, in the printed order: an immutable mapping (see :class:`RowAmounts`)."""
    kind: RowKind = RowKind.ITEM
    unit_code: str | None = None
    """单位代码 of the unit the row belongs to, where the table lists units."""
    extra: dict[str, Money | None] = attrs.field(factory=dict, converter=_extra)
    """Amounts under headers the :class:`Column` vocabulary does not know, by header path
    (``机关运行经费``, ``“三公”经费预算数 › 合计``): kept, never dropped."""
    line: int | None = attrs.field(default=None, eq=False)
    """Line of the source text the row was read from (not part of equality)."""
    page: int | None = attrs.field(default=None, eq=False)
    """Page of the source the row was printed on, where known (not part of equality)."""

    def __getitem__(self, column: Column) -> Money | None:
        return self.amounts[column]

    def get(self, column: Column) -> Money | None:
        """The amount in ``column``; ``None`` when blank or not printed."""
        return self.amounts.get(column)

    def decimal(self, column: Column) -> Decimal | None:
        """The amount in ``column`` as yuan :class:`~decimal.Decimal` (``None`` when blank)."""
        amounts = self.amounts
        if type(amounts) is RowAmounts:
            return amounts.decimal(column)
        money = amounts.get(column)
        return None if money is None else money.amount


@attrs.frozen(slots=True, kw_only=True)
class ClassifiedRow(_Row):
    """A row of a table by functional code (功能分类科目): 类/款/项 code and name as printed."""

    code: str = ""
    """The canonical code the printed cells make, parents filled in from the rows above;
    the printed text where it is not a well-formed code."""
    printed_code: str = ""
    """The code cells exactly as printed, tab-separated where split over 类/款/项 columns."""
    name: str = ""
    """The name as printed."""
    subject: Subject | None = None
    """The catalogue entry, where ``code`` is a valid code of the edition."""

    @property
    def label(self) -> str:
        """What identifies the row to a reader: code and name as printed."""
        return f"{self.code} {self.name}".strip()


@attrs.frozen(slots=True, kw_only=True)
class EconomicRow(_Row):
    """A row by economic code: the department code (部门预算支出经济分类) and, where printed, the
    government code (政府预算支出经济分类) beside it."""

    code: str = ""
    """Department economic code, canonical where well formed."""
    printed_code: str = ""
    name: str = ""
    subject: Subject | None = None
    government_code: str | None = None
    printed_government_code: str | None = None
    government_name: str | None = None
    government_subject: Subject | None = None
    panel: int = attrs.field(default=0, eq=False)
    """Which of the panels printed side by side (人员经费 | 公用经费) the row is in, from 0 (where it was
    printed, like its line: not part of equality)."""

    @property
    def label(self) -> str:
        """Code and name as printed."""
        return f"{self.code} {self.name}".strip()


class Side(enum.Enum):
    """The side of a two-sided summary table."""

    INCOME = "income"
    """收入"""
    EXPENDITURE = "expenditure"
    """支出"""


@attrs.frozen(slots=True, kw_only=True)
class SummaryLine(_Row):
    """A line of a two-sided summary table (收支总表): item as printed, on the income or the
    expenditure side; ``subject`` is the functional class an expenditure line names."""

    side: Side
    item: str
    line_number: int | None = None
    """行次, where printed (final accounts)."""
    subject: Subject | None = None
    panel: int = 0
    """Which panel of its side the line is printed in: a side printed as two panels (支出功能分类 |
    支出用途, Jiangsu) breaks the same total down twice, so lines of panel 1 are never added to panel 0's."""

    @property
    def label(self) -> str:
        """The item as printed."""
        return self.item


@attrs.frozen(slots=True, kw_only=True)
class ProjectRow(_Row):
    """A project (项目) with its category (其他运转类/特定目标类), unit and amounts."""

    name: str
    category: str | None = None
    """项目类别 / 类型 as printed."""
    unit_name: str | None = None
    project_id: str | None = None
    code: str | None = None
    subject: Subject | None = None

    @property
    def label(self) -> str:
        """The project name as printed."""
        return self.name


@attrs.frozen(slots=True, kw_only=True)
class ThreePublicRow(_Row):
    """One set of “三公” figures: a year's budget (预算数) or final figures (决算数)."""

    basis: str
    """The heading as printed: 2024年预算数, 预算数, 决算数 …"""
    year: int | None = None

    @property
    def label(self) -> str:
        """The heading as printed."""
        return self.basis


@attrs.frozen(slots=True, kw_only=True)
class BudgetRow(_Row):
    """A row of a table that lists neither codes nor projects (e.g. 部门管理专项资金): a label and amounts."""

    name: str

    @property
    def label(self) -> str:
        """The label as printed."""
        return self.name


@attrs.frozen(slots=True, kw_only=True)
class GenericRow(_Row):
    """A row of a table of no standard kind (机关运行经费表, a region's own table): its text cells as
    printed, the code where one is printed, and every amount (under ``amounts`` where the header is
    a known :class:`Column`, under ``extra`` by header path otherwise)."""

    cells: tuple[str, ...] = ()
    """The row's text cells (codes, names, categories) as printed, in order."""
    code: str | None = None
    name: str = ""

    @property
    def label(self) -> str:
        """The row's text as printed."""
        return " ".join(c for c in self.cells if c) or self.name


class Operator(enum.Enum):
    """The comparison in a performance indicator (运算符号)."""

    EQ = "="
    GE = "≥"
    LE = "≤"
    GT = ">"
    LT = "<"
    QUALITATIVE = "qualitative"
    """定性: no operator printed; the target is words (e.g. 逐步提高)."""

    @classmethod
    def parse(cls, text: str) -> Operator:
        """The operator as printed (``>=``, ``≥``, ``＝`` …); blank is qualitative.

        >>> Operator.parse(">="), Operator.parse("")
        (<Operator.GE: '≥'>, <Operator.QUALITATIVE: 'qualitative'>)
        """
        return _OPERATORS.get(text.strip(), cls.QUALITATIVE)


_OPERATORS = {
    "=": Operator.EQ,
    "＝": Operator.EQ,
    "≥": Operator.GE,
    ">=": Operator.GE,
    "＞＝": Operator.GE,
    "≤": Operator.LE,
    "<=": Operator.LE,
    "＜＝": Operator.LE,
    ">": Operator.GT,
    "＞": Operator.GT,
    "<": Operator.LT,
    "＜": Operator.LT,
}


@attrs.frozen(slots=True, kw_only=True)
class Indicator:
    """A performance indicator (绩效指标): 一级/二级/三级 names, operator, target value, unit, deadline."""

    level1: str
    level2: str
    level3: str
    operator: Operator = Operator.QUALITATIVE
    printed_operator: str = ""
    target: str = ""
    """指标值 as printed."""
    unit: str = ""
    """度量单位"""
    deadline: str = ""
    """完成时限"""
    weight: Decimal | None = None
    """权重 / 分值, where printed."""
    description: str = ""
    """指标解释 / 备注, where printed."""
    actual: str = ""
    """实际完成值 as printed (绩效自评表)."""
    score: Decimal | None = None
    """得分, where printed (绩效自评表)."""
    line: int | None = attrs.field(default=None, eq=False)

    @property
    def value(self) -> Decimal | None:
        """The target as a number, where it is one (``100`` of ``100``, ``90`` of ``≥90%``)."""
        text = self.target.strip().rstrip("%％").strip()
        try:
            return Decimal(text.replace(",", ""))
        except ArithmeticError:
            return None
