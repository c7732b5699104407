"""The document model: every source becomes lines of cells, each with its line number and page, cleaned of
what PDF-to-text conversion leaves behind.

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

import re
import sys
import unicodedata
from typing import Final

import attrs

__all__ = ["CODE_CELL", "Line", "compact_text", "is_amount_token"]

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
