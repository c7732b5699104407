"""rollup_records: the vectorised roll-up equals gfs_cn.rollup, exactly, over records, Arrow tables and DataFrames."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gfs_cn
from gfs_cn import Level, functional
from gfs_cn.aggregate import rollup
from gfs_cn.errors import GfsError
from gfs_cn.records import Record
from gfs_cn.tables import Column, Report
from tests.conftest import FIXTURES
from tests.reports import SEEDS, hand_built

pytest.importorskip("pyarrow")
from gfs_cn.aggregate.columnar import rollup_records

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ITEMS = [subject.code for subject in functional.subjects(Level.ITEM)][:400]
KINDS = [("expenditure", "final_expenditure"), ("general_budget_expenditure", "final_general_budget_expenditure"),
         ("income", "final_income")]  # fmt: skip


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    """The fixture texts as read, and the hand-built reports: eight reports, two of each department."""
    read = [gfs_cn.read(path) for path in sorted((FIXTURES / "texts").glob("*.txt"))]
    return read + [hand_built(name).REPORT for name in SEEDS]


@pytest.mark.parametrize("kinds", KINDS, ids=lambda k: k[0])
def test_equals_rollup_over_every_report(reports: list[Report], kinds: tuple[str, ...]) -> None:
    records = [r for i, report in enumerate(reports) for r in gfs_cn.to_records(report, source=f"report-{i}")]
    expected = sum(rollup(t.rows) for report in reports for t in report.tables if t.kind.value in kinds)
    assert isinstance(expected, gfs_cn.aggregate.Rollup)
    for data in (records, gfs_cn.to_arrow(records), gfs_cn.to_arrow(records).to_pandas()):
        got = rollup_records(data, tables=kinds)
        assert got == expected
        assert got.total == expected.total
        assert got.unplaced == expected.unplaced
        assert got.aggregate_units == expected.aggregate_units
        assert all(isinstance(v, Decimal) for v in got.values())


def test_every_column_of_the_anshan_table(reports: list[Report]) -> None:
    """Other columns than 合计: the totals agree (a blank cell gives no record, so a code printed blank in
    a column is not among that column's keys, where rollup lists it with 0)."""
    report = hand_built("anshan").REPORT
    table = report.table("expenditure")
    for column in table.columns:
        got = rollup_records(gfs_cn.to_records(report), column=column, tables=("expenditure",))
        expected = rollup(table.rows, column=column)
        assert got.total == expected.total
        assert {k: v for k, v in got.items() if v} == {k: v for k, v in expected.items() if v}


def _record(source: str, code: str, amount: Decimal, unit: str | None = None) -> Record:
    return Record("某局", 2024, "budget", "expenditure", 0, 0, unit, "item", None, code, "", code or None,
                  None, None, "", "total", amount, "元", "department", source)  # fmt: skip


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a.pdf", "b.pdf", "c.pdf"]),
            st.sampled_from(ITEMS).flatmap(lambda c: st.sampled_from([c, c[:5], c[:3]])),
            st.decimals(min_value=-(10**9), max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
        ),
        max_size=60,
    )
)
def test_leaves_within_each_report_as_rollup_finds_them(items: list[tuple[str, str, Decimal]]) -> None:
    """Random 类, 款 and 项 in three reports: each report rolled up on its own, then added, is the whole."""
    records = [_record(source, code, amount) for source, code, amount in items]
    by_source: dict[str, list[tuple[str, Decimal]]] = {}
    for source, code, amount in items:
        by_source.setdefault(source, []).append((code, amount))
    expected: Any = sum((rollup(pairs) for pairs in by_source.values()), rollup([]))
    got = rollup_records(gfs_cn.to_arrow(records))
    assert got == expected
    assert got.total == expected.total


def test_the_sorted_path_for_very_many_tables_agrees(reports: list[Report], monkeypatch: pytest.MonkeyPatch) -> None:
    import gfs_cn.aggregate.columnar as columnar

    records = [r for i, report in enumerate(reports) for r in gfs_cn.to_records(report, source=f"report-{i}")]
    dense = rollup_records(records)
    monkeypatch.setattr(columnar, "_DENSE_LIMIT", 0)
    sparse = rollup_records(records)
    assert sparse == dense
    assert sparse.total == dense.total


