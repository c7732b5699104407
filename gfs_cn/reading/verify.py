"""The reader's own verification (读取校验): the identities a table's layout implies, evaluated on its reading.

Budget tables obey identities whoever prints them: the 合计 row is the sum of the top rows, a 类 the sum of
its 款 and a 款 of its 项, 合计 = 基本支出 + 项目支出 within a row (``data/column_sums.tsv``), 收入总计 =
支出总计. A reading that breaks them may be the publisher's misprint — or the reader's mistake. This
stage tells the two apart as far as the figures allow, and says so on the table:

- every identity holds (within the rounding bound of the printed figures): the table is ``read``;
- the failures are explained by one printed row being off by one amount in each column it is off in
  (each failing identity holds that row): a publisher's slip — a figure mistyped, a 项 left out under
  its 款 — left for :func:`gfs_cn.check` to report against the publisher; the table stays ``read``;
- anything else is ``doubtful``, with the identities that fail in ``table.doubts``: several independent
  differences; rows adding up to a whole multiple of their total (a level counted twice); a 合计 falling
  short beside rows without a code, which may hold what is missing;
- amounts on the table's pages that the reader could not place (``report.unplaced``): ``incomplete``.

The stage never changes an amount; it only judges the reading and says why.

>>> from decimal import Decimal
>>> from gfs_cn import functional, to_money
>>> from gfs_cn.tables import ClassifiedRow, Column, ExpenditureTable, RowKind
>>> def row(code, amount, kind=RowKind.ITEM):
...     subject = functional.lookup(code) if code else None
...     return ClassifiedRow(code=code, printed_code=code, name="", subject=subject, kind=kind,
...                          amounts={Column.TOTAL: to_money(Decimal(amount))})
>>> table = ExpenditureTable(columns=(Column.TOTAL,), rows=(
...     row("", "30.00", RowKind.TOTAL), row("210", "30.00"), row("21015", "30.00"), row("2101501", "20.00")))
>>> [failure.identity for failure in failures(table)]
['parent']
>>> verified, _ = verify([table], [])
>>> verified[0].status.value     # one cell off by one amount: a misprint, not a misreading
'read'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from gfs_cn.economic import BasicGroup, basic_group
from gfs_cn.errors import GfsError
from gfs_cn.money import Unit
from gfs_cn.tables.columns import Column
from gfs_cn.tables.hierarchy import code_tree, is_coded, top_rows
from gfs_cn.tables.kinds import TableStatus
from gfs_cn.tables.models import ClassifiedTable, EconomicTable, ProjectTable, Table, TwoSidedTable
from gfs_cn.tables.report import ReadingNote, Unplaced
from gfs_cn.tables.rows import RowKind, Side
from gfs_cn.tables.sums import applicable_sums

__all__ = ["Failure", "failures", "verify"]

_ZERO: Final = Decimal(0)
_HALF: Final = Decimal("0.5")
_GRAND_INCOME: Final = re.compile(r"^(?:收入总计|总计)$")
_GRAND_EXPENDITURE: Final = re.compile(r"^(?:支出总计|总计)$")
_NUMBERING: Final = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]?\s*|\s+")
_CELLS_IN_A_REASON: Final = 3
"""How many failing identities a doubt spells out (the rest are counted)."""


@attrs.frozen(slots=True)
class Failure:
    """An identity the reading breaks: which, where, and by how much (yuan)."""

    identity: str
    """``total`` (合计 = Σ top rows), ``parent`` (类/款 = Σ rows below), ``columns`` (within a row),
    ``balance`` (收入总计 = 支出总计)."""
    row: str
    """The row whose printed figure the sum is compared with, as printed."""
    column: Column
    printed: Decimal
    summed: Decimal
    bound: Decimal
    page: int | None
    cells: frozenset[tuple[int, Column]]
    """The cells the identity holds: (id of the row, column); the printed one first in ``signs``."""
    signs: tuple[tuple[tuple[int, Column], int], ...]
    """Each cell with +1 where it is the printed side, -1 where it is a part of the sum."""

    @property
    def difference(self) -> Decimal:
        return self.printed - self.summed

    def describe(self) -> str:
        where = f" (page {self.page})" if self.page is not None else ""
        what = _IDENTITY_WORDS[self.identity]
        return (
            f"{what}: {self.row or '合计'} {self.column.value} printed {self.printed:,.2f}, "
            f"sum {self.summed:,.2f}, off by {self.difference:,.2f}{where}"
        )


_IDENTITY_WORDS: Final = {
    "total": "合计 = Σ top rows fails",
    "parent": "a row = Σ the rows below it fails",
    "columns": "a row's columns do not add up",
    "balance": "收入总计 = 支出总计 fails",
}


def verify(tables: Sequence[Table[Any]], unplaced: Sequence[Unplaced]) -> tuple[list[Table[Any]], list[ReadingNote]]:
    """The tables with their status set from their identities and the amounts left unplaced on their
    pages, and a reading note for each table that is not ``read``."""
    checked: list[Table[Any]] = []
    notes: list[ReadingNote] = []
    for table in tables:
        before = table.status
        missing = _unplaced_on(table, unplaced)
        if missing:
            lines = ", ".join(str(u.first_line) for u in missing[:_CELLS_IN_A_REASON])
            more = "…" if len(missing) > _CELLS_IN_A_REASON else ""
            table = table.marked(
                TableStatus.INCOMPLETE,
                f"{len(missing)} block(s) of figures on its pages could not be placed (lines {lines}{more})",
            )
        found = failures(table)
        if found and (_uncounted(table, found) or not _one_misprint(found)):
            shown = "; ".join(f.describe() for f in found[:_CELLS_IN_A_REASON])
            more = f"; and {len(found) - _CELLS_IN_A_REASON} more" if len(found) > _CELLS_IN_A_REASON else ""
            table = table.marked(TableStatus.DOUBTFUL, f"{shown}{more}")
        if table.status is not before:
            notes.append(
                ReadingNote(
                    line=table.first_line or 0,
                    table=table.title,
                    message=f"{table.status.value}: {'; '.join(table.doubts)}",
                    page=table.first_page,
                )
            )
        checked.append(table)
    return checked, notes


def failures(table: Table[Any]) -> list[Failure]:
    """Every identity of the table's layout that its reading breaks beyond the rounding bound."""
    unit = table.unit or Unit.WAN_YUAN
    found: list[Failure] = []
    if isinstance(table, ClassifiedTable | EconomicTable):
        found.extend(_total_failures(table, unit))
        found.extend(_parent_failures(table, unit))
    if isinstance(table, ProjectTable):
        found.extend(_project_total_failures(table, unit))
    if isinstance(table, TwoSidedTable):
        found.extend(_balance_failures(table, unit))
    found.extend(_column_failures(table, unit))
    return found


