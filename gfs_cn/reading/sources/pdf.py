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
from gfs_cn.reading.model import CODE_CELL, Line
from gfs_cn.reading.sources.columns import (
    CJK,
    FIGURE,
    TOLERANCE,
    Cell,
    Columns,
    breaks_run,
    data_bands,
    figures,
    header_split,
    leaf_columns,
    place_run,
)

__all__ = ["PdfMissingError", "PdfPages", "read_pdf"]

# 12, - 12 -, 第12页, — 1 2 — (digits spaced out).
_PAGE_NUMBER: Final = re.compile(r"[-—－]?\s*(?:第\s*)?\d(?: ?\d){0,3}\s*(?:页)?\s*[-—－]?")


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
            carry: Columns | None = None
            for index, page in enumerate(pdf.pages):
                page_number = first_page + index
                _restore_baselines(page)
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


# Where a glyph's box sits around its baseline in a font with sound metrics (descent ~0.2 of the size).
_DESCENT: Final = 0.22


def _restore_baselines(page: Any) -> None:
    """Characters placed by their baseline where their font's metrics put the box wholly below it.

    Some producers embed fonts (often the one for digits and punctuation) whose ascent is 0 and descent
    the whole size: the year of a title, every 、 and every figure then sit a line below the text they
    belong to, and the reading order breaks. A box whose top does not rise above its baseline is such a
    box (a sound font gives every glyph, a comma too, the font's full height): it is moved to where a
    sound font would put it, in place, before tables and lines are found."""
    for char in page.chars:
        matrix = char.get("matrix")
        if not matrix or matrix[1] or matrix[2] or matrix[0] <= 0 or matrix[3] <= 0:
            continue  # rotated or mirrored text: left as it is
        size = char["y1"] - char["y0"]
        baseline = matrix[5]
        if size <= 0 or char["y1"] > baseline + 0.1 * size:
            continue
        shift = baseline - _DESCENT * size - char["y0"]
        char["y0"] += shift
        char["y1"] += shift
        char["top"] -= shift
        char["bottom"] -= shift
        char["doctop"] -= shift


# What a label running into the next cell leaves there: characters of words, brackets, blanks.
_OVERFLOW: Final = re.compile(r"[^\d.,\-]")
_LABEL_END: Final = re.compile(r"[\u4e00-\u9fff(（]$")
# Word characters among the digits of a code (险50缴5费01: 50501 under …保险缴费's tail): an overlap, never a
# code printed before its name (30201办公费) nor a name with a number in it.
_INTERLEAVED: Final = re.compile(r"^[\u4e00-\u9fff]+\d|\d[\u4e00-\u9fff]+\d")


def _overflowed(cells: tuple[str, ...]) -> tuple[str, ...]:
    """A label printed wider than its cell gives its last characters back (…对个人和家庭的补 | 助0.00).

    Where a label runs on into the amount cell beside it, the cell holds the label's tail and the
    figure, interleaved where they overlap (算0的.0项0 目 is 算的项目 over 0.00). When the cell without
    its word characters is a figure, and the cell before it ends in a word, the characters go back to
    the label, in their order, and the cell keeps the figure — or the code, where the label's tail lies among
    a code's digits."""
    if not any(CJK.search(c) and ("." in c or _INTERLEAVED.search(c)) for c in cells[1:]):
        return cells  # no cell mixes words and a figure or code: the common case, at once
    out = list(cells)
    for i in range(1, len(out)):
        text = out[i]
        if not CJK.search(text) or not _LABEL_END.search(out[i - 1]):
            continue
        figure = _OVERFLOW.sub("", text)
        tail = "".join(_OVERFLOW.findall(text)).replace(" ", "")
        code = CODE_CELL.fullmatch(figure) is not None and _INTERLEAVED.search(text) is not None
        if tail and CJK.search(tail) and (FIGURE.fullmatch(figure) or code):
            out[i - 1], out[i] = out[i - 1] + tail, figure
    return tuple(out)


_Item = tuple[tuple[str, ...], frozenset[int] | None]
"""A line of a page: its cells, and the positions a cell spans into from the left (grid rows only)."""


