"""examples/etl.py: the four real reports of the fixtures to one Parquet file and back, amounts exact."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

import gfs_cn
from tests.conftest import FIXTURES

pa = pytest.importorskip("pyarrow", reason="the ETL example needs pyarrow: pip install 'gfs-cn[parquet]'")
pq = pytest.importorskip("pyarrow.parquet")

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
def expected() -> list[tuple[str, gfs_cn.Record]]:
    """The records, straight from gfs_cn, to compare the Parquet file with."""
    return [(path.name, record) for path in TEXTS for record in gfs_cn.to_records(gfs_cn.read_text(path))]


def test_fixture_reports_to_parquet_and_back(
    etl: ModuleType, expected: list[tuple[str, gfs_cn.Record]], tmp_path: Path
) -> None:
    assert len(TEXTS) == 4
    out = tmp_path / "out" / "records.parquet"
    count, skipped = etl.convert(FIXTURES / "texts", out)
    assert skipped == []
    assert count == len(expected)

    back = pq.read_table(out)
    assert back.num_rows == len(expected)
    assert back.schema.field("amount").type == pa.decimal128(20, 2)
    assert back.schema.names == ["source", *gfs_cn.Record._fields]

    amounts = back.column("amount").to_pylist()
    assert all(isinstance(a, Decimal) for a in amounts)
    assert amounts == [record.amount for _, record in expected]
    assert sum(amounts) == sum(record.amount for _, record in expected)
    assert back.column("source").to_pylist() == [name for name, _ in expected]
    assert back.to_pylist()[0] == {"source": expected[0][0], **expected[0][1]._asdict()}

    # A figure known from the Anshan report: 支出预算总表 合计 2,311.07万元.
    anshan = [
        row
        for row in back.to_pylist()
        if row["source"] == "anshan.txt" and row["table"] == "expenditure" and row["row_kind"] == "total"
    ]
    assert {row["column"]: row["amount"] for row in anshan}["total"] == Decimal("23110700.00")


def test_files_that_are_not_disclosures_are_skipped_and_named(etl: ModuleType, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text((FIXTURES / "texts" / "anshan.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "notes.txt").write_text("第一部分 部门概况\n", encoding="utf-8")
    count, skipped = etl.convert(folder, tmp_path / "records.parquet")
    assert count == len(gfs_cn.to_records(gfs_cn.read_text(folder / "a.txt")))
    assert [(path.name, "no disclosure table" in reason) for path, reason in skipped] == [("notes.txt", True)]


def test_more_decimals_than_the_schema_holds_are_refused_not_rounded(etl: ModuleType) -> None:
    with pytest.raises(pa.ArrowInvalid):
        pa.array([Decimal("0.125")], type=etl.AMOUNT)


def test_command_line(etl: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "records.parquet"
    assert etl.main([str(FIXTURES / "texts"), str(out)]) == 0
    assert capsys.readouterr().out.endswith(f"records → {out}\n")
    assert etl.main([]) == 2
