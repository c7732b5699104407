"""Lines and cells of extracted text, cleaned of what PDF-to-text conversion leaves behind.

Extraction leaves Markdown headings (``## 二、收入决算表``), HTML (``<p>``, checkbox inputs),
emphasis (``**备注：**``) and blanks of every width. A :class:`Line` keeps the raw text and
its tab-separated cells with that residue removed; nothing else is changed.

>>> line = Line.parse(7, "## 二、收入决算表")
>>> line.text, line.cells
('二、收入决算表', ('二、收入决算表',))
>>> Line.parse(8, "210\\t15\\t01\\t行政运行\\t1,054.47 ").cells
('210', '15', '01', '行政运行', '1,054.47')
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from typing import Final, overload

import attrs

__all__ = ["CODE_CELL", "Line", "TextLines", "compact_text", "decode", "is_amount_token", "split_lines"]

_MARKUP: Final = re.compile(r"<input[^>]*\bchecked\b[^>]*>|<[^>]+>|\*\*|^#+\s*")
_CHECKED: Final = re.compile(r"<input[^>]*\bchecked\b[^>]*>")
# An amount as printed: digits with separators and a decimal part, or grouped thousands.
_AMOUNT: Final = re.compile(r"^[(（]?[-－]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:[.．]\d+)?[)）]?$")
_HAS_DECIMALS_OR_GROUPS: Final = re.compile(r"[.．,，]")
CODE_CELL: Final = re.compile(r"\d{3}(?:\d{2}){0,2}")
"""A cell printing a whole code of a classification: 3, 5 or 7 digits (类, 款, 项)."""


def compact_text(text: str) -> str:
    """Text as compared with registries: NFKC (full-width to half-width), no blanks at all.

    >>> compact_text("收 入 总 计"), compact_text("事业收入 (不含教育 收费)")
    ('收入总计', '事业收入(不含教育收费)')
    """
    return "".join(unicodedata.normalize("NFKC", text).split())


def is_amount_token(cell: str) -> bool:
    """Whether a cell prints an amount (``0.00``, ``2,311.07``, ``(1.50)``) rather than a count or a code.

    Row numbers (行次), codes and years are bare integers; amounts in these tables always
    carry decimals or thousands separators.

    >>> [is_amount_token(c) for c in ("2,311.07", "0.00", "12", "2101501", "≥90%", "(1.50)")]
    [True, True, False, False, False, True]
    """
    text = cell.strip()
    return bool(_AMOUNT.match(text)) and bool(_HAS_DECIMALS_OR_GROUPS.search(text))


def _clean(cell: str) -> str:
    if "<" in cell or "*" in cell or "#" in cell:  # most cells carry no markup: skip the patterns
        # A ticked checkbox is the one piece of HTML that carries meaning: keep it as ☑.
        cell = _CHECKED.sub("☑", cell)
        cell = _MARKUP.sub("", cell)
    return cell.strip().strip("\u3000").strip()


@attrs.frozen(slots=True)
class Line:
    """One line of the document model: its 1-based number, raw text, cleaned text and cells, and
    the page it was printed on where the source has pages."""

    number: int
    raw: str
    text: str
    cells: tuple[str, ...]
    page: int | None = None
    covered: frozenset[int] | None = None
    """For a row of a ruled grid, the blank positions a cell to their left spans (its span is known,
    not guessed); ``None`` where the source does not say (text)."""

    @classmethod
    def parse(cls, number: int, raw: str, page: int | None = None, covered: frozenset[int] | None = None) -> Line:
        """Clean a raw line and split it into tab-separated cells (trailing empty cells dropped)."""
        # Interned: a name or code printed in many tables and reports is held once.
        cells = [sys.intern(_clean(c)) for c in raw.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        text = "\t".join(cells).strip()
        return cls(number, raw, text, tuple(cells), page, covered)

    @property
    def blank(self) -> bool:
        """Whether the line holds nothing once cleaned."""
        return not self.text

    @property
    def has_cells(self) -> bool:
        """Whether the line is tab-separated into more than one non-empty cell."""
        return sum(1 for c in self.cells if c) > 1

    @property
    def compact(self) -> str:
        """The cleaned text in compared form (see :func:`compact_text`)."""
        return compact_text(self.text)

    def amount_tokens(self) -> list[str]:
        """The cells of the line that print amounts."""
        return [c for c in self.cells if is_amount_token(c)]


def split_lines(text: str, *, first_line: int = 1, first_page: int = 1) -> list[Line]:
    """Every line of a text, numbered from ``first_line``: lines end at ``\\n`` only (``\\r\\n`` too);
    a form feed ``\\f`` starts a new page, within a line or alone on one. A text without a form feed (and
    not numbered on from an earlier file's pages) has no pages: ``page`` is ``None``.

    >>> [(line.number, line.page, line.text) for line in split_lines("a\\fb\\nc\\r\\n")]
    [(1, 2, 'ab'), (2, 2, 'c')]
    """
    return list(TextLines(text, first_line=first_line, first_page=first_page))


class TextLines(Sequence[Line]):
    """The lines of a text, as :func:`split_lines` numbers them, each parsed when it is used.

    It holds the text and where each line starts (4 bytes a line), and keeps only the lines used
    last, so reading a large text never holds all its lines at once.

    >>> lines = TextLines("a\\fb\\nc\\r\\n", first_line=5)
    >>> len(lines), [(line.number, line.page, line.text) for line in lines]
    (2, [(5, 2, 'ab'), (6, 2, 'c')])
    """

    __slots__ = ("_cache", "_first_line", "_first_page", "_paged", "_pages", "_starts", "_text")

    _CACHED: Final = 4096
    """Lines kept once parsed: the reader looks a few lines ahead and back, never far."""

    def __init__(self, text: str, *, first_line: int = 1, first_page: int = 1) -> None:
        if text.endswith("\n"):
            text = text[:-1]
        starts = array("I" if len(text) < 2**32 - 1 else "q", [0])  # 4 bytes a line where that holds
        find = text.find
        position = find("\n")
        while position >= 0:
            starts.append(position + 1)
            position = find("\n", position + 1)
        starts.append(len(text) + 1)
        pages = array("q")
        position = find("\f")
        while position >= 0:
            pages.append(position)
            position = find("\f", position + 1)
        self._text = text
        self._starts = starts
        self._pages = pages
        self._first_line = first_line
        self._first_page = first_page
        self._paged = bool(pages) or first_page > 1
        self._cache: dict[int, Line] = {}

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | list[Line]:
        if isinstance(index, slice):
            return [self._line(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._line(index)

    def __iter__(self) -> Iterator[Line]:
        for index in range(len(self)):
            yield self._line(index)

    @property
    def page_count(self) -> int:
        """How many pages the text has (a form feed starts a page)."""
        return len(self._pages) + 1

    def _line(self, index: int) -> Line:
        line = self._cache.get(index)
        if line is None:
            start, end = self._starts[index], self._starts[index + 1] - 1
            raw = self._text[start:end]
            # a form feed within a line or before it starts the line's page, as split_lines counts
            # A text with no form feed has no pages to tell (not everything on page 1).
            page = self._first_page + bisect.bisect_left(self._pages, end) if self._paged else None
            if "\f" in raw:
                raw = raw.replace("\f", "")
            line = Line.parse(self._first_line + index, raw.rstrip("\r"), page=page)
            if len(self._cache) >= self._CACHED:
                self._cache.clear()
            self._cache[index] = line
        return line


_BOMS: Final = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes, encoding: str | None = None) -> str:
    """Text from a file's bytes: ``encoding`` if given, else by its byte-order mark, else UTF-8,
    else GB18030 (which every GBK/GB2312 file also is), else UTF-16 without a mark.

    >>> decode("部门预算".encode("gb18030")), decode("部门预算".encode("utf-16"))
    ('部门预算', '部门预算')
    """
    if encoding is not None:
        return data.decode(encoding)
    for mark, name in _BOMS:
        if data.startswith(mark):
            return data.decode(name)
    if data[1:200:2].count(0) > 50 or data[0:200:2].count(0) > 50:  # UTF-16 without a mark
        return data.decode("utf-16-le" if data[1:200:2].count(0) > data[0:200:2].count(0) else "utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")
