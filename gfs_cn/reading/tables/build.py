"""Reading a whole disclosure: find its tables, read each, keep the narrative, report the rest.

The text is cut into blocks at table titles (recognised from the registry of titles, with or
without numbering); a title repeated on the next page continues its table. Inside a block the
reader skips the department and unit lines, takes the header rows, and reads every following
line with tabs as data until the table ends (a line without tabs that is not a note, or the
next title). Lines outside tables are narrative, split by heading. A line with amounts that no
table takes is reported in ``Report.unplaced``.
"""

from __future__ import annotations

import collections
import itertools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from gfs_cn.errors import GfsError, ReadError
from gfs_cn.money import Unit, parse_decimal
from gfs_cn.reading.model import CODE_CELL, Line, compact_text, is_amount_token
from gfs_cn.reading.recognise.header import (
    Layout,
    is_header_like,
    is_header_line,
    is_label_line,
    is_repeated_header,
    layout,
)
from gfs_cn.reading.recognise.metadata import UNIT_LINE, read_metadata
from gfs_cn.reading.recognise.registry import Role
from gfs_cn.reading.sources.text import TextLines, decode
from gfs_cn.reading.tables.performance import Carry, read_performance_tables
from gfs_cn.reading.tables.rows import Problem, RowBuilder
from gfs_cn.reading.verify import verify
from gfs_cn.tables.kinds import ReportKind, TableKind, TableStatus
from gfs_cn.tables.models import (
    TABLE_CLASSES,
    ClassifiedTable,
    EconomicTable,
    GenericTable,
    ProjectTable,
    SpecialFundsTable,
    Table,
    ThreePublicTable,
    TwoSidedTable,
    _PerformanceTable,
)
from gfs_cn.tables.report import BudgetUnit, ReadingNote, Report, Section, Unplaced
from gfs_cn.tables.rows import RowKind, Side
from gfs_cn.tables.titles import TABLE_NUMBER, is_title_text, printed_title, title_kind, title_parts

__all__ = ["looks_like_path", "read_lines", "read_text"]

_DEPARTMENT_LINE: Final = re.compile(
    r"^(?:编制|预算主管|主管)?(?:部门(?:名称)?|部门[(（]单位[)）](?:名称)?|单位名称|预算单位)[:：]\s*(.*?)"
    r"(?:(?:金额)?单位[:：]\s*(?:万元|元|亿元))?$"
)
_TABLE_NUMBER: Final = re.compile(TABLE_NUMBER)
# A title's numbering (一、 公开 09 表： 表3 预算01表): a line that starts so is the start of a title.
_LEADING_NUMBER: Final = re.compile(rf"^(?:[一二三四五六七八九十]+[、.．]|{TABLE_NUMBER})")
# An amount printed whole, with separators (5,993,300): the table prints whole amounts.
_WHOLE_AMOUNT: Final = re.compile(r"-?\d{1,3}(?:,\d{3})+")
_NUMBER_LINE: Final = re.compile(rf"^(?:{TABLE_NUMBER}|\(\d{{4}}年度\))$")
_NOTE: Final = re.compile(
    r"^(?:[(（]?注[:：]|备注[:：]|说明[:：]|\d+[.、]\s*(?:按照|本表|报表|“三公”)|本表|本部门.*(?:没有|无).*|.*本表无数据.*|.*为空表.*)"
)
# A numbered note line after the first (2. 本套报表金额单位转换时可能存在尾数误差。)
_NOTE_CONTINUED: Final = re.compile(r"^\d+[.、．]")
_HEADING: Final = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）]|\d+[、.．])"
)
# What a disclosure's narrative calls itself, with its year, on its first lines: a file of narrative only
# is still one (the 说明 of a report published in several files).
_DISCLOSURE: Final = re.compile(
    r"20\d{2}年度?.*(?:(?:部门|单位)(?:综合)?(?:预算|决算)|(?:预算|决算)(?:公开|情况说明|编制说明))"
)
_COVER_LINES: Final = 60
# Why a table is incomplete, as its doubts say.
_CUT_SHORT: Final = "the table stops short: its last rows have no figures"
_SCANNED: Final = "the table runs onto a page with no text layer (a scan)"
_REACHED_END: Final = "the table runs to the end of the source with no total printed: it was cut off"
_UNIT_ROW_NAME: Final = re.compile(r"^(0\d{2}(?:\d{3})+)\s*(.+)$")


