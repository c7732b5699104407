"""Figures a check compares, with their exact rounding bounds (舍入误差) and where they were printed.

A printed figure is its value give or take half a unit of its last printed digit, in the unit its
table printed (0.005 万元 = 50 yuan for ``442.28`` 万元; 0.5 yuan for ``4422`` 元). A figure computed
from printed figures carries the sum of their bounds, so a printed total against *n* printed parts
allows (n + 1) half-units. Amounts are held in yuan with the printed number's exponent (``442.28`` 万元
is ``Decimal('4422800.00')``), so the printed precision is read off the amount itself.

>>> from decimal import Decimal
>>> half_unit(Decimal("4422800.00"), Decimal(10000))
Decimal('50.000')
>>> a = Figure(Decimal("100"), Decimal("50")); b = Figure(Decimal("40"), Decimal("50"))
>>> (a - b).value, (a - b).bound
(Decimal('60'), Decimal('100'))
>>> change, base = Figure(Decimal("3000"), Decimal("50")), Figure(Decimal("4500"), Decimal("100"))
>>> percentage_consistent(Decimal("66.6"), change, base), percentage_consistent(Decimal("60"), change, base)
(True, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

__all__ = ["Cell", "Figure", "half_unit", "percentage_consistent", "percentage_last_digit", "ratio_range", "top_rows"]

_HALF: Final = Decimal("0.5")
_ZERO: Final = Decimal(0)
_DEFAULT_DIGITS: Final = 2
"""Decimals the templates print money with: a bare printed 0 is taken to be 0.00."""


# Not frozen: checks make thousands of these per report, and frozen attrs classes are three times slower
# to build; nothing changes them after they are made.
@attrs.define(slots=True)
class Cell:
    """Where a figure was printed: a table's row and the amount key (a Column value, ``extra`` header
    path or a field of a performance table), or a narrative section (``table`` is ``None``)."""

    table: Any
    row: Any
    key: str
    """``amounts.total``, ``extra["机关运行经费"]``, ``amount``, ``funds[0].amount``, ``text``."""
    value: Decimal | None = attrs.field(default=None, eq=False)
    """The figure printed there, in yuan."""
    at: int | None = None
    """Where in a narrative section's text the figure is stated (several figures share a section)."""

    @property
    def ident(self) -> tuple[int, Any, str, int | None]:
        """A hashable identity (tables and rows hold dicts, so they are told apart by object)."""
        return (id(self.table), id(self.row) if self.table is not None else self.row, self.key, self.at)


@attrs.define(slots=True)
class Figure:
    """A value in yuan, its rounding bound in yuan (half-units of the printed figures it is made of),
    and the cells it was read from."""

    value: Decimal
    bound: Decimal
    cells: tuple[Cell, ...] = ()

    def __add__(self, other: Figure) -> Figure:
        return Figure(self.value + other.value, self.bound + other.bound, self.cells + other.cells)

    def __sub__(self, other: Figure) -> Figure:
        return Figure(self.value - other.value, self.bound + other.bound, self.cells + other.cells)

    def __neg__(self) -> Figure:
        return Figure(-self.value, self.bound, self.cells)

    @classmethod
    def total(cls, figures: Iterable[Figure]) -> Figure:
        """The sum of figures (bounds add up)."""
        value, bound = _ZERO, _ZERO
        cells: list[Cell] = []
        for figure in figures:
            value += figure.value
            bound += figure.bound
            cells.extend(figure.cells)
        return cls(value, bound, tuple(cells))


def half_unit(amount: Decimal, factor: Decimal) -> Decimal:
    """Half a unit of the last digit ``amount`` (yuan, carrying the printed exponent) was printed with,
    in yuan, for a table printed in a unit of ``factor`` yuan. A bare ``0`` counts as ``0.00``."""
    exponent = amount.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity: no bound can be read
        return _ZERO
    if exponent >= 0 and not amount:
        exponent = -_DEFAULT_DIGITS
    # The yuan amount carries the printed number's exponent only when the unit's factor is a power of
    # ten with exponent 0 (Unit factors are); the printed unit's digit is then 10^exponent units.
    key = (exponent, factor)
    bound = _HALF_UNITS.get(key)
    if bound is None:
        bound = _HALF_UNITS[key] = _HALF * Decimal(1).scaleb(exponent) * factor
    return bound


# Bounds by (exponent, factor): a report prints a handful of precisions, read thousands of times.
_HALF_UNITS: dict[tuple[int, Decimal], Decimal] = {}


def ratio_range(numerator: Figure, denominator: Figure) -> tuple[Decimal, Decimal] | None:
    """The least and greatest numerator/denominator over the figures' bounds; ``None`` where the
    denominator's range contains zero."""
    low_d, high_d = denominator.value - denominator.bound, denominator.value + denominator.bound
    if low_d <= 0 <= high_d:
        return None
    corners = [
        n / d for n in (numerator.value - numerator.bound, numerator.value + numerator.bound) for d in (low_d, high_d)
    ]
    return min(corners), max(corners)


def percentage_consistent(stated: Decimal, numerator: Figure, denominator: Figure) -> bool:
    """Whether a stated percentage (``66.6`` for 66.6%) is what some true values within the figures'
    bounds give, rounded to the stated precision (half a unit of its last digit either way)."""
    found = ratio_range(numerator, denominator)
    if found is None:
        return True  # no verdict is possible: the denominator may be zero
    low, high = found
    exponent = stated.as_tuple().exponent
    half = _HALF * Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return low * 100 <= stated + half and high * 100 >= stated - half


def percentage_last_digit(stated: Decimal, numerator: Figure, denominator: Figure) -> bool:
    """Whether a stated percentage the rounding does not give is off by its last printed digit only: printed
    truncated (10.15% for 10.157%) or moved a digit so that shares add up to 100% (a rounding note, not an
    error).

    >>> part, whole = Figure(Decimal("10157"), Decimal(0)), Figure(Decimal("100000"), Decimal(0))
    >>> percentage_last_digit(Decimal("10.15"), part, whole), percentage_last_digit(Decimal("10.12"), part, whole)
    (True, False)
    """
    found = ratio_range(numerator, denominator)
    if found is None:
        return True
    low, high = found
    exponent = stated.as_tuple().exponent
    unit = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return low * 100 <= stated + unit + _HALF * unit and high * 100 >= stated - unit - _HALF * unit


def top_rows(rows: Any, code: str) -> list[Any]:
    """The rows printing ``code`` once for the whole report: those outside any unit, else those of the
    top units (a table by unit prints a code under each unit and again under the units that add them)."""
    printed = [r for r in rows if getattr(r, "code", None) == code and getattr(r, "kind", None) is not None]
    printed = [r for r in printed if r.kind.value == "item"]
    outside = [r for r in printed if r.unit_code is None]
    if outside or not printed:
        return outside
    shortest = min(len(r.unit_code) for r in printed)
    return [r for r in printed if len(r.unit_code) == shortest]
