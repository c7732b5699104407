"""Words into columns: where a table printed without ruling has its columns, and which column each word is in.

Shared by the PDF reader (words with their boxes on the page) and the reader of space-aligned text
(words with their character columns on the line): both give words as dicts with ``text``, ``x0``,
``x1``, ``top`` and ``bottom``, and lines of words as :data:`Run` items ``(top, bottom, words)``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any, Final

__all__ = [
    "CJK",
    "FIGURE",
    "TOLERANCE",
    "Cell",
    "Columns",
    "Run",
    "Word",
    "breaks_run",
    "data_bands",
    "figures",
    "header_split",
    "is_prose",
    "leaf_columns",
    "place_run",
    "place_words",
]

Word = dict[str, Any]
"""A word: its ``text`` and its box ``x0``, ``x1``, ``top``, ``bottom``."""
Run = Sequence[tuple[float, float, list[Word]]]
"""Lines of words, each as (top, bottom, its words left to right)."""

# CJK ideographs and full-width punctuation: a line break between two of them inside a cell is
# no space (事业单位\n经营收入 = 事业单位经营收入); between Latin letters or digits it is one.
CJK: Final = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’（）]")
TOLERANCE: Final = 1.0
"""Points by which boxes may miss each other and still be taken as aligned."""
FIGURE: Final = re.compile(r"[(（]?-?\d[\d,]*\.\d+[)）]?|\d{1,3}(?:,\d{3})+")
_SENTENCE: Final = re.compile(r"[，。；]|\d万元")
"""Punctuation of sentences, or a figure with its unit in one word: running text, not a row."""
META: Final = re.compile(r"单位[:：]|部门[:：]|^注[:：]|^说明[:：]")
"""A line naming the department, the unit of money or a note: over or under a table, no row of it."""


class Cell:
    """A grid cell holding text: its row, its box and its text."""

    __slots__ = ("bottom", "row", "text", "x0", "x1")

    def __init__(self, row: int, box: tuple[float, float, float, float], text: str) -> None:
        self.row, self.x0, self.x1, self.bottom, self.text = row, box[0], box[2], box[3], text


class Columns:
    """The logical columns of a grid, as x-intervals, and the grid's horizontal extent."""

    __slots__ = ("bands", "extent")

    def __init__(self, bands: list[tuple[float, float]], extent: tuple[float, float]) -> None:
        self.bands, self.extent = bands, extent

    def fits(self, extent: tuple[float, float]) -> bool:
        return abs(extent[0] - self.extent[0]) <= 3 and abs(extent[1] - self.extent[1]) <= 3

    def spanned(self, cell: Cell) -> list[int]:
        """The bands a cell covers more than half of: the columns a merged cell spans."""
        return [i for i, (x0, x1) in enumerate(self.bands) if min(x1, cell.x1) - max(x0, cell.x0) > 0.5 * (x1 - x0)]

    def index(self, cell: Cell) -> int | None:
        """The band the cell overlaps most, ``None`` if it overlaps none."""
        best, best_overlap = None, 0.0
        for i, (x0, x1) in enumerate(self.bands):
            overlap = min(x1, cell.x1) - max(x0, cell.x0)
            if overlap > best_overlap + TOLERANCE:
                best, best_overlap = i, overlap
        return best


def figures(words: Sequence[Word]) -> int:
    """How many of the words print a figure (1,234.56)."""
    return sum(1 for w in words if FIGURE.fullmatch(w["text"]))


def leaf_columns(run: Run) -> Columns | None:
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
    bounds = [clusters[0][0] - TOLERANCE]
    bounds += [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(clusters)]
    bounds.append(clusters[-1][1] + TOLERANCE)
    return Columns(list(itertools.pairwise(bounds)), (bounds[0], bounds[-1]))


def breaks_run(words: Sequence[Word]) -> bool:
    """Whether a line ends a table's run of lines: prose, or a line without figures that is a title
    (…表) or names the department, the unit or a note (编制部门：, 单位：万元, 注：)."""
    text = "".join(str(w["text"]) for w in words)
    return is_prose(words, text) or (not figures(words) and (bool(META.search(text)) or text.endswith("表")))


def is_prose(words: Sequence[Word], text: str) -> bool:
    """A line of running text, however justified: sentence punctuation (，。；), or a figure followed
    by the unit it is counted in (2,388.04 万元) — a table prints the unit once, over the table."""
    if _SENTENCE.search(text):
        return True
    return any(
        FIGURE.fullmatch(left["text"]) and str(right["text"]).startswith(("万元", "亿元", "元"))
        for left, right in itertools.pairwise(words)
    )


def data_bands(edges: Sequence[float], run: Run) -> list[tuple[float, float]]:
    """Columns from the aligned edges, each boundary moved to the middle of the gap between the
    figures and names of the two columns: a header centred over right-aligned figures (金额) starts
    left of them, but nearer them than the names beside."""
    data = [w for _, _, words in run if any(FIGURE.fullmatch(w["text"]) for w in words) for w in words]
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