@attrs.define
class _Block:
    """The lines of one table: from its title to the line before the next table or the narrative."""

    kind: TableKind
    title: Line
    lines: list[Line]
    ends_text: bool = False
    """Whether the block runs to the end of the text."""
    furniture: frozenset[str] = frozenset()
    """Running heads and feet of the document's pages (compacted), which interrupt no table."""


def read_text(
    source: str | os.PathLike[str],
    *,
    year: int | None = None,
    kind: ReportKind | str | None = None,
    unit: Unit | str | None = None,
    department: str | None = None,
    encoding: str | None = None,
) -> Report:
    """Read the text extracted from a disclosure into a :class:`~gfs_cn.tables.Report`.

    ``source`` is the text itself or a path to a text file (UTF-8, GB18030 or UTF-16, detected
    unless ``encoding`` is given). Year, kind (budget or final account), department and money
    unit are read from the document unless given. :class:`~gfs_cn.reading.ReadError` when the
    text holds no disclosure table at all. :func:`gfs_cn.read` reads PDFs too.
    """
    from gfs_cn.reading.api import read

    return read(source, encoding=encoding, year=year, kind=kind, unit=unit, department=department)


def read_lines(
    lines: Sequence[Line],
    *,
    origin: str | None = None,
    year: int | None = None,
    kind: ReportKind | str | None = None,
    unit: Unit | str | None = None,
    department: str | None = None,
    scanned: Sequence[int] = (),
) -> Report:
    """A report from the document model: lines of cells with their page (see :func:`gfs_cn.read`).

    ``scanned`` lists pages without a text layer: the reader says so, and marks a table that
    runs onto such a page incomplete."""
    titles = _titles(lines)
    notes: list[ReadingNote] = []
    if not titles:
        if not any(_DISCLOSURE.search(compact_text(line.text)) for line in lines[:_COVER_LINES]):
            if scanned:
                pages = ", ".join(str(p) for p in scanned)
                raise ReadError(
                    f"no disclosure table found; pages {pages} have no text layer (scans): OCR them first", where=origin
                )
            raise ReadError("no disclosure table found: not a budget or final-account disclosure", where=origin)
        # A 说明 published as a file of its own: a report of its narrative, saying it holds no table.
        message = "no table found: this source holds the narrative only (it may be one part of a report)"
        notes.append(ReadingNote(line=0, table="", message=message))
    first_table = titles[0][0] if titles else len(lines)
    blocks, outside = _blocks(lines, titles), list(lines[:first_table])
    meta = read_metadata(lines, origin)

    money_unit = Unit.parse(unit) if unit is not None else meta.unit or Unit.WAN_YUAN
    tables: list[Table[Any]] = []
    unplaced: list[Unplaced] = []
    context: Any = None
    carry: Carry | None = None
    for block in blocks:
        cls = TABLE_CLASSES[block.kind]
        if issubclass(cls, _PerformanceTable):
            title = block.title.text.split("\t")[0]
            # A page continuing the table before (its title repeated, or none): a table of its own title is new.
            same = bool(tables) and tables[-1].kind is block.kind and tables[-1].title == title
            previous_carry = carry if same else None
            found_tables, carry, skipped = read_performance_tables(
                cls, block.title, block.lines, unit=money_unit, title=title, carry=previous_carry
            )
            # Figures on lines no performance table took are reported, never dropped.
            taken = [(t.first_line or 0, t.last_line or 0) for t in found_tables]
            loose = [
                line
                for line in block.lines
                if "\t" in line.raw and line.amount_tokens() and not any(a <= line.number <= b for a, b in taken)
            ]
            loose.extend(line for line in skipped if line not in loose)
            reason = "a line of a performance table that no target holds"
            unplaced.extend(_unplaced([line], reason, title) for line in loose)
            for found in found_tables:
                last = tables[-1] if tables else None
                if not found.subject_name and isinstance(last, _PerformanceTable) and type(last) is cls and same:
                    tables[-1] = _merge_performance(last, found)
                elif found.subject_name or found.rows:
                    tables.append(found)
            continue
        # A page continuing a table needs the 类/款 and unit the previous page last printed.
        carried = context if tables and tables[-1].kind is block.kind else None
        try:
            # A page continuing a table reads in the unit the table printed on its first page.
            default_unit = (tables[-1].unit or money_unit) if carried is not None else money_unit
            table, leftover, block_unplaced, block_notes, context = _read_block(
                block, default_unit, carried, year or meta.year
            )
        except GfsError as err:
            unplaced.append(_unplaced(block.lines, str(err), block.title.text))
            continue
        unplaced.extend(block_unplaced)
        notes.extend(block_notes)
        outside.extend(leftover)
        if tables and _continues(tables[-1], table):
            tables[-1] = _merge(tables[-1], table)
        else:
            tables.append(table)

    tables = [t.marked(TableStatus.INCOMPLETE, _CUT_SHORT) if _cut_short(t.rows) else t for t in tables]
    # A table of no standard kind with no figure at all is a list (a 目录 in a grid), not data.
    tables = [t for t in tables if t.kind is not TableKind.OTHER or _has_figures(t)]
    if scanned:
        tables = [t.marked(TableStatus.INCOMPLETE, _SCANNED) if _runs_into(t, scanned) else t for t in tables]
        notes.extend(
            ReadingNote(
                line=0, table="", message=f"page {page} has no text layer (a scan): its content is not read", page=page
            )
            for page in scanned
        )
    outside.sort(key=lambda line: line.number)
    narrative, stray = _narrative(outside)
    unplaced.extend(stray)
    tables, doubts = verify(tables, unplaced)
    notes.extend(doubts)
    report_kind = ReportKind(kind) if isinstance(kind, str) else kind or _report_kind(meta.kind, tables)
    if year is None and meta.year is None:
        raise ReadError("the fiscal year is not named in the text; pass year=", where=origin)
    notes.extend(meta.notes if department is None else ())
    return Report(
        department=department or meta.department,
        year=year or meta.year or 0,
        kind=report_kind,
        scope=meta.scope,
        money_unit=money_unit,
        units=_units(tables),
        tables=tuple(tables),
        unplaced=tuple(sorted(unplaced, key=lambda u: u.first_line)),
        narrative=tuple(narrative),
        reading_notes=tuple(notes),
        contents=_contents(lines, first_table),
        source=origin,
    )


