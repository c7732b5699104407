"""The one door in: :func:`read` takes a PDF, a text file, several files of one report, or text.

Every source becomes the same document model — lines of cells, each with its page and line —
and one recogniser turns that into typed tables (:mod:`gfs_cn.reading.tables.build`).

>>> import gfs_cn
>>> report = gfs_cn.read(gfs_cn.sample_path())
>>> report.department, report.year
('鞍山市医疗保障局', 2024)
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final

from gfs_cn.errors import GfsError, ReadError, SourceNotFoundError
from gfs_cn.money import Unit
from gfs_cn.reading.model import Line
from gfs_cn.reading.sources.layout import is_space_aligned, space_aligned
from gfs_cn.reading.sources.text import TextLines, decode, split_lines
from gfs_cn.reading.tables.build import _load, looks_like_path, read_lines
from gfs_cn.tables.kinds import ReportKind
from gfs_cn.tables.report import Report

__all__ = ["Source", "document_lines", "read"]

_log = logging.getLogger("gfs_cn.reading")

Source = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]
"""What :func:`read` takes: a path (``.pdf`` or text), text itself, or the paths of one report's files."""


def read(
    source: Source | bytes | IO[bytes] | IO[str],
    *,
    encoding: str | None = None,
    year: int | None = None,
    kind: ReportKind | str | None = None,
    unit: Unit | str | None = None,
    department: str | None = None,
) -> Report:
    """Read a disclosure into a :class:`~gfs_cn.tables.Report`.

    ``source`` is a path to a ``.pdf`` (needs ``pip install 'gfs-cn[pdf]'``) or to a text file
    (UTF-8, GB18030 or UTF-16, detected unless ``encoding`` is given), a list of paths published
    as one report (说明 and 公开表 read in order as one document, pages and lines numbered on),
    the text itself, or — as ``pandas.read_csv`` and ``pdfplumber.open`` take them — the file's
    ``bytes`` or an open file object (binary or text; its ``name``, if any, is the report's source).
    Year, kind, department and money unit are read from the document unless given.
    Every row keeps its page (PDF, or ``\\f`` in text) and line.

    A path that does not exist raises :class:`~gfs_cn.errors.SourceNotFoundError`, which is both a
    :class:`~gfs_cn.errors.ReadError` and a :class:`FileNotFoundError`. On the ``gfs_cn`` logger,
    what the reader inferred (its reading notes), the tables it does not vouch for and each block of
    amounts it could not place are logged at ``INFO``; that there are such blocks, once per report,
    at ``WARNING``.

    >>> import io, gfs_cn
    >>> data = gfs_cn.sample_path().read_bytes()
    >>> gfs_cn.read(data), gfs_cn.read(io.BytesIO(data))
    (<Report 鞍山市医疗保障局 2024 部门预算: 15 tables>, <Report 鞍山市医疗保障局 2024 部门预算: 15 tables>)
    >>> gfs_cn.read("reports/no-such-file.pdf")
    Traceback (most recent call last):
    ...
    gfs_cn.errors.SourceNotFoundError: no such file: 'reports/no-such-file.pdf'
    """
    with _opened(source, encoding) as (opened, name):
        _check_exists(opened)
        lines, origin, scanned = document_lines(opened, encoding=encoding)
        if name is not _PATH:
            origin = name
        try:
            report = read_lines(
                lines, origin=origin, year=year, kind=kind, unit=unit, department=department, scanned=scanned
            )
        except GfsError:
            raise
        except Exception as err:  # a defect of the reader must not stop a batch: say so, name the source
            message = f"internal error of the reader ({type(err).__name__}: {err}); please report it"
            raise ReadError(message, where=origin) from err
    _log_reading(report)
    return report


_PATH: Final = "<path>"
"""The name :func:`_opened` gives a source that is a path or paths: the reader names it itself."""


