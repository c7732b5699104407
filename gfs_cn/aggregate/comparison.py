"""Year-on-year comparison (增减变化) of two reports, figure by figure, exact.

:func:`compare` lines up the printed figures of two reports — a department's 2023 and 2024 budgets,
or a budget and its final account — by table kind, code and column, and gives each figure's
change and percentage change; rows printed in one report only are marked as appeared or
disappeared.

>>> from decimal import Decimal
>>> from gfs_cn import functional, to_money
>>> from gfs_cn.tables import ClassifiedRow, Column, ExpenditureTable, Report, ReportKind
>>> def budget(year, amounts):
...     rows = tuple(ClassifiedRow(code=c, subject=functional.lookup(c), name=functional.lookup(c).name,
...                                amounts={Column.TOTAL: to_money(Decimal(t))}) for c, t in amounts)
...     return Report(department="某某局", year=year, kind=ReportKind.BUDGET, tables=(ExpenditureTable(rows=rows),))
>>> diff = compare(budget(2023, [("2101501", "400.00"), ("2101502", "5.00")]),
...                budget(2024, [("2101501", "442.28"), ("2101599", "92.00")]))
>>> first = diff.changes[0]
>>> first.code, first.a, first.b, first.change, first.percent
('2101501', Decimal('4000000.00'), Decimal('4422800.00'), Decimal('422800.00'), Decimal('10.57'))
>>> diff.appeared, diff.disappeared
(((<TableKind.EXPENDITURE: 'expenditure'>, '2101599'),), ((<TableKind.EXPENDITURE: 'expenditure'>, '2101502'),))
>>> diff
<Comparison 某某局 2023 部门预算 → 某某局 2024 部门预算: 3 figures; 1 changed, 1 appeared, 1 disappeared
  支出总表 2101599 其他医疗保障管理事务支出 合计: — → 92.00 万元 (+92.00)
  支出总表 2101501 行政运行 合计: 400.00 → 442.28 万元 (+42.28, +10.57%)
  支出总表 2101502 一般行政管理事务 合计: 5.00 → — 万元 (-5.00, -100.00%)>
"""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs

from gfs_cn import economic, functional
from gfs_cn.aggregate._common import round_fraction
from gfs_cn.aggregate._lines import Line, LineKey, add_amounts, is_lined, report_lines
from gfs_cn.catalog import Classification
from gfs_cn.editions import ChangeKind
from gfs_cn.money import Unit, format_amount
from gfs_cn.tables import ClassifiedTable, Column, EconomicTable, Report, RowKind, Side, TableKind

__all__ = ["Change", "Comparison", "Status", "compare"]

_COLUMN_ORDER: Final = {column: i for i, column in enumerate(Column)}
_SHOWN_IN_REPR: Final = 8


class Status(enum.Enum):
    """How a figure differs between the two reports."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    APPEARED = "appeared"
    """The row is printed in the second report only (新增)."""
    DISAPPEARED = "disappeared"
    """The row is printed in the first report only (减少/取消)."""


@attrs.frozen(slots=True, kw_only=True)
class Change:
    """One figure in both reports (增减): the row and column, the amount in each (yuan, ``None`` where
    blank or not printed), and how it changed."""

    table: TableKind
    code: str
    """The row's code; for lines without one (two-sided tables, “三公” figures) the item in compared form."""
    name: str
    """The row's name (item, basis) as printed, in the second report where printed there."""
    column: Column
    a: Decimal | None
    b: Decimal | None
    status: Status
    row_kind: RowKind = RowKind.ITEM
    unit_code: str | None = None
    side: Side | None = None
    reclassified: str = ""
    """How the classification changed this row between the two years (renumbered, merged, split,
    renamed — with the notice), empty where it did not: a change of code is not a change of spending."""

    @property
    def change(self) -> Decimal | None:
        """``b - a``, a blank counting as nothing; ``None`` when both are blank."""
        if self.a is None and self.b is None:
            return None
        return (self.b if self.b is not None else Decimal(0)) - (self.a if self.a is not None else Decimal(0))

    @property
    def ratio(self) -> Fraction | None:
        """The exact relative change ``(b - a) / a``; ``None`` where ``a`` is blank or zero."""
        change = self.change
        if self.a is None or not self.a or change is None:
            return None
        return Fraction(change) / Fraction(self.a)

    @property
    def percent(self) -> Decimal | None:
        """The percentage change, rounded half up to two places (``Decimal('10.57')`` for +10.57%);
        ``None`` where ``a`` is blank or zero. :attr:`ratio` is exact."""
        ratio = self.ratio
        return None if ratio is None else round_fraction(ratio * 100, 2)

    def describe(self, unit: Unit = Unit.WAN_YUAN) -> str:
        """One line for people: table, code, name, column, the two amounts in ``unit`` and the change."""

        def shown(value: Decimal | None) -> str:
            return "—" if value is None else format_amount(value, unit, suffix=False)

        change = self.change
        detail = ""
        if change is not None and change:
            sign = "+" if change > 0 else "-"
            detail = f" ({sign}{format_amount(abs(change), unit, suffix=False)}"
            percent = self.percent
            detail += ")" if percent is None else f", {'+' if percent >= 0 else ''}{percent}%)"
        # Lines without a code are keyed by their item: show it once, as printed.
        code = self.code if self.code.isdigit() else ""
        head = " ".join(part for part in (self.table.label, code, self.name) if part)
        return f"{head} {self.column.label}: {shown(self.a)} → {shown(self.b)} {unit.value}{detail}"


