"""Titles recognised by their parts: every title seen in real reports gives its kind; no other line does."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from gfs_cn import _data
from gfs_cn.tables import TableKind
from gfs_cn.tables.titles import printed_title, title_kind, title_parts

FIXTURE = Path(__file__).parent / "fixtures" / "titles.tsv"
_LINES = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
TITLES = [(row["title"], row["kind"]) for row in csv.DictReader(_LINES, delimiter="\t")]


@pytest.mark.parametrize(("title", "kind"), TITLES)
def test_every_title_seen_gives_its_kind(title: str, kind: str) -> None:
    assert title_kind(title) is TableKind(kind)


@pytest.mark.parametrize(
    "line",
    [
        "第三部分 2024年部门预算情况说明",
        "第二部分 2019年度部门预算表",
        "部门决算表",
        "详见单位的项目绩效目标表。",
        "2025年，上海市普陀区人民政府办公室收入预算9,101.68万元",
        "目 录",
    ],
)
def test_lines_that_are_no_title_of_a_standard_table(line: str) -> None:
    assert title_kind(line) is None


def test_the_registries_name_known_features_kinds_and_values() -> None:
    features = {"phase", "fund", "side", "breakdown", "summary"}
    values: dict[str, set[str]] = {}
    for row in _data.read_rows("title_parts.tsv"):
        assert row["feature"] in features
        values.setdefault(row["feature"], set()).add(row["value"])
    for row in _data.read_rows("title_kinds.tsv"):
        TableKind(row["kind"])
        for feature in features:
            assert row[feature] in {"*", "-"} | values[feature], (row, feature)


def test_the_printed_title_leaves_out_number_department_and_unit() -> None:
    assert printed_title("收支预算总表公开表一部门： 江苏省人大常委会办公厅 单位：万元") == "收支预算总表"
    assert printed_title("公开 03 表：支出预算总表") == "支出预算总表"
    assert title_parts("2025年部门一般公共预算支出功能分类预算表") == {
        "breakdown": "functional",
        "fund": "general",
        "side": "expenditure",
    }
