"""Errors raised by gfs_cn — one hierarchy under :class:`GfsError`.

Every error subclasses :class:`ValueError` (bad input is a bad value), keeps the
offending value as an attribute, and says in its message what the value was and,
where it came from a document, where (table, line, column).

>>> from gfs_cn import functional
>>> try:
...     functional.lookup("21O1501")
... except GfsError as err:
...     print(type(err).__name__, err.value)
InvalidCodeError 21O1501
"""

from __future__ import annotations

__all__ = [
    "AmbiguousNameError",
    "GfsError",
    "InvalidAmountError",
    "InvalidCodeError",
    "ReadError",
    "SchemaError",
    "SourceNotFoundError",
    "UnknownCodeError",
    "UnknownNameError",
    "UnmappedCodeError",
]

import errno
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from gfs_cn.catalog import Subject


class GfsError(ValueError):
    """Base of every gfs_cn error (政府收支分类 errors); a :class:`ValueError`.

    ``where`` names the place the value came from (e.g. ``"支出总表, line 12,
    column 合计"``) when it came from a document, else ``None``.
    """

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{message} ({where})" if where else message)


class InvalidCodeError(GfsError):
    """Not a classification code at all (科目编码格式错误): wrong length or non-digits."""

    def __init__(self, value: object, reason: str, *, scheme: str, where: str | None = None) -> None:
        self.value = value
        self.reason = reason
        self.scheme = scheme
        super().__init__(f"{value!r} is not a {scheme} code: {reason}", where=where)


class UnknownCodeError(GfsError):
    """A well-formed code that the edition does not contain (科目不存在).

    ``nearest`` is the closest existing ancestor, if any.
    """

    def __init__(
        self,
        value: str,
        *,
        scheme: str,
        edition: str,
        nearest: Subject | None,
        where: str | None = None,
    ) -> None:
        self.value = value
        self.scheme = scheme
        self.nearest = nearest
        hint = (
            f"nearest existing ancestor: {nearest.code} {nearest.name}"
            if nearest is not None
            else "no ancestor exists either"
        )
        # The edition as the data file's header names it may go on ("…; structure per …"): its first clause.
        source = edition.split(";", 1)[0].strip()
        in_edition = f" of the {source} edition" if source else ""
        super().__init__(f"{value!r} is not a {scheme} code{in_edition}; {hint}", where=where)


class UnknownNameError(GfsError):
    """A name that is neither an official, a former nor a recognised short name (科目名称不存在)."""

    def __init__(self, value: object, *, scheme: str, where: str | None = None) -> None:
        self.value = value
        self.scheme = scheme
        what = "a name" if isinstance(value, str) else f"a name ({type(value).__name__}, not text)"
        super().__init__(f"{value!r} is not {what} in the {scheme} classification", where=where)


class AmbiguousNameError(GfsError):
    """A name shared by several codes (e.g. 行政运行); pass ``parent`` to choose."""

    def __init__(self, value: str, candidates: Sequence[Subject], *, scheme: str) -> None:
        self.value = value
        self.candidates = tuple(candidates)
        shown = ", ".join(c.code for c in self.candidates[:8])
        more = f" and {len(self.candidates) - 8} more" if len(self.candidates) > 8 else ""
        super().__init__(
            f"{value!r} names {len(self.candidates)} {scheme} codes ({shown}{more}); "
            "give a parent, or level=Level.CLASS for a class name printed in a summary table"
        )


class UnmappedCodeError(GfsError):
    """A department/government economic pairing that the crosswalk (两套科目对照表) does not contain."""

    def __init__(self, department_code: str, unit_kind: str, government_code: str | None = None) -> None:
        self.department_code = department_code
        self.unit_kind = unit_kind
        self.government_code = government_code
        target = f"government code {government_code}" if government_code else "any government code"
        super().__init__(
            f"department economic code {department_code} is not mapped to {target} for a {unit_kind} in the crosswalk"
        )


class InvalidAmountError(GfsError):
    """Text that is not an amount of money as reports print it (金额格式错误)."""

    def __init__(self, value: object, reason: str, *, where: str | None = None) -> None:
        self.value = value
        self.reason = reason
        super().__init__(f"{value!r} is not an amount: {reason}", where=where)


class SchemaError(GfsError):
    """Data that is not a serialized report this version of gfs_cn reads (格式错误): an unknown or
    newer schema marker, a missing or unexpected field, a value of the wrong type.

    ``where`` is the path of the first problem in the data (``$.tables[3].rows[12].amounts.total``),
    ``value`` the offending value where there is one, and ``problems`` every problem found, as
    ``(path, reason)`` pairs.

    >>> from gfs_cn import from_dict
    >>> try:
    ...     from_dict({"schema": "gfs_cn.report/99"})
    ... except SchemaError as err:
    ...     print(err.where)
    $.schema
    """

    def __init__(
        self,
        reason: str,
        *,
        value: object = None,
        where: str | None = None,
        problems: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.reason = reason
        self.value = value
        self.problems = tuple(problems) or (((where or "$"), reason),)
        super().__init__(reason, where=where)
        more = len(self.problems) - 1
        if more:
            self.args = (f"{self.args[0]}; and {more} more problem{'s' if more > 1 else ''} (see .problems)",)


class ReadError(GfsError):
    """Text that is not a disclosure, or a table whose structure cannot be read (报表读取错误).

    The message names the table title and line where the text came from a table.
    """


class SourceNotFoundError(ReadError, FileNotFoundError):
    """A file given to read that does not exist (文件不存在): both a :class:`GfsError` and a
    :class:`FileNotFoundError`, so ``except FileNotFoundError`` catches it as it would ``open``'s.

    ``filename`` is the path as given, as for :class:`OSError`.

    >>> err = SourceNotFoundError("reports/missing.pdf")
    >>> isinstance(err, GfsError), isinstance(err, FileNotFoundError), err.filename
    (True, True, 'reports/missing.pdf')
    >>> str(err)
    "no such file: 'reports/missing.pdf'"
    """

    def __init__(self, path: str) -> None:
        message = f"no such file: {path!r}"
        GfsError.__init__(self, message)
        self.errno, self.strerror, self.filename = errno.ENOENT, message, path
        self.value = path

    def __str__(self) -> str:
        return self.strerror or ""

    def __reduce__(self) -> tuple[type[SourceNotFoundError], tuple[str]]:
        return type(self), (self.filename,)  # crosses from a worker process as it was raised