@attrs.frozen(slots=True, repr=False)
class Comparison:
    """Every figure of two reports side by side (增减变化表): see :func:`compare`."""

    a: str
    """The first report, as ``department year kind``."""
    b: str
    changes: tuple[Change, ...]
    """One per row and column printed in either report, in printed order (the second report's, then
    rows of the first report only)."""
    reclassified: tuple[str, ...] = ()
    """Each classification change the comparison mapped a code through, said once (see :attr:`Change.reclassified`)."""

    @property
    def appeared(self) -> tuple[tuple[TableKind, str], ...]:
        """``(table kind, code)`` of rows printed in the second report only."""
        return self._keys(Status.APPEARED)

    @property
    def disappeared(self) -> tuple[tuple[TableKind, str], ...]:
        """``(table kind, code)`` of rows printed in the first report only."""
        return self._keys(Status.DISAPPEARED)

    def _keys(self, status: Status) -> tuple[tuple[TableKind, str], ...]:
        return tuple(dict.fromkeys((c.table, c.code) for c in self.changes if c.status is status))

    def changed(self) -> tuple[Change, ...]:
        """The figures that differ (changed, appeared or disappeared with an amount)."""
        return tuple(c for c in self.changes if c.change)

    def of(self, table: TableKind) -> tuple[Change, ...]:
        """The figures of one kind of table."""
        return tuple(c for c in self.changes if c.table is table)

    def to_rows(self) -> list[dict[str, object]]:
        """One plain dict per figure (for CSV or a DataFrame): amounts in yuan, enums as their values."""
        return [
            {
                "table": c.table.value,
                "row_kind": c.row_kind.value,
                "unit_code": c.unit_code,
                "side": None if c.side is None else c.side.value,
                "code": c.code,
                "name": c.name,
                "column": c.column.value,
                "a": c.a,
                "b": c.b,
                "change": c.change,
                "percent": c.percent,
                "status": c.status.value,
            }
            for c in self.changes
        ]

    def __repr__(self) -> str:
        counts = dict.fromkeys(Status, 0)
        for change in self.changes:
            counts[change.status] += 1
        rows_appeared, rows_disappeared = len(self.appeared), len(self.disappeared)
        head = (
            f"<Comparison {self.a} → {self.b}: {len(self.changes)} figures; {counts[Status.CHANGED]} changed, "
            f"{rows_appeared} appeared, {rows_disappeared} disappeared"
        )
        changed = self.changed()
        largest = sorted(changed, key=lambda c: abs(c.change or Decimal(0)), reverse=True)[:_SHOWN_IN_REPR]
        shown = "".join(f"\n  {c.describe()}" for c in largest)
        more = f"\n  … and {len(changed) - len(largest)} more changes" if len(changed) > len(largest) else ""
        mapped = "".join(f"\n  classification: {note}" for note in self.reclassified)
        return f"{head}{shown}{more}{mapped}>"


