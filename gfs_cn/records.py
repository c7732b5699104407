"""Every amount of a report as one flat record (长表): the long format for analysis and export.

A :class:`Record` is one printed amount with everything that says where it sits — the report,
the table (its kind and which one of that kind), the row (kind, code and name as printed, the
catalogue's code, name and level), the column — and the amount itself, exact, in yuan; then its
provenance: the report's scope, the source it was read from, and the page and line it was printed
on. Blank cells give no record; ``0.00`` does. Records of many reports concatenate into one long
table (:data:`SCHEMA_VERSION` names the set of fields).

>>> from decimal import Decimal
>>> from gfs_cn import functional, to_money
>>> from gfs_cn.tables import ClassifiedRow, Column, ExpenditureTable, Report, ReportKind
>>> row = ClassifiedRow(code="2101501", printed_code="2101501", name="行政运行",
...                     subject=functional.lookup("2101501"),
...                     amounts={Column.TOTAL: to_money(Decimal("442.28")), Column.PROJECT: None})
>>> table = ExpenditureTable(title="支出预算总表", columns=(Column.TOTAL, Column.PROJECT), rows=(row,))
>>> report = Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET, tables=(table,))
>>> (record,) = to_records(report)
>>> record.table, record.row_code, record.canonical_name, record.level, record.column, record.amount
('expenditure', '2101501', '行政运行', '项', 'total', Decimal('4422800.00'))
>>> record.scope, record.source, record.printed_unit
('department', None, '万元')
>>> to_records(report, source="anshan-2024.pdf")[0].source
'anshan-2024.pdf'
"""

from __future__ import annotations

import ast
import csv
import functools
import inspect
import itertools
import os
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final, NamedTuple, Protocol, cast

from moneyed import Money

from gfs_cn.catalog import Subject
from gfs_cn.tables.columns import Column
from gfs_cn.tables.kinds import TableKind
from gfs_cn.tables.models import (
    DepartmentPerformanceTable,
    PerformanceSelfEvaluationTable,
    ProjectPerformanceTable,
    Table,
)
from gfs_cn.tables.report import Report
from gfs_cn.tables.rows import (
    BudgetRow,
    ClassifiedRow,
    EconomicRow,
    GenericRow,
    ProjectRow,
    RowKind,
    SummaryLine,
    ThreePublicRow,
)

__all__ = ["SCHEMA_VERSION", "Record", "datapackage", "table_schema", "to_csv", "to_records"]

SCHEMA_VERSION: Final = "gfs_cn.records/2"
"""The fields of :class:`Record`, versioned like the JSON schema: ``/1`` ended at ``printed_unit``;
``/2`` adds the provenance fields ``scope``, ``source``, ``page`` and ``line`` at the end (so the
positions of the older fields do not move). Written into Arrow and Parquet metadata."""


class Record(NamedTuple):
    """One amount of a report (一个金额) and where it sits: report, table, row, column.

    Codes are ``""`` where the row has none; catalogue fields are ``None`` where the row's code
    is not a valid code (or it has none).
    """

    department: str
    """The department, as the report names it."""
    year: int
    """The fiscal year."""
    report_kind: str
    """``budget`` or ``final_account`` (:class:`~gfs_cn.tables.ReportKind` value)."""
    table: str
    """The table's kind (:class:`~gfs_cn.tables.TableKind` value)."""
    table_index: int
    """Which table of that kind, from 0 (performance tables come one per project)."""
    row_index: int | None
    """Position of the row in the table's ``rows``; for a performance table, the position in its
    ``tasks`` (``row_kind`` ``item``) or its ``funds`` (``subset``), ``None`` for its own 预算资金."""
    unit_code: str | None
    """单位代码 of the unit the row belongs to, where the table lists units."""
    row_kind: str
    """``total``, ``unit``, ``item`` or ``subset`` (:class:`~gfs_cn.tables.RowKind` value)."""
    side: str | None
    """``income`` or ``expenditure`` in a two-sided summary table, else ``None``."""
    row_code: str
    """The canonical code the printed cells make (department economic code in economic tables),
    or ``""``."""
    row_name: str
    """The row's name as printed: name, item, project, basis (2024年预算数), task."""
    subject_code: str | None
    """The catalogue code of the row (the functional class a summary line names), or ``None``."""
    canonical_name: str | None
    """The catalogue's official name of that code."""
    level: str | None
    """类, 款 or 项 of that code."""
    government_code: str
    """The government economic code printed beside a department code (economic tables), or ``""``."""
    column: str
    """The amount's column (:class:`~gfs_cn.tables.Column` value), or the printed header path of a
    column outside that vocabulary."""
    amount: Decimal
    """The amount in yuan, exact."""
    printed_unit: str
    """The unit the table printed amounts in (万元); ``amount`` is in yuan whatever it is."""
    scope: str = "department"
    """The report's scope: ``department`` (部门) or ``unit`` (单位) (:class:`~gfs_cn.tables.Scope` value)."""
    source: str | None = None
    """Where the report was read from: the caller's id, else the report's ``source`` (its path), or ``None``."""
    page: int | None = None
    """The page the amount was printed on, where the source has pages (``None`` for text)."""
    line: int | None = None
    """The line of the source text the amount was read from, where known."""