def _uncounted(table: Table[Any], found: Sequence[Failure]) -> bool:
    """Whether a 合计 falls short where the table holds rows the sum could not count: figures on rows
    without a code (a code the reader did not take, 3021101-差旅费) may be what is missing, so the shortfall
    is no proof against the publisher."""
    if not any(f.identity == "total" for f in found) or not isinstance(table, ClassifiedTable | EconomicTable):
        return False
    return any(
        r.kind is RowKind.ITEM and not is_coded(r) and any(v is not None and v.amount for v in r.amounts.values())
        for r in table.rows
    )


def _one_misprint(found: Sequence[Failure]) -> bool:
    """Whether one printed row, off by one amount in each column it is off in, explains every failure:
    a publisher's slip (a figure mistyped, a 项 left out under its 款), not a misreading.

    A cell printed ``e`` too high makes each identity it is the printed side of off by ``+e``, each it
    is a part of off by ``-e``."""
    if any(_counted_twice(f) for f in found):
        return False
    rows = frozenset.intersection(*(frozenset(row for row, _ in f.cells) for f in found))
    for row in rows:
        errors: dict[Column, tuple[Decimal, Decimal]] = {}
        consistent = True
        for failure in found:
            sign = next((s for (r, c), s in failure.signs if r == row and c == failure.column), None)
            if sign is None:  # the row is in the identity under another column: a row's own columns
                sign = next(s for (r, _), s in failure.signs if r == row)
            error, bound = sign * failure.difference, failure.bound
            first = errors.setdefault(failure.column, (error, bound))
            if abs(error - first[0]) > bound + first[1]:
                consistent = False
                break
        if consistent:
            return True
    return False


def _counted_twice(failure: Failure) -> bool:
    """Whether the rows add up to a whole multiple of the printed figure (2×, 3×): a level of the table
    counted twice — rows of a heading read as data, a row read once per line it wraps over — never a
    publisher's slip."""
    if not failure.printed or not failure.summed:
        return False
    times = failure.summed / failure.printed
    return times >= 2 and times == times.to_integral_value()


