"""Economic classifications and the crosswalk between them."""

from __future__ import annotations

import pytest

from gfs_cn import economic
from gfs_cn.economic import UnitKind
from gfs_cn.errors import GfsError, UnknownCodeError, UnmappedCodeError


def test_lookup_department_and_government_codes() -> None:
    assert economic.department.lookup("30239").name == "其他交通费用"
    assert economic.department.lookup("301 01").name == "基本工资"
    assert economic.government.lookup("50501").name == "工资福利支出"
    assert [s.code for s in economic.department.lookup("301").children][:3] == ["30101", "30102", "30103"]


@pytest.mark.parametrize(
    ("dept", "kind", "gov"),
    [
        ("30101", UnitKind.AGENCY, "50101"),
        ("30101", UnitKind.INSTITUTION, "50501"),
        ("30113", "agency", "50103"),
        ("30201", "行政单位", "50201"),
        ("30201", "事业单位", "50502"),
        ("30201", "参公事业单位", "50201"),
        ("30302", UnitKind.AGENCY, "50905"),
        ("30302", UnitKind.INSTITUTION, "50905"),
        ("301", UnitKind.AGENCY, "501"),
        ("301", UnitKind.INSTITUTION, "505"),
        ("302", UnitKind.INSTITUTION, "505"),
    ],
)
def test_to_government(dept: str, kind: UnitKind | str, gov: str) -> None:
    assert economic.to_government(dept, kind).code == gov


def test_from_government_lists_codes_that_fold_in() -> None:
    agency = [s.code for s in economic.from_government("50101", UnitKind.AGENCY)]
    assert {"30101", "30102", "30103"} <= set(agency)
    institution = [s.code for s in economic.from_government("50501", "institution")]
    assert {"30101", "30107", "30113"} <= set(institution)
    assert economic.from_government("50501", "agency") == ()
    assert economic.from_government("50599") == ()


def test_unmapped_pairing_names_both(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every code is mapped for both kinds in the shipped data, so remove one row to see the error.
    monkeypatch.delitem(economic.crosswalk._TABLES.load().forward, ("39999", UnitKind.AGENCY))
    with pytest.raises(UnmappedCodeError) as caught:
        economic.to_government("39999", "agency")
    assert caught.value.department_code == "39999"
    assert caught.value.unit_kind == "agency"
    assert "39999" in str(caught.value)
    assert "agency" in str(caught.value)
    assert isinstance(caught.value, GfsError)


def test_pairing_kinds() -> None:
    assert economic.pairing_kinds("30101", "50101") == {UnitKind.AGENCY}
    assert economic.pairing_kinds("30302", "50905") == {UnitKind.AGENCY, UnitKind.INSTITUTION}
    assert economic.pairing_kinds("30101", "50201") == frozenset()


def test_unknown_economic_code() -> None:
    with pytest.raises(UnknownCodeError) as caught:
        economic.department.lookup("30198")
    assert caught.value.nearest is not None
    assert caught.value.nearest.code == "301"


def test_unit_kind_parse() -> None:
    assert UnitKind.parse("参照公务员法管理事业单位") is UnitKind.AGENCY
    assert UnitKind.parse("机关") is UnitKind.AGENCY
    assert UnitKind.parse("公益一类事业单位") is UnitKind.INSTITUTION
    with pytest.raises(GfsError, match="not a unit kind"):
        UnitKind.parse("企业")