def _label(report: Report) -> str:
    return f"{report.department} {report.year} {report.kind.label}"


def compare(a: Report, b: Report) -> Comparison:
    """Every printed figure of ``a`` beside the same figure of ``b``, with the change from ``a`` to ``b``.

    Figures line up by table kind and row: functional and economic rows by unit and code, lines of
    two-sided tables (收支总表) by side and the functional class they name or their item (numbering
    and blanks ignored, so 七、 and 八、 do not matter; an item printed a little differently in the other
    report — ``1. 一般公共预算资金`` and ``1. 一般公共预算`` — is the same line), “三公” figures by basis
    (预算数, 决算数; the other year's figures a budget prints for reference are left out). Rows sharing a key in one
    report (301 printed once per unit kind) are summed. Project lists and performance targets are
    not compared. Amounts are exact yuan; a blank cell is ``None`` and counts as nothing in
    :attr:`Change.change`.

    Reports of different years are compared through the classification changes between their
    editions: the earlier report's codes are carried forward — a renumbered 项 is the same line,
    codes merged into one are summed under it — and a code split in between stays on its own row,
    saying into which codes. Each such row says so in :attr:`Change.reclassified`.
    """
    lines_a = report_lines(a, (t for t in a.tables if is_lined(t)))
    lines_b = report_lines(b, (t for t in b.tables if is_lined(t)))
    notes: dict[LineKey, str] = {}
    if a.year < b.year:
        lines_a = _carried_forward(lines_a, a, b.year, notes)
    elif b.year < a.year:
        lines_b = _carried_forward(lines_b, b, a.year, notes)
    lines_a = _matched_by_name(lines_a, lines_b)
    kind_order = {kind: i for i, kind in enumerate(dict.fromkeys([*b.kinds, *a.kinds]))}
    keys = sorted(dict.fromkeys([*lines_b, *lines_a]), key=lambda k: kind_order[k.table])
    changes = [
        change for key in keys for change in _changes(key, lines_a.get(key), lines_b.get(key), notes.get(key, ""))
    ]
    return Comparison(
        a=_label(a), b=_label(b), changes=tuple(changes), reclassified=tuple(dict.fromkeys(notes.values()))
    )


_SAME_NAME: Final = 80.0
"""How alike (0–100, :func:`gfs_cn.fuzzy.similarity`) two items must be to be taken for one line printed
a little differently in the two reports."""


def _matched_by_name(lines_a: dict[LineKey, Line], lines_b: dict[LineKey, Line]) -> dict[LineKey, Line]:
    """``lines_a`` with each line keyed by an item that only it prints (no code) taken for the line of
    ``lines_b`` printed under a nearly equal item — ``1. 一般公共预算资金`` one year, ``1. 一般公共预算``
    the next — in the same table, side and unit: the closest pairs first, each line matched once.

    >>> from gfs_cn.tables import TableKind, RowKind, Side
    >>> key = lambda item: LineKey(TableKind.BUDGET_SUMMARY, RowKind.ITEM, None, Side.INCOME, item)
    >>> a = {key("一般公共预算资金"): Line("1. 一般公共预算资金", {}), key("事业收入"): Line("事业收入", {})}
    >>> b = {key("一般公共预算"): Line("1. 一般公共预算", {}), key("经营收入"): Line("经营收入", {})}
    >>> [k.key for k in _matched_by_name(a, b)]
    ['一般公共预算', '事业收入']
    """
    from gfs_cn.fuzzy import similarity

    def named(key: LineKey) -> bool:
        return not key.key.isdigit()

    only_a = [k for k in lines_a if k not in lines_b and named(k)]
    only_b = [k for k in lines_b if k not in lines_a and named(k)]
    place = attrs.astuple  # table, row kind, unit, side … then the item
    pairs = sorted(
        ((similarity(ka.key, kb.key), i, j) for i, ka in enumerate(only_a) for j, kb in enumerate(only_b)
         if place(ka)[:-1] == place(kb)[:-1]),
        key=lambda p: -p[0],
    )  # fmt: skip
    renamed: dict[LineKey, LineKey] = {}
    taken: set[int] = set()
    for score, i, j in pairs:
        if score < _SAME_NAME:
            break
        if only_a[i] not in renamed and j not in taken:
            renamed[only_a[i]] = only_b[j]
            taken.add(j)
    return {renamed.get(key, key): line for key, line in lines_a.items()}


