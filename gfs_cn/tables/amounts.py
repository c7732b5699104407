"""The amounts of a row (金额), held compactly: one shared tuple of columns per layout, the figures packed.

A report of a province holds millions of figures. A ``dict`` per row and a :class:`~moneyed.Money`
per figure cost more than the figures themselves, so :class:`RowAmounts` keeps the columns of a
layout once for every row that prints them, and each figure as one exact integer (the digits of
its yuan amount and how many of them are decimals) — a row's figures as 8 bytes each where they fit,
as they nearly always do; the :class:`~moneyed.Money` is made when it is asked for. Nothing passes
through float, and ``1.0`` and ``1.00`` keep their own precision.

It is an immutable :class:`~collections.abc.Mapping`: it iterates in the printed order, compares
equal to a ``dict`` of the same items, and, like a ``dict``, is not hashable.

>>> from decimal import Decimal
>>> from gfs_cn import Column, to_money
>>> amounts = RowAmounts({Column.TOTAL: to_money(Decimal("442.28")), Column.PROJECT: None})
>>> amounts[Column.TOTAL], amounts.get(Column.PROJECT), amounts.decimal(Column.TOTAL)
(Money('4422800.00', 'CNY'), None, Decimal('4422800.00'))
>>> amounts == {Column.TOTAL: to_money(Decimal("442.28")), Column.PROJECT: None}
True
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator, Mapping
from decimal import Context, Decimal
from typing import Any, Final

from moneyed import Money, get_currency

from gfs_cn.errors import InvalidAmountError
from gfs_cn.money import CURRENCY, MAX_YUAN
from gfs_cn.tables.columns import Column

__all__ = ["RowAmounts", "pack", "unpack"]

_SCALE_BITS: Final = 3
"""Low bits of a packed figure that say how many of its digits are decimals (0–7)."""
_SCALE_MASK: Final = (1 << _SCALE_BITS) - 1
_EXACT: Final = Context(prec=64)
"""Wide enough that scaling a figure (below 10^15 yuan, 7 decimals at most) never rounds, whatever the
caller's context."""
_SCALES: Final = tuple(Decimal(1).scaleb(-k) for k in range(_SCALE_MASK + 1))
"""1, 0.1, … 0.0000001: an integer times one of them is exact, and takes its exponent."""
_CNY: Final = get_currency(CURRENCY)

Packed = int | Money | None
"""A figure as held: an ``int`` packs a CNY amount; a :class:`Money` that does not pack (another
currency, a subclass, ``-0``, more than 7 decimals) is kept as given; ``None`` is a blank cell."""


def pack(yuan: Decimal) -> int | None:
    """An amount in yuan as one exact ``int`` (its digits, shifted, and how many are decimals), or
    ``None`` where it does not pack (not finite, more than 7 decimals, a positive exponent, ``-0``).

    >>> pack(Decimal("4422800.00")), unpack(pack(Decimal("4422800.00")))
    (3538240002, Decimal('4422800.00'))
    >>> pack(Decimal("-0.00")) is None, unpack(pack(Decimal("-1.5")))
    (True, Decimal('-1.5'))
    """
    exponent = yuan.as_tuple().exponent
    if not isinstance(exponent, int) or not -_SCALE_MASK <= exponent <= 0:
        return None
    digits = int(yuan.scaleb(-exponent, _EXACT))
    if not digits and yuan.is_signed():
        return None
    return digits << _SCALE_BITS | -exponent


def unpack(packed: int) -> Decimal:
    """The amount in yuan :func:`pack` packed, with its exponent."""
    return _EXACT.multiply(packed >> _SCALE_BITS, _SCALES[packed & _SCALE_MASK])


_FIGURE: Final = struct.Struct("<q")
"""A row's figures, when each packs into 64 bits (nearly always), are one ``bytes`` of 8 bytes a figure:
a third of a tuple of ``int`` s."""
_BLANK: Final = -(1 << 63)
"""The 64-bit figure that stands for a blank cell."""


def _compact(values: tuple[Packed, ...]) -> bytes | tuple[Packed, ...]:
    """The figures as ``bytes`` where each is blank or packs into 64 bits; else the tuple itself."""
    for value in values:
        if value is not None and not (type(value) is int and _BLANK < value < -_BLANK):
            return values
    return struct.pack(f"<{len(values)}q", *[_BLANK if value is None else value for value in values])


_MADE: dict[int, Money] = {}
_MADE_KEPT: Final = 4096
"""Money last made, by packed figure: the checks ask for the same totals and zeros again and again.
A Money is immutable, so rows share it as they shared it when they held it; bounded all the same."""


