"""One typed model per kind of disclosure table (公开表).

Tables share a few shapes — by functional code, by economic code, two-sided summaries,
projects, “三公” figures, performance targets — and each kind is a small subclass of its
shape, named in English with its Chinese title in the docstring. ``TABLE_CLASSES`` maps
every :class:`TableKind` to its class.

>>> ExpenditureTable.kind.label
'支出总表'
>>> TABLE_CLASSES[TableKind.FINAL_THREE_PUBLIC].__name__
'FinalThreePublicTable'
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Final, Generic, TypeVar

import attrs
from moneyed import Money

from gfs_cn.catalog import strip_numbering
from gfs_cn.money import Unit
from gfs_cn.tables.columns import Column
from gfs_cn.tables.kinds import TableKind, TableStatus
from gfs_cn.tables.rows import (
    BudgetRow,
    ClassifiedRow,
    EconomicRow,
    GenericRow,
    Indicator,
    ProjectRow,
    RowKind,
    Side,
    SummaryLine,
    ThreePublicRow,
)

if TYPE_CHECKING:
    import pandas

__all__ = [
    "TABLE_CLASSES",
    "AppropriationBasicExpenditureTable",
    "AppropriationExpenditureTable",
    "AppropriationSummaryTable",
    "BasicExpenditureTable",
    "BudgetExecution",
    "BudgetSummaryTable",
    "CapitalBudgetExpenditureTable",
    "ClassifiedTable",
    "DebtExpenditureTable",
    "DepartmentPerformanceTable",
    "EconomicSummaryTable",
    "EconomicTable",
    "ExpenditureTable",
    "FinalAppropriationSummaryTable",
    "FinalCapitalBudgetTable",
    "FinalExpenditureTable",
    "FinalFundBudgetTable",
    "FinalGeneralBudgetBasicExpenditureTable",
    "FinalGeneralBudgetExpenditureTable",
    "FinalIncomeTable",
    "FinalSummaryTable",
    "FinalThreePublicTable",
    "FunctionalSummaryTable",
    "FundBudgetExpenditureTable",
    "GeneralBudgetBasicExpenditureTable",
    "GeneralBudgetExpenditureTable",
    "GenericTable",
    "GovernmentProcurementTable",
    "GovernmentServicesPurchaseTable",
    "IncomeTable",
    "OperatingExpensesTable",
    "PerformanceSelfEvaluationTable",
    "ProjectExpenditureTable",
    "ProjectPerformanceSummaryTable",
    "ProjectPerformanceTable",
    "ProjectTable",
    "SpecialFundsTable",
    "Table",
    "Task",
    "ThreePublicTable",
    "TwoSidedTable",
]

RowT = TypeVar("RowT")
_TableT = TypeVar("_TableT", bound="Table[Any]")


@attrs.frozen(slots=True, kw_only=True, repr=False)
class Table(Generic[RowT]):
    """Fields every table has: its title and number as printed, its columns and rows.

    A table printed with no data (“本表无数据”) has no rows and keeps the printed ``note``.
    ``status`` says how far the reader vouches for the rows: ``doubtful`` when an identity of the
    layout (合计 = Σ rows, parent = Σ children …) fails on every reading it tried, ``incomplete`` when
    part of the table is missing from the reading; ``doubts`` says why. Checks report a rule on such a
    table as ``incomplete`` (a reading problem), never as the publisher's error.

    >>> table = ExpenditureTable(status=TableStatus.DOUBTFUL, doubts=("合计 ≠ Σ 类 rows",))
    >>> table.reliable, table.incomplete
    (False, False)
    """

    kind: ClassVar[TableKind]

    title: str = ""
    """The title as printed (e.g. 部门支出总体情况表)."""
    number: str | None = None
    """表1, 公开03表 …, where printed."""
    columns: tuple[Column, ...] = ()
    """The amount columns the table prints, in order."""
    extra_columns: tuple[str, ...] = ()
    """Header paths of amount columns outside the :class:`Column` vocabulary (rows hold them in ``extra``)."""
    unit: Unit | None = None
    """The money unit the table printed (``单位：元``), where it printed one; amounts are held in yuan."""
    rows: tuple[RowT, ...] = ()
    note: str | None = None
    """注/备注 lines, and the printed note of an empty table."""
    status: TableStatus = TableStatus.READ
    """Whether the reading holds (:class:`TableStatus`)."""
    doubts: tuple[str, ...] = ()
    """Why the status is not ``read``: the identities that fail, the amounts left unplaced, a cut."""
    first_line: int | None = attrs.field(default=None, eq=False)
    last_line: int | None = attrs.field(default=None, eq=False)
    first_page: int | None = attrs.field(default=None, eq=False)
    """Page the table starts on, where the source has pages."""
    last_page: int | None = attrs.field(default=None, eq=False)

    def __iter__(self) -> Iterator[RowT]:
        return iter(self.rows)

    @property
    def incomplete(self) -> bool:
        """Whether part of the table is missing from the reading (status ``incomplete``)."""
        return self.status is TableStatus.INCOMPLETE

    @property
    def reliable(self) -> bool:
        """Whether the reader vouches for the rows (status ``read``): checks may blame the publisher."""
        return self.status is TableStatus.READ

    def marked(self: _TableT, status: TableStatus, reason: str) -> _TableT:
        """A copy at ``status`` or worse (incomplete > doubtful > read), with ``reason`` among its doubts.

        >>> ExpenditureTable().marked(TableStatus.INCOMPLETE, "cut off").marked(TableStatus.DOUBTFUL, "x").status
        <TableStatus.INCOMPLETE: 'incomplete'>
        """
        worse = max(self.status, status, key=_STATUS_ORDER.index)
        doubts = self.doubts if reason in self.doubts else (*self.doubts, reason)
        return attrs.evolve(self, status=worse, doubts=doubts)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def is_empty(self) -> bool:
        """Whether the table was printed without data (本表无数据): no row holds an amount."""
        return not any(
            any(v is not None for v in getattr(row, "amounts", {}).values()) or not hasattr(row, "amounts")
            for row in self.rows
        )

    def __repr__(self) -> str:
        flag = "" if self.reliable else f", {self.status.value}"
        return f"<{type(self).__name__} {self.title or self.kind.label!r}: {len(self.rows)} rows{flag}>"

    def _repr_html_(self) -> str:
        from gfs_cn.display import table_html

        return table_html(self)

    def to_frame(self, **options: Any) -> pandas.DataFrame:
        """The table as a pandas DataFrame, one row per printed row (options: ``floats``, ``leaves_only``;
        see :func:`gfs_cn.frames.table_frame`)."""
        from gfs_cn.frames import table_frame

        return table_frame(self, **options)


_STATUS_ORDER: Final = (TableStatus.READ, TableStatus.DOUBTFUL, TableStatus.INCOMPLETE)


def _total_row(rows: tuple[RowT, ...]) -> RowT | None:
    return next((r for r in rows if getattr(r, "kind", None) is RowKind.TOTAL), None)


def _printed_total(table: ClassifiedTable | EconomicTable, column: Column | None) -> Decimal | None:
    """The 合计 row's amount in ``column``; by default the 合计 column, else the table's first amount column."""
    row = _total_row(table.rows)
    if row is None:
        return None
    if column is None:
        column = Column.TOTAL if Column.TOTAL in table.columns or not table.columns else table.columns[0]
    return row.decimal(column)


@attrs.frozen(slots=True, kw_only=True, repr=False)
class ClassifiedTable(Table[ClassifiedRow]):
    """A table by functional code (类/款/项), optionally by unit."""

    def total(self, column: Column | None = None) -> Decimal | None:
        """The printed 合计 row's amount in yuan (``None`` if there is no such row or cell).

        ``column`` defaults to the 合计 column or, in a table that prints none (one amount column,
        headed 本年预算数 or 金额), to its first amount column.

        >>> from gfs_cn import to_money
        >>> from gfs_cn.tables import ClassifiedRow, Column, RowKind
        >>> amounts = {Column.GENERAL_BUDGET: to_money(Decimal("1.50"))}
        >>> total = ClassifiedRow(name="合计", kind=RowKind.TOTAL, amounts=amounts)
        >>> ClassifiedTable(columns=(Column.GENERAL_BUDGET,), rows=(total,)).total()
        Decimal('15000.00')
        """
        return _printed_total(self, column)


@attrs.frozen(slots=True, kw_only=True, repr=False)
class EconomicTable(Table[EconomicRow]):
    """A table by economic code: department codes, with government codes where printed."""

    def total(self, column: Column | None = None) -> Decimal | None:
        """The printed 合计 row's amount in yuan (``column`` as for :meth:`ClassifiedTable.total`)."""
        return _printed_total(self, column)