def _half_unit(amount: Decimal, factor: Decimal) -> Decimal:
    """Half a unit of the last digit printed, in yuan (amounts keep their printed exponent)."""
    exponent = amount.as_tuple().exponent
    if not isinstance(exponent, int):
        return _ZERO
    if exponent >= 0 and not amount:
        exponent = -2
    return _HALF * Decimal(1).scaleb(exponent) * factor


def _compare(
    identity: str, label: str, printed: Any, parts: Sequence[Any], column: Column, unit: Unit
) -> Failure | None:
    """The failure of ``printed[column] = Σ parts[column]`` (blank = 0), or ``None`` where it holds or
    nothing is printed."""
    return _cells_failure(identity, label, printed, (printed, column), [(p, column) for p in parts], unit)


def _cells_failure(
    identity: str, label: str, at: Any, printed: tuple[Any, Column], parts: Sequence[tuple[Any, Column]], unit: Unit
) -> Failure | None:
    """The failure of one printed cell = Σ other cells (each a row and a column; blank = 0), ``at`` the row
    whose page it names; ``None`` where it holds within the rounding of the printed figures, or nothing is
    printed."""
    money = printed[0].amounts.get(printed[1])
    values = [row.amounts.get(column) for row, column in parts]
    if money is None and all(v is None for v in values):
        return None
    actual = _ZERO if money is None else money.amount
    summed = sum((v.amount for v in values if v is not None), _ZERO)
    bound = sum((_half_unit(v.amount, unit.factor) for v in values if v is not None), _ZERO)
    bound += _ZERO if money is None else _half_unit(money.amount, unit.factor)
    if abs(actual - summed) <= bound:
        return None
    signs = ((id(printed[0]), printed[1]), 1), *(((id(row), column), -1) for row, column in parts)
    return Failure(
        identity=identity,
        row=label,
        column=printed[1],
        printed=actual,
        summed=summed,
        bound=bound,
        page=at.page,
        cells=frozenset(cell for cell, _ in signs),
        signs=tuple(signs),
    )


def _columns(table: Table[Any], row: Any) -> list[Column]:
    return [c for c in table.columns if c in row.amounts and not c.is_subset]


def _group(code: str) -> BasicGroup | None:
    try:
        return basic_group(code)
    except GfsError:
        return None


def _total_failures(table: Table[Any], unit: Unit) -> Iterator[Failure]:
    top = top_rows(table.rows)
    if not top:
        return
    for total in (r for r in table.rows if r.kind is RowKind.TOTAL):
        label = str(total.label)
        parts = top
        group = next((g for g in BasicGroup if g.label in label), None) if isinstance(table, EconomicTable) else None
        if group is not None:
            parts = [r for r in top if _group(r.code) is group]
        if isinstance(table, EconomicTable):
            parts = [r for r in parts if r.panel == total.panel]
        for column in _columns(table, total):
            terms = [p for p in parts if column in p.amounts]
            if terms:
                failure = _compare("total", label, total, terms, column, unit)
                if failure is not None:
                    yield failure


def _project_total_failures(table: Table[Any], unit: Unit) -> Iterator[Failure]:
    """A project list's 合计 = Σ its top units, else Σ its top rows (wherever the 合计 is printed): a row
    that heads the rows below it (a unit named without a code, 珠海市商务局 over its projects) is a level of
    its own, told by its figures."""
    totals = [r for r in table.rows if r.kind is RowKind.TOTAL]
    if len(totals) != 1:
        return  # several 合计 (one per unit or category) add up groups the rows do not mark
    units = [r for r in table.rows if r.kind is RowKind.UNIT and r.unit_code]
    for column in _columns(table, totals[0]):
        if units:
            shortest = min(len(r.unit_code) for r in units)
            parts = [r for r in units if len(r.unit_code) == shortest]
        else:
            items = [r for r in table.rows if r.kind is RowKind.ITEM]
            codes = [_listed_code(r) for r in items]
            if codes and all(codes):
                # A list by economic code ([302]商品和服务支出 over [30201]办公费): its 类 add up to the 合计.
                shortest = min(len(c) for c in codes)
                parts = [r for r, c in zip(items, codes, strict=True) if len(c) == shortest]
            else:
                parts = _top_of_list(items, column, unit)
        if parts:
            failure = _compare("total", str(totals[0].label), totals[0], parts, column, unit)
            if failure is not None:
                yield failure