def _contents(lines: Sequence[Line], first_title: int) -> tuple[str, ...]:
    """The 目录: titles of a kind of table printed before the first table (in any cell: some 目录 are grids)."""
    return tuple(
        cell
        for line in lines[:first_title]
        for cell in line.cells
        if cell and _title_of(cell) is not None and not _PART_HEADING.match(compact_text(cell))
    )


# 第二部分 2024年部门预算表 heads the tables' part of the report; it names no table.
_PART_HEADING: Final = re.compile(r"第[一二三四五六七八九十\d]{1,3}部分")


def _load(source: str | os.PathLike[str], encoding: str | None = None) -> tuple[str, str | None]:
    if isinstance(source, os.PathLike) or looks_like_path(source):
        path = Path(source)
        if not path.is_file():
            raise ReadError(f"no such file: {str(path)!r}", where=str(path))
        try:
            return decode(path.read_bytes(), encoding), str(path)
        except (OSError, UnicodeDecodeError, LookupError) as err:
            raise ReadError(f"cannot read {str(path)!r}: {err}", where=str(path)) from err
    return source, None


_PATH_LIKE: Final = re.compile(r"[^\n\t]{0,1000}\.(?:txt|text|pdf|csv|tsv|md)|[^\n\t]*[/\\][^\n\t]*", re.IGNORECASE)


def looks_like_path(text: str) -> bool:
    """Whether a string names a file rather than holds a report: one line, no tab, and an existing
    file or the look of a path (a file extension, a slash).

    >>> looks_like_path("reports/missing.txt"), looks_like_path("2024年部门预算\\n科目编码\\t合计")
    (True, False)
    """
    if "\n" in text or "\t" in text or len(text) > 1024:
        return False
    return bool(_PATH_LIKE.fullmatch(text.strip())) or Path(text).is_file()


# -- finding tables --------------------------------------------------------------------------