def _catalogs(report: Report) -> dict[TableKind, Classification]:
    """The classification each coded table kind of the report keys its rows by."""
    found: dict[TableKind, Classification] = {}
    for table in report.tables:
        if isinstance(table, ClassifiedTable):
            found[table.kind] = functional.CATALOG
        elif isinstance(table, EconomicTable):
            found[table.kind] = economic.department.CATALOG
    return found


def _carried_forward(
    lines: dict[LineKey, Line], report: Report, year: int, notes: dict[LineKey, str]
) -> dict[LineKey, Line]:
    """The earlier report's lines keyed by the codes of ``year``'s edition, noting each code mapped."""
    catalogs = _catalogs(report)
    maps = {kind: _code_map(catalog, report.year, year) for kind, catalog in catalogs.items()}
    out: dict[LineKey, Line] = {}
    for key, line in lines.items():
        mapped = maps.get(key.table, {}).get(key.key)
        if mapped is None:
            target = key
        else:
            codes, note = mapped
            target = attrs.evolve(key, key=codes[0]) if len(codes) == 1 else key
            notes[target] = f"{notes[target]}; {note}" if target in notes and note not in notes[target] else note
        merged = out.get(target)
        if merged is None:
            out[target] = Line(name=line.name, amounts=dict(line.amounts))
        else:
            add_amounts(merged.amounts, line.amounts)
    return out


def _code_map(catalog: Classification, since: int, until: int) -> dict[str, tuple[tuple[str, ...], str]]:
    """Codes of edition ``since`` whose line has another code (or name) in edition ``until``:
    code → (its codes in ``until``, what happened)."""
    current: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # code of `since` → (codes now, notes)
    changes = catalog.changes(since, until)
    for year in sorted({c.year for c in changes}):
        successors: dict[str, tuple[str, ...]] = {}  # this year's old code → its new codes
        said: dict[str, list[str]] = {}
        for change in (c for c in changes if c.year == year):
            if change.kind is ChangeKind.RENAMED:
                said.setdefault(change.code, []).append(f"{change} — {change.effective}")
            elif change.old_code:  # renumbered, merged, split; or removed (the line stays, saying so)
                if change.code:
                    successors[change.old_code] = (*successors.get(change.old_code, ()), change.code)
                said.setdefault(change.old_code, []).append(f"{change} — {change.effective}")
        for code in {*successors, *said} - {c for codes, _ in current.values() for c in codes}:
            current[code] = ((code,), ())  # a code of `since` first touched this year
        for source, (codes, notes) in list(current.items()):
            touched = [c for c in codes if c in said]
            if touched:
                moved = tuple(dict.fromkeys(n for c in codes for n in successors.get(c, (c,))))
                current[source] = (moved, (*notes, *(n for c in touched for n in said[c])))
    return {code: (codes, "; ".join(notes)) for code, (codes, notes) in current.items() if notes}


def _changes(key: LineKey, a: Line | None, b: Line | None, note: str = "") -> list[Change]:
    columns = sorted({*(a.amounts if a else ()), *(b.amounts if b else ())}, key=_COLUMN_ORDER.__getitem__)
    name = b.name if b is not None else a.name if a is not None else ""
    result = []
    for column in columns:
        amount_a = a.amounts.get(column) if a is not None else None
        amount_b = b.amounts.get(column) if b is not None else None
        if a is None:
            status = Status.APPEARED
        elif b is None:
            status = Status.DISAPPEARED
        else:
            # Blank and 0.00 print differently but mean the same amount: nothing.
            status = Status.CHANGED if (amount_a or 0) != (amount_b or 0) else Status.UNCHANGED
        result.append(
            Change(
                table=key.table,
                code=key.key,
                name=name,
                column=column,
                a=amount_a,
                b=amount_b,
                status=status,
                row_kind=key.row_kind,
                unit_code=key.unit_code,
                side=key.side,
                reclassified=note,
            )
        )
    return result