# What identifies a row, by row class: row_code, row_name, side, subject, government_code.
_Identity = tuple[str, str, "str | None", "Subject | None", str]

_IDENTITIES: Final[dict[type, Callable[..., _Identity]]] = {
    ClassifiedRow: lambda r: (r.code, r.name, None, r.subject, ""),
    EconomicRow: lambda r: (r.code, r.name, None, r.subject, r.government_code or ""),
    SummaryLine: lambda r: ("", r.item, r.side.value, r.subject, ""),
    ProjectRow: lambda r: (r.code or "", r.name, None, r.subject, ""),
    ThreePublicRow: lambda r: ("", r.basis, None, None, ""),
    BudgetRow: lambda r: ("", r.name, None, None, ""),
    GenericRow: lambda r: (r.code or "", r.name or r.label, None, None, ""),
}
"""How to read the identifying fields of each row class that has amounts."""

_PERFORMANCE_TABLES: Final = (DepartmentPerformanceTable, ProjectPerformanceTable, PerformanceSelfEvaluationTable)
_NOT_IN_CATALOGUE: Final = (None, None, None)


def to_records(report: Report, *, source: str | None = None) -> list[Record]:
    """Every non-blank amount of the report, in printed order: tables, rows, then columns.

    ``source`` names the report in every record (a file name, a URL, the caller's own id); without
    it, records carry the report's :attr:`~gfs_cn.tables.Report.source`.

    Performance tables give their 预算资金 (``row_kind`` ``total``, column ``amount``), their
    tasks' funds (``item``) and their 预算情况 lines — sources and structure of the funds —
    as parts of the total (``subset``).

    >>> from gfs_cn.tables import Report, ReportKind
    >>> to_records(Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET))
    []
    """
    records: list[Record] = []
    seen: dict[TableKind, int] = {}
    head = (report.department, report.year, report.kind.value)
    unit = report.money_unit.value
    origin = (report.scope.value, report.source if source is None else source)
    for table in report.tables:
        index = seen[table.kind] = seen.get(table.kind, -1) + 1
        printed = unit if table.unit is None else table.unit.value
        _add_table(records, (*head, table.kind.value, index), table, printed, origin)
    return records


class _AmountRow(Protocol):
    """What every row with amounts has (the fields of ``gfs_cn.tables.rows._Row``)."""

    @property
    def amounts(self) -> Mapping[Column, Money | None]: ...
    @property
    def unit_code(self) -> str | None: ...
    @property
    def kind(self) -> RowKind: ...


_Head = tuple[str, int, str, str, int]
"""department, year, report_kind, table, table_index."""


def _add_table(
    records: list[Record], head: _Head, table: Table[object], unit: str, origin: tuple[str, str | None]
) -> None:
    new = tuple.__new__
    for row_index, any_row in enumerate(table.rows):
        if not getattr(any_row, "amounts", None) and not getattr(any_row, "extra", None):
            continue  # performance indicators have none
        row = cast(_AmountRow, any_row)
        identify = _IDENTITIES.get(type(row)) or _identity_by_base(type(row))
        code, name, side, subject, government_code = identify(row)
        catalogue = _NOT_IN_CATALOGUE if subject is None else (subject.code, subject.name, subject.level.label)
        ident = (*head, row_index, row.unit_code, row.kind.value, side, code, name, *catalogue, government_code)
        where = (unit, *origin, getattr(row, "page", None), getattr(row, "line", None))
        for column, money in row.amounts.items():
            if money is not None:
                records.append(new(Record, (*ident, column.value, money.amount, *where)))
        for path, money in getattr(row, "extra", {}).items():
            if money is not None:
                records.append(new(Record, (*ident, path, money.amount, *where)))
    if isinstance(table, _PERFORMANCE_TABLES):
        funds: list[tuple[int | None, RowKind, str, Money | None]] = [
            (None, RowKind.TOTAL, table.subject_name, table.amount),
            *((i, RowKind.ITEM, task.name, task.amount) for i, task in enumerate(table.tasks)),
            # 资金来源 and 资金结构 each break the total down again: parts, never added into it
            *((i, RowKind.SUBSET, line.name, line.amount) for i, line in enumerate(table.funds)),
        ]
        # tasks and fund lines keep no line of their own: the table's first page and line say where
        where = (unit, *origin, table.first_page, table.first_line)
        for task_index, kind, name, money in funds:
            if money is not None:
                ident = (*head, task_index, None, kind.value, None, "", name, *_NOT_IN_CATALOGUE, "")
                records.append(new(Record, (*ident, Column.AMOUNT.value, money.amount, *where)))


def _identity_by_base(cls: type) -> Callable[..., _Identity]:
    """The identity reader of a subclass of a row class (a row class of a user's own)."""
    for base in cls.__mro__:
        if base in _IDENTITIES:
            return _IDENTITIES[base]
    raise TypeError(f"gfs_cn.records does not know the row class {cls.__name__}: add it to _IDENTITIES")


