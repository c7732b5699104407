"""Roll-ups: the seeds' printed subtotals against their leaves, and properties of random items."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from moneyed import Money

from gfs_cn import Level, Scheme, functional, to_money
from gfs_cn.aggregate import Rollup, rollup, rollup_columns
from gfs_cn.reading import read_text
from gfs_cn.tables import ClassifiedRow, ClassifiedTable, Column, EconomicTable, Report, RowKind, Table, TableKind
from tests.reports import SEEDS, hand_built, text

ROUNDING = Decimal(50)
"""Half of 0.01 万元, in yuan: a printed figure is within this of the exact one."""

ALL_CODES = [subject.code for subject in functional.CATALOG]
ITEM_CODES = [subject.code for subject in functional.subjects(Level.ITEM)]
AMOUNTS = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def _reports() -> list[tuple[str, Report]]:
    found = []
    for seed in SEEDS:
        found.append((f"{seed}-hand-built", hand_built(seed).REPORT))
        found.append((f"{seed}-read", read_text(text(seed))))
    return found


REPORTS = _reports()


def _coded_tables(*, checkable: bool = False) -> list[Any]:
    """Tables by code with rows; ``checkable``: complete ones that print coded rows (not only units)."""
    params = []
    for name, report in REPORTS:
        for table in report.tables:
            if not isinstance(table, ClassifiedTable | EconomicTable) or not table.rows:
                continue
            coded = any(row.kind is RowKind.ITEM for row in table.rows)
            if checkable and (table.incomplete or not coded):
                continue
            params.append(pytest.param(table, id=f"{name}-{table.kind.value}"))
    return params


def test_the_tables_left_unchecked_are_the_four_cut_off_in_zibo() -> None:
    """Zibo's text lost the later pages of four tables: their subtotals cannot add up from what is printed."""
    cut_off = {
        (name.split("-")[0], table.kind.value)
        for name, report in REPORTS
        for table in report.tables
        if table.incomplete and isinstance(table, ClassifiedTable | EconomicTable)
    }
    assert cut_off == {
        ("zibo", "expenditure"),
        ("zibo", "general_budget_expenditure"),
        ("zibo", "general_budget_basic_expenditure"),
        ("zibo", "basic_expenditure"),
    }


def _scheme(table: Table[Any]) -> Scheme:
    return Scheme.FUNCTIONAL if isinstance(table, ClassifiedTable) else Scheme.DEPARTMENT_ECONOMIC


@pytest.mark.parametrize("table", _coded_tables())
def test_seed_rows_have_codes_of_the_catalogue(table: Table[Any]) -> None:
    for column in table.columns:
        assert rollup(table, column=column, scheme=_scheme(table)).unplaced == ()


@pytest.mark.parametrize("table", _coded_tables(checkable=True))
def test_printed_subtotals_equal_the_rollup_of_their_leaves(table: Table[Any]) -> None:
    """Each printed 类 and 款 row (and the 合计 row) is its leaves' sum within rounding: 50 yuan a term."""
    printed_once = {code for code in (r.code for r in table.rows) if [r.code for r in table.rows].count(code) == 1}
    checked = 0
    for column, totals in rollup_columns(table, scheme=_scheme(table)).items():
        for row in table.rows:
            if column not in row.amounts:
                continue  # the other group of a table printed in side-by-side groups
            printed = row.decimal(column)
            if row.kind is RowKind.TOTAL and printed is not None:
                assert abs(totals.total - printed) <= ROUNDING * len(totals.leaves), (row.label, column)
                checked += 1
            elif row.kind is RowKind.ITEM and row.code in printed_once and row.code not in totals.leaves:
                terms = sum(1 for leaf in totals.leaves if leaf.startswith(row.code))
                assert abs(totals[row.code] - (printed or 0)) <= ROUNDING * terms, (row.label, column)
                checked += 1
    assert checked


def test_anshan_expenditure_rolls_up_exactly() -> None:
    expenditure = hand_built("anshan").REPORT.table(TableKind.EXPENDITURE)
    totals = rollup(expenditure)
    assert totals["210"] == Decimal("17419000.00")
    assert totals["21015"] == Decimal("16543100.00")
    assert totals.total == expenditure.total() == Decimal("23110700.00")
    assert totals.by_level(Level.CLASS) == {
        "201": Decimal("1017700.00"),
        "208": Decimal("2478400.00"),
        "210": Decimal("17419000.00"),
        "221": Decimal("2195600.00"),
    }
    assert totals.money("2101501") == Money("4422800.00", "CNY")
    assert [subject.code for subject, _ in totals.named()][:3] == ["201", "20101", "2010150"]
    # 类 and 款 rows are subtotals; the 项 rows are the leaves.
    assert totals.leaves == {row.code for row in expenditure.rows if len(row.code) == 7}


