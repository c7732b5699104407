"""Reports and tables as pandas DataFrames (needs the optional extra: ``pip install 'gfs-cn[pandas]'``).

- :func:`report_frame` — every amount of a report, one row each: the records of
  :func:`gfs_cn.to_records` (the long format, for ``groupby`` and pivots).
- :func:`table_frame` — one table as printed: one row per table row, the row's fields, then one
  column per amount column (:class:`~gfs_cn.tables.Column` value).

Amounts are exact :class:`~decimal.Decimal` yuan in ``object`` columns, never floats: floats
hold most decimal fractions only approximately (``0.1 + 0.2 != 0.3``), so sums of a float column
drift from the printed totals that checks compare them with. Blank cells are ``None``, not
``NaN``. Where floats are wanted, convert: ``frame["total"].astype(float)``.

>>> from decimal import Decimal
>>> from gfs_cn import functional, to_money
>>> from gfs_cn.tables import ClassifiedRow, Column, ExpenditureTable
>>> row = ClassifiedRow(code="2101501", printed_code="2101501", name="行政运行",
...                     subject=functional.lookup("2101501"),
...                     amounts={Column.TOTAL: to_money(Decimal("442.28")), Column.PROJECT: None})
>>> table = ExpenditureTable(title="支出预算总表", columns=(Column.TOTAL, Column.PROJECT), rows=(row,))
>>> frame = table_frame(table)
>>> frame.loc[0, "total"], frame.loc[0, "project"]
(Decimal('4422800.00'), None)
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Final

import attrs

from gfs_cn._shapes import amount_columns, row_class
from gfs_cn.catalog import Subject
from gfs_cn.records import Record, to_records
from gfs_cn.tables.columns import Column
from gfs_cn.tables.models import Table
from gfs_cn.tables.report import Report

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PandasMissingError", "report_frame", "table_frame"]

_INSTALL: Final = "pip install 'gfs-cn[pandas]'"
# Row fields that say where a row was read, not what it is: left out of the frame (the frame's
# index is the row's position in ``table.rows``, so ``table.rows[i].line`` is at hand).
_LEFT_OUT: Final = frozenset({"amounts", "extra", "line", "page"})
_SHARED: Final = ("kind", "unit_code")


class PandasMissingError(ImportError):
    """pandas is not installed; gfs_cn's DataFrames need the optional extra ``gfs-cn[pandas]``."""

    def __init__(self) -> None:
        super().__init__(f"gfs_cn's DataFrames need pandas, which is not installed: {_INSTALL}", name="pandas")


def _require_pandas() -> None:
    try:
        import pandas  # noqa: F401
    except ImportError as err:
        raise PandasMissingError() from err


def report_frame(report: Report) -> pd.DataFrame:
    """Every amount of the report, one row each, with the columns of :class:`~gfs_cn.records.Record`.

    ``amount`` holds :class:`~decimal.Decimal` yuan (object dtype); ``year`` and ``table_index``
    are integers, ``row_index`` a nullable integer (``<NA>`` for a performance table's own 预算资金);
    text columns take pandas' default text dtype, with a missing value (``None`` in the record,
    e.g. ``subject_code`` of a row whose code is not valid) as pandas' missing value.

    >>> from gfs_cn.tables import Report, ReportKind
    >>> frame = report_frame(Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET))
    >>> list(frame.columns[:4]), len(frame)
    (['department', 'year', 'report_kind', 'table'], 0)
    """
    _require_pandas()
    import pandas as pd

    records = to_records(report)
    columns = {
        name: pd.Series([record[i] for record in records], dtype=_RECORD_DTYPES.get(name))
        for i, name in enumerate(Record._fields)
    }
    frame: pd.DataFrame = pd.DataFrame(columns, columns=list(Record._fields))
    return frame


_RECORD_DTYPES: Final[dict[str, Any]] = {
    "year": "int64",
    "table_index": "int64",
    "row_index": "Int64",
    "amount": object,
}


def table_frame(table: Table[Any]) -> pd.DataFrame:
    """One table as a DataFrame: one row per table row, its fields, then one column per amount column.

    The row's fields come first, as the row class names them (``code``, ``printed_code``,
    ``name``, ``subject`` …, then ``kind`` and ``unit_code``), in ``object`` columns holding
    what the row holds — catalogue subjects as their codes, enums as their values. Then the
    amount columns, named by :class:`~gfs_cn.tables.Column` value, in the order the table prints
    them (a two-sided table's income columns first): :class:`~decimal.Decimal` yuan, ``None`` for
    a blank cell. The index is the row's position in ``table.rows`` (``row_index`` of the records).

    >>> from gfs_cn.tables import ExpenditureTable
    >>> list(table_frame(ExpenditureTable(columns=(Column.TOTAL, Column.BASIC))).columns)
    ['code', 'printed_code', 'name', 'subject', 'kind', 'unit_code', 'total', 'basic']
    """
    _require_pandas()
    import pandas as pd

    rows = table.rows
    data: dict[str, pd.Series[Any]] = {}
    for name in _row_fields(row_class(type(table))):
        data[name] = pd.Series([_plain(getattr(row, name)) for row in rows], dtype=object)
    for column in amount_columns(table):
        if column.value in data:
            raise ValueError(f"the amount column {column.value!r} has the name of a row field")
        data[column.value] = pd.Series([_yuan(row, column) for row in rows], dtype=object)
    for path in table.extra_columns:
        data[path] = pd.Series([_extra_yuan(row, path) for row in rows], dtype=object)
    frame: pd.DataFrame = pd.DataFrame(data)
    return frame


def _row_fields(cls: type) -> list[str]:
    """The fields a row class declares, then those every row shares (``kind``, ``unit_code``)."""
    names = [field.name for field in attrs.fields(cls) if field.name not in _LEFT_OUT]
    return [name for name in names if name not in _SHARED] + [name for name in _SHARED if name in names]


def _yuan(row: object, column: Column) -> object:
    amounts = getattr(row, "amounts", None)
    money = None if amounts is None else amounts.get(column)
    return None if money is None else money.amount


def _extra_yuan(row: object, path: str) -> object:
    money = getattr(row, "extra", {}).get(path)
    return None if money is None else money.amount


def _plain(value: object) -> object:
    """A row field as a frame cell: codes for subjects, values for enums."""
    if isinstance(value, Subject):
        return value.code
    if isinstance(value, enum.Enum):
        return value.value
    return value