@attrs.frozen(slots=True, kw_only=True, repr=False)
class TwoSidedTable(Table[SummaryLine]):
    """A two-sided summary: income lines on the left, expenditure lines on the right."""

    income_columns: tuple[Column, ...] = ()
    """Columns of the income side (``columns`` holds the expenditure side's)."""

    def side(self, side: Side) -> tuple[SummaryLine, ...]:
        """The lines of one side, in printed order."""
        return tuple(line for line in self.rows if line.side is side)

    def line(self, item: str, side: Side | None = None) -> SummaryLine | None:
        """The first line whose item, blanks and numbering ignored, is ``item``."""
        wanted = strip_numbering(item)
        for candidate in self.rows:
            if (side is None or candidate.side is side) and strip_numbering(candidate.item) == wanted:
                return candidate
        return None


@attrs.frozen(slots=True, kw_only=True, repr=False)
class ProjectTable(Table[ProjectRow]):
    """A list of projects (项目支出)."""


@attrs.frozen(slots=True, kw_only=True, repr=False)
class ThreePublicTable(Table[ThreePublicRow]):
    """一般公共预算“三公”经费支出表 — 因公出国（境）费, 公务用车购置及运行费 (购置/运行), 公务接待费;
    one row per set of figures printed (last year's budget beside this year's, where printed)."""

    kind: ClassVar[TableKind] = TableKind.THREE_PUBLIC


