"""Reading published PDFs: real pages of Shanghai and Jiangsu disclosures (cut from the published files).

Each fixture stands for a family of layouts, not for a file:
- ``shanghai-budget.pdf`` (上海市普陀区人民政府办公室 2025 部门预算, pages 1, 8–10, 13, 18–20): amounts in 元 with
  separators, a 三公 table in 万元 (``单位:万元``), titles with the year, ``编制部门：… 单位：元`` on one line,
  super-headers (``本年收入 | 本年支出``, ``项目 | 收入预算``), codes split over 类/款/项, a table continued on the
  next page with its header repeated or not at all;
- ``shanghai-final.pdf`` (上海市普陀区财政局 2024 部门决算, pages 1, 16–18): basic expenditure as two panels side by
  side, the 三公 table with 预算数 | 决算数 under each column, the year and 年度部门决算 on the cover;
- ``jiangsu-cover.pdf`` + ``jiangsu-tables.pdf`` (江苏省人大常委会办公厅 2019, one report published as two files):
  titles sharing their cell with ``公开表一 部门：… 单位：万元``, a three-panel summary (收入 | 支出功能分类 |
  支出用途), a 支出总表 with no label column, a 三公 table with 会议费 and 培训费;
- ``jiangsu-grid.pdf`` (江苏省人民检察院 2018, pages 15, 16, 19): Excel-export grids (spacer columns, figures a
  ruled row below their code), tables continued over a page break without header, a title wrapped over two lines;
- ``shanghai-budget-unruled.pdf``: ``shanghai-budget.pdf`` with every ruling line and box removed (pypdf), the
  text left where it was: tables printed without ruling, or ruled only across (三线表).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

import gfs_cn
from gfs_cn import Column, ReadError, TableKind
from gfs_cn.money import Unit
from gfs_cn.reading import coverage
from gfs_cn.reading.api import document_lines
from gfs_cn.tables import ReportKind, RowKind, Scope, Side

pytest.importorskip("pdfplumber")

PDF = Path(__file__).parent / "fixtures" / "pdf"
SHANGHAI_BUDGET = PDF / "shanghai-budget.pdf"
SHANGHAI_FINAL = PDF / "shanghai-final.pdf"
JIANGSU = [PDF / "jiangsu-cover.pdf", PDF / "jiangsu-tables.pdf"]
JIANGSU_GRID = PDF / "jiangsu-grid.pdf"
SHANGHAI_UNRULED = PDF / "shanghai-budget-unruled.pdf"


@pytest.fixture(scope="module")
def shanghai() -> gfs_cn.Report:
    return gfs_cn.read(SHANGHAI_BUDGET)


@pytest.fixture(scope="module")
def shanghai_final() -> gfs_cn.Report:
    return gfs_cn.read(SHANGHAI_FINAL)


@pytest.fixture(scope="module")
def jiangsu() -> gfs_cn.Report:
    return gfs_cn.read(JIANGSU)


@pytest.fixture(scope="module")
def jiangsu_grid() -> gfs_cn.Report:
    return gfs_cn.read(JIANGSU_GRID, year=2018)


def yuan(row: object, column: Column) -> Decimal | None:
    return row.decimal(column)  # type: ignore[attr-defined, no-any-return]


def test_metadata_of_a_shanghai_budget(shanghai: gfs_cn.Report) -> None:
    assert (shanghai.department, shanghai.year, shanghai.kind, shanghai.scope) == (
        "上海市普陀区人民政府办公室",
        2025,
        ReportKind.BUDGET,
        Scope.DEPARTMENT,
    )
    assert shanghai.money_unit is Unit.YUAN


def test_tables_are_found_by_what_their_titles_say(shanghai: gfs_cn.Report) -> None:
    assert [t.kind for t in shanghai.tables] == [
        TableKind.BUDGET_SUMMARY,  # 2025年部门财务收支预算总表
        TableKind.INCOME,
        TableKind.APPROPRIATION_SUMMARY,
        TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,  # …一般公共预算基本支出部门预算经济分类预算表
        TableKind.THREE_PUBLIC,  # 2025年部门“三公”经费和机关运行经费预算表
    ]


def test_each_table_keeps_the_unit_it_printed(shanghai: gfs_cn.Report) -> None:
    units = {t.kind: t.unit for t in shanghai.tables}
    assert units[TableKind.INCOME] is Unit.YUAN
    three_public = shanghai.table(TableKind.THREE_PUBLIC)
    assert three_public.unit is Unit.WAN_YUAN  # 单位:万元, with an ASCII colon
    (row,) = three_public.rows
    assert yuan(row, Column.TOTAL) == Decimal("8675000.00")  # 867.50万元
    assert yuan(row, Column.OVERSEAS_TRAVEL) == Decimal("8390000.00")
    assert yuan(row, Column.OFFICIAL_RECEPTION) == Decimal("285000.00")
    # 机关运行经费 has no Column of its own: kept under its header, not dropped.
    assert three_public.extra_columns == ("机关运行经费预算数",)
    assert row.extra == {"机关运行经费预算数": gfs_cn.to_money(Decimal("213.28"), "万元")}


def test_codes_split_over_class_section_item_and_rows_across_pages(shanghai: gfs_cn.Report) -> None:
    income = shanghai.table(TableKind.INCOME)
    rows = {row.code: row for row in income.rows if row.code}
    first = rows["2010301"]
    assert (first.printed_code, first.name, first.page) == ("201\t03\t01", "行政运行", 3)
    assert yuan(first, Column.TOTAL) == Decimal("12029501.84")
    assert yuan(first, Column.APPROPRIATION) == Decimal("12029501.84")
    later = rows["2210203"]  # printed on the next page, under no header
    assert (later.name, later.page) == ("购房补贴", 4)
    assert yuan(later, Column.TOTAL) == Decimal("1867680.00")
    total = income.rows[-1]
    assert total.kind is RowKind.TOTAL
    assert yuan(total, Column.TOTAL) == Decimal("91016775.35")
    assert (income.first_page, income.last_page) == (3, 4)


def test_economic_codes_split_over_class_and_section(shanghai: gfs_cn.Report) -> None:
    basic = shanghai.table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE)
    assert basic.columns == (Column.TOTAL, Column.PERSONNEL, Column.OPERATING)
    row = next(r for r in basic.rows if r.code == "30101")
    assert row.subject is not None
    assert row.subject.name == "基本工资"
    assert yuan(row, Column.PERSONNEL) == Decimal("2540192.00")


def test_super_headers_give_sides(shanghai: gfs_cn.Report) -> None:
    summary = shanghai.table(TableKind.BUDGET_SUMMARY)  # 本年收入 | 本年支出 over 项目 | 预算数 twice
    first_income = summary.side(Side.INCOME)[0]
    first_spending = summary.side(Side.EXPENDITURE)[0]
    assert (first_income.item, first_income.decimal(Column.AMOUNT)) == ("一、财政拨款收入", Decimal("91016775.35"))
    assert first_spending.subject is not None
    assert first_spending.subject.code == "201"
    assert first_spending.decimal(Column.AMOUNT) == Decimal("82096797.42")


def test_every_amount_of_a_pdf_is_placed(shanghai: gfs_cn.Report, jiangsu: gfs_cn.Report) -> None:
    for source, report in ((SHANGHAI_BUDGET, shanghai), (JIANGSU, jiangsu)):
        found = coverage(source, report)
        assert found.total > 20
        assert found.placed == found.total, found.unplaced
    assert all(row.page is not None for t in shanghai.tables for row in t.rows)


def test_a_final_account_with_panels_side_by_side(shanghai_final: gfs_cn.Report) -> None:
    report = shanghai_final
    assert (report.department, report.year, report.kind) == ("上海市普陀区财政局", 2024, ReportKind.FINAL_ACCOUNT)
    basic = report.table(TableKind.FINAL_GENERAL_BUDGET_BASIC_EXPENDITURE)
    by_code = {row.code: row for row in basic.rows if row.code}
    assert yuan(by_code["30113"], Column.AMOUNT) == Decimal("1871900.00")  # 住房公积金 187.19, left panel
    assert yuan(by_code["30228"], Column.AMOUNT) == Decimal("244200.00")  # 工会经费 24.42, right panel
    totals = [(r.name, yuan(r, Column.AMOUNT)) for r in basic.rows if r.kind is RowKind.TOTAL]
    assert totals == [("人员经费合计", Decimal("21522600.00")), ("公用经费合计", Decimal("1846500.00"))]


def test_three_public_with_the_basis_under_each_column(shanghai_final: gfs_cn.Report) -> None:
    table = shanghai_final.table(TableKind.FINAL_THREE_PUBLIC)
    budget, final = table.rows
    assert (budget.basis, final.basis) == ("预算数", "决算数")
    assert yuan(budget, Column.TOTAL) == yuan(budget, Column.OFFICIAL_RECEPTION) == Decimal("9500.00")
    assert all(value is None for value in final.amounts.values())


def test_one_report_in_two_files(jiangsu: gfs_cn.Report) -> None:
    assert (jiangsu.department, jiangsu.year) == ("江苏省人大常委会办公厅", 2019)
    assert [t.number for t in jiangsu.tables] == ["公开表一", "公开表三", "公开表九"]
    assert next(t.title for t in jiangsu.tables) == "收支预算总表"  # not “…部门： … 单位：万元”
    assert all(t.unit is Unit.WAN_YUAN for t in jiangsu.tables)
    # The tables file's pages number on after the cover's.
    assert jiangsu.tables[0].first_page == 2


def test_a_summary_with_three_panels(jiangsu: gfs_cn.Report) -> None:
    summary = jiangsu.table(TableKind.BUDGET_SUMMARY)
    by_item = {(line.panel, line.item): line for line in summary.side(Side.EXPENDITURE)}
    assert by_item[(0, "一、一般公共服务支出")].decimal(Column.AMOUNT) == Decimal("139077800.00")
    assert by_item[(1, "一、基本支出")].decimal(Column.AMOUNT) == Decimal("93129000.00")  # 支出用途
    assert by_item[(1, "三、单位预留机动经费")].decimal(Column.AMOUNT) == Decimal("25578900.00")


def test_an_expenditure_table_with_no_label_column(jiangsu: gfs_cn.Report) -> None:
    (row,) = jiangsu.table(TableKind.EXPENDITURE).rows
    assert yuan(row, Column.TOTAL) == Decimal("183303700.00")
    assert yuan(row, Column.BASIC) == Decimal("93129000.00")
    assert yuan(row, Column.PROJECT) == Decimal("64595800.00")
    assert row.extra == {"单位预留机动经费": gfs_cn.to_money(Decimal("2557.89"), "万元")}


def test_three_public_with_meetings_and_training(jiangsu: gfs_cn.Report) -> None:
    table = jiangsu.table(TableKind.THREE_PUBLIC)
    three = table.rows[0]
    assert yuan(three, Column.TOTAL) == Decimal("7676000.00")  # 767.60
    assert yuan(three, Column.OVERSEAS_TRAVEL) == Decimal("1992500.00")
    assert yuan(three, Column.VEHICLE_OPERATION) == Decimal("1836000.00")
    assert yuan(three, Column.OFFICIAL_RECEPTION) == Decimal("3847500.00")
    (row,) = table.rows  # one set of figures: the 合计 over 三公, 会议费 and 培训费 is no 三公 total
    assert row.extra == {
        "合计": gfs_cn.to_money(Decimal("2600.71"), "万元"),
        "会议费": gfs_cn.to_money(Decimal("1469.73"), "万元"),
        "培训费": gfs_cn.to_money(Decimal("363.38"), "万元"),
    }


def test_excel_grids_rows_spanning_ruled_rows_and_tables_across_pages(jiangsu_grid: gfs_cn.Report) -> None:
    report = jiangsu_grid
    assert report.department == "江苏省人民检察院"  # 部门： | 江苏省人民检察院 | 单位：万元, over every table
    spending = report.table(TableKind.APPROPRIATION_EXPENDITURE)  # 公开05表 财政拨款支出预算表
    by_code = {row.code: row for row in spending.rows if row.code}
    assert yuan(by_code["2040401"], Column.AMOUNT) == Decimal("108833600.00")
    assert by_code["2040402"].page == 2  # continued on the next page without a header
    assert yuan(by_code["2040405"], Column.AMOUNT) == Decimal("18950000.00")  # printed 1895.00
    basic = report.table(TableKind.APPROPRIATION_BASIC_EXPENDITURE)
    salaries = next(r for r in basic.rows if r.code == "301")
    assert yuan(salaries, Column.AMOUNT) == Decimal("102045200.00")  # printed a ruled row below its code


def test_a_title_wrapped_over_two_lines(jiangsu_grid: gfs_cn.Report) -> None:
    table = jiangsu_grid.table(TableKind.THREE_PUBLIC)
    assert table.title == "一般公共预算“三公”经费、会议费、培训费支出预算表"
    assert table.number == "公开09表"
    assert TableKind.EXPENDITURE in jiangsu_grid.kinds  # 公开03表, not the wrapped title's second line
    assert len(jiangsu_grid.tables_of(TableKind.EXPENDITURE)) == 1


def test_a_messy_three_public_header_gives_one_row(jiangsu_grid: gfs_cn.Report) -> None:
    # 公务用车购置及运行维护费 and its 小计 name one column, not a second row; 267.80, which a ruling line
    # of the Excel export runs through (267.8 | 0), is one figure again.
    (row,) = jiangsu_grid.table(TableKind.THREE_PUBLIC).rows
    wan = {column: Decimal(money.amount) / 10_000 for column, money in row.amounts.items() if money is not None}
    assert wan == {
        Column.TOTAL: Decimal("484.30"),
        Column.OVERSEAS_TRAVEL: Decimal("100.00"),
        Column.OFFICIAL_VEHICLES: Decimal("267.80"),
        Column.VEHICLE_OPERATION: Decimal("267.80"),
        Column.OFFICIAL_RECEPTION: Decimal("116.50"),
    }
    assert str(row.amounts[Column.VEHICLE_OPERATION].amount) == "2678000.00"  # printed with two decimals


def test_an_empty_table_keeps_its_note(jiangsu_grid: gfs_cn.Report) -> None:
    table = jiangsu_grid.table(TableKind.FUND_BUDGET_EXPENDITURE)
    assert table.is_empty
    assert table.note is not None
    assert "本部门无相关收支项目" in table.note


def scan(path: Path) -> Path:
    """A page with no text layer: an image, as a scanner makes it."""
    from PIL import Image

    Image.new("RGB", (200, 280), "white").save(path, "PDF")
    return path


def test_a_scanned_page_is_reported_never_read_as_no_table(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no text layer"):
        gfs_cn.read(scan(tmp_path / "scan.pdf"))
    report = gfs_cn.read([SHANGHAI_BUDGET, scan(tmp_path / "scan.pdf")])
    (note,) = [n for n in report.reading_notes if "no text layer" in n.message]
    assert note.page == 9
    # The last table ends on the page before the scan: it may go on there.
    assert report.tables[-1].incomplete
    assert not report.tables[0].incomplete


def test_reading_a_pdf_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(gfs_cn.GfsError, match=r"pip install 'gfs-cn\[pdf\]'"):
        gfs_cn.read(SHANGHAI_BUDGET)


def test_a_truncated_pdf_is_a_read_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(SHANGHAI_BUDGET.read_bytes()[:5000])
    with pytest.raises(ReadError, match=r"broken\.pdf"):
        gfs_cn.read(broken)


def test_pdf_lines_group_words_by_vertical_overlap() -> None:
    lines, _, _ = document_lines(SHANGHAI_FINAL)
    # The cover prints the year in a larger font than 年度部门决算: one line, not two.
    assert lines[1].text == "2024年度部门决算"
    assert [line.page for line in lines[:2]] == [1, 1]


def test_tables_printed_without_ruling_read_as_the_ruled_ones(shanghai: gfs_cn.Report) -> None:
    import pdfplumber

    with pdfplumber.open(SHANGHAI_UNRULED) as pdf:
        assert not any(page.rects or page.lines or page.curves for page in pdf.pages)
    unruled = gfs_cn.read(SHANGHAI_UNRULED)

    def rows(report: gfs_cn.Report, kind: str) -> list[tuple[object, ...]]:
        return [(row.code, row.name, dict(row.amounts)) for row in report.table(kind).rows]

    # Columns where the words align, header words placed whole: 事业收入 and 其他收入, blank in every row,
    # keep their own columns, so 财政拨款收入 keeps its figures.
    for kind in ("income", "general_budget_basic_expenditure"):
        assert rows(unruled, kind) == rows(shanghai, kind)
    # The 三公 table prints one row under a two-level header: its columns come from the header's lowest words.
    ruled_row, unruled_row = shanghai.table("three_public").rows[0], unruled.table("three_public").rows[0]
    for column in (Column.TOTAL, Column.OVERSEAS_TRAVEL, Column.OFFICIAL_RECEPTION):
        assert unruled_row.amounts[column] == ruled_row.amounts[column]
    found = coverage(SHANGHAI_UNRULED, unruled)
    assert found.unplaced == ()  # what is not placed is reported, never lost
    assert found.placed >= 100


def test_a_table_without_ruling_at_the_edge_of_its_page_is_cropped_within_it() -> None:
    import pdfplumber

    from gfs_cn.reading.sources import pdf as pdf_reading

    with pdfplumber.open(SHANGHAI_UNRULED) as pdf:
        page = pdf.pages[2]
        lines = pdf_reading._word_lines(page)
        first = next(i for i, (_, _, words) in enumerate(lines) if words[0]["text"] == "项目")
        # The table's first line half a point above the page's top edge, as text drawn past it comes out.
        shift = lines[first][0] + 0.5
        moved = [(top - shift, bottom - shift, words) for top, bottom, words in lines[first:]]
        rows, boxes, _ = pdf_reading._text_grids(page, None, moved)
    assert rows
    assert boxes[0][1] == page.bbox[1]
