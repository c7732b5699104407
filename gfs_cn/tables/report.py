"""A department's disclosure for one year: its tables, units, narrative and what could not be placed.

>>> from gfs_cn.tables import Report, ReportKind, ExpenditureTable, TableKind
>>> report = Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET,
...                 tables=(ExpenditureTable(title="支出预算总表"),))
>>> report.table(TableKind.EXPENDITURE).title
'支出预算总表'
>>> report
<Report 鞍山市医疗保障局 2024 部门预算: 1 table>
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from gfs_cn.economic import UnitKind
from gfs_cn.errors import GfsError
from gfs_cn.money import Unit
from gfs_cn.tables.kinds import ReportKind, Scope, TableKind
from gfs_cn.tables.models import Table

if TYPE_CHECKING:
    import pandas

    from gfs_cn.checks import CheckResult

__all__ = ["BudgetUnit", "ReadingNote", "Report", "Section", "Unplaced"]


def _table_kind(value: TableKind | str) -> TableKind:
    """A table kind from itself, its value (``"expenditure"``), its name or its Chinese label."""
    if isinstance(value, TableKind):
        return value
    if isinstance(value, str):
        text = value.strip()
        for kind in TableKind:
            if text in (kind.value, kind.name, kind.label):
                return kind
    raise GfsError(f"{value!r} is not a table kind: give a TableKind or its value, e.g. 'expenditure'")


@attrs.frozen(slots=True, kw_only=True)
class BudgetUnit:
    """A unit whose budget the report includes (预算单位): code, name, and kind where known."""

    code: str | None = None
    name: str
    kind: UnitKind | None = None


@attrs.frozen(slots=True, kw_only=True)
class Unplaced:
    """A block of the source with numbers that a reader could not place in a table, and why."""

    first_line: int
    last_line: int
    reason: str
    text: str
    table: str | None = None
    """The title of the table the block sat in, if any."""
    page: int | None = None
    """The page of the block's first line, where the source has pages."""


@attrs.frozen(slots=True, kw_only=True)
class ReadingNote:
    """Something a reader inferred rather than read, said so: e.g. cells realigned by a row's arithmetic."""

    line: int
    table: str
    message: str
    page: int | None = None


@attrs.frozen(slots=True, kw_only=True)
class Section:
    """A section of the narrative (情况说明), split by heading."""

    heading: str
    text: str
    first_line: int | None = attrs.field(default=None, eq=False)
    first_page: int | None = attrs.field(default=None, eq=False)
    """Page the section starts on (its heading's), where the source has pages: findings on the narrative name it."""
    lines: tuple[int, ...] = attrs.field(default=(), eq=False)
    """The source line of each line of ``text`` (blank lines and tables between them are skipped), where known:
    a finding on a statement names the line it is printed on."""
    pages: tuple[int, ...] = attrs.field(default=(), eq=False)
    """The page of each line of ``text``, where the source has pages."""


@attrs.frozen(slots=True, kw_only=True)
class Report:
    """A department's budget (部门预算) or final account (部门决算) for one fiscal year."""

    department: str
    year: int
    kind: ReportKind
    scope: Scope = Scope.DEPARTMENT
    """A department with its units (部门预算) or a single unit (单位预算)."""
    money_unit: Unit = Unit.WAN_YUAN
    """The unit the report mainly prints amounts in (each table keeps its own; amounts are held in yuan)."""
    units: tuple[BudgetUnit, ...] = ()
    tables: tuple[Table[Any], ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    narrative: tuple[Section, ...] = ()
    reading_notes: tuple[ReadingNote, ...] = ()
    """What the reader inferred (realigned cells and the like), line by line."""
    contents: tuple[str, ...] = ()
    """The table titles the report's 目录 (table of contents) lists, as printed, in order; empty where
    it prints none."""
    source: str | None = attrs.field(default=None, eq=False)
    """Where the report was read from (a path), if anywhere."""

    def __iter__(self) -> Iterator[Table[Any]]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def tables_of(self, kind: TableKind | str) -> tuple[Table[Any], ...]:
        """Every table of a kind (performance targets come one table per project)."""
        kind = _table_kind(kind)
        return tuple(t for t in self.tables if t.kind is kind)

    def table(self, kind: TableKind | str) -> Table[Any]:
        """The table of a kind (a :class:`TableKind`, its value or its Chinese label);
        :class:`~gfs_cn.errors.GfsError` if the report has none.

        >>> Report(department="某局", year=2024, kind=ReportKind.BUDGET).table("expenditure")
        Traceback (most recent call last):
        ...
        gfs_cn.errors.GfsError: the report of 某局 2024 has no 支出总表 (expenditure)
        """
        kind = _table_kind(kind)
        for table in self.tables:
            if table.kind is kind:
                return table
        raise GfsError(f"the report of {self.department} {self.year} has no {kind.label} ({kind.value})")

    def get(self, kind: TableKind | str) -> Table[Any] | None:
        """The table of a kind, or ``None``."""
        kind = _table_kind(kind)
        return next((t for t in self.tables if t.kind is kind), None)

    @property
    def kinds(self) -> tuple[TableKind, ...]:
        """The kinds of table the report holds, in order, without repeats."""
        return tuple(dict.fromkeys(t.kind for t in self.tables))

    def __repr__(self) -> str:
        extra = f", {len(self.unplaced)} unplaced" if self.unplaced else ""
        tables = f"{len(self.tables)} table{'' if len(self.tables) == 1 else 's'}"
        return f"<Report {self.department} {self.year} {self.kind.label}: {tables}{extra}>"

    def _repr_html_(self) -> str:
        from gfs_cn.display import report_html

        return report_html(self)

    def check(self, **options: Any) -> CheckResult:
        """The result of :func:`gfs_cn.checks.check` on this report (iterates over its findings; options as there)."""
        from gfs_cn.checks import check

        return check(self, **options)

    def plot(self, *others: Report, **options: Any) -> Any:
        """A chart of expenditure by functional class (类) — beside ``others`` (its final account, other
        years), if given; options and font as :func:`gfs_cn.charts.plot` (``pip install 'gfs-cn[plot]'``)."""
        from gfs_cn.charts import plot

        return plot(self, *others, **options)

    def to_frame(self, **options: Any) -> pandas.DataFrame:
        """Every amount as one row of a pandas DataFrame (the records of :func:`gfs_cn.to_records`;
        options: ``floats``, ``leaves_only``; see :func:`gfs_cn.frames.report_frame`)."""
        from gfs_cn.frames import report_frame

        return report_frame(self, **options)