@contextlib.contextmanager
def _opened(source: object, encoding: str | None) -> Iterator[tuple[Any, str | None]]:
    """A source :func:`document_lines` takes, and the name of the report's source: bytes and file
    objects become text, or — a PDF — a temporary file, removed afterwards."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data: bytes | str = bytes(source)
        name: str | None = None
    elif hasattr(source, "read"):
        data = source.read()
        found = getattr(source, "name", None)
        name = os.fspath(found) if isinstance(found, (str, os.PathLike)) else None
        if not isinstance(data, (bytes, str)):
            raise ReadError(f"the file object gave {type(data).__name__}, not bytes or text", where=name)
    else:
        yield source, _PATH
        return
    if isinstance(data, str):
        yield data, name
    elif data[:5] != b"%PDF-":
        yield decode(data, encoding), name
    else:
        with tempfile.TemporaryDirectory(prefix="gfs_cn-") as folder:
            path = Path(folder) / "source.pdf"
            path.write_bytes(data)
            yield path, name


def _check_exists(source: object) -> None:
    """Refuse a path that names no file: :class:`SourceNotFoundError`, or a folder: :class:`ReadError`."""
    parts = [source] if isinstance(source, (str, os.PathLike)) else source if isinstance(source, Sequence) else []
    for part in parts:
        if isinstance(part, os.PathLike) or (isinstance(part, str) and looks_like_path(part)):
            path = Path(part)
            if path.is_dir():
                raise ReadError(
                    f"{os.fspath(part)!r} is a folder: gfs_cn.read takes files (gfs_cn.read_many and "
                    "gfs-cn read DIR read folders)"
                )
            if not path.exists():
                raise SourceNotFoundError(os.fspath(part))


def _log_reading(report: Report) -> None:
    """Say on the ``gfs_cn`` logger what the reader inferred, left out, or does not vouch for."""
    source = report.source or "text"
    for note in report.reading_notes:
        where = f"page {note.page}, line {note.line}" if note.page else f"line {note.line}"
        _log.info("%s: %s%s: %s", source, where, f", {note.table}" if note.table else "", note.message)
    if report.unplaced:  # one warning per report, each block at INFO: a batch of thousands stays readable
        blocks = len(report.unplaced)
        _log.warning(
            "%s: %d block%s of amounts not placed in a table (report.unplaced; gfs-cn show lists them)",
            source, blocks, "" if blocks == 1 else "s",
        )  # fmt: skip
    for block in report.unplaced:
        lines = (f"line {block.first_line}" if block.first_line == block.last_line
                 else f"lines {block.first_line}–{block.last_line}")  # fmt: skip
        where = f"page {block.page}, {lines}" if block.page else lines
        _log.info("%s: amounts not placed in a table (%s): %s", source, where, block.reason)
    for table in report.tables:
        if not table.reliable:
            page = f" (page {table.first_page})" if table.first_page else ""
            doubts = "; ".join(table.doubts) or "no reason given"
            _log.info("%s: %s%s is %s: %s", source, table.title or table.kind.label, page, table.status.value, doubts)


def document_lines(source: Source, *, encoding: str | None = None) -> tuple[Sequence[Line], str | None, list[int]]:
    """The document model of a source: its lines (numbered on across files), where it came from,
    and the pages that had no text layer. The lines of one text are parsed as they are used
    (:class:`~gfs_cn.reading.sources.text.TextLines`), so a large text never has all its lines in memory."""
    if isinstance(source, (str, os.PathLike)) and not _is_pdf(source):
        text, origin = _load(source, encoding)
        return _text_lines(TextLines(text)), origin, []
    if isinstance(source, (str, os.PathLike)):
        parts: Sequence[str | os.PathLike[str]] = [source]
    else:
        parts = list(source)
        if not parts:
            raise ReadError("no source given: an empty list of files")
    lines: list[Line] = []
    scanned: list[int] = []
    origins: list[str] = []
    pages = 0  # pages of the files before: a file's pages number on from them, text or none
    for part in parts:
        first_line = lines[-1].number + 1 if lines else 1
        first_page = max(pages, (lines[-1].page or 0) if lines else 0) + 1
        if _is_pdf(part):
            from gfs_cn.reading.sources.pdf import read_pdf

            found = read_pdf(part, first_line=first_line, first_page=first_page)
            lines.extend(found.lines)
            scanned.extend(found.scanned)
            origins.append(str(part))
            pages = first_page - 1 + found.pages
        else:
            text, origin = _load(part, encoding)
            lines.extend(_text_lines(split_lines(text, first_line=first_line, first_page=first_page)))
            if origin is not None:
                origins.append(origin)
    return lines, " + ".join(origins) or None, scanned


def _text_lines(lines: Sequence[Line]) -> Sequence[Line]:
    """A text's lines, cut into cells where the text separates them by spaces only (``pdftotext -layout``)."""
    return space_aligned(lines) if is_space_aligned(lines) else lines


def _is_pdf(part: str | os.PathLike[str]) -> bool:
    if isinstance(part, str) and ("\n" in part or len(part) > 1024):
        return False
    path = Path(part)
    if path.suffix.lower() == ".pdf":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False