# -- CSV, and the Table Schema that describes it --------------------------------------------------------------

REQUIRED: Final = frozenset(
    {"department", "year", "report_kind", "table", "table_index", "row_kind", "row_code", "row_name",
     "government_code", "column", "amount", "printed_unit", "scope"}
)  # fmt: skip
"""The fields of :class:`Record` never ``None``."""
_INTEGER_FIELDS: Final = frozenset({"year", "table_index", "row_index", "page", "line"})


def to_csv(
    data: Report | Iterable[Report | Record], target: str | os.PathLike[str] | IO[str], *, encoding: str = "utf-8"
) -> None:
    """Write the records of reports (or records) as CSV with a header row: amounts as exact yuan, a
    blank cell for ``None``. ``encoding="utf-8-sig"`` starts the file with a byte-order mark, so that
    Excel opens it as UTF-8 rather than mojibake (``gfs-cn read --format csv --bom``); ``target`` is a
    path, or a text file open for writing (``encoding`` is then the file's own).

    >>> import io, gfs_cn
    >>> out = io.StringIO()
    >>> to_csv(gfs_cn.read(gfs_cn.sample_path()), out)
    >>> out.getvalue().splitlines()[0][:40]
    'department,year,report_kind,table,table_'
    """
    if isinstance(target, (str, os.PathLike)):
        with Path(target).open("w", encoding=encoding, newline="") as handle:
            to_csv(data, handle)
        return
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(Record._fields)
    items: Iterable[Report | Record] = [data] if isinstance(data, Report) else data
    for item in items:
        records = to_records(item) if isinstance(item, Report) else [item]
        writer.writerows([("" if v is None else str(v)) for v in record] for record in records)


@functools.cache
def _descriptions() -> dict[str, str]:
    """The docstrings of :class:`Record`'s fields, from its source: one description, never two."""
    try:
        tree = ast.parse(inspect.getsource(Record))
    except (OSError, TypeError):  # no source (a frozen build): no descriptions
        return {}
    body = cast(ast.ClassDef, tree.body[0]).body
    found: dict[str, str] = {}
    for field, doc in itertools.pairwise(body):
        named = isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name)
        documented = isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant)
        if named and documented and isinstance(cast(ast.Constant, cast(ast.Expr, doc).value).value, str):
            text = " ".join(str(cast(ast.Constant, cast(ast.Expr, doc).value).value).split())
            text = re.sub(r":\w+:`~?(?:[\w.]+\.)?([^`.]+)`", r"\1", text)
            found[cast(ast.Name, cast(ast.AnnAssign, field).target).id] = text.replace("``", "")
    return found


def table_schema() -> dict[str, Any]:
    """The `Table Schema <https://specs.frictionlessdata.io/table-schema/>`_ of the records as CSV and
    Parquet hold them: every field of :class:`Record`, in order, with its type, whether it may be
    blank, and its description. Amounts are numbers of yuan with two decimals, exact in the file.

    >>> schema = table_schema()
    >>> [(f["name"], f["type"]) for f in schema["fields"]][15:17]
    [('column', 'string'), ('amount', 'number')]
    >>> schema["fields"][1]["constraints"]
    {'required': True}
    """
    descriptions = _descriptions()
    fields = []
    for name in Record._fields:
        kind = "integer" if name in _INTEGER_FIELDS else "number" if name == "amount" else "string"
        field: dict[str, Any] = {"name": name, "type": kind}
        if name in descriptions:
            field["description"] = descriptions[name]
        if name in REQUIRED:
            field["constraints"] = {"required": True}
        fields.append(field)
    return {"fields": fields, "missingValues": [""], "gfs_cn:schema": SCHEMA_VERSION}


def datapackage(resources: Iterable[tuple[str, str]], *, encoding: str = "utf-8") -> dict[str, Any]:
    """A `Data Package <https://specs.frictionlessdata.io/data-package/>`_ descriptor
    (``datapackage.json``) of record files: ``resources`` are (path, format) pairs — ``csv`` files, or
    a ``parquet`` dataset folder — each described by :func:`table_schema`.

    >>> package = datapackage([("anshan.csv", "csv")], encoding="utf-8-sig")
    >>> package["resources"][0]["name"], package["resources"][0]["encoding"]
    ('anshan', 'utf-8-sig')
    """
    schema = table_schema()
    described = []
    for path, fmt in resources:
        name = re.sub(r"[^a-z0-9._-]+", "-", Path(path).stem.lower()).strip("-") or "records"
        resource: dict[str, Any] = {"name": name, "path": path, "format": fmt, "profile": "tabular-data-resource"}
        if fmt == "csv":
            resource |= {"mediatype": "text/csv", "encoding": encoding}
        resource["schema"] = schema
        described.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "gfs-cn-records",
        "title": "Amounts of disclosures read by gfs_cn (政府收支分类科目)",
        "resources": described,
    }