_LISTED_CODE: Final = re.compile(r"^[\[【(（]?(\d{3}(?:\d{2}){0,2})[\]】)）]?\s*[-—]?\s*\D")


def _listed_code(row: Any) -> str:
    """The code a listed row prints, in its code cell or before its name ([30201]办公费, 30201-办公费)."""
    code = getattr(row, "code", None)
    if code:
        return str(code)
    found = _LISTED_CODE.match(getattr(row, "name", "") or "")
    return found.group(1) if found else ""


def _top_of_list(rows: Sequence[Any], column: Column, unit: Unit) -> list[Any]:
    """The rows of a list at its top level: a row whose figure is the sum of the two or more rows right below
    it (within their rounding) heads them, and they are not counted beside it."""
    values = [_value(r, column) for r in rows]
    halves = [_half_unit(v, unit.factor) if v else _ZERO for v in values]
    top: list[Any] = []
    i = 0
    while i < len(rows):
        top.append(rows[i])
        running, bound, j = _ZERO, halves[i], i + 1
        while j < len(rows) and running + bound < values[i]:
            running, bound, j = running + values[j], bound + halves[j], j + 1
        # Two rows at least: two projects of one amount printed one after the other are no heading.
        i = j if j > i + 2 and values[i] and abs(running - values[i]) <= bound else i + 1
    return top


def _value(row: Any, column: Column) -> Decimal:
    money = row.amounts.get(column)
    return _ZERO if money is None else money.amount


def _parent_failures(table: Table[Any], unit: Unit) -> Iterator[Failure]:
    for parent, kids in code_tree(table.rows):
        for column in _columns(table, parent):
            terms = [k for k in kids if column in k.amounts]
            if terms:
                failure = _compare("parent", str(parent.label), parent, terms, column, unit)
                if failure is not None:
                    yield failure


def _column_failures(table: Table[Any], unit: Unit) -> Iterator[Failure]:
    sides: list[tuple[Column, ...]] = [table.columns]
    if isinstance(table, TwoSidedTable):
        sides.append(table.income_columns)
    for columns in sides:
        rules = applicable_sums(columns)
        if not rules:
            continue
        for row in table.rows:
            amounts = getattr(row, "amounts", None)
            if not amounts or any(v is not None for v in getattr(row, "extra", {}).values()):
                continue  # a column outside the vocabulary may be one of the parts
            for total, alternatives in rules.items():
                if total not in amounts:
                    continue
                found: list[Failure] = []
                for parts in alternatives:
                    if not all(p in amounts for p in parts):
                        continue
                    failure = _split_compare(row, total, parts, unit)
                    if failure is None:
                        found = []
                        break
                    found.append(failure)
                if found:
                    yield min(found, key=lambda f: abs(f.difference))


def _split_compare(row: Any, total: Column, parts: Sequence[Column], unit: Unit) -> Failure | None:
    """``row[total] = Σ row[parts]``, as a failure over cells."""
    return _cells_failure("columns", str(row.label), row, (row, total), [(row, p) for p in parts], unit)


def _item(text: str) -> str:
    return _NUMBERING.sub("", text)


def _balance_failures(table: TwoSidedTable, unit: Unit) -> Iterator[Failure]:
    if not table.income_columns or not table.columns:
        return
    income = next((r for r in table.side(Side.INCOME) if _GRAND_INCOME.match(_item(r.item))), None)
    spent = next((r for r in table.side(Side.EXPENDITURE) if _GRAND_EXPENDITURE.match(_item(r.item))), None)
    if income is None or spent is None:
        return
    received, paid = table.income_columns[0], table.columns[0]
    if income.amounts.get(received) is None or spent.amounts.get(paid) is None:
        return
    failure = _cells_failure("balance", spent.item, spent, (spent, paid), [(income, received)], unit)
    if failure is not None:
        yield failure


def _unplaced_on(table: Table[Any], unplaced: Sequence[Unplaced]) -> list[Unplaced]:
    """Blocks of figures the reader could not place that lie inside the table: named by its title, or on
    the pages it spans (between its first and last line)."""
    first, last = table.first_line, table.last_line
    if first is None:
        return []
    return [
        u
        for u in unplaced
        if (u.table is not None and u.table == table.title and first <= u.first_line)
        or (last is not None and first <= u.first_line <= last)
    ]
