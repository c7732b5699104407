"""Crosswalked totals: the seeds' basic-expenditure tables keep their totals; properties of random amounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from moneyed import Money

from gfs_cn import Level, Scheme, UnitKind, economic, to_money
from gfs_cn.aggregate import crosswalk_amounts, rollup
from gfs_cn.reading import read_text
from gfs_cn.tables import Column, EconomicRow, EconomicTable, RowKind, TableKind
from tests.reports import hand_built, text

BASIC_TABLES = [
    ("zibo", TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE),
    ("zibo", TableKind.BASIC_EXPENDITURE),
    ("xixia", TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE),
    ("xixia", TableKind.ECONOMIC_SUMMARY),
]


def _table(seed: str, kind: TableKind, source: str) -> EconomicTable:
    report = hand_built(seed).REPORT if source == "hand-built" else read_text(text(seed))
    table = report.table(kind)
    assert isinstance(table, EconomicTable)
    return table


def _params() -> list[Any]:
    return [
        pytest.param(seed, kind, source, id=f"{seed}-{source}-{kind.value}")
        for seed, kind in BASIC_TABLES
        for source in ("hand-built", "read")
    ]


@pytest.mark.parametrize(("seed", "kind", "source"), _params())
def test_crosswalk_by_printed_codes_conserves_every_column(seed: str, kind: TableKind, source: str) -> None:
    """Each row's unit kind told by the government code printed beside it: every leaf is booked, and
    booked under the code the report prints."""
    table = _table(seed, kind, source)
    for column in table.columns:
        moved = crosswalk_amounts(table, None, column=column)
        assert moved.conserved, (column, moved)
        assert moved.unmapped == ()
        assert moved.disagreements == ()
        assert moved.input_total == rollup(table, column=column, scheme=Scheme.DEPARTMENT_ECONOMIC).total
        # Booked where printed: the same totals as rolling up the printed government codes.
        assert dict(moved.government) == dict(rollup(table, column=column, scheme=Scheme.GOVERNMENT_ECONOMIC))


@pytest.mark.parametrize(("seed", "kind", "source"), _params())
def test_crosswalk_of_each_unit_with_its_kind_conserves_totals(seed: str, kind: TableKind, source: str) -> None:
    """The bureau is an agency, its 服务中心 an institution: split the rows by the printed government code
    (505 对事业单位经常性补助 marks the institution's), crosswalk each part with its kind, and the parts
    add back up to the table."""
    table = _table(seed, kind, source)
    column = table.columns[0]
    items = [row for row in table.rows if row.kind is RowKind.ITEM]
    institution = [row for row in items if (row.government_code or "").startswith("505")]
    agency = [row for row in items if not (row.government_code or "").startswith("505")]
    moved = {
        UnitKind.INSTITUTION: crosswalk_amounts(institution, UnitKind.INSTITUTION, column=column),
        UnitKind.AGENCY: crosswalk_amounts(agency, "行政单位", column=column),
    }
    whole = rollup(table, column=column, scheme=Scheme.DEPARTMENT_ECONOMIC).total
    assert sum(m.output_total for m in moved.values()) == sum(m.input_total for m in moved.values()) == whole
    assert all(m.conserved and not m.unmapped for m in moved.values())
    # Every printed pairing is the crosswalk's for the kind the split gives the row.
    assert all(m.disagreements == () for m in moved.values())
    assert set(moved[UnitKind.INSTITUTION].government.by_level(Level.CLASS)) <= {"505"}
    assert "505" not in moved[UnitKind.AGENCY].government


def test_zibo_agency_and_institution_rows_map_as_printed() -> None:
    table = _table("zibo", TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "hand-built")
    moved = crosswalk_amounts(table, None, column=Column.BASIC)
    assert moved.government["501"] == Decimal("50586800.00")  # 5,058.68 万元 of the bureau's 工资福利支出
    assert moved.government["50501"] == Decimal("12831400.00")  # 1,283.14 万元 of the centre's
    assert moved.department["301"] == Decimal("63418200.00")  # both, as the department's 301
    assert moved.input_total == moved.output_total == Decimal("68946100.00")


def test_pairs_with_an_explicit_kind() -> None:
    pairs: list[tuple[object, Money | Decimal | None]] = [
        ("30101", Decimal("10.00")),
        ("30201", to_money(Decimal("2.00"))),
        ("301", Decimal("99")),
        ("30113", None),
    ]
    agency = crosswalk_amounts(pairs, "agency")
    assert dict(agency.government.by_level(Level.SECTION)) == {
        "50101": Decimal("10.00"),
        "50103": Decimal("0"),
        "50201": Decimal("20000.00"),
    }
    assert agency.conserved
    assert agency.input_total == Decimal("20010.00")
    institution = crosswalk_amounts(pairs, UnitKind.INSTITUTION)
    assert institution.government["505"] == institution.input_total


def test_what_cannot_be_booked_is_listed() -> None:
    rows = [
        EconomicRow(code="30101", government_code="50101", amounts={Column.TOTAL: to_money(Decimal("1"))}),
        # 30101 beside 50201: an official pairing for no kind of unit.
        EconomicRow(code="30102", government_code="50201", amounts={Column.TOTAL: to_money(Decimal("2"))}, line=9),
        EconomicRow(code="30103", amounts={Column.TOTAL: to_money(Decimal("4"))}),  # no government code
        EconomicRow(code="3O104", amounts={Column.TOTAL: to_money(Decimal("8"))}),  # not a code
        EconomicRow(kind=RowKind.TOTAL, name="合计", amounts={Column.TOTAL: to_money(Decimal("15"))}),
    ]
    moved = crosswalk_amounts(rows, None)
    assert not moved.conserved
    assert moved.input_total == Decimal("150000")
    assert moved.output_total == Decimal("10000")
    assert moved.difference == Decimal("140000")
    assert moved.unmapped_codes == ("30102", "30103", "3O104")
    reasons = [u.reason for u in moved.unmapped]
    assert "for no unit kind" in reasons[0]
    assert "no government code" in reasons[1]
    assert "not a" in reasons[2]
    assert moved.unmapped[0].line == 9
    assert "NOT conserved" in repr(moved)
    assert "30102" in repr(moved)
    # With a kind given, the printed government code is checked against the crosswalk, which wins.
    given_kind = crosswalk_amounts(rows[:3], "agency")
    assert given_kind.conserved
    assert [(d.code, d.printed_government_code, d.government_code) for d in given_kind.disagreements] == [
        ("30102", "50201", "50101")
    ]


DEPARTMENT_SECTIONS = [s.code for s in economic.department.subjects(Level.SECTION)]
AMOUNTS = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@settings(deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(DEPARTMENT_SECTIONS), AMOUNTS), max_size=30),
    st.sampled_from(list(UnitKind)),
    st.lists(st.sampled_from(sorted({c[:3] for c in DEPARTMENT_SECTIONS})), max_size=5),
)
def test_crosswalk_conserves_totals(items: list[tuple[str, Decimal]], kind: UnitKind, classes: list[str]) -> None:
    # Class rows printed as subtotals (with any amount) are not booked when their 款 are present.
    subtotals = [(code, Decimal(1)) for code in classes if any(c.startswith(code) for c, _ in items)]
    moved = crosswalk_amounts([*subtotals, *items], kind)
    assert moved.conserved
    assert moved.unmapped == ()
    assert moved.output_total == sum((a for _, a in items), Decimal(0))
    for code, total in moved.government.by_level(Level.SECTION).items():
        booked = [a for c, a in items if economic.to_government(c, kind).code == code]
        assert total == sum(booked, Decimal(0))
