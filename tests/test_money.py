"""Parsing printed amounts and formatting them back, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from moneyed import Money

from gfs_cn.errors import InvalidAmountError
from gfs_cn.money import MAX_YUAN, Unit, format_amount, is_amount, parse_amount, parse_decimal, to_money


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


@pytest.mark.parametrize("blank", ["", "  ", "-", "—", "－", "/", "--", "———", "…", "……", "..."])
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
    assume(abs(value * unit.factor) < MAX_YUAN)
    money = to_money(value, unit)
    printed = format_amount(money, unit, suffix=False)
    assert parse_amount(printed, unit) == money


# --- strict parsing (issue 9) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "glued",
    [
        "92.00 221",  # two cells merged by a blank: was 92.00221
        "12.34,56",  # was 12.3456
        "1.234,56",  # European separators: was 1.23456
        "1,23",  # not grouped by threes: was 123
        "210 13",  # was 21013
        "０ 9４1８ 219９1",  # was 941821991
        "1,2345",
        "12,345,67",
        "0,123",
        "1 234.56",
        "1\u3000234",
        ".5",
        "5.",
        "1..5",
        "(1.50",
        "1.50)",
        "- 1.50",
        "¥1.50",
        "1.50万元",
        "①",
        "¹",
        "1,234.5,6",
    ],
)
def test_glued_or_misgrouped_figures_are_not_amounts(glued: str) -> None:
    with pytest.raises(InvalidAmountError) as caught:
        parse_decimal(glued)
    assert caught.value.value == glued
    assert repr(glued) in str(caught.value)
    assert not is_amount(glued)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234,567.891", "1234567.891"),
        ("1234567.89", "1234567.89"),
        ("+3", "3"),
        ("007", "7"),
        ("\u30001,054.47\u3000", "1054.47"),
        ("（１，０５４．４７）", "-1054.47"),
        ("－１．５", "-1.5"),
        ("999,999,999,999,999.999999", "999999999999999.999999"),
    ],
)
def test_well_formed_figures(text: str, value: str) -> None:
    assert parse_decimal(text) == Decimal(value)
    assert is_amount(text)


@pytest.mark.parametrize("blank", ["", " ", "-", "—", "－", "/", "\u3000－\u3000"])
def test_blank_is_not_an_amount(blank: str) -> None:
    assert parse_decimal(blank) is None
    assert not is_amount(blank)


@pytest.mark.parametrize("huge", ["1" * 32, "9" * 40, "1" * 16, "1.1234567", "-" + "9" * 20 + ".00"])
def test_implausibly_long_figures_are_refused(huge: str) -> None:
    with pytest.raises(InvalidAmountError, match="implausible"):
        parse_decimal(huge)
    assert not is_amount(huge)


def test_amounts_in_yuan_stay_below_the_bound() -> None:
    assert parse_amount("9,999,999.99", "亿元") == Money(Decimal("999999999000000"), "CNY")
    with pytest.raises(InvalidAmountError, match="implausible"):
        parse_amount("100,000,000,000.00", "万元")  # 10^15 yuan
    with pytest.raises(InvalidAmountError, match="implausible"):
        to_money(Decimal(10) ** 12, "亿元")
    assert to_money(Decimal("99999999999.99"), "万元") == Money(Decimal("999999999999900"), "CNY")


@pytest.mark.parametrize(
    ("value", "unit", "yuan"), [(12, "元", "12"), (Decimal("1.5"), "万元", "15000"), (-3, "亿元", "-300000000")]
)
def test_numbers_are_amounts_too(value: int | Decimal, unit: str, yuan: str) -> None:
    assert parse_amount(value, unit) == Money(Decimal(yuan), "CNY")
    assert is_amount(value)


@pytest.mark.parametrize("bad", [1.5, True, None, b"12", [12], Decimal("NaN"), Decimal("Infinity"), 10**20])
def test_other_values_are_refused_with_a_gfs_error(bad: object) -> None:
    with pytest.raises(InvalidAmountError) as caught:
        parse_amount(bad)  # type: ignore[arg-type]
    assert caught.value.value is bad
    assert not is_amount(bad)


@pytest.mark.parametrize("bad", [None, 12, Unit])
def test_unit_of_another_type_is_a_gfs_error(bad: object) -> None:
    with pytest.raises(InvalidAmountError, match="not a money unit"):
        parse_amount("1.00", bad)  # type: ignore[arg-type]


_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=15)


@st.composite
def _printed(draw: st.DrawFn) -> tuple[str, Decimal]:
    """A figure as a report prints it, and its value."""
    whole = draw(st.integers(min_value=0, max_value=10**15 - 1))
    decimals = draw(st.text(alphabet="0123456789", max_size=6))
    grouped = draw(st.booleans())
    negative = draw(st.sampled_from(["", "-", "()", "+"]))
    body = (f"{whole:,}" if grouped else str(whole)) + (f".{decimals}" if decimals else "")
    text = f"({body})" if negative == "()" else negative + body
    value = Decimal(f"{whole}.{decimals}" if decimals else str(whole))
    return text, -value if negative in ("-", "()") else value


@given(_printed(), st.booleans())
def test_every_printed_figure_reads_exactly(printed: tuple[str, Decimal], wide: bool) -> None:
    text, value = printed
    if wide:  # full-width forms, as some PDFs extract them
        text = text.translate({c: c - 0x21 + 0xFF01 for c in range(0x21, 0x7F)})
    assert parse_decimal(text) == value
    assert is_amount(text)


@given(st.text(max_size=30))
def test_any_text_is_an_amount_a_blank_or_a_gfs_error(text: str) -> None:
    if is_amount(text):
        value = parse_decimal(text)
        assert value is not None
        assert abs(value) < MAX_YUAN
    else:
        try:
            assert parse_decimal(text) is None
        except InvalidAmountError as err:
            assert err.value == text  # noqa: PT017 - a property over any text: either outcome is fine


@given(st.lists(st.sampled_from([*"0123456789", ",", ".", " ", "-"]), min_size=1, max_size=14).map("".join))
def test_glued_figures_never_read_as_one(text: str) -> None:
    """A figure with an inner blank, or groups not of three, is never an amount."""
    stripped = text.strip()
    if " " in stripped or any(len(g) != 3 for g in stripped.split(".")[0].split(",")[1:]):
        assert not is_amount(text)


@pytest.mark.parametrize("bad", [1.5, True, "1.00", None, Decimal("NaN"), 10**16])
def test_to_money_takes_exact_plausible_figures_only(bad: object) -> None:
    with pytest.raises(InvalidAmountError) as caught:
        to_money(bad)  # type: ignore[arg-type]
    assert caught.value.value is bad
