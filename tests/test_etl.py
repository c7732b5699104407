"""examples/etl.py: the four real reports of the fixtures to a Parquet dataset and back, amounts exact."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

import gfs_cn
from tests.conftest import FIXTURES

pa = pytest.importorskip("pyarrow", reason="the ETL example needs pyarrow: pip install 'gfs-cn[arrow]'")
from gfs_cn.arrow import from_arrow, read_parquet  # noqa: E402

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "etl.py"
TEXTS = sorted((FIXTURES / "texts").glob("*.txt"))


@pytest.fixture(scope="module")
def etl() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gfs_cn_example_etl", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def expected() -> list[gfs_cn.Record]:
    """The records, straight from gfs_cn, to compare the dataset with."""
    return [record for path in TEXTS for record in gfs_cn.to_records(gfs_cn.read(path), source=path.name)]


def test_fixture_reports_to_parquet_and_back(etl: ModuleType, expected: list[gfs_cn.Record], tmp_path: Path) -> None:
    assert len(TEXTS) == 4
    out = tmp_path / "out" / "records"
    count, failures = etl.convert(FIXTURES / "texts", out, workers=2)
    assert failures == []
    assert count == 4
    assert sorted(p.name for p in out.iterdir()) == ["year=2022", "year=2024"]
    assert etl.errors_file(out).read_text(encoding="utf-8") == ""
    pd = pytest.importorskip("pandas")
    assert len(pd.read_parquet(out)) == len(expected)  # the dataset alone: nothing else inside it

    back = read_parquet(out)
    assert back.num_rows == len(expected)
    assert back.schema.field("amount").type == pa.decimal128(20, 2)
    assert back.schema.names == list(gfs_cn.Record._fields)
    assert Counter(from_arrow(back)) == Counter(expected)
    amounts = back.column("amount").to_pylist()
    assert all(isinstance(a, Decimal) for a in amounts)
    assert sum(amounts) == sum(record.amount for record in expected)

    # A figure known from the Anshan report: 支出预算总表 合计 2,311.07万元.
    anshan = [
        row
        for row in back.to_pylist()
        if row["source"] == "anshan.txt" and row["table"] == "expenditure" and row["row_kind"] == "total"
    ]
    assert {row["column"]: row["amount"] for row in anshan}["total"] == Decimal("23110700.00")


def test_files_that_cannot_be_read_are_listed_and_the_rest_written(etl: ModuleType, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text((FIXTURES / "texts" / "anshan.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "sub" / "a.txt").write_text("第一部分 部门概况\n", encoding="utf-8")  # same name, another folder
    count, failures = etl.convert(folder, tmp_path / "records", workers=0)
    assert count == 1
    assert [(f.source, f.error) for f in failures] == [("sub/a.txt", "ReadError")]
    errors = (tmp_path / "records-errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"] for line in errors] == ["sub/a.txt"]
    assert {r.source for r in from_arrow(read_parquet(tmp_path / "records"))} == {"a.txt"}


def test_command_line(etl: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "records"
    assert etl.main([str(FIXTURES / "texts"), str(out), "--workers", "0"]) == 0
    assert capsys.readouterr().out == f"4 reports → {out} (0 failed)\n"
    assert etl.main([]) == 2
