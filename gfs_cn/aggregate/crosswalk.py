"""Department economic amounts booked under government economic codes (按两套科目对照表转换), conserving totals.

:func:`crosswalk_amounts` takes a basic-expenditure table's rows (or ``(department code, amount)``
pairs), adds their leaves, books each under the government code the crosswalk gives for the
spending unit's kind (:func:`gfs_cn.economic.to_government`), and says whether the totals in and
out are equal — listing every amount it could not book, never dropping one.

>>> from decimal import Decimal
>>> moved = crosswalk_amounts([("30101", Decimal("100")), ("30201", Decimal("20")), ("30113", Decimal("8"))],
...                           "institution")
>>> dict(moved.government)
{'505': Decimal('128'), '50501': Decimal('108'), '50502': Decimal('20')}
>>> moved.conserved, moved.input_total, moved.output_total
(True, Decimal('128'), Decimal('128'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Union

import attrs
from moneyed import Money

from gfs_cn.aggregate._common import ZERO, aggregate_units, ancestors, to_decimal
from gfs_cn.aggregate.totals import Rollup, UnplacedAmount, from_leaves
from gfs_cn.catalog import Scheme
from gfs_cn.economic import UnitKind, department, government, pairing_kinds, to_government
from gfs_cn.errors import GfsError
from gfs_cn.tables import Column, EconomicRow, RowKind

__all__ = ["Crosswalked", "Disagreement", "UnmappedAmount", "crosswalk_amounts"]

EconomicItem = Union[EconomicRow, tuple[object, Money | Decimal | None]]  # noqa: UP007 - an alias: 3.10 has no `type` statement
"""What :func:`crosswalk_amounts` books: an economic row, or a ``(department code, amount)`` pair."""

_EVERY_KIND = frozenset(UnitKind)


@attrs.frozen(slots=True)
class UnmappedAmount:
    """An amount the crosswalk cannot book under a government code (无法对应), and why."""

    code: str
    """The department economic code as given."""
    amount: Decimal | None
    reason: str
    unit_kind: UnitKind | None = None
    name: str = ""
    line: int | None = None
    unit_code: str | None = None


@attrs.frozen(slots=True)
class Disagreement:
    """A row whose printed government code is not the one the crosswalk gives for the unit kind passed;
    the amount is booked where the crosswalk says."""

    code: str
    printed_government_code: str
    government_code: str
    unit_kind: UnitKind
    amount: Decimal | None
    line: int | None = None


@attrs.frozen(slots=True, repr=False)
class Crosswalked:
    """The result of :func:`crosswalk_amounts`: totals on both sides and what could not be booked."""

    unit_kind: UnitKind | None
    """The kind passed, or ``None``: each row's kind was told by its printed government code."""
    column: Column
    department: Rollup
    """The leaves that came in, rolled up by department code (malformed codes in its ``unplaced``)."""
    government: Rollup
    """The same amounts booked under government codes, rolled up to 类 and 款."""
    unmapped: tuple[UnmappedAmount, ...] = ()
    """Every leaf amount not booked: malformed or unknown codes, codes the crosswalk does not map for
    the kind, rows whose kind could not be told."""
    disagreements: tuple[Disagreement, ...] = ()

    @property
    def input_total(self) -> Decimal:
        """Every leaf amount that came in, booked or not."""
        return self.department.total + sum((u.amount or ZERO for u in self.department.unplaced), ZERO)

    @property
    def output_total(self) -> Decimal:
        """Every amount booked under a government code."""
        return self.government.total

    @property
    def difference(self) -> Decimal:
        """``input_total - output_total``: the amounts in :attr:`unmapped`."""
        return self.input_total - self.output_total

    @property
    def conserved(self) -> bool:
        """The check (总额守恒): the totals in and out are equal, exactly."""
        return self.input_total == self.output_total

    @property
    def unmapped_codes(self) -> tuple[str, ...]:
        """The department codes that could not be booked, once each, in the order met."""
        return tuple(dict.fromkeys(u.code for u in self.unmapped))

    def __repr__(self) -> str:
        kind = self.unit_kind.value if self.unit_kind else "by printed government code"
        state = "conserved" if self.conserved else f"NOT conserved (difference {self.difference})"
        extra = f"; unmapped {', '.join(self.unmapped_codes)}" if self.unmapped else ""
        return f"<Crosswalked ({kind}): {self.input_total} → {self.output_total} yuan, {state}{extra}>"


@attrs.frozen(slots=True)
class _Entry:
    code: str
    department_code: str | None
    error: str | None
    amount: Decimal | None
    kinds: frozenset[UnitKind]
    printed_government: str | None
    name: str = ""
    line: int | None = None
    unit_code: str | None = None