def _titles(lines: Sequence[Line]) -> list[tuple[int, int, TableKind, Line | None]]:
    """(index, lines taken, kind, title) of every line that titles a table: a title (perhaps wrapped
    onto a second line) closely followed by a grid, before any other title. A title of no standard
    kind followed by a grid titles a generic table; entries of a 目录 are followed by no grid. The title
    is ``None`` where it is the line at the index itself: a large text's lines are not all held at once."""
    candidates: list[tuple[int, int, TableKind, Line | None]] = []
    skip = -1
    for i, line in enumerate(lines):
        first = next((c for c in line.cells if c), "")
        if i == skip or not first or len(compact_text(first)) > 120:
            continue
        found = _title_of(first)
        if found is not None:
            candidates.append((i, 1, found, None))
            continue
        following = lines[i + 1] if i + 1 < len(lines) else None
        alone = following is not None and _single(line) and _single(following)
        if (
            following is not None
            and alone
            and len(compact_text(following.text)) <= 20
            and following.page == line.page
            and title_parts(first)
            and (_title_of(following.text) is None or _LEADING_NUMBER.match(compact_text(first)))
        ):
            joined = first + following.text
            found = _title_of(joined)
            if found is not None:
                title = Line(line.number, f"{line.raw}{following.raw}", joined, (joined,), line.page)
                candidates.append((i, 2, found, title))
                skip = i + 1  # the second half of a wrapped title is no title of its own
    titles: list[tuple[int, int, TableKind, Line | None]] = []
    for n, (i, taken, found, heading) in enumerate(candidates):
        next_candidate = candidates[n + 1][0] if n + 1 < len(candidates) else len(lines)
        following_lines = (lines[j] for j in range(i + taken, next_candidate))
        window = list(itertools.islice((line for line in following_lines if not line.blank), _GRID_WITHIN))
        if any(line.has_cells and not _is_meta(line) for line in window):
            titles.append((i, taken, found, heading))
    return titles


_GRID_WITHIN: Final = 6
"""Lines (meta and notes included) within which a grid must follow a title."""


def _code_labels_on_data(line: Line) -> tuple[Line, Line] | None:
    """A data line that begins with the 类/款/项 labels of the header: (those labels, the data)."""
    k = 0
    while k < len(line.cells) and compact_text(line.cells[k]) in _CODE_LABELS:
        k += 1
    if k < 2 or not line.amount_tokens():
        return None
    labels = (*line.cells[:k], *[""] * (len(line.cells) - k))
    data = ("", *[""] * (k - 1), *line.cells[k:])
    return (
        Line(line.number, "\t".join(labels), "\t".join(labels).strip(), labels, line.page),
        Line(line.number, "\t".join(data), "\t".join(data).strip(), data, line.page),
    )


_CODE_LABELS: Final = frozenset({"类", "款", "项"})


def _not_held(line: Line, rows: Sequence[Any], unit: Unit) -> list[str]:
    """The amounts a data line prints that none of the rows read from it holds."""
    held: collections.Counter[Decimal] = collections.Counter()
    for row in rows:
        for money in (*getattr(row, "amounts", {}).values(), *getattr(row, "extra", {}).values()):
            if money is not None:
                held[money.amount / unit.factor] += 1
    missing = []
    for cell in line.amount_tokens():
        try:
            value = parse_decimal(cell)
        except GfsError:
            continue
        if value is not None:
            if held[value] > 0:
                held[value] -= 1
            else:
                missing.append(cell)
    return missing


def _split_rows(line: Line, table: Layout) -> list[Line]:
    """A line holding two rows of a table by code (merged by extraction) as those two rows: the
    second starts at a cell past the first row's width that prints a code."""
    if len(line.cells) <= table.width or not table.slots or table.slots[0].target is not Role.CODE:
        return [line]
    for k in range(2, len(line.cells)):
        if CODE_CELL.fullmatch(line.cells[k].strip()) and len(line.cells) - k <= table.width and k <= table.width:
            first, second = line.cells[:k], line.cells[k:]
            return [
                Line(line.number, "\t".join(first), "\t".join(first).strip(), tuple(first), line.page),
                Line(line.number, "\t".join(second), "\t".join(second).strip(), tuple(second), line.page),
            ]
    return [line]


def _same_cells(line: Line, other: Line) -> bool:
    """Whether two lines print the same cells (a header repeated on the next page)."""
    return [compact_text(c) for c in line.cells if c] == [compact_text(c) for c in other.cells if c]


def _single(line: Line) -> bool:
    return sum(1 for c in line.cells if c) == 1


def _title_of(text: str) -> TableKind | None:
    """The kind a title names: a standard kind, or the generic one for a title of no standard kind."""
    found = title_kind(text)
    if found is None and is_title_text(text) and _GENERIC_TITLE.search(compact_text(text)):
        return TableKind.OTHER
    return found


