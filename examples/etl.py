"""ETL: a folder of disclosure texts → gfs_cn.read_text → gfs_cn.to_records → one Parquet file.

    pip install 'gfs-cn[parquet]'
    python examples/etl.py REPORTS_DIR OUT.parquet

Every ``*.txt`` file of the folder (the text extracted from a disclosure's PDF) is read into a report and
flattened into one record per printed amount; the records of all reports go into one Parquet file, with a
``source`` column naming the file each came from. Amounts stay exact: they are stored as
``decimal128(20, 2)`` — yuan with two decimals, up to 10¹⁸ yuan — and an amount with more decimals than
that is refused rather than rounded (see docs/etl.md). A file that is not a disclosure is skipped and named.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

import gfs_cn

__all__ = ["AMOUNT", "SCHEMA", "convert", "main", "rows"]

AMOUNT = pa.decimal128(20, 2)
"""Yuan, exact: 18 digits before the point, 2 after."""

_TYPES = {"year": pa.int32(), "table_index": pa.int32(), "row_index": pa.int32(), "amount": AMOUNT}

SCHEMA = pa.schema(
    [pa.field("source", pa.string(), nullable=False)]
    + [pa.field(name, _TYPES.get(name, pa.string())) for name in gfs_cn.Record._fields]
)
"""``source`` (the file name), then the fields of :class:`gfs_cn.Record`, in order."""


def rows(folder: Path, skipped: list[tuple[Path, str]]) -> Iterator[dict[str, Any]]:
    """One dict per record of every report in ``folder``; files that are not disclosures go to ``skipped``."""
    for path in sorted(folder.glob("*.txt")):
        try:
            report = gfs_cn.read_text(path)
        except gfs_cn.ReadError as err:
            skipped.append((path, str(err)))
            continue
        for record in gfs_cn.to_records(report):
            yield {"source": path.name, **record._asdict()}


def convert(folder: Path, out: Path) -> tuple[int, list[tuple[Path, str]]]:
    """Write the records of every report in ``folder`` to the Parquet file ``out``.

    Returns the number of records written and the files skipped, with the reason.
    """
    skipped: list[tuple[Path, str]] = []
    table = pa.Table.from_pylist(list(rows(folder, skipped)), schema=SCHEMA)
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out)
    return table.num_rows, skipped


def main(argv: Sequence[str]) -> int:
    """``etl.py REPORTS_DIR OUT.parquet``."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    count, skipped = convert(Path(argv[0]), Path(argv[1]))
    for path, reason in skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    print(f"{count} records → {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
