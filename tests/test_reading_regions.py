"""Reading the layout families of regions the reader was not built on: pages cut from published PDFs.

Each fixture stands for a family of layouts, not for a file (cut with pypdf, embedded font programs
dropped: the text, its widths and the fonts' metrics stay, which is all a reader uses):
- ``beijing-2026-budget-tables.pdf`` (北京市国资委 2026 部门预算 报表, pages 1–2, 4–5, 9–10, 14): a file of tables
  numbered ``预算01表`` … that names neither the department nor the year; amounts in 万元 with six decimals;
  code and name in one cell (``2050803-培训支出``); a 支出总表 with the functional, government economic and
  department economic classifications side by side; the government classification printed before the
  department's (``50101-工资奖金津补贴 | 30101-基本工资``) and codes a region extends (``3021101-差旅费``);
- ``chongqing-budget.pdf`` (重庆市商务委员会 2026, pages 1, 12–13): fonts whose metrics put the year, the
  punctuation and every figure a line below the text they belong to; page numbers printed ``— 1 2 —``;
- ``xian-summary-budget.pdf`` (西安市审计局（汇总） 2026, pages 1, 22, 24, 32, 35): a 汇总 report listing its units
  (``117`` | ``117001``) under a ``合计`` printed in the 单位编码 column; a 收支总表 with four panels (收入 |
  支出功能分类 | 部门经济分类 | 政府经济分类, by 大类); the “三公” figures of 上年 | 当年 | 增减变化情况 per unit;
- ``xian-overflow.pdf`` (西安市气象局 2022, page 18): labels printed wider than their cells, running into the
  figures beside them (``(3)对个人和家庭的补 | 助0.00``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import gfs_cn
from gfs_cn import Column, TableKind
from gfs_cn.money import Unit
from gfs_cn.reading import coverage
from gfs_cn.reading.sources.pdf import _overflowed, _restore_baselines
from gfs_cn.tables import RowKind, Side
from gfs_cn.tables.titles import printed_title, title_kind

pytest.importorskip("pdfplumber")

PDF = Path(__file__).parent / "fixtures" / "pdf"
BEIJING = PDF / "beijing-2026-budget-tables.pdf"
CHONGQING = PDF / "chongqing-budget.pdf"
XIAN = PDF / "xian-summary-budget.pdf"
XIAN_OVERFLOW = PDF / "xian-overflow.pdf"


@pytest.fixture(scope="module")
def beijing() -> gfs_cn.Report:
    return gfs_cn.read(BEIJING)


@pytest.fixture(scope="module")
def xian() -> gfs_cn.Report:
    return gfs_cn.read(XIAN)


@pytest.mark.parametrize(
    ("title", "kind", "printed"),
    [
        ("预算01表 收支总表", TableKind.BUDGET_SUMMARY, "收支总表"),
        ("预算03表 支出总表", TableKind.EXPENDITURE, "支出总表"),
        ("预算06表 一般公共预算基本支出表", TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "一般公共预算基本支出表"),
        ("预算表12 项目支出绩效目标表", TableKind.PROJECT_PERFORMANCE, "项目支出绩效目标表"),
        ("决算01表 收入支出决算总表", TableKind.FINAL_SUMMARY, "收入支出决算总表"),
    ],
)
def test_tables_numbered_by_their_phase(title: str, kind: TableKind, printed: str) -> None:
    assert title_kind(title) is kind
    assert printed_title(title) == printed


def test_a_file_of_tables_that_names_no_department_nor_year(beijing: gfs_cn.Report) -> None:
    assert [t.kind for t in beijing] == [
        TableKind.BUDGET_SUMMARY,
        TableKind.EXPENDITURE,
        TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
        TableKind.GOVERNMENT_PROCUREMENT,
    ]
    assert beijing.department == ""
    assert beijing.year == 2026
    notes = [note.message for note in beijing.reading_notes]
    assert any("department is not named" in note for note in notes)
    assert any("2026 is read from the file name" in note for note in notes)
    named = gfs_cn.read(BEIJING, department="北京市人民政府国有资产监督管理委员会")
    assert named.department == "北京市人民政府国有资产监督管理委员会"
    assert not any("department" in note.message for note in named.reading_notes)


def test_six_decimals_of_wan_yuan_are_kept_exactly(beijing: gfs_cn.Report) -> None:
    summary = beijing.table(TableKind.BUDGET_SUMMARY)
    assert summary.number == "预算01表"
    assert summary.unit is Unit.WAN_YUAN
    assert summary.line("收入总计").decimal(Column.AMOUNT) == Decimal("5156652745.010000")  # 515,665.274501 万元
    assert summary.line("支出总计").side is Side.EXPENDITURE


def test_three_classifications_side_by_side_and_code_and_name_in_one_cell(beijing: gfs_cn.Report) -> None:
    table = beijing.table(TableKind.EXPENDITURE)
    assert len(table.rows) == 50
    first, total = table.rows[0], table.rows[-1]
    assert (first.code, first.name, str(first.subject.code)) == ("2050803", "培训支出", "2050803")
    assert first.decimal(Column.TOTAL) == Decimal("1897842.430000")
    assert first.decimal(Column.BASIC) == Decimal("203574.430000")
    assert first.decimal(Column.PROJECT) == Decimal("1694268.000000")
    assert total.kind is RowKind.TOTAL
    assert total.decimal(Column.TOTAL) == Decimal("5156652745.010000")
    assert sum(r.decimal(Column.TOTAL) or 0 for r in table.rows[:-1]) == total.decimal(Column.TOTAL)


def test_government_classification_printed_before_the_departments(beijing: gfs_cn.Report) -> None:
    table = beijing.table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE)
    first = table.rows[0]
    assert (first.code, first.name, first.government_code, first.government_name) == (
        "30101",
        "基本工资",
        "50101",
        "工资奖金津补贴",
    )
    travel = next(r for r in table.rows if r.name == "差旅费")
    assert (travel.code, travel.subject, travel.government_code) == ("3021101", None, "50201")  # a regional sub-item
    assert table.rows[-1].kind is RowKind.TOTAL
    assert table.rows[-1].decimal(Column.TOTAL) == Decimal("107924501.310000")


def test_procurement_by_category_with_its_total(beijing: gfs_cn.Report) -> None:
    rows = beijing.table(TableKind.GOVERNMENT_PROCUREMENT).rows
    assert [(r.name, r.kind) for r in rows] == [
        ("A-货物", RowKind.ITEM),
        ("C-服务", RowKind.ITEM),
        ("合 计", RowKind.TOTAL),
    ]


@pytest.mark.parametrize("path", [BEIJING, CHONGQING, XIAN, XIAN_OVERFLOW])
def test_every_amount_of_the_regions_is_placed(path: Path) -> None:
    found = coverage(path, gfs_cn.read(path))
    assert found.placed == found.total == found.typed


def test_characters_a_font_puts_a_line_low_are_read_on_their_line() -> None:
    report = gfs_cn.read(CHONGQING)
    assert (report.department, report.year) == ("重庆市商务委员会", 2026)
    table = report.table(TableKind.EXPENDITURE)
    assert table.title == "2026年部门支出总体情况表"
    assert table.rows[0].kind is RowKind.TOTAL
    assert table.rows[0].decimal(Column.TOTAL) == Decimal("1749006400.00")
    assert {r.page for r in table.rows} == {2, 3}  # the page number — 1 2 — does not end the table


class _Page:
    def __init__(self, chars: list[dict[str, Any]]) -> None:
        self.chars = chars


def _char(text: str, top: float, bottom: float, baseline: float, height: float = 842.0) -> dict[str, Any]:
    return {
        "text": text,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "y0": height - bottom,
        "y1": height - top,
        "matrix": (1.0, 0.0, 0.0, 1.0, 100.0, height - baseline),
    }


def test_a_box_wholly_below_its_baseline_is_moved_up_to_it() -> None:
    sound = _char("年", 109.0, 127.5, 123.4)  # a sound font: the box stands on the baseline
    broken = _char("2", 125.2, 143.7, 124.6)  # ascent 0, descent the whole size
    _restore_baselines(_Page([sound, broken]))
    assert (sound["top"], sound["bottom"]) == (109.0, 127.5)
    assert broken["top"] == pytest.approx(110.2, abs=0.1)
    assert broken["bottom"] - broken["top"] == pytest.approx(18.5)
    assert broken["y1"] - broken["y0"] == pytest.approx(18.5)


def test_units_of_a_summary_report_apart_from_its_total(xian: gfs_cn.Report) -> None:
    assert xian.department == "西安市审计局(汇总)"
    rows = xian.table(TableKind.EXPENDITURE).rows
    assert [(r.kind, r.unit_code, r.name) for r in rows] == [
        (RowKind.TOTAL, None, "合计"),
        (RowKind.UNIT, "117", "西安市审计局"),
        (RowKind.UNIT, "117001", "西安市审计局"),
    ]
    projects = xian.table(TableKind.PROJECT_EXPENDITURE).rows
    assert [(r.kind, r.unit_code) for r in projects[:3]] == [
        (RowKind.TOTAL, None),
        (RowKind.UNIT, "117"),
        (RowKind.UNIT, "117001"),
    ]
    assert projects[3].name == "通用项目"
    assert projects[3].decimal(Column.AMOUNT) == Decimal("3650000.00")


def test_a_summary_with_three_classifications_of_spending_in_panels(xian: gfs_cn.Report) -> None:
    summary = xian.table(TableKind.BUDGET_SUMMARY)
    spending = summary.side(Side.EXPENDITURE)
    assert {line.panel for line in spending} == {0, 1, 2}
    totals = [line.decimal(Column.AMOUNT) for line in spending if line.item == "支出总计"]
    assert totals == [Decimal("42034723.58")] * 3
    assert summary.line("收入总计").decimal(Column.AMOUNT) == Decimal("42034723.58")


def test_three_public_of_last_year_this_year_and_the_change_per_unit(xian: gfs_cn.Report) -> None:
    rows = xian.table(TableKind.THREE_PUBLIC).rows
    assert [(r.basis, r.kind, r.unit_code) for r in rows[:4]] == [
        ("上年", RowKind.TOTAL, None),
        ("当年", RowKind.TOTAL, None),
        ("增减变化情况", RowKind.TOTAL, None),
        ("上年", RowKind.UNIT, "117"),
    ]
    # The “三公” 小计 is the table's total; the 合计 over 会议费 and 培训费 too is kept beside it.
    assert [r.decimal(Column.TOTAL) for r in rows[:3]] == [
        Decimal("120000.00"),
        Decimal("102000.00"),
        Decimal("-18000.00"),
    ]
    assert rows[0].extra["当年 › 合计"] is not None
    assert rows[0].extra["当年 › 合计"].amount == Decimal("332000.00")


def test_a_label_running_into_the_next_cell_gives_its_tail_back() -> None:
    assert _overflowed(("(3)对个人和家庭的补", "助0.00")) == ("(3)对个人和家庭的补助", "0.00")
    assert _overflowed(("其中：专项资金列入部门预", "算0的.0项0 目")) == ("其中：专项资金列入部门预算的项目", "0.00")
    assert _overflowed(("(5)资本性支出(基本建", "0设.0)0")) == ("(5)资本性支出(基本建设)", "0.00")
    assert _overflowed(("1、财政拨款", "18999011.66")) == ("1、财政拨款", "18999011.66")
    assert _overflowed(("2024", "2024年预算数")) == ("2024", "2024年预算数")
    # A code under the tail of a name (xa-meteo p. 23): the tail goes back, the code stays; a code printed
    # before its name, or a number inside a name, is no overlap.
    assert _overflowed(("机关事业单位基本养老保", "险50缴5费01")) == ("机关事业单位基本养老保险缴费", "50501")
    assert _overflowed(("工资福利支出", "30201办公费")) == ("工资福利支出", "30201办公费")
    assert _overflowed(("文件", "豫财社（2023）248号提前下达")) == ("文件", "豫财社（2023）248号提前下达")
    report = gfs_cn.read(XIAN_OVERFLOW)
    items = [line.item for line in report.table(TableKind.BUDGET_SUMMARY)]
    assert "(3)对个人和家庭的补助" in items
    assert "其中：专项资金列入部门预算的项目" in items
    assert not report.unplaced


def test_a_department_named_only_in_a_label_cell_of_its_own() -> None:
    from gfs_cn.reading.recognise.metadata import read_metadata
    from gfs_cn.reading.sources.text import split_lines

    text = "预算13表 部门整体支出绩效目标表\n（2026年度）\n部门名称\t北京市人民政府国有资产监督管理委员会\n"
    assert read_metadata(split_lines(text)).department == "北京市人民政府国有资产监督管理委员会"
    # A cover or a labelled line (编制部门：…) is the stronger cue.
    covered = "某市某局\n2026年部门预算\n" + text
    assert read_metadata(split_lines(covered)).department == "某市某局"


def test_a_performance_grid_gives_each_project_its_indicators() -> None:
    # beijing-performance-grid.pdf: the 预算表12 page of 北京市重大项目建设指挥部办公室 2026 (报表 file, page 13),
    # each project's cells (name, 项目总额, 财政资金, 绩效目标) merged down the rows of its indicators.
    report = gfs_cn.read(PDF / "beijing-performance-grid.pdf", year=2026)
    first, second = report.tables_of(TableKind.PROJECT_PERFORMANCE)
    assert first.subject_name == "11000021T0000001172 73-部门预算绩效管理工作经费"
    assert first.amount is not None
    assert first.amount.amount == Decimal("97000")  # 9.700000 万元
    assert [(f.name, f.amount.amount if f.amount else None) for f in first.funds] == [("财政资金", Decimal("97000"))]
    assert first.goal.startswith("为满足我办工作需要")
    assert (len(first.rows), first.rows[0].level1, first.rows[0].target, first.rows[0].unit) == (
        10,
        "产出指标",
        "100",
        "%",
    )
    assert second.subject_name.endswith("10-法律顾问咨询工作经费")
    assert (second.rows[0].level3, second.rows[0].target) == ("执业律师新增合同审核标准", "1595.03")
    assert not report.unplaced


def test_a_project_performance_table_with_one_level_of_indicators() -> None:
    # Chongqing: 当年预算 with the funds beside and below it, indicators by 指标名称 | 指标性质 | 指标值.
    text = "\n".join(
        [
            "2026年市级重点专项资金绩效目标表",
            "单位:万元",
            "项目名称\t市商务发展专项\t\t主管部门\t\t重庆市商务委员会",
            "当年预算\t46,794.00\t\t市级支出\t\t40,624.00",
            "\t\t\t补助区县\t\t6,170.00",
            "项目概况\t为深化落实……推动商务经济高质量发展。",
            "当年绩效目标\t2026年,全市商务经济发展稳中向好。",
            "绩效指标\t指标名称\t指标性质\t\t指标值\t\t计量单位\t指标权重(%)\t是否核心",
            "\t重要商品储备数量\t≥\t\t7500\t\t吨\t10\t是",
            "\t离岸服务外包执行额\t≥\t\t22.6\t\t亿美元\t10\t是",
        ]
    )
    report = gfs_cn.read_text(text, year=2026)
    table = report.table(TableKind.PROJECT_PERFORMANCE)
    assert (table.subject_name, table.department, table.goal) == (
        "市商务发展专项",
        "重庆市商务委员会",
        "2026年,全市商务经济发展稳中向好。",
    )
    assert table.amount is not None
    assert table.amount.amount == Decimal("467940000")
    assert [(f.name, f.amount.amount if f.amount else None) for f in table.funds] == [
        ("市级支出", Decimal("406240000")),
        ("补助区县", Decimal("61700000")),
    ]
    rows = [(i.level3, i.printed_operator, i.target, i.unit, i.weight) for i in table.rows]
    assert rows == [
        ("重要商品储备数量", "≥", "7500", "吨", Decimal("10")),
        ("离岸服务外包执行额", "≥", "22.6", "亿美元", Decimal("10")),
    ]
    assert not report.unplaced


def test_every_word_of_the_table_numbers_registry_numbers_a_title() -> None:
    from gfs_cn import _data

    words = [row["word"] for row in _data.read_rows("title_numbers.tsv")]
    assert words
    assert len(set(words)) == len(words)
    for word in words:
        for number in (f"{word}01表", f"{word}表12", f"{word} 03 表："):
            assert title_kind(f"{number} 收支总表") is TableKind.BUDGET_SUMMARY, number
            assert printed_title(f"{number} 收支总表") == "收支总表", number
