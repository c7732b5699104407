"""Reading space-aligned text (``pdftotext -layout``, pdfplumber's ``extract_text(layout=True)``).

``fixtures/layout/shanghai-budget.txt`` is the text pdfplumber lays out from ``fixtures/pdf/shanghai-budget.pdf``
(上海市普陀区人民政府办公室 2025 部门预算: cover and table pages, no prose): cells separated by spaces only, blank
cells left as width, headers over several lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gfs_cn
from gfs_cn.reading import coverage
from gfs_cn.reading.layout import aligned_edges, is_space_aligned, space_aligned
from gfs_cn.reading.text import split_lines

FIXTURES = Path(__file__).parent / "fixtures"
LAYOUT = FIXTURES / "layout" / "shanghai-budget.txt"
PDF = FIXTURES / "pdf" / "shanghai-budget.pdf"


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
        return (code.ljust(9) + name.ljust(12) + "".join(f.rjust(10) for f in figures)).rstrip()

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
