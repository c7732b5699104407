"""ETL: a folder of disclosures → gfs_cn.read_many → gfs_cn.to_parquet → a Parquet dataset partitioned by year.

    pip install 'gfs-cn[arrow,pdf]'
    python examples/etl.py REPORTS_DIR OUT_DIR [--workers N]

Every ``*.pdf`` and ``*.txt`` of the folder (and its subfolders) is read in worker processes, one report
at a time, and its records — one per printed amount, with the file, page and line each came from — are
written to the dataset (``OUT_DIR/year=2024/….parquet``; a dataset there already is replaced). Amounts stay
exact (``decimal128(20, 2)`` yuan). A file that cannot be read is listed with the reason in
``OUT_DIR-errors.jsonl``, beside the dataset and not inside it (so ``pandas.read_parquet(OUT_DIR)`` reads
the dataset alone); the others are written.
The same in one command: ``gfs-cn read REPORTS_DIR --out OUT_DIR --format parquet --keep-going``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import gfs_cn
from gfs_cn.batch import ReadFailure

__all__ = ["convert", "errors_file", "main"]


def convert(folder: Path, out: Path, *, workers: int | None = None) -> tuple[int, list[ReadFailure]]:
    """Write the records of every disclosure under ``folder`` into the dataset ``out``.

    Returns the number of reports written and the sources that failed, with the reason.
    """
    paths = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".pdf", ".txt"))
    # the path relative to the folder names each report: unique, and stable across machines
    sources = {str(path.relative_to(folder)): path for path in paths}
    failures: list[ReadFailure] = []
    written = 0

    def reports() -> Iterator[gfs_cn.Report]:
        nonlocal written
        for result in gfs_cn.read_many(sources, workers=workers):
            if isinstance(result, ReadFailure):
                failures.append(result)
            else:
                written += 1
                yield result

    gfs_cn.to_parquet(reports(), out, partition_by=("year",), mode="overwrite")
    with errors_file(out).open("w", encoding="utf-8") as errors:
        for failure in failures:
            print(json.dumps(failure.as_dict(), ensure_ascii=False), file=errors)
    return written, failures


def errors_file(out: Path) -> Path:
    """Where the sources that failed are listed: beside the dataset ``out``, not inside it."""
    return out.with_name(f"{out.name}-errors.jsonl")


def main(argv: Sequence[str]) -> int:
    """``etl.py REPORTS_DIR OUT_DIR [--workers N]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    count, failures = convert(args.folder, args.out, workers=args.workers)
    for failure in failures:
        print(f"failed {failure.source}: {failure.message}", file=sys.stderr)
    print(f"{count} reports → {args.out} ({len(failures)} failed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
