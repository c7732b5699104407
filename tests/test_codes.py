"""Printed forms of codes: every canonical code round-trips through every printed form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gfs_cn import economic, functional
from gfs_cn.codes import Level, compact
from gfs_cn.errors import GfsError, InvalidCodeError, UnknownCodeError

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
FUNCTIONAL_CODES = [s.code for s in functional.CATALOG]
ALL_CATALOGS = [functional.CATALOG, economic.department.CATALOG, economic.government.CATALOG]


def _split(code: str) -> list[str]:
    return [code[:3], *(code[i : i + 2] for i in range(3, len(code), 2))]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("2101501", "2101501"),
        ("210 15 01", "2101501"),
        ("210\t15\t01", "2101501"),
        ("21015 01", "2101501"),
        ("２１０１５０１", "2101501"),
        ("  2101501\u3000", "2101501"),
        (2101501, "2101501"),
    ],
)
def test_compact_accepts_printed_forms(printed: object, expected: str) -> None:
    assert compact(printed) == expected
    assert functional.lookup(printed).code == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("21015011", "it has 8 digits"),
        ("2101", "it has 4 digits"),
        ("21O1501", "'O' at position 3 is not a digit"),
        ("", "it is blank"),
        ("   ", "it is blank"),
        (None, "a code is text, not NoneType"),
        (2101.5, "a code is text, not float"),
    ],
)
def test_malformed_codes_say_why(value: object, reason: str) -> None:
    with pytest.raises(InvalidCodeError) as caught:
        functional.lookup(value)
    assert reason in str(caught.value)
    assert caught.value.value == value
    assert isinstance(caught.value, ValueError)


def test_unknown_code_names_nearest_ancestor() -> None:
    with pytest.raises(UnknownCodeError) as caught:
        functional.lookup("2101598")
    assert caught.value.nearest is not None
    assert caught.value.nearest.code == "21015"
    assert "21015 医疗保障管理事务" in str(caught.value)


def test_unknown_class_has_no_ancestor() -> None:
    with pytest.raises(UnknownCodeError, match="no ancestor"):
        functional.lookup("2989999")


def test_economic_codes_have_no_item_level() -> None:
    with pytest.raises(InvalidCodeError, match="3 or 5"):
        economic.department.lookup("3010101")


def test_level_of_code() -> None:
    assert [Level.of(c).label for c in ("210", "21015", "2101501")] == ["类", "款", "项"]


@given(code=st.sampled_from(FUNCTIONAL_CODES), data=st.data())
def test_every_printed_form_round_trips(code: str, data: st.DataObject) -> None:
    parts = _split(code)
    separator = data.draw(st.sampled_from([" ", "\t", "  ", "\u3000", " \t"]))
    forms = [
        code,
        separator.join(parts),
        code.translate(FULL_WIDTH),
        f" {code} ",
        parts[0] + separator + "".join(parts[1:]),
        "".join(parts[:-1]) + separator + parts[-1],
    ]
    for form in forms:
        assert functional.lookup(form).code == code
        assert functional.is_valid(form)


@given(junk=st.one_of(st.text(max_size=12), st.integers(), st.none(), st.binary(max_size=8), st.lists(st.integers())))
def test_junk_raises_only_gfs_errors(junk: object) -> None:
    for catalog in ALL_CATALOGS:
        try:
            subject = catalog.lookup(junk)
        except GfsError:
            assert not catalog.is_valid(junk)
        else:
            assert catalog.is_valid(junk)
            assert subject.code == catalog.compact(junk)
