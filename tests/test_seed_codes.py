"""Every code the four seed reports print, looked up with the name printed beside it.

The fixtures were extracted from the reports' tables (tests/fixtures/seed_codes.tsv,
seed_crosswalk.tsv). Where a report misprints, the fixture's ``expect`` column says
how, and the test pins that the catalogue does not accept the misprint silently.
"""

from __future__ import annotations

import pytest

from gfs_cn import economic, functional
from gfs_cn.catalog import Classification, normalize_name
from gfs_cn.economic import UnitKind, pairing_kinds
from gfs_cn.errors import GfsError
from tests.conftest import read_fixture_rows

CATALOGS: dict[str, Classification] = {
    "functional": functional.CATALOG,
    "department": economic.department.CATALOG,
    "government": economic.government.CATALOG,
}

ROWS = read_fixture_rows("seed_codes.tsv")


def _id(row: dict[str, str]) -> str:
    return f"{row['report']}:{row['line']}:{row['code']}"


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_printed_code_and_name_match_the_catalogue(row: dict[str, str]) -> None:
    catalog = CATALOGS[row["scheme"]]
    expect = row["expect"]
    if expect == "invalid-code":
        with pytest.raises(GfsError):
            catalog.lookup(row["printed"].replace("|", " "))
        return
    subject = catalog.lookup(row["code"])
    # The printed cells, parents filled in, are accepted as a printed form of the same code.
    if row["printed"].split("|")[0]:
        assert catalog.lookup(row["printed"].replace("|", " ")) == subject
    if expect == "ok":
        assert normalize_name(row["name"]) == normalize_name(subject.name)
    elif expect.startswith("name-of:"):
        # A misprint: the printed name belongs to another code, not to this one.
        assert normalize_name(row["name"]) != normalize_name(subject.name)
        assert catalog.find(row["name"], parent=subject.parent.code if subject.parent else None).code == expect[8:]
    elif expect == "variant-name":
        # A name the report words differently: not accepted as this code's official name.
        assert normalize_name(row["name"]) != normalize_name(subject.name)
        assert subject not in [m.subject for m in catalog.find_all(row["name"])]
    else:  # pragma: no cover - a typo in the fixture
        pytest.fail(f"unknown expectation {expect!r}")


def test_fixture_covers_every_report_and_scheme() -> None:
    pairs = {(row["report"], row["scheme"]) for row in ROWS}
    assert {report for report, _ in pairs} == {"anshan", "ezhou", "xixia", "zibo"}
    assert {scheme for _, scheme in pairs} == {"functional", "department", "government"}


PAIRS = read_fixture_rows("seed_crosswalk.tsv")


@pytest.mark.parametrize("row", PAIRS, ids=lambda r: f"{r['report']}:{r['line']}:{r['department_code']}")
def test_printed_crosswalk_pairing_is_official(row: dict[str, str]) -> None:
    kinds = pairing_kinds(row["department_code"], row["government_code"])
    expected = {UnitKind(kind) for kind in row["unit_kinds"].split(",")}
    assert kinds == expected
    for kind in kinds:
        assert economic.to_government(row["department_code"], kind).code == row["government_code"]
