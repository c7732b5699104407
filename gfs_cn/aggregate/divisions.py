"""COFOG divisions (政府职能分类) of functional codes — this library's mapping, not an official one.

The UN's Classification of the Functions of Government has ten divisions (01 General public
services … 10 Social protection). ``data/cofog.tsv`` gives the division of every functional 类,
and of the 款 whose function differs from their 类's (206 科学技术支出 is 01, its 20604 技术研究与开发
is 04 Economic affairs); a code takes the entry of its nearest listed ancestor.

>>> cofog("2101501")
CofogDivision(code='07', name='Health')
>>> cofog("2080505").name, cofog("20604").name
('Social protection', 'Economic affairs')

Limitations: the Ministry of Finance publishes no such crosswalk; the entries follow COFOG's
definitions of its divisions by 类 and 款, not by 项, so a 项 whose function differs from its 款's
(a 行政运行 under 款 that mix functions) takes its 款's division. 231–233 (debt principal, interest
and fees) map to 01 General public services (public debt transactions), though GFS treats repaid
principal as financing rather than expense.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import attrs

from gfs_cn import _data, functional
from gfs_cn.aggregate._common import ZERO
from gfs_cn.aggregate.totals import Rollup
from gfs_cn.catalog import Scheme
from gfs_cn.errors import GfsError

__all__ = ["CofogDivision", "cofog", "cofog_divisions", "rollup_cofog"]


@attrs.frozen(slots=True, order=True)
class CofogDivision:
    """A COFOG division (政府职能分类 大类): two-digit code and English name."""

    code: str
    name: str

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class _Table:
    """``data/cofog.tsv``, read on first use, once, under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.entries: dict[str, CofogDivision] = {}

    def load(self) -> dict[str, CofogDivision]:
        if not self.entries:
            with self._lock:
                if not self.entries:
                    divisions: dict[tuple[str, str], CofogDivision] = {}
                    entries = {}
                    for row in _data.read_rows("cofog.tsv"):
                        key = (row["cofog"], row["cofog_name"])
                        entries[row["code"]] = divisions.setdefault(key, CofogDivision(*key))
                    self.entries = entries
        return self.entries


_TABLE = _Table()


def cofog(code: object) -> CofogDivision:
    """The COFOG division of a functional code in any printed form (its most specific entry).

    Raises :class:`~gfs_cn.errors.InvalidCodeError` or :class:`~gfs_cn.errors.UnknownCodeError` for
    a code that is not in the catalogue, and :class:`~gfs_cn.errors.GfsError` if no entry covers it.
    """
    canonical = functional.lookup(code).code
    entries = _TABLE.load()
    for n in range(len(canonical), 2, -2):
        found = entries.get(canonical[:n])
        if found is not None:
            return found
    raise GfsError(f"functional code {canonical} has no COFOG division in data/cofog.tsv")


def cofog_divisions() -> tuple[CofogDivision, ...]:
    """The divisions the mapping uses, sorted by code."""
    return tuple(sorted(set(_TABLE.load().values())))


def rollup_cofog(totals: Rollup) -> dict[CofogDivision, Decimal]:
    """A functional roll-up's totals by COFOG division, sorted by division; they add up to ``totals.total``.

    Each listed code present in the roll-up gives its division its total less the totals of the
    listed codes present below it, so a 款 mapped apart from its 类 is counted once, in its own division.

    >>> from gfs_cn.aggregate import rollup
    >>> by_division = rollup_cofog(rollup([("2060401", Decimal("3")), ("2060201", Decimal("2")),
    ...                                    ("2101501", Decimal("5"))]))
    >>> {str(division): total for division, total in by_division.items()}
    {'01 General public services': Decimal('2'), '04 Economic affairs': Decimal('3'), '07 Health': Decimal('5')}
    """
    if totals.scheme is not Scheme.FUNCTIONAL:
        raise GfsError(f"COFOG divisions are of functional codes, not {totals.scheme.value} codes")
    entries = _TABLE.load()
    listed = [code for code in totals if code in entries]
    result: dict[CofogDivision, Decimal] = {}
    for code in listed:
        amount = totals[code]
        for other in listed:
            if other != code and other.startswith(code) and _nearest_listed(other, entries) == code:
                amount -= totals[other]
        division = entries[code]
        result[division] = result.get(division, ZERO) + amount
    # A class whose 款 all map elsewhere leaves a residue of zero: no division for it, unless a leaf has it.
    reached = {cofog(leaf) for leaf in totals.leaves}
    return {division: amount for division, amount in sorted(result.items()) if amount or division in reached}


def _nearest_listed(code: str, entries: dict[str, CofogDivision]) -> str | None:
    """The nearest proper ancestor of ``code`` that has an entry."""
    for n in range(len(code) - 2, 2, -2):
        if code[:n] in entries:
            return code[:n]
    return None