def header_split(bands: list[tuple[float, float]], run: Run) -> list[tuple[float, float]]:
    """Bands split where a header line prints two words far apart in one band: a column no figure
    is printed in (上缴上级支出 beside 项目支出) still heads a column of its own, so neither header
    takes the other's name."""
    header = list(itertools.takewhile(lambda line: not any(FIGURE.fullmatch(w["text"]) for w in line[2]), run))
    # Headers of columns right of the last figure (事业收入, 其他收入 where every row is blank there)
    # are columns too: each group of overlapping header words beyond the figures is one.
    beyond = sorted(
        (float(w["x0"]), float(w["x1"])) for _, _, words in header for w in words if _centre(w) >= bands[-1][1]
    )
    groups: list[list[float]] = []
    for x0, x1 in beyond:
        if groups and x0 <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], x1)
        else:
            groups.append([x0, x1])
    if groups:
        ends = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(groups)] + [groups[-1][1] + TOLERANCE]
        bands = [*bands, *itertools.pairwise([bands[-1][1], *ends])]
    splits: set[float] = set()
    for _, _, words in header:
        for left, right in itertools.pairwise(words):
            size = max(float(left["bottom"] - left["top"]), 1.0)
            same_band = any(x0 <= _centre(left) < x1 and x0 <= _centre(right) < x1 for x0, x1 in bands)
            if same_band and right["x0"] - left["x1"] > 2.5 * size:
                splits.add(round((left["x1"] + right["x0"]) / 2, 1))
    if not splits:
        return bands
    edges = sorted({*(x for band in bands for x in band), *splits})
    return list(itertools.pairwise(edges))


def _centre(word: Word) -> float:
    return (float(word["x0"]) + float(word["x1"])) / 2


def place_words(
    top: float, bottom: float, words: Sequence[Word], columns: Columns
) -> tuple[float, tuple[str, ...], frozenset[int]]:
    """A line's words under the columns: each whole word under the column it overlaps most (the
    nearest where it overlaps none), words of one column joined; a word over several spans them."""
    cells = [""] * len(columns.bands)
    covered: set[int] = set()
    for word in words:
        cell = Cell(0, (word["x0"], top, word["x1"], bottom), str(word["text"]))
        spanned = columns.spanned(cell)
        index = spanned[0] if len(spanned) > 1 else columns.index(cell)
        if index is None:
            middle = (cell.x0 + cell.x1) / 2
            index = min(range(len(columns.bands)), key=lambda k: abs(sum(columns.bands[k]) / 2 - middle))
        glue = "" if not cells[index] or (CJK.search(cells[index][-1]) and CJK.search(cell.text[0])) else " "
        cells[index] += glue + cell.text
        covered.update(k for k in spanned if k != index)
    return top, tuple(cells), frozenset(covered)


def place_run(run: Run, columns: Columns) -> list[tuple[float, tuple[str, ...], frozenset[int]]]:
    """Every line of a run under the columns (:func:`place_words`), a heading of the header centred over a
    group of columns spanning the group (财政拨款支出 over 项目 | 合计 | 一般公共预算 …)."""
    placed = [place_words(top, bottom, words, columns) for top, bottom, words in run]
    header = len(list(itertools.takewhile(lambda line: not figures(line[2]), run)))
    for n in range(header):
        below = {columns.index(_box(w)) for _, _, words in run[n + 1 : header] for w in words}
        spans = _heading_spans(run[n][2], columns, below - {None})
        if not spans:
            continue
        top, printed, covered = placed[n]
        cells, joined = list(printed), set(covered)
        for own, first, last in spans:
            if first != own and not cells[first]:
                cells[first], cells[own] = cells[own], ""  # a heading prints at its group's first column
            joined.update(range(first + 1, last + 1))
        placed[n] = (top, tuple(cells), frozenset(joined))
    return placed


def _box(word: Word) -> Cell:
    return Cell(0, (word["x0"], word["top"], word["x1"], word["bottom"]), str(word["text"]))


def _heading_spans(words: Sequence[Word], columns: Columns, below: set[int | None]) -> list[tuple[int, int, int]]:
    """The groups of columns the headings of a header line are centred over, as (the word's column, the
    group's first, its last): for each word, the run of two columns or more around its own that
    no other word of the line is in and that lower header lines head, whose centre is nearest the word's
    — nearer by more than a character than the word's own column."""
    own = [columns.index(_box(w)) for w in words]
    taken = {k for k in own if k is not None}
    spans = []
    for word, k in zip(words, own, strict=True):
        if k is None:
            continue
        # The group whose centre is nearest the word's, if nearer by more than a character than its
        # own column's: a heading over one column (事业单位 over 经营收入) stays there.
        centre, size = _centre(word), max(float(word["bottom"]) - float(word["top"]), 1.0)
        nearest = abs((columns.bands[k][0] + columns.bands[k][1]) / 2 - centre) - size
        best = None
        first = k
        while first - 1 >= 0 and first - 1 not in taken and first - 1 in below:
            first -= 1
        last = k
        while last + 1 < len(columns.bands) and last + 1 not in taken and last + 1 in below:
            last += 1
        for i in range(first, k + 1):
            for j in range(k, last + 1):
                distance = abs((columns.bands[i][0] + columns.bands[j][1]) / 2 - centre)
                if j > i and distance < nearest:
                    best, nearest = (i, j), distance
        if best is not None:
            spans.append((k, *best))
    return spans
