"""Amounts of money as reports print them (金额), exact, in yuan.

Reports print 万元 with two decimals (``2,311.07``), sometimes 元; a blank cell
means "nothing printed" and stays distinct from ``0.00``. :func:`parse_amount`
turns printed text into an exact :class:`moneyed.Money` in CNY yuan (or ``None``
for a blank); :func:`format_amount` prints it back in a chosen unit with
babel's zh_CN conventions. Nothing passes through float.

>>> parse_amount("2,311.07", Unit.WAN_YUAN)
Money('23110700.00', 'CNY')
>>> parse_amount("", Unit.WAN_YUAN) is None
True
>>> format_amount(parse_amount("(1.50)", "万元"))
'-1.50万元'
"""

from __future__ import annotations

import enum
import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

from babel import Locale
from babel.numbers import format_decimal
from moneyed import Money

from gfs_cn.errors import InvalidAmountError

__all__ = ["CURRENCY", "Unit", "format_amount", "parse_amount", "parse_decimal", "to_money"]

CURRENCY: Final = "CNY"


class Unit(enum.Enum):
    """A money unit printed on reports (金额单位): 元, 万元 or 亿元."""

    YUAN = "元"
    WAN_YUAN = "万元"
    YI_YUAN = "亿元"

    @property
    def factor(self) -> Decimal:
        """Yuan per one of this unit (万元 → 10000)."""
        return _FACTORS[self]

    @classmethod
    def parse(cls, value: Unit | str) -> Unit:
        """A unit from its Chinese or English name.

        >>> Unit.parse("万元"), Unit.parse("wan_yuan")
        (<Unit.WAN_YUAN: '万元'>, <Unit.WAN_YUAN: '万元'>)
        """
        if isinstance(value, Unit):
            return value
        text = value.strip()
        for unit in cls:
            if text in (unit.value, unit.name.lower()):
                return unit
        raise InvalidAmountError(value, "not a money unit: use 元, 万元 or 亿元")


_FACTORS = {Unit.YUAN: Decimal(1), Unit.WAN_YUAN: Decimal(10_000), Unit.YI_YUAN: Decimal(100_000_000)}

# Characters that print "nothing here" in a money cell.
_BLANKS: Final = frozenset({"", "-", "—", "－", "–", "――", "——", "/"})
# Full-width digits and signs become ASCII; thousands separators and blanks are deleted.
_TO_ASCII: Final = str.maketrans(
    {
        **{chr(0xFF10 + d): str(d) for d in range(10)},
        "．": ".",
        "－": "-",
        "（": "(",
        "）": ")",
        "＋": "+",
        ",": None,
        "，": None,
        " ": None,
        "\u3000": None,
        "\u00a0": None,
    }
)


def parse_decimal(text: str, *, where: str | None = None) -> Decimal | None:
    """The printed number as an exact :class:`~decimal.Decimal`, in the printed unit; ``None`` if blank.

    >>> parse_decimal("1,054.47")
    Decimal('1054.47')
    >>> parse_decimal("—") is None
    True
    """
    stripped = text.strip()
    if stripped in _BLANKS:
        return None
    cleaned = stripped.translate(_TO_ASCII)
    # Accountants print negatives in parentheses: (1.50) is -1.50.
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    unsigned = cleaned[1:] if cleaned[:1] in ("+", "-") and not negative else cleaned
    if not (unsigned.isascii() and unsigned.replace(".", "", 1).isdigit()):
        raise InvalidAmountError(text, "expected digits with an optional sign, separators and decimals", where=where)
    try:
        value = Decimal(cleaned)
    except InvalidOperation as err:
        raise InvalidAmountError(text, "not a decimal number", where=where) from err
    return -value if negative else value


def to_money(value: Decimal, unit: Unit | str = Unit.WAN_YUAN) -> Money:
    """Exact :class:`~moneyed.Money` in yuan for a figure in ``unit``.

    >>> to_money(Decimal("0.01"))
    Money('100.00', 'CNY')
    """
    return Money(value * Unit.parse(unit).factor, CURRENCY)


def parse_amount(text: str, unit: Unit | str = Unit.WAN_YUAN, *, where: str | None = None) -> Money | None:
    """An amount as printed (``2,311.07``, ``(1.50)``, full-width digits) in ``unit``, as yuan.

    Blank cells (``''``, ``-``, ``—``) give ``None``, not zero. Bad text raises
    :class:`~gfs_cn.errors.InvalidAmountError` quoting it.
    """
    value = parse_decimal(text, where=where)
    return None if value is None else to_money(value, unit)


@functools.lru_cache(maxsize=16)
def _locale(name: str) -> Locale:
    # Parsing a locale reads babel's data files; formatting thousands of figures must not.
    return Locale.parse(name)


def format_amount(
    amount: Money | Decimal,
    unit: Unit | str = Unit.WAN_YUAN,
    *,
    digits: int = 2,
    locale: str = "zh_CN",
    suffix: bool = True,
) -> str:
    """An amount in ``unit``, rounded half up to ``digits`` decimals, grouped per ``locale``.

    A :class:`~decimal.Decimal` is taken to be in yuan.

    >>> from moneyed import Money
    >>> format_amount(Money("23110700", "CNY"))
    '2,311.07万元'
    >>> format_amount(Money("23110750", "CNY"), "万元", suffix=False)
    '2,311.08'
    """
    parsed_unit = Unit.parse(unit)
    yuan = amount.amount if isinstance(amount, Money) else amount
    if isinstance(amount, Money) and amount.currency.code != CURRENCY:
        raise TypeError(f"gfs_cn formats CNY amounts, not {amount.currency.code}")
    # Reports round half up (四舍五入); babel alone would round half to even.
    quantum = Decimal(1).scaleb(-digits)
    value = (yuan / parsed_unit.factor).quantize(quantum, rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    text = format_decimal(value, format=pattern, locale=_locale(locale), decimal_quantization=False)
    return text + parsed_unit.value if suffix else text
