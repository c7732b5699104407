"""Finding codes by official, former and short names; searching by substring."""

from __future__ import annotations

import pytest

from gfs_cn import economic, functional
from gfs_cn.catalog import NameKind
from gfs_cn.codes import Level
from gfs_cn.errors import AmbiguousNameError, GfsError, UnknownNameError


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("卫生健康支出", "210"),
        ("医疗卫生与计划生育支出", "210"),
        ("文化体育与传媒支出", "207"),
        ("资源勘探信息等支出", "215"),
        ("国土海洋气象等支出", "220"),
        ("卫生健康", "210"),
        ("文化旅游体育与传媒", "207"),
        ("社会保障和就业", "208"),
        (" 社会保障和就业支出 ", "208"),
    ],
)
def test_find_official_former_and_short_names(name: str, code: str) -> None:
    # Summary tables list 类: that is what makes their short forms unambiguous.
    assert functional.find(name, level=Level.CLASS).code == code


def test_short_form_that_is_also_an_official_name_is_ambiguous_without_a_level() -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        functional.find("卫生健康")
    assert "210" not in [s.code for s in caught.value.candidates]


def test_former_names_carry_their_years() -> None:
    (match,) = functional.find_all("医疗卫生与计划生育支出")
    assert match.kind is NameKind.FORMER
    assert match.until == 2018
    assert match.in_force(2018)
    assert not match.in_force(2019)
    assert functional.find_all("医疗卫生与计划生育支出", year=2024) == ()
    former = {m.name: m.until for m in functional.lookup("210").former_names}
    assert former["医疗卫生与计划生育支出"] == 2018
    assert former["医疗卫生"] == 2013


def test_official_names_win_over_short_forms() -> None:
    matches = functional.find_all("卫生健康支出")
    assert [m.kind for m in matches] == [NameKind.OFFICIAL]


def test_ambiguous_names_need_a_parent() -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        functional.find("行政运行")
    assert len(caught.value.candidates) > 50
    assert functional.find("行政运行", parent="21015").code == "2101501"
    assert functional.find("行政运行", parent="210 15").code == "2101501"


def test_unknown_name() -> None:
    with pytest.raises(UnknownNameError) as caught:
        functional.find("不存在的科目")
    assert caught.value.value == "不存在的科目"
    assert isinstance(caught.value, GfsError)


def test_brackets_and_blanks_are_ignored_in_names() -> None:
    assert economic.department.find("维修(护)费").code == "30213"
    assert economic.department.find("机关事业单位 基本养老保险缴 费").code == "30108"


def test_search_by_substring() -> None:
    codes = [s.code for s in functional.search("医疗保障")]
    assert "21015" in codes
    assert "2101501" not in codes
    assert codes == sorted(codes)
    assert [s.code for s in economic.government.search("公务接待")] == ["50206"]


def test_search_finds_former_names_too() -> None:
    assert "210" in [s.code for s in functional.search("计划生育支出")]
