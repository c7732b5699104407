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
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from babel import Locale
from babel.numbers import format_decimal
from moneyed import Money

from gfs_cn.errors import InvalidAmountError

__all__ = [
    "CURRENCY",
    "MAX_DECIMALS",
    "MAX_DIGITS",
    "MAX_YUAN",
    "Unit",
    "format_amount",
    "is_amount",
    "parse_amount",
    "parse_decimal",
    "to_money",
]

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
        if not isinstance(value, str):
            raise InvalidAmountError(value, "not a money unit: use 元, 万元 or 亿元")
        text = value.strip()
        for unit in cls:
            if text in (unit.value, unit.name.lower()):
                return unit
        raise InvalidAmountError(value, "not a money unit: use 元, 万元 or 亿元")


_FACTORS = {Unit.YUAN: Decimal(1), Unit.WAN_YUAN: Decimal(10_000), Unit.YI_YUAN: Decimal(100_000_000)}

MAX_DIGITS: Final = 15
"""Most digits before the point of a printed figure: 10^15 (千万亿) in any unit is implausible."""
MAX_DECIMALS: Final = 6
"""Most digits after the point of a printed figure (reports print two, rarely four)."""
MAX_YUAN: Final = Decimal(10) ** MAX_DIGITS
"""Amounts in yuan must stay below this (10^15 yuan, some 30 times China's whole national budget).

Bounding amounts keeps every sum and rounding well inside :mod:`decimal`'s default 28 digits,
so no check, sum or display can overflow or round an amount silently.
"""

# Characters that print "nothing here" in a money cell.
_BLANKS: Final = frozenset({"", "-", "—", "－", "–", "――", "——", "/"})
# ... and longer runs of them, or an ellipsis (--, ———, …, ……, ...): looked at only once a cell is no amount.
_BLANK_RUN: Final = re.compile(r"[-—－–―]{1,6}|/|…{1,2}|\.{3,6}")
# Full-width forms (U+FF01–FF5E) become ASCII, as NFKC maps them; the ideographic space a space.
# Other compatibility characters (①, ¹, ½) are not digits of an amount, so NFKC as a whole is not used.
_TO_ASCII: Final = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: 0x20}
# What an amount can start with, in ASCII or full-width form.
_FIRST: Final = frozenset("0123456789+-(") | frozenset(chr(c + 0xFEE0) for c in b"0123456789+-(")
# One optional sign or a pair of parentheses (accountants' negative); digits grouped by threes
# with ",", or not grouped; optionally "." and decimals. Nothing else: no inner blanks.
_NUMBER: Final = r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_AMOUNT: Final = re.compile(rf"([+-]?)({_NUMBER})|\(({_NUMBER})\)")  # sign, number | negative number
_RULE: Final = (
    "expected a sign or parentheses, digits (grouped by threes with ',', or not), optionally '.' and decimals"
)


def _scan(text: str) -> tuple[bool, str] | str | None:
    """``(negative, digits)`` of a printed figure; ``None`` if blank; the reason as a ``str`` if it is not an amount."""
    stripped = text.strip()
    if stripped in _BLANKS:
        return None
    if not stripped.isascii():
        if stripped[0] not in _FIRST:  # a name, a title: most text cells, told apart without translating
            return None if _BLANK_RUN.fullmatch(stripped) else _RULE
        stripped = stripped.translate(_TO_ASCII).strip()
        if stripped in _BLANKS:
            return None
    match = _AMOUNT.fullmatch(stripped)
    if match is None:
        return None if _BLANK_RUN.fullmatch(stripped) else _RULE
    sign, number, negative = match.groups()
    digits = (number or negative).replace(",", "")
    whole, _, decimals = digits.partition(".")
    if len(whole) > MAX_DIGITS or len(decimals) > MAX_DECIMALS:
        return f"implausible: more than {MAX_DIGITS} digits before the point or {MAX_DECIMALS} after it"
    return (negative is not None or sign == "-"), digits


def _figure(text: str) -> Decimal | str | None:
    """The printed figure; ``None`` if blank; the reason as a ``str`` if it is not an amount."""
    scanned = _scan(text)
    if scanned is None or isinstance(scanned, str):
        return scanned
    negative, digits = scanned
    return -Decimal(digits) if negative else Decimal(digits)


