"""The kinds of standard disclosure table (公开表), budget and final account.

A table's *kind* is what it is; its title varies by region (收支预算总表, 部门收支总体情况表 …).
The parts of the titles each kind is printed under are data, in ``data/title_parts.tsv`` and
``data/title_kinds.tsv``.

>>> TableKind.EXPENDITURE.label
'支出总表'
>>> TableKind.FINAL_THREE_PUBLIC.report_kind
<ReportKind.FINAL_ACCOUNT: 'final_account'>
"""

from __future__ import annotations

import enum

__all__ = ["ReportKind", "Scope", "TableKind", "TableStatus"]


class ReportKind(enum.Enum):
    """Budget (部门预算) or final account (部门决算)."""

    BUDGET = "budget"
    """部门预算"""
    FINAL_ACCOUNT = "final_account"
    """部门决算"""

    @property
    def label(self) -> str:
        """The Chinese term."""
        return "部门预算" if self is ReportKind.BUDGET else "部门决算"


class TableStatus(enum.Enum):
    """How far a reader vouches for a table's rows (读取状态).

    >>> TableStatus("doubtful").label
    '存疑'
    """

    READ = "read"
    """Read, and every identity the table's layout implies holds on the reading (or none applies)."""
    DOUBTFUL = "doubtful"
    """Read whole, but an identity fails on every reading the layout allows: the rows may be misread."""
    INCOMPLETE = "incomplete"
    """Part of the table is missing from the reading: cut off in the source, or amounts on its pages
    that the reader could not place."""

    @property
    def label(self) -> str:
        """The Chinese term."""
        return {"read": "已读", "doubtful": "存疑", "incomplete": "不完整"}[self.value]


class Scope(enum.Enum):
    """Whose budget a report discloses: a department with its units (部门) or one unit (单位)."""

    DEPARTMENT = "department"
    """部门预算/决算: the department and every unit it includes."""
    UNIT = "unit"
    """单位预算/决算: one unit of a department."""

    @property
    def label(self) -> str:
        """The Chinese term."""
        return "部门" if self is Scope.DEPARTMENT else "单位"


class TableKind(enum.Enum):
    """A kind of disclosure table; the value is its stable English id."""

    # Budget tables (部门预算公开)
    BUDGET_SUMMARY = "budget_summary"
    INCOME = "income"
    EXPENDITURE = "expenditure"
    APPROPRIATION_SUMMARY = "appropriation_summary"
    GENERAL_BUDGET_EXPENDITURE = "general_budget_expenditure"
    GENERAL_BUDGET_BASIC_EXPENDITURE = "general_budget_basic_expenditure"
    THREE_PUBLIC = "three_public"
    FUND_BUDGET_EXPENDITURE = "fund_budget_expenditure"
    CAPITAL_BUDGET_EXPENDITURE = "capital_budget_expenditure"
    PROJECT_EXPENDITURE = "project_expenditure"
    ECONOMIC_SUMMARY = "economic_summary"
    BASIC_EXPENDITURE = "basic_expenditure"
    FUNCTIONAL_SUMMARY = "functional_summary"
    GOVERNMENT_PROCUREMENT = "government_procurement"
    GOVERNMENT_SERVICES_PURCHASE = "government_services_purchase"
    DEBT_EXPENDITURE = "debt_expenditure"
    SPECIAL_FUNDS = "special_funds"
    DEPARTMENT_PERFORMANCE = "department_performance"
    PROJECT_PERFORMANCE = "project_performance"
    PROJECT_PERFORMANCE_SUMMARY = "project_performance_summary"
    APPROPRIATION_EXPENDITURE = "appropriation_expenditure"
    APPROPRIATION_BASIC_EXPENDITURE = "appropriation_basic_expenditure"
    OPERATING_EXPENSES = "operating_expenses"
    # Final-account tables (部门决算公开, 公开01表 … 公开09表)
    FINAL_SUMMARY = "final_summary"
    FINAL_INCOME = "final_income"
    FINAL_EXPENDITURE = "final_expenditure"
    FINAL_APPROPRIATION_SUMMARY = "final_appropriation_summary"
    FINAL_GENERAL_BUDGET_EXPENDITURE = "final_general_budget_expenditure"
    FINAL_GENERAL_BUDGET_BASIC_EXPENDITURE = "final_general_budget_basic_expenditure"
    FINAL_FUND_BUDGET = "final_fund_budget"
    FINAL_CAPITAL_BUDGET = "final_capital_budget"
    FINAL_THREE_PUBLIC = "final_three_public"
    PERFORMANCE_SELF_EVALUATION = "performance_self_evaluation"
    # Any other table (机关运行经费, a region's own): read generically, every amount kept
    OTHER = "other"

    @property
    def label(self) -> str:
        """The table's standard Chinese title."""
        return _LABELS[self]

    @property
    def report_kind(self) -> ReportKind | None:
        """Whether the kind belongs to budgets or final accounts (``None``: either)."""
        if self.name.startswith("FINAL_") or self is TableKind.PERFORMANCE_SELF_EVALUATION:
            return ReportKind.FINAL_ACCOUNT
        if self in _EITHER:
            return None
        return ReportKind.BUDGET


