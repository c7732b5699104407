"""Space-aligned text (``pdftotext -layout``, pdfplumber's ``extract_text(layout=True)``) into lines of cells.

Such text keeps each word at the column of the page it was printed at and separates cells by spaces
only, so a blank cell leaves no trace but its width. Each run of lines that prints figures is read
as a table: its columns are where its words align (a column's figures end at one position, its
names start at one), the boundaries are moved between the columns' contents, header words are
placed whole under the column they overlap most, and a header word over several columns spans
them. The lines come out as tab-separated cells, the form the rest of the reader reads.

>>> from gfs_cn.reading.sources.text import split_lines
>>> text = "\\n".join(["科目名称        合计    基本支出", "行政运行       12.50       12.50",
...                  "事业运行        3.00", "其他支出        1.00        1.00"])
>>> [line.cells for line in space_aligned(split_lines(text))][1:3]
[('行政运行', '12.50', '12.50'), ('事业运行', '3.00')]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from typing import Final

from gfs_cn.reading.model import CODE_CELL, Line
from gfs_cn.reading.sources.columns import (
    FIGURE,
    Columns,
    Word,
    breaks_run,
    data_bands,
    figures,
    header_split,
    leaf_columns,
    place_run,
)

__all__ = ["is_space_aligned", "space_aligned"]

_WORD: Final = re.compile(r"\S+")
_ALIGNED: Final = 3
"""Words that must share an edge for it to be a column's."""


def is_space_aligned(lines: Sequence[Line]) -> bool:
    """Whether a text separates its cells by spaces only: no line has a tab, and three lines or more
    print two words or more with a figure among them.

    >>> from gfs_cn.reading.sources.text import split_lines
    >>> is_space_aligned(split_lines("合计   1.00   2.00\\n甲   0.50   1.00\\n乙   0.50   1.00")), is_space_aligned(
    ...     split_lines("合计\\t1.00"))
    (True, False)
    """
    tabular = 0
    for line in lines:
        if "\t" in line.raw:
            return False
        words = _words(line.raw)
        if len(words) >= 2 and figures(words):
            tabular += 1
    return tabular >= 3


def space_aligned(lines: Sequence[Line]) -> list[Line]:
    """The lines with every run of table lines cut into cells (see the module); other lines as they were."""
    out = list(lines)
    for run in _runs(lines):
        words = [(float(i), float(i + 1), _words(lines[i].raw)) for i in run]
        columns = _columns(words)
        if columns is None:
            continue
        placed = [(cells, covered) for _, cells, covered in place_run(words, columns)]
        for k in range(len(placed) - 1):
            (upper, upper_spans), (lower, lower_spans) = placed[k], placed[k + 1]
            if _halves(upper, lower) or _wrapped(upper, lower):
                # One row printed on two lines (its name a little above its code and figures, or the
                # head of a long name above the line with its tail): one line.
                joined = tuple(a + b for a, b in zip(upper, lower, strict=True))
                placed[k], placed[k + 1] = (joined, upper_spans | lower_spans), ((), frozenset())
        for i, (cells, covered) in zip(run, placed, strict=True):
            kept = list(cells)
            while kept and not kept[-1]:
                kept.pop()
            line = lines[i]
            text = "\t".join(kept)
            out[i] = Line(line.number, text, text.strip(), tuple(kept), line.page, covered if kept else None)
    return out


def _halves(upper: Sequence[str], lower: Sequence[str]) -> bool:
    """Whether two lines are the halves of one row: nothing in the same column, one has a code and no
    name, the other a name and no code."""
    if not upper or not lower or any(a and b for a, b in zip(upper, lower, strict=True)):
        return False

    def has_code(cells: Sequence[str]) -> bool:
        return any(CODE_CELL.fullmatch(c) for c in cells)

    def has_name(cells: Sequence[str]) -> bool:
        return any(c and not FIGURE.fullmatch(c) and not c.isdigit() for c in cells)

    return (has_code(upper) and not has_name(upper) and has_name(lower) and not has_code(lower)) or (
        has_name(upper) and not has_code(upper) and has_code(lower) and not has_name(lower)
    )