def crosswalk_amounts(
    items: Iterable[EconomicItem], unit_kind: UnitKind | str | None, *, column: Column = Column.TOTAL
) -> Crosswalked:
    """Book department economic amounts under government economic codes for a kind of spending unit.

    ``items`` are :class:`~gfs_cn.tables.EconomicRow` (their amount in ``column``) or
    ``(department code, amount)`` pairs. Leaves only are booked, as in :func:`~gfs_cn.aggregate.rollup`
    (a 301 row printed above its 301xx rows is a subtotal; ``TOTAL``/``UNIT``/``SUBSET`` rows are skipped).

    ``unit_kind`` is the unit's kind (:class:`~gfs_cn.economic.UnitKind`, or its English or Chinese
    name); pass ``None`` for a table that mixes an agency's and an institution's rows and prints the
    government code beside each (the Zibo and Xixia tables): each row's kind is then the one for which
    the crosswalk pairs its two codes (:func:`~gfs_cn.economic.pairing_kinds`), and subtotals are told
    apart within each kind. With a kind passed, a printed government code that the crosswalk does not
    give is listed in :attr:`Crosswalked.disagreements` and the crosswalk's code is used.

    >>> moved = crosswalk_amounts([("30101", Decimal("100")), ("3O1", Decimal("1"))], "agency")
    >>> moved.conserved, moved.difference, moved.unmapped_codes
    (False, Decimal('1'), ('3O1',))
    """
    kind = None if unit_kind is None else UnitKind.parse(unit_kind)
    entries = [entry for entry in (_entry(item, kind, column) for item in items) if entry is not None]
    nested = aggregate_units(e.unit_code for e in entries)

    # A code is a subtotal where a row of the same unit, and of a kind it could be, lies below it.
    below: dict[tuple[str | None, UnitKind], set[str]] = {}
    for entry in entries:
        if entry.department_code is None:
            continue
        for possible in entry.kinds or _EVERY_KIND:
            prefixes = below.setdefault((entry.unit_code, possible), set())
            prefixes.update(entry.department_code[:n] for n in ancestors(entry.department_code))

    department_sums: dict[str, Decimal] = {}
    government_sums: dict[str, Decimal] = {}
    unplaced: list[UnplacedAmount] = []
    unmapped: list[UnmappedAmount] = []
    disagreements: list[Disagreement] = []
    for entry in entries:
        if entry.unit_code in nested:
            continue
        amount = entry.amount or ZERO
        dept = entry.department_code
        if dept is None:
            reason = entry.error or "no code"
            unplaced.append(UnplacedAmount(entry.code, entry.amount, reason, entry.name, entry.line, entry.unit_code))
            unmapped.append(_unmapped(entry, reason, kind))
            continue
        if any(dept in below.get((entry.unit_code, k), ()) for k in entry.kinds or _EVERY_KIND):
            continue
        department_sums[dept] = department_sums.get(dept, ZERO) + amount
        target, reason = _target(entry, kind, disagreements)
        if target is None:
            unmapped.append(_unmapped(entry, reason, kind))
            continue
        government_sums[target] = government_sums.get(target, ZERO) + amount

    return Crosswalked(
        unit_kind=kind,
        column=column,
        department=from_leaves(department_sums, scheme=Scheme.DEPARTMENT_ECONOMIC, column=column, unplaced=unplaced),
        government=from_leaves(government_sums, scheme=Scheme.GOVERNMENT_ECONOMIC, column=column),
        unmapped=tuple(unmapped),
        disagreements=tuple(disagreements),
    )


def _unmapped(entry: _Entry, reason: str, kind: UnitKind | None) -> UnmappedAmount:
    only = next(iter(entry.kinds)) if len(entry.kinds) == 1 else None
    return UnmappedAmount(entry.code, entry.amount, reason, kind or only, entry.name, entry.line, entry.unit_code)


def _target(entry: _Entry, kind: UnitKind | None, disagreements: list[Disagreement]) -> tuple[str | None, str]:
    """The government code to book an entry under, or ``None`` and the reason."""
    dept = entry.department_code
    assert dept is not None
    if kind is None:
        if entry.printed_government is None:
            return None, "no unit kind was given and the row prints no government code to tell it"
        if not entry.kinds:
            return None, (
                f"the crosswalk pairs {dept} with {entry.printed_government} for no unit kind "
                f"(one of the two printed codes is wrong)"
            )
        # Every kind in entry.kinds books dept under the printed code: that is what pairing_kinds says.
        return entry.printed_government, ""
    try:
        target = to_government(dept, kind).code
    except GfsError as err:
        return None, str(err)
    if entry.printed_government is not None and entry.printed_government != target:
        disagreements.append(Disagreement(dept, entry.printed_government, target, kind, entry.amount, entry.line))
    return target, ""


def _entry(item: object, kind: UnitKind | None, column: Column) -> _Entry | None:
    """An item in one form: its department code resolved, the kinds it may be of, its amount."""
    printed_government: str | None = None
    name, line, unit = "", None, None
    if isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2:
        raw, value = item
        amount = to_decimal(value)
    elif isinstance(getattr(item, "kind", None), RowKind) and hasattr(item, "code"):
        row: Any = item
        if row.kind is not RowKind.ITEM:
            return None
        raw = row.code
        amounts: Mapping[Column, Money | None] = getattr(row, "amounts", {})
        if column not in amounts:
            return None  # a side-by-side group that does not print the column
        amount = to_decimal(amounts[column])
        name, line, unit = getattr(row, "name", ""), getattr(row, "line", None), getattr(row, "unit_code", None)
        printed = getattr(row, "government_code", None)
        gov = government.get(printed) if printed else None
        printed_government = gov.code if gov is not None else printed or None
    else:
        raise TypeError(f"crosswalk_amounts books economic rows or (code, amount) pairs, not {type(item).__name__}")
    code = str(raw) if raw is not None else ""
    try:
        dept = department.lookup(raw).code
    except GfsError as err:
        return _Entry(code, None, str(err), amount, frozenset(), printed_government, name, line, unit)
    if kind is not None:
        kinds = frozenset({kind})
    elif printed_government is not None and government.is_valid(printed_government):
        kinds = pairing_kinds(dept, printed_government)
    else:
        kinds = frozenset()
    return _Entry(code, dept, None, amount, kinds, printed_government, name, line, unit)
