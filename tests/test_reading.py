"""Reading real disclosures: each seed read end to end and compared with its hand-built report."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gfs_cn import to_money
from gfs_cn.errors import ReadError
from gfs_cn.reading import coverage, read_text
from gfs_cn.tables import Column, Report, RowKind, TableKind
from gfs_cn.tables.models import Table, _PerformanceTable
from tests.reports import SEEDS, hand_built, text

READ = {seed: read_text(text(seed)) for seed in SEEDS}


def _cases() -> list[tuple[str, Table[Any], int]]:
    cases = []
    for seed in SEEDS:
        seen: Counter[TableKind] = Counter()
        for table in hand_built(seed).REPORT.tables:
            cases.append((seed, table, seen[table.kind]))
            seen[table.kind] += 1
    return cases


CASES = _cases()


def _match(report: Report, expected: Table[Any], index: int) -> Table[Any]:
    """The table the reader found for a hand-built one: same kind, and same place in the text."""
    if isinstance(expected, _PerformanceTable):
        # Fixtures hold a selection of the performance tables; find the one by where it starts.
        return next(t for t in report.tables_of(expected.kind) if t.first_line == expected.first_line)
    return report.tables_of(expected.kind)[index]


@pytest.mark.parametrize("seed", SEEDS)
def test_report_metadata(seed: str) -> None:
    expected, read = hand_built(seed).REPORT, READ[seed]
    assert (read.department, read.year, read.kind, read.money_unit) == (
        expected.department,
        expected.year,
        expected.kind,
        expected.money_unit,
    )


@pytest.mark.parametrize(
    ("seed", "expected", "index"),
    [c for c in CASES if not isinstance(c[1], _PerformanceTable)],
    ids=lambda v: v if isinstance(v, str) else getattr(v, "kind", "").value if hasattr(v, "kind") else str(v),
)
def test_amount_tables_equal_the_hand_built_ones(seed: str, expected: Table[Any], index: int) -> None:
    table = _match(READ[seed], expected, index)
    assert table.title == expected.title
    assert table.number == expected.number
    assert table.columns == expected.columns
    assert table.incomplete == expected.incomplete
    assert table.note == expected.note
    assert len(table.rows) == len(expected.rows)
    for got, want in zip(table.rows, expected.rows, strict=True):
        assert got == want, f"line {want.line}"
        assert got.line == want.line


@pytest.mark.parametrize(
    ("seed", "expected", "index"),
    [c for c in CASES if isinstance(c[1], _PerformanceTable)],
    ids=lambda v: v if isinstance(v, str) else str(getattr(v, "first_line", v)),
)
def test_performance_tables_match_the_hand_built_ones(seed: str, expected: Any, index: int) -> None:
    table: Any = _match(READ[seed], expected, index)
    assert table.subject_name == expected.subject_name
    assert table.amount == expected.amount
    assert table.tasks == expected.tasks
    assert table.funds == expected.funds
    # Indicator rows with merged cells read as printed; rows the source prints shifted (which the
    # fixtures read by meaning) may differ, the rest must be identical.
    same = set(table.rows) & set(expected.rows)
    assert len(same) >= 0.65 * len(expected.rows)
    assert all(i.level1 and i.level3 for i in table.rows)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_amount_printed_in_a_grid_is_placed_or_reported(seed: str) -> None:
    result = coverage(text(seed), READ[seed])
    assert result.total > 250
    assert result.unplaced == ()
    assert result.placed + result.reported == result.total
    # Only Xixia reports any: the rows of a table printed without its title (lines 585-589).
    reported = sum(len(block.text.split("\n")) for block in READ[seed].unplaced)
    assert (result.reported > 0) == (seed == "xixia") == (reported > 0)


@pytest.mark.parametrize("seed", SEEDS)
def test_printed_amounts_per_table(seed: str) -> None:
    module = hand_built(seed)
    read = READ[seed]
    seen: Counter[TableKind] = Counter()
    for expected in module.REPORT.tables:
        key = f"{expected.kind.value}#{seen[expected.kind]}"
        table = _match(read, expected, seen[expected.kind])
        seen[expected.kind] += 1
        if isinstance(table, _PerformanceTable):
            continue
        held = sum(1 for row in table.rows for v in row.amounts.values() if v is not None)
        assert held == module.PRINTED_AMOUNTS[key], key


def test_grand_totals_as_printed() -> None:
    anshan = READ["anshan"].table(TableKind.EXPENDITURE)
    assert str(anshan.total()) == "23110700.00"
    zibo = READ["zibo"].table(TableKind.INCOME)
    assert str(zibo.total()) == "104958300.00"
    ezhou = READ["ezhou"].table(TableKind.FINAL_EXPENDITURE)
    assert ezhou.rows[0].kind is RowKind.TOTAL
    assert str(ezhou.rows[0].decimal(ezhou.columns[0])) == "10670100.00"


def test_misprints_survive_for_the_checks() -> None:
    basic = READ["anshan"].table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE)
    stray = next(r for r in basic.rows if r.printed_code == "0 30206")
    assert stray.code == "30206"
    assert stray.subject is not None
    xixia = READ["xixia"].table(TableKind.APPROPRIATION_SUMMARY)
    transposed = next(r for r in xixia.rows if "文化体育旅游与传媒" in r.item)
    assert transposed.subject is None


def test_inferred_alignment_is_said() -> None:
    notes = [n for n in READ["xixia"].reading_notes if n.table == "部门支出总体情况表"]
    assert [n.line for n in notes] == [253, 254, 256, 257, 259, 260, 261, 262, 263]
    assert all("inferred" in n.message for n in notes)


def test_cut_tables_are_marked_incomplete() -> None:
    zibo = READ["zibo"]
    assert zibo.table(TableKind.EXPENDITURE).incomplete
    assert not zibo.table(TableKind.INCOME).incomplete
    xixia = READ["xixia"]
    assert xixia.table(TableKind.PROJECT_PERFORMANCE_SUMMARY).incomplete
    (leftover,) = xixia.unplaced
    assert "044" in leftover.reason
    assert (leftover.first_line, leftover.last_line) == (585, 589)


def test_path_or_text() -> None:
    from tests.reports import FIXTURES

    from_path = read_text(FIXTURES / "texts" / "anshan.txt")
    assert from_path.tables == READ["anshan"].tables
    assert from_path.source is not None
    assert from_path.source.endswith("anshan.txt")


def test_given_metadata_wins() -> None:
    report = read_text(text("anshan"), year=2025, kind="final_account", department="某局")
    assert (report.year, report.kind.value, report.department) == (2025, "final_account", "某局")


# -- mutations that real extraction produces ---------------------------------------------------


def _essence(report: Report) -> list[tuple[Any, ...]]:
    """What must not change under mutations of the text: per table, its rows' codes and amounts."""
    return [
        (
            table.kind,
            tuple(
                (
                    getattr(r, "code", None),
                    getattr(r, "subject", None),
                    getattr(r, "kind", None),
                    getattr(r, "amounts", None),
                )
                for r in table.rows
            ),
        )
        for table in report.tables
        if not isinstance(table, _PerformanceTable)
    ]