def test_units_nested_in_a_table_are_skipped() -> None:
    records = [
        _record("a.pdf", "2101501", Decimal("10.00"), unit="044"),  # the department: repeats its units
        _record("a.pdf", "2101501", Decimal("4.00"), unit="044001"),
        _record("a.pdf", "2101501", Decimal("6.00"), unit="044002"),
        _record("b.pdf", "2101501", Decimal("1.00"), unit="044"),  # another report: 044 alone counts
    ]
    got = rollup_records(records)
    assert got.total == Decimal("11.00")
    assert got.aggregate_units == frozenset({"044"})


def test_codes_that_are_not_codes_are_unplaced_not_dropped() -> None:
    records = [_record("a.pdf", "2101501", Decimal("1.00")), _record("a.pdf", "", Decimal("2.00"))]
    records.append(records[0]._replace(row_code="21O15", subject_code=None, amount=Decimal("3.00")))
    got = rollup_records(records)
    assert got.total == Decimal("1.00")
    assert [(u.code, u.amount) for u in got.unplaced] == [("", Decimal("2.00")), ("21O15", Decimal("3.00"))]


def test_bad_input_says_what_is_wrong() -> None:
    with pytest.raises(GfsError, match="not a column"):
        rollup_records([], column="totl")
    with pytest.raises(GfsError, match="records"):
        rollup_records([("2101501", Decimal(1))])
    pa = pytest.importorskip("pyarrow")
    with pytest.raises(GfsError, match="no column"):
        rollup_records(pa.table({"code": ["2101501"]}))
    floats = gfs_cn.to_arrow([_record("a.pdf", "2101501", Decimal("1.00"))]).to_pandas()
    floats["amount"] = floats["amount"].astype(float)
    with pytest.raises(GfsError, match="floats"):
        rollup_records(floats)
    assert rollup_records([]).total == 0
    assert rollup_records([], column=Column.BASIC).column is Column.BASIC


# --- the one-pass path (rows in code order) and exact sums of huge amounts -----------------------------

AMOUNTS = st.one_of(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=10**15 - 10**6, max_value=10**15, places=2, allow_nan=False, allow_infinity=False),
    # up to the largest amount the fast roll-up adds: 2**63 - 1 fen
    st.decimals(min_value=-(2**63 - 1) / Decimal(100), max_value=(2**63 - 1) / Decimal(100), places=2,
                allow_nan=False, allow_infinity=False),
)  # fmt: skip
BLOCKS = st.sampled_from([1, 2, 3, 7, 65_536])
"""Rows per block of the one-pass roll-up: small blocks put rows of one table in several."""
CODES = st.sampled_from(ITEMS).flatmap(lambda c: st.sampled_from([c, c[:5], c[:3]]))


def _by_source(items: list[tuple[str, str, Decimal]]) -> Any:
    """gfs_cn.rollup of each source's pairs on its own, added: what rollup_records must give."""
    by_source: dict[str, list[tuple[str, Decimal]]] = {}
    for source, code, amount in items:
        by_source.setdefault(source, []).append((code, amount))
    return sum((rollup(pairs) for pairs in by_source.values()), rollup([]))