def _exact(value: object) -> Decimal | str | None:
    """An ``int``/``Decimal`` given as an amount, or the text's figure (see :func:`_figure`)."""
    if isinstance(value, str):
        return _figure(value)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        kind = "a float is inexact" if isinstance(value, float) else f"{type(value).__name__} is not text"
        return f"{kind}: give the amount as printed text, an int or a Decimal"
    number = Decimal(value)
    if not number.is_finite():
        return "not a finite number"
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > MAX_DECIMALS or abs(number) >= MAX_YUAN:
        return f"implausible: {MAX_DIGITS} digits before the point and {MAX_DECIMALS} after it at most"
    return number


def is_amount(text: object) -> bool:
    """Whether ``text`` prints an amount (not blank, not text) that :func:`parse_decimal` reads. Never raises.

    >>> is_amount("1,054.47"), is_amount("（1.50）"), is_amount("—"), is_amount("92.00 221"), is_amount("1,23")
    (True, True, False, False, False)
    """
    try:
        if isinstance(text, str):  # the reader's question, per cell: answered without building a Decimal
            return isinstance(_scan(text), tuple)
        return isinstance(_exact(text), Decimal)
    except Exception:  # e.g. a str subclass that misbehaves: still an answer, never an error
        return False


def parse_decimal(text: str | int | Decimal, *, where: str | None = None) -> Decimal | None:
    """The printed number as an exact :class:`~decimal.Decimal`, in the printed unit; ``None`` if blank.

    Strict: one optional sign or a pair of parentheses (a negative, as accountants print it),
    digits grouped by threes with ``,`` or not grouped, optionally one ``.`` and decimals.
    Full-width digits and punctuation (``２，３１１．０７``) count as their ASCII forms; blank
    cells (``''``, ``-``, ``—``, ``－``, ``/``) are ``None``. Anything else — two figures glued
    by a blank, European separators, misplaced groups, more than :data:`MAX_DIGITS` digits
    before the point or :data:`MAX_DECIMALS` after it — raises
    :class:`~gfs_cn.errors.InvalidAmountError` quoting the text. An ``int`` or ``Decimal`` is
    taken as the figure itself.

    >>> parse_decimal("1,054.47"), parse_decimal("(1.50)")
    (Decimal('1054.47'), Decimal('-1.50'))
    >>> parse_decimal("—") is None
    True
    >>> parse_decimal("92.00 221")
    Traceback (most recent call last):
    ...
    gfs_cn.errors.InvalidAmountError: '92.00 221' is not an amount: expected a sign or parentheses, digits ...
    """
    value = _exact(text)
    if isinstance(value, str):
        raise InvalidAmountError(text, value, where=where)
    return value


def to_money(value: Decimal | int, unit: Unit | str = Unit.WAN_YUAN) -> Money:
    """Exact :class:`~moneyed.Money` in yuan for a figure in ``unit``.

    Raises :class:`~gfs_cn.errors.InvalidAmountError` for an amount of :data:`MAX_YUAN` or more.

    >>> to_money(Decimal("0.01"))
    Money('100.00', 'CNY')
    """
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise InvalidAmountError(value, "expected an exact figure: an int or a Decimal")
    parsed_unit = Unit.parse(unit)
    yuan = value * parsed_unit.factor
    if not (yuan.is_finite() and abs(yuan) < MAX_YUAN):
        reason = f"implausible: {Decimal(value):,f}{parsed_unit.value} is not below 10^{MAX_DIGITS} yuan"
        raise InvalidAmountError(value, reason)
    return Money(yuan, CURRENCY)


def parse_amount(
    text: str | int | Decimal, unit: Unit | str = Unit.WAN_YUAN, *, where: str | None = None
) -> Money | None:
    """An amount as printed (``2,311.07``, ``(1.50)``, full-width digits) in ``unit``, as yuan.

    The text is read as :func:`parse_decimal` reads it; an ``int`` or ``Decimal`` is the figure
    itself. Blank cells (``''``, ``-``, ``—``) give ``None``, not zero. Bad text, and an amount
    of :data:`MAX_YUAN` yuan or more, raise :class:`~gfs_cn.errors.InvalidAmountError` quoting it.

    >>> parse_amount(12, "元")
    Money('12', 'CNY')
    """
    value = parse_decimal(text, where=where)
    if value is None:
        return None
    try:
        return to_money(value, unit)
    except InvalidAmountError as err:
        raise InvalidAmountError(text, err.reason, where=where) from None


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