# A title of no standard kind still says it is a table of money (预算表, 情况表, 明细表 …), perhaps with a
# qualifier after it (明细表（按支出功能分类科目）).
_GENERIC_TITLE: Final = re.compile(r"(?:预算|决算|支出|收入|经费|资金|情况|明细)[^表]{0,6}表(?:\([^()]{1,16}\))?$")


def _blocks(lines: Sequence[Line], titles: Sequence[tuple[int, int, TableKind, Line | None]]) -> Iterator[_Block]:
    """Each title's block of lines, made when it is read: a large text never holds all its tables' lines."""
    furniture = _running_heads(lines)
    for n, (i, taken, found, title) in enumerate(titles):
        end = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
        heading = lines[i] if title is None else title
        yield _Block(found, heading, list(lines[i + taken : end]), ends_text=end == len(lines), furniture=furniture)


_RUNNING_PAGES: Final = 3
"""Pages a line must head or foot, alone, to be the pages' furniture rather than the document's text."""


def _running_heads(lines: Sequence[Line]) -> frozenset[str]:
    """Text printed alone as the first or last line of three pages or more (``无锡市统计局 2026 年度部门预算
    公开`` over every page): a running head or foot, which a table continued on the next page runs past."""
    if not lines or lines[0].page is None or (isinstance(lines, TextLines) and lines.page_count < _RUNNING_PAGES):
        return frozenset()  # too few pages for a line to run over them
    counts: collections.Counter[str] = collections.Counter()
    page: int | None = None
    last = ""
    for line in lines:
        if line.blank or line.page is None:
            continue
        text = compact_text(line.text) if "\t" not in line.raw.strip("\t") else ""
        if line.page != page:
            if last:
                counts[last] += 1
            if text:
                counts[text] += 1
            page = line.page
        last = text
    if last:
        counts[last] += 1
    return frozenset(text for text, seen in counts.items() if seen >= _RUNNING_PAGES and not is_amount_token(text))


# -- reading one table -----------------------------------------------------------------------


def _is_meta(line: Line) -> bool:
    """A line naming the department or the unit of money (编制部门：… 单位：元), not data: every cell is
    such a cell, or the cells joined are (部门： | 江苏省人民检察院 | 单位：万元)."""
    cells = [compact_text(c) for c in line.cells if c]
    if not cells or any(is_amount_token(c) for c in cells):
        return False
    if all(
        _DEPARTMENT_LINE.match(c) or UNIT_LINE.search(c) or _NUMBER_LINE.match(c) or re.fullmatch(r"单位[:：]?万元", c)
        for c in cells
    ):
        return True
    return bool(_DEPARTMENT_LINE.match("".join(cells))) and len(cells) <= 4


def _is_note(line: Line) -> bool:
    return bool(_NOTE.match(compact_text(line.text)))


_SHAPES: Final[dict[type[Table[Any]], Callable[[RowBuilder, Line], list[Any]]]] = {
    ClassifiedTable: RowBuilder.classified,
    EconomicTable: RowBuilder.economic,
    TwoSidedTable: RowBuilder.two_sided,
    ProjectTable: RowBuilder.project,
    ThreePublicTable: RowBuilder.three_public,
    SpecialFundsTable: RowBuilder.plain,
    GenericTable: RowBuilder.generic,
}


def _shape(cls: type[Table[Any]]) -> Callable[[RowBuilder, Line], list[Any]]:
    for base in cls.__mro__:
        if base in _SHAPES:
            return _SHAPES[base]
    raise GfsError(f"no reader for {cls.__name__}")


