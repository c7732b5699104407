"""Checks (勾稽关系): the seeds' real findings, the registry, and consistent tables found consistent."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gfs_cn import _data, functional
from gfs_cn.checks import Finding, Rule, Severity, check, register, rules, unregister
from gfs_cn.checks.across import links
from gfs_cn.checks.narrative import claims
from gfs_cn.checks.registry import bound_rule_ids
from gfs_cn.money import to_money
from gfs_cn.tables import (
    ClassifiedRow,
    Column,
    ExpenditureTable,
    Report,
    ReportKind,
    RowKind,
    TableKind,
)
from tests.conftest import read_fixture_rows
from tests.reports import SEEDS, read_with_narrative


def _as_row(finding: Finding) -> dict[str, str]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "line": str(finding.line or ""),
        "tables": ",".join(finding.tables),
        "row": finding.row or "",
        "column": finding.column.value if finding.column else "",
        "expected": "" if finding.expected is None else str(finding.expected),
        "actual": "" if finding.actual is None else str(finding.actual),
    }


@pytest.mark.parametrize("seed", SEEDS)
def test_findings_on_each_seed_equal_the_fixture(seed: str) -> None:
    findings = read_with_narrative(seed).check()
    assert [_as_row(f) for f in findings] == read_fixture_rows(f"findings/{seed}.tsv")


def test_the_seeds_real_errors_are_found() -> None:
    anshan = read_with_narrative("anshan").check()
    errors = {(f.rule, f.line) for f in anshan if f.severity is Severity.ERROR}
    # The narrative says 一般公共预算基本支出 2311.07万元 (the table: 2,091.96) and “三公” 7.2万元 (the table: 7.50,
    # and its own parts 7.2 + 0.3); it defines 人员经费 as 301 + 303 (1,918.03 in the table) but states 1970.38,
    # which counts 30239 其他交通费用 (52.35) printed under 人员经费; and 公用经费 as 302 (173.93) but states 121.58.
    assert errors == {
        ("narrative.figures", 188),
        ("narrative.figures", 198),
        ("narrative.definitions", 188),
        ("narrative.three-public", 198),
        ("narrative.three-public-changes", 198),  # −1.5 stated, its parts' changes add to −1.2
        # 表17: the project 其他医疗保障管理事务支出（经办大厅业务保障） has 预算资金 8.00万元 and a 成本指标 ≤188366元.
        ("performance.cost-amounts", 641),
    }
    three_public = next(f for f in anshan if f.line == 198 and f.rule == "narrative.figures")
    assert three_public.expected == Decimal("75000.00")
    assert three_public.actual == Decimal("72000.00")
    assert three_public.difference == Decimal("-3000.00")
    assert "7.50万元" in three_public.message
    assert "beyond rounding" in three_public.message
    assert three_public.paths == ("$.narrative[3].text", "$.tables[5].rows[0].amounts.total")
    # The stated 7.2 explains both “三公” failures: a note beside them, not an error of its own.
    (explained,) = [f for f in anshan if f.rule == "explain.cells"]
    assert explained.severity is Severity.NOTE
    assert explained.actual == Decimal("72000.00")
    assert explained.expected == Decimal("75000.00")
    assert explained.paths == ("$.narrative[3].text",)


def test_cut_off_tables_give_incomplete_not_errors() -> None:
    zibo = read_with_narrative("zibo").check()
    assert {f.severity for f in zibo} == {Severity.INCOMPLETE}


def test_rounding_notes_are_notes() -> None:
    ezhou = read_with_narrative("ezhou").check()
    rounding = [f for f in ezhou if f.severity is Severity.ROUNDING]
    assert rounding
    assert all(f.difference is not None and abs(f.difference) <= Decimal(100) for f in rounding)
    assert all("within rounding" in f.message for f in rounding)


def test_tolerance_is_configurable() -> None:
    report = read_with_narrative("ezhou")
    strict = check(report, tolerance=Decimal(0))
    assert not [f for f in strict if f.severity is Severity.ROUNDING]
    assert len([f for f in strict if f.severity is Severity.ERROR]) > 20


def test_findings_are_sorted_and_stable() -> None:
    findings = read_with_narrative("xixia").check()
    assert findings == sorted(findings, key=lambda f: f.sort_key)
    assert findings == read_with_narrative("xixia").check()


def test_disable_and_only() -> None:
    report = read_with_narrative("xixia")
    assert not [f for f in check(report, disable=["catalogue.summary-item"]) if f.rule == "catalogue.summary-item"]
    assert {f.rule for f in check(report, only=["catalogue.name"])} == {"catalogue.name"}


# -- the registry ----------------------------------------------------------------------------------


def test_every_rule_in_the_data_has_code_and_every_code_a_rule() -> None:
    data_ids = [row["id"] for row in _data.read_rows("check_rules.tsv")]
    assert len(data_ids) == len(set(data_ids))
    assert set(data_ids) == bound_rule_ids()
    assert [r.id for r in rules()][: len(data_ids)] == data_ids
    for rule in rules():
        assert rule.description
        assert rule.severity in (Severity.ERROR, Severity.WARNING, Severity.NOTE)
        for kind in rule.tables:
            assert kind == "*" or TableKind(kind)


def test_links_and_claims_name_real_tables_and_columns() -> None:
    for link in links():
        for spec in (link.columns_a, link.columns_b):
            for alternative in spec.split("|"):
                for column in alternative.split("+"):
                    assert Column(column)
        for locator in (link.locator_a, link.locator_b):
            assert locator == "total" or re.match(r"^(income|expenditure):", locator)
    for claim in claims():
        assert {"amount", "count", "none"} & set(claim.pattern.groupindex)
        assert claim.locator in ("current", "change", "rows", "tables", "total") or ":" in claim.locator


def test_users_add_and_disable_rules() -> None:
    def flag_everything(context: Any) -> list[Finding]:
        return [context.note("always", tables=())]

    register(Rule(id="user.always", severity=Severity.WARNING, tables=("*",), description="test"), flag_everything)
    try:
        report = read_with_narrative("anshan")
        assert [f.rule for f in check(report, only=["user.always"])] == ["user.always"]
        assert not [f for f in check(report, disable=["user.always"]) if f.rule == "user.always"]
    finally:
        unregister("user.always")
    assert "user.always" not in [r.id for r in rules()]
    with pytest.raises(ValueError, match="built in"):
        register(Rule(id="rollup.codes", severity=Severity.ERROR, tables=(), description=""), flag_everything)


# -- consistent synthetic tables, and one cell perturbed ----------------------------------------------

ITEMS = sorted(s.code for s in functional.CATALOG.subjects(year=2024) if len(s.code) == 7)  # the report's edition


def _row(code: str, basic: int, project: int) -> ClassifiedRow:
    subject = functional.lookup(code)
    amounts = {
        Column.TOTAL: to_money(Decimal(basic + project).scaleb(-2)),
        Column.BASIC: to_money(Decimal(basic).scaleb(-2)),
        Column.PROJECT: to_money(Decimal(project).scaleb(-2)),
    }
    return ClassifiedRow(code=code, printed_code=code, name=subject.name, subject=subject, amounts=amounts)


@st.composite
def consistent_tables(draw: st.DrawFn) -> ExpenditureTable:
    leaves = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=12, unique=True))
    figures = {code: (draw(st.integers(0, 10**9)), draw(st.integers(0, 10**9))) for code in sorted(leaves)}
    sums: dict[str, list[int]] = {}
    for code, (basic, project) in figures.items():
        for prefix in (code[:3], code[:5], code):
            total = sums.setdefault(prefix, [0, 0])
            total[0] += basic
            total[1] += project
    rows = [_row(code, *sums[code]) for code in sorted(sums)]
    grand = [sum(sums[c][i] for c in sums if len(c) == 3) for i in (0, 1)]
    total = ClassifiedRow(name="合计", kind=RowKind.TOTAL, amounts=_row(leaves[0], *grand).amounts)
    return ExpenditureTable(title="支出总表", columns=(Column.TOTAL, Column.BASIC, Column.PROJECT), rows=(total, *rows))


def _report(table: ExpenditureTable) -> Report:
    return Report(department="某局", year=2024, kind=ReportKind.BUDGET, tables=(table,))


@settings(max_examples=60, deadline=None)
@given(table=consistent_tables())
def test_consistent_tables_give_no_findings(table: ExpenditureTable) -> None:
    assert check(_report(table)) == []


@settings(max_examples=60, deadline=None)
@given(table=consistent_tables(), data=st.data())
def test_a_perturbed_cell_is_reported(table: ExpenditureTable, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(table.rows) - 1))
    delta = data.draw(st.integers(1, 10**6).map(lambda n: Decimal(n)))  # at least 1 yuan beyond rounding
    delta += Decimal(100)
    row = table.rows[index]
    amounts = dict(row.amounts)
    amounts[Column.TOTAL] = to_money(row.amounts[Column.TOTAL].amount / 10000 + delta / 10000)  # type: ignore[union-attr]
    perturbed = ExpenditureTable(
        title=table.title,
        columns=table.columns,
        rows=(*table.rows[:index], ClassifiedRow(**{**_fields(row), "amounts": amounts}), *table.rows[index + 1 :]),
    )
    result = check(_report(perturbed))
    findings = [f for f in result if f.severity is Severity.ERROR]
    assert any(f.row == row.label and f.column is Column.TOTAL for f in findings), findings
    # Where the one wrong cell breaks several identities, explain.cells names that cell and its true value.
    if len(findings) >= 2:
        (explained,) = [f for f in result if f.rule == "explain.cells"]
        assert explained.severity is Severity.NOTE
        assert explained.paths == (f"$.tables[0].rows[{index}].amounts.total",)
        assert explained.expected == row.amounts[Column.TOTAL].amount  # type: ignore[union-attr]


def _fields(row: ClassifiedRow) -> dict[str, Any]:
    import attrs

    return {f.name: getattr(row, f.name) for f in attrs.fields(ClassifiedRow)}


# -- catalogue rules on small reports of their own -------------------------------------------------


def _classified_report(*rows: tuple[str, str, str]) -> Report:
    """A 支出总表 with rows (code, name, amount in 万元), codes as printed."""
    from gfs_cn import functional as catalog

    built = [
        ClassifiedRow(
            code=code,
            printed_code=code,
            name=name,
            subject=catalog.get(code),
            amounts={Column.TOTAL: to_money(Decimal(amount))},
            line=n,
        )
        for n, (code, name, amount) in enumerate(rows, 10)
    ]
    table = ExpenditureTable(title="支出总表", columns=(Column.TOTAL,), rows=tuple(built))
    return _report(table)


def test_a_code_printed_with_another_codes_name() -> None:
    report = _classified_report(("21015", "医疗保障管理事务", "3.00"), ("2101501", "事业运行", "3.00"))
    (finding,) = check(report, only=["catalogue.name"])
    assert finding.severity is Severity.ERROR
    assert finding.line == 11
    assert "the printed name is that of 2101550" in finding.message


def test_a_former_name_is_a_warning_with_its_years() -> None:
    report = _classified_report(("210", "医疗卫生与计划生育支出", "1.00"))
    (finding,) = check(report, only=["catalogue.name"])
    assert finding.severity is Severity.WARNING
    assert "until 2018" in finding.message
    assert "卫生健康支出" in finding.message


def test_an_unknown_code_names_its_nearest_ancestor() -> None:
    report = _classified_report(("2101598", "不存在的项", "1.00"))
    (finding,) = check(report, only=["catalogue.code"])
    assert finding.severity is Severity.ERROR
    assert "21015 医疗保障管理事务" in finding.message


def test_a_row_under_the_wrong_parent() -> None:
    report = _classified_report(
        ("208", "社会保障和就业支出", "1.00"),
        ("20805", "行政事业单位养老支出", "1.00"),
        ("2101501", "行政运行", "1.00"),
    )
    findings = check(report, only=["catalogue.parent"])
    assert [(f.line, f.severity) for f in findings] == [(12, Severity.ERROR)]
    assert "printed under 20805" in findings[0].message


def test_a_pairing_the_crosswalk_does_not_have() -> None:
    from gfs_cn import economic
    from gfs_cn.tables import EconomicRow, GeneralBudgetBasicExpenditureTable

    row = EconomicRow(
        code="30101",
        printed_code="30101",
        name="基本工资",
        subject=economic.department.lookup("30101"),
        government_code="50201",
        printed_government_code="50201",
        government_name="办公经费",
        government_subject=economic.government.lookup("50201"),
        amounts={Column.TOTAL: to_money(Decimal("1.00"))},
        line=7,
    )
    table = GeneralBudgetBasicExpenditureTable(title="一般公共预算基本支出表", columns=(Column.TOTAL,), rows=(row,))
    report = Report(department="某局", year=2024, kind=ReportKind.BUDGET, tables=(table,))
    (finding,) = check(report, only=["economic.crosswalk"])
    assert finding.severity is Severity.ERROR
    assert "50101 for a 行政单位" in finding.message
    assert "50501 for a 事业单位" in finding.message


def test_narrative_counts_and_changes() -> None:
    import attrs

    from gfs_cn.tables import Section, ThreePublicRow, ThreePublicTable

    zibo = read_with_narrative("zibo")
    # The narrative's 13 projects and 107.46万元 of procurement agree with the tables: no finding.
    assert not check(zibo, only=["narrative.figures"])
    wrong = attrs.evolve(zibo, narrative=(Section(heading="绩效", text="涉及预算项目支出12个"),))
    (finding,) = check(wrong, only=["narrative.figures"])
    assert "the table lists 13" in finding.message

    def row(year: int, total: str) -> ThreePublicRow:
        return ThreePublicRow(basis=f"{year}年预算数", year=year, amounts={Column.TOTAL: to_money(Decimal(total))})

    table = ThreePublicTable(
        title="“三公”经费表", columns=(Column.TOTAL,), rows=(row(2023, "10.90"), row(2024, "8.00"))
    )
    report = Report(department="某局", year=2024, kind=ReportKind.BUDGET, tables=(table,))
    said = [Section(heading="三公", text="“三公”经费预算数比2023年减少2.90万元")]
    assert not check(attrs.evolve(report, narrative=tuple(said)), only=["narrative.figures"])
    said = [Section(heading="三公", text="“三公”经费预算数比2023年减少1.90万元")]
    (finding,) = check(attrs.evolve(report, narrative=tuple(said)), only=["narrative.figures"])
    assert finding.expected == Decimal("-29000.00")
    assert finding.actual == Decimal("-19000.00")


# -- exact rounding bounds: consistent figures, however rounded, are never errors -------------------------


def _printed(true: Decimal) -> Decimal:
    """A true 万元 figure as a report prints it: two decimals, half up."""
    from decimal import ROUND_HALF_UP

    return true.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@settings(max_examples=80, deadline=None)
@given(parts=st.lists(st.integers(0, 10**8), min_size=2, max_size=12))
def test_rounded_parts_and_total_are_never_an_error(parts: list[int]) -> None:
    # True figures with four decimals (万元); every printed figure is rounded on its own.
    code = "2101501"
    true = [Decimal(p).scaleb(-4) for p in parts]
    rows = [
        ClassifiedRow(
            code=code,
            printed_code=code,
            name="行政运行",
            subject=functional.lookup(code),
            amounts={Column.TOTAL: to_money(_printed(t)), Column.BASIC: to_money(_printed(t))},
        )
        for t in true
    ]
    total = ClassifiedRow(
        name="合计",
        kind=RowKind.TOTAL,
        amounts={Column.TOTAL: to_money(_printed(sum(true))), Column.BASIC: to_money(_printed(sum(true)))},
    )
    table = ExpenditureTable(title="支出总表", columns=(Column.TOTAL, Column.BASIC), rows=(total, *rows))
    result = check(_report(table), only=["rollup.total"])
    assert not [f for f in result if f.severity is not Severity.ROUNDING], list(result)
    # The two columns print the same figures: one finding (and one instance) for a difference they share.
    assert result.counts()["checks"] == (1 if list(result) else 2)


@settings(max_examples=200, deadline=None)
@given(numerator=st.integers(0, 10**7), denominator=st.integers(1, 10**7), digits=st.integers(0, 2))
def test_a_percentage_of_rounded_figures_is_consistent(numerator: int, denominator: int, digits: int) -> None:
    from decimal import ROUND_HALF_UP

    from gfs_cn.checks.figures import Figure, half_unit, percentage_consistent

    a, b = Decimal(numerator).scaleb(-4), Decimal(denominator).scaleb(-4) + Decimal("0.01")
    stated = (a / b * 100).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    printed_a, printed_b = _printed(a), _printed(b)
    if printed_b == 0:
        return
    bound = half_unit(Decimal("0.01"), Decimal(1))
    assert percentage_consistent(stated, Figure(printed_a, bound), Figure(printed_b, bound))


def test_bounds_follow_the_printed_precision_and_unit() -> None:
    from gfs_cn.checks.figures import half_unit
    from gfs_cn.money import Unit, parse_amount

    assert half_unit(parse_amount("442.28", Unit.WAN_YUAN).amount, Unit.WAN_YUAN.factor) == 50  # type: ignore[union-attr]
    assert half_unit(parse_amount("7.2", Unit.WAN_YUAN).amount, Unit.WAN_YUAN.factor) == 500  # type: ignore[union-attr]
    assert half_unit(parse_amount("4422", Unit.YUAN).amount, Unit.YUAN.factor) == Decimal("0.5")  # type: ignore[union-attr]


def test_a_total_off_its_rows_and_a_narrative_figure_off_the_total_are_rounding() -> None:
    # Ezhou: 支出决算表 合计 基本支出 816.43 is 0.01 off its rows; the narrative's 816.42 is rounding of both.
    ezhou = read_with_narrative("ezhou").check()
    stated = next(f for f in ezhou if f.rule == "narrative.figures" and f.actual == Decimal("8164200.00"))
    assert stated.severity is Severity.ROUNDING
    assert stated.bound == Decimal("100.00")


def test_every_rule_instance_has_an_outcome() -> None:
    result = read_with_narrative("xixia").check()
    counts = result.counts()
    assert counts["checks"] == len(result.outcomes)
    assert counts["warning"] == len([f for f in result if f.severity is Severity.WARNING])
    assert "final.carryover" in result.not_applicable  # a budget has no carryover identity
    assert result.by_rule()["narrative.share"]["passed"] == 4
    assert "rules not applicable: " in result.summary()


def test_last_years_figure_is_not_compared_with_this_years_table() -> None:
    import attrs

    from gfs_cn.tables import Section

    anshan = read_with_narrative("anshan")
    said = Section(heading="三公", text='2023年"三公"经费预算数8.7万元；"三公"经费预算数7.5万元', first_line=1)
    result = check(attrs.evolve(anshan, narrative=(said,)), only=["narrative.figures", "narrative.repeated"])
    assert not [f for f in result if f.severity is not Severity.ROUNDING]
    assert result.by_rule()["narrative.figures"]["passed"] == 1


def test_summary_lines_by_use_and_names_of_the_reports_year_are_not_flagged() -> None:
    from gfs_cn.tables import BudgetSummaryTable, Side, SummaryLine

    def line(item: str, panel: int = 0, code: str | None = None) -> SummaryLine:
        subject = functional.edition(2018).lookup(code) if code else None
        return SummaryLine(side=Side.EXPENDITURE, item=item, panel=panel, subject=subject, amounts={})

    # Jiangsu 2018: 支出功能分类 beside 支出用途 (panel 1); 文化体育与传媒支出 is the 2018 name of 207.
    table = BudgetSummaryTable(
        title="收支预算总表",
        rows=(line("七、文化体育与传媒支出", code="207"), line("一、基本支出", panel=1), line("二、项目支出", panel=1)),
    )
    report = Report(department="江苏省委办公厅", year=2018, kind=ReportKind.BUDGET, tables=(table,))
    assert not check(report, only=["catalogue.summary-item"])
    later = Report(department="某厅", year=2024, kind=ReportKind.BUDGET, tables=(table,))
    (former,) = check(later, only=["catalogue.summary-item"])
    assert "former name of 207" in former.message


def test_statements_in_words_and_sentences() -> None:
    import attrs

    from gfs_cn.tables import Section

    xixia = read_with_narrative("xixia")
    # 没有政府性基金预算支出 (none, in words) against the fund table printed empty: a pass of its own.
    said = Section(heading="基金", text="本部门2024年度没有政府性基金预算支出", first_line=1)
    result = check(attrs.evolve(xixia, narrative=(said,)), only=["narrative.figures"])
    assert not list(result)
    assert result.by_rule()["narrative.figures"]["passed"] == 1
    # Zibo prints a procurement budget of 107.46万元: saying there is none is an error.
    zibo = read_with_narrative("zibo")
    said = Section(heading="采购", text="本部门2024年无政府采购预算", first_line=1)
    (finding,) = check(attrs.evolve(zibo, narrative=(said,)), only=["narrative.figures"])
    assert (finding.severity, finding.expected, finding.actual) == (Severity.ERROR, Decimal("1074600.00"), 0)
    said = Section(heading="采购", text="本部门2024年政府采购预算为0。", first_line=1)
    (finding,) = check(attrs.evolve(zibo, narrative=(said,)), only=["narrative.figures"])
    assert finding.actual == 0
    # A change is read within its sentence: Xixia's 0万元 (国有资本经营) is not what grew by 420.65万元.
    said = Section(
        heading="四、财政拨款收入支出总体情况说明",
        text="国有资本经营收支预算0万元。与2023年预算相比,一般公共预算收支预算增加420.65万元,增长4.01%",
        first_line=100,
    )
    assert not check(attrs.evolve(xixia, narrative=(said,)), only=["narrative.change"])


def test_a_heading_naming_another_year_is_a_warning() -> None:
    import attrs

    from gfs_cn.tables import Section

    zibo = read_with_narrative("zibo")
    right = Section(heading="第二部分 2024年部门预算表", text="", first_line=1)
    result = check(attrs.evolve(zibo, narrative=(right,)), only=["structure.year"])
    assert not list(result)
    assert result.by_rule()["structure.year"]["passed"] == 1
    wrong = Section(heading="第三部分 2023 年部门预算情况说明", text="", first_line=2)
    (finding,) = check(attrs.evolve(zibo, narrative=(right, wrong)), only=["structure.year"])
    assert finding.severity is Severity.WARNING
    assert "names 2023" in finding.message
    # A heading that only mentions another year (纳入本部门2018年部门汇总预算…) names no part of the report.
    aside = Section(heading="2．从预算单位构成看，纳入本部门2023年部门汇总预算编", text="", first_line=3)
    assert not check(attrs.evolve(zibo, narrative=(aside,)), only=["structure.year"])


def test_a_share_of_the_budget_is_of_the_budget_it_names() -> None:
    import attrs

    from gfs_cn.tables import Section

    ezhou = read_with_narrative("ezhou")
    # Ezhou: 年初预算为0万元,支出决算为24.8万元,完成年初预算的0% — a share of nothing: no verdict.
    said = Section(heading="支出", text="年初预算为0万元,支出决算为24.8万元,完成年初预算的0%", first_line=1)
    assert not check(attrs.evolve(ezhou, narrative=(said,)), only=["narrative.share"])
    said = Section(heading="支出", text="年初预算为60万元,支出决算为14.77万元,完成年初预算的24.62%", first_line=1)
    result = check(attrs.evolve(ezhou, narrative=(said,)), only=["narrative.share"])
    assert result.by_rule()["narrative.share"]["passed"] == 1
    said = Section(heading="支出", text="年初预算为60万元,支出决算为14.77万元,完成年初预算的14.77%", first_line=1)
    (finding,) = check(attrs.evolve(ezhou, narrative=(said,)), only=["narrative.share"])
    assert "of the budget stated before it" in finding.message
