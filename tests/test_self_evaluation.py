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


# The national template's layout (项目支出绩效自评表: 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分; indicators
# with 分值 and 得分 and a remark column); the figures are made up, none of the fixtures prints this template.
NATIONAL = [
    "项目支出绩效自评表",
    "单位：万元",
    "项目名称\t\t数据共享平台运维",
    "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
    "\t年度资金总额\t100.00\t80.00\t76.00\t10\t95%\t9.5",
    "\t其中：当年财政拨款\t100.00\t80.00\t76.00\t—\t95%\t—",
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
    "产出指标\t数量指标\t运维系统数\t≥3个\t3个\t20\t20\t",
    "\t质量指标\t系统可用率\t≥99%\t98%\t20\t18\t硬件故障停机一次",
    "总分\t\t\t\t\t50\t47.5\t",
]


def test_the_national_template_is_read_and_scored() -> None:
    from gfs_cn.checks import check

    report = read_text("\n".join(NATIONAL), year=2023)
    (table,) = report.tables
    total, appropriation = table.execution
    assert (total.budget, total.executed) == (to_money(Decimal("80.00")), to_money(Decimal("76.00")))
    assert (total.rate, total.weight, total.score) == (Decimal(95), Decimal(10), Decimal("9.5"))
    assert appropriation.score is None
    second = table.rows[1]
    assert (second.level2, second.level3, second.target, second.actual) == ("质量指标", "系统可用率", "99%", "98%")
    assert (second.weight, second.score) == (Decimal(20), Decimal(18))
    assert table.total_score == Decimal("47.5")
    rules = ["performance.execution-rate", "performance.execution-score", "performance.total-score"]
    result = check(report, only=rules)
    assert not list(result)
    passed = {rule: counts["passed"] for rule, counts in result.by_rule().items()}
    assert passed == {rules[0]: 2, rules[1]: 1, rules[2]: 1}  # both lines print a 执行率; one a 得分
    wrong = "\n".join(NATIONAL).replace("\t76.00\t10\t95%\t9.5", "\t76.00\t10\t95%\t8.5")
    found = check(read_text(wrong, year=2023), only=rules)
    assert sorted(f.rule for f in found) == ["performance.execution-score", "performance.total-score"]
