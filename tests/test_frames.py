"""Reports and tables as pandas DataFrames; a clear error where pandas is not installed."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from gfs_cn import Record, functional, to_money, to_records
from gfs_cn.aggregate import rollup
from gfs_cn.frames import PandasMissingError, report_frame, table_frame
from gfs_cn.tables import (
    TABLE_CLASSES,
    BudgetSummaryTable,
    ClassifiedRow,
    ClassifiedTable,
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


pa = pytest.importorskip("pyarrow")


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
    assert list(frame.columns) == [
        "code", "printed_code", "name", "subject", "level", "kind", "unit_code", "total", "project"
    ]  # fmt: skip
    assert len(frame) == 2
    assert frame.loc[1, "subject"] == "2101501"
    assert frame.loc[1, "level"] == "项"
    assert frame.loc[1, "kind"] == "item"
    assert frame.loc[1, "total"] == Decimal("4422800.00")
    assert isinstance(frame.loc[1, "total"], Decimal)
    assert frame.loc[1, "project"] is pd.NA  # blank stays blank, not zero
    assert frame.loc[0, "project"] is pd.NA  # the 合计 row printed no project cell
    assert frame["total"].dtype == pd.ArrowDtype(pa.decimal128(20, 2))
    assert frame["total"][1:].sum() == Decimal("4422800.00")  # exact decimal arithmetic, numeric dtype


def test_two_sided_frame_puts_income_columns_first(pd: Any) -> None:
    lines = (
        SummaryLine(side=Side.INCOME, item="一、财政拨款收入", amounts={Column.INCOME: to_money(Decimal("1"))}),
        SummaryLine(side=Side.EXPENDITURE, item="一、一般公共服务支出", amounts={Column.AMOUNT: None}),
    )
    table = BudgetSummaryTable(columns=(Column.AMOUNT,), income_columns=(Column.INCOME,), rows=lines)
    frame = table_frame(table)
    assert list(frame.columns)[-2:] == ["income", "amount"]
    assert list(frame["side"]) == ["income", "expenditure"]
    assert frame.loc[1, "income"] is pd.NA


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
    plain = frame.astype(object).where(frame.notna(), None)  # pandas' missing values back to None
    assert [tuple(row) for row in plain.itertuples(index=False)] == [tuple(record) for record in to_records(report)]
    assert frame["amount"].dtype == pd.ArrowDtype(pa.decimal128(20, 2))
    assert str(frame["row_index"].dtype) == "Int64"
    assert frame["amount"].sum() == Decimal("27533500.00")


@PROPERTY
@given(reports())
def test_report_frame_has_a_row_per_amount(report: Report) -> None:
    pytest.importorskip("pandas")
    frame = report_frame(report)
    assert len(frame) == len(to_records(report))
    assert all(isinstance(amount, Decimal) for amount in frame["amount"])
    assert frame["amount"].sum() == sum((r.amount for r in to_records(report)), Decimal(0))


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


def test_floats_for_plotting(pd: Any) -> None:
    frame = table_frame(expenditure(), floats=True)
    assert frame["total"].dtype == "float64"
    assert frame.loc[1, "total"] == 4422800.0
    assert pd.isna(frame.loc[1, "project"])
    assert report_frame(Report(department="某局", year=2024, kind=ReportKind.BUDGET, tables=(expenditure(),)),
                        floats=True)["amount"].dtype == "float64"  # fmt: skip


def test_a_frame_plots(pd: Any) -> None:
    """The issue's complaint: `df.plot` said "no numeric data" on Decimal objects."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    frame = table_frame(expenditure())
    axes = frame.set_index("name")[["total"]].plot.bar()
    assert len(axes.patches) == 2
    matplotlib.pyplot.close("all")


@pytest.mark.parametrize("name", SEEDS)
def test_leaves_add_up_as_rollup_adds(pd: Any, name: str) -> None:
    """In every classified table of the hand-built reports the leaves of each column add up to what rollup
    adds; all rows together add up to far more (合计, 类 and 款 counted again)."""
    report = hand_built(name).REPORT
    records = report.to_frame(leaves_only=True)
    for table in report.tables:
        if not isinstance(table, ClassifiedTable) or not table.rows:
            continue
        leaves = table.to_frame(leaves_only=True)
        assert set(leaves["kind"]) <= {"item"}
        everything = table.to_frame()
        for column in table.columns:
            added = leaves[column.value].sum()
            assert added == rollup(table.rows, column=column).total, (table.title, column)
            if added:
                assert everything[column.value].sum() >= 2 * added
        mine = records[(records["table"] == table.kind.value) & (records["column"] == table.columns[0].value)]
        assert mine["amount"].sum() == leaves[table.columns[0].value].sum()


@pytest.mark.parametrize(
    ("name", "kind", "rounding"),
    [("anshan", "expenditure", "0.00"), ("ezhou", "final_expenditure", "100.00"), ("xixia", "expenditure", "-100.00")],
)
def test_leaves_add_up_to_the_printed_total(pd: Any, name: str, kind: str, rounding: str) -> None:
    """The 支出总表's leaves add up to its 合计 row: to the fen, or off by the 0.01万元 the report rounded."""
    table = hand_built(name).REPORT.table(kind)
    total = next(row for row in table.rows if row.kind is RowKind.TOTAL)
    column = table.columns[0]
    frame = table.to_frame(leaves_only=True)
    assert frame[column.value].sum() - total.decimal(column) == Decimal(rounding)


def test_leaves_equal_the_printed_total_exactly(pd: Any) -> None:
    """Anshan's 支出预算总表 adds up to the fen: 合计 2,311.07万元."""
    table = hand_built("anshan").REPORT.table("expenditure")
    frame = table.to_frame(leaves_only=True)
    assert frame["total"].sum() == Decimal("23110700.00")
    assert frame["total"].dtype == pd.ArrowDtype(pa.decimal128(20, 2))
    assert frame.groupby("level")["total"].sum().to_dict() == {"项": Decimal("23110700.00")}
