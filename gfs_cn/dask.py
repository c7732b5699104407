"""A cluster path (集群): records of many disclosures as a Dask DataFrame (``pip install 'gfs-cn[dask]'``).

When one machine is not enough, Dask spreads the reading over a cluster: :func:`read_records` builds
a lazy DataFrame with one partition per batch of reports, each partition read by
:func:`gfs_cn.read` on a worker and flattened by :func:`gfs_cn.to_records`; its columns and dtypes are
those of :func:`gfs_cn.frames.records_frame` (amounts exact, ``decimal128(20, 2)``).
:func:`to_parquet` writes it as the same dataset :func:`gfs_cn.to_parquet` writes, one file per
partition, from the workers. gfs_cn schedules nothing itself: whichever scheduler is active runs
it — a ``distributed.LocalCluster``, a remote scheduler (``Client("tcp://host:8786")``), or Dask's
default local one.

>>> records = read_records([])
>>> list(records.columns[:3]), records.npartitions
(['department', 'year', 'report_kind'], 1)
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from gfs_cn.errors import GfsError, ReadError

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["read_records", "to_parquet"]

_INSTALL = "pip install 'gfs-cn[dask]'"


def _dd() -> Any:
    try:
        import dask.dataframe
    except ImportError as err:
        raise ImportError(f"gfs_cn.dask needs Dask, which is not installed: {_INSTALL}", name="dask") from err
    return dask.dataframe


def _partition(
    batch: Sequence[str], floats: bool, on_error: str, options: dict[str, Any]
) -> pd.DataFrame:  # runs on a worker
    from gfs_cn.frames import records_frame
    from gfs_cn.reading import read
    from gfs_cn.records import to_records

    records = []
    for source in batch:
        try:
            if not os.path.isfile(source):
                raise ReadError(f"no such file: {source}")
            report = read(source, **options)
        except Exception as err:
            if on_error == "skip":
                continue
            raise ReadError(f"cannot read {source}: {err}") from err
        records.extend(to_records(report, source=source))
    return records_frame(records, floats=floats)


def read_records(
    paths: Sequence[str | os.PathLike[str]],
    *,
    reports_per_partition: int = 1,
    floats: bool = False,
    on_error: Literal["raise", "skip"] = "raise",
    **options: Any,
) -> dd.DataFrame:
    """The records of the reports at ``paths`` as a Dask DataFrame, one partition per ``reports_per_partition`` reports.

    Each record's ``source`` is its path as given (the workers must see the files at those paths: a
    shared file system). ``options`` go to :func:`gfs_cn.read`. A file that cannot be read fails the
    computation with a :class:`~gfs_cn.ReadError` naming it (``on_error="raise"``), or is left out
    (``"skip"``; :func:`gfs_cn.read_many` lists failures, for a first pass on one machine).
    Nothing is read until the DataFrame is computed.
    """
    dask_frames = _dd()
    from gfs_cn.frames import records_frame

    if reports_per_partition < 1:
        raise GfsError(f"reports_per_partition must be 1 or more, not {reports_per_partition}")
    if on_error not in ("raise", "skip"):
        raise GfsError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    sources = [os.fspath(path) for path in paths]
    batches = [tuple(sources[i : i + reports_per_partition]) for i in range(0, len(sources), reports_per_partition)]
    meta = records_frame([], floats=floats)
    frame: dd.DataFrame
    if not batches:
        frame = dask_frames.from_pandas(meta, npartitions=1)
        return frame
    frame = dask_frames.from_map(
        _partition,
        batches,
        floats=floats,
        on_error=on_error,
        options=options,
        meta=meta,
        divisions=None,
        enforce_metadata=True,
    )
    return frame


def _write_partition(frame: pd.DataFrame, path: str, basename: str, partition_by: tuple[str, ...]) -> int:
    import pyarrow as pa

    from gfs_cn.arrow import schema, to_parquet
    from gfs_cn.records import Record

    if frame.empty:
        return 0
    table = pa.Table.from_pandas(frame, preserve_index=False).select(list(Record._fields)).cast(schema())
    to_parquet(table, path, partition_by=partition_by, basename=basename, mode="append")
    return len(frame)


def to_parquet(records: dd.DataFrame, path: str | os.PathLike[str], *, partition_by: Sequence[str] = ("year",)) -> int:
    """Write a DataFrame of :func:`read_records` as the Parquet dataset :func:`gfs_cn.to_parquet` writes
    (the same schema, partitioned by ``partition_by``), one file per partition, written by the workers.

    Returns the number of records written. The workers must be able to write to ``path``.
    """
    from dask import compute, delayed  # type: ignore[attr-defined]

    target = os.fspath(path)
    run = uuid.uuid4().hex[:12]
    if not partition_by:
        raise GfsError("a Dask DataFrame is written as a dataset folder: give at least one partition_by field")
    Path(target).mkdir(parents=True, exist_ok=True)
    parts = [
        delayed(_write_partition)(part, target, f"{run}-{i:05d}", tuple(partition_by))
        for i, part in enumerate(records.to_delayed())  # type: ignore[no-untyped-call]
    ]
    return int(sum(compute(*parts)))  # type: ignore[no-untyped-call]