def _read_block(
    block: _Block, unit: Unit, context: Any = None, year: int | None = None
) -> tuple[Table[Any], list[Line], list[Unplaced], list[ReadingNote], Any]:
    """A table from its block; the lines after the table ends; what could not be placed; notes;
    and the row context (split codes, unit) for a page that continues the table."""
    cls = TABLE_CLASSES[block.kind]
    title = printed_title(next((c for c in block.title.cells if c), ""))
    number = _table_number([block.title, *block.lines[:6]])
    printed_unit, other_units = _printed_unit([block.title, *block.lines[:6]])
    unit = printed_unit or unit
    integers = any(_WHOLE_AMOUNT.fullmatch(cell) for line in block.lines for cell in line.cells)
    builder: RowBuilder | None = None
    header: list[Line] = []
    rows: list[Any] = []
    notes: list[str] = []
    leftover: list[Line] = []
    problems: list[Unplaced] = []
    in_header = True
    units_seen: set[str | None] = set()
    last_line = block.title.number
    last_page = block.title.page
    for position, line in enumerate(block.lines):
        if line.blank:
            continue
        if leftover:
            leftover.append(line)
            continue
        if title_kind(next((c for c in line.cells if c), "")) is block.kind and "\t" not in line.raw.strip("\t"):
            in_header, header = True, []  # the title repeated on the next page
            continue
        if _is_meta(line) or (block.furniture and compact_text(line.text) in block.furniture):
            continue
        if in_header and (is_header_line(line) or is_label_line(line) or (not rows and is_header_like(line))):
            header.append(line)
            continue
        if in_header and header:
            split = _code_labels_on_data(line)
            if split is not None:
                # 类 | 款 | 项 printed on the 合计 row (Shanghai final accounts): the header's last row.
                header.append(split[0])
                line = split[1]
        if not in_header and header and not line.amount_tokens() and any(_same_cells(line, h) for h in header):
            continue  # the header printed again on the next page, row for row: the layout stands
        if not in_header and (is_repeated_header(line) or (header and _same_cells(line, header[0]))):
            in_header, header = True, [line]  # the header repeated on the next page, without the title
            continue
        if in_header:
            if not header:
                if _is_note(line):
                    notes.append(line.text.replace("\t", " ").strip())
                    last_line = line.number if not rows else last_line
                    continue
                raise ReadError(f"no header row found before {line.text[:30]!r}", where=f"{title}, line {line.number}")
            new_layout = layout(header, table=title, year=year)
            if builder is None:
                builder = RowBuilder(new_layout, table=title, unit=unit, context=context, integers=integers, year=year)
            else:
                builder.relayout(new_layout)
            in_header = False
        noted = _is_note(line) or (notes and _NOTE_CONTINUED.match(compact_text(line.text)))
        if noted and not ("\t" in line.raw and line.amount_tokens()):  # figures in cells are data, not a note
            notes.append(line.text.replace("\t", " ").strip())
            last_line = line.number if not rows else last_line
            continue
        if "\t" not in line.raw and not is_label_line(line):
            leftover.append(line)
            continue
        if is_label_line(line):
            continue
        assert builder is not None
        new_rows = []
        for part in _split_rows(line, builder.layout):
            part_rows = _shape(cls)(builder, part)
            if part_rows and builder.layout.extra_slots:
                row_extra = builder.extra(part)
                if row_extra:
                    part_rows[0] = attrs.evolve(part_rows[0], extra={**part_rows[0].extra, **row_extra})
            new_rows.extend(part_rows)
        if not builder.reported(line):
            missing = _not_held(line, new_rows, unit)
            if missing:
                builder.problems.append(
                    Problem(line, f"amounts {', '.join(missing)} fall under no column of the table's header")
                )
        repeated = [r.unit_code for r in new_rows if r.kind is RowKind.UNIT and r.unit_code in units_seen]
        if repeated:
            # A unit already listed starts over: rows of another table whose title is missing.
            cut = [line, *(rest for rest in block.lines[position + 1 :] if not rest.blank)]
            problems.append(
                _unplaced(cut, f"unit {repeated[0]} listed again: rows of a table whose title is missing", title)
            )
            break
        units_seen.update(r.unit_code for r in new_rows if r.kind is RowKind.UNIT)
        rows.extend(new_rows)
        last_line, last_page = line.number, line.page
    if builder is None and header:
        builder = RowBuilder(
            layout(header, table=title, year=year), table=title, unit=unit, integers=integers, year=year
        )
    columns = builder.columns() if builder else ()
    extra: dict[str, Any] = {}
    if issubclass(cls, TwoSidedTable) and builder is not None:
        columns = builder.layout.columns(Side.EXPENDITURE)
        extra["income_columns"] = builder.layout.columns(Side.INCOME)
    if builder is not None:
        if not builder.side_by_side:
            rows = [_complete(row, columns, extra.get("income_columns", ())) for row in rows]
        problems.extend(_unplaced([p.line], p.reason, title) for p in builder.problems)
        extra_columns = tuple(dict.fromkeys(" › ".join(s.path) for s in builder.layout.extra_slots))
        if extra_columns:
            extra["extra_columns"] = extra_columns
    # A table that runs to the very end of the text, with no note after it and no figures in a 合计
    # row, was cut off (a complete table printed last still has its figures).
    has_total = any(
        getattr(r, "kind", None) is RowKind.TOTAL and any(v is not None for v in r.amounts.values()) for r in rows
    )
    reached_end = not leftover and not notes and block.ends_text and not has_total
    table = cls(
        title=title,
        number=number,
        status=TableStatus.INCOMPLETE if reached_end else TableStatus.READ,
        doubts=(_REACHED_END,) if reached_end else (),
        columns=columns,
        rows=tuple(rows),
        note="\n".join(notes) or None,
        first_line=block.title.number,
        last_line=last_line,
        first_page=block.title.page,
        last_page=last_page,
        unit=printed_unit,
        **extra,
    )
    reading_notes = [ReadingNote(line=n, table=title, message=m) for n, m in (builder.notes if builder else [])]
    if printed_unit is not None and other_units:
        others = "、".join(u.value for u in other_units)
        reading_notes.append(
            ReadingNote(
                line=block.title.number,
                table=title,
                message=f"the table prints 单位：{printed_unit.value} and 单位：{others}; "
                f"amounts read in {printed_unit.value}",
                page=block.title.page,
            )
        )
    return table, leftover, problems, reading_notes, builder.context if builder else context


