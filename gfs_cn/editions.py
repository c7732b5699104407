"""Editions of a classification by year (历年政府收支分类科目), kept as changes against the 2024 table.

The 2024 edition is the base table (``data/functional.tsv`` and the two economic
tables); every other year is a list of changes against its neighbour in
``data/*_changes.tsv``: a row of year ``Y`` says how edition ``Y`` differs from
edition ``Y - 1``. An edition before 2024 is the base with the later years'
changes undone; an edition after 2024 is the base with the changes applied.

Each change has one of six kinds (:class:`ChangeKind`); the *old* side
(``old_code``, ``old_name``) is the code in edition ``Y - 1``, the *new* side
(``code``, ``name``) the code in edition ``Y``.

This module knows tables as plain ``code → (name, budgets)`` dicts; the
catalogue (:mod:`gfs_cn.catalog`) makes classification objects of them.

>>> from gfs_cn import functional
>>> [str(c) for c in functional.changes(2020, 2021) if c.old_code == "2080504"]
['2021 merged 2080504 未归口管理的行政单位离退休 → 2080501 行政单位离退休 (2021年政府收支分类科目)']
"""

from __future__ import annotations

import enum
import threading
from typing import Final

import attrs

from gfs_cn import _data
from gfs_cn.errors import GfsError

__all__ = ["BASE_YEAR", "FIRST_YEAR", "LATEST_YEAR", "Change", "ChangeKind", "EditionError", "History", "Table"]

BASE_YEAR: Final = 2024
"""The edition the base tables hold."""
FIRST_YEAR: Final = 2017
"""The earliest edition held."""
LATEST_YEAR: Final = 2026
"""The latest edition held: what a lookup without ``year`` answers."""

Table = dict[str, tuple[str, str]]
"""An edition as plain data: code → (name, budgets tag)."""


class EditionError(GfsError):
    """A change list that does not apply to its edition (the data is inconsistent), or a year not held."""


class ChangeKind(enum.Enum):
    """What happened to a code between two editions."""

    ADDED = "added"
    """新增: a new code (new side only)."""
    REMOVED = "removed"
    """取消: a code abolished with no successor named (old side only)."""
    RENAMED = "renamed"
    """更名: same code, new name."""
    RENUMBERED = "renumbered"
    """调整编码: the same line of spending under a new code (maybe with a new name)."""
    SPLIT = "split"
    """拆分: one old code became several (one row per new code)."""
    MERGED = "merged"
    """合并: several old codes became one (one row per old code)."""


@attrs.frozen(slots=True)
class Change:
    """One change between edition ``year - 1`` and edition ``year``, with the notice it comes from."""

    year: int
    kind: ChangeKind
    code: str
    """The code in edition ``year`` (empty for a removal)."""
    name: str
    old_code: str
    """The code in edition ``year - 1`` (empty for an addition)."""
    old_name: str
    notice: str
    """The Ministry's notice (财预〔YYYY〕NN号), or the edition's title where the number is not confirmed."""
    effective: str
    """The date the change took effect (YYYY-MM-DD)."""
    source: str
    """Where the row was verified, or ``knowledge`` where it was not (see docs/data.md)."""
    budgets: str = ""

    def __str__(self) -> str:
        if self.kind is ChangeKind.ADDED:
            what = f"{self.code} {self.name}"
        elif self.kind is ChangeKind.REMOVED:
            what = f"{self.old_code} {self.old_name}"
        elif self.kind is ChangeKind.RENAMED:
            what = f"{self.code} {self.old_name} → {self.name}"
        else:
            what = f"{self.old_code} {self.old_name} → {self.code} {self.name}"
        return f"{self.year} {self.kind.value} {what} ({self.notice})"


def _parent(code: str) -> str | None:
    return code[:-2] if len(code) > 3 else None


