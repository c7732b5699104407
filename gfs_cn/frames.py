"""Reports and tables as pandas DataFrames (needs the optional extra: ``pip install 'gfs-cn[pandas]'``).

- :func:`report_frame` — every amount of a report, one row each: the records of
  :func:`gfs_cn.to_records` (the long format, for ``groupby`` and pivots);
- :func:`records_frame` — the same for any records (of many reports);
- :func:`table_frame` — one table as printed: one row per table row, the row's fields, then one
  column per amount column (:class:`~gfs_cn.tables.Column` value).

Amounts are exact and numeric: ``pd.ArrowDtype(pa.decimal128(20, 2))``, yuan with two decimals held
as an integer of fen, so ``sum``, ``groupby`` and ``plot`` work and a sum is the printed total to
the fen (a ``float64`` column drifts: ``0.1 + 0.2 != 0.3``). A blank cell is ``<NA>``, never
``0``. ``floats=True`` gives ``float64`` instead, for plotting convenience only.

A table prints subtotals (合计, 类 and 款 rows) beside the rows they add up: ``leaves_only=True``
keeps only the rows no other row adds up, so a column's sum is the table's 合计, never a multiple.

>>> from decimal import Decimal
>>> from gfs_cn import functional, to_money
>>> from gfs_cn.tables import ClassifiedRow, Column, ExpenditureTable, RowKind
>>> def row(code, total):
...     return ClassifiedRow(code=code, printed_code=code, name=functional.lookup(code).name,
...                          subject=functional.lookup(code), amounts={Column.TOTAL: to_money(Decimal(total))})
>>> total = ClassifiedRow(name="合计", kind=RowKind.TOTAL, amounts={Column.TOTAL: to_money(Decimal("442.28"))})
>>> table = ExpenditureTable(columns=(Column.TOTAL,),
...                          rows=(total, row("210", "442.28"), row("21015", "442.28"), row("2101501", "442.28")))
>>> frame = table_frame(table)
>>> frame["total"].dtype, frame["total"].sum()
(decimal128(20, 2)[pyarrow], Decimal('17691200.00'))
>>> table_frame(table, leaves_only=True)["total"].sum()
Decimal('4422800.00')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from gfs_cn._shapes import amount_columns, row_class
from gfs_cn.catalog import Subject
from gfs_cn.records import Record, to_records
from gfs_cn.tables.columns import Column
from gfs_cn.tables.models import Table
from gfs_cn.tables.report import Report
from gfs_cn.tables.rows import RowKind

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PandasMissingError", "leaf_rows", "records_frame", "report_frame", "table_frame"]

_INSTALL: Final = "pip install 'gfs-cn[pandas]'"
# Row fields that say where a row was read, not what it is: left out of the frame (the frame's
# index is the row's position in ``table.rows``, so ``table.rows[i].line`` is at hand).
_LEFT_OUT: Final = frozenset({"amounts", "extra", "line", "page"})
_SHARED: Final = ("kind", "unit_code")


class PandasMissingError(ImportError):
    """pandas is not installed; gfs_cn's DataFrames need the optional extra ``gfs-cn[pandas]``."""

    def __init__(self) -> None:
        super().__init__(f"gfs_cn's DataFrames need pandas and pyarrow, which are not installed: {_INSTALL}",
                         name="pandas")  # fmt: skip


def _require_pandas() -> None:
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as err:
        raise PandasMissingError() from err


