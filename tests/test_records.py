"""Every amount as one flat record: one per printed amount, with what says where it sits."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from moneyed import Money

from gfs_cn import Record, Unit, economic, functional, to_money, to_records
from gfs_cn.tables import (
    BudgetSummaryTable,
    ClassifiedRow,
    Column,
    EconomicRow,
    ExpenditureTable,
    GeneralBudgetBasicExpenditureTable,
    ProjectPerformanceTable,
    Report,
    ReportKind,
    RowKind,
    Side,
    SummaryLine,
    Table,
    Task,
)
from tests.reports import SEEDS, hand_built
from tests.strategies import reports

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

def amounts_in(report: Report) -> int:
    """Non-blank amounts, counted the slow way: row cells, and any Money a table holds in a field of
    its own or in its tasks (a performance table's 预算资金, its tasks' and its 预算情况 lines')."""
    count = 0
    for table in report.tables:
        for row in table.rows:
            count += sum(money is not None for money in getattr(row, "amounts", {}).values())
            count += sum(money is not None for money in getattr(row, "extra", {}).values())
        for field in attrs.fields(type(table)):
            value = getattr(table, field.name)
            count += isinstance(value, Money)
            if isinstance(value, tuple):
                count += sum(isinstance(item, Task) and item.amount is not None for item in value)
    return count


def report_of(*tables: Table[Any], unit: Unit = Unit.WAN_YUAN) -> Report:
    return Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET, money_unit=unit, tables=tables)


@PROPERTY
@given(reports())
def test_one_record_per_non_blank_amount(report: Report) -> None:
    records = to_records(report)
    assert len(records) == amounts_in(report)
    assert all(isinstance(record.amount, Decimal) for record in records)
    printed_units = {report.money_unit.value} | {t.unit.value for t in report.tables if t.unit is not None}
    assert {record.printed_unit for record in records} <= printed_units
    extra = {path for t in report.tables for row in t.rows for path in getattr(row, "extra", {})}
    assert {record.column for record in records} <= {column.value for column in Column} | extra


def test_blank_cells_give_no_record_and_zero_does() -> None:
    row = ClassifiedRow(
        code="2101501",
        name="行政运行",
        subject=functional.lookup("2101501"),
        amounts={Column.TOTAL: to_money(Decimal("442.28")), Column.BASIC: Money("0.00", "CNY"), Column.PROJECT: None},
    )
    records = to_records(report_of(ExpenditureTable(columns=(Column.TOTAL, Column.BASIC, Column.PROJECT), rows=(row,))))
    assert [(r.column, r.amount) for r in records] == [("total", Decimal("4422800.00")), ("basic", Decimal("0.00"))]


def test_a_classified_record() -> None:
    total = ClassifiedRow(name="合 计", kind=RowKind.TOTAL, amounts={Column.TOTAL: to_money(Decimal("2311.07"))})
    item = ClassifiedRow(
        code="2101501",
        printed_code="\t\t01",
        name="行政运行",
        subject=functional.lookup("2101501"),
        unit_code="073001",
        amounts={Column.TOTAL: to_money(Decimal("442.28"))},
    )
    bad = ClassifiedRow(code="2101598", name="行政运行", amounts={Column.TOTAL: to_money(Decimal("1"))})
    table = ExpenditureTable(title="支出预算总表", columns=(Column.TOTAL,), rows=(total, item, bad))
    first, second, third = to_records(report_of(table))
    assert first == Record(
        department="鞍山市医疗保障局",
        year=2024,
        report_kind="budget",
        table="expenditure",
        table_index=0,
        row_index=0,
        unit_code=None,
        row_kind="total",
        side=None,
        row_code="",
        row_name="合 计",
        subject_code=None,
        canonical_name=None,
        level=None,
        government_code="",
        column="total",
        amount=Decimal("23110700.00"),
        printed_unit="万元",
    )
    assert (second.row_index, second.unit_code, second.row_code, second.row_name) == (
        1,
        "073001",
        "2101501",
        "行政运行",
    )
    assert (second.subject_code, second.canonical_name, second.level) == ("2101501", "行政运行", "项")
    assert (third.row_code, third.subject_code, third.canonical_name) == ("2101598", None, None)


