"""Reports and tables as pandas DataFrames; a clear error where pandas is not installed."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from gfs_cn import Record, functional, to_money, to_records
from gfs_cn.frames import PandasMissingError, report_frame, table_frame
from gfs_cn.tables import (
    TABLE_CLASSES,
    BudgetSummaryTable,
    ClassifiedRow,
    Column,
    ExpenditureTable,
    Report,
    ReportKind,
    RowKind,
    Side,
    SummaryLine,
)
from tests.reports import SEEDS, hand_built
from tests.strategies import reports

PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture
def pd() -> Any:
    return pytest.importorskip("pandas")


def expenditure() -> ExpenditureTable:
    rows = (
        ClassifiedRow(name="合计", kind=RowKind.TOTAL, amounts={Column.TOTAL: to_money(Decimal("2311.07"))}),
        ClassifiedRow(
            code="2101501",
            printed_code="210\t15\t01",
            name="行政运行",
            subject=functional.lookup("2101501"),
            unit_code="073001",
            amounts={Column.TOTAL: to_money(Decimal("442.28")), Column.PROJECT: None},
            line=40,
        ),
    )
    return ExpenditureTable(title="支出预算总表", columns=(Column.TOTAL, Column.PROJECT), rows=rows)


def test_table_frame_has_a_row_per_row_and_a_column_per_column(pd: Any) -> None:
    frame = table_frame(expenditure())
    assert list(frame.columns) == ["code", "printed_code", "name", "subject", "kind", "unit_code", "total", "project"]
    assert len(frame) == 2
    assert frame.loc[1, "subject"] == "2101501"
    assert frame.loc[1, "kind"] == "item"
    assert frame.loc[1, "total"] == Decimal("4422800.00")
    assert isinstance(frame.loc[1, "total"], Decimal)
    assert frame.loc[1, "project"] is None  # blank stays blank, not NaN and not zero
    assert frame.loc[0, "project"] is None  # the 合计 row printed no project cell
    assert frame["total"].dtype == object
    assert sum(frame["total"][1:]) == Decimal("4422800.00")  # exact Decimal arithmetic


def test_two_sided_frame_puts_income_columns_first(pd: Any) -> None:
    lines = (
        SummaryLine(side=Side.INCOME, item="一、财政拨款收入", amounts={Column.INCOME: to_money(Decimal("1"))}),
        SummaryLine(side=Side.EXPENDITURE, item="一、一般公共服务支出", amounts={Column.AMOUNT: None}),
    )
    table = BudgetSummaryTable(columns=(Column.AMOUNT,), income_columns=(Column.INCOME,), rows=lines)
    frame = table_frame(table)
    assert list(frame.columns)[-2:] == ["income", "amount"]
    assert list(frame["side"]) == ["income", "expenditure"]
    assert frame.loc[1, "income"] is None


@pytest.mark.parametrize("cls", list(TABLE_CLASSES.values()), ids=lambda cls: cls.__name__)
def test_every_table_class_makes_a_frame_even_empty(pd: Any, cls: type) -> None:
    frame = cls(columns=(Column.TOTAL,)).to_frame()
    assert len(frame) == 0
    assert "total" in frame.columns
    assert len(frame.columns) > 1  # the row fields, from the table's row class


def test_report_frame_is_the_records(pd: Any) -> None:
    report = Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET, tables=(expenditure(),))
    frame = report.to_frame()
    assert list(frame.columns) == list(Record._fields)
    plain = frame.astype(object).where(frame.notna(), None)  # pandas' missing text back to None
    assert [tuple(row) for row in plain.itertuples(index=False)] == [tuple(record) for record in to_records(report)]
    assert frame["amount"].dtype == object
    assert str(frame["row_index"].dtype) == "Int64"
    assert frame["amount"].sum() == Decimal("27533500.00")


@PROPERTY
@given(reports())
def test_report_frame_has_a_row_per_amount(report: Report) -> None:
    pytest.importorskip("pandas")
    frame = report_frame(report)
    assert len(frame) == len(to_records(report))
    assert all(isinstance(amount, Decimal) for amount in frame["amount"])


@pytest.mark.parametrize("name", SEEDS)
def test_fixture_frames(pd: Any, name: str) -> None:
    report = hand_built(name).REPORT
    assert len(report_frame(report)) == len(to_records(report))
    for table in report.tables:
        assert len(table_frame(table)) == len(table.rows)


def test_without_pandas_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(PandasMissingError, match=r"pip install 'gfs-cn\[pandas\]'") as caught:
        expenditure().to_frame()
    assert isinstance(caught.value, ImportError)
    assert caught.value.name == "pandas"
    with pytest.raises(ImportError, match="gfs-cn"):
        report_frame(Report(department="某局", year=2024, kind=ReportKind.BUDGET))