@attrs.frozen(slots=True, kw_only=True)
class Task:
    """A task of a unit's performance targets (年度主要任务) with its funds."""

    name: str
    amount: Money | None = None
    """The funds, where printed."""


@attrs.frozen(slots=True, kw_only=True)
class BudgetExecution:
    """A line of a self-evaluation's 预算执行情况 (绩效自评表): the funds budgeted and spent, the rate
    printed, and the score it earns (得分 = 分值 × 执行率 where the template says so).

    >>> from decimal import Decimal
    >>> from gfs_cn.money import to_money
    >>> line = BudgetExecution(name="年度财政资金总额", budget=to_money(Decimal("170.96")),
    ...                        executed=to_money(Decimal("102.17")), rate=Decimal("59.76"),
    ...                        weight=Decimal(20), score=Decimal(12))
    >>> line.weight * line.rate / 100
    Decimal('11.952')
    """

    name: str
    """年度财政资金总额, 其中：当年财政拨款 … as printed."""
    budget: Money | None = None
    """预算数 (A) (全年预算数 where the template prints 年初 and 全年)."""
    executed: Money | None = None
    """执行数 (B)"""
    rate: Decimal | None = None
    """执行率 (B/A) in per cent as printed (``59.76`` of ``59.76%``); ``None`` where printed blank."""
    weight: Decimal | None = None
    """分值: the points the line is worth (``20`` of ``(20分)``), where printed."""
    score: Decimal | None = None
    """得分, where printed."""