def _page_items(page: Any, carry: Columns | None) -> tuple[list[_Item], Columns | None]:
    """The page's lines, top to bottom (a grid row as its cells, a text line as one cell), and
    the columns of its last grid, for a grid continued on the next page without its header."""
    grids = sorted((t for t in page.find_tables() if _is_grid(t)), key=lambda t: t.bbox[1])
    placed: list[tuple[float, float, _Item]] = []
    for table in grids:
        rows, carry = _grid_rows(table, carry, page)
        placed.extend((top, 0.0, (_overflowed(cells), covered)) for top, cells, covered in rows)
    boxes = [t.bbox for t in grids]
    if grids:
        outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
        texts = _text_lines(_word_lines(outside))
    else:
        # The words are found once: runs of them become tables, the other lines stay text.
        word_lines = _word_lines(page)
        text_rows, boxes, carry = _text_grids(page, carry, word_lines)
        placed.extend((top, 0.0, (_overflowed(cells), covered)) for top, cells, covered in text_rows)
        texts = _text_lines(
            [line for line in word_lines if not any(box[1] <= (line[0] + line[1]) / 2 <= box[3] for box in boxes)]
        )
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
    return box[0] - TOLERANCE <= x <= box[2] + TOLERANCE and box[1] - TOLERANCE <= y <= box[3] + TOLERANCE


def _grid_rows(
    table: Any, carry: Columns | None, page: Any = None
) -> tuple[list[tuple[float, tuple[str, ...], frozenset[int]]], Columns | None]:
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
        Cell(r, box, text)
        for r, (row, printed) in enumerate(zip(rows, texts, strict=False))
        for box, raw in zip(row.cells, printed, strict=False)
        if box is not None and (text := _clean(raw))
    ]
    if not cells:
        return [], carry
    if page is not None:
        cells = _rejoined(cells, page)
    body_rows = sorted({c.row for c in cells if FIGURE.fullmatch(c.text) or CODE_CELL.fullmatch(c.text)})
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
            if rows[below].bbox[1] >= cell.bottom - TOLERANCE or below in merged_into:
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


def _rejoined(cells: list[Cell], page: Any) -> list[Cell]:
    """Cells with a figure a ruling line runs through made one again (267.8 | 0 is 267.80): where the
    page prints one word across the two cells' boundary, never merely because they sit side by side."""
    ordered = sorted(cells, key=lambda c: (c.row, c.x0))
    pairs = [
        (a, b)
        for a, b in itertools.pairwise(ordered)
        if a.row == b.row and abs(b.x0 - a.x1) <= 2 * TOLERANCE and _SPLIT_LEFT.search(a.text) and b.text[:1].isdigit()
    ]
    if not pairs:
        return cells
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
    gone: set[int] = set()
    for a, b in pairs:
        joined = a.text + b.text
        if any(w["text"] == joined and w["x0"] < a.x1 < w["x1"] and w["top"] < a.bottom for w in words):
            a.text = joined
            gone.add(id(b))
    return [c for c in cells if id(c) not in gone]


_SPLIT_LEFT: Final = re.compile(r"[\d.,]$")


def _header_columns(header: list[Cell], extent: tuple[float, float]) -> Columns | None:
    """Columns from the header's lowest cells, or ``None`` where they overlap (no clean header)."""
    leaves = [
        c
        for c in header
        if not any(o.row > c.row and o.x0 >= c.x0 - TOLERANCE and o.x1 <= c.x1 + TOLERANCE for o in header)
    ]
    if len(leaves) < 2:
        return None
    bands = sorted({(c.x0, c.x1) for c in leaves})
    if any(b[0] < a[1] - TOLERANCE for a, b in itertools.pairwise(bands)):
        return None
    return Columns(bands, extent)


def _start_columns(cells: list[Cell], extent: tuple[float, float]) -> Columns:
    """Columns where text starts, each running to the next: the grid as ruled, without empty columns."""
    starts = sorted({round(c.x0, 1) for c in cells})
    ends = [*starts[1:], extent[1] + 1]
    return Columns([(a, b) for a, b in zip(starts, ends, strict=True)], extent)


