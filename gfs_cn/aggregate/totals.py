"""Roll-ups (汇总): exact totals for every 类, 款 and 项 of a set of amounts, counting leaves only.

A report prints subtotal rows (类 and 款) between its 项 rows; adding every row would count each
amount two or three times. :func:`rollup` adds only the *leaves* — codes none of whose descendants
is among the items — and carries each leaf's sum up to its 款 and 类, so printed subtotals never
count twice and a 款 printed without its 项 still counts once.

>>> from decimal import Decimal
>>> totals = rollup([("2101501", Decimal("100.00")), ("210 15 50", Decimal("50.00")),
...                  ("21015", Decimal("150.00")), ("2080501", Decimal("7.50"))])
>>> totals["21015"], totals["210"], totals.total
(Decimal('150.00'), Decimal('150.00'), Decimal('157.50'))
>>> totals.by_level(Level.CLASS)
{'208': Decimal('7.50'), '210': Decimal('150.00')}
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Union

import attrs
from moneyed import Money

from gfs_cn.aggregate._common import CATALOGS, ZERO, aggregate_units, ancestors, to_decimal
from gfs_cn.catalog import Classification, Scheme, Subject
from gfs_cn.codes import Level
from gfs_cn.errors import GfsError
from gfs_cn.money import CURRENCY
from gfs_cn.tables import ClassifiedRow, Column, EconomicRow, RowKind

__all__ = ["Item", "Rollup", "UnplacedAmount", "from_leaves", "rollup", "rollup_columns"]

Item = Union[ClassifiedRow, EconomicRow, tuple[object, Money | Decimal | None]]  # noqa: UP007 - an alias: 3.10 has no `type` statement
"""What :func:`rollup` adds: a table row, or a ``(code, amount)`` pair (amount ``Money`` or yuan ``Decimal``)."""


@attrs.frozen(slots=True)
class UnplacedAmount:
    """An amount whose code is not a code of the classification (科目编码无效或缺失) — kept beside the
    totals, never dropped silently.

    ``code`` is the code as given (``""`` for a row that prints none); ``reason`` says why it could not
    be placed; ``line`` and ``unit_code`` say where a row came from. Pairs with the same code are
    listed once, their amounts summed.
    """

    code: str
    amount: Decimal | None
    reason: str
    name: str = ""
    line: int | None = None
    unit_code: str | None = None


@attrs.frozen(slots=True, eq=False, repr=False)
class Rollup(Mapping[str, Decimal]):
    """Totals per code (汇总数), exact, in yuan: a read-only mapping from canonical code to ``Decimal``.

    Keys are the canonical codes of every 类, 款 and 项 present among the items or above one,
    sorted; any printed form of a code finds its total (``"210 15"``, ``"２１０"``). Compares equal to
    any mapping with the same totals.

    >>> from decimal import Decimal
    >>> r = rollup([("2101501", Decimal("4422800.00")), ("2210201", Decimal("1586700.00"))])
    >>> r["210\\t15"], r.money("221")
    (Decimal('4422800.00'), Money('1586700.00', 'CNY'))
    >>> [(s.name, t) for s, t in r.named()][:2]
    [('卫生健康支出', Decimal('4422800.00')), ('医疗保障管理事务', Decimal('4422800.00'))]
    >>> r
    <Rollup functional (total): 2 类, 2 款, 2 项; total 6009500.00 yuan>
    """

    scheme: Scheme
    """The classification the codes belong to."""
    column: Column
    """The column of the rows that was added (irrelevant for pairs)."""
    _totals: dict[str, Decimal]
    total: Decimal
    """The grand total: the sum of every leaf (the sum of the 类 totals)."""
    unplaced: tuple[UnplacedAmount, ...] = ()
    """Amounts whose code is not a code of the classification, in the order met; not in any total."""
    leaves: frozenset[str] = frozenset()
    """The codes that were added as leaves (the others present were subtotals)."""
    aggregate_units: frozenset[str] = frozenset()
    """Unit codes whose rows were not added because rows of their sub-units are present (044 above
    044001): the department's rows repeat its units' figures."""

    # -- mapping -------------------------------------------------------------------------------

    def __getitem__(self, code: object) -> Decimal:
        try:
            return self._totals[code]  # type: ignore[index]
        except (KeyError, TypeError):
            pass
        try:
            canonical = CATALOGS[self.scheme].compact(code)
        except GfsError:
            raise KeyError(code) from None
        if canonical not in self._totals:
            raise KeyError(code)
        return self._totals[canonical]

    def __iter__(self) -> Iterator[str]:
        return iter(self._totals)

    def __len__(self) -> int:
        return len(self._totals)

    # -- views ---------------------------------------------------------------------------------

    def by_level(self, level: Level) -> dict[str, Decimal]:
        """The totals of one level (类, 款 or 项), sorted by code."""
        return {code: total for code, total in self._totals.items() if len(code) == level.digits}

    def named(self) -> list[tuple[Subject, Decimal]]:
        """``(subject, total)`` for every code, sorted by code."""
        lookup = CATALOGS[self.scheme].lookup
        return [(lookup(code), total) for code, total in self._totals.items()]

    def money(self, code: object = None) -> Money:
        """The total of ``code`` (any printed form) as ``Money``; the grand total without one."""
        return Money(self.total if code is None else self[code], CURRENCY)

    # -- arithmetic ------------------------------------------------------------------------------

    def __add__(self, other: Rollup) -> Rollup:
        """The roll-up of both sets of items (e.g. two units' tables), each rolled up on its own."""
        if not isinstance(other, Rollup):
            return NotImplemented
        if other.scheme is not self.scheme or other.column is not self.column:
            raise GfsError(
                f"cannot add a {other.scheme.value} roll-up of {other.column.value} "
                f"to a {self.scheme.value} roll-up of {self.column.value}"
            )
        totals = dict(self._totals)
        for code, amount in other._totals.items():
            totals[code] = totals.get(code, ZERO) + amount
        return Rollup(
            scheme=self.scheme,
            column=self.column,
            totals=dict(sorted(totals.items())),
            total=self.total + other.total,
            unplaced=self.unplaced + other.unplaced,
            leaves=self.leaves | other.leaves,
            aggregate_units=self.aggregate_units | other.aggregate_units,
        )

    def __radd__(self, other: object) -> Rollup:
        """``sum(rollups)``: adding to ``0`` gives the roll-up itself."""
        if isinstance(other, int) and other == 0:
            return self
        return NotImplemented

    def plot(self, *others: Rollup, **options: Any) -> Any:
        """A chart of the 类 totals (beside ``others``'), as :func:`gfs_cn.charts.plot` draws them
        (``pip install 'gfs-cn[plot]'``)."""
        from gfs_cn.charts import plot

        return plot(self, *others, **options)

    def __repr__(self) -> str:
        counts = dict.fromkeys(CATALOGS[self.scheme].lengths, 0)
        for code in self._totals:
            counts[len(code)] += 1
        parts = ", ".join(f"{n} {Level(digits).label}" for digits, n in counts.items())
        extra = f"; {len(self.unplaced)} unplaced" if self.unplaced else ""
        return f"<Rollup {self.scheme.value} ({self.column.value}): {parts}; total {self.total} yuan{extra}>"


def rollup(items: Iterable[Item], *, column: Column = Column.TOTAL, scheme: Scheme = Scheme.FUNCTIONAL) -> Rollup:
    """Totals per 类, 款 and 项 of ``items``, adding leaves only.

    ``items`` are table rows — :class:`~gfs_cn.tables.ClassifiedRow` (their ``code``), or
    :class:`~gfs_cn.tables.EconomicRow` with ``scheme`` the department economic classification
    (their ``code``) or the government one (their ``government_code``) — whose amount in
    ``column`` is added; or ``(code, amount)`` pairs, the code in any printed form
    :func:`gfs_cn.functional.lookup` accepts and the amount ``Money`` or ``Decimal`` yuan.

    - Only leaves are added: a code is a subtotal, and not added, when one of its descendants is
      among the items (of the same unit, for rows that name one). A blank cell (``None``) adds
      nothing but still makes its code present.
    - Rows of kind ``TOTAL``, ``UNIT`` and ``SUBSET`` (合计, unit headings, 其中) are skipped: they
      repeat figures of other rows. So are rows that do not hold ``column`` at all (one group of a
      table printed in side-by-side groups). Rows of a unit whose sub-units are listed too (044 above 044001)
      are skipped and named in :attr:`Rollup.aggregate_units`.
    - An item whose code is blank, malformed or not in the classification is added to no total and
      listed, with the reason, in :attr:`Rollup.unplaced`.

    >>> from decimal import Decimal
    >>> r = rollup([("2101501", Decimal("10.00")), ("2101599", Decimal("2.50")), ("21O15", Decimal("1"))])
    >>> r["21015"], r.total
    (Decimal('12.50'), Decimal('12.50'))
    >>> r.unplaced[0].code, r.unplaced[0].amount
    ('21O15', Decimal('1'))
    """
    catalog = CATALOGS[scheme]
    resolved: dict[Hashable, str | GfsError] = {}
    unplaced: list[UnplacedAmount] = []
    # Raw code → sum, for pairs and for rows of no unit; canonical code → sum per unit for the others.
    # Each item costs one dict update here: codes are looked up once per distinct code afterwards.
    flat: dict[Hashable, Decimal] = {}
    by_unit: dict[str, dict[str, Decimal]] = {}
    get, pair, decimal, zero = flat.get, tuple, Decimal, ZERO  # locals: the loop runs once per item
    for item in items:
        if type(item) is pair:
            code, amount = item
            if type(amount) is not decimal:
                amount = to_decimal(amount) or zero
            flat[code] = get(code, zero) + amount
        else:
            _add_other(item, column, scheme, catalog, resolved, flat, by_unit, unplaced)

    no_unit: dict[str, Decimal] = {}
    for raw, amount in flat.items():
        canonical = _resolve(raw, catalog, resolved)
        if isinstance(canonical, GfsError):
            unplaced.append(UnplacedAmount(code=str(raw), amount=amount, reason=str(canonical)))
            continue
        no_unit[canonical] = no_unit.get(canonical, ZERO) + amount

    nested = aggregate_units(by_unit)
    leaves: dict[str, Decimal] = {}
    for unit, sums in (*by_unit.items(), (None, no_unit)):
        if unit in nested:
            continue
        subtotals = {code[:n] for code in sums for n in ancestors(code)}
        for code, amount in sums.items():
            if code not in subtotals:
                leaves[code] = leaves.get(code, ZERO) + amount
    return from_leaves(leaves, scheme=scheme, column=column, unplaced=unplaced, aggregate_units=nested)


def from_leaves(
    leaves: Mapping[str, Decimal],
    *,
    scheme: Scheme,
    column: Column = Column.TOTAL,
    unplaced: Iterable[UnplacedAmount] = (),
    aggregate_units: frozenset[str] = frozenset(),
) -> Rollup:
    """The roll-up of amounts that are all leaves, by canonical code: each is added to its own code and
    carried up to its 款 and 类, with no subtotal detection (a 类 and one of its 款 may both be leaves,
    as where :func:`~gfs_cn.aggregate.crosswalk_amounts` books one department 类 under a government 类).

    >>> dict(from_leaves({"503": Decimal(2), "50301": Decimal(1)}, scheme=Scheme.GOVERNMENT_ECONOMIC))
    {'503': Decimal('3'), '50301': Decimal('1')}
    """
    totals: dict[str, Decimal] = {}
    grand = ZERO
    for code, amount in leaves.items():
        grand += amount
        totals[code] = totals.get(code, ZERO) + amount
        for n in ancestors(code):
            parent = code[:n]
            totals[parent] = totals.get(parent, ZERO) + amount
    return Rollup(
        scheme=scheme,
        column=column,
        totals=dict(sorted(totals.items())),
        total=grand,
        unplaced=tuple(unplaced),
        leaves=frozenset(leaves),
        aggregate_units=aggregate_units,
    )


def _resolve(raw: Hashable, catalog: Classification, resolved: dict[Hashable, str | GfsError]) -> str | GfsError:
    """The canonical code of a code as given, or the error saying why there is none; once per code."""
    found = resolved.get(raw)
    if found is None:
        try:
            found = catalog.lookup(raw).code
        except GfsError as err:
            found = err
        resolved[raw] = found
    return found


def _add_other(
    item: object,
    column: Column,
    scheme: Scheme,
    catalog: Classification,
    resolved: dict[Hashable, str | GfsError],
    flat: dict[Hashable, Decimal],
    by_unit: dict[str, dict[str, Decimal]],
    unplaced: list[UnplacedAmount],
) -> None:
    """Add a row, or a pair given as another sequence than a tuple."""
    if isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2:
        code, amount = item
        flat[code] = flat.get(code, ZERO) + (to_decimal(amount) or ZERO)
        return
    kind = getattr(item, "kind", None)
    if not isinstance(kind, RowKind) or not hasattr(item, "code"):
        raise TypeError(
            f"rollup adds rows with codes (ClassifiedRow, EconomicRow) or (code, amount) pairs, "
            f"not {type(item).__name__}"
        )
    if kind is not RowKind.ITEM:
        return
    amounts: Mapping[Column, Money | None] = getattr(item, "amounts", {})
    if column not in amounts:
        return  # a side-by-side group that does not print the column (公开06表's 人员经费 | 公用经费)
    raw = getattr(item, "government_code", None) if scheme is Scheme.GOVERNMENT_ECONOMIC else item.code
    amount = to_decimal(amounts[column])
    unit = getattr(item, "unit_code", None)
    canonical = _resolve(raw, catalog, resolved) if raw else None
    if canonical is None or isinstance(canonical, GfsError):
        unplaced.append(
            UnplacedAmount(
                code=raw or "",
                amount=amount,
                reason="the row prints no code" if canonical is None else str(canonical),
                name=getattr(item, "name", ""),
                line=getattr(item, "line", None),
                unit_code=unit,
            )
        )
        return
    value = amount or ZERO
    if unit is None:
        flat[canonical] = flat.get(canonical, ZERO) + value
    else:
        sums = by_unit.setdefault(unit, {})
        sums[canonical] = sums.get(canonical, ZERO) + value


def rollup_columns(
    rows: Iterable[ClassifiedRow | EconomicRow], *, scheme: Scheme = Scheme.FUNCTIONAL
) -> dict[Column, Rollup]:
    """One :func:`rollup` per column the rows hold, in the order the rows hold them.

    A table is an iterable of rows, so ``rollup_columns(table)`` rolls up every column of it.

    >>> from gfs_cn import functional, to_money
    >>> from decimal import Decimal
    >>> rows = [ClassifiedRow(code=c, amounts={Column.TOTAL: to_money(Decimal(t)), Column.BASIC: to_money(Decimal(b))})
    ...         for c, t, b in [("2101501", "5.00", "4.00"), ("2101550", "3.00", "3.00")]]
    >>> {column.value: r.total for column, r in rollup_columns(rows).items()}
    {'total': Decimal('80000.00'), 'basic': Decimal('70000.00')}
    """
    materialized = list(rows)
    columns: dict[Column, None] = {}
    for row in materialized:
        if isinstance(row, tuple):
            raise TypeError("rollup_columns needs table rows: (code, amount) pairs have no columns")
        columns.update(dict.fromkeys(row.amounts))
    return {column: rollup(materialized, column=column, scheme=scheme) for column in columns}
