"""The one vocabulary of amount columns shared by every disclosure table (栏目).

Tables print the same columns under many headers — 人员经费, 人员支出 and 工资福利支出 headers
all exist — but every amount in gfs_cn sits under one :class:`Column` of this vocabulary, so
the same figure has the same name in every table. The printed headers that map onto each
column are data, in ``data/columns.tsv``, for the reader.

>>> Column.BASIC.label
'基本支出'
>>> Column("personnel") is Column.PERSONNEL
True
"""

from __future__ import annotations

import enum

__all__ = ["Column"]


class Column(enum.Enum):
    """An amount column (栏目); the value is its stable English id, ``label`` the Chinese term."""

    # Totals
    TOTAL = "total"
    """合计 / 总计 — the row's total across the table's sources or uses."""
    AMOUNT = "amount"
    """金额 / 预算数 / 决算数 — the single amount of a line in a two-sided summary table."""
    INCOME = "income"
    """本年收入 (合计) — this year's income, before balances carried over."""
    EXPENDITURE = "expenditure"
    """本年支出 (合计) — this year's expenditure."""

    # Uses of funds
    BASIC = "basic"
    """基本支出 — basic expenditure (personnel + operating)."""
    PERSONNEL = "personnel"
    """人员经费 / 人员支出 — personnel expenditure within basic expenditure."""
    OPERATING = "operating"
    """公用经费 / 日常公用支出 — operating expenditure within basic expenditure."""
    SALARIES = "salaries"
    """工资福利支出 (as a column of basic expenditure)."""
    HOUSEHOLD_SUBSIDIES = "household_subsidies"
    """对个人和家庭的补助 (as a column of basic expenditure)."""
    GOODS_AND_SERVICES = "goods_and_services"
    """商品和服务支出 (as a column of basic expenditure)."""
    CAPITAL_OUTLAY = "capital_outlay"
    """资本性支出 (as a column of basic expenditure)."""
    PROJECT = "project"
    """项目支出 — project expenditure."""
    OPERATIONAL_PROJECTS = "operational_projects"
    """其他运转类 — projects that keep the unit running."""
    TARGETED_PROJECTS = "targeted_projects"
    """特定目标类 — projects for specific goals."""
    PAID_TO_SUPERIOR = "paid_to_superior"
    """上缴上级支出"""
    BUSINESS_EXPENDITURE = "business_expenditure"
    """经营支出"""
    SUBSIDIES_TO_AFFILIATES = "subsidies_to_affiliates"
    """对附属单位补助支出"""
    CARRIED_TO_NEXT_YEAR = "carried_to_next_year"
    """结转下年 / 年末结转和结余"""

    # Sources of funds
    APPROPRIATION = "appropriation"
    """财政拨款 (小计) — all fiscal appropriations."""
    GENERAL_BUDGET = "general_budget"
    """一般公共预算 (拨款)"""
    GENERAL_BUDGET_APPROPRIATION = "general_budget_appropriation"
    """一般公共预算 › 其中：财政拨款 — a subset of the general budget column, never added to totals."""
    FUND_BUDGET = "fund_budget"
    """政府性基金预算 (拨款)"""
    CAPITAL_BUDGET = "capital_budget"
    """国有资本经营预算 (拨款)"""
    SPECIAL_ACCOUNT = "special_account"
    """财政专户管理资金 (收入)"""
    UNIT_FUNDS = "unit_funds"
    """单位资金"""
    SERVICE_REVENUE = "service_revenue"
    """事业收入 (不含教育收费)"""
    BUSINESS_REVENUE = "business_revenue"
    """事业单位经营收入 / 经营收入"""
    SUPERIOR_SUBSIDY = "superior_subsidy"
    """上级补助收入"""
    AFFILIATE_REMITTANCE = "affiliate_remittance"
    """附属单位上缴收入"""
    OTHER_REVENUE = "other_revenue"
    """其他收入"""
    NON_APPROPRIATION_BALANCE = "non_appropriation_balance"
    """使用非财政拨款结余"""
    CARRYOVER = "carryover"
    """上年结转 / 上年结转结余 / 年初结转和结余 — balances brought forward (their total)."""
    CARRYOVER_GENERAL_BUDGET = "carryover_general_budget"
    """上年结转结余 › 一般公共预算"""
    CARRYOVER_FUND_BUDGET = "carryover_fund_budget"
    """上年结转结余 › 政府性基金预算"""
    CARRYOVER_CAPITAL_BUDGET = "carryover_capital_budget"
    """上年结转结余 › 国有资本经营预算"""
    CARRYOVER_SPECIAL_ACCOUNT = "carryover_special_account"
    """上年结转结余 › 财政专户管理资金"""
    CARRYOVER_UNIT_FUNDS = "carryover_unit_funds"
    """上年结转结余 › 单位资金"""

    # “三公”经费
    OVERSEAS_TRAVEL = "overseas_travel"
    """因公出国（境）费"""
    OFFICIAL_VEHICLES = "official_vehicles"
    """公务用车购置及运行（维护）费 (小计)"""
    VEHICLE_PURCHASE = "vehicle_purchase"
    """公务用车购置费"""
    VEHICLE_OPERATION = "vehicle_operation"
    """公务用车运行（维护）费"""
    OFFICIAL_RECEPTION = "official_reception"
    """公务接待费"""

    # Funding of a unit's budget (部门管理专项资金 and the like)
    ALLOCATED = "allocated"
    """已分配数"""
    UNALLOCATED = "unallocated"
    """未分配数"""

    @property
    def label(self) -> str:
        """The Chinese term, as the national templates print it."""
        return _LABELS[self]

    @property
    def is_subset(self) -> bool:
        """Whether this column is a “其中” subset of another column, never added into totals."""
        return self is Column.GENERAL_BUDGET_APPROPRIATION


