"""COFOG divisions: the mapping covers every functional class, and roll-ups by division keep the total."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gfs_cn import Level, Scheme, _data, functional
from gfs_cn.aggregate import CofogDivision, cofog, cofog_divisions, rollup, rollup_cofog, shares
from gfs_cn.tables import TableKind
from tests.reports import hand_built

# The ten divisions of COFOG (UN, 1999), as the UN names them.
DIVISIONS = {
    "01": "General public services",
    "02": "Defence",
    "03": "Public order and safety",
    "04": "Economic affairs",
    "05": "Environmental protection",
    "06": "Housing and community amenities",
    "07": "Health",
    "08": "Recreation, culture and religion",
    "09": "Education",
    "10": "Social protection",
}

ROWS = list(_data.read_rows("cofog.tsv"))


def test_every_functional_class_has_a_division() -> None:
    listed = {row["code"] for row in ROWS}
    classes = [subject.code for subject in functional.subjects(Level.CLASS)]
    assert [code for code in classes if code not in listed] == []


def test_the_file_says_it_is_not_official() -> None:
    assert any("this library's mapping, not an official one" in line for line in _data.read_comments("cofog.tsv"))


def test_rows_are_sorted_valid_codes_with_the_un_names() -> None:
    codes = [row["code"] for row in ROWS]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))
    for row in ROWS:
        subject = functional.lookup(row["code"])
        assert subject.code == row["code"]
        assert subject.level in (Level.CLASS, Level.SECTION)
        assert DIVISIONS[row["cofog"]] == row["cofog_name"]
        # A 款 is listed only where it differs from its class.
        if subject.level is Level.SECTION:
            assert cofog(subject.code[:3]).code != row["cofog"], row["code"]
    assert {d.code for d in cofog_divisions()} == set(DIVISIONS)


def test_every_code_of_the_catalogue_has_a_division() -> None:
    for subject in functional.CATALOG:
        assert cofog(subject.code).code in DIVISIONS


@pytest.mark.parametrize(
    ("code", "division"),
    [
        ("2101501", "07"),  # 医疗保障管理事务 行政运行
        ("2080505", "10"),  # 机关事业单位基本养老保险缴费支出
        ("201", "01"),
        ("2013801", "04"),  # 市场监督管理事务 行政运行
        ("203", "02"),
        ("204", "03"),
        ("205", "09"),
        ("20602", "01"),  # 基础研究
        ("20604", "04"),  # 技术研究与开发
        ("207", "08"),
        ("20903", "07"),  # 职工基本医疗保险基金支出
        ("211", "05"),
        ("212", "06"),
        ("221", "06"),
        ("213", "04"),
        ("231", "01"),
        ("210 15 01", "07"),
    ],
)
def test_divisions(code: str, division: str) -> None:
    assert cofog(code) == CofogDivision(division, DIVISIONS[division])


def test_unknown_codes_raise() -> None:
    with pytest.raises(ValueError, match="2101598"):
        cofog("2101598")


def test_anshan_by_division() -> None:
    totals = rollup(hand_built("anshan").REPORT.table(TableKind.EXPENDITURE))
    by_division = {d.code: amount for d, amount in rollup_cofog(totals).items()}
    assert by_division == {
        "01": Decimal("1017700.00"),  # 201 人大事务 事业运行
        "06": Decimal("2195600.00"),
        "07": Decimal("17419000.00"),
        "10": Decimal("2478400.00"),
    }
    assert str(shares(rollup_cofog(totals))[CofogDivision("07", "Health")]) == "75.37%"


def test_economic_rollups_have_no_division() -> None:
    with pytest.raises(ValueError, match="functional"):
        rollup_cofog(rollup([("30101", Decimal(1))], scheme=Scheme.DEPARTMENT_ECONOMIC))


ALL_CODES = [subject.code for subject in functional.CATALOG]


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ALL_CODES), st.decimals(-(10**9), 10**9, places=2)), max_size=30))
def test_divisions_add_up_to_the_total(items: list[tuple[str, Decimal]]) -> None:
    totals = rollup(items)
    by_division = rollup_cofog(totals)
    assert sum(by_division.values(), Decimal(0)) == totals.total
    # Each leaf lands in its own code's division.
    expected: dict[str, Decimal] = {}
    for leaf in totals.leaves:
        amount = sum((a for c, a in items if c == leaf), Decimal(0))
        expected[cofog(leaf).code] = expected.get(cofog(leaf).code, Decimal(0)) + amount
    assert {d.code: a for d, a in by_division.items()} == expected
