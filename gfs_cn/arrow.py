"""Records as Arrow tables and Parquet datasets (needs the optional extra: ``pip install 'gfs-cn[arrow]'``).

- :func:`to_arrow` — reports or records → one ``pyarrow.Table`` with :data:`SCHEMA`;
- :func:`record_batches` — the same, one ``RecordBatch`` per report, streamed;
- :func:`to_parquet` — written as a Parquet dataset (partitioned by year by default) that DuckDB,
  Polars, Spark and pandas read as is; :func:`read_parquet` reads it back with :data:`SCHEMA`;
- :func:`from_arrow` — an Arrow table of records → :class:`~gfs_cn.records.Record` s again.

Amounts are ``decimal128(20, 2)`` yuan: exact (an integer of fen), and a number to every reader.
An amount with more than two decimals is refused, not rounded. Codes are strings (leading zeros
and the printed form kept); they and the other columns of few distinct values are dictionary-encoded.

>>> import gfs_cn
>>> table = to_arrow(gfs_cn.read(gfs_cn.sample_path()))
>>> table.schema.field("amount").type, table.schema.field("table").type
(Decimal128Type(decimal128(20, 2)), DictionaryType(dictionary<values=string, indices=int32, ordered=0>))
>>> table.schema.metadata[b"gfs_cn.schema"]
b'gfs_cn.records/2'
>>> from_arrow(table) == gfs_cn.to_records(gfs_cn.read(gfs_cn.sample_path()))
True
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from gfs_cn.errors import GfsError
from gfs_cn.records import SCHEMA_VERSION, Record, to_records
from gfs_cn.tables.report import Report

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "ArrowMissingError",
    "from_arrow",
    "read_parquet",
    "record_batches",
    "schema",
    "to_arrow",
    "to_parquet",
]

_INSTALL: Final = "pip install 'gfs-cn[arrow]'"
_ROWS_PER_GROUP: Final = 131_072
_ROWS_PER_FILE: Final = 4_194_304

_DICTIONARY: Final = frozenset(
    {"department", "report_kind", "table", "row_kind", "side", "level", "column", "printed_unit", "scope", "source",
     "unit_code", "row_code", "subject_code", "canonical_name", "government_code"}
)  # fmt: skip
"""Columns of few distinct values in a dataset — categories, and codes (a few thousand across a whole
country's reports): dictionary-encoded, a small integer per row. Still strings to every reader."""
_INTEGERS: Final = frozenset({"year", "table_index", "row_index", "page", "line"})
_NOT_NULL: Final = frozenset(
    {"department", "year", "report_kind", "table", "table_index", "row_kind", "row_code", "row_name",
     "government_code", "column", "amount", "printed_unit", "scope"}
)  # fmt: skip


class ArrowMissingError(ImportError):
    """pyarrow is not installed; gfs_cn's Arrow and Parquet output needs the extra ``gfs-cn[arrow]``."""

    def __init__(self) -> None:
        super().__init__(f"gfs_cn's Arrow and Parquet output needs pyarrow, which is not installed: {_INSTALL}")


def _pa() -> Any:
    try:
        import pyarrow
    except ImportError as err:
        raise ArrowMissingError() from err
    return pyarrow


_SCHEMA: list[pa.Schema] = []


def schema() -> pa.Schema:
    """The Arrow schema of records (:data:`~gfs_cn.records.SCHEMA_VERSION`): the fields of
    :class:`~gfs_cn.records.Record`, in order, with the version in the metadata (``gfs_cn.schema``).

    >>> [(f.name, str(f.type)) for f in schema()][16:18]
    [('amount', 'decimal128(20, 2)'), ('printed_unit', 'dictionary<values=string, indices=int32, ordered=0>')]
    """
    if not _SCHEMA:
        pa = _pa()

        def type_of(name: str) -> Any:
            if name == "amount":
                return pa.decimal128(20, 2)
            if name in _INTEGERS:
                return pa.int32()
            return pa.dictionary(pa.int32(), pa.string()) if name in _DICTIONARY else pa.string()

        fields = [pa.field(name, type_of(name), nullable=name not in _NOT_NULL) for name in Record._fields]
        _SCHEMA.append(pa.schema(fields, metadata={"gfs_cn.schema": SCHEMA_VERSION}))
    return _SCHEMA[0]


Data = Report | Record | Iterable[Report | Record]
"""What :func:`to_arrow` and :func:`to_parquet` take: a report, records, or an iterable of reports and records."""


def _record_lists(data: Data, chunk: int = 65_536) -> Iterator[list[Record]]:
    """The records of ``data``, one list per report (records given loose come in chunks)."""
    if isinstance(data, Report):
        yield to_records(data)
        return
    if isinstance(data, Record):
        yield [data]
        return
    loose: list[Record] = []
    for item in data:
        if isinstance(item, Record):
            loose.append(item)
            if len(loose) >= chunk:
                yield loose
                loose = []
        elif isinstance(item, Report):
            if loose:
                yield loose
                loose = []
            yield to_records(item)
        else:
            raise GfsError(f"to_arrow takes reports and records, not {type(item).__name__}: {item!r:.80}")
    if loose:
        yield loose


def _batch(records: Sequence[Record]) -> pa.RecordBatch:
    pa = _pa()
    target = schema()
    columns = zip(*records, strict=True) if records else [() for _ in Record._fields]
    arrays = []
    for field, values in zip(target, columns, strict=True):
        try:
            arrays.append(pa.array(values, type=field.type))
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as err:
            raise GfsError(f"the records' {field.name!r} do not fit the Arrow type {field.type}: {err}") from err
    return pa.RecordBatch.from_arrays(arrays, schema=target)


def record_batches(data: Data) -> Iterator[pa.RecordBatch]:
    """One ``pyarrow.RecordBatch`` per report of ``data`` (records given loose: in chunks), streamed.

    >>> import gfs_cn
    >>> [batch.num_rows > 0 for batch in record_batches([gfs_cn.read(gfs_cn.sample_path())])]
    [True]
    """
    for records in _record_lists(data):
        yield _batch(records)


def to_arrow(data: Data) -> pa.Table:
    """Reports or records as one ``pyarrow.Table`` with :func:`schema`: one row per amount.

    >>> to_arrow([]).num_rows, to_arrow([]).schema == schema()
    (0, True)
    """
    pa = _pa()
    return pa.Table.from_batches(list(record_batches(data)), schema=schema())


def from_arrow(table: pa.Table) -> list[Record]:
    """The records an Arrow table (or a Parquet dataset read back) holds, as :class:`~gfs_cn.records.Record` s.

    Columns are taken by name, so a dataset read with its partition column last still gives records
    equal to those written.
    """
    missing = [name for name in Record._fields if name not in table.column_names]
    if missing:
        raise GfsError(f"the Arrow table has no column {', '.join(map(repr, missing))} of gfs_cn's records")
    columns = [table.column(name).to_pylist() for name in Record._fields]
    new = tuple.__new__
    return [new(Record, values) for values in zip(*columns, strict=True)]


def to_parquet(
    data: Data | pa.Table,
    path: str | os.PathLike[str],
    *,
    partition_by: Sequence[str] = ("year",),
    basename: str | None = None,
    mode: Literal["error", "overwrite", "append"] = "error",
) -> Path:
    """Write reports or records as a Parquet dataset under the folder ``path``, one report at a time.

    Files go into hive-style folders by ``partition_by`` (``year=2024/``); with ``partition_by=()``
    ``path`` is one Parquet file instead. Returns ``path``.

    ``mode`` says what to do where ``path`` holds data already, as pandas' and Spark's writers do:
    ``"error"`` (the default) refuses, so that running a conversion twice never doubles the data;
    ``"overwrite"`` removes the data there first (the Parquet files and partition folders; other
    files, such as an errors file a caller keeps beside them, are left); ``"append"`` adds files
    beside those there, named with ``basename`` (default: a fresh random id) so that none is
    overwritten.

    >>> import tempfile, gfs_cn
    >>> folder = tempfile.TemporaryDirectory()
    >>> out = to_parquet([gfs_cn.read(gfs_cn.sample_path())], Path(folder.name) / "records")
    >>> sorted(p.name for p in out.iterdir())
    ['year=2024']
    >>> read_parquet(out).num_rows == len(gfs_cn.to_records(gfs_cn.read(gfs_cn.sample_path())))
    True
    >>> folder.cleanup()
    """
    pa = _pa()
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    target = Path(path)
    if mode not in ("error", "overwrite", "append"):
        raise GfsError(f"mode must be 'error', 'overwrite' or 'append', not {mode!r}")
    existing = ([target] if target.is_file() else list(target.rglob("*.parquet"))) if target.exists() else []
    if existing and mode == "error":
        raise GfsError(
            f"{target} already holds Parquet data ({len(existing)} file{'s' if len(existing) > 1 else ''}): "
            "pass mode='overwrite' to replace it or mode='append' to add to it"
        )
    if existing and mode == "overwrite":
        _remove_dataset(target)
    unknown = [name for name in partition_by if name not in Record._fields]
    if unknown:
        raise GfsError(f"cannot partition by {', '.join(map(repr, unknown))}: not a field of gfs_cn's records")
    batches: Iterable[Any] = data.to_batches() if isinstance(data, pa.Table) else record_batches(data)
    if not partition_by:
        target.parent.mkdir(parents=True, exist_ok=True)
        with pq.ParquetWriter(target, schema()) as writer:
            pending: list[Any] = []
            for batch in batches:  # gathered into row groups of a useful size, not one per report
                pending.append(batch)
                if sum(b.num_rows for b in pending) >= _ROWS_PER_GROUP // 2:
                    writer.write_table(pa.Table.from_batches(pending, schema=schema()))
                    pending = []
            if pending:
                writer.write_table(pa.Table.from_batches(pending, schema=schema()))
        return target
    part = pa.schema([schema().field(name) for name in partition_by])
    ds.write_dataset(
        batches,
        target,
        schema=schema(),
        format="parquet",
        partitioning=ds.partitioning(part, flavor="hive"),
        basename_template=f"{basename or uuid.uuid4().hex[:16]}-{{i}}.parquet",
        existing_data_behavior="overwrite_or_ignore",
        # row groups of a useful size (a report is ~1,000 rows), buffered per partition: memory stays bounded
        min_rows_per_group=_ROWS_PER_GROUP // 2,
        max_rows_per_group=_ROWS_PER_GROUP,
        max_rows_per_file=_ROWS_PER_FILE,
    )
    return target


def _remove_dataset(target: Path) -> None:
    """The Parquet files of a dataset removed, then the partition folders left empty."""
    if target.is_file():
        target.unlink()
        return
    for file in target.rglob("*.parquet"):
        file.unlink()
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if "=" in folder.name and not any(folder.iterdir()):
            folder.rmdir()


def read_parquet(path: str | os.PathLike[str]) -> pa.Table:
    """A dataset (or file) :func:`to_parquet` wrote, read back with :func:`schema`, columns in record order.

    Partition columns (``year=2024/``) come back as their own type, not as strings of the folder names.
    """
    pa = _pa()
    import pyarrow.dataset as ds

    target = Path(path)
    if not target.exists():
        raise GfsError(f"no Parquet dataset at {target}")
    full = schema()
    if not target.is_dir():
        return ds.dataset(target, format="parquet").to_table().select(list(Record._fields)).cast(full)
    # only the Parquet files: an errors file or a summary may sit beside them
    files = sorted(str(p) for p in target.rglob("*.parquet"))
    if not files:
        return full.empty_table()
    # the partition fields are the "name=" folders above a data file; read as plain values, then cast
    names = [part.split("=")[0] for part in Path(files[0]).relative_to(target).parts[:-1]]
    plain = [full.field(name) for name in names if name in full.names]
    part = pa.schema([f.with_type(f.type.value_type) if pa.types.is_dictionary(f.type) else f for f in plain])
    partitioning = ds.partitioning(part, flavor="hive")
    dataset = ds.dataset(files, format="parquet", partitioning=partitioning, partition_base_dir=str(target))
    return dataset.to_table().select(list(Record._fields)).cast(full)
