"""Bad input gets a clear GfsError naming the value, never a TypeError, a crash or a made-up number (issue 9)."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from moneyed import Money

import gfs_cn
from gfs_cn import GfsError, economic, functional, parse_amount
from gfs_cn.economic import UnitKind
from gfs_cn.errors import InvalidAmountError, UnknownCodeError, UnknownNameError
from gfs_cn.tables import Report, ReportKind, TableKind

SMALL = [
    "2024年某局部门预算",
    "支出总体情况表",
    "部门名称：某局",
    "单位：万元",
    "科目编码\t科目名称\t合计\t基本支出\t项目支出",
    "\t合计\t15.00\t10.00\t5.00",
    "2101501\t行政运行\t15.00\t10.00\t5.00",
]


def _read(last_line: str) -> Report:
    return gfs_cn.read_text("\n".join([*SMALL[:-1], last_line]))


# --- 4. huge amounts -------------------------------------------------------------------------


@pytest.mark.parametrize("huge", ["1" * 32, "12345678901234567890123456789012.55", "9" * 40])
def test_a_huge_amount_is_not_read_and_checks_and_html_still_work(huge: str) -> None:
    report = _read(f"2101501\t行政运行\t{huge}\t10.00\t5.00")
    held = [m for t in report.tables for r in t.rows for m in r.amounts.values() if m is not None]
    assert all(abs(m.amount) < gfs_cn.money.MAX_YUAN for m in held)
    assert Money(Decimal(huge) * 10_000, "CNY") not in held
    report.check()
    assert "行政运行" in report._repr_html_()


def test_a_row_cannot_hold_a_huge_amount() -> None:
    from gfs_cn.tables import ClassifiedRow, Column

    huge = Money(Decimal("1" * 32), "CNY")
    with pytest.raises(InvalidAmountError, match="implausible under total") as caught:
        ClassifiedRow(code="2101501", amounts={Column.TOTAL: huge})
    assert caught.value.value == huge
    with pytest.raises(InvalidAmountError):
        ClassifiedRow(code="2101501", amounts={Column.TOTAL: Money(Decimal("NaN"), "CNY")})


def test_a_huge_amount_is_refused_naming_it() -> None:
    with pytest.raises(InvalidAmountError, match="implausible") as caught:
        parse_amount("1" * 32)
    assert caught.value.value == "1" * 32


# --- 5. arguments of other types ---------------------------------------------------------------


def test_int_and_decimal_amounts() -> None:
    assert parse_amount(12, "元") == Money(12, "CNY")
    assert parse_amount(Decimal("2311.07")) == Money(Decimal("23110700"), "CNY")


@pytest.mark.parametrize("name", [0, None, 2.5, b"\xe8\xa1\x8c", ["行政运行"]])
def test_find_and_search_name_a_value_that_is_not_text(name: Any) -> None:
    with pytest.raises(UnknownNameError, match="not text") as caught:
        functional.find(name)
    assert caught.value.value is name
    with pytest.raises(UnknownNameError, match=r"not text"):
        functional.search(name)
    with pytest.raises(UnknownNameError):
        economic.department.find(name)


@pytest.mark.parametrize(
    ("given_kind", "expected"),
    [
        ("行政", "50101"),
        ("行政单位", "50101"),
        ("参公", "50101"),
        ("事业", "50501"),
        ("事业单位", "50501"),
        ("agency", "50101"),
        ("INSTITUTION", "50501"),
        (UnitKind.INSTITUTION, "50501"),
    ],
)
def test_unit_kinds_as_users_write_them(given_kind: Any, expected: str) -> None:
    assert economic.to_government("30101", given_kind).code == expected


@pytest.mark.parametrize("bad", [None, 1, "unit", "", ["行政"]])
def test_other_unit_kinds_are_a_gfs_error_naming_them(bad: Any) -> None:
    with pytest.raises(GfsError, match="is not a unit kind") as caught:
        economic.to_government("30101", bad)
    assert repr(bad) in str(caught.value)
    if bad is not None:  # from_government takes None: every kind of unit
        with pytest.raises(GfsError, match="is not a unit kind"):
            economic.from_government("50101", bad)


def test_a_table_by_the_value_name_or_label_of_its_kind() -> None:
    report = gfs_cn.read_text("\n".join(SMALL))
    table = report.table(TableKind.EXPENDITURE)
    assert report.table("expenditure") is table
    assert report.table("EXPENDITURE") is table
    assert report.table("支出总表") is table
    assert report.get("expenditure") is table
    assert report.tables_of("expenditure") == (table,)
    with pytest.raises(GfsError, match="has no 收入总表"):
        report.table("income")


@pytest.mark.parametrize("bad", [None, 3, "expense", ReportKind.BUDGET])
def test_other_table_kinds_are_a_gfs_error_naming_them(bad: Any) -> None:
    report = Report(department="某局", year=2024, kind=ReportKind.BUDGET)
    for method in (report.table, report.get, report.tables_of):
        with pytest.raises(GfsError, match="is not a table kind") as caught:
            method(bad)
        assert repr(bad) in str(caught.value)


_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.text(max_size=12),
    st.binary(max_size=6),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.sampled_from(list(UnitKind) + list(TableKind)[:3]),
)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_odd_arguments_give_a_result_or_a_gfs_error(data: st.DataObject) -> None:
    """Whatever a user passes to the public functions: a result, or a GfsError — never another exception."""
    report = Report(department="某局", year=2024, kind=ReportKind.BUDGET)
    calls = [
        lambda a, b: functional.lookup(a),
        lambda a, b: functional.get(a),
        lambda a, b: functional.is_valid(a),
        lambda a, b: functional.find(a),
        lambda a, b: functional.search(a),
        lambda a, b: economic.department.find(a),
        lambda a, b: economic.government.lookup(a),
        lambda a, b: economic.to_government(a, b),
        lambda a, b: economic.to_government("30101", b),
        lambda a, b: economic.from_government(a, b),
        lambda a, b: gfs_cn.parse_amount(a, b),
        lambda a, b: gfs_cn.parse_amount(a),
        lambda a, b: gfs_cn.parse_decimal(a),
        lambda a, b: gfs_cn.is_amount(a),
        lambda a, b: gfs_cn.Unit.parse(a),
        lambda a, b: UnitKind.parse(a),
        lambda a, b: report.table(a),
        lambda a, b: report.get(a),
        lambda a, b: gfs_cn.from_dict(a),
    ]
    call = data.draw(st.sampled_from(calls))
    first, second = data.draw(_ODD), data.draw(_ODD)
    with contextlib.suppress(GfsError):
        call(first, second)


def test_is_amount_never_raises() -> None:
    class Odd(str):
        def strip(self, *args: Any) -> str:
            raise RuntimeError("no")

    assert gfs_cn.is_amount(Odd("1.00")) is False


# --- 9. tab completion -----------------------------------------------------------------------


def test_dir_lists_the_public_api_and_not_the_imports() -> None:
    names = dir(gfs_cn)
    for name in ("read_text", "Report", "TableKind", "to_json", "check", "from_json", "is_amount", "functional"):
        assert name in names
    for name in ("Any", "TYPE_CHECKING", "importlib", "annotations"):
        assert name not in names
    assert set(gfs_cn.__all__) <= set(names)


# --- 11. the message of an unknown code --------------------------------------------------------


def test_an_unknown_economic_code_is_said_in_one_clean_sentence() -> None:
    with pytest.raises(UnknownCodeError) as caught:
        economic.department.lookup("30188")
    message = str(caught.value)
    assert message == (
        "'30188' is not a department economic code of the 2024年政府收支分类科目 (财政部) edition; "
        "nearest existing ancestor: 301 工资福利支出"
    )
    assert "structure per" not in message