@attrs.frozen(slots=True, kw_only=True, repr=False)
class _PerformanceTable(Table[Indicator]):
    """Performance targets: who, how much, the goal, and the indicators (rows)."""

    subject_name: str = ""
    """部门（单位）名称 or 项目（政策）名称 as printed."""
    department: str | None = None
    """主管部门"""
    implementing_unit: str | None = None
    """实施单位"""
    amount: Money | None = None
    """预算资金, where printed."""
    goal: str = ""
    """年度绩效目标 / 总体目标"""
    tasks: tuple[Task, ...] = ()
    funds: tuple[Task, ...] = ()
    """预算情况 lines: the sources (资金来源) and structure (资金结构) of the funds, each with its amount."""
    execution: tuple[BudgetExecution, ...] = ()
    """预算执行情况 lines of a self-evaluation (绩效自评表): 预算数, 执行数, 执行率, 得分."""
    total_score: Decimal | None = None
    """总分 of a self-evaluation, where printed."""


@attrs.frozen(slots=True, kw_only=True, repr=False)
class GenericTable(Table[GenericRow]):
    """A table of no standard kind (机关运行经费表, a region's own table): every row, code and amount
    under its header, so nothing printed is left out for want of a model."""

    kind: ClassVar[TableKind] = TableKind.OTHER


# --- Budget tables -------------------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True, repr=False)
class BudgetSummaryTable(TwoSidedTable):
    """收支总表 — income by source beside expenditure by functional class (收支预算总表, 部门收支总体情况表)."""

    kind: ClassVar[TableKind] = TableKind.BUDGET_SUMMARY


@attrs.frozen(slots=True, kw_only=True, repr=False)
class IncomeTable(ClassifiedTable):
    """收入总表 — income by functional code or by unit, one column per source (收入预算总表, 部门收入总体情况表)."""

    kind: ClassVar[TableKind] = TableKind.INCOME


@attrs.frozen(slots=True, kw_only=True, repr=False)
class ExpenditureTable(ClassifiedTable):
    """支出总表 — expenditure by functional code: 基本支出 (人员/公用) and 项目支出.

    Printed as 支出预算总表, 部门支出总体情况表, 支出总体情况表.
    """

    kind: ClassVar[TableKind] = TableKind.EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class AppropriationSummaryTable(TwoSidedTable):
    """财政拨款收支总表 — appropriations only, by fund type (财政拨款收支预算总表, 财政拨款收支总体情况表)."""

    kind: ClassVar[TableKind] = TableKind.APPROPRIATION_SUMMARY


@attrs.frozen(slots=True, kw_only=True, repr=False)
class GeneralBudgetExpenditureTable(ClassifiedTable):
    """一般公共预算支出表 — general-budget expenditure by functional code (一般公共预算支出情况表)."""

    kind: ClassVar[TableKind] = TableKind.GENERAL_BUDGET_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class GeneralBudgetBasicExpenditureTable(EconomicTable):
    """一般公共预算基本支出表 — basic expenditure by economic code, 人员经费/公用经费 (…情况表, …预算表)."""

    kind: ClassVar[TableKind] = TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class FundBudgetExpenditureTable(ClassifiedTable):
    """政府性基金预算支出表 — often printed empty with a note."""

    kind: ClassVar[TableKind] = TableKind.FUND_BUDGET_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class CapitalBudgetExpenditureTable(ClassifiedTable):
    """国有资本经营预算支出表 — often printed empty with a note."""

    kind: ClassVar[TableKind] = TableKind.CAPITAL_BUDGET_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class ProjectExpenditureTable(ProjectTable):
    """项目支出表 — projects with category (其他运转类/特定目标类), unit and fund source (项目支出预算表)."""

    kind: ClassVar[TableKind] = TableKind.PROJECT_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class EconomicSummaryTable(EconomicTable):
    """支出经济分类汇总表 — all expenditure by economic code and fund source."""

    kind: ClassVar[TableKind] = TableKind.ECONOMIC_SUMMARY