def test_xixia_prints_items_only_and_they_add_up_to_its_total() -> None:
    table = hand_built("xixia").REPORT.table(TableKind.GENERAL_BUDGET_EXPENDITURE)
    by_column = rollup_columns(table)
    # The nine 项 add up to 10,901.99 万元; the 合计 prints 10,902.00: rounding, within 9 × 0.005 万元.
    assert by_column[Column.TOTAL].total == Decimal("109019900.00")
    assert table.total() == Decimal("109020000.00")
    assert by_column[Column.PROJECT]["210"] == table.total(Column.PROJECT)
    assert by_column[Column.TOTAL].aggregate_units == frozenset()


def test_printed_forms_find_totals() -> None:
    totals = rollup([("2101501", Decimal("1.00"))])
    for form in ("21015", "210 15", "210\t15", "２１０１５", 21015):
        assert totals[form] == Decimal("1.00")
        assert form in totals
    assert "21016" not in totals
    assert "not a code" not in totals
    assert None not in totals
    with pytest.raises(KeyError):
        totals["2101502"]
    assert totals.get("21O15") is None


def test_invalid_codes_are_listed_not_dropped() -> None:
    rows = [
        ClassifiedRow(code="2101501", amounts={Column.TOTAL: to_money(Decimal("1"))}),
        ClassifiedRow(code="2101598", name="无此项", amounts={Column.TOTAL: to_money(Decimal("2"))}, line=7),
        ClassifiedRow(code="", name="无编码", amounts={Column.TOTAL: to_money(Decimal("3"))}),
        ClassifiedRow(kind=RowKind.TOTAL, name="合计", amounts={Column.TOTAL: to_money(Decimal("6"))}),
        ClassifiedRow(kind=RowKind.SUBSET, code="2101501", amounts={Column.TOTAL: to_money(Decimal("1"))}),
    ]
    totals = rollup(rows)
    assert totals.total == Decimal("10000")
    assert [(u.code, u.amount, u.line) for u in totals.unplaced] == [
        ("2101598", Decimal("20000"), 7),
        ("", Decimal("30000"), None),
    ]
    assert "nearest existing ancestor: 21015" in totals.unplaced[0].reason
    assert "1 unplaced" not in repr(totals)
    assert "2 unplaced" in repr(totals)


def test_blank_cells_add_nothing_but_keep_subtotals_out() -> None:
    rows = [
        ClassifiedRow(code="21015", amounts={Column.TOTAL: to_money(Decimal("9"))}),
        ClassifiedRow(code="2101501", amounts={Column.TOTAL: None}),
    ]
    assert rollup(rows)["21015"] == 0


def test_rows_of_a_department_above_its_units_are_not_added_twice() -> None:
    def row(unit: str, code: str, amount: str) -> ClassifiedRow:
        return ClassifiedRow(code=code, unit_code=unit, amounts={Column.TOTAL: to_money(Decimal(amount))})

    rows = [row("044", "2101501", "3"), row("044001", "2101501", "1"), row("044002", "21015", "2")]
    totals = rollup(rows)
    assert totals.aggregate_units == frozenset({"044"})
    # 044002's 21015 is a leaf of its unit, though 044001 prints a 项 under the same 款.
    assert totals["21015"] == totals.total == Decimal("30000")


def test_economic_rows_roll_up_by_either_code() -> None:
    table = hand_built("xixia").REPORT.table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE)
    department = rollup(table, scheme=Scheme.DEPARTMENT_ECONOMIC)
    government = rollup(table, scheme=Scheme.GOVERNMENT_ECONOMIC)
    assert department.total == government.total == table.total()
    assert government["50501"] == department["301"]
    assert "30107" in department.leaves  # printed twice, added twice
    assert department["30107"] == Decimal("219700.00")


def test_rollups_add() -> None:
    a = rollup([("2101501", Decimal("1"))])
    b = rollup([("21015", Decimal("2")), ("2080505", Decimal("4"))])
    both = a + b
    assert dict(both) == {"208": 4, "20805": 4, "2080505": 4, "210": 3, "21015": 3, "2101501": 1}
    assert both.total == sum([a, b]).total == Decimal(7)  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="cannot add"):
        a + rollup([("2101501", Decimal("1"))], column=Column.BASIC)


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError, match="float"):
        rollup([("2101501", 1.5)])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not str"):
        rollup(["2101501"])  # type: ignore[list-item]


