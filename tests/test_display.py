"""Tables and reports as HTML for Jupyter: escaped, in the printed unit, blanks empty, flags shown."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from moneyed import Money

from gfs_cn import Unit, functional, to_money
from gfs_cn.display import report_html, table_html
from gfs_cn.tables import (
    TABLE_CLASSES,
    BudgetUnit,
    ClassifiedRow,
    Column,
    ExpenditureTable,
    FinalSummaryTable,
    ProjectPerformanceTable,
    Report,
    ReportKind,
    RowKind,
    Side,
    SummaryLine,
    TableStatus,
    Task,
    Unplaced,
)
from tests.reports import SEEDS, hand_built
from tests.strategies import reports

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse(html: str) -> ET.Element:
    """The HTML as XML: every tag closed, every special character escaped."""
    return ET.fromstring(html)


def cells(html: str) -> list[list[str]]:
    """The text of every body cell, row by row, of the (last) data table."""
    table = parse(html).findall(".//table")[-1]
    return [["".join(td.itertext()) for td in tr.findall("td")] for tr in table.iter("tr") if tr.findall("td")]


def expenditure(**changes: Any) -> ExpenditureTable:
    rows = (
        ClassifiedRow(
            name="合计", kind=RowKind.TOTAL, amounts={Column.TOTAL: to_money(Decimal("2311.07")), Column.PROJECT: None}
        ),
        ClassifiedRow(
            code="2101501",
            name="行政运行 <b>&</b>",
            subject=functional.lookup("2101501"),
            amounts={Column.TOTAL: to_money(Decimal("442.28")), Column.PROJECT: Money("0", "CNY")},
        ),
    )
    fields: dict[str, Any] = {
        "title": "支出预算总表",
        "number": "表3",
        "columns": (Column.TOTAL, Column.PROJECT),
        "rows": rows,
    }
    return ExpenditureTable(**(fields | changes))


def test_rows_and_amounts() -> None:
    assert cells(table_html(expenditure())) == [
        ["", "合计", "2,311.07", ""],  # a blank cell stays empty ...
        ["2101501", "行政运行 <b>&</b>", "442.28", "0.00"],  # ... and zero prints as zero
    ]


def test_text_is_escaped() -> None:
    html = table_html(expenditure(title="<script>alert(1)</script>"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "行政运行 &lt;b&gt;&amp;&lt;/b&gt;" in html
    parse(html)


def test_caption_says_title_kind_rows_and_unit() -> None:
    caption = "".join(parse(table_html(expenditure())).find(".//caption").itertext())  # type: ignore[union-attr]
    assert caption == "表3 支出预算总表 支出总表 · expenditure · 2 rows · 万元"


def test_incomplete_is_flagged() -> None:
    assert "incomplete" not in table_html(expenditure())
    assert "incomplete" in table_html(expenditure(status=TableStatus.INCOMPLETE))


def test_headers_are_the_column_labels() -> None:
    headers = ["".join(th.itertext()) for th in parse(table_html(expenditure())).iter("th")]
    assert headers == ["科目编码", "科目名称", "合计", "项目支出"]


def test_amounts_in_the_printed_unit() -> None:
    assert cells(table_html(expenditure(), Unit.YUAN))[0][2] == "23,110,700.00"
    assert cells(table_html(expenditure(), "万元"))[0][2] == "2,311.07"


def test_total_rows_stand_out() -> None:
    rows = parse(table_html(expenditure())).findall(".//tbody/tr")
    assert rows[0].get("class") == "total"
    assert rows[1].get("class") is None


def test_two_sided_tables_are_laid_out_as_printed() -> None:
    lines = (
        SummaryLine(
            side=Side.INCOME, item="一、财政拨款收入", line_number=1, amounts={Column.AMOUNT: Money(1, "CNY")}, line=5
        ),
        SummaryLine(
            side=Side.EXPENDITURE, item="一、一般公共服务支出", line_number=32, amounts={Column.AMOUNT: None}, line=5
        ),
        SummaryLine(side=Side.EXPENDITURE, item="二、外交支出", line_number=33, amounts={Column.AMOUNT: None}, line=6),
    )
    table = FinalSummaryTable(columns=(Column.AMOUNT,), income_columns=(Column.AMOUNT,), rows=lines)
    assert cells(table_html(table, Unit.YUAN)) == [
        ["一、财政拨款收入", "1", "1.00", "一、一般公共服务支出", "32", ""],
        ["", "", "", "二、外交支出", "33", ""],
    ]


def test_performance_tables_show_their_funds_and_tasks() -> None:
    table = ProjectPerformanceTable(
        subject_name="物业管理费", amount=to_money(Decimal("12")), goal="确保单位正常运转", tasks=(Task(name="保运转"),)
    )
    html = table_html(table)
    assert "物业管理费" in html
    assert "12.00万元" in html
    assert "保运转" in html
    parse(html)


def test_report_html_lists_units_tables_and_unplaced_blocks() -> None:
    report = Report(
        department="鞍山市医疗保障局",
        year=2024,
        kind=ReportKind.BUDGET,
        units=(BudgetUnit(code="073001", name="鞍山市医疗保障局本级"),),
        tables=(expenditure(), expenditure(status=TableStatus.INCOMPLETE)),
        unplaced=(Unplaced(first_line=3, last_line=4, reason="no table", text="1 < 2"),),
    )
    html = report._repr_html_()
    root = parse(html)
    assert len(root.findall(".//caption")) == 2
    assert "073001 鞍山市医疗保障局本级" in html
    assert "1 blocks not placed in a table" in html
    assert "1 &lt; 2" in html
    assert html.count("incomplete</strong>") == 2  # in the table's summary line and its caption


@pytest.mark.parametrize("cls", list(TABLE_CLASSES.values()), ids=lambda cls: cls.__name__)
def test_every_table_class_renders_even_empty(cls: type) -> None:
    parse(cls(note="本表无数据")._repr_html_())


@PROPERTY
@given(reports())
def test_any_report_renders_as_well_formed_html(report: Report) -> None:
    parse(report_html(report))


@pytest.mark.parametrize("name", SEEDS)
def test_fixture_reports_render(name: str) -> None:
    report = hand_built(name).REPORT
    html = report_html(report)
    parse(html)
    assert html.count("<caption>") == len(report.tables)


def test_reprs_are_short() -> None:
    assert repr(expenditure()) == "<ExpenditureTable '支出预算总表': 2 rows>"
    assert repr(expenditure(status=TableStatus.INCOMPLETE)) == "<ExpenditureTable '支出预算总表': 2 rows, incomplete>"


def test_control_characters_are_shown_not_passed_through() -> None:
    html = table_html(expenditure(title="支出\x0c预算总表"))
    assert "支出␌预算总表" in html
    parse(html)
