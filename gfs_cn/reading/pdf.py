"""PDF → the document model: ruled tables as cell grids, the rest as text lines in reading order.

Needs the optional extra ``pip install 'gfs-cn[pdf]'`` (pdfplumber, MIT).

Tables come from the page's ruling lines (pdfplumber's ``lines`` strategy). A cell spanning
columns or rows is known from its box, not guessed: its text stands in its first grid column and
top row, and the columns and rows it covers are blank — the form tab-separated extractions of
the same tables take, so one recogniser reads both. Excel exports draw many narrow columns that
no text starts in; those are dropped. Text outside the tables is grouped into lines by vertical
overlap, so a year printed in a larger font stays on its title's line.

A page with no ruled grid may still print tables, without ruling or ruled only across (三线表): each run
of lines between titles, notes and prose that prints figures on two lines or more is cut into columns
where its words align (pdfplumber's ``text`` strategy), and each whole word is placed under its column.

A page whose text layer is empty (a scan) yields no lines; its number is returned so the reader
can say so.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from gfs_cn.errors import GfsError, ReadError
from gfs_cn.reading.text import CODE_CELL, Line

__all__ = ["PdfMissingError", "PdfPages", "read_pdf"]

# CJK ideographs and full-width punctuation: a line break between two of them inside a cell is
# no space (事业单位\n经营收入 = 事业单位经营收入); between Latin letters or digits it is one.
_CJK: Final = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’（）]")
_TOLERANCE: Final = 1.0
"""Points by which boxes may miss each other and still be taken as aligned."""
_FIGURE: Final = re.compile(r"[(（]?-?\d[\d,]*\.\d+[)）]?|\d{1,3}(?:,\d{3})+")
_PAGE_NUMBER: Final = re.compile(r"[-—－]?\s*(?:第\s*)?\d{1,4}\s*(?:页)?\s*[-—－]?")


class PdfMissingError(GfsError):
    """pdfplumber is not installed."""

    def __init__(self) -> None:
        super().__init__("reading PDFs needs the optional extra: pip install 'gfs-cn[pdf]'")


class PdfPages:
    """What a PDF gave: its lines, and the pages that had no text layer (scans)."""

    __slots__ = ("lines", "pages", "scanned")

    def __init__(self, lines: list[Line], pages: int, scanned: list[int]) -> None:
        self.lines = lines
        self.pages = pages
        self.scanned = scanned


def read_pdf(path: str | os.PathLike[str], *, first_line: int = 1, first_page: int = 1) -> PdfPages:
    """The lines of a PDF: grid rows as tab-separated cells, other text as plain lines, each with its page.

    Lines are numbered from ``first_line`` in reading order, pages from ``first_page`` (so several
    files of one report number on).
    """
    try:
        import pdfplumber
    except ImportError as err:
        raise PdfMissingError() from err
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    lines: list[Line] = []
    scanned: list[int] = []
    number = first_line
    try:
        with pdfplumber.open(Path(path)) as pdf:
            carry: _Columns | None = None
            for index, page in enumerate(pdf.pages):
                page_number = first_page + index
                items, carry = _page_items(page, carry)
                if not items:
                    if not page.chars and page.images:
                        scanned.append(page_number)
                    continue
                for cells, covered in items:
                    lines.append(Line.parse(number, "\t".join(cells), page=page_number, covered=covered))
                    number += 1
                page.flush_cache()  # a long report keeps memory flat page by page
            pages = len(pdf.pages)
    except (PDFSyntaxError, PdfminerException, OSError, ValueError, KeyError, TypeError) as err:
        raise ReadError(f"cannot read the PDF: {err}", where=str(path)) from err
    return PdfPages(lines, pages, scanned)


_Item = tuple[tuple[str, ...], frozenset[int] | None]
"""A line of a page: its cells, and the positions a cell spans into from the left (grid rows only)."""


def _page_items(page: Any, carry: _Columns | None) -> tuple[list[_Item], _Columns | None]:
    """The page's lines, top to bottom (a grid row as its cells, a text line as one cell), and
    the columns of its last grid, for a grid continued on the next page without its header."""
    grids = sorted((t for t in page.find_tables() if _is_grid(t)), key=lambda t: t.bbox[1])
    placed: list[tuple[float, float, _Item]] = []
    for table in grids:
        rows, carry = _grid_rows(table, carry)
        placed.extend((top, 0.0, (cells, covered)) for top, cells, covered in rows)
    boxes = [t.bbox for t in grids]
    if not grids:
        rows, boxes, carry = _text_grids(page, carry)
        placed.extend((top, 0.0, (cells, covered)) for top, cells, covered in rows)
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes)) if boxes else page
    texts = _text_lines(outside)
    # A page number alone on the last line is the page's furniture, not the document's text.
    if texts and _PAGE_NUMBER.fullmatch(texts[-1][2]) and all(t[0] <= texts[-1][0] for t in texts):
        texts.pop()
    placed.extend((top, x0, ((text,), None)) for top, x0, text in texts)
    placed.sort(key=lambda item: (round(item[0], 1), item[1]))
    return [item for _, _, item in placed], carry


def _is_grid(table: Any) -> bool:
    """A ruled table of two columns or more with two cells of text or more (a framed paragraph is
    not; a table's last row alone on a page is)."""
    rows = table.rows
    if not rows or max(len(r.cells) for r in rows) < 2:
        return False
    texts = table.extract()
    return sum(1 for row in texts for cell in row if cell and cell.strip()) >= 2


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = float(obj["x0"] + obj["x1"]) / 2
    y = float(obj["top"] + obj["bottom"]) / 2
    return box[0] - _TOLERANCE <= x <= box[2] + _TOLERANCE and box[1] - _TOLERANCE <= y <= box[3] + _TOLERANCE


class _Cell:
    """A grid cell holding text: its row, its box and its text."""

    __slots__ = ("bottom", "row", "text", "x0", "x1")

    def __init__(self, row: int, box: tuple[float, float, float, float], text: str) -> None:
        self.row, self.x0, self.x1, self.bottom, self.text = row, box[0], box[2], box[3], text


class _Columns:
    """The logical columns of a grid, as x-intervals, and the grid's horizontal extent."""

    __slots__ = ("bands", "extent")

    def __init__(self, bands: list[tuple[float, float]], extent: tuple[float, float]) -> None:
        self.bands, self.extent = bands, extent

    def fits(self, extent: tuple[float, float]) -> bool:
        return abs(extent[0] - self.extent[0]) <= 3 and abs(extent[1] - self.extent[1]) <= 3

    def spanned(self, cell: _Cell) -> list[int]:
        """The bands a cell covers more than half of: the columns a merged cell spans."""
        return [i for i, (x0, x1) in enumerate(self.bands) if min(x1, cell.x1) - max(x0, cell.x0) > 0.5 * (x1 - x0)]

    def index(self, cell: _Cell) -> int | None:
        """The band the cell overlaps most, ``None`` if it overlaps none."""
        best, best_overlap = None, 0.0
        for i, (x0, x1) in enumerate(self.bands):
            overlap = min(x1, cell.x1) - max(x0, cell.x0)
            if overlap > best_overlap + _TOLERANCE:
                best, best_overlap = i, overlap
        return best


def _grid_rows(
    table: Any, carry: _Columns | None
) -> tuple[list[tuple[float, tuple[str, ...], frozenset[int]]], _Columns | None]:
    """Each row of a grid as its cells under the grid's logical columns; spanned positions blank.

    The logical columns are the header's lowest cells (a header cell with no other under it),
    so a figure whose box starts a thin spacer column early or late (Excel exports draw many)
    still lands under its header. A grid without a header (the next page of a table) takes the
    columns of the grid before it when they line up. Rows a taller cell spans (a code beside
    its figure printed one ruled row lower) are one row.
    """
    texts: list[list[str | None]] = table.extract()
    rows = table.rows
    cells = [
        _Cell(r, box, text)
        for r, (row, printed) in enumerate(zip(rows, texts, strict=False))
        for box, raw in zip(row.cells, printed, strict=False)
        if box is not None and (text := _clean(raw))
    ]
    if not cells:
        return [], carry
    body_rows = sorted({c.row for c in cells if _FIGURE.fullmatch(c.text) or CODE_CELL.fullmatch(c.text)})
    first_body = body_rows[0] if body_rows else len(rows)
    header = [c for c in cells if c.row < first_body]
    extent = (table.bbox[0], table.bbox[2])
    columns = _header_columns(header, extent)
    if columns is None and carry is not None and carry.fits(extent):
        columns = carry
    if columns is None or not _places_every_cell(columns, cells):
        columns = _start_columns(cells, extent)
    grid: list[list[str]] = [[""] * len(columns.bands) for _ in rows]
    covered: list[set[int]] = [set() for _ in rows]
    for cell in cells:
        # A merged cell prints at the first column it spans, as extracted text has it.
        spanned = columns.spanned(cell)
        index = spanned[0] if len(spanned) > 1 else columns.index(cell)
        assert index is not None
        grid[cell.row][index] = cell.text
        covered[cell.row].update(k for k in spanned if k != index)
    out: list[tuple[float, tuple[str, ...], frozenset[int]]] = []
    merged_into: dict[int, int] = {}
    for cell in cells:
        # A body cell reaching below its row takes the rows it spans, where they fill its row's gaps.
        if cell.row < first_body or cell.row in merged_into:
            continue
        for below in range(cell.row + 1, len(rows)):
            if rows[below].bbox[1] >= cell.bottom - _TOLERANCE or below in merged_into:
                break
            target, source = grid[cell.row], grid[below]
            if any(a and b for a, b in zip(target, source, strict=True)):
                break
            grid[cell.row] = [a or b for a, b in zip(target, source, strict=True)]
            grid[below] = [""] * len(source)
            merged_into[below] = cell.row
    for r, row in enumerate(rows):
        if any(grid[r]):
            out.append((row.bbox[1], tuple(grid[r]), frozenset(covered[r])))
    return out, columns


def _header_columns(header: list[_Cell], extent: tuple[float, float]) -> _Columns | None:
    """Columns from the header's lowest cells, or ``None`` where they overlap (no clean header)."""
    leaves = [
        c
        for c in header
        if not any(o.row > c.row and o.x0 >= c.x0 - _TOLERANCE and o.x1 <= c.x1 + _TOLERANCE for o in header)
    ]
    if len(leaves) < 2:
        return None
    bands = sorted({(c.x0, c.x1) for c in leaves})
    if any(b[0] < a[1] - _TOLERANCE for a, b in itertools.pairwise(bands)):
        return None
    return _Columns(bands, extent)


def _start_columns(cells: list[_Cell], extent: tuple[float, float]) -> _Columns:
    """Columns where text starts, each running to the next: the grid as ruled, without empty columns."""
    starts = sorted({round(c.x0, 1) for c in cells})
    ends = [*starts[1:], extent[1] + 1]
    return _Columns([(a, b) for a, b in zip(starts, ends, strict=True)], extent)


def _places_every_cell(columns: _Columns, cells: list[_Cell]) -> bool:
    """Whether every cell falls under a column and no two cells of a row under the same one."""
    taken: set[tuple[int, int]] = set()
    for cell in cells:
        index = columns.index(cell)
        if index is None or (cell.row, index) in taken:
            return False
        taken.add((cell.row, index))
    return True


def _clean(text: str | None) -> str:
    """A cell's text on one line: inner line breaks joined as the script wants."""
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    if not parts:
        return ""
    joined = parts[0]
    for part in parts[1:]:
        glue = "" if _CJK.search(joined[-1]) or _CJK.search(part[0]) else " "
        joined += glue + part
    return joined.replace("\t", " ")


_TEXT_STRATEGY: Final = {"vertical_strategy": "text", "horizontal_strategy": "text"}
_SENTENCE: Final = re.compile(r"[，。；]|\d万元")
"""Punctuation of sentences, or a figure with its unit in one word: running text, not a row."""
_META: Final = re.compile(r"单位[:：]|部门[:：]|^注[:：]|^说明[:：]")


def _text_grids(
    page: Any, carry: _Columns | None
) -> tuple[
    list[tuple[float, tuple[str, ...], frozenset[int]]], list[tuple[float, float, float, float]], _Columns | None
]:
    """Tables printed without ruling, or ruled only across (三线表), on a page with no ruled grid.

    Each run of lines between titles, notes and prose that prints figures on two lines or more is
    a table. Its columns are where its words align (pdfplumber's ``text`` strategy); each word of
    each line of the run, header lines included, is then placed under the column it overlaps most
    — whole, never cut — and a header word over several columns spans them. A run that starts with
    figures (a table going on from the page before) keeps the columns of the table before, so a
    column blank on this page still has its place. Returns the rows, the runs' boxes and the columns.
    """
    rows: list[tuple[float, tuple[str, ...], frozenset[int]]] = []
    boxes: list[tuple[float, float, float, float]] = []
    run: list[tuple[float, float, list[dict[str, Any]]]] = []
    lines = _word_lines(page)
    first_top = lines[0][0] if lines else 0.0
    for top, bottom, words in [*lines, (0.0, 0.0, [])]:
        text = "".join(str(w["text"]) for w in words)
        figures = any(_FIGURE.fullmatch(w["text"]) for w in words)
        if words and (_is_prose(words, text) or (not figures and (_META.search(text) or text.endswith("表")))):
            words = []  # a title, the unit or department over a table, a note or prose: no row of a table
        if words:
            run.append((top, bottom, words))
            continue
        figure_lines = sum(1 for *_, ws in run if any(_FIGURE.fullmatch(w["text"]) for w in ws))
        # a table going on from the page before starts the page with figures
        continues = bool(run) and run[0][0] == first_top and _figures(run[0][2]) > 0
        columns: _Columns | None = None
        box = (page.bbox[0], run[0][0] - _TOLERANCE, page.bbox[2], run[-1][1] + _TOLERANCE) if run else None
        if figure_lines >= 1 and continues and carry is not None:
            columns = carry
        elif figure_lines >= 2 and box is not None:
            found = [t for t in page.crop(box).find_tables(_TEXT_STRATEGY) if _is_grid(t)]
            edges = sorted({round(x, 1) for t in found for c in t.cells for x in (c[0], c[2])})
            if len(edges) >= 3:
                columns = _Columns(_header_split(_data_bands(edges, run), run), (edges[0], edges[-1]))
        elif figure_lines == 1 and not continues and len(run) >= 2 and _figures(run[-1][2]) >= 2:
            columns = _leaf_columns(run)  # one row under its header: too few lines for aligned edges
        if box is not None and columns is not None:
            rows.extend(_placed_words(line_top, line_bottom, words_, columns) for line_top, line_bottom, words_ in run)
            boxes.append((page.bbox[0], box[1], page.bbox[2], box[3]))
            carry = columns
        run = []
    return rows, boxes, carry


def _figures(words: Sequence[dict[str, Any]]) -> int:
    return sum(1 for w in words if _FIGURE.fullmatch(w["text"]))


def _leaf_columns(run: Sequence[tuple[float, float, list[dict[str, Any]]]]) -> _Columns | None:
    """Columns of a table of one row under its header: the extents of its lowest words (a header word
    over two words of other lines heads a group, not a column), those overlapping or nearer than a
    character merged, the boundaries midway between them."""
    words = [(float(w["x0"]), float(w["x1"]), n) for n, (_, _, ws) in enumerate(run) for w in ws]
    leaves = sorted(
        (x0, x1) for x0, x1, n in words if sum(1 for a, b, m in words if m != n and x0 <= (a + b) / 2 <= x1) < 2
    )
    # A figure printed right under a centred header may miss it by less than a character: one column.
    size = min((float(w["bottom"] - w["top"]) for _, _, ws in run for w in ws), default=0.0)
    clusters: list[list[float]] = []
    for x0, x1 in leaves:
        if clusters and x0 <= clusters[-1][1] + size:
            clusters[-1][1] = max(clusters[-1][1], x1)
        else:
            clusters.append([x0, x1])
    if len(clusters) < 2:
        return None
    bounds = [clusters[0][0] - _TOLERANCE]
    bounds += [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(clusters)]
    bounds.append(clusters[-1][1] + _TOLERANCE)
    return _Columns(list(itertools.pairwise(bounds)), (bounds[0], bounds[-1]))


def _is_prose(words: Sequence[dict[str, Any]], text: str) -> bool:
    """A line of running text, however justified: sentence punctuation (，。；), or a figure followed
    by the unit it is counted in (2,388.04 万元) — a table prints the unit once, over the table."""
    if _SENTENCE.search(text):
        return True
    return any(
        _FIGURE.fullmatch(left["text"]) and str(right["text"]).startswith(("万元", "亿元", "元"))
        for left, right in itertools.pairwise(words)
    )


def _data_bands(
    edges: Sequence[float], run: Sequence[tuple[float, float, list[dict[str, Any]]]]
) -> list[tuple[float, float]]:
    """Columns from the aligned edges, each boundary moved to the middle of the gap between the
    figures and names of the two columns: a header centred over right-aligned figures (金额) starts
    left of them, but nearer them than the names beside."""
    data = [w for _, _, words in run if any(_FIGURE.fullmatch(w["text"]) for w in words) for w in words]
    spans = []
    for x0, x1 in itertools.pairwise(edges):
        inside = [w for w in data if x0 <= (w["x0"] + w["x1"]) / 2 < x1]
        spans.append((min(w["x0"] for w in inside), max(w["x1"] for w in inside)) if inside else (x0, x1))
    bounds = [edges[0]]
    for k, ((_, left_end), (right_start, _)) in enumerate(itertools.pairwise(spans)):
        middle = (left_end + right_start) / 2
        bounds.append(middle if bounds[-1] < middle < edges[k + 2] else edges[k + 1])
    bounds.append(edges[-1])
    return list(itertools.pairwise(bounds))


def _header_split(
    bands: list[tuple[float, float]], run: Sequence[tuple[float, float, list[dict[str, Any]]]]
) -> list[tuple[float, float]]:
    """Bands split where a header line prints two words far apart in one band: a column no figure
    is printed in (上缴上级支出 beside 项目支出) still heads a column of its own, so neither header
    takes the other's name."""
    header = list(itertools.takewhile(lambda line: not any(_FIGURE.fullmatch(w["text"]) for w in line[2]), run))
    # Headers of columns right of the last figure (事业收入, 其他收入 where every row is blank there)
    # are columns too: each group of overlapping header words beyond the figures is one.
    beyond = sorted(
        (float(w["x0"]), float(w["x1"])) for _, _, words in header for w in words if w["x0"] >= bands[-1][1]
    )
    groups: list[list[float]] = []
    for x0, x1 in beyond:
        if groups and x0 <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], x1)
        else:
            groups.append([x0, x1])
    if groups:
        ends = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(groups)] + [groups[-1][1] + _TOLERANCE]
        bands = [*bands, *itertools.pairwise([bands[-1][1], *ends])]
    splits: set[float] = set()
    for _, _, words in header:
        for left, right in itertools.pairwise(words):
            size = max(float(left["bottom"] - left["top"]), 1.0)
            same_band = any(x0 <= left["x0"] and right["x1"] <= x1 for x0, x1 in bands)
            if same_band and right["x0"] - left["x1"] > 2.5 * size:
                splits.add(round((left["x1"] + right["x0"]) / 2, 1))
    if not splits:
        return bands
    edges = sorted({*(x for band in bands for x in band), *splits})
    return list(itertools.pairwise(edges))