def test_rollup_is_read_only() -> None:
    totals = rollup([("2101501", Decimal("1"))])
    with pytest.raises(TypeError):
        totals["210"] = Decimal(2)  # type: ignore[index]
    with pytest.raises(AttributeError):
        totals.total = Decimal(2)  # type: ignore[misc]


# --- properties -----------------------------------------------------------------------------------


def _expected(items: list[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Totals by brute force: every ancestor-or-self of every leaf gets the leaf's amount."""
    codes = {code for code, _ in items}
    leaves = [(c, a) for c, a in items if not any(o != c and o.startswith(c) for o in codes)]
    expected: dict[str, Decimal] = {}
    for code, amount in leaves:
        for n in range(3, len(code) + 1, 2):
            expected[code[:n]] = expected.get(code[:n], Decimal(0)) + amount
    return expected


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ITEM_CODES), AMOUNTS), max_size=40))
def test_rollup_of_leaves_is_the_sum_at_every_ancestor(items: list[tuple[str, Decimal]]) -> None:
    totals = rollup(items)
    assert dict(totals) == _expected(items)
    assert totals.total == sum((a for _, a in items), Decimal(0))
    assert sum(totals.by_level(Level.CLASS).values(), Decimal(0)) == totals.total


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ALL_CODES), AMOUNTS), max_size=40))
def test_rollup_of_codes_of_any_level_adds_leaves_only(items: list[tuple[str, Decimal]]) -> None:
    assert dict(rollup(items)) == _expected(items)


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ALL_CODES), AMOUNTS), max_size=30), st.randoms(use_true_random=False))
def test_rollup_does_not_depend_on_order(items: list[tuple[str, Decimal]], rng: random.Random) -> None:
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert dict(rollup(shuffled)) == dict(rollup(items))
    assert rollup(shuffled).total == rollup(items).total


@settings(deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(ITEM_CODES), AMOUNTS), min_size=1, max_size=30),
    st.data(),
)
def test_printed_subtotal_rows_do_not_change_totals(items: list[tuple[str, Decimal]], data: st.DataObject) -> None:
    ancestors = sorted({code[:n] for code, _ in items for n in (3, 5)})
    # Printed subtotals: some ancestors, with any amount (right or wrong), anywhere among the items.
    subtotals = data.draw(st.lists(st.tuples(st.sampled_from(ancestors), AMOUNTS), max_size=10))
    mixed = list(items)
    for subtotal in subtotals:
        mixed.insert(data.draw(st.integers(0, len(mixed))), subtotal)
    assert dict(rollup(mixed)) == dict(rollup(items))
    assert rollup(mixed).total == rollup(items).total


def _printed(code: str, style: int) -> str:
    split = " ".join(code[i:j] for i, j in ((0, 3), (3, 5), (5, 7)) if code[i:j])
    forms = [
        split,
        split.replace(" ", "\t"),
        code.translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"}),
        f" {code}\u3000",
        code[:5] + " " + code[5:] if len(code) == 7 else code,
        code,
    ]
    return forms[style]


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ALL_CODES), AMOUNTS, st.integers(0, 5)), max_size=30))
def test_printed_forms_roll_up_like_canonical_codes(items: list[tuple[str, Decimal, int]]) -> None:
    canonical = [(code, amount) for code, amount, _ in items]
    printed = [(_printed(code, style), amount) for code, amount, style in items]
    assert dict(rollup(printed)) == dict(rollup(canonical))
    assert rollup(printed).unplaced == ()


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ALL_CODES), AMOUNTS), max_size=30))
def test_rows_roll_up_like_pairs(items: list[tuple[str, Decimal]]) -> None:
    rows = [ClassifiedRow(code=code, amounts={Column.TOTAL: Money(amount, "CNY")}) for code, amount in items]
    money_pairs = [(code, Money(amount, "CNY")) for code, amount in items]
    assert dict(rollup(rows)) == dict(rollup(items)) == dict(rollup(money_pairs))


def test_rollup_of_nothing_is_empty() -> None:
    empty = rollup([])
    assert isinstance(empty, Rollup)
    assert len(empty) == 0
    assert empty.total == 0
    assert empty.unplaced == ()