def _has_figures(table: Table[Any]) -> bool:
    return any(
        any(v is not None for v in (*getattr(r, "amounts", {}).values(), *getattr(r, "extra", {}).values()))
        for r in table.rows
    )


def _runs_into(table: Table[Any], scanned: Sequence[int]) -> bool:
    """Whether a table may continue on a scanned page: one lies within it or right after it."""
    if table.first_page is None:
        return False
    last = table.last_page or table.first_page
    return any(table.first_page <= page <= last + 1 for page in scanned)


def _coded_item(row: Any) -> bool:
    return bool(getattr(row, "code", None)) and getattr(row, "subject", None) is not None and row.kind is RowKind.ITEM


def _cut_short(rows: Sequence[Any]) -> bool:
    """Whether a table by code lost its last rows to a cut in the text.

    The printed 类 rows fall short of the 合计 row, and along the last branch printed (the
    last 类, its last 款 …) some row's children fall short of it too: a shortfall at the tail,
    where a cut leaves it, not a misprint inside the table.
    """
    coded = [r for r in rows if _coded_item(r)]
    total = next((r for r in rows if getattr(r, "kind", None) is RowKind.TOTAL), None)
    column = next(iter(total.amounts), None) if total is not None else None
    if total is None or column is None or total.amounts[column] is None or not coded:
        return False

    def value(row: Any) -> Decimal:
        money = row.amounts.get(column)
        return Decimal(0) if money is None else money.amount

    tolerance = Decimal(50) * len(coded)  # 0.005 万元 per printed figure, in yuan
    classes = [i for i, r in enumerate(coded) if len(r.code) == 3]
    if not classes or value(total) - sum(value(coded[i]) for i in classes) <= tolerance:
        return False
    node = classes[-1]
    while True:
        parent = coded[node]
        children = []
        for i in range(node + 1, len(coded)):
            if len(coded[i].code) <= len(parent.code):
                break
            if len(coded[i].code) == len(parent.code) + 2 and coded[i].code.startswith(parent.code):
                children.append(i)
        if not children:
            return False
        if value(parent) - sum(value(coded[i]) for i in children) > tolerance:
            return True
        node = children[-1]


def _printed_unit(lines: Sequence[Line]) -> tuple[Unit | None, list[Unit]]:
    """The unit of money a table prints on its title or the lines just below (单位：元, 单位:万元),
    and any other unit printed there too (which the reader must say it did not use)."""
    found = [Unit.parse(m.group(1)) for line in lines for m in UNIT_LINE.finditer(compact_text(line.text))]
    if not found:
        return None, []
    return found[0], [u for u in dict.fromkeys(found) if u is not found[0]]


def _table_number(lines: Sequence[Line]) -> str | None:
    """表3 / 公开03表 printed on the title line or the lines just below it."""
    for line in lines:
        for cell in line.cells:
            found = _TABLE_NUMBER.search(compact_text(cell))
            if found:
                return found.group(0)
    return None


def _complete(row: Any, columns: Sequence[Any], income_columns: Sequence[Any]) -> Any:
    """Every row holds every column of its table (of its side), ``None`` where not printed."""
    wanted = income_columns if getattr(row, "side", None) is Side.INCOME else columns
    if all(c in row.amounts for c in wanted):
        return row
    # Only add what is missing: a key the row holds is never dropped.
    return attrs.evolve(row, amounts={**dict.fromkeys(wanted), **row.amounts})


