"""Comparing two reports figure by figure, and combining several into one."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs
import pytest

from gfs_cn import Level, functional, to_money
from gfs_cn.aggregate import Status, combine, compare, rollup, rollup_columns, shares
from gfs_cn.tables import ClassifiedRow, ClassifiedTable, Column, Report, RowKind, Side, TableKind, TwoSidedTable
from tests.reports import SEEDS, hand_built


def _report(seed: str) -> Report:
    report: Report = hand_built(seed).REPORT
    return report


@pytest.mark.parametrize("seed", SEEDS)
def test_a_report_compared_with_itself_is_unchanged(seed: str) -> None:
    same = compare(_report(seed), _report(seed))
    assert same.changes
    assert all(c.status is Status.UNCHANGED for c in same.changes)
    assert same.appeared == ()
    assert same.disappeared == ()
    assert same.changed() == ()
    assert all(c.change in (None, 0) for c in same.changes)
    assert all(c.percent in (None, 0) for c in same.changes)


def _next_year(report: Report) -> Report:
    """Zibo as if a year on: 行政运行 up by 10%, 2101506 dropped, 2101599 added, 2089999 zero last year."""
    income = report.table(TableKind.INCOME)
    assert isinstance(income, ClassifiedTable)
    rows = []
    for row in income.rows:
        if row.code == "2101506":
            continue
        if row.code == "2101501":
            row = attrs.evolve(
                row, amounts={c: None if m is None else m * Decimal("1.1") for c, m in row.amounts.items()}
            )
        rows.append(row)
    rows.append(
        ClassifiedRow(
            code="2101599",
            name="其他医疗保障管理事务支出",
            subject=functional.lookup("2101599"),
            amounts={Column.TOTAL: to_money(Decimal("1.00"))},
        )
    )
    tables = tuple(attrs.evolve(income, rows=tuple(rows)) if t is income else t for t in report.tables)
    return attrs.evolve(report, year=report.year + 1, tables=tables)


def test_changes_between_two_years() -> None:
    before = _report("zibo")
    zero_last_year = attrs.evolve(
        before,
        tables=tuple(
            attrs.evolve(
                t,
                rows=tuple(
                    attrs.evolve(r, amounts={**r.amounts, Column.TOTAL: to_money(Decimal(0))})
                    if getattr(r, "code", "") == "2089999"
                    else r
                    for r in t.rows
                ),
            )
            if t.kind is TableKind.INCOME
            else t
            for t in before.tables
        ),
    )
    diff = compare(zero_last_year, _next_year(before))
    income = {(c.code, c.column): c for c in diff.of(TableKind.INCOME)}
    administration = income["2101501", Column.TOTAL]
    assert administration.a == Decimal("42931900.00")
    assert administration.b == Decimal("47225090.0000")
    assert administration.change == Decimal("4293190.0000")
    assert administration.percent == Decimal("10.00")
    assert administration.ratio == Fraction(1, 10)
    assert administration.status is Status.CHANGED
    assert income["2089999", Column.TOTAL].percent is None  # zero last year: no percentage
    assert income["2089999", Column.TOTAL].change == Decimal("33050000.00")
    assert (TableKind.INCOME, "2101599") in diff.appeared
    assert (TableKind.INCOME, "2101506") in diff.disappeared
    dropped = income["2101506", Column.TOTAL]
    assert dropped.status is Status.DISAPPEARED
    assert dropped.b is None
    assert dropped.percent == Decimal("-100.00")
    added = income["2101599", Column.TOTAL]
    assert added.status is Status.APPEARED
    assert added.a is None
    assert added.percent is None
    assert "2024 部门预算 → 淄博市医疗保障局 2025 部门预算" in repr(diff)
    assert "收入总表 2101506 医疗保障经办事务 合计: 10.00 → — 万元 (-10.00, -100.00%)" in repr(diff)


def test_to_rows() -> None:
    diff = compare(_report("anshan"), _report("zibo"))
    rows = diff.to_rows()
    assert len(rows) == len(diff.changes)
    first_expenditure = next(r for r in rows if r["table"] == "expenditure" and r["code"] == "2101501")
    assert first_expenditure["a"] == Decimal("4422800.00")
    assert first_expenditure["b"] == Decimal("42931900.00")
    assert first_expenditure["change"] == Decimal("38509100.00")
    assert first_expenditure["percent"] == Decimal("870.70")
    assert set(rows[0]) == {
        "table", "row_kind", "unit_code", "side", "code", "name", "column", "a", "b", "change", "percent", "status",
    }  # fmt: skip


def test_two_sided_lines_align_by_class_or_item_whatever_their_numbering() -> None:
    diff = compare(_report("anshan"), _report("zibo"))
    health = [c for c in diff.of(TableKind.BUDGET_SUMMARY) if c.code == "210"]
    assert len(health) == 1
    assert health[0].side is Side.EXPENDITURE
    assert health[0].a == Decimal("17419000.00")
    assert health[0].b == Decimal("58556300.00")


def test_blank_and_zero_are_the_same_amount() -> None:
    report = _report("ezhou")
    blanked = attrs.evolve(
        report,
        tables=tuple(
            attrs.evolve(t, rows=tuple(attrs.evolve(r, amounts=dict.fromkeys(r.amounts)) for r in t.rows))
            if t.kind is TableKind.FINAL_CAPITAL_BUDGET
            else t
            for t in report.tables
        ),
    )
    assert all(c.status is Status.UNCHANGED for c in compare(report, blanked).of(TableKind.FINAL_CAPITAL_BUDGET))


# --- combine ----------------------------------------------------------------------------------------


def test_combining_one_report_gives_its_rollups() -> None:
    report = _report("anshan")
    combined = combine([report])
    for table in report.tables:
        if isinstance(table, ClassifiedTable) and table.rows:
            for column, totals in rollup_columns(table).items():
                assert dict(combined.rollup(table.kind, column)) == dict(totals)
    assert combined.printed_totals[TableKind.EXPENDITURE, Column.TOTAL] == Decimal("23110700.00")
    assert combined.rollup(TableKind.EXPENDITURE).total == Decimal("23110700.00")


def test_combining_reports_adds_them_code_by_code() -> None:
    anshan, zibo, xixia = _report("anshan"), _report("zibo"), _report("xixia")
    combined = combine([anshan, zibo, xixia])
    expenditure = [rollup(r.table(TableKind.GENERAL_BUDGET_EXPENDITURE)) for r in (anshan, zibo, xixia)]
    for code in ("210", "21015", "2101501", "208", "221"):
        expected = sum((r.get(code, Decimal(0)) for r in expenditure), Decimal(0))
        assert combined.get(TableKind.GENERAL_BUDGET_EXPENDITURE, code) == expected
    assert combined.rollup(TableKind.GENERAL_BUDGET_EXPENDITURE).total == sum(r.total for r in expenditure)
    # Two-sided lines add up by functional class, whatever the item's number in each report.
    summaries = [r.table(TableKind.BUDGET_SUMMARY) for r in (anshan, zibo, xixia)]
    # Xixia prints “十、卫生健康”, Zibo “八、卫生健康支出”: both name 210.
    health = [
        line
        for table in summaries
        if isinstance(table, TwoSidedTable)
        for line in table.side(Side.EXPENDITURE)
        if line.subject is not None and line.subject.code == "210"
    ]
    assert len(health) == 3
    expected_health = sum((line.decimal(Column.AMOUNT) or Decimal(0) for line in health), Decimal(0))
    assert expected_health == Decimal("184995300.00")
    assert combined.get(TableKind.BUDGET_SUMMARY, "210", Column.AMOUNT) == expected_health
    assert (
        combined.get(TableKind.BUDGET_SUMMARY, "八、卫生健康支出", Column.AMOUNT, Side.EXPENDITURE) == expected_health
    )
    assert combined.incomplete >= {TableKind.EXPENDITURE, TableKind.GENERAL_BUDGET_EXPENDITURE}
    assert "3 reports" in repr(combined)
    assert "incomplete" in repr(combined)
    rows = combined.to_rows()
    assert {"table": "general_budget_expenditure", "side": None, "code": "210", "name": "卫生健康支出",
            "column": "total", "amount": combined.get(TableKind.GENERAL_BUDGET_EXPENDITURE, "210")} in rows  # fmt: skip


def test_combined_rollups_never_count_a_subtotal_twice() -> None:
    def unit(amounts: list[tuple[str, str]]) -> Report:
        rows = tuple(
            ClassifiedRow(code=code, amounts={Column.TOTAL: to_money(Decimal(amount))}) for code, amount in amounts
        )
        table = attrs.evolve(_report("anshan").table(TableKind.EXPENDITURE), rows=rows)
        return attrs.evolve(_report("anshan"), tables=(table,))

    both = combine([unit([("210", "7"), ("21015", "7"), ("2101501", "7")]), unit([("21015", "3")])])
    assert both.get(TableKind.EXPENDITURE, "210") == both.rollup(TableKind.EXPENDITURE).total == Decimal("100000")
    assert both.get(TableKind.EXPENDITURE, "2101501") == Decimal("70000")
    assert both.get(TableKind.EXPENDITURE, "221") is None


def test_combine_unknown_kind() -> None:
    with pytest.raises(ValueError, match="no 项目支出表"):
        combine([_report("anshan")]).rollup(TableKind.PROJECT_EXPENDITURE)


# --- shares -----------------------------------------------------------------------------------------


def test_shares_of_a_seed() -> None:
    totals = rollup(_report("anshan").table(TableKind.EXPENDITURE))
    by_class = shares(totals, level=Level.CLASS)
    assert [str(share) for share in by_class.values()] == ["4.40%", "10.72%", "75.37%", "9.50%"]
    assert sum(share.fraction for share in by_class.values()) == 1
    assert by_class["210"].fraction == Fraction(174190, 231107)
    assert by_class["210"].value == Decimal("0.7537")
    assert shares(totals)["21015"].amount == Decimal("16543100.00")


def test_shares_of_nothing() -> None:
    with pytest.raises(ValueError, match="zero"):
        shares(rollup([]))
    with pytest.raises(TypeError):
        shares({"a": Decimal(1)}, level=Level.CLASS)
    assert shares({"a": Decimal(1), "b": Decimal(3)})["b"].percent == Decimal("75.00")


def test_rows_kind_is_kept() -> None:
    diff = compare(_report("zibo"), _report("zibo"))
    assert {c.row_kind for c in diff.changes} >= {RowKind.TOTAL, RowKind.ITEM}