def _wrapped(upper: Sequence[str], lower: Sequence[str]) -> bool:
    """Whether the upper line is the head of the lower line's name (机关事业单位基本养老保险缴 above
    208 05 05 费支出 160.75): the upper prints only names, no code nor figure; the lower a code and
    figures; and no column holds a figure or code on one line and text on the other."""
    if not upper or not lower:
        return False
    if not any(upper) or any(FIGURE.fullmatch(c) or CODE_CELL.fullmatch(c) for c in upper if c):
        return False
    if not (any(CODE_CELL.fullmatch(c) for c in lower) and any(FIGURE.fullmatch(c) for c in lower)):
        return False
    return all(not (a and b) or not (FIGURE.fullmatch(b) or b.isdigit()) for a, b in zip(upper, lower, strict=True))


def _words(raw: str) -> list[Word]:
    """The words of a line, each at its character columns."""
    return [
        {"text": m.group(), "x0": float(m.start()), "x1": float(m.end()), "top": 0.0, "bottom": 1.0}
        for m in _WORD.finditer(raw)
    ]


def _runs(lines: Sequence[Line]) -> Iterator[list[int]]:
    """Indexes of each run of lines between titles, notes, prose and page breaks that prints figures on
    a line or more; blank lines within a run are left out of it."""
    run: list[int] = []
    page = None
    for i, line in enumerate([*lines, None]):
        words = _words(line.raw) if line is not None else []
        if line is not None and line.blank:
            continue
        if line is not None and (line.page == page or not run) and words and not breaks_run(words):
            run.append(i)
            page = line.page
            continue
        if any(figures(_words(lines[k].raw)) for k in run):
            yield run
        run = [i] if line is not None and words and not breaks_run(words) else []
        page = line.page if line is not None else None


def _columns(run: Sequence[tuple[float, float, list[Word]]]) -> Columns | None:
    """The columns of a run: where its words align, or, for one line of figures under its header,
    the header's lowest words."""
    figure_lines = [words for _, _, words in run if figures(words)]
    if len(figure_lines) == 1:
        return leaf_columns(run) if len(run) >= 2 and figures(figure_lines[0]) >= 2 else None
    edges = aligned_edges([w for _, _, words in run for w in words])
    if len(edges) < 3:
        return None
    return Columns(header_split(data_bands(edges, run), run), (edges[0], edges[-1]))


def aligned_edges(words: Sequence[Word], threshold: int = _ALIGNED) -> list[float]:
    """Where columns start, and where the last ends: the extents of groups of ``threshold`` words or
    more sharing a left edge, a right edge or a centre, largest group first, none overlapping another.

    >>> words = [{"x0": 0.0, "x1": 4.0}, {"x0": 0.0, "x1": 2.0}, {"x0": 0.0, "x1": 3.0},
    ...          {"x0": 8.0, "x1": 12.0}, {"x0": 9.0, "x1": 12.0}, {"x0": 10.0, "x1": 12.0}]
    >>> aligned_edges(words)
    [0.0, 8.0, 12.0]
    """
    groups: list[list[Word]] = []
    for key in ("x0", "x1", "centre"):

        def position(word: Word, key: str = key) -> float:
            return (word["x0"] + word["x1"]) / 2 if key == "centre" else float(word[key])

        ordered = sorted(words, key=position)
        for _, same in itertools.groupby(ordered, key=lambda w: round(position(w))):
            members = list(same)
            if len(members) >= threshold:
                groups.append(members)
    kept: list[tuple[float, float]] = []
    for members in sorted(groups, key=len, reverse=True):
        x0, x1 = min(w["x0"] for w in members), max(w["x1"] for w in members)
        if not any(x0 < b and a < x1 for a, b in kept):
            kept.append((x0, x1))
    if not kept:
        return []
    kept.sort()
    return [*(x0 for x0, _ in kept), max(x1 for _, x1 in kept)]