def test_an_economic_record_carries_the_government_code() -> None:
    row = EconomicRow(
        code="30101",
        name="基本工资",
        subject=economic.department.lookup("30101"),
        government_code="50501",
        government_subject=economic.government.lookup("50501"),
        amounts={Column.PERSONNEL: to_money(Decimal("140.31"))},
    )
    (record,) = to_records(report_of(GeneralBudgetBasicExpenditureTable(columns=(Column.PERSONNEL,), rows=(row,))))
    assert (record.row_code, record.canonical_name, record.level, record.government_code) == (
        "30101",
        "基本工资",
        "款",
        "50501",
    )


def test_summary_lines_say_their_side() -> None:
    lines = (
        SummaryLine(side=Side.INCOME, item="收入总计", kind=RowKind.TOTAL, amounts={Column.AMOUNT: Money(1, "CNY")}),
        SummaryLine(
            side=Side.EXPENDITURE,
            item="八、卫生健康支出",
            subject=functional.lookup("210"),
            amounts={Column.AMOUNT: Money(1, "CNY")},
        ),
    )
    income, expenditure = to_records(report_of(BudgetSummaryTable(columns=(Column.AMOUNT,), rows=lines)))
    assert (income.side, income.row_name, income.row_code) == ("income", "收入总计", "")
    assert (expenditure.side, expenditure.subject_code, expenditure.canonical_name, expenditure.level) == (
        "expenditure",
        "210",
        "卫生健康支出",
        "类",
    )


def test_performance_funds_and_tasks() -> None:
    table = ProjectPerformanceTable(
        subject_name="物业管理费",
        amount=to_money(Decimal("12.00")),
        tasks=(Task(name="保运转", amount=to_money(Decimal("5"))), Task(name="无资金")),
    )
    funds, task, source = to_records(
        report_of(attrs.evolve(table, funds=(Task(name="财政拨款", amount=Money(7, "CNY")),)))
    )
    assert (source.row_index, source.row_kind, source.row_name, source.amount) == (0, "subset", "财政拨款", Decimal(7))
    assert (funds.row_index, funds.row_kind, funds.row_name, funds.column, funds.amount) == (
        None,
        "total",
        "物业管理费",
        "amount",
        Decimal("120000.00"),
    )
    assert (task.row_index, task.row_kind, task.row_name, task.amount) == (0, "item", "保运转", Decimal("50000"))


def test_tables_of_one_kind_are_numbered() -> None:
    tables = [ProjectPerformanceTable(subject_name=name, amount=Money(1, "CNY")) for name in ("甲", "乙", "丙")]
    records = to_records(report_of(ExpenditureTable(), *tables))
    assert [(r.table, r.table_index, r.row_name) for r in records] == [
        ("project_performance", 0, "甲"),
        ("project_performance", 1, "乙"),
        ("project_performance", 2, "丙"),
    ]


def test_amounts_are_yuan_whatever_the_printed_unit() -> None:
    row = ClassifiedRow(name="合计", kind=RowKind.TOTAL, amounts={Column.TOTAL: to_money(Decimal("188366"), "元")})
    (record,) = to_records(report_of(ExpenditureTable(columns=(Column.TOTAL,), rows=(row,)), unit=Unit.YUAN))
    assert (record.amount, record.printed_unit) == (Decimal("188366"), "元")


FIXTURE_CASES = [(seed, key) for seed in SEEDS for key in hand_built(seed).PRINTED_AMOUNTS]


@pytest.mark.parametrize(("name", "key"), FIXTURE_CASES)
def test_fixture_records_match_the_printed_amounts(name: str, key: str) -> None:
    module = hand_built(name)
    counts = Counter(f"{record.table}#{record.table_index}" for record in to_records(module.REPORT))
    assert counts.get(key, 0) == module.PRINTED_AMOUNTS[key]


@pytest.mark.parametrize("name", SEEDS)
def test_fixture_records_come_only_from_counted_tables(name: str) -> None:
    module = hand_built(name)
    tables = {f"{r.table}#{r.table_index}" for r in to_records(module.REPORT)}
    assert tables <= set(module.PRINTED_AMOUNTS)
