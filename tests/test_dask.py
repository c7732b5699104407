"""The cluster path: records read on a two-worker LocalCluster equal those read in this process, exactly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import gfs_cn
from gfs_cn.errors import ReadError
from tests.conftest import FIXTURES

pytest.importorskip("dask.dataframe", reason="the cluster path needs Dask: pip install 'gfs-cn[dask]'")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
import gfs_cn.dask  # noqa: E402
from gfs_cn.arrow import from_arrow, read_parquet  # noqa: E402
from gfs_cn.frames import records_frame  # noqa: E402

TEXTS = [str(path) for path in sorted((FIXTURES / "texts").glob("*.txt"))]


@pytest.fixture(scope="module")
def client() -> Any:
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def expected_records() -> list[gfs_cn.Record]:
    return [record for path in TEXTS for record in gfs_cn.to_records(gfs_cn.read(path), source=path)]


def test_records_on_a_local_cluster_equal_those_in_process(client: Any, tmp_path: Path) -> None:
    frame = gfs_cn.dask.read_records(TEXTS, reports_per_partition=2)
    assert frame.npartitions == 2
    got = frame.compute().reset_index(drop=True)
    expected = records_frame(expected_records())
    pd.testing.assert_frame_equal(got, expected)
    assert got["amount"].sum() == sum(record.amount for record in expected_records())

    written = gfs_cn.dask.to_parquet(frame, tmp_path / "records")
    assert written == len(expected)
    assert Counter(from_arrow(read_parquet(tmp_path / "records"))) == Counter(expected_records())


def test_a_bad_file_fails_the_computation_naming_it_or_is_skipped(client: Any, tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("这不是一份预算公开文件。\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"junk\.txt"):
        gfs_cn.dask.read_records([TEXTS[0], str(junk)]).compute()
    skipped = gfs_cn.dask.read_records([TEXTS[0], str(junk)], on_error="skip").compute()
    assert set(skipped["source"]) == {TEXTS[0]}
