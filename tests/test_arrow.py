"""Arrow and Parquet: the records of the fixture reports, written and read back exactly; DuckDB agrees with rollup."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import gfs_cn
from gfs_cn.aggregate import rollup
from gfs_cn.errors import GfsError
from gfs_cn.records import SCHEMA_VERSION, Record
from gfs_cn.tables import Column, ExpenditureTable, Report, ReportKind, RowKind
from tests.conftest import FIXTURES
from tests.strategies import reports as strategy_reports

pa = pytest.importorskip("pyarrow")
from gfs_cn.arrow import from_arrow, read_parquet, schema, to_arrow, to_parquet  # noqa: E402

TEXTS = sorted((FIXTURES / "texts").glob("*.txt"))


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    return [gfs_cn.read(path) for path in TEXTS]


@pytest.fixture(scope="module")
def records(reports: list[Report]) -> list[Record]:
    return [record for report in reports for record in gfs_cn.to_records(report)]


def test_schema_types_and_version(records: list[Record]) -> None:
    table = to_arrow(records)
    assert table.schema == schema()
    assert table.schema.metadata == {b"gfs_cn.schema": SCHEMA_VERSION.encode()}
    assert table.schema.field("amount").type == pa.decimal128(20, 2)
    code = table.schema.field("subject_code").type  # codes are text, dictionary-encoded
    assert pa.types.is_dictionary(code)
    assert code.value_type == pa.string()
    assert table.schema.field("row_name").type == pa.string()
    assert pa.types.is_dictionary(table.schema.field("table").type)
    assert table.schema.names == list(Record._fields)
    assert table.num_rows == len(records)
    assert from_arrow(table) == records


def test_reports_and_records_give_the_same_table(reports: list[Report], records: list[Record]) -> None:
    assert from_arrow(to_arrow(reports)) == from_arrow(to_arrow(records)) == records
    assert to_arrow(reports[0]).num_rows == len(gfs_cn.to_records(reports[0]))


def test_an_amount_with_more_than_two_decimals_is_refused_not_rounded() -> None:
    record = Record("某局", 2024, "budget", "expenditure", 0, 0, None, "item", None, "2101501", "行政运行",
                    "2101501", "行政运行", "项", "", "total", Decimal("0.125"), "元")  # fmt: skip
    with pytest.raises(GfsError, match="amount"):
        to_arrow([record])
    with pytest.raises(GfsError, match="takes reports and records"):
        to_arrow(["not a record"])  # type: ignore[list-item]


@pytest.mark.parametrize("partition_by", [("year",), ("year", "department"), ()])
def test_parquet_round_trip_is_exact(
    reports: list[Report], records: list[Record], tmp_path: Path, partition_by: tuple[str, ...]
) -> None:
    out = to_parquet(reports, tmp_path / "records", partition_by=partition_by)
    back = read_parquet(out)
    assert back.schema == schema()
    # partitions change the order of rows, never the rows
    assert Counter(from_arrow(back)) == Counter(records)
    assert sum(back["amount"].to_pylist()) == sum(r.amount for r in records)
    if partition_by:
        assert sorted(p.name for p in out.iterdir()) == sorted({f"year={r.year}" for r in reports})


def test_writes_into_one_dataset_never_collide(reports: list[Report], tmp_path: Path) -> None:
    out = tmp_path / "records"
    to_parquet(reports[:2], out)
    to_parquet(reports[2:], out, mode="append")
    to_parquet(reports[2:], out, mode="append")  # the same reports twice: kept twice, not overwritten
    back = read_parquet(out)
    expected = sum(len(gfs_cn.to_records(r)) for r in reports) + sum(len(gfs_cn.to_records(r)) for r in reports[2:])
    assert back.num_rows == expected


def test_partitioning_by_an_unknown_field_says_so(reports: list[Report], tmp_path: Path) -> None:
    with pytest.raises(GfsError, match="'month'"):
        to_parquet(reports, tmp_path / "x", partition_by=("month",))


def test_duckdb_sums_over_the_dataset_equal_rollup(reports: list[Report], tmp_path: Path) -> None:
    """Leaves found in SQL (no other row of the same table has a code below it) add up as rollup adds them."""
    duckdb = pytest.importorskip("duckdb")
    out = to_parquet(reports, tmp_path / "records")
    query = f"""
        WITH rows AS (
            SELECT * FROM read_parquet('{out}/**/*.parquet', hive_partitioning = true)
            WHERE "table" IN ('expenditure', 'final_expenditure') AND "column" = 'total'
              AND row_kind = 'item' AND subject_code IS NOT NULL
        ),
        leaves AS (
            SELECT * FROM rows AS r WHERE NOT EXISTS (
                SELECT 1 FROM rows AS d
                WHERE d.source = r.source AND d."table" = r."table" AND d.table_index = r.table_index
                  AND d.unit_code IS NOT DISTINCT FROM r.unit_code
                  AND length(d.subject_code) > length(r.subject_code) AND starts_with(d.subject_code, r.subject_code))
        )
        SELECT left(subject_code, 3) AS class, sum(amount) AS total FROM leaves GROUP BY 1 ORDER BY 1
    """
    by_class = dict(duckdb.sql(query).fetchall())
    expected = sum(
        rollup(table.rows, column=Column.TOTAL)
        for report in reports
        for table in report.tables
        if table.kind.value in ("expenditure", "final_expenditure")
    )
    assert by_class == expected.by_level(gfs_cn.Level.CLASS)
    assert all(isinstance(v, Decimal) for v in by_class.values())
    assert sum(by_class.values()) == expected.total


def test_empty_input_gives_an_empty_table_of_the_schema() -> None:
    empty = to_arrow(Report(department="某局", year=2024, kind=ReportKind.BUDGET, tables=(ExpenditureTable(),)))
    assert empty.num_rows == 0
    assert empty.schema == schema()
    assert RowKind.ITEM.value == "item"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategy_reports())
def test_any_report_goes_to_arrow_and_back_exactly(report: Report) -> None:
    records = gfs_cn.to_records(report, source="generated")
    if any(r.amount != r.amount.quantize(Decimal("0.01")) or abs(r.amount) >= 10**18 for r in records):
        with pytest.raises(GfsError, match="amount"):
            to_arrow(records)
        return
    assert from_arrow(to_arrow(report)) == gfs_cn.to_records(report)
    assert from_arrow(to_arrow(records)) == records


def test_data_there_is_refused_unless_told_to_overwrite_or_append(reports: list[Report], tmp_path: Path) -> None:
    """Running a conversion twice never silently doubles the data (pandas' and Spark's ``mode``)."""
    out = tmp_path / "records"
    to_parquet(reports[:1], out)
    (out / "notes.txt").write_text("kept", encoding="utf-8")
    with pytest.raises(GfsError, match=r"already holds Parquet data.*mode='overwrite'"):
        to_parquet(reports[:1], out)
    to_parquet(reports[1:2], out, mode="overwrite")
    assert read_parquet(out).num_rows == len(gfs_cn.to_records(reports[1]))
    assert sorted(p.name for p in out.iterdir()) == sorted({"notes.txt", f"year={reports[1].year}"})
    with pytest.raises(GfsError, match="mode must be"):
        to_parquet(reports[:1], out, mode="replace")  # type: ignore[arg-type]
