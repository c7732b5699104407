"""Self-evaluation tables (绩效自评表): the reader keeps 预算执行情况, each indicator's 实际完成值 and 得分,
and 总分 (Ezhou 2022, tests/fixtures/texts/ezhou.txt lines 649–749)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gfs_cn import from_dict, to_dict
from gfs_cn.money import to_money
from gfs_cn.reading import read_text
from gfs_cn.tables import TableKind
from tests.reports import text


def _tables() -> list[Any]:
    return list(read_text(text("ezhou")).tables_of(TableKind.PERFORMANCE_SELF_EVALUATION))


def test_budget_execution_and_total_score_are_read() -> None:
    tables = _tables()
    assert [t.subject_name for t in tables] == [
        "基本医疗（含生育）业务经办管理",
        "医疗保险业务信息化",
        "基金监管专项",
        "医疗保障与服务能力提升",
    ]
    assert [t.total_score for t in tables] == [Decimal(100), Decimal(92), Decimal(94), Decimal(98)]
    (line,) = tables[1].execution
    assert line.name == "年度财政资金总额"
    assert (line.budget, line.executed) == (to_money(Decimal("170.96")), to_money(Decimal("102.17")))
    assert (line.rate, line.weight, line.score) == (Decimal("59.76"), Decimal(20), Decimal(12))
    # 执行率 printed as a bare % beside a 预算数 of 0: no rate.
    assert tables[3].execution[0].rate is None
    assert tables[3].execution[0].budget == to_money(Decimal(0))


def test_indicators_carry_actual_and_score() -> None:
    rows = _tables()[1].rows
    assert [r.score for r in rows] == [Decimal(n) for n in (20, 5, 10, 5, 10, 10, 5, 10, 5)]
    first = rows[0]
    assert (first.level1, first.level2, first.level3) == ("产出指标", "数量指标", "医保网络两定单位覆盖率")
    assert (first.printed_operator, first.target, first.actual) == ("≥", "100%", "100%")
    # A row printed one cell left, under merged 一级指标: 时效指标 is its 二级指标.
    assert (rows[5].level1, rows[5].level2, rows[5].level3) == ("产出指标", "时效指标", "医保费用结算及时性")


def test_the_new_fields_round_trip_and_old_documents_still_read() -> None:
    report = read_text(text("ezhou"))
    data = to_dict(report)
    assert from_dict(data) == report
    for table in data["tables"]:
        if table["kind"] == "performance_self_evaluation":
            del table["execution"], table["total_score"]
            for row in table["rows"]:
                del row["actual"], row["score"]
    old = from_dict(data)
    assert all(not t.execution for t in old.tables_of(TableKind.PERFORMANCE_SELF_EVALUATION))
