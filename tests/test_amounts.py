"""A row's amounts (RowAmounts): an immutable mapping that behaves as a dict of the same items."""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal, localcontext

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from gfs_cn.errors import InvalidAmountError
from gfs_cn.tables import ClassifiedRow, Column
from gfs_cn.tables.amounts import RowAmounts, pack, unpack

from .strategies import money_or_blank

# Any CNY amount below 10^15 yuan with up to 8 decimals (8 does not pack: kept as the Money given), -0, other
# currencies: each must come back exactly as given.
exotic = st.one_of(
    st.integers(0, 8).flatmap(
        lambda places: st.decimals(
            min_value=Decimal("-1e10"), max_value=Decimal("1e10"), places=places, allow_nan=False, allow_infinity=False
        )
    ).map(lambda yuan: Money(yuan, "CNY")),
    st.sampled_from(
        [
            Money(Decimal("-0.00"), "CNY"),
            Money(Decimal("1E+3"), "CNY"),
            Money("1.5", "USD"),
            Money(Decimal("99999999999999.9999999"), "CNY"),  # packs, but not into 64 bits
        ]
    ),
)
values = st.one_of(money_or_blank, exotic)
items = st.dictionaries(st.sampled_from(list(Column)), values, max_size=len(Column))


@given(items)
def test_behaves_as_a_dict_of_the_same_items(plain: dict[Column, Money | None]) -> None:
    amounts = RowAmounts(plain)
    assert amounts == plain
    assert plain == amounts
    assert (amounts != plain) is False
    assert list(amounts) == list(plain)
    assert len(amounts) == len(plain)
    assert list(amounts.items()) == list(plain.items())
    assert list(amounts.values()) == list(plain.values())
    assert repr(amounts) == repr(plain)
    assert dict(amounts) == plain
    assert {**amounts} == plain
    for column in Column:
        assert (column in amounts) is (column in plain)
        assert amounts.get(column) == plain.get(column)
        assert amounts.get(column, "x") == plain.get(column, "x")
        if column in plain:
            money = plain[column]
            assert amounts[column] == money
            # exactly: the same exponent (1.0 and 1.00 keep their own precision), the same currency
            assert repr(amounts[column]) == repr(money)
            assert amounts.decimal(column) == (None if money is None else money.amount)
            assert str(amounts.decimal(column)) == str(None if money is None else money.amount)
        else:
            with pytest.raises(KeyError):
                amounts[column]
            assert amounts.decimal(column) is None


@given(items, items)
def test_equal_exactly_when_the_dicts_are(a: dict[Column, Money | None], b: dict[Column, Money | None]) -> None:
    assert (RowAmounts(a) == RowAmounts(b)) is (a == b)
    assert (RowAmounts(a) == b) is (a == b)


@given(items)
def test_immutable_unhashable_and_picklable(plain: dict[Column, Money | None]) -> None:
    amounts = RowAmounts(plain)
    with pytest.raises(TypeError):
        amounts[Column.TOTAL] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        amounts.x = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        hash(amounts)
    for again in (pickle.loads(pickle.dumps(amounts)), copy.deepcopy(amounts), copy.copy(amounts)):
        assert again == plain
        assert list(again) == list(plain)


def test_rows_hold_them_and_evolve_keeps_the_mapping() -> None:
    total = Money(Decimal("4422800.00"), "CNY")
    row = ClassifiedRow(code="2101501", amounts={Column.TOTAL: total, Column.PROJECT: None})
    assert type(row.amounts) is RowAmounts
    assert row.amounts == {Column.TOTAL: total, Column.PROJECT: None}
    assert row[Column.TOTAL] == total
    assert row.decimal(Column.TOTAL) == Decimal("4422800.00")
    assert attrs.evolve(row, code="2101502").amounts is row.amounts  # immutable: shared, never copied
    evolved = attrs.evolve(row, amounts={**row.amounts, Column.PROJECT: total})
    assert evolved.amounts == {Column.TOTAL: total, Column.PROJECT: total}
    assert row == ClassifiedRow(code="2101501", amounts=dict(row.amounts))
    with pytest.raises(TypeError):
        hash(row)  # as with a dict of amounts


def test_refuses_implausible_amounts() -> None:
    with pytest.raises(InvalidAmountError, match="implausible under total"):
        RowAmounts({Column.TOTAL: Money(Decimal(10) ** 15, "CNY")})
    with pytest.raises(InvalidAmountError):
        ClassifiedRow(amounts={Column.TOTAL: Money(Decimal("NaN"), "CNY")})


@given(st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, allow_infinity=False))
def test_pack_round_trips_exactly(yuan: Decimal) -> None:
    packed = pack(yuan)
    if packed is not None:
        with localcontext() as context:
            context.prec = 3  # the caller's context never rounds a figure
            assert str(unpack(packed)) == str(yuan)