@attrs.frozen(slots=True, kw_only=True, repr=False)
class BasicExpenditureTable(EconomicTable):
    """基本支出预算情况表 — basic expenditure by economic code and fund source."""

    kind: ClassVar[TableKind] = TableKind.BASIC_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class FunctionalSummaryTable(ClassifiedTable):
    """支出功能分类预算表 — expenditure by functional code."""

    kind: ClassVar[TableKind] = TableKind.FUNCTIONAL_SUMMARY


@attrs.frozen(slots=True, kw_only=True, repr=False)
class GovernmentProcurementTable(ClassifiedTable):
    """政府采购预算表 — government procurement by functional code and fund source."""

    kind: ClassVar[TableKind] = TableKind.GOVERNMENT_PROCUREMENT


@attrs.frozen(slots=True, kw_only=True, repr=False)
class GovernmentServicesPurchaseTable(ClassifiedTable):
    """政府购买服务预算表"""

    kind: ClassVar[TableKind] = TableKind.GOVERNMENT_SERVICES_PURCHASE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class DebtExpenditureTable(ClassifiedTable):
    """债务支出预算表"""

    kind: ClassVar[TableKind] = TableKind.DEBT_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class SpecialFundsTable(Table[BudgetRow]):
    """部门管理专项资金预算表 — special funds: 总计, 已分配数, 未分配数."""

    kind: ClassVar[TableKind] = TableKind.SPECIAL_FUNDS


@attrs.frozen(slots=True, kw_only=True, repr=False)
class DepartmentPerformanceTable(_PerformanceTable):
    """部门（单位）整体绩效目标表 — a department's or unit's tasks, goal and indicators."""

    kind: ClassVar[TableKind] = TableKind.DEPARTMENT_PERFORMANCE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class ProjectPerformanceTable(_PerformanceTable):
    """项目（政策）绩效目标表 — a project's funds, goal and indicators (项目支出绩效目标表)."""

    kind: ClassVar[TableKind] = TableKind.PROJECT_PERFORMANCE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class ProjectPerformanceSummaryTable(ProjectTable):
    """部门预算项目绩效目标汇总表 — projects by unit with their funds; the indicator columns beside
    them (成本/产出/效益/满意度指标) are not modelled here (one table per project holds them)."""

    kind: ClassVar[TableKind] = TableKind.PROJECT_PERFORMANCE_SUMMARY


@attrs.frozen(slots=True, kw_only=True, repr=False)
class AppropriationExpenditureTable(ClassifiedTable):
    """财政拨款支出表 — expenditure of every appropriation by functional code (财政拨款支出预算表)."""

    kind: ClassVar[TableKind] = TableKind.APPROPRIATION_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class AppropriationBasicExpenditureTable(EconomicTable):
    """财政拨款基本支出表 — basic expenditure of every appropriation by economic code (财政拨款基本支出预算表)."""

    kind: ClassVar[TableKind] = TableKind.APPROPRIATION_BASIC_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class OperatingExpensesTable(EconomicTable):
    """机关运行经费支出表 — the running costs of agencies by economic code (一般公共预算机关运行经费支出预算表)."""

    kind: ClassVar[TableKind] = TableKind.OPERATING_EXPENSES


# --- Final-account tables (公开01表 … 公开09表) ----------------------------------------------


@attrs.frozen(slots=True, kw_only=True, repr=False)
class FinalSummaryTable(TwoSidedTable):
    """收入支出决算总表 (公开01表) — income and expenditure with 行次."""

    kind: ClassVar[TableKind] = TableKind.FINAL_SUMMARY


@attrs.frozen(slots=True, kw_only=True, repr=False)
class FinalIncomeTable(ClassifiedTable):
    """收入决算表 (公开02表) — income by functional code and source."""

    kind: ClassVar[TableKind] = TableKind.FINAL_INCOME