class History:
    """The changes of one classification and the editions they give, built on first use, once each."""

    def __init__(self, base_filename: str, changes_filename: str) -> None:
        self._base_filename = base_filename
        self._changes_filename = changes_filename
        self._lock = threading.RLock()
        self._changes: tuple[Change, ...] | None = None
        self._by_year: dict[int, tuple[Change, ...]] = {}
        self._tables: dict[int, Table] = {}

    # -- data ------------------------------------------------------------------------------

    def changes(self) -> tuple[Change, ...]:
        """Every recorded change, by year then code."""
        if self._changes is None:
            with self._lock:
                if self._changes is None:
                    found = [
                        Change(
                            int(row["year"]),
                            ChangeKind(row["change"]),
                            row["code"],
                            row["name"],
                            row["old_code"],
                            row["old_name"],
                            row["notice"],
                            row["effective"],
                            row["source"],
                            row.get("budgets", ""),
                        )
                        for row in _data.read_rows(self._changes_filename)
                    ]
                    for change in found:
                        if not FIRST_YEAR < change.year <= LATEST_YEAR:
                            raise EditionError(
                                f"{self._changes_filename}: change {change} is for {change.year}, "
                                f"outside the editions held ({FIRST_YEAR}–{LATEST_YEAR})"
                            )
                    found.sort(key=lambda c: (c.year, c.code or c.old_code, c.old_code))
                    by_year: dict[int, list[Change]] = {}
                    for change in found:
                        by_year.setdefault(change.year, []).append(change)
                    self._by_year = {year: tuple(cs) for year, cs in by_year.items()}
                    self._changes = tuple(found)
        return self._changes

    def of_year(self, year: int) -> tuple[Change, ...]:
        """The changes that make edition ``year`` from edition ``year - 1``."""
        self.changes()
        return self._by_year.get(year, ())

    def base(self) -> Table:
        """The base edition as read from its file."""
        return self.table(BASE_YEAR)

    def table(self, year: int) -> Table:
        """Edition ``year`` as plain data (shared: do not modify)."""
        if not FIRST_YEAR <= year <= LATEST_YEAR:
            raise EditionError(f"no edition for {year}: editions {FIRST_YEAR}–{LATEST_YEAR} are held")
        table = self._tables.get(year)
        if table is not None:
            return table
        with self._lock:
            table = self._tables.get(year)
            if table is None:
                if year == BASE_YEAR:
                    rows = _data.read_rows(self._base_filename)
                    table = {row["code"]: (row["name"], row.get("budgets", "")) for row in rows}
                elif year < BASE_YEAR:
                    later = self.table(year + 1)
                    table = undo(later, self.of_year(year + 1)) if self.of_year(year + 1) else later
                else:
                    earlier = self.table(year - 1)
                    table = apply(earlier, self.of_year(year)) if self.of_year(year) else earlier
                self._tables[year] = table
        return table

    def same_as(self, year: int) -> int:
        """The nearest year towards the base whose edition is identical (shares its table)."""
        table = self.table(year)
        step = 1 if year < BASE_YEAR else -1
        while year != BASE_YEAR and self.table(year + step) is table:
            year += step
        return year


def apply(table: Table, changes: tuple[Change, ...]) -> Table:
    """Edition ``Y`` from edition ``Y - 1`` and the changes of ``Y``.

    Raises :class:`EditionError` where a change does not fit the edition.
    """
    removed = [(c.old_code, c.old_name, c) for c in changes if c.old_code]
    added = [(c.code, c.name, c) for c in changes if c.code and c.kind is not ChangeKind.RENAMED]
    renamed = [c for c in changes if c.kind is ChangeKind.RENAMED]
    return _step(table, removed, added, renamed, forward=True)


def undo(table: Table, changes: tuple[Change, ...]) -> Table:
    """Edition ``Y - 1`` from edition ``Y`` and the changes of ``Y``."""
    removed = [(c.code, c.name, c) for c in changes if c.code and c.kind is not ChangeKind.RENAMED]
    added = [(c.old_code, c.old_name, c) for c in changes if c.old_code and c.kind is not ChangeKind.RENAMED]
    renamed = [c for c in changes if c.kind is ChangeKind.RENAMED]
    return _step(table, removed, added, renamed, forward=False)


def _step(
    table: Table,
    removed: list[tuple[str, str, Change]],
    added: list[tuple[str, str, Change]],
    renamed: list[Change],
    *,
    forward: bool,
) -> Table:
    out = dict(table)
    direction = "applying" if forward else "undoing"
    # A split removes its old code once; a merge adds its new code once.
    removed_once = {code: (name, change) for code, name, change in removed if change.kind is not ChangeKind.RENAMED}
    added_once = {code: (name, change) for code, name, change in added}
    for change in renamed:
        code, before, after = (
            change.code,
            (change.old_name if forward else change.name),
            (change.name if forward else change.old_name),
        )
        if code not in out or out[code][0] != before:
            found = out[code][0] if code in out else "absent"
            raise EditionError(f"{direction} {change}: {code} is {found}, not {before}")
        out[code] = (after, out[code][1])
    for code, (name, change) in removed_once.items():
        if code not in out or out[code][0] != name:
            found = out[code][0] if code in out else "absent"
            raise EditionError(f"{direction} {change}: {code} is {found}, not {name}")
        del out[code]
    for code, (name, change) in sorted(added_once.items()):
        if code in out:
            raise EditionError(f"{direction} {change}: {code} already exists ({out[code][0]})")
        parent = _parent(code)
        if parent is not None and parent not in out:
            raise EditionError(f"{direction} {change}: its parent {parent} does not exist")
        budgets = change.budgets or (out[parent][1] if parent is not None else "")
        out[code] = (name, budgets)
    orphans = sorted(code for code in out if (p := _parent(code)) is not None and p not in out)
    if orphans:
        year = next(iter(removed or added), ("", "", None))[2]
        raise EditionError(f"{direction} the changes of {year}: codes left without a parent: {', '.join(orphans[:5])}")
    return out