def _mutate_lines(source: str, change: Any) -> str:
    return "\n".join(change(line) for line in source.splitlines())


@pytest.mark.parametrize("seed", SEEDS)
def test_thousands_separators_removed_or_added(seed: str) -> None:
    removed = _mutate_lines(text(seed), lambda line: re.sub(r"(?<=\d),(?=\d{3})", "", line))
    assert _essence(read_text(removed)) == _essence(READ[seed])


@pytest.mark.parametrize("seed", SEEDS)
def test_half_width_brackets(seed: str) -> None:
    mutated = text(seed).replace("（", "(").replace("）", ")")
    assert _essence(read_text(mutated)) == _essence(READ[seed])


@pytest.mark.parametrize("seed", SEEDS)
def test_trailing_blank_columns(seed: str) -> None:
    mutated = _mutate_lines(text(seed), lambda line: line + "\t\t" if "\t" in line else line)
    assert _essence(read_text(mutated)) == _essence(READ[seed])


def test_page_header_repeated_mid_table() -> None:
    lines = text("anshan").splitlines()
    # 支出预算总表 (表3) rows 323-357; insert a new page's title, number, department, unit and header after 330.
    header = lines[311:321]
    mutated = "\n".join([*lines[:330], "", *header, *lines[330:]])
    assert _essence(read_text(mutated)) == _essence(READ["anshan"])


def test_header_repeated_without_title_mid_table() -> None:
    lines = text("zibo").splitlines()
    # 一般公共预算支出情况表 header (lines 238-239) printed again after line 250.
    mutated = "\n".join([*lines[:250], lines[237], lines[238], *lines[250:]])
    assert _essence(read_text(mutated)) == _essence(READ["zibo"])


# -- junk and truncated input --------------------------------------------------------------------


def test_text_that_is_not_a_disclosure() -> None:
    with pytest.raises(ReadError, match="no disclosure table"):
        read_text("这是一份普通的工作总结。\n没有任何表格。")


def test_a_header_outside_the_vocabulary_keeps_its_amounts_by_path() -> None:
    odd = (
        "2024年某局部门预算\n支出总体情况表\n部门名称：某局\n科目编码\t科目名称\t奇怪的栏目\n2101501\t行政运行\t1.00\n"
    )
    report = read_text(odd)
    assert report.unplaced == ()
    (table,) = report.tables
    assert table.extra_columns == ("奇怪的栏目",)
    (row,) = table.rows
    assert row.code == "2101501"
    assert row.extra == {"奇怪的栏目": to_money(Decimal("1.00"))}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    junk=st.text(
        alphabet=st.sampled_from(list("合计支出表1234567890.,\t\n 类款项科目编码名称总计收入万元年")), max_size=400
    )
)
def test_junk_reads_or_raises_read_error(junk: str) -> None:
    try:
        report = read_text("2024年某局部门预算\n支出总表\n" + junk)
    except ReadError:
        return
    assert isinstance(report, Report)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_truncated_text_reads_what_is_there(seed: str, data: st.DataObject) -> None:
    lines = text(seed).splitlines()
    cut = data.draw(st.integers(min_value=1, max_value=len(lines)))
    try:
        report = read_text("\n".join(lines[:cut]))
    except ReadError:
        return  # too little text left to be a disclosure (any other error fails the test)
    for table in report.tables:
        assert table.last_line is None or table.last_line <= cut


