"""Reports to JSON and back: exact round trips, the schema as documented, errors that say where."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moneyed import Money

import gfs_cn.tables as tables_package
from gfs_cn import SchemaError, economic, from_dict, from_json, functional, to_dict, to_json, to_money
from gfs_cn._shapes import row_class
from gfs_cn.catalog import Scheme
from gfs_cn.serialize import SCHEMA, make_converter
from gfs_cn.tables import (
    TABLE_CLASSES,
    ClassifiedRow,
    Column,
    EconomicRow,
    ExpenditureTable,
    GeneralBudgetBasicExpenditureTable,
    Report,
    ReportKind,
    Side,
    Table,
    TableStatus,
    TwoSidedTable,
    rows,
)
from tests.reports import SEEDS, hand_built
from tests.strategies import ROW_STRATEGIES, reports, tables

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PER_CLASS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_identical(read: Report, written: Report) -> None:
    """Equal, and equal in the fields left out of equality too (line numbers, source)."""
    assert read == written
    assert attrs.asdict(read) == attrs.asdict(written)


def small_report(*tables: Table[Any]) -> Report:
    return Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET, tables=tables)


def admin_row(**changes: Any) -> ClassifiedRow:
    fields: dict[str, Any] = {
        "code": "2101501",
        "printed_code": "210\t15\t01",
        "name": "行政运行",
        "subject": functional.lookup("2101501"),
        "amounts": {Column.TOTAL: to_money(Decimal("442.28")), Column.PROJECT: None},
        "line": 12,
    }
    return ClassifiedRow(**(fields | changes))


def admin_report() -> Report:
    table = ExpenditureTable(title="支出预算总表", columns=(Column.TOTAL, Column.PROJECT), rows=(admin_row(),))
    return small_report(table)


# --- round trips ---------------------------------------------------------------------------


@PROPERTY
@given(reports())
def test_dict_round_trip_is_exact(report: Report) -> None:
    assert_identical(from_dict(to_dict(report)), report)


@PROPERTY
@given(reports())
def test_json_round_trip_is_exact(report: Report) -> None:
    text = to_json(report)
    assert_identical(from_json(text), report)
    assert json.loads(text) == to_dict(report)  # to_dict is JSON-ready as it is


@pytest.mark.parametrize("cls", list(TABLE_CLASSES.values()), ids=lambda cls: cls.__name__)
@PER_CLASS
@given(data=st.data())
def test_every_table_class_round_trips(cls: type[Table[Any]], data: st.DataObject) -> None:
    table = data.draw(tables(cls))
    read = from_dict(to_dict(small_report(table)))
    assert type(read.tables[0]) is cls
    assert_identical(read, small_report(table))


def test_strategies_cover_every_table_and_row_class() -> None:
    row_classes = {getattr(rows, name) for name in rows.__all__ if attrs.has(getattr(rows, name))}
    assert set(ROW_STRATEGIES) == row_classes
    assert {row_class(cls) for cls in TABLE_CLASSES.values()} == row_classes
    assert set(TABLE_CLASSES) == {cls.kind for cls in TABLE_CLASSES.values()}


@pytest.mark.parametrize("name", SEEDS)
def test_fixture_reports_round_trip(name: str) -> None:
    report = hand_built(name).REPORT
    assert_identical(from_json(to_json(report, indent=2)), report)
    assert_identical(from_dict(to_dict(report)), report)


# --- the schema ----------------------------------------------------------------------------


def test_schema_marker_comes_first() -> None:
    data = to_dict(admin_report())
    assert next(iter(data)) == "schema"
    assert data["schema"] == SCHEMA == "gfs_cn.report/1"


def test_encoding_of_a_row() -> None:
    table = to_dict(admin_report())["tables"][0]
    assert next(iter(table)) == "kind"
    assert table["kind"] == "expenditure"
    assert table["columns"] == ["total", "project"]
    assert table["rows"] == [
        {
            "kind": "item",
            "unit_code": None,
            "extra": {},
            "line": 12,
            "page": None,
            "code": "2101501",
            "printed_code": "210\t15\t01",
            "name": "行政运行",
            "subject": "2101501",
            "amounts": {"total": "4422800.00", "project": None},
        }
    ]


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (Decimal("23110700.00"), "23110700.00"),
        (Decimal("5"), "5.00"),
        (Decimal("5.5"), "5.50"),
        (Decimal("0.125"), "0.125"),  # never rounded
        (Decimal("1E+3"), "1000.00"),
        (Decimal("-1.50"), "-1.50"),
        (Decimal("0"), "0.00"),
    ],
)
def test_amounts_are_yuan_strings(yuan: Decimal, text: str) -> None:
    row = admin_row(amounts={Column.TOTAL: Money(yuan, "CNY")})
    report = small_report(ExpenditureTable(columns=(Column.TOTAL,), rows=(row,)))
    data = to_dict(report)
    assert data["tables"][0]["rows"][0]["amounts"] == {"total": text}
    assert from_dict(data).tables[0].rows[0][Column.TOTAL] == Money(yuan, "CNY")


def test_economic_subjects_come_back_from_their_own_classification() -> None:
    row = EconomicRow(
        code="30101",
        name="基本工资",
        subject=economic.department.lookup("30101"),
        government_code="50501",
        government_subject=economic.government.lookup("50501"),
        amounts={Column.PERSONNEL: to_money(Decimal("1"))},
    )
    report = small_report(GeneralBudgetBasicExpenditureTable(columns=(Column.PERSONNEL,), rows=(row,)))
    data = to_dict(report)
    assert (data["tables"][0]["rows"][0]["subject"], data["tables"][0]["rows"][0]["government_subject"]) == (
        "30101",
        "50501",
    )
    read = from_dict(data).tables[0].rows[0]
    assert read.subject.scheme is Scheme.DEPARTMENT_ECONOMIC
    assert read.government_subject.scheme is Scheme.GOVERNMENT_ECONOMIC


def test_summary_line_subject_is_functional() -> None:
    from gfs_cn.tables import BudgetSummaryTable, SummaryLine

    line = SummaryLine(side=Side.EXPENDITURE, item="八、卫生健康支出", subject=functional.lookup("210"))
    read = from_dict(to_dict(small_report(BudgetSummaryTable(rows=(line,))))).tables[0]
    assert isinstance(read, TwoSidedTable)
    assert read.rows[0].subject is functional.lookup("210")


def test_a_subject_of_the_wrong_classification_is_not_written() -> None:
    row = admin_row(subject=economic.department.lookup("30101"))
    wrong = r"is a 部门预算支出经济分类科目 code, not a 支出功能分类科目 code \(ClassifiedRow.subject\)"
    with pytest.raises(SchemaError, match=wrong):
        to_dict(small_report(ExpenditureTable(rows=(row,))))


def test_only_cny_is_written() -> None:
    row = admin_row(amounts={Column.TOTAL: Money("1", "USD")})
    with pytest.raises(SchemaError, match="not USD"):
        to_dict(small_report(ExpenditureTable(rows=(row,))))


def test_the_converter_is_our_own() -> None:
    converter = make_converter()
    assert converter is not cattrs.global_converter
    assert converter is not make_converter()
    assert cattrs.global_converter.unstructure(Decimal("1.5")) == Decimal("1.5")  # left as it was


# --- errors that say where -----------------------------------------------------------------


def broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(to_dict(admin_report()))
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "where", "reason"),
    [
        (lambda d: d["tables"][0]["rows"][0]["amounts"].update(total=4422800.0), ".amounts.total", "not a number"),
        (lambda d: d["tables"][0]["rows"][0]["amounts"].update(total="4,422,800"), ".amounts.total", "not an amount"),
        (lambda d: d["tables"][0]["rows"][0]["amounts"].update(total="1e5"), ".amounts.total", "not an amount"),
        (lambda d: d["tables"][0]["rows"][0]["amounts"].update(bogus="1.00"), ".amounts.bogus", "not a column"),
        (lambda d: d["tables"][0]["rows"][0].update(subject="2101598"), ".subject", "not a code of"),
        (lambda d: d["tables"][0]["rows"][0].update(subject="210 15 01"), ".subject", "canonical"),
        (lambda d: d["tables"][0]["rows"][0].update(kind="header"), ".kind", "not a RowKind"),
        (lambda d: d["tables"][0]["rows"][0].update(line="12"), ".line", "whole number"),
        (lambda d: d["tables"][0]["rows"][0].update(bogus=1), ".bogus", "unexpected field"),
        (lambda d: d["tables"][0]["rows"][0].update(code=1), ".code", "expected a string"),
        (lambda d: d["tables"][0].update(kind="budget_sumary"), "", "not a table kind"),
        (lambda d: d["tables"][0].update(rows="行政运行"), "", "expected an array"),
        (lambda d: d["tables"][0].update(status="cut"), ".status", "not a TableStatus"),
        (lambda d: d["tables"][0].update(incomplete="false"), "", "unexpected field"),
    ],
)
def test_malformed_data_is_refused_saying_where(change: Any, where: str, reason: str) -> None:
    data = broken(change)
    with pytest.raises(SchemaError, match=reason) as caught:
        from_dict(data)
    error = caught.value
    assert error.where is not None
    assert error.where.startswith("$.tables[0]")
    assert error.where.endswith(where or error.where)
    assert error.where in str(error)


def test_the_error_names_the_table_and_row() -> None:
    def change(data: dict[str, Any]) -> None:
        data["tables"] = [copy.deepcopy(data["tables"][0]) for _ in range(4)]
        data["tables"][3]["rows"] = [copy.deepcopy(data["tables"][3]["rows"][0]) for _ in range(13)]
        data["tables"][3]["rows"][12]["amounts"]["total"] = 23110700

    with pytest.raises(SchemaError) as caught:
        from_dict(broken(change))
    assert caught.value.where == "$.tables[3].rows[12].amounts.total"
    assert caught.value.value == 23110700


def test_every_problem_is_listed() -> None:
    def change(data: dict[str, Any]) -> None:
        data["year"] = "2024"
        data["tables"][0]["rows"][0]["amounts"]["total"] = 1
        data["tables"][0]["title"] = None

    with pytest.raises(SchemaError, match="and 2 more problems") as caught:
        from_dict(broken(change))
    assert [where for where, _ in caught.value.problems] == [
        "$.year",
        "$.tables[0].title",
        "$.tables[0].rows[0].amounts.total",
    ]


@pytest.mark.parametrize(
    ("marker", "reason"),
    [
        ("gfs_cn.report/2", "newer than this gfs_cn reads"),
        ("gfs_cn.report/0", "not a gfs_cn report schema"),
        ("other/1", "not a gfs_cn report schema"),
        (1, "not a gfs_cn report schema"),
    ],
)
def test_unknown_or_newer_schema_is_refused(marker: object, reason: str) -> None:
    with pytest.raises(SchemaError, match=reason) as caught:
        from_dict(broken(lambda d: d.update(schema=marker)))
    assert caught.value.where == "$.schema"
    assert caught.value.value == marker


def test_missing_schema_is_refused() -> None:
    with pytest.raises(SchemaError, match="missing") as caught:
        from_dict(broken(lambda d: d.pop("schema")))
    assert caught.value.where == "$.schema"


@pytest.mark.parametrize("data", [[], "report", None, 1])
def test_a_report_is_an_object(data: Any) -> None:
    with pytest.raises(SchemaError, match="a report is an object") as caught:
        from_dict(data)
    assert caught.value.where == "$"


def test_not_json() -> None:
    with pytest.raises(SchemaError, match=r"not JSON.*\(line 1, column 2\)"):
        from_json("{schema")
    with pytest.raises(SchemaError, match="not JSON"):
        from_json(b'{"schema": "\xff"}')
    assert from_json(to_json(admin_report()).encode()) == admin_report()


def test_schema_error_is_a_gfs_error() -> None:
    from gfs_cn import GfsError

    assert issubclass(SchemaError, GfsError)
    assert issubclass(SchemaError, ValueError)


# --- what the fixtures hold ----------------------------------------------------------------


def expected_keys(table: Table[Any], row: Any) -> set[Column]:
    if isinstance(table, TwoSidedTable) and row.side is Side.INCOME:
        return set(table.income_columns)
    return set(table.columns)


def check_amount_keys(report: Report) -> None:
    """Every amount key is a Column, and every row has a key for each column its table prints."""
    for table in report.tables:
        for row in table.rows:
            keys = getattr(row, "amounts", None)
            if keys is None:
                continue
            assert all(isinstance(key, Column) for key in keys), (table.kind, row)
            if type(table).__name__ == "FinalGeneralBudgetBasicExpenditureTable" and len(keys) == 1:
                # 公开06表 prints groups side by side; each line holds its group's column (docs/tables.md)
                assert set(keys) <= set(table.columns), (table.kind, row)
                continue
            assert set(keys) == expected_keys(table, row), (table.kind, getattr(row, "line", None))


@PROPERTY
@given(reports())
def test_generated_rows_have_the_tables_columns(report: Report) -> None:
    check_amount_keys(from_json(to_json(report)))


@pytest.mark.parametrize("name", SEEDS)
def test_fixture_rows_have_the_tables_columns(name: str) -> None:
    report = hand_built(name).REPORT
    check_amount_keys(report)
    check_amount_keys(from_json(to_json(report)))


# --- the schema is versioned ---------------------------------------------------------------

SCHEMA_1_RECORDS = {
    "BudgetExecution": ("name", "budget", "executed", "rate", "weight", "score"),
    "BudgetRow": ("amounts", "kind", "unit_code", "extra", "line", "page", "name"),
    "BudgetUnit": ("code", "name", "kind"),
    "ClassifiedRow": (
        *("amounts", "kind", "unit_code", "extra", "line", "page"),
        *("code", "printed_code", "name", "subject"),
    ),
    "EconomicRow": (
        *("amounts", "kind", "unit_code", "extra", "line", "page", "code", "printed_code", "name", "subject"),
        *("government_code", "printed_government_code", "government_name", "government_subject", "panel"),
    ),
    "Indicator": (
        *("level1", "level2", "level3", "operator", "printed_operator", "target", "unit", "deadline"),
        *("weight", "description", "actual", "score", "line"),
    ),
    "ProjectRow": (
        "amounts",
        "kind",
        "unit_code",
        "extra",
        "line",
        "page",
        "name",
        "category",
        "unit_name",
        "project_id",
        "code",
        "subject",
    ),
    "GenericRow": ("amounts", "kind", "unit_code", "extra", "line", "page", "cells", "code", "name"),
    "ReadingNote": ("line", "table", "message", "page"),
    "Report": (
        *("department", "year", "kind", "scope", "money_unit", "units", "tables", "unplaced", "narrative"),
        "reading_notes",
        "contents",
        "source",
    ),
    "Section": ("heading", "text", "first_line", "first_page", "lines", "pages"),
    "SummaryLine": (
        *("amounts", "kind", "unit_code", "extra", "line", "page"),
        *("side", "item", "line_number", "subject", "panel"),
    ),
    "Task": ("name", "amount"),
    "ThreePublicRow": ("amounts", "kind", "unit_code", "extra", "line", "page", "basis", "year"),
    "Unplaced": ("first_line", "last_line", "reason", "text", "table", "page"),
}
"""The fields of every class that schema gfs_cn.report/1 writes, but the tables."""

SCHEMA_1_TABLE = (
    *("kind", "title", "number", "columns", "extra_columns", "unit", "note", "status", "doubts"),
    *("first_line", "last_line", "first_page", "last_page"),
)
_PERFORMANCE = (
    *("subject_name", "department", "implementing_unit", "amount", "goal", "tasks", "funds"),
    *("execution", "total_score"),
)
SCHEMA_1_TABLE_EXTRA = {
    "budget_summary": ("income_columns",),
    "appropriation_summary": ("income_columns",),
    "final_summary": ("income_columns",),
    "final_appropriation_summary": ("income_columns",),
    "department_performance": _PERFORMANCE,
    "project_performance": _PERFORMANCE,
    "performance_self_evaluation": _PERFORMANCE,
}
"""Every table is written with ``SCHEMA_1_TABLE``, these fields of its kind, then ``rows``."""

SCHEMA_CHANGED = (
    "the fields written under schema gfs_cn.report/1 changed: until the first release, update the "
    "SCHEMA_1_* snapshots in tests/test_serialize.py and docs/serialization.md; after it, raise "
    "gfs_cn.serialize.SCHEMA_VERSION and read the older version too (docs/serialization.md, Versioning)"
)


def test_the_fields_of_schema_1_are_what_it_says() -> None:
    written = {
        cls.__name__: tuple(field.name for field in attrs.fields(cls))
        for cls in [getattr(tables_package, name) for name in tables_package.__all__]
        if isinstance(cls, type) and attrs.has(cls) and not issubclass(cls, Table)
    }
    assert written == SCHEMA_1_RECORDS, SCHEMA_CHANGED


@pytest.mark.parametrize("cls", list(TABLE_CLASSES.values()), ids=lambda cls: cls.__name__)
def test_the_fields_of_schema_1_tables_are_what_it_says(cls: type[Table[Any]]) -> None:
    (data,) = to_dict(small_report(cls()))["tables"]
    assert tuple(data) == (*SCHEMA_1_TABLE, *SCHEMA_1_TABLE_EXTRA.get(cls.kind.value, ()), "rows"), SCHEMA_CHANGED


def test_findings_round_trip() -> None:
    from gfs_cn.serialize import findings_from_dicts, findings_to_dicts
    from tests.reports import read_with_narrative

    for seed in SEEDS:
        findings = read_with_narrative(seed).check()
        data = json.loads(json.dumps(findings_to_dicts(findings), ensure_ascii=False))
        assert findings_from_dicts(data) == findings


def test_bad_findings_say_where() -> None:
    from gfs_cn.serialize import findings_from_dicts

    with pytest.raises(SchemaError, match=r"\$\[0\]"):
        findings_from_dicts([{"rule": "x", "severity": "catastrophic", "message": ""}])


# --- values checked on the way in (issue 9) ---------------------------------------------------


def _unplaced(first_line: int) -> dict[str, Any]:
    return {"first_line": first_line, "last_line": 3, "reason": "r", "text": "1.00", "table": None}


@pytest.mark.parametrize(
    ("change", "where", "reason"),
    [
        (lambda d: d.update(year=-5), "$.year", "not a plausible fiscal year"),
        (lambda d: d.update(year=20240), "$.year", "not a plausible fiscal year"),
        (lambda d: d.update(department=""), "$.department", "blank"),
        (lambda d: d.update(department=" \u3000"), "$.department", "blank"),
        (lambda d: d["tables"][0]["rows"][0].update(code="abc"), "$.tables[0].rows[0].code", "not a code"),
        (lambda d: d["tables"][0]["rows"][0].update(code="2101\n501"), "$.tables[0].rows[0].code", "not a code"),
        (lambda d: d["tables"][0]["rows"][0].update(code="1" * 65), "$.tables[0].rows[0].code", "not a code"),
        (
            lambda d: d["tables"][0]["rows"][0].update(subject="2101502"),
            "$.tables[0].rows[0].subject",
            "not the subject of the row's code '2101501'",
        ),
        (
            lambda d: d["tables"][0]["rows"][0].update(code=""),
            "$.tables[0].rows[0].subject",
            "not the subject of the row's code ''",
        ),
        (lambda d: d["tables"][0]["rows"][0].update(line=-1), "$.tables[0].rows[0].line", "count from 1"),
        (lambda d: d["tables"][0]["rows"][0].update(line=0), "$.tables[0].rows[0].line", "count from 1"),
        (lambda d: d["tables"][0].update(first_line=0), "$.tables[0].first_line", "count from 1"),
        (lambda d: d.update(unplaced=[_unplaced(-3)]), "$.unplaced[0].first_line", "count from 1"),
        (
            lambda d: d["tables"][0]["rows"][0]["amounts"].update(total="9" * 40),
            "$.tables[0].rows[0].amounts.total",
            "implausible",
        ),
        (
            lambda d: d["tables"][0]["rows"][0]["amounts"].update(total="1.0000001"),
            "$.tables[0].rows[0].amounts.total",
            "implausible",
        ),
    ],
)
def test_implausible_values_are_refused_saying_where(change: Any, where: str, reason: str) -> None:
    with pytest.raises(SchemaError, match=re.escape(reason)) as caught:
        from_dict(broken(change))
    assert caught.value.where == where


def test_deep_nesting_is_a_schema_error_not_a_recursion_error() -> None:
    with pytest.raises(SchemaError, match="nested") as caught:
        from_json("[" * 100_000)
    assert caught.value.where == "$"
    deep = '{"schema": "gfs_cn.report/1", "units": ' + "[" * 500 + "]" * 500 + "}"
    with pytest.raises(SchemaError, match="nested") as caught:
        from_json(deep)
    assert caught.value.where is not None
    assert caught.value.where.startswith("$.units[0][0]")


def test_a_read_code_that_is_not_canonical_still_round_trips() -> None:
    row = admin_row(code="0 30206", subject=None)
    report = small_report(ExpenditureTable(columns=(Column.TOTAL,), rows=(row,)))
    assert from_json(to_json(report)) == report


def test_reports_written_before_table_status_still_read() -> None:
    """Schema 1 as first written said ``"incomplete": true`` for a table cut off in the source."""
    data = to_dict(admin_report())
    for table in data["tables"]:
        del table["status"], table["doubts"]
    data["tables"][0]["incomplete"] = True
    report = from_dict(data)
    assert report.tables[0].status is TableStatus.INCOMPLETE
    assert report.tables[0].doubts == ("cut off in the source",)
    assert all(t.reliable for t in report.tables[1:])
