"""The text source: a text's lines (a form feed starts a page), parsed as they are used, and its bytes decoded.

>>> [(line.number, line.text) for line in split_lines("a\\nb")]
[(1, 'a'), (2, 'b')]
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator, Sequence
from typing import Final, overload

from gfs_cn.reading.model import Line

__all__ = ["TextLines", "decode", "split_lines"]


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