_LABELS = {
    Column.TOTAL: "合计",
    Column.AMOUNT: "金额",
    Column.INCOME: "本年收入",
    Column.EXPENDITURE: "本年支出",
    Column.BASIC: "基本支出",
    Column.PERSONNEL: "人员经费",
    Column.OPERATING: "公用经费",
    Column.SALARIES: "工资福利支出",
    Column.HOUSEHOLD_SUBSIDIES: "对个人和家庭的补助",
    Column.GOODS_AND_SERVICES: "商品和服务支出",
    Column.CAPITAL_OUTLAY: "资本性支出",
    Column.PROJECT: "项目支出",
    Column.OPERATIONAL_PROJECTS: "其他运转类",
    Column.TARGETED_PROJECTS: "特定目标类",
    Column.PAID_TO_SUPERIOR: "上缴上级支出",
    Column.BUSINESS_EXPENDITURE: "经营支出",
    Column.SUBSIDIES_TO_AFFILIATES: "对附属单位补助支出",
    Column.CARRIED_TO_NEXT_YEAR: "结转下年",
    Column.APPROPRIATION: "财政拨款",
    Column.GENERAL_BUDGET: "一般公共预算",
    Column.GENERAL_BUDGET_APPROPRIATION: "其中：财政拨款",
    Column.FUND_BUDGET: "政府性基金预算",
    Column.CAPITAL_BUDGET: "国有资本经营预算",
    Column.SPECIAL_ACCOUNT: "财政专户管理资金",
    Column.UNIT_FUNDS: "单位资金",
    Column.SERVICE_REVENUE: "事业收入",
    Column.BUSINESS_REVENUE: "事业单位经营收入",
    Column.SUPERIOR_SUBSIDY: "上级补助收入",
    Column.AFFILIATE_REMITTANCE: "附属单位上缴收入",
    Column.OTHER_REVENUE: "其他收入",
    Column.NON_APPROPRIATION_BALANCE: "使用非财政拨款结余",
    Column.CARRYOVER: "上年结转",
    Column.CARRYOVER_GENERAL_BUDGET: "上年结转（一般公共预算）",
    Column.CARRYOVER_FUND_BUDGET: "上年结转（政府性基金预算）",
    Column.CARRYOVER_CAPITAL_BUDGET: "上年结转（国有资本经营预算）",
    Column.CARRYOVER_SPECIAL_ACCOUNT: "上年结转（财政专户管理资金）",
    Column.CARRYOVER_UNIT_FUNDS: "上年结转（单位资金）",
    Column.OVERSEAS_TRAVEL: "因公出国（境）费",
    Column.OFFICIAL_VEHICLES: "公务用车购置及运行费",
    Column.VEHICLE_PURCHASE: "公务用车购置费",
    Column.VEHICLE_OPERATION: "公务用车运行费",
    Column.OFFICIAL_RECEPTION: "公务接待费",
    Column.ALLOCATED: "已分配数",
    Column.UNALLOCATED: "未分配数",
}
