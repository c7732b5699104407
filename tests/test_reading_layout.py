"""Reading space-aligned text (``pdftotext -layout``, pdfplumber's ``extract_text(layout=True)``).

``fixtures/layout/shanghai-budget.txt`` is the text pdfplumber lays out from ``fixtures/pdf/shanghai-budget.pdf``
(上海市普陀区人民政府办公室 2025 部门预算: cover and table pages, no prose): cells separated by spaces only, blank
cells left as width, headers over several lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gfs_cn
from gfs_cn.money import is_amount, parse_decimal
from gfs_cn.reading import coverage
from gfs_cn.reading.api import document_lines
from gfs_cn.reading.sources.layout import aligned_edges, is_space_aligned, space_aligned
from gfs_cn.reading.sources.text import split_lines

FIXTURES = Path(__file__).parent / "fixtures"
LAYOUT = FIXTURES / "layout" / "shanghai-budget.txt"
PDF = FIXTURES / "pdf" / "shanghai-budget.pdf"


def laid_out(code: str, name: str, *figures: str, name_width: int) -> str:
    """A row as layout output prints it: code and name left-aligned, figures right-aligned in 10 columns."""
    return (code.ljust(9) + name.ljust(name_width) + "".join(f.rjust(10) for f in figures)).rstrip()


def rows(report: gfs_cn.Report, kind: str) -> list[tuple[object, ...]]:
    return [(row.code, row.name, dict(row.amounts)) for row in report.table(kind).rows]


def test_space_aligned_text_reads_as_the_pdf() -> None:
    pytest.importorskip("pdfplumber")
    from_pdf, from_text = gfs_cn.read(PDF), gfs_cn.read(LAYOUT)
    assert (from_text.department, from_text.year, from_text.money_unit) == (
        from_pdf.department,
        from_pdf.year,
        from_pdf.money_unit,
    )
    # 事业收入 and 其他收入 are blank in every row: their columns keep their place, and 财政拨款收入 its figures.
    for kind in ("income", "general_budget_basic_expenditure"):
        assert rows(from_text, kind) == rows(from_pdf, kind)


def test_every_amount_of_space_aligned_text_is_placed_or_reported() -> None:
    report = gfs_cn.read(LAYOUT)
    found = coverage(LAYOUT, report)
    assert found.unplaced == ()
    assert found.placed >= 100


def test_a_row_printed_on_two_lines_is_one_row() -> None:
    # The name a little above its code and figures, as layout output prints a row whose cells are
    # vertically centred at different heights.
    def line(code: str, name: str, *figures: str) -> str:
        return laid_out(code, name, *figures, name_width=12)

    text = "\n".join(
        [
            line("科目编码", "科目名称", "合计", "基本支出"),
            line("201", "一般公共服务支出", "10.00", "10.00"),
            line("", "行政运行"),
            line("2010301", "", "4.00", "4.00"),
            line("2010302", "一般行政管理事务", "6.00", "6.00"),
        ]
    )
    lines = space_aligned(split_lines(text))
    assert lines[2].cells == ("2010301", "行政运行", "4.00", "4.00")
    assert lines[3].blank


def test_tab_separated_text_is_left_as_it_is() -> None:
    lines = split_lines("合计\t1.00\t2.00\n甲\t0.50\t1.00\n乙\t0.50\t1.00")
    assert not is_space_aligned(lines)


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=30))
@settings(max_examples=200, deadline=None)
def test_aligned_edges_rise_and_bound_the_groups(boxes: list[tuple[int, int]]) -> None:
    words = [{"text": "x", "x0": float(x0), "x1": float(x0 + width)} for x0, width in boxes]
    edges = aligned_edges(words)
    assert edges == sorted(edges)
    if edges:
        assert edges[0] >= min(w["x0"] for w in words)
        assert edges[-1] <= max(w["x1"] for w in words)


@st.composite
def mangled_layout(draw: st.DrawFn) -> str:
    """The laid-out fixture with a few mutations: lines deleted, duplicated, swapped or shifted by a few
    spaces, digits changed, the text cut."""
    lines = LAYOUT.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "shift", "digit", "cut"]))
        if operation == "delete":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        elif operation == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif operation == "shift" and lines[i]:
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + " " * draw(st.integers(1, 6)) + lines[i][k:]
        elif operation == "digit" and any(c.isdigit() for c in lines[i]):
            k = draw(st.sampled_from([k for k, c in enumerate(lines[i]) if c.isdigit()]))
            lines[i] = lines[i][:k] + draw(st.sampled_from("0123456789")) + lines[i][k + 1 :]
        elif operation == "cut":
            lines = lines[: max(i, 1)]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mangled_layout())
def test_mangled_space_aligned_text_reads_or_fails_cleanly_and_loses_nothing(text: str) -> None:
    refused = ""
    try:
        report = gfs_cn.read(text)
    except gfs_cn.GfsError as err:
        refused = str(err)
    assert "internal error" not in refused  # a defect of the reader, turned into a GfsError only to spare a batch
    if refused:
        return
    lines = document_lines(text)[0]
    assert coverage(lines, report).unplaced == ()
    cells = {line.number: line.cells for line in lines}
    for table in report.tables:
        factor = (table.unit or report.money_unit).factor
        for row in getattr(table, "rows", ()):
            printed = {parse_decimal(c) for c in cells.get(getattr(row, "line", None) or -1, ()) if is_amount(c)}
            for money in (*getattr(row, "amounts", {}).values(), *getattr(row, "extra", {}).values()):
                if money is not None and money.amount:
                    assert money.amount / factor in printed


def test_a_heading_centred_over_its_columns_spans_them() -> None:
    # 本年收入 centred over 项目 | 预算数, 本年支出 over the next two: each side keeps its own figures.
    def line(*cells: str) -> str:
        return "".join(cell.center(16) for cell in cells).rstrip()

    text = "\n".join(
        [
            "2024年某局部门收支总表",
            "单位：万元",
            " " * 14 + "本年收入" + " " * 28 + "本年支出",  # centred at 16 and 48: over columns 0-1 and 2-3
            line("项目", "预算数", "项目", "预算数"),
            line("一、财政拨款收入", "10.00", "一、一般公共服务支出", "8.00"),
            line("二、事业收入", "", "二、卫生健康支出", "2.00"),
            line("收入总计", "10.00", "支出总计", "10.00"),
        ]
    )
    lines = space_aligned(split_lines(text))
    assert lines[2].cells[0] == "本年收入"
    assert lines[2].covered == frozenset({1, 3})
    report = gfs_cn.read(text, department="某局")
    sides = {(row.item, row.side.value) for row in report.table("budget_summary").rows if row.item}
    assert ("二、卫生健康支出", "expenditure") in sides
    assert ("一、财政拨款收入", "income") in sides


def test_the_head_of_a_long_name_above_its_row_joins_it() -> None:
    def line(code: str, name: str, *figures: str) -> str:
        return laid_out(code, name, *figures, name_width=14)

    text = "\n".join(
        [
            line("科目编码", "科目名称", "合计", "基本支出"),
            line("2080501", "行政单位离退休", "84.65", "84.65"),
            line("", "机关事业单位基本养"),
            line("2080505", "老保险缴费支出", "160.75", "160.75"),
            line("2080506", "职业年金缴费支出", "80.38", "80.38"),
        ]
    )
    lines = space_aligned(split_lines(text))
    assert lines[2].cells == ("2080505", "机关事业单位基本养老保险缴费支出", "160.75", "160.75")
    assert lines[3].blank
