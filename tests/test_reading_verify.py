"""The reader's verification stage: identities on the reading, table status, doubts that stay the reader's.

Figures are real: the Yantai petition bureau's 2026 budget (公开表3 支出总体情况表 and 公开表12 政府采购预算表,
which print 20140 信访事务 above 项 rows that do not add up to it), and pages cut from the Wuxi statistics
bureau's and the Guangzhou petition bureau's 2026 budgets.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gfs_cn
from gfs_cn import functional, to_money
from gfs_cn.reading.verify import failures, verify
from gfs_cn.tables import (
    ClassifiedRow,
    Column,
    ExpenditureTable,
    ProjectExpenditureTable,
    ProjectRow,
    Report,
    ReportKind,
    RowKind,
    TableStatus,
    Unplaced,
)

PDF = Path(__file__).parent / "fixtures" / "pdf"
COLUMNS = (Column.TOTAL, Column.BASIC, Column.PROJECT)


def row(code: str, *amounts: str | None, kind: RowKind = RowKind.ITEM, line: int = 1) -> ClassifiedRow:
    figures = {c: None if a is None else to_money(Decimal(a)) for c, a in zip(COLUMNS, amounts, strict=True)}
    subject = functional.get(code) if code else None
    name = "合计" if kind is RowKind.TOTAL else (subject.name if subject else "")
    return ClassifiedRow(
        code=code, printed_code=code, name=name, subject=subject, kind=kind, amounts=figures, line=line, page=9
    )


def yantai_expenditure(*changes: tuple[int, Column, str], as_printed: bool = False) -> ExpenditureTable:
    """公开表3 of the Yantai budget, its first rows (万元), with the changes given (row index, column, figure).

    As printed, no 项 row carries the 524.00 of 项目支出; otherwise a 2014099 row does, and the table adds up."""
    rows = [
        row("", "1378.84", "854.84", "524.00", kind=RowKind.TOTAL),
        row("201", "1378.84", "854.84", "524.00"),
        row("20140", "1378.84", "854.84", "524.00"),
        row("2014001", "507.97", "507.97", None),
        row("2014050", "346.87", "346.87", None),
    ]
    if not as_printed:
        rows.append(row("2014099", "524.00", None, "524.00"))
    for index, column, figure in changes:
        rows[index] = attrs.evolve(rows[index], amounts={**rows[index].amounts, column: to_money(Decimal(figure))})
    return ExpenditureTable(title="支出总体情况表", columns=COLUMNS, rows=tuple(rows), first_line=1, last_line=9)


def test_a_row_left_out_by_the_publisher_is_a_finding_not_a_doubt() -> None:
    # 20140 信访事务 prints 524.00 of 项目支出 that no 项 row below it carries: the reading holds, the
    # publisher's table does not, and check() is the one to say so.
    table = yantai_expenditure(as_printed=True)
    found = failures(table)
    assert {(f.identity, f.row, f.column) for f in found} == {
        ("parent", str(table.rows[2].label), Column.TOTAL),
        ("parent", str(table.rows[2].label), Column.PROJECT),
    }
    assert {f.difference for f in found} == {Decimal("5240000.00")}
    verified, notes = verify([table], [])
    assert verified[0].status is TableStatus.READ
    assert not notes
    report = Report(department="烟台市信访局", year=2026, kind=ReportKind.BUDGET, tables=tuple(verified))
    errors = [f for f in report.check() if f.severity.value == "error" and f.rule == "rollup.codes"]
    assert errors
    assert all(f.severity.value == "error" for f in errors)


def test_one_mistyped_figure_is_the_publishers() -> None:
    table = yantai_expenditure((3, Column.BASIC, "507.79"))  # 行政运行's 基本支出, digits swapped
    assert failures(table)
    assert verify([table], [])[0][0].reliable


def test_independent_differences_make_the_reading_doubtful() -> None:
    # Two rows off in unrelated ways: no single printed figure explains it, as when a page was misread.
    table = yantai_expenditure((4, Column.TOTAL, "0.00"), (1, Column.BASIC, "1.00"))
    verified, notes = verify([table], [])
    assert verified[0].status is TableStatus.DOUBTFUL
    assert "fails" in verified[0].doubts[0]
    assert "page 9" in verified[0].doubts[0]
    assert notes
    assert notes[0].message.startswith("doubtful:")
    # The stage judges; it never changes a figure.
    assert verified[0].rows == table.rows


def test_check_reports_a_doubtful_table_as_incomplete_not_as_errors() -> None:
    table = yantai_expenditure((4, Column.TOTAL, "0.00"), (1, Column.BASIC, "1.00"))
    verified, _ = verify([table], [])
    report = Report(department="烟台市信访局", year=2026, kind=ReportKind.BUDGET, tables=tuple(verified))
    touching = [f for f in report.check() if f.rule in ("rollup.codes", "rollup.total", "column.sums")]
    assert touching
    assert {f.severity.value for f in touching} == {"incomplete"}


def test_figures_left_unplaced_inside_a_table_make_it_incomplete() -> None:
    table = yantai_expenditure()
    assert failures(table) == []
    stray = Unplaced(first_line=5, last_line=5, reason="amounts fall under no column", text="1.00", table=table.title)
    verified, _notes = verify([table], [stray])
    assert verified[0].status is TableStatus.INCOMPLETE
    assert "could not be placed (lines 5)" in verified[0].doubts[0]
    elsewhere = Unplaced(first_line=50, last_line=50, reason="outside any table", text="1.00")
    assert verify([table], [elsewhere])[0][0].reliable


def test_a_status_only_worsens() -> None:
    table = ExpenditureTable().marked(TableStatus.INCOMPLETE, "cut off")
    assert table.marked(TableStatus.DOUBTFUL, "sums").status is TableStatus.INCOMPLETE
    assert table.marked(TableStatus.DOUBTFUL, "sums").doubts == ("cut off", "sums")
    assert table.marked(TableStatus.INCOMPLETE, "cut off").doubts == ("cut off",)


_CHILDREN = ("2014001", "2014002", "2014050", "2014099")


@given(st.lists(st.integers(0, 10**9), min_size=4, max_size=4), st.lists(st.integers(0, 10**9), min_size=4, max_size=4))
def test_a_table_that_adds_up_passes_every_identity(basic: list[int], project: list[int]) -> None:
    def fen(value: int) -> str:
        return str(Decimal(value).scaleb(-2))

    items = [row(code, fen(b + p), fen(b), fen(p)) for code, b, p in zip(_CHILDREN, basic, project, strict=True)]
    b, p = sum(basic), sum(project)
    parents = [row(code, fen(b + p), fen(b), fen(p)) for code in ("", "201", "20140")]
    parents[0] = attrs.evolve(parents[0], kind=RowKind.TOTAL)
    table = ExpenditureTable(columns=COLUMNS, rows=(*parents, *items))
    assert failures(table) == []
    assert verify([table], [])[0][0].status is TableStatus.READ


@given(st.integers(10, 10**8), st.sampled_from(range(6)), st.sampled_from(COLUMNS))
def test_any_one_figure_off_is_found_and_left_to_the_checks(off: int, index: int, column: Column) -> None:
    # Off by 0.10 万元 or more: beyond the rounding of the few figures each identity adds.
    table = yantai_expenditure()
    printed = table.rows[index].amounts[column]
    changed = Decimal(off).scaleb(-2) + (printed.amount / 10000 if printed is not None else 0)
    table = yantai_expenditure((index, column, str(changed)))
    assert failures(table)
    assert verify([table], [])[0][0].reliable


# -- real pages -----------------------------------------------------------------------------


def test_a_table_runs_on_past_the_running_head_of_the_next_page() -> None:
    pytest.importorskip("pdfplumber")
    report = gfs_cn.read(PDF / "wuxi-stats-2026-pages-9-11.pdf")
    expenditure = report.table("expenditure")
    last = expenditure.rows[-1]
    # Page 3 opens with 无锡市统计局 2026 年度部门预算公开 (printed atop every page) and then the table's last row.
    assert (last.code, last.name, last.page, last.decimal(Column.TOTAL)) == (
        "2210203",
        "购房补贴",
        3,
        Decimal("1671800.00"),
    )
    assert expenditure.last_page == 3
    assert expenditure.status is TableStatus.READ
    assert not report.unplaced
    assert failures(expenditure) == []


def test_headers_of_the_guangzhou_template() -> None:
    pytest.importorskip("pdfplumber")
    report = gfs_cn.read(PDF / "gz-petition-2026-pages-12-13-18.pdf", year=2026)
    # 部门预算支出经济科目 | 预算: the names (code in brackets) and the year's figure.
    basic = report.table("general_budget_basic_expenditure")
    assert basic.columns == (Column.AMOUNT,)
    assert (basic.rows[1].code, basic.rows[1].name, basic.rows[1].decimal(Column.AMOUNT)) == (
        "301",
        "工资福利支出",
        Decimal("25774200.00"),
    )
    assert len(basic.rows) == 36
    assert basic.last_page == 2
    # 总计 | 财政拨款 › 合计: the second is the appropriation, not a second row total.
    by_source = report.table("basic_expenditure")
    assert by_source.columns[:2] == (Column.TOTAL, Column.APPROPRIATION)
    assert not report.unplaced
    assert all(t.reliable for t in report.tables)


def test_a_total_printed_first_in_a_project_list_is_its_total() -> None:
    text = "\n".join(
        [
            "2026年某局部门预算",
            "",
            "项目支出预算表",
            "部门名称：某局",
            "单位：万元",
            "项目名称\t项目类别\t合计\t一般公共预算",
            "合计\t\t30.00\t30.00",
            "办公楼维修\t特定目标类\t10.00\t10.00",
            "信息化建设\t特定目标类\t20.00\t20.00",
        ]
    )
    table = gfs_cn.read_text(text).tables[0]
    assert [(r.kind, r.name) for r in table.rows] == [
        (RowKind.TOTAL, "合计"),
        (RowKind.ITEM, "办公楼维修"),
        (RowKind.ITEM, "信息化建设"),
    ]
    assert table.status is TableStatus.READ
    assert table.rows[0].decimal(Column.TOTAL) == Decimal("300000.00")
    # Two projects whose 一般公共预算 falls short of their 合计, each by its own amount: no one printed row
    # explains it, as when figures were read under the wrong header.
    three = text.replace("合计\t一般公共预算", "合计\t一般公共预算\t政府性基金预算").replace(
        "30.00\t30.00", "30.00\t30.00\t"
    )
    doubtful = three.replace("10.00\t10.00", "10.00\t5.00\t").replace("20.00\t20.00", "20.00\t15.00\t")
    assert gfs_cn.read_text(three).tables[0].status is TableStatus.READ
    assert gfs_cn.read_text(doubtful).tables[0].status is TableStatus.DOUBTFUL


def test_a_code_put_together_from_split_cells_is_never_a_unit_code() -> None:
    # 类 printed as 7 (its 20 lost to the cell to its left): 7 | 11 | 02 is still the row's functional code,
    # however its digits start; only a code printed whole (044, 044001) names a unit.
    lines = [
        "2026年某局部门预算",
        "",
        "支出总体情况表",
        "部门名称：某局",
        "单位：万元",
        "类\t款\t项\t科目名称\t合计\t基本支出\t项目支出",
        "\t\t\t合计\t10.00\t10.00\t",
        "7\t\t\t文化旅游体育与传媒支出\t10.00\t10.00\t",
        "\t11\t\t文物\t10.00\t10.00\t",
        "\t\t02\t一般行政管理事务\t10.00\t10.00\t",
    ]
    table = gfs_cn.read_text("\n".join(lines)).tables[0]
    assert [r.kind for r in table.rows] == [RowKind.TOTAL, RowKind.ITEM, RowKind.ITEM, RowKind.ITEM]
    assert all(r.unit_code is None for r in table.rows)
    units = [*lines[:7], "044001\t\t\t某局本级\t10.00\t10.00\t", *lines[7:]]
    assert gfs_cn.read_text("\n".join(units)).tables[0].rows[1].unit_code == "044001"


def test_a_file_without_text_before_the_tables_file_keeps_its_pages(tmp_path: Path) -> None:
    # A report published as a 说明 file with no text layer and a tables file: the tables are read, and
    # their pages number on from the first file's pages.
    pytest.importorskip("pdfplumber")
    from pypdf import PdfWriter

    blank = tmp_path / "explanation.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    writer.write(blank)
    alone = gfs_cn.read(PDF / "wuxi-stats-2026-pages-9-11.pdf")
    both = gfs_cn.read([blank, PDF / "wuxi-stats-2026-pages-9-11.pdf"])
    assert [t.kind for t in both.tables] == [t.kind for t in alone.tables]
    assert [t.first_page for t in both.tables] == [(t.first_page or 0) + 2 for t in alone.tables]
    assert both.table("expenditure").rows[-1].page == 5


def test_a_file_of_narrative_only_reads_as_a_report_without_tables() -> None:
    text = "\n".join(
        [
            "某局2026年部门预算",
            "第一部分 部门概况",
            "一、部门主要职责",
            "负责全市信访工作。",
            "第二部分 2026年部门预算情况说明",
            "一、收支预算总体情况",
            "2026年收支总预算1,717.85万元。",
        ]
    )
    report = gfs_cn.read_text(text)
    assert report.tables == ()
    assert report.year == 2026
    assert next(n.message for n in report.reading_notes).startswith("no table found: this source holds the narrative")
    assert any("1,717.85万元" in section.text for section in report.narrative)
    with pytest.raises(gfs_cn.ReadError, match="not a budget or final-account disclosure"):
        gfs_cn.read_text("第一部分 部门概况\n一、主要职能")


def test_a_project_list_is_added_at_its_top_level() -> None:
    # Zhuhai's 表12 (万元): the department heads its projects without a code; Zibo's list prints two
    # projects of one amount one after the other, which head nothing; Zhuhai's 表7 lists by economic code.
    def project(name: str, *amounts: str, kind: RowKind = RowKind.ITEM) -> ProjectRow:
        figures = {c: to_money(Decimal(a)) for c, a in zip((Column.TOTAL,), amounts, strict=False)}
        return ProjectRow(name=name, kind=kind, amounts=figures, page=22)

    def listed(*rows: ProjectRow) -> ProjectExpenditureTable:
        return ProjectExpenditureTable(columns=(Column.TOTAL,), rows=rows)

    headed = listed(
        project("合计", "58788.54", kind=RowKind.TOTAL),
        project("珠海市商务局", "58446.21"),
        project("口岸现场水电费", "6905.22"),
        project("口岸维修经费", "57.52"),
        project("其他项目", "51483.47"),
        project("珠海市口岸服务中心", "342.33"),
        project("口岸运行", "300.00"),
        project("查验配套", "42.33"),
    )
    assert failures(headed) == []
    twins = listed(
        project("合计", "15.00", kind=RowKind.TOTAL),
        project("差旅费", "6.00"),
        project("会议费", "6.00"),
        project("培训费", "3.00"),
    )
    assert failures(twins) == []
    assert failures(listed(project("合计", "0.00", kind=RowKind.TOTAL))) == []  # a list with no project
    by_code = listed(
        project("合计", "30.00", kind=RowKind.TOTAL),
        project("[302]商品和服务支出", "30.00"),
        project("[30201]办公费", "10.00"),
        project("[30205]水费", "20.00"),
    )
    assert failures(by_code) == []
    assert [f.summed for f in failures(listed(project("合计", "40.00", kind=RowKind.TOTAL), *by_code.rows[1:]))] == [
        Decimal("300000.00")
    ]


def test_a_header_of_two_rows_repeated_on_the_next_page_makes_no_row() -> None:
    header = [
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\t2026年政府采购项目",
        "\t\t\t\t\t其中：2026年政府采购项目中预留给中小企业的项目资金规模",
    ]
    lines = [
        "2026年某局部门预算",
        "",
        "支出总体情况表",
        "部门名称：某局",
        "单位：万元",
        *header,
        "\t合计\t30.00\t20.00\t10.00\t1.00",
        "201\t一般公共服务支出\t30.00\t20.00\t10.00\t1.00",
        "20101\t人大事务\t30.00\t20.00\t10.00\t1.00",
        *header,
        "2010101\t行政运行\t20.00\t20.00\t\t",
        "2010102\t一般行政管理事务\t10.00\t\t10.00\t1.00",
    ]
    report = gfs_cn.read_text("\n".join(lines))
    table = report.tables[0]
    assert [r.code for r in table.rows] == ["", "201", "20101", "2010101", "2010102"]
    assert all(r.name for r in table.rows)
    wanted = "2026年政府采购项目 › 其中：2026年政府采购项目中预留给中小企业的项目资金规模"
    assert table.extra_columns == (wanted,)
    assert table.rows[-1].extra == {wanted: to_money(Decimal("1.00"))}
    assert table.status is TableStatus.READ
    assert not report.unplaced


@pytest.mark.parametrize(
    "cover",
    [
        ["中共上海市普陀区委", "社会工作部", "2025年部门预算"],
        ["2025年", "中共上海市普陀区委", "社会工作部", "部门预算"],
        ["2025年部门预算", "编制部门：中共上海市普陀区委社会工作部"],
    ],
)
def test_the_department_is_named_whole_whatever_the_cover(cover: list[str]) -> None:
    lines = [
        *cover,
        "",
        "支出总体情况表",
        "单位：万元",
        "科目编码\t科目名称\t合计\t基本支出\t项目支出",
        "\t合计\t10.00\t10.00\t",
        "2010101\t行政运行\t10.00\t10.00\t",
    ]
    report = gfs_cn.read_text("\n".join(lines))
    assert (report.department, report.year) == ("中共上海市普陀区委社会工作部", 2025)
    assert not [n for n in report.reading_notes if "department" in n.message or "cover" in n.message]


def test_a_regions_sub_item_is_its_own_code_and_adds_up() -> None:
    # Beijing prints 30211 差旅费 as its sub-items 3021101-差旅费 (without 30211): they count in the 合计.
    lines = [
        "2026年某局部门预算",
        "",
        "一般公共预算基本支出表",
        "单位：元",
        "部门预算支出经济分类科目\t合计\t人员经费\t公用经费",
        "合计\t3,000.00\t\t3,000.00",
        "30201-办公费\t1,000.00\t\t1,000.00",
        "3021101-差旅费\t1,500.00\t\t1,500.00",
        "3021503-三类会议费\t500.00\t\t500.00",
    ]
    table = gfs_cn.read_text("\n".join(lines)).tables[0]
    assert [(r.code, r.name) for r in table.rows[1:]] == [
        ("30201", "办公费"),
        ("3021101", "差旅费"),
        ("3021503", "三类会议费"),
    ]
    assert failures(table) == []
    assert table.status is TableStatus.READ


def test_a_section_of_the_narrative_knows_its_page() -> None:
    text = "\n".join(
        [
            "2026年某局部门预算",
            "第一部分 部门概况",
            "一、主要职责",
            "负责信访工作。",
            "\f二、收支预算总体情况",
            "收支总预算10.00万元。",
        ]
    )
    report = gfs_cn.read_text(text)
    assert [(s.heading, s.first_page) for s in report.narrative][-2:] == [
        ("一、主要职责", 1),
        ("二、收支预算总体情况", 2),
    ]


def test_a_summary_whose_grand_totals_differ_fails_its_balance() -> None:
    from gfs_cn.tables import BudgetSummaryTable, Side, SummaryLine

    def line(side: Side, item: str, amount: str) -> SummaryLine:
        return SummaryLine(side=side, item=item, kind=RowKind.TOTAL, amounts={Column.AMOUNT: to_money(Decimal(amount))})

    def summary(spent: str) -> BudgetSummaryTable:
        rows = (line(Side.INCOME, "收入总计", "2311.07"), line(Side.EXPENDITURE, "支出总计", spent))
        return BudgetSummaryTable(columns=(Column.AMOUNT,), income_columns=(Column.AMOUNT,), rows=rows)

    assert failures(summary("2311.07")) == []
    (failure,) = failures(summary("2311.70"))
    assert (failure.identity, failure.difference) == ("balance", Decimal("6300.00"))


def test_three_public_panels_headed_by_years_carry_them() -> None:
    # Xi'an 2022 (表13): 2021年 | 2022年 | 增减变化情况 over the same columns, a 合计 row in the 单位名称 column.
    lines = [
        "2022年某局部门预算",
        "",
        "一般公共预算拨款“三公”经费支出表",
        "金额单位：元",
        "序号\t单位编码\t单位名称\t2021年\t\t2022年\t\t增减变化情况\t",
        "\t\t\t合计\t公务接待费\t合计\t公务接待费\t合计\t公务接待费",
        "1\t\t合计\t2,720.00\t2,720.00\t0.00\t0.00\t-2,720.00\t-2,720.00",
        "2\t234\t某局\t2,720.00\t2,720.00\t0.00\t0.00\t-2,720.00\t-2,720.00",
    ]
    table = gfs_cn.read_text("\n".join(lines)).tables[0]
    assert [(r.kind, r.basis, r.year, r.unit_code) for r in table.rows] == [
        (RowKind.TOTAL, "2021年", 2021, None),
        (RowKind.TOTAL, "2022年", 2022, None),
        (RowKind.TOTAL, "增减变化情况", None, None),
        (RowKind.UNIT, "2021年", 2021, "234"),
        (RowKind.UNIT, "2022年", 2022, "234"),
        (RowKind.UNIT, "增减变化情况", None, "234"),
    ]


def test_a_sentence_ends_a_performance_tables_funds() -> None:
    # Quanzhou 2026: the goal's sentence names the 12345 hotline, printed in a cell of its own — no fund of 12,345万元.
    lines = [
        "2026年某办部门预算",
        "",
        "话务场地租赁费用项目绩效目标表",
        "专项资金情况（万元）\t资金总额：\t175.09",
        "\t财政拨款：\t175.09",
        "\t其他资金：\t0.00",
        "项目实施期目标保障泉州市政务服务便民热线中心话务场地使用费、水电费等。\t12345",
        "绩效目标指标\t一级指标\t二级指标\t三级指标\t目标值",
        "\t成本指标\t经济成本指标\t预算执行率\t≥100%",
    ]
    report = gfs_cn.read_text("\n".join(lines))
    table = report.tables[0]
    assert [(f.name, f.amount) for f in table.funds] == [
        ("财政拨款：", to_money(Decimal("175.09"))),
        ("其他资金：", to_money(Decimal("0.00"))),
    ]
    assert [u.first_line for u in report.unplaced] == [7]  # the number is reported, not dropped


def test_income_columns_named_by_the_fund_and_the_word_income() -> None:
    # Chongqing 2026 (表二), each header wrapped in its cell: 一般公共预算拨款收入 | 政府性基金预算拨款收入 | …
    from gfs_cn.reading.recognise.registry import header_column

    assert header_column("一般公共预算拨款收入") is Column.GENERAL_BUDGET
    assert header_column("政府性基金预算拨款收入") is Column.FUND_BUDGET
    assert header_column("国有资本经营预算拨款收入") is Column.CAPITAL_BUDGET


def test_a_total_in_a_first_column_of_no_names_is_the_total() -> None:
    # Jiangsu 2019 (公开表十二): 合计 printed under 采购品目大类, first, with the list's total beside it.
    lines = [
        "2019年某厅部门预算",
        "",
        "2019年政府采购预算表",
        "单位：万元",
        "采购品目大类\t专项名称\t经济科目\t采购物品名称\t采购组织形式\t总计",
        "合计\t\t\t\t\t2,416.43",
        "一、货物A\t\t\t\t\t233.10",
    ]
    table = gfs_cn.read_text("\n".join(lines)).tables[0]
    assert table.rows[0].kind is RowKind.TOTAL
    assert table.status is not TableStatus.INCOMPLETE  # a 合计 with its figure: nothing was cut off
