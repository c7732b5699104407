"""Data rows of a table → typed rows, one shape at a time.

A :class:`RowBuilder` takes the table's :class:`~gfs_cn.reading.recognise.header.Layout` and turns each
data line into rows of the table's shape, remembering what it must carry from row to row
(the 类 and 款 of split codes, the unit of unit-coded rows). What a line holds that the
builder cannot place it reports as a problem, never drops.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Final, TypeVar

import attrs
from moneyed import Money

from gfs_cn import economic, functional
from gfs_cn.catalog import Classification, Subject, strip_numbering
from gfs_cn.errors import GfsError
from gfs_cn.money import Unit, parse_decimal, to_money
from gfs_cn.reading.model import CODE_CELL, Line, compact_text, is_amount_token
from gfs_cn.reading.recognise.header import Layout, Slot
from gfs_cn.reading.recognise.registry import CODE_ROLES, Role
from gfs_cn.tables.amounts import Packed, RowAmounts, pack
from gfs_cn.tables.columns import Column
from gfs_cn.tables.rows import (
    BudgetRow,
    ClassifiedRow,
    EconomicRow,
    GenericRow,
    ProjectRow,
    RowKind,
    Side,
    SummaryLine,
    ThreePublicRow,
)
from gfs_cn.tables.sums import applicable_sums

__all__ = ["Problem", "RowBuilder"]

_TOTAL_NAMES: Final = frozenset({"合计", "总计", "本年合计", "合计数"})
_UNIT_CODE: Final = re.compile(r"^0\d{2}(?:\d{3})*$")
# In a column headed 单位编码: 117, 117001 (Xi'an) as well as 044001 — never a 12-digit project ID.
_UNIT_CODE_CELL: Final = re.compile(r"^\d{3}(?:\d{3}){0,2}$")
_BASIS_YEAR: Final = re.compile(r"(\d{4})年")
_DIGIT_RUN: Final = re.compile(r"\d+")


@attrs.frozen(slots=True)
class Problem:
    """Something on a line that could not be placed, and why."""

    line: Line
    reason: str


@attrs.define
class _Context:
    """What split codes and unit-coded rows carry from one row to the next."""

    parts: dict[int, list[str]] = attrs.field(factory=dict)
    """Per functional code group: the 类 and 款 cells last printed."""
    classes: dict[int, str] = attrs.field(factory=dict)
    """Per economic code group (department, government): the 类 cell last printed."""
    unit_code: str | None = None


_MONEY_CACHE: dict[tuple[str, Unit], Money] = {}
_MONEY_CACHED: Final = 16384
"""Printed figures whose Money (or packed figure) is kept for reuse: bounded, so a batch of reports never
grows it."""
_PACKED: dict[tuple[str, Unit], Packed] = {}
_HeldT = TypeVar("_HeldT")


def _keep(money: Money) -> Money:
    return money


def _pack_or_keep(money: Money) -> Packed:
    """The figure packed, or the Money itself where it does not pack."""
    packed = pack(money.amount)
    return money if packed is None else packed


# [2010101]行政运行, 【201】…, 2010101 行政运行, 201 01 01 行政运行, 2010101-行政运行: code, then the name.
_CODE_BEFORE_NAME: Final = re.compile(
    r"[\[【(（]?\s*(\d{3}(?: ?\d{2}){0,2})\s*[\]】)）]?\s*[-—－:：、.]?\s*(?=[^\d\s])(.+)"
)

# 3021101-差旅费: a code longer than the catalogue's, joined to its name by a dash.
_EXTENDED_CODE: Final = re.compile(r"(\d{6,9})\s*[-—－]\s*(?=[^\d\s])(.+)")


def _code_in_name(name: str, catalog: Classification, year: int | None) -> tuple[str, str, str] | None:
    """(code, printed code, name) of a cell printing a code before the name ([2010101]行政运行,
    2010101 行政运行, 201 01 01 行政运行), where the code is one of the year's classification, or a region's
    sub-item of one (3021101-差旅费 under 30211), kept as printed."""
    match = _CODE_BEFORE_NAME.fullmatch(name.strip())
    if match is not None:
        try:
            code = catalog.compact(match.group(1))
        except GfsError:
            code = ""
        if code and catalog.get(code, None, year) is not None:
            return code, match.group(1), match.group(2).strip()
    extended = _EXTENDED_CODE.fullmatch(name.strip())
    if extended is None:
        return None
    # A region's sub-item of a catalogue code (3021101-差旅费 under 30211): the code as printed.
    digits = extended.group(1)
    if len(digits) <= max(catalog.lengths) or catalog.get(digits[: max(catalog.lengths)], None, year) is None:
        return None
    return digits, digits, extended.group(2).strip()


def _money(value: Decimal | None, unit: Unit) -> Money | None:
    return None if value is None else to_money(value, unit)


def _is_total(name: str) -> bool:
    compact = strip_numbering(name)
    return compact in _TOTAL_NAMES or compact.endswith(("合计", "总计"))


def _kind_of(name: str) -> RowKind:
    if _is_total(name):
        return RowKind.TOTAL
    if compact_text(name).startswith("其中"):
        return RowKind.SUBSET
    return RowKind.ITEM


class RowBuilder:
    """Builds the rows of one table from its data lines."""

    def __init__(
        self,
        layout: Layout,
        *,
        table: str,
        unit: Unit,
        context: _Context | None = None,
        integers: bool = False,
        year: int | None = None,
    ) -> None:
        self.layout = layout
        self.year = year
        """The report's year: codes are looked up in that year's edition of the classification."""
        self.table = table
        self.unit = unit
        self.integers = integers
        """Whether the table prints whole amounts (5,993,300): then a bare 500 is an amount too."""
        self.problems: list[Problem] = []
        self.notes: list[tuple[int, str]] = []
        self.context = context if context is not None else _Context()
        # Columns of earlier pages: a table holds every column any of its pages prints.
        self._earlier_columns: list[Column] = []

    def reported(self, line: Line) -> bool:
        """Whether a problem was already reported on this line (its block is unplaced)."""
        return any(p.line.number == line.number for p in self.problems)

    def relayout(self, layout: Layout) -> None:
        """A repeated page header may print other columns: read the following rows by it."""
        self._earlier_columns.extend(self.columns())
        self.layout = layout

    # -- cells ---------------------------------------------------------------------------

    def _cell(self, cells: Sequence[str], slot: Slot | None) -> str:
        if slot is None or slot.index >= len(cells):
            return ""
        return cells[slot.index].strip()

    def _first(self, cells: Sequence[str], role: Role, group: int | None = None) -> str:
        return next((self._cell(cells, s) for s in self.layout.roles(role, group) if self._cell(cells, s)), "")

    def _amounts(
        self, line: Line, cells: Sequence[str], slots: Sequence[Slot], column_of: dict[int, Column] | None = None
    ) -> RowAmounts:
        columns: list[Column] = []
        values: list[Packed] = []
        for slot in slots:
            column = column_of[slot.index] if column_of else slot.target
            assert isinstance(column, Column)
            text = self._cell(cells, slot)
            try:
                value = parse_decimal(text)
            except GfsError:
                self.problems.append(Problem(line, f"cell {text!r} under {'›'.join(slot.path)} is not an amount"))
                value = None
            if value is not None and not self.integers and _BARE_NUMBER.fullmatch(text) and _is_code(text):
                # A code (2101599) where a table prints decimal amounts was glued into the row, never an amount.
                self.problems.append(
                    Problem(line, f"a code {text!r} under {'›'.join(slot.path)}, where amounts have decimals")
                )
                value = None
            if column not in columns:
                columns.append(column)
                values.append(self._packed(line, text, value, slot))
            elif values[columns.index(column)] is None:
                values[columns.index(column)] = self._packed(line, text, value, slot)
            elif value is not None:
                # Two headers of the row name one column: the second figure has no place of its own.
                where = "›".join(slot.path)
                self.problems.append(Problem(line, f"a second {column.label} ({text}) under {where}"))
        return RowAmounts._of(tuple(columns), tuple(values))

    def _packed(self, line: Line, text: str, value: Decimal | None, slot: Slot) -> Packed:
        """The cell's amount in yuan, packed (see :func:`~gfs_cn.tables.amounts.pack`), or the ``Money`` where
        it does not pack; an implausible one (10^15 yuan or more) is reported, not held."""
        return self._held(_PACKED, line, text, value, slot, _pack_or_keep)

    def _money(self, line: Line, text: str, value: Decimal | None, slot: Slot) -> Money | None:
        """The cell's amount in yuan; an implausible one (10^15 yuan or more) is reported, not held."""
        return self._held(_MONEY_CACHE, line, text, value, slot, _keep)

    def _held(
        self,
        cache: dict[tuple[str, Unit], _HeldT],
        line: Line,
        text: str,
        value: Decimal | None,
        slot: Slot,
        hold: Callable[[Money], _HeldT],
    ) -> _HeldT | None:
        """The cell's amount as ``hold`` keeps it, made once per printed figure: keyed by the printed text
        (0.00, a total printed in several tables), so 1.0 and 1.00 keep their own precision."""
        if value is None:
            return None
        key = (text, self.unit)
        found = cache.get(key)
        if found is not None:
            return found
        try:
            money = to_money(value, self.unit)
        except GfsError as err:
            self.problems.append(Problem(line, f"cell {text!r} under {'›'.join(slot.path)}: {err}"))
            return None
        held = hold(money)
        if len(cache) >= _MONEY_CACHED:
            cache.clear()
        cache[key] = held
        return held

    def extra(self, line: Line) -> dict[str, Money | None]:
        """Amounts under headers outside the vocabulary, by header path; text under them is no amount."""
        extra: dict[str, Money | None] = {}
        for slot in self.layout.extra_slots:
            text = self._cell(line.cells, slot)
            if not is_amount_token(text) and not _BARE_NUMBER.fullmatch(text):
                continue
            try:
                value = parse_decimal(text)
            except GfsError:
                self.problems.append(Problem(line, f"cell {text!r} under {'›'.join(slot.path)} is not an amount"))
                continue
            extra[" › ".join(slot.path)] = self._money(line, text, value, slot)
        return extra

    def aligned_cells(self, line: Line) -> tuple[str, ...]:
        """The line's cells, realigned where a row lost a blank cell and the row's own sums show where.

        A row printed with one cell fewer than the header (the blank cell simply missing)
        leaves every later value one column left of its header. Where inserting one blank
        cell makes every sum of the row hold, the latest such position is used — it moves
        the fewest cells away from the header they were printed under — and noted.
        """
        cells = line.cells
        amount_slots = self.layout.amount_slots
        if not amount_slots or len(cells) >= self.layout.width or len(cells) <= amount_slots[0].index:
            return cells
        if self._sums_hold(cells):
            return cells
        fits = [i for i in range(amount_slots[0].index, len(cells)) if self._sums_hold((*cells[:i], "", *cells[i:]))]
        if not fits:
            return cells
        i = fits[-1]
        header = "›".join(next(s.path for s in self.layout.slots if s.index == i))
        self.notes.append(
            (line.number, f"a cell is missing from the row; a blank {header} cell was inferred from its sums")
        )
        return (*cells[:i], "", *cells[i:])

    def _sums_hold(self, cells: Sequence[str]) -> bool:
        values: dict[Column, Decimal] = {}
        for slot in self.layout.amount_slots:
            assert isinstance(slot.target, Column)
            text = cells[slot.index].strip() if slot.index < len(cells) else ""
            try:
                value = parse_decimal(text)
            except GfsError:
                return False
            if value is not None and slot.target not in values:
                values[slot.target] = value
        checked = False
        for total, alternatives in applicable_sums(self.layout.columns()).items():
            if total not in values:
                continue
            checked = True
            if not any(_adds_up(values, total, parts) for parts in alternatives):
                return False
        return checked

    # -- codes ---------------------------------------------------------------------------

    def _code(self, cells: Sequence[str], group: int, catalog: Classification) -> tuple[str, str]:
        """(canonical code, printed code) of one code group; parents filled from the rows above."""
        whole = self.layout.roles(Role.CODE, group)
        split = [self.layout.roles(role, group) for role in (Role.CODE_CLASS, Role.CODE_SECTION, Role.CODE_ITEM)]
        if any(split):
            cls, section, item = (_two_digits(self._cell(cells, s[0])) if s else "" for s in split)
            printed = "\t".join(self._cell(cells, s[0]) for s in split if s).rstrip("\t")
            if not printed:
                return "", ""
            parts = self.context.parts.setdefault(group, ["", ""])
            if cls:
                parts[0], parts[1] = cls, ""
            if section:
                parts[1] = section
            if item:
                return parts[0] + parts[1] + item, printed
            if section:
                return parts[0] + section, printed
            return cls, printed
        if not whole:
            return "", ""
        printed = self._cell(cells, whole[0])
        return self._canonical(printed, catalog), printed

    @staticmethod
    def _canonical(printed: str, catalog: Classification) -> str:
        """The code a whole-code cell prints; a stray character before it (``0 30206``) is dropped."""
        if not printed:
            return ""
        try:
            return catalog.compact(printed)
        except GfsError:
            runs: list[str] = _DIGIT_RUN.findall(printed)
            if runs and len(runs[-1]) in catalog.lengths and len(runs) > 1:
                return runs[-1]
            return compact_text(printed)

    # -- shapes --------------------------------------------------------------------------

    def classified(self, line: Line) -> list[ClassifiedRow]:
        """A row of a table by functional code (or by unit)."""
        cells = self.aligned_cells(line)
        code, printed = self._code(cells, 0, functional.CATALOG)
        name = self._first(cells, Role.NAME, 0) or self._first(cells, Role.UNIT_NAME)
        unit_code = self._first(cells, Role.UNIT_CODE)
        if unit_code and not any(ch.isdigit() for ch in unit_code):
            # 合计 printed in the 单位编码 column is the row's label, not a unit.
            name, unit_code = f"{unit_code} {name}".strip(), ""
        if is_amount_token(name):
            self.problems.append(Problem(line, f"a number ({name}) where the row's name belongs: cells out of place"))
            return []
        if code and not any(ch.isdigit() for ch in code):
            # Text in the code column (合计 printed across the code and name cells) is part of the name.
            name, code, printed = f"{printed} {name}".strip(), "", ""
        if not code and name:
            code, printed, name = _code_in_name(name, functional.CATALOG, self.year) or (code, printed, name)
        if not code and not name:
            # 合计 printed in a first column that holds no names (采购品目大类 of a procurement list): the total.
            first = next((c for c in cells if c), "")
            if _is_total(first):
                name = first
        kind = _kind_of(name) if not code else RowKind.ITEM
        if _UNIT_CODE.match(code) and _UNIT_CODE.match(compact_text(printed)):
            # A unit code printed in the 类 column (044, 044001): a unit row, not a class. A code put
            # together from 类 | 款 | 项 cells and the rows above (7 | 11 | 02) is no unit code.
            unit_code, code, printed, kind = code, "", "", RowKind.UNIT
            self.context.parts.pop(0, None)
        elif unit_code and not code:
            kind = RowKind.UNIT
        if kind is RowKind.UNIT:
            self.context.unit_code = unit_code
        amounts = self._amounts(line, cells, self.layout.amount_slots)
        subject = functional.get(code, None, self.year) if code else None
        return [
            ClassifiedRow(
                code=code,
                printed_code=printed,
                name=name,
                subject=subject,
                amounts=amounts,
                kind=kind,
                unit_code=unit_code if kind is RowKind.UNIT else self.context.unit_code,
                line=line.number,
                page=line.page,
            )
        ]

    def economic(self, line: Line) -> list[EconomicRow]:
        """Rows of a table by economic code; side-by-side panels give one row each."""
        rows: list[EconomicRow] = []
        for number, (panel, column_of) in enumerate(self._panels()):
            cells = line.cells
            groups = sorted({s.group for s in panel if s.target in CODE_ROLES or s.target is Role.NAME})
            dept_group = groups[0] if groups else 0
            gov_group = groups[1] if len(groups) > 1 else None
            code, printed = self._panel_code(cells, panel, dept_group, economic.department.CATALOG)
            name = next((self._cell(cells, s) for s in panel if s.target is Role.NAME and s.group == dept_group), "")
            gov_code, gov_printed, gov_name = "", "", ""
            if gov_group is not None:
                gov_code, gov_printed = self._panel_code(cells, panel, gov_group, economic.government.CATALOG)
                gov_name = next(
                    (self._cell(cells, s) for s in panel if s.target is Role.NAME and s.group == gov_group), ""
                )
            amount_slots = [s for s in panel if isinstance(s.target, Column)]
            if code and not any(ch.isdigit() for ch in code):
                name, code, printed = name or printed, "", ""  # 人员经费合计 printed in the code column
            if not code and name:
                catalog = economic.department.CATALOG
                code, printed, name = _code_in_name(name, catalog, self.year) or (code, printed, name)
            if not gov_code and gov_name:
                catalog = economic.government.CATALOG
                gov_code, gov_printed, gov_name = _code_in_name(gov_name, catalog, self.year) or ("", "", gov_name)
            if not name and not code and gov_name and _is_total(gov_name):
                name, gov_name = gov_name, ""  # 合计 printed under the second name column
            if not (code or name or any(self._cell(cells, s) for s in amount_slots)):
                continue
            previous = rows[-1] if rows else None
            if (
                not code
                and not name
                and previous is not None
                and previous.kind is RowKind.TOTAL
                and all(v is None for v in previous.amounts.values())
            ):
                # A total label spanning panels (公用经费合计 … 193.97): its figure sits in a later panel.
                figures = [v for v in self._amounts(line, cells, amount_slots, column_of).values() if v is not None]
                columns = list(previous.amounts)
                padded = (figures + [None] * len(columns))[: len(columns)]
                rows[-1] = attrs.evolve(previous, amounts=dict(zip(columns, padded, strict=True)))
                continue
            kind = _kind_of(name) if not code else RowKind.ITEM
            unit_code = None
            if _UNIT_CODE.match(code) and _UNIT_CODE.match(compact_text(printed)):
                unit_code, code, printed, kind = code, "", "", RowKind.UNIT
                self.context.unit_code = unit_code
            rows.append(
                EconomicRow(
                    code=code,
                    printed_code=printed,
                    name=name,
                    subject=economic.department.get(code, None, self.year) if code else None,
                    government_code=gov_code or None,
                    printed_government_code=gov_printed or None,
                    government_name=gov_name or None,
                    government_subject=economic.government.get(gov_code, None, self.year) if gov_code else None,
                    amounts=self._amounts(line, cells, amount_slots, column_of),
                    kind=kind,
                    unit_code=unit_code or self.context.unit_code,
                    line=line.number,
                    page=line.page,
                    panel=number,
                )
            )
        return rows

    @property
    def side_by_side(self) -> bool:
        """Whether the table prints several code/name/amount panels side by side (公开06表)."""
        return len(self._panels()) > 1

    def columns(self, side: Side | None = None) -> tuple[Column, ...]:
        """The table's amount columns as rows hold them (a panel's heading where panels are side by side)."""
        if side is not None or (not self.layout.roles(Role.CODE) and not self.layout.roles(Role.CODE_CLASS)):
            current: Iterable[Column] = self.layout.columns(side)
        else:
            current = (column_of[s.index] for panel, column_of in self._panels() for s in panel if s.index in column_of)
        earlier = self._earlier_columns if side is None else []
        return tuple(dict.fromkeys([*earlier, *current]))

    def _panels(self) -> list[tuple[list[Slot], dict[int, Column]]]:
        """Side-by-side panels (公开06表): a new panel starts at a code column after an amount column.

        An amount column headed 决算数/金额 under a panel heading takes the heading's column
        (人员经费 → personnel, 公用经费 → operating).
        """
        panels: list[list[Slot]] = [[]]
        for slot in self.layout.slots:
            if slot.target in (Role.CODE, Role.CODE_CLASS) and any(isinstance(s.target, Column) for s in panels[-1]):
                panels.append([])
            panels[-1].append(slot)
        from gfs_cn.reading.recognise.registry import header_column

        result = []
        for panel in panels:
            column_of: dict[int, Column] = {}
            for slot in panel:
                if isinstance(slot.target, Column):
                    heading = header_column(slot.path[0]) if len(slot.path) > 1 else None
                    use_heading = len(panels) > 1 and slot.target is Column.AMOUNT and isinstance(heading, Column)
                    column_of[slot.index] = heading if use_heading and isinstance(heading, Column) else slot.target
            result.append((panel, column_of))
        return result

    def _panel_code(
        self, cells: Sequence[str], panel: Sequence[Slot], group: int, catalog: Classification
    ) -> tuple[str, str]:
        whole = [s for s in panel if s.target is Role.CODE and s.group == group]
        cls = [s for s in panel if s.target is Role.CODE_CLASS and s.group == group]
        section = [s for s in panel if s.target is Role.CODE_SECTION and s.group == group]
        if cls or section:
            c = self._cell(cells, cls[0] if cls else None)
            printed_section = self._cell(cells, section[0] if section else None)
            k = _two_digits(printed_section)
            printed = "\t".join([c, printed_section]).rstrip("\t")
            if not printed:
                return "", ""
            if c:
                self.context.classes[group] = c
            if _UNIT_CODE.match(c):
                return c, printed
            return (self.context.classes.get(group, "") + k if k else c), printed
        if whole:
            printed = self._cell(cells, whole[0])
            return self._canonical(printed, catalog), printed
        return "", ""

    def two_sided(self, line: Line) -> list[SummaryLine]:
        """Up to two lines of a two-sided summary, income side first."""
        rows = []
        cells = line.cells
        for side, panel, slots in self._side_panels():
            item = next((self._cell(cells, s) for s in slots if s.target in _ITEM_ROLES), "")
            number_text = next((self._cell(cells, s) for s in slots if s.target is Role.LINE_NUMBER), "")
            amount_slots = [s for s in slots if isinstance(s.target, Column)]
            if not item and not any(self._cell(cells, s) for s in amount_slots):
                continue
            subject = None
            if side is Side.EXPENDITURE and item:
                subject = _functional_class(item, self.year)
            rows.append(
                SummaryLine(
                    side=side,
                    item=item,
                    line_number=int(number_text) if number_text.isdigit() else None,
                    subject=subject,
                    amounts=self._amounts(line, cells, amount_slots),
                    kind=_kind_of(item),
                    line=line.number,
                    page=line.page,
                    panel=panel,
                )
            )
        return _merge_spanning_labels(rows)

    def _side_panels(self) -> list[tuple[Side, int, list[Slot]]]:
        """The slots of each side, split into panels where a side prints a second name column.

        A header that names no side (收入/支出 lost or misplaced) still has two halves: the
        first name column starts the income side, the next the expenditure side."""
        if not any(s.side is not None for s in self.layout.slots):
            halves: list[list[Slot]] = []
            for slot in self.layout.slots:
                if slot.target in _ITEM_ROLES or not halves:
                    halves.append([])
                halves[-1].append(slot)
            sides = (Side.INCOME, *([Side.EXPENDITURE] * (len(halves) - 1)))[: len(halves)]
            return [(side, max(0, n - 1), half) for n, (side, half) in enumerate(zip(sides, halves, strict=True))]
        panels: list[tuple[Side, int, list[Slot]]] = []
        for side in (Side.INCOME, Side.EXPENDITURE):
            current: list[Slot] = []
            number = 0
            for slot in (s for s in self.layout.slots if s.side is side):
                if slot.target in _ITEM_ROLES and any(s.target in _ITEM_ROLES for s in current):
                    panels.append((side, number, current))
                    current, number = [], number + 1
                current.append(slot)
            panels.append((side, number, current))
        return panels

    def project(self, line: Line) -> list[ProjectRow]:
        """A project row (or its table's total or unit row)."""
        cells = self.aligned_cells(line)
        name = self._first(cells, Role.PROJECT_NAME) or self._first(cells, Role.NAME)
        unit_name = self._first(cells, Role.UNIT_NAME)
        category = self._first(cells, Role.CATEGORY)
        unit_code = None
        kind = RowKind.ITEM
        project_id = None
        compact_name = compact_text(name)
        id_cell = compact_text(self._first(cells, Role.UNIT_CODE))
        if (
            not id_cell
            and self.layout.roles(Role.TEXT)
            and not any(_parses(self._cell(cells, s)) for s in self.layout.amount_slots)
        ):
            return []  # a line of indicator text beside a project, which this table does not hold
        if _UNIT_CODE.match(id_cell) or _UNIT_CODE_CELL.match(id_cell):
            unit_code, kind = id_cell, RowKind.UNIT
            self.context.unit_code = unit_code
        elif re.fullmatch(r"\d{12,}", id_cell):
            project_id = id_cell  # 20-digit project IDs, printed broken by blanks
        elif _UNIT_CODE.match(compact_name):
            unit_code, name, kind = compact_name, unit_name, RowKind.UNIT
            unit_name = ""
            self.context.unit_code = unit_code
        elif re.fullmatch(r"\d{12,}", compact_name):
            project_id, name = compact_name, unit_name
        elif _is_total(id_cell) and not name:
            kind, name = RowKind.TOTAL, id_cell  # 合计 printed in the 单位编码 column
        elif not name and not category and (_is_total(unit_name) or not unit_name):
            kind, name, unit_name = RowKind.TOTAL, unit_name, ""
        elif _is_total(name) or (not name and _is_total(category)):
            kind = RowKind.TOTAL  # 合计 printed as the list's first row, or its last
        return [
            ProjectRow(
                name=name,
                category=category or None,
                unit_name=unit_name or None,
                project_id=project_id,
                amounts=self._amounts(line, cells, self.layout.amount_slots),
                kind=kind,
                unit_code=unit_code or self.context.unit_code,
                line=line.number,
                page=line.page,
            )
        ]

    def three_public(self, line: Line) -> list[ThreePublicRow]:
        """One row per group of “三公” figures printed side by side (2023年预算数 | 2024年预算数).

        A group starts where a column repeats; groups take the basis headings in printed order
        (the headings are often printed one cell off their group, so position is not trusted).
        """
        slots_of = self.layout.amount_slots
        grand: list[Slot] = []
        totals = [s for s in slots_of if s.target is Column.TOTAL]
        if len(totals) > 1 and any(_THREE_PUBLIC in "".join(s.path) for s in totals):
            # 合计 over “三公”经费, 会议费 and 培训费 beside the “三公” 小计: the latter is the 三公 total.
            grand = [s for s in totals if _THREE_PUBLIC not in "".join(s.path)]
            slots_of = tuple(s for s in slots_of if s not in grand)
        groups: list[list[Slot]]
        if len(slots_of) > 1 and all(len(s.path) > 1 and _is_basis(s.path[-1]) for s in slots_of):
            # Each figure's own header is its basis (预算数 | 决算数 under each column): group by it.
            by_basis: dict[str, list[Slot]] = {}
            for slot in slots_of:
                by_basis.setdefault(slot.path[-1], []).append(slot)
            bases, groups = list(by_basis), list(by_basis.values())
        else:
            bases = list(dict.fromkeys(s.path[0] for s in slots_of if len(s.path) > 1 and _is_basis(s.path[0])))
            groups = [[]]
            for slot in slots_of:
                # A heading and the 小计 under it (公务用车购置及运行维护费 › 小计) name one column, not a new group.
                same = [s for s in groups[-1] if s.target is slot.target]
                if same and not any(slot.path[: len(s.path)] == s.path for s in same):
                    groups.append([])
                groups[-1].append(slot)
        # A 汇总 report prints the figures per unit (单位编码 | 单位名称), under a 合计 row.
        label = compact_text(self._first(line.cells, Role.UNIT_CODE))
        name = compact_text(self._first(line.cells, Role.UNIT_NAME))
        kind, unit_code = RowKind.ITEM, None
        if _UNIT_CODE.match(label) or _UNIT_CODE_CELL.match(label):
            kind, unit_code = RowKind.UNIT, label
        elif (label and _is_total(label)) or (not label and name and _is_total(name)):
            kind = RowKind.TOTAL  # 合计 in the 单位编码 column, or in the 单位名称 column beside no code
        rows = []
        for n, slots in enumerate(groups):
            basis = bases[n] if n < len(bases) else ""
            found = _BASIS_YEAR.search(basis)
            rows.append(
                ThreePublicRow(
                    basis=basis,
                    year=int(found.group(1)) if found else None,
                    kind=kind,
                    unit_code=unit_code,
                    amounts=self._amounts(line, line.cells, slots),
                    extra=self._grand_totals(line, grand) if n == 0 else {},
                    line=line.number,
                    page=line.page,
                )
            )
        return rows

    def _grand_totals(self, line: Line, slots: Sequence[Slot]) -> dict[str, Money | None]:
        """合计 columns over more than the “三公” (会议费, 培训费 too), kept by header path."""
        found: dict[str, Money | None] = {}
        for slot in slots:
            text = self._cell(line.cells, slot)
            found[" › ".join(slot.path)] = self._money(line, text, _value(text), slot)
        return found

    def plain(self, line: Line) -> list[BudgetRow]:
        """A row with a label and amounts (部门管理专项资金 and the like)."""
        name = self._first(line.cells, Role.NAME) or next((c for c in line.cells if c), "")
        return [
            BudgetRow(
                name=name,
                amounts=self._amounts(line, line.cells, self.layout.amount_slots),
                kind=_kind_of(name),
                line=line.number,
                page=line.page,
            )
        ]

    def generic(self, line: Line) -> list[GenericRow]:
        """A row of a table of no standard kind: its text cells, its code, every amount."""
        cells = line.cells
        amount_indexes = {s.index for s in self.layout.amount_slots} | {s.index for s in self.layout.extra_slots}
        texts = tuple(c for i, c in enumerate(cells) if c and not (i in amount_indexes and is_amount_token(c)))
        code = next((compact_text(c) for c in texts if CODE_CELL.fullmatch(compact_text(c))), None)
        name = next((c for c in texts if not CODE_CELL.fullmatch(compact_text(c))), "")
        return [
            GenericRow(
                cells=texts,
                code=code,
                name=name,
                amounts=self._amounts(line, cells, self.layout.amount_slots),
                kind=_kind_of(name),
                line=line.number,
                page=line.page,
            )
        ]


