"""Header rows of a table (表头) → what each column holds.

Headers span several rows with merged cells; in extracted text a merged cell prints once, at
its first column, and the columns it spans are empty. A column's *path* is the header cells
above it, a merged cell inherited by every column under it; the last cell of the path
names the column (``小计`` takes the name of the cell above it).

>>> from gfs_cn.reading.model import Line
>>> rows = [Line.parse(1, "科目编码\\t\\t\\t科目名称\\t合 计\\t基本支出\\t\\t\\t项目支出"),
...         Line.parse(2, "类\\t款\\t项\\t\\t\\t小 计\\t人员支出\\t日常公用支出\\t")]
>>> [slot.target.value for slot in layout(rows, table="一般公共预算支出情况表").slots]
['code_class', 'code_section', 'code_item', 'name', 'total', 'basic', 'personnel', 'operating', 'project']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Final

import attrs

from gfs_cn.reading.model import Line, compact_text, is_amount_token
from gfs_cn.reading.recognise.registry import CODE_ROLES, Role, _columns, header_column
from gfs_cn.tables.columns import Column
from gfs_cn.tables.rows import Side
from gfs_cn.tables.titles import TABLE_NUMBER

__all__ = ["Layout", "Slot", "is_header_like", "is_header_line", "is_label_line", "is_repeated_header", "layout"]


@attrs.frozen(slots=True)
class Slot:
    """One column of a table: its index in the cells, what it holds, and the headers above it."""

    index: int
    target: Column | Role
    path: tuple[str, ...]
    side: Side | None = None
    """In a two-sided table, the side (收入/支出) the column is under."""
    group: int = 0
    """For code/name columns: 0 for the first classification printed, 1 for the second
    (the government economic code beside the department code)."""


@attrs.frozen(slots=True)
class Layout:
    """The columns of a table as its header defines them."""

    slots: tuple[Slot, ...]

    @property
    def width(self) -> int:
        """How many cells a full row has."""
        return len(self.slots)

    @property
    def amount_slots(self) -> tuple[Slot, ...]:
        """The columns that hold amounts."""
        return tuple(s for s in self.slots if isinstance(s.target, Column))

    @property
    def extra_slots(self) -> tuple[Slot, ...]:
        """The columns under headers outside the vocabulary (their amounts are kept by header path)."""
        return tuple(s for s in self.slots if s.target is Role.EXTRA)

    def columns(self, side: Side | None = None) -> tuple[Column, ...]:
        """The amount columns, in order, without repeats (of one side, if given)."""
        found = (s.target for s in self.amount_slots if side is None or s.side is side)
        return tuple(dict.fromkeys(c for c in found if isinstance(c, Column)))

    def roles(self, role: Role, group: int | None = None) -> tuple[Slot, ...]:
        """The columns that hold ``role`` (in one code group, if given)."""
        return tuple(s for s in self.slots if s.target is role and (group is None or s.group == group))


@functools.cache
def _header_words() -> frozenset[str]:
    return frozenset(header for header, _ in _columns()) | {"小计"}


def is_label_line(line: Line) -> bool:
    """A 栏次 row (column numbers) or a row of bare column numbers: a label, not data."""
    cells = [c for c in line.cells if c]
    if not cells or any(is_amount_token(c) for c in cells):
        return False  # a line with amounts is data (a 栏次 row merged with the next is read, not skipped)
    if compact_text(cells[0]) in ("栏次", "行次"):
        return True
    return all(c.isdigit() for c in cells) and [int(c) for c in cells] == list(range(1, len(cells) + 1))


def is_repeated_header(line: Line) -> bool:
    """A header line printed again inside a table (a new page without its title).

    Data lines of summary tables are often made of header words too (上年结转 | 结转下年), so a
    repeated header must also name a non-amount column or a heading (项目, 科目编码, 收入 …).
    """
    if not is_header_line(line) or sum(1 for c in line.cells if c) < 2:
        return False
    return any(isinstance(header_column(compact_text(c)), Role) for c in line.cells if c)


def is_header_line(line: Line) -> bool:
    """Whether every cell of a line is a known header (so it is part of the header, not data)."""
    cells = [compact_text(c) for c in line.cells if c]
    if not cells or any(is_amount_token(c) for c in cells):
        return False
    if len(cells) == 1 and cells[0] in ("合计", "总计"):
        return False  # a total row printed without figures
    words = _header_words()
    return all(c in words or c.removeprefix("其中:") in words for c in cells)  # 其中：基本支出 too


def is_header_like(line: Line) -> bool:
    """Whether a line can be a header row of a table whose header words are not all known: short
    text cells, no amount, no code, not a numbered item (一、…) and not a lone 合计."""
    cells = [compact_text(c) for c in line.cells if c]
    if not cells or any(is_amount_token(c) or _CODE_LIKE.fullmatch(c) for c in cells):
        return False
    if len(cells) == 1 and cells[0] in ("合计", "总计"):
        return False
    # A sub-header 其中：… may be long (其中：2026年政府采购项目中预留给中小企业的项目资金规模).
    return all((len(c) <= 24 or (c.startswith("其中") and len(c) <= 48)) and not _NUMBERED.match(c) for c in cells)


# The columns a 三公 table prints once per basis (预算数 | 决算数 under each): elsewhere 预算数 under
# 本年收入 is the line's amount, not the column above it.
_META_CELL: Final = re.compile(rf"单位[:：]|^(?:编制)?部门[:：]|^{TABLE_NUMBER}$")
_BY_BASIS: Final = frozenset(
    {
        Column.TOTAL,
        Column.OVERSEAS_TRAVEL,
        Column.OFFICIAL_VEHICLES,
        Column.VEHICLE_PURCHASE,
        Column.VEHICLE_OPERATION,
        Column.OFFICIAL_RECEPTION,
    }
)
_AMOUNT_HEADING: Final = re.compile(r"金额(?:\((?:万元|元)\))?$")
"""A heading over amounts (项目金额, 项目金额(万元)): where nothing is printed under it, the column's amount."""
_GOVERNMENT: Final = re.compile(r"政府(?:预算)?(?:支出)?经济分类")
"""A header over the government economic classification (政府预算支出经济分类科目, 政府支出经济分类科目)."""
_BASIS: Final = re.compile(r"(?:\d{4}年(?:度)?)?(?:预算数|决算数|预算|决算|执行数)")
_CODE_LIKE: Final = re.compile(r"\d{3}(?:\d{2}){0,2}|\d{2}")
_NUMBERED: Final = re.compile(r"(?:[一二三四五六七八九十]+|\d+)[、.．]|[(（][一二三四五六七八九十\d]+[)）]")


