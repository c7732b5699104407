"""Shares of a total (占比), exact: a fraction for arithmetic, four decimals for display.

>>> from decimal import Decimal
>>> from gfs_cn.aggregate import rollup
>>> parts = shares(rollup([("2101501", Decimal("2")), ("2210201", Decimal("1"))]), level=Level.CLASS)
>>> parts["210"].fraction, parts["210"].value, str(parts["221"])
(Fraction(2, 3), Decimal('0.6667'), '33.33%')
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

import attrs

from gfs_cn.aggregate._common import ZERO, round_fraction
from gfs_cn.aggregate.totals import Rollup
from gfs_cn.codes import Level
from gfs_cn.errors import GfsError

__all__ = ["Share", "shares"]

K = TypeVar("K")


@attrs.frozen(slots=True)
class Share:
    """A part of a whole (占比): both amounts exact, the share as a :class:`~fractions.Fraction`.

    >>> share = Share(Decimal("4422800.00"), Decimal("23110700.00"))
    >>> share.value, share.percent, share.fraction == Fraction(44228, 231107)
    (Decimal('0.1914'), Decimal('19.14'), True)
    """

    amount: Decimal
    whole: Decimal

    @property
    def fraction(self) -> Fraction:
        """``amount / whole``, exactly."""
        return Fraction(self.amount) / Fraction(self.whole)

    @property
    def value(self) -> Decimal:
        """The share rounded half up to four decimals, for display (``0.1914``)."""
        return round_fraction(self.fraction, 4)

    @property
    def percent(self) -> Decimal:
        """The share in per cent, rounded half up to two decimals (``19.14``)."""
        return round_fraction(self.fraction * 100, 2)

    def __str__(self) -> str:
        return f"{self.percent}%"


def shares(totals: Mapping[K, Decimal], *, level: Level | None = None) -> dict[K, Share]:
    """Each total's share of the whole, in the mapping's order.

    For a :class:`~gfs_cn.aggregate.Rollup` the whole is its grand total (``rollup.total``) and
    ``level`` keeps the codes of one level (类, 款 or 项) — the shares of one level add up to one. For
    any other mapping (e.g. :func:`~gfs_cn.aggregate.rollup_cofog`'s) the whole is the sum of its
    values. A whole of zero has no shares: :class:`~gfs_cn.errors.GfsError`.
    """
    if isinstance(totals, Rollup):
        whole = totals.total
        selected: Mapping[K, Decimal] = totals.by_level(level) if level is not None else totals  # type: ignore[assignment]
    elif level is not None:
        raise TypeError("level applies to a Rollup only")
    else:
        whole = sum(totals.values(), ZERO)
        selected = totals
    if not whole:
        raise GfsError("the total is zero, so there are no shares of it")
    return {key: Share(amount, whole) for key, amount in selected.items()}