def _amounts(values: Sequence[Any], floats: bool) -> pd.Series[Any]:
    """Amounts in yuan as an exact decimal column (or ``float64``); ``None`` is ``<NA>`` (``NaN``)."""
    import pandas as pd
    import pyarrow as pa

    yuan = pa.decimal128(20, 2)
    array = pa.array(values, type=yuan)
    series: pd.Series[Any]
    if floats:
        series = pd.Series(array.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")
    else:
        series = pd.Series(array, dtype=pd.ArrowDtype(yuan))
    return series


def leaf_rows(table: Table[Any]) -> frozenset[int]:
    """Positions in ``table.rows`` of the rows no other row of the table adds up (末级): those a sum
    may add without counting anything twice.

    A row is a leaf when it is of kind ``item`` (not 合计, a unit heading or a 其中 part), no other
    row of the same unit has a code below its code (a 款 with its 项 printed is not a leaf), and its
    unit is not one whose sub-units are listed too (044 above 044001).

    >>> from gfs_cn.tables import ExpenditureTable
    >>> leaf_rows(ExpenditureTable())
    frozenset()
    """
    from gfs_cn.aggregate._common import aggregate_units

    items = [(i, row) for i, row in enumerate(table.rows) if getattr(row, "kind", None) is RowKind.ITEM]
    nested = aggregate_units(getattr(row, "unit_code", None) for _, row in items)
    codes: dict[str | None, set[str]] = {}
    for _, row in items:
        code = _code(row)
        if code:
            codes.setdefault(row.unit_code, set()).add(code)
    parents = {unit: {code[:n] for code in found for n in range(1, len(code))} for unit, found in codes.items()}
    return frozenset(
        i for i, row in items if row.unit_code not in nested and _code(row) not in parents.get(row.unit_code, ())
    )


def _code(row: Any) -> str | None:
    subject = getattr(row, "subject", None)
    return subject.code if isinstance(subject, Subject) else None


def records_frame(records: Iterable[Record], *, floats: bool = False) -> pd.DataFrame:
    """Records (of one report or many) as a DataFrame with the columns of :class:`~gfs_cn.records.Record`.

    ``amount`` is exact decimal yuan (``floats=True``: ``float64``); ``year`` and ``table_index`` are
    integers, ``row_index``, ``page`` and ``line`` nullable integers; text columns are
    ``string[pyarrow]`` (what Dask gives too), with ``<NA>`` where the record holds ``None``.

    >>> list(records_frame([]).columns[:4])
    ['department', 'year', 'report_kind', 'table']
    """
    _require_pandas()
    import pandas as pd

    rows = records if isinstance(records, list) else list(records)
    columns: dict[str, Any] = {}
    for i, name in enumerate(Record._fields):
        values = [record[i] for record in rows]
        if name == "amount":
            columns[name] = _amounts(values, floats)
        else:
            columns[name] = pd.Series(values, dtype=_RECORD_DTYPES.get(name, "string[pyarrow]"))
    frame: pd.DataFrame = pd.DataFrame(columns, columns=list(Record._fields))
    return frame


_RECORD_DTYPES: Final[dict[str, Any]] = {
    "year": "int64",
    "table_index": "int64",
    "row_index": "Int64",
    "page": "Int64",
    "line": "Int64",
}


def report_frame(report: Report, *, floats: bool = False, leaves_only: bool = False) -> pd.DataFrame:
    """Every amount of the report, one row each, with the columns of :class:`~gfs_cn.records.Record`
    (see :func:`records_frame`).

    ``leaves_only=True`` keeps the amounts of leaf rows (:func:`leaf_rows`) and of performance
    tasks, leaving out 合计, subtotals, unit headings and 其中 parts: within a table and a
    column, the amounts then add up to the table's 合计.

    >>> from gfs_cn.tables import Report, ReportKind
    >>> frame = report_frame(Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET))
    >>> list(frame.columns[:4]), len(frame)
    (['department', 'year', 'report_kind', 'table'], 0)
    """
    records = to_records(report)
    if leaves_only:
        keep: set[tuple[str, int, int | None]] = set()
        seen: dict[Any, int] = {}
        for table in report.tables:
            index = seen[table.kind] = seen.get(table.kind, -1) + 1
            if hasattr(table, "tasks"):  # a performance table: its tasks' funds are the parts of its 预算资金
                keep.update((table.kind.value, index, i) for i in range(len(table.tasks)))
            else:
                keep.update((table.kind.value, index, i) for i in leaf_rows(table))
        records = [
            r for r in records if r.row_kind == RowKind.ITEM.value and (r.table, r.table_index, r.row_index) in keep
        ]
    return records_frame(records, floats=floats)


def table_frame(table: Table[Any], *, floats: bool = False, leaves_only: bool = False) -> pd.DataFrame:
    """One table as a DataFrame: one row per table row, its fields, then one column per amount column.

    The row's fields come first, as the row class names them (``code``, ``printed_code``,
    ``name``, ``subject`` …, then ``kind`` and ``unit_code``), holding what the row holds —
    catalogue subjects as their codes, enums as their values; a row class with a ``subject`` gets a
    ``level`` column beside it (类, 款 or 项). Then the amount columns, named by
    :class:`~gfs_cn.tables.Column` value, in the order the table prints them (a two-sided table's
    income columns first), then columns outside that vocabulary by header path: exact decimal yuan
    (``floats=True``: ``float64``), ``<NA>`` for a blank cell. The index is the row's position in
    ``table.rows`` (``row_index`` of the records); ``leaves_only=True`` keeps the rows of
    :func:`leaf_rows`, so that each column adds up to the 合计.

    >>> from gfs_cn.tables import ExpenditureTable
    >>> list(table_frame(ExpenditureTable(columns=(Column.TOTAL, Column.BASIC))).columns)
    ['code', 'printed_code', 'name', 'subject', 'level', 'kind', 'unit_code', 'total', 'basic']
    """
    _require_pandas()
    import pandas as pd

    positions = sorted(leaf_rows(table)) if leaves_only else range(len(table.rows))
    rows = [table.rows[i] for i in positions]
    data: dict[str, pd.Series[Any]] = {}
    index = pd.Index(list(positions), dtype="int64")
    for name in _row_fields(row_class(type(table))):
        data[name] = pd.Series([_plain(getattr(row, name)) for row in rows], dtype=object, index=index)
        if name == "subject":
            data["level"] = pd.Series([_level(row) for row in rows], dtype=object, index=index)
    for column in amount_columns(table):
        if column.value in data:
            raise ValueError(f"the amount column {column.value!r} has the name of a row field")
        data[column.value] = _amounts([_yuan(row, column) for row in rows], floats).set_axis(index)
    for path in table.extra_columns:
        data[path] = _amounts([_extra_yuan(row, path) for row in rows], floats).set_axis(index)
    frame: pd.DataFrame = pd.DataFrame(data, index=index)
    return frame


def _row_fields(cls: type) -> list[str]:
    """The fields a row class declares, then those every row shares (``kind``, ``unit_code``)."""
    names = [field.name for field in attrs.fields(cls) if field.name not in _LEFT_OUT]
    return [name for name in names if name not in _SHARED] + [name for name in _SHARED if name in names]


def _level(row: object) -> str | None:
    subject = getattr(row, "subject", None)
    return subject.level.label if isinstance(subject, Subject) else None


def _yuan(row: object, column: Column) -> Decimal | None:
    amounts = getattr(row, "amounts", None)
    money = None if amounts is None else amounts.get(column)
    return None if money is None else money.amount


def _extra_yuan(row: object, path: str) -> Decimal | None:
    money = getattr(row, "extra", {}).get(path)
    return None if money is None else money.amount


def _plain(value: object) -> object:
    """A row field as a frame cell: codes for subjects, values for enums."""
    if isinstance(value, Subject):
        return value.code
    if isinstance(value, enum.Enum):
        return value.value
    return value