def layout(header: Sequence[Line], *, table: str, year: int | None = None) -> Layout:
    """The layout the header rows define; :class:`GfsError` naming the header it cannot place.

    ``year`` is the report's fiscal year: a header naming it (2024年预算数 in a 2024 budget) is the
    year's figure, one naming another year (2023年预算数) a column of its own, kept by its header."""
    kept = [line for line in header if not is_label_line(line)]
    # 金额单位：万元, 部门：…, 公开01表 printed in a header row are not headers of a column.
    rows = [["" if _META_CELL.search(compact_text(c)) else c for c in line.cells] for line in kept]
    width = max((len(r) for r in rows), default=0)
    grid = [r + [""] * (width - len(r)) for r in rows]
    spans = [line.covered for line in kept]
    slots: list[Slot] = []
    names_seen = 0
    for j in range(width):
        path: list[str] = []
        for r, row in enumerate(grid):
            if row[j]:
                path.append(row[j])
            elif any(lower[j] for lower in grid[r + 1 :]) and _spanned(spans[r], j):
                # An empty cell above a filled one lies under a cell merged from the left (where
                # the source knows its spans, only where the cell to the left does span it).
                left = next((row[k] for k in range(j - 1, -1, -1) if row[k]), "")
                if left:
                    path.append(left)
        if not path:
            continue
        target = _resolve(path, year)
        if target is Column.TOTAL and _subtotal_of_unknown(path) and any(s.target is Column.TOTAL for s in slots):
            # 支出总计 … | 2026年政府采购项目 › 小计: the 小计 of a heading of its own, not a second row total.
            target = Role.EXTRA
        if target is None:
            # A header the vocabulary does not know still heads a column: its amounts are kept
            # under the header path, never dropped.
            target = Role.EXTRA
        if target is Role.GROUP:
            alone = len(path) == 1 and not any(row[j] for row in grid[1:])
            if alone and "科目" in compact_text(path[0]):
                target = Role.NAME  # 部门预算支出经济分类科目 heading a column of its own holds the names
            elif alone and _AMOUNT_HEADING.search(compact_text(path[0])):
                target = Column.AMOUNT  # 项目金额 heading a column of its own holds the amounts
            else:
                continue
        compact_path = [compact_text(p) for p in path]
        side = _side(compact_path)
        government = any(_GOVERNMENT.search(p) for p in compact_path)
        # The government classification is group 1 wherever it is printed (before the department's in
        # Beijing, after it in Shanghai); another classification after a first one's name is group 1 too.
        group = 1 if government or (names_seen and target in CODE_ROLES) else 0
        if target is Role.NAME:
            group = 1 if government or names_seen else 0
            names_seen += 0 if government else 1
        slots.append(Slot(j, target, tuple(path), side, group))
    return Layout(tuple(slots))