def _placed_words(
    top: float, bottom: float, words: Sequence[dict[str, Any]], columns: _Columns
) -> tuple[float, tuple[str, ...], frozenset[int]]:
    """A line's words under the columns: each whole word under the column it overlaps most (the
    nearest where it overlaps none), words of one column joined; a word over several spans them."""
    cells = [""] * len(columns.bands)
    covered: set[int] = set()
    for word in words:
        cell = _Cell(0, (word["x0"], top, word["x1"], bottom), str(word["text"]))
        spanned = columns.spanned(cell)
        index = spanned[0] if len(spanned) > 1 else columns.index(cell)
        if index is None:
            middle = (cell.x0 + cell.x1) / 2
            index = min(range(len(columns.bands)), key=lambda k: abs(sum(columns.bands[k]) / 2 - middle))
        glue = "" if not cells[index] or (_CJK.search(cells[index][-1]) and _CJK.search(cell.text[0])) else " "
        cells[index] += glue + cell.text
        covered.update(k for k in spanned if k != index)
    return top, tuple(cells), frozenset(covered)


def _word_lines(page: Any) -> list[tuple[float, float, list[dict[str, Any]]]]:
    """Words grouped into lines by vertical overlap (not a fixed tolerance): (top, bottom, words by x)."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
    words.sort(key=lambda w: (w["top"], w["x0"]))
    lines: list[list[dict[str, Any]]] = []
    spans: list[tuple[float, float]] = []
    for word in words:
        top, bottom = word["top"], word["bottom"]
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            line_top, line_bottom = spans[i]
            overlap = min(bottom, line_bottom) - max(top, line_top)
            if overlap > 0.5 * min(bottom - top, line_bottom - line_top):
                lines[i].append(word)
                spans[i] = (min(top, line_top), max(bottom, line_bottom))
                break
        else:
            lines.append([word])
            spans.append((top, bottom))
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    return [(top, bottom, line) for line, (top, bottom) in zip(lines, spans, strict=True)]


def _text_lines(page: Any) -> list[tuple[float, float, str]]:
    """The page's text as lines: (top, left, text)."""
    return [(top, words[0]["x0"], _join_words(words)) for top, _, words in _word_lines(page)]


def _join_words(words: Sequence[dict[str, Any]]) -> str:
    """Words of a line as text: a wide gap is a tab (columns of a layout without ruling), a narrow
    one a space unless both sides are CJK."""
    text = str(words[0]["text"])
    for previous, word in itertools.pairwise(words):
        gap = word["x0"] - previous["x1"]
        size = max(previous["bottom"] - previous["top"], 1.0)
        if gap > 2.5 * size:
            text += "\t"
        elif gap > 0.15 * size and not (_CJK.search(previous["text"][-1]) and _CJK.search(word["text"][0])):
            text += " "
        text += word["text"]
    return text