_EITHER = frozenset(
    {
        TableKind.OTHER,
        TableKind.OPERATING_EXPENSES,
        TableKind.DEPARTMENT_PERFORMANCE,
        TableKind.PROJECT_PERFORMANCE,
        TableKind.PROJECT_PERFORMANCE_SUMMARY,
    }
)

_LABELS = {
    TableKind.BUDGET_SUMMARY: "收支总表",
    TableKind.INCOME: "收入总表",
    TableKind.EXPENDITURE: "支出总表",
    TableKind.APPROPRIATION_SUMMARY: "财政拨款收支总表",
    TableKind.GENERAL_BUDGET_EXPENDITURE: "一般公共预算支出表",
    TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE: "一般公共预算基本支出表",
    TableKind.THREE_PUBLIC: "一般公共预算“三公”经费支出表",
    TableKind.FUND_BUDGET_EXPENDITURE: "政府性基金预算支出表",
    TableKind.CAPITAL_BUDGET_EXPENDITURE: "国有资本经营预算支出表",
    TableKind.PROJECT_EXPENDITURE: "项目支出表",
    TableKind.ECONOMIC_SUMMARY: "支出经济分类汇总表",
    TableKind.BASIC_EXPENDITURE: "基本支出预算情况表",
    TableKind.FUNCTIONAL_SUMMARY: "支出功能分类预算表",
    TableKind.GOVERNMENT_PROCUREMENT: "政府采购预算表",
    TableKind.GOVERNMENT_SERVICES_PURCHASE: "政府购买服务预算表",
    TableKind.DEBT_EXPENDITURE: "债务支出预算表",
    TableKind.SPECIAL_FUNDS: "部门管理专项资金预算表",
    TableKind.DEPARTMENT_PERFORMANCE: "部门（单位）整体绩效目标表",
    TableKind.PROJECT_PERFORMANCE: "项目（政策）绩效目标表",
    TableKind.PROJECT_PERFORMANCE_SUMMARY: "部门预算项目绩效目标汇总表",
    TableKind.APPROPRIATION_EXPENDITURE: "财政拨款支出表",
    TableKind.APPROPRIATION_BASIC_EXPENDITURE: "财政拨款基本支出表",
    TableKind.OPERATING_EXPENSES: "机关运行经费支出表",
    TableKind.FINAL_SUMMARY: "收入支出决算总表",
    TableKind.FINAL_INCOME: "收入决算表",
    TableKind.FINAL_EXPENDITURE: "支出决算表",
    TableKind.FINAL_APPROPRIATION_SUMMARY: "财政拨款收入支出决算总表",
    TableKind.FINAL_GENERAL_BUDGET_EXPENDITURE: "一般公共预算财政拨款支出决算表",
    TableKind.FINAL_GENERAL_BUDGET_BASIC_EXPENDITURE: "一般公共预算财政拨款基本支出决算明细表",
    TableKind.FINAL_FUND_BUDGET: "政府性基金预算财政拨款收入支出决算表",
    TableKind.FINAL_CAPITAL_BUDGET: "国有资本经营预算财政拨款支出决算表",
    TableKind.FINAL_THREE_PUBLIC: "财政拨款“三公”经费支出决算表",
    TableKind.PERFORMANCE_SELF_EVALUATION: "项目绩效自评表",
    TableKind.OTHER: "其他表",
}