# The column that names a line of a two-sided summary (项目, 项目名称, 功能科目名称).
_ITEM_ROLES: Final = frozenset({Role.NAME, Role.PROJECT_NAME})


def _merge_spanning_labels(lines: list[SummaryLine]) -> list[SummaryLine]:
    """A label printed across a side's panels (当年支出小计 … 21,955.35): the figure of the last panel
    belongs to the first panel's line, not to a line of its own without a name."""
    merged: list[SummaryLine] = []
    for line in lines:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.side is line.side
            and not line.item
            and previous.item
            and all(v is None for v in previous.amounts.values())
        ):
            merged[-1] = attrs.evolve(previous, amounts={**previous.amounts, **line.amounts})
            continue
        merged.append(line)
    return merged


def _two_digits(part: str) -> str:
    """A 款 or 项 printed without its leading zero (Excel's 2 for 02) as the two digits it stands for;
    a 类 cell (three digits) is left as printed."""
    return "0" + part if len(part) == 1 and part.isdigit() else part


_THREE_PUBLIC: Final = "三公"


def _value(text: str) -> Decimal | None:
    try:
        return parse_decimal(text)
    except GfsError:
        return None


def _is_code(text: str) -> bool:
    """Whether a bare number is a code of one of the classifications (3, 5 or 7 digits, and known)."""
    catalogs = (functional.CATALOG, economic.department.CATALOG, economic.government.CATALOG)
    return len(text) in (3, 5, 7) and any(catalog.get(text) is not None for catalog in catalogs)


