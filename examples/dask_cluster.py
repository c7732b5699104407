"""A folder of disclosures read on a Dask cluster into a Parquet dataset, with totals by class (类).

    pip install 'gfs-cn[dask,pdf]'
    python examples/dask_cluster.py REPORTS_DIR OUT_DIR [--workers 4] [--per-partition 8]
    python examples/dask_cluster.py REPORTS_DIR OUT_DIR --scheduler tcp://scheduler.example.org:8786

Without ``--scheduler`` a ``distributed.LocalCluster`` runs on this machine (one single-threaded worker
process per ``--workers``: reading is CPU-bound Python). With it, the script connects to a running cluster,
whose workers need gfs_cn installed and must see REPORTS_DIR and OUT_DIR at the same paths (a shared file
system, or object storage mounted alike). A file that cannot be read fails the run, naming it; list such files
first with ``gfs-cn read REPORTS_DIR --keep-going --out CHECK_DIR``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import gfs_cn.dask


@contextlib.contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a LocalCluster started (and stopped) here."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
    else:
        with LocalCluster(n_workers=workers, threads_per_worker=1) as cluster, Client(cluster) as client:
            yield client


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--scheduler", help="address of a running scheduler (default: start a LocalCluster)")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    parser.add_argument("--per-partition", type=int, default=8, help="reports per partition")
    args = parser.parse_args(argv)

    paths = sorted(str(p) for p in args.folder.rglob("*") if p.suffix.lower() in (".pdf", ".txt"))
    with connect(args.scheduler, args.workers) as client:
        print(f"{len(paths)} files on {client.dashboard_link}", file=sys.stderr)
        records = gfs_cn.dask.read_records(paths, reports_per_partition=args.per_partition)
        written = gfs_cn.dask.to_parquet(records, args.out / "records")
        spending = records[(records["table"] == "expenditure") & (records["column"] == "total")]
        by_class = spending[spending["level"] == "类"].groupby("subject_code")["amount"].sum().compute()
    print(f"{written} records → {args.out / 'records'}")
    for code, total in by_class.sort_index().items():
        print(f"{code}\t{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
