"""What the report commands take (输入): files, folders, globs and lists of files, the parts of one report grouped.

Every command that reads reports (``gfs-cn read``, ``check``, ``show``) turns its arguments into
sources the same way:

- a file is itself; a folder is every ``.pdf`` and ``.txt`` in it, recursively, sorted; a glob is its
  matches, sorted (``**`` for any depth); ``@FILE`` is the paths listed in FILE, one a line (as pip's
  ``-r``); a file named twice is read once; a path that names nothing stays, to fail as a missing file;
- files named as parts of one report — ``budget.part1.pdf``, ``budget.part2.pdf`` (also ``_part1``,
  ``-part1``, ``第1部分``) — are one source, their parts in order; ``parts=True`` takes every file given
  as a part of one report.

A source is a path, or a tuple of the paths of one report's files (what :func:`gfs_cn.read` and
:func:`gfs_cn.read_many` take).

>>> group_parts(["a/x.part2.pdf", "a/y.pdf", "a/x.part1.pdf"])
[('a/x.part1.pdf', 'a/x.part2.pdf'), 'a/y.pdf']
>>> group_parts(["notes.pdf", "tables.pdf"], parts=True)
[('notes.pdf', 'tables.pdf')]
>>> name(("a/x.part1.pdf", "a/x.part2.pdf")), stem(("a/x.part1.pdf", "a/x.part2.pdf"))
('a/x.part1.pdf + a/x.part2.pdf', 'x')
"""

from __future__ import annotations

import glob
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from gfs_cn.errors import GfsError

__all__ = ["READABLE", "Source", "expand", "group_parts", "name", "sources", "stem"]

READABLE: Final = (".pdf", ".txt")
"""What a folder is searched for (recursively)."""

Source = str | tuple[str, ...]
"""A path, or the paths of the files one report was published as, in order."""

_PART: Final = re.compile(r"^(?P<stem>.+?)(?:[._\- ]?part[._\- ]?(?P<n>\d+)|第(?P<cn>\d+)部分)$", re.IGNORECASE)


def expand(arguments: Iterable[str]) -> list[str]:
    """Files as given, folders as their ``.pdf`` and ``.txt`` files (recursively, sorted), globs as
    their matches (sorted), ``@FILE`` as the paths it lists. A glob that matches nothing stays as it
    is, to fail as a missing file; a file named twice is read once.

    >>> expand(["no-such-file.txt"])
    ['no-such-file.txt']
    """
    paths: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if argument.startswith("@") and not path.exists():
            listed = Path(argument[1:])
            if not listed.is_file():
                raise GfsError(f"{argument}: no such list of files ({listed} does not exist)")
            lines = listed.read_text(encoding="utf-8-sig").splitlines()
            paths.extend(expand(line.strip() for line in lines if line.strip() and not line.startswith("#")))
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in READABLE and p.is_file())
            paths.extend(str(p) for p in found)
        elif not path.exists() and glob.has_magic(argument):
            paths.extend(sorted(glob.glob(argument, recursive=True)) or [argument])
        else:
            paths.append(argument)
    return list(dict.fromkeys(paths))


def _part(path: str) -> tuple[str, int] | None:
    """The report a file is a part of (its folder, name without the part and suffix) and which part."""
    found = _PART.match(Path(path).stem)
    if found is None:
        return None
    number = found.group("n") or found.group("cn")
    return str(Path(path).with_name(found.group("stem").rstrip("._- "))) + Path(path).suffix.lower(), int(number)


def group_parts(paths: Sequence[str], *, parts: bool = False) -> list[Source]:
    """The paths with the files of one report grouped, in part order, where the first part stood.

    ``parts=True``: all the paths are parts of one report, in the order given. A lone ``….part1.pdf``
    stays a path.
    """
    if parts:
        return [tuple(paths)] if len(paths) > 1 else list(paths)
    groups: dict[str, list[tuple[int, str]]] = {}
    for path in paths:
        found = _part(path)
        if found is not None:
            groups.setdefault(found[0], []).append((found[1], path))
    out: list[Source] = []
    placed: set[str] = set()
    for path in paths:
        found = _part(path)
        if found is None or len(groups[found[0]]) < 2:
            out.append(path)
        elif found[0] not in placed:
            placed.add(found[0])
            out.append(tuple(p for _, p in sorted(groups[found[0]])))
    return out


def sources(arguments: Iterable[str], *, parts: bool = False) -> list[Source]:
    """:func:`expand`, then :func:`group_parts`: what the report commands read."""
    return group_parts(expand(arguments), parts=parts)


def name(source: Source) -> str:
    """How a source is named (its path; the paths of its parts joined by `` + ``), as :func:`gfs_cn.read_many` does."""
    return source if isinstance(source, str) else " + ".join(source)


def stem(source: Source | str) -> str:
    """A short name for files written from a source: its file name without suffix, or part number.

    >>> stem("reports/a.txt"), stem("r/x_part1.pdf + r/x_part2.pdf")
    ('a', 'x')
    """
    first = (source if isinstance(source, str) else source[0]).split(" + ")[0]
    found = _PART.match(Path(first).stem)
    if found is not None and (isinstance(source, tuple) or " + " in source):
        return found.group("stem").rstrip("._- ") or "report"
    return Path(first).stem or "report"