def _subtotal_of_unknown(path: Sequence[str]) -> bool:
    """A 小计 under a heading that names no column (it stands for the row total only if none other does)."""
    return len(path) > 1 and compact_text(path[-1]) == "小计" and _resolve(path[:-1]) is None


def _spanned(covered: frozenset[int] | None, j: int) -> bool:
    """Whether a blank header cell is spanned from the left: known for ruled grids, assumed for text."""
    return covered is None or j in covered


def _side(path: Sequence[str]) -> Side | None:
    """The side a column is under: the outermost header naming income or expenditure alone
    (收入, 本年收入, 财政拨款收入 › …; 支出, 本年支出 …)."""
    for part in path:
        income, spending = "收入" in part, "支出" in part
        if income != spending:
            return Side.INCOME if income else Side.EXPENDITURE
    return None


_DATED: Final = re.compile(r"(20\d{2})年度?((?:全年)?(?:预算|决算|执行)数?)")
"""A header naming a year's figure: 2024年预算数, 2023年度决算数, 2024年预算."""


def _resolve(path: Sequence[str], year: int | None = None) -> Column | Role | None:
    leaf = compact_text(path[-1])
    dated = _DATED.fullmatch(leaf)
    if dated and year is not None:
        # 2024年预算数 in the 2024 report is its 预算数; 2023年预算数 there is last year's, a column of its own.
        if int(dated.group(1)) != year:
            return Role.EXTRA
        leaf = dated.group(2)
    if leaf == "小计":
        # 基本支出 › 小计 is 基本支出; the registry may name one under a heading (小计 under 一般公共预算支出: the
        # table's own total); a bare 小计, or one under a heading that names no column, is the row total.
        named = header_column(leaf, within=path[:-1]) if len(path) > 1 else None
        if isinstance(named, Column):
            return named
        above = _resolve(path[:-1], year) if len(path) > 1 else None
        return Column.TOTAL if above is None else above
    if _BASIS.fullmatch(leaf) and len(path) > 1:
        # 因公出国（境）费 › 预算数 | 决算数: the basis under the column it belongs to.
        above = _resolve(path[:-1], year)
        if above in _BY_BASIS:
            return above
    found = header_column(leaf, within=path[:-1])
    # A header wrapped inside its cell can reach us in pieces, one per ruled row (因公出国 › （境）费):
    # the pieces joined may name the column.
    for start in range(len(path) - 2, max(-1, len(path) - 5), -1):
        if found is not None:
            break
        joined = "".join(compact_text(p) for p in path[start:])
        found = header_column(joined, within=path[:start])
    return found