def _money(value: Packed) -> Money | None:
    if type(value) is int:
        made = _MADE.get(value)
        if made is None:
            if len(_MADE) >= _MADE_KEPT:
                _MADE.clear()
            made = _MADE[value] = Money(unpack(value), _CNY)
        return made
    return value  # type: ignore[return-value]


def _packed(money: Money | None) -> Packed:
    if money is None or type(money) is not Money or money.currency is not _CNY:
        return money
    packed = pack(money.amount)
    return money if packed is None else packed


class _Layout:
    """The columns of a layout, shared by every row that prints them, and where each one is."""

    __slots__ = ("columns", "index")

    def __init__(self, columns: tuple[Column, ...]) -> None:
        self.columns: Final = columns
        self.index: Final = {column: i for i, column in enumerate(columns)}


_LAYOUTS: dict[tuple[Column, ...], _Layout] = {}
_LAYOUTS_KEPT: Final = 4096
"""Layouts remembered for sharing: a reader sees a few dozen; bounded all the same."""


def _layout(columns: tuple[Column, ...]) -> _Layout:
    found = _LAYOUTS.get(columns)
    if found is None:
        if len(_LAYOUTS) >= _LAYOUTS_KEPT:
            _LAYOUTS.clear()
        found = _LAYOUTS[columns] = _Layout(columns)
    return found


class RowAmounts(Mapping[Column, "Money | None"]):
    """金额 — a row's amounts by :class:`Column`: an immutable mapping to ``Money | None`` (``None`` for
    a blank cell), holding each figure as an exact packed ``int`` and making its ``Money`` on access.

    Every amount must be finite and below :data:`~gfs_cn.money.MAX_YUAN` in size
    (:class:`~gfs_cn.errors.InvalidAmountError` otherwise).

    >>> RowAmounts({Column.TOTAL: None})
    {<Column.TOTAL: 'total'>: None}
    """

    __slots__ = ("_layout", "_values")

    _layout: _Layout
    _values: bytes | tuple[Packed, ...]

    def __init__(
        self, amounts: Mapping[Column, Money | None] | Iterable[tuple[Column, Money | None]] = ()
    ) -> None:
        items = dict(amounts)
        for column, money in items.items():
            # Bounded amounts keep every sum and rounding of the checks and displays exact (see MAX_YUAN).
            if money is not None and not (money.amount.is_finite() and abs(money.amount) < MAX_YUAN):
                where = column.value if isinstance(column, Column) else repr(column)
                raise InvalidAmountError(money, f"implausible under {where}: not below 10^15 yuan")
        self._layout = _layout(tuple(items))
        self._values = _compact(tuple(_packed(money) for money in items.values()))

    @classmethod
    def _of(cls, columns: tuple[Column, ...], values: bytes | tuple[Packed, ...]) -> RowAmounts:
        """Amounts already packed and checked (the reader's): no check."""
        amounts = cls.__new__(cls)
        amounts._layout = _layout(columns)
        amounts._values = values if type(values) is bytes else _compact(values)  # type: ignore[arg-type]
        return amounts

    def _value(self, i: int) -> Packed:
        values = self._values
        if type(values) is bytes:
            value: int = _FIGURE.unpack_from(values, i << 3)[0]
            return None if value == _BLANK else value
        return values[i]

    def __getitem__(self, column: Column) -> Money | None:
        return _money(self._value(self._layout.index[column]))

    def get(self, column: Column, default: Any = None) -> Any:
        """The amount in ``column``; ``default`` where the row prints no such column."""
        i = self._layout.index.get(column)
        return default if i is None else _money(self._value(i))

    def decimal(self, column: Column) -> Decimal | None:
        """The amount in ``column`` in yuan, made without a :class:`Money`; ``None`` when blank or not printed."""
        i = self._layout.index.get(column)
        if i is None:
            return None
        value = self._value(i)
        if type(value) is int:
            return unpack(value)
        return None if value is None else value.amount  # type: ignore[union-attr]

    def __contains__(self, column: object) -> bool:
        return column in self._layout.index

    def __iter__(self) -> Iterator[Column]:
        return iter(self._layout.columns)

    def __len__(self) -> int:
        return len(self._layout.columns)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowAmounts) and self._layout is other._layout and self._values == other._values:
            return True  # the same packed figures: the same amounts, without making any Money
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]  # as a dict: amounts are compared, never hashed

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return _restore, (self._layout.columns, self._values)


def _restore(columns: tuple[Column, ...], values: bytes | tuple[Packed, ...]) -> RowAmounts:
    """A pickled :class:`RowAmounts` again, its layout shared with the other rows of this process."""
    return RowAmounts._of(columns, values)
