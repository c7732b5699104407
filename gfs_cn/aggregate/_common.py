"""What the aggregation modules share: the catalogue of each scheme, amounts as Decimal, unit nesting."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Final

from moneyed import Money

from gfs_cn import economic, functional
from gfs_cn.catalog import Classification, Scheme

ZERO: Final = Decimal(0)

CATALOGS: Final[dict[Scheme, Classification]] = {
    Scheme.FUNCTIONAL: functional.CATALOG,
    Scheme.DEPARTMENT_ECONOMIC: economic.department.CATALOG,
    Scheme.GOVERNMENT_ECONOMIC: economic.government.CATALOG,
}


def to_decimal(amount: object) -> Decimal | None:
    """Yuan as :class:`~decimal.Decimal` from ``Money``, ``Decimal`` or ``int``; ``None`` stays ``None``.

    Floats are refused: an amount that went through float is no longer the printed figure.
    """
    if type(amount) is Decimal or amount is None:
        return amount
    if isinstance(amount, Money):
        if amount.currency.code != "CNY":
            raise TypeError(f"gfs_cn adds CNY amounts, not {amount.currency.code}")
        value: Decimal = amount.amount
        return value
    if isinstance(amount, Decimal):
        return amount
    if isinstance(amount, int) and not isinstance(amount, bool):
        return Decimal(amount)
    raise TypeError(f"an amount is Money, Decimal yuan or None, not {type(amount).__name__} ({amount!r})")


def ancestors(code: str) -> range:
    """Lengths of the proper prefixes of a canonical code that are codes themselves (2101501 → 3, 5)."""
    return range(3, len(code), 2)


def aggregate_units(unit_codes: Iterable[str | None]) -> frozenset[str]:
    """Unit codes that are a proper prefix of another unit code present: the department (044) above its
    units (044001, 044002), whose rows repeat the units' figures summed.

    >>> sorted(aggregate_units(["044", "044001", "044002", None]))
    ['044']
    """
    codes = {code for code in unit_codes if code}
    return frozenset(code for code in codes if any(other != code and other.startswith(code) for other in codes))


def round_fraction(value: Fraction, places: int) -> Decimal:
    """``value`` rounded half away from zero (四舍五入) to ``places`` decimals, exactly.

    >>> round_fraction(Fraction(2, 3), 4), round_fraction(Fraction(-1, 8), 2)
    (Decimal('0.6667'), Decimal('-0.13'))
    """
    scaled = abs(value) * 10**places
    rounded = int(scaled + Fraction(1, 2))
    return Decimal(rounded if value >= 0 else -rounded).scaleb(-places)