@PROPERTY
@given(
    st.lists(st.tuples(st.sampled_from(["a.pdf", "b.pdf", "c.pdf"]), CODES, AMOUNTS), max_size=80),
    st.lists(st.sampled_from(["", "21O15", "9999999"]), max_size=3),
    st.randoms(use_true_random=False),
    BLOCKS,
)
def test_rows_in_code_order_are_rolled_up_in_one_pass(
    items: list[tuple[str, str, Decimal]], bad: list[str], rng: Any, block: int
) -> None:
    """Each report's rows in code order, as reports print them (with invalid codes among them), taken
    in blocks of any size: the one-pass path, never the table of marks, and the same totals as
    gfs_cn.rollup, to the fen."""
    from unittest import mock

    import gfs_cn.aggregate.columnar as columnar

    distinct = {(source, code): amount for source, code, amount in items}  # a code once per table
    ordered = [(source, code, amount) for (source, code), amount in sorted(distinct.items())]
    records = [_record(source, code, amount) for source, code, amount in ordered]
    for code in bad:  # a row with no valid code anywhere: not added, listed, and the order still holds
        records.insert(rng.randrange(len(records) + 1), _record("a.pdf", code, Decimal("1.00")))
    with (
        mock.patch.object(columnar, "_add_by_marks", side_effect=AssertionError("not in one pass")),
        mock.patch.object(columnar, "_BLOCK", block),
    ):
        got = rollup_records(gfs_cn.to_arrow(records))
    expected = _by_source(ordered)
    assert got == expected
    assert got.total == expected.total
    assert sum(u.amount or 0 for u in got.unplaced) == len(bad)


@PROPERTY
@given(
    st.lists(st.tuples(st.sampled_from(["a.pdf", "b.pdf"]), CODES, AMOUNTS), max_size=80),
    st.randoms(use_true_random=False),
    BLOCKS,
)
def test_rows_in_any_order_give_the_same_totals(items: list[tuple[str, str, Decimal]], rng: Any, block: int) -> None:
    """Shuffled, repeated codes, a report's rows in several runs: the table of marks (once the one pass
    has seen rows out of order, in any block), the same totals."""
    from unittest import mock

    import gfs_cn.aggregate.columnar as columnar

    ordered = sorted(items)
    shuffled = list(items)
    rng.shuffle(shuffled)
    expected = _by_source(items)
    for arrangement in (ordered, shuffled):
        with mock.patch.object(columnar, "_BLOCK", block):
            got = rollup_records(gfs_cn.to_arrow([_record(s, c, a) for s, c, a in arrangement]))
        assert got == expected
        assert got.total == expected.total


@pytest.mark.parametrize("block", [1, 2, 65_536])
def test_a_report_in_two_runs_is_not_taken_for_two(block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """a.pdf's 款 comes first, its 项 after b.pdf's rows: each run is in order, but the 款 is a subtotal."""
    import gfs_cn.aggregate.columnar as columnar

    monkeypatch.setattr(columnar, "_BLOCK", block)
    rows = [("a.pdf", "21015", "5.00"), ("b.pdf", "21015", "7.00"), ("a.pdf", "2101501", "5.00")]
    got = rollup_records([_record(s, c, Decimal(a)) for s, c, a in rows])
    assert got.total == Decimal("12.00")
    assert got.leaves == frozenset({"21015", "2101501"})


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(-(2**63) + 1, 2**63 - 1)), min_size=1, max_size=50))
def test_sums_of_fen_are_exact_to_the_largest_amounts(items: list[tuple[int, int]]) -> None:
    import numpy as np

    from gfs_cn.aggregate.columnar import _Sums

    index = np.asarray([i for i, _ in items], dtype=np.int64)
    fen = np.asarray([f for _, f in items], dtype=np.int64)
    expected = [sum(f for i, f in items if i == slot) for slot in range(5)]
    split = _Sums(5, split=True)
    split.add(index[:3], fen[:3])  # in two blocks, as the one-pass roll-up adds them
    split.add(index[3:], fen[3:])
    assert [int(s) for s in split.totals()] == expected
    assert split.counts.tolist() == [sum(1 for i, _ in items if i == slot) for slot in range(5)]
    small = fen // 2**40  # sums that fit int64 take the one-step path
    whole = _Sums(5, split=False)
    whole.add(index, small)
    assert [int(s) for s in whole.totals()] == [sum(f // 2**40 for i, f in items if i == slot) for slot in range(5)]


def test_an_amount_beyond_2_63_fen_is_refused_not_wrapped() -> None:
    records = [_record("a.pdf", "2101501", Decimal(2**63) / 100)]
    with pytest.raises(GfsError, match="exceeds"):
        rollup_records(gfs_cn.to_arrow(records))