def _continues(previous: Table[Any], table: Table[Any]) -> bool:
    """A block of the same kind right after a table, not starting with a total row, in the same
    printed unit, is its next page."""
    if type(previous) is not type(table) or isinstance(previous, _PerformanceTable):
        return False
    if table.unit is not None and previous.unit is not None and table.unit is not previous.unit:
        return False
    first = table.rows[0] if table.rows else None
    return first is None or getattr(first, "kind", None) is not RowKind.TOTAL


def _merge(previous: Table[Any], table: Table[Any]) -> Table[Any]:
    notes = "\n".join(n for n in (previous.note, table.note) if n) or None
    columns = tuple(dict.fromkeys((*previous.columns, *table.columns)))
    income = tuple(dict.fromkeys((*getattr(previous, "income_columns", ()), *getattr(table, "income_columns", ()))))
    side_by_side = any(len(getattr(r, "amounts", {})) < len(previous.columns) for r in previous.rows[:1])
    rows = previous.rows + table.rows
    if not side_by_side:
        rows = tuple(_complete(row, columns, income) for row in rows)
    merged = attrs.evolve(
        previous,
        columns=columns,
        rows=rows,
        note=notes,
        last_line=table.last_line,
        last_page=table.last_page,
    )
    for reason in table.doubts:
        merged = merged.marked(table.status, reason)
    return attrs.evolve(merged, income_columns=income) if isinstance(merged, TwoSidedTable) else merged


def _merge_performance(previous: _PerformanceTable, table: _PerformanceTable) -> _PerformanceTable:
    """A subject continued on the next page: its indicators and tasks join the previous table's."""
    return attrs.evolve(
        previous,
        rows=previous.rows + table.rows,
        tasks=previous.tasks + table.tasks,
        last_line=table.last_line or previous.last_line,
    )


def _unplaced(lines: Sequence[Line], reason: str, table: str | None) -> Unplaced:
    return Unplaced(
        first_line=lines[0].number if lines else 0,
        last_line=lines[-1].number if lines else 0,
        reason=reason,
        text="\n".join(line.raw for line in lines),
        table=table,
        page=lines[0].page if lines else None,
    )


# -- the rest of the document ----------------------------------------------------------------


def _narrative(lines: Sequence[Line]) -> tuple[list[Section], list[Unplaced]]:
    """Narrative sections split by heading, each with its first line and page; tabbed lines with amounts
    outside tables are unplaced."""
    sections: list[Section] = []
    heading, first, page = "", None, None
    body: list[str] = []
    numbers: list[int] = []
    pages: list[int] = []
    stray: list[Unplaced] = []

    def close() -> None:
        sections.append(
            Section(
                heading=heading,
                text="\n".join(body),
                first_line=first,
                first_page=page,
                lines=tuple(numbers),
                pages=tuple(pages) if len(pages) == len(numbers) else (),
            )
        )

    for line in lines:
        if line.blank:
            continue
        if "\t" in line.raw and line.amount_tokens():
            stray.append(_unplaced([line], "a line with amounts outside any recognised table", None))
            continue
        text = line.text.replace("\t", " ").strip()
        if _HEADING.match(text) and len(text) <= 40 and "万元" not in text:
            if heading or body:
                close()
            heading, body, first, page = text, [], line.number, line.page
            numbers, pages = [], []
        else:
            body.append(text)
            numbers.append(line.number)
            if line.page is not None:
                pages.append(line.page)
            if first is None:
                first, page = line.number, line.page
    if heading or body:
        close()
    return sections, stray


def _report_kind(printed: ReportKind | None, tables: Sequence[Table[Any]]) -> ReportKind:
    """Final account when a final-account table is read, else what the cover says, else budget."""
    if any(t.kind.report_kind is ReportKind.FINAL_ACCOUNT for t in tables):
        return ReportKind.FINAL_ACCOUNT
    return printed or ReportKind.BUDGET


def _units(tables: Sequence[Table[Any]]) -> tuple[BudgetUnit, ...]:
    """The units tables name with a code (unit rows), in order of appearance."""
    units: dict[str, str] = {}
    for table in tables:
        for row in table.rows:
            if getattr(row, "kind", None) is RowKind.UNIT and row.unit_code:
                name = getattr(row, "name", "") or ""
                units.setdefault(row.unit_code, compact_text(name))
    return tuple(BudgetUnit(code=code, name=name) for code, name in units.items())
