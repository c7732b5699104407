"""Parsing printed amounts and formatting them back, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from gfs_cn.errors import InvalidAmountError
from gfs_cn.money import Unit, format_amount, parse_amount, parse_decimal, to_money


@pytest.mark.parametrize(
    ("text", "unit", "yuan"),
    [
        ("2,311.07", Unit.WAN_YUAN, "23110700"),
        ("2311.07", "万元", "23110700"),
        ("0.00", Unit.WAN_YUAN, "0"),
        ("(1.50)", Unit.WAN_YUAN, "-15000"),
        ("（1.50）", Unit.WAN_YUAN, "-15000"),
        ("-1.50", Unit.WAN_YUAN, "-15000"),
        ("２，３１１．０７", Unit.WAN_YUAN, "23110700"),
        ("188366", Unit.YUAN, "188366"),
        ("1.2", Unit.YI_YUAN, "120000000"),
        (" 10,495.83 ", "wan_yuan", "104958300"),
    ],
)
def test_parse_amount(text: str, unit: Unit | str, yuan: str) -> None:
    amount = parse_amount(text, unit)
    assert amount == Money(Decimal(yuan), "CNY")
    assert isinstance(amount, Money)
    assert isinstance(amount.amount, Decimal)


@pytest.mark.parametrize("blank", ["", "  ", "-", "—", "－", "/"])
def test_blank_is_not_zero(blank: str) -> None:
    assert parse_amount(blank) is None
    assert parse_amount("0.00") == Money(0, "CNY")


@pytest.mark.parametrize("bad", ["12a", "1.2.3", "--1", "(-1)", "1e5", "NaN", "Infinity", "万元", "+-1", "١٢"])
def test_bad_amount_quotes_the_text(bad: str) -> None:
    with pytest.raises(InvalidAmountError) as caught:
        parse_amount(bad)
    assert caught.value.value == bad
    assert repr(bad) in str(caught.value)


def test_error_says_where() -> None:
    with pytest.raises(InvalidAmountError, match=r"支出总表, line 12"):
        parse_decimal("1x", where="支出总表, line 12")


def test_format_amount() -> None:
    assert format_amount(Money("23110700", "CNY")) == "2,311.07万元"
    assert format_amount(Money("23110700", "CNY"), Unit.YUAN) == "23,110,700.00元"
    assert format_amount(Decimal("5000"), "万元") == "0.50万元"
    # Half up, as reports round (四舍五入), not half to even.
    assert format_amount(Money("125", "CNY"), "万元", suffix=False) == "0.01"
    assert format_amount(Money("-15000", "CNY")) == "-1.50万元"
    with pytest.raises(TypeError):
        format_amount(Money("1", "USD"))


def test_unknown_unit() -> None:
    with pytest.raises(InvalidAmountError, match="not a money unit"):
        Unit.parse("千元")


@given(cents=st.integers(min_value=-(10**14), max_value=10**14), unit=st.sampled_from(list(Unit)))
def test_round_trip_printed_two_decimals(cents: int, unit: Unit) -> None:
    value = Decimal(cents).scaleb(-2)
    money = to_money(value, unit)
    printed = format_amount(money, unit, suffix=False)
    assert parse_amount(printed, unit) == money