@attrs.frozen(slots=True, kw_only=True, repr=False)
class FinalExpenditureTable(ClassifiedTable):
    """支出决算表 (公开03表) — expenditure by functional code: 基本, 项目, 上缴上级, 经营, 对附属单位补助."""

    kind: ClassVar[TableKind] = TableKind.FINAL_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class FinalAppropriationSummaryTable(TwoSidedTable):
    """财政拨款收入支出决算总表 (公开04表)."""

    kind: ClassVar[TableKind] = TableKind.FINAL_APPROPRIATION_SUMMARY


@attrs.frozen(slots=True, kw_only=True, repr=False)
class FinalGeneralBudgetExpenditureTable(ClassifiedTable):
    """一般公共预算财政拨款支出决算表 (公开05表)."""

    kind: ClassVar[TableKind] = TableKind.FINAL_GENERAL_BUDGET_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class FinalGeneralBudgetBasicExpenditureTable(EconomicTable):
    """一般公共预算财政拨款基本支出决算明细表 (公开06表) — 人员经费 and 公用经费 by economic code."""

    kind: ClassVar[TableKind] = TableKind.FINAL_GENERAL_BUDGET_BASIC_EXPENDITURE


@attrs.frozen(slots=True, kw_only=True, repr=False)
class FinalFundBudgetTable(ClassifiedTable):
    """政府性基金预算财政拨款收入支出决算表 (公开07表)."""

    kind: ClassVar[TableKind] = TableKind.FINAL_FUND_BUDGET


@attrs.frozen(slots=True, kw_only=True, repr=False)
class FinalCapitalBudgetTable(ClassifiedTable):
    """国有资本经营预算财政拨款支出决算表 (公开08表)."""

    kind: ClassVar[TableKind] = TableKind.FINAL_CAPITAL_BUDGET


@attrs.frozen(slots=True, kw_only=True, repr=False)
class FinalThreePublicTable(ThreePublicTable):
    """财政拨款“三公”经费支出决算表 (公开09表) — 预算数 beside 决算数."""

    kind: ClassVar[TableKind] = TableKind.FINAL_THREE_PUBLIC


@attrs.frozen(slots=True, kw_only=True, repr=False)
class PerformanceSelfEvaluationTable(_PerformanceTable):
    """项目绩效自评表 — a project's targets with the values achieved."""

    kind: ClassVar[TableKind] = TableKind.PERFORMANCE_SELF_EVALUATION


TABLE_CLASSES: dict[TableKind, type[Table[Any]]] = {
    cls.kind: cls
    for cls in (
        BudgetSummaryTable,
        IncomeTable,
        ExpenditureTable,
        AppropriationSummaryTable,
        GeneralBudgetExpenditureTable,
        GeneralBudgetBasicExpenditureTable,
        ThreePublicTable,
        FundBudgetExpenditureTable,
        CapitalBudgetExpenditureTable,
        ProjectExpenditureTable,
        EconomicSummaryTable,
        BasicExpenditureTable,
        FunctionalSummaryTable,
        GovernmentProcurementTable,
        GovernmentServicesPurchaseTable,
        DebtExpenditureTable,
        SpecialFundsTable,
        DepartmentPerformanceTable,
        ProjectPerformanceTable,
        ProjectPerformanceSummaryTable,
        AppropriationExpenditureTable,
        AppropriationBasicExpenditureTable,
        OperatingExpensesTable,
        FinalSummaryTable,
        FinalIncomeTable,
        FinalExpenditureTable,
        FinalAppropriationSummaryTable,
        FinalGeneralBudgetExpenditureTable,
        FinalGeneralBudgetBasicExpenditureTable,
        FinalFundBudgetTable,
        FinalCapitalBudgetTable,
        FinalThreePublicTable,
        PerformanceSelfEvaluationTable,
        GenericTable,
    )
}
"""Every table kind's model class."""