def test_header_row_split_over_two_lines() -> None:
    lines = text("anshan").splitlines()
    # 支出预算总表 (表3) prints its header on lines 320-321; extraction may break the first over two lines.
    first = lines[319].split("\t")
    split = ["\t".join(first[:3]), "\t".join([""] * 3 + first[3:])]
    mutated = "\n".join([*lines[:319], *split, *lines[320:]])
    assert _essence(read_text(mutated)) == _essence(READ["anshan"])


def test_contents_lists_the_titles_before_the_first_table() -> None:
    # Zibo's 目录 (2024) lists its tables under a part heading (第二部分), which names no table.
    source = "\n".join(
        [
            "淄博市医疗保障局2024年部门预算",
            "目录",
            "第二部分 2024年部门预算表",
            "- 一、收支总体情况表",
            "- 十二、政府采购预算情况表",
            "",
            "一、收支总体情况表",
            "单位：万元",
            "项目\t金额",
            "合计\t1.00",
        ]
    )
    assert read_text(source).contents == ("- 一、收支总体情况表", "- 十二、政府采购预算情况表")
    assert read_text("2024年部门预算\n一、收支总表\n项目\t金额\n合计\t1.00\n").contents == ()


def _lines_as_split(source: str) -> list[tuple[int, int | None, str]]:
    """(number, page, raw) of each line by the rule split_lines documents, written out independently: a text
    without a form feed has no pages."""
    if source.endswith("\n"):
        source = source[:-1]
    paged = "\f" in source
    found: list[tuple[int, int | None, str]] = []
    page = 1
    for number, raw in enumerate(source.split("\n"), 1):
        page += raw.count("\f")
        found.append((number, page if paged else None, raw.replace("\f", "").rstrip("\r")))
    return found


@given(st.text(alphabet="a1.\t\n\r\f 合计", max_size=80))
@settings(max_examples=200, deadline=None)
def test_text_lines_number_and_page_every_line_as_split(source: str) -> None:
    from gfs_cn.reading.sources.text import TextLines

    lines = TextLines(source)
    assert [(line.number, line.page, line.raw) for line in lines] == _lines_as_split(source)
    assert len(lines) == len(_lines_as_split(source))
    if len(lines):
        assert lines[-1] == list(lines)[-1]
        assert lines[0:2] == list(lines)[0:2]


def test_rows_without_extra_amounts_share_one_that_cannot_change() -> None:
    report = read_text(text("anshan"))
    rows = [row for table in report.tables for row in getattr(table, "rows", ()) if hasattr(row, "extra")]
    empty = [row.extra for row in rows if not row.extra]
    assert len(empty) > 10
    assert all(extra is empty[0] for extra in empty)
    with pytest.raises(TypeError, match="cannot be changed"):
        empty[0]["x"] = None


@pytest.mark.parametrize("cell", ["[2010101]行政运行", "【2010101】行政运行", "2010101 行政运行", "201 01 01 行政运行"])
@pytest.mark.parametrize("header", ["科目", "科目名称", "项目"])
def test_a_code_printed_before_the_name_in_one_cell_is_the_rows_code(cell: str, header: str) -> None:
    text = f"2024年某局部门预算\n支出总体情况表\n单位：万元\n{header}\t合计\t基本支出\n{cell}\t10.00\t10.00\n"
    (row,) = read_text(text, department="某局").tables[0].rows
    assert (row.code, row.name) == ("2010101", "行政运行")


@pytest.mark.parametrize("cell", ["2024年行政运行", "9999999 不是科目", "100 个项目"])
def test_digits_before_a_name_that_are_no_code_stay_in_the_name(cell: str) -> None:
    text = f"2024年某局部门预算\n支出总体情况表\n单位：万元\n科目名称\t合计\n{cell}\t10.00\n"
    (row,) = read_text(text, department="某局").tables[0].rows
    assert (row.code, row.name) == ("", cell)


def test_an_economic_code_printed_before_its_name() -> None:
    text = "2024年某局部门预算\n一般公共预算基本支出表\n单位：万元\n科目名称\t合计\n[30101]基本工资\t5.00\n"
    row = next(r for r in read_text(text, department="某局").tables[0].rows if r.code)
    assert (row.code, row.name) == ("30101", "基本工资")


def test_a_column_naming_the_reports_year_is_its_figure_another_years_is_kept_apart() -> None:
    text = (
        "2024年某局部门预算\n一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t2023年预算数\t2024年预算数\t增减额\n"
        "2010101\t行政运行\t10.00\t12.00\t2.00\n"
    )
    (row,) = read_text(text, department="某局").tables[0].rows
    assert row.amounts == {Column.AMOUNT: to_money(Decimal("12.00"))}
    assert row.extra == {"2023年预算数": to_money(Decimal("10.00")), "增减额": to_money(Decimal("2.00"))}