_BARE_NUMBER: Final = re.compile(r"-?\d+")


def _adds_up(values: dict[Column, Decimal], total: Column, parts: Sequence[Column]) -> bool:
    """Whether the parts add up to the total within the rounding of the printed figures."""
    tolerance = Decimal("0.005") * len(parts) + Decimal("0.001")
    return abs(values[total] - sum((values.get(p, Decimal(0)) for p in parts), Decimal(0))) <= tolerance


def _parses(text: str) -> bool:
    """Whether a cell prints an amount (not blank, not text)."""
    try:
        return parse_decimal(text) is not None
    except GfsError:
        return False


# The basis a group of “三公” figures is printed under: 预算数, 2024年决算数, or 上年 | 当年 | 增减变化情况 (Xi'an).
_BASIS_HEADING: Final = re.compile(r"(?:\d{4}年度?)?(?:预算数|决算数)|\d{4}年度?|上年|当年|本年|增减变化情况")


def _is_basis(heading: str) -> bool:
    return bool(_BASIS_HEADING.fullmatch(compact_text(heading)))


def _functional_class(item: str, year: int | None = None) -> Subject | None:
    """The functional 类 an expenditure line of a summary table names, where exactly one fits.

    Old templates append 支出 to former names that had none (城乡社区事务支出).
    """
    from gfs_cn.codes import Level

    name = strip_numbering(item)
    # The report's edition first; a name of another year (templates lag behind renames) next.
    for edition in dict.fromkeys((year, None)):
        for candidate in (name, name[:-2] if name.endswith("支出") else ""):
            if candidate:
                try:
                    return functional.find(candidate, level=Level.CLASS, year=edition)
                except GfsError:
                    continue
    return None
