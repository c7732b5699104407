"""The one door in: :func:`read` takes a PDF, a text file, several files of one report, or text.

Every source becomes the same document model — lines of cells, each with its page and line —
and one recogniser turns that into typed tables (:mod:`gfs_cn.reading.document`).

>>> import gfs_cn
>>> report = gfs_cn.read(gfs_cn.sample_path())
>>> report.department, report.year
('鞍山市医疗保障局', 2024)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from gfs_cn.errors import GfsError, ReadError
from gfs_cn.money import Unit
from gfs_cn.reading.document import _load, read_lines
from gfs_cn.reading.layout import is_space_aligned, space_aligned
from gfs_cn.reading.text import Line, TextLines, split_lines
from gfs_cn.tables.kinds import ReportKind
from gfs_cn.tables.report import Report

__all__ = ["Source", "document_lines", "read"]

Source = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]
"""What :func:`read` takes: a path (``.pdf`` or text), text itself, or the paths of one report's files."""


def read(
    source: Source,
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
    as one report (说明 and 公开表 read in order as one document, pages and lines numbered on), or
    the text itself. Year, kind, department and money unit are read from the document unless given.
    Every row keeps its page (PDF, or ``\\f`` in text) and line.
    """
    lines, origin, scanned = document_lines(source, encoding=encoding)
    try:
        return read_lines(lines, origin=origin, year=year, kind=kind, unit=unit, department=department, scanned=scanned)
    except GfsError:
        raise
    except Exception as err:  # a defect of the reader must not stop a batch: say so, name the source
        message = f"internal error of the reader ({type(err).__name__}: {err}); please report it"
        raise ReadError(message, where=origin) from err


def document_lines(source: Source, *, encoding: str | None = None) -> tuple[Sequence[Line], str | None, list[int]]:
    """The document model of a source: its lines (numbered on across files), where it came from,
    and the pages that had no text layer. The lines of one text are parsed as they are used
    (:class:`~gfs_cn.reading.text.TextLines`), so a large text never has all its lines in memory."""
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
            from gfs_cn.reading.pdf import read_pdf

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
