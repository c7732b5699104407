"""Printed forms of classification codes (科目编码) and their canonical form.

Reports print ``2101501`` whole, split into 类/款/项 columns (``210 15 01``,
``210\\t15\\t01``), part-split (``21015 01``), in full-width digits, or with blanks
around. :func:`compact` turns all of these into the canonical digits.

>>> compact(" ２１０　15\\t01 ")
'2101501'
"""

from __future__ import annotations

import enum

from gfs_cn.errors import InvalidCodeError

__all__ = ["Level", "compact"]

# Full-width digits become ASCII; every kind of blank a PDF extraction produces is deleted.
_PRINTED_TO_CANONICAL = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, **dict.fromkeys(" \t\n\r\u3000\u00a0\u2002\u2003\u2009")}
)


class Level(enum.Enum):
    """Level of a code in its classification: 类 (3 digits), 款 (5), 项 (7)."""

    CLASS = 3
    SECTION = 5
    ITEM = 7

    @property
    def label(self) -> str:
        """The Chinese term: 类, 款 or 项."""
        return _LEVEL_LABELS[self]

    @property
    def digits(self) -> int:
        """How many digits a code of this level has."""
        return self.value

    @classmethod
    def of(cls, code: str) -> Level:
        """The level of a canonical code, by its length.

        >>> Level.of("21015").label
        '款'
        """
        return cls(len(code))


_LEVEL_LABELS = {Level.CLASS: "类", Level.SECTION: "款", Level.ITEM: "项"}


def compact(code: object, *, lengths: tuple[int, ...] = (3, 5, 7), scheme: str = "functional") -> str:
    """Canonical digits of a printed code; :class:`InvalidCodeError` says why not.

    ``lengths`` are the digit counts the classification allows; ``scheme`` names
    the classification in the error message.

    >>> compact("21015 01")
    '2101501'
    >>> compact("2101")
    Traceback (most recent call last):
    ...
    gfs_cn.errors.InvalidCodeError: '2101' is not a functional code: it has 4 digits; a functional code has 3, 5 or 7
    """
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if not isinstance(code, str):
        raise InvalidCodeError(code, f"a code is text, not {type(code).__name__}", scheme=scheme)
    digits = code.translate(_PRINTED_TO_CANONICAL)
    if digits == code:
        digits = code  # the printed string itself: no copy of it per row
    if not (digits.isascii() and digits.isdigit()):
        if not digits:
            raise InvalidCodeError(code, "it is blank", scheme=scheme)
        position, char = next((i, c) for i, c in enumerate(digits) if not ("0" <= c <= "9"))
        raise InvalidCodeError(code, f"{char!r} at position {position + 1} is not a digit", scheme=scheme)
    if len(digits) not in lengths:
        allowed = ", ".join(str(n) for n in lengths[:-1]) + f" or {lengths[-1]}"
        raise InvalidCodeError(code, f"it has {len(digits)} digits; a {scheme} code has {allowed}", scheme=scheme)
    return digits