def _places_every_cell(columns: Columns, cells: list[Cell]) -> bool:
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
        glue = "" if CJK.search(joined[-1]) or CJK.search(part[0]) else " "
        joined += glue + part
    return joined.replace("\t", " ")


_TEXT_STRATEGY: Final = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def _text_grids(
    page: Any, carry: Columns | None, lines: list[tuple[float, float, list[dict[str, Any]]]]
) -> tuple[
    list[tuple[float, tuple[str, ...], frozenset[int]]], list[tuple[float, float, float, float]], Columns | None
]:
    """Tables printed without ruling, or ruled only across (三线表), on a page with no ruled grid.

    Each run of lines between titles, notes and prose that prints figures on two lines or more is
    a table. Its columns are where its words align (pdfplumber's ``text`` strategy); each word of
    each line of the run, header lines included, is then placed under the column it overlaps most
    — whole, never cut — and a header word over several columns, or centred over a group of them,
    spans them (:func:`~gfs_cn.reading.sources.columns.place_run`). A table of one row under its header takes
    its columns from the header's lowest words. A run that starts the page with figures (a table
    going on from the page before) keeps the columns of the table before, so a column blank on this
    page still has its place. Returns the rows, the runs' boxes and the columns.
    """
    rows: list[tuple[float, tuple[str, ...], frozenset[int]]] = []
    boxes: list[tuple[float, float, float, float]] = []
    run: list[tuple[float, float, list[dict[str, Any]]]] = []
    first_top = lines[0][0] if lines else 0.0
    for top, bottom, words in [*lines, (0.0, 0.0, [])]:
        if words and breaks_run(words):
            words = []  # a title, the unit or department over a table, a note or prose: no row of a table
        if words:
            run.append((top, bottom, words))
            continue
        figure_lines = sum(1 for *_, ws in run if figures(ws))
        # a table going on from the page before starts the page with figures
        continues = bool(run) and run[0][0] == first_top and figures(run[0][2]) > 0
        columns: Columns | None = None
        # within the page: pdfplumber refuses to crop past its edges
        box = (
            (
                page.bbox[0],
                max(run[0][0] - TOLERANCE, page.bbox[1]),
                page.bbox[2],
                min(run[-1][1] + TOLERANCE, page.bbox[3]),
            )
            if run
            else None
        )
        if figure_lines >= 1 and continues and carry is not None:
            columns = carry
        elif figure_lines >= 2 and box is not None and box[1] < box[3]:
            found = [t for t in page.crop(box).find_tables(_TEXT_STRATEGY) if _is_grid(t)]
            edges = sorted({round(x, 1) for t in found for c in t.cells for x in (c[0], c[2])})
            if len(edges) >= 3:
                columns = Columns(header_split(data_bands(edges, run), run), (edges[0], edges[-1]))
        elif figure_lines == 1 and not continues and len(run) >= 2 and figures(run[-1][2]) >= 2:
            columns = leaf_columns(run)  # one row under its header: too few lines for aligned edges
        if box is not None and columns is not None:
            rows.extend(place_run(run, columns))
            boxes.append((page.bbox[0], box[1], page.bbox[2], box[3]))
            carry = columns
        run = []
    return rows, boxes, carry


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


def _text_lines(lines: list[tuple[float, float, list[dict[str, Any]]]]) -> list[tuple[float, float, str]]:
    """Lines of words as text: (top, left, text)."""
    return [(top, words[0]["x0"], _join_words(words)) for top, _, words in lines]


def _join_words(words: Sequence[dict[str, Any]]) -> str:
    """Words of a line as text: a wide gap is a tab (columns of a layout without ruling), a narrow
    one a space unless both sides are CJK."""
    text = str(words[0]["text"])
    for previous, word in itertools.pairwise(words):
        gap = word["x0"] - previous["x1"]
        size = max(previous["bottom"] - previous["top"], 1.0)
        if gap > 2.5 * size:
            text += "\t"
        elif gap > 0.15 * size and not (CJK.search(previous["text"][-1]) and CJK.search(word["text"][0])):
            text += " "
        text += word["text"]
    return text
