"""The one door in: :func:`read` takes a PDF, a text file, several files of one report, or text.

>>> import gfs_cn
>>> report = gfs_cn.read(gfs_cn.sample_path())
>>> report.department, report.year
('鞍山市医疗保障局', 2024)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from gfs_cn.money import Unit
from gfs_cn.reading.document import read_text
from gfs_cn.tables.kinds import ReportKind
from gfs_cn.tables.report import Report

__all__ = ["Source", "read"]

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

    ``source`` is a path to a ``.pdf`` (needs ``pip install 'gfs-cn[pdf]'``) or to a text file,
    a list of paths published as one report (说明 and 公开表 read in order as one document), or
    the text itself. Year, kind, department and money unit are read from the document unless given.
    """
    del encoding  # the text sources detect it (next step: PDF and encodings)
    if isinstance(source, (str, os.PathLike)):
        return read_text(source, year=year, kind=kind, unit=unit, department=department)
    text = "\f".join(Path(path).read_text(encoding="utf-8-sig") for path in source)
    return read_text(text, year=year, kind=kind, unit=unit, department=department)
