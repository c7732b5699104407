"""Checks a reviewer can trust: reading doubts stay reading doubts, each finding on its page, one finding per
place, counts that agree, and verdicts that do not accuse the publisher of a template's practice."""

from __future__ import annotations

import json
from decimal import Decimal

import attrs
import pytest

from gfs_cn import economic, functional
from gfs_cn.checks import Finding, Severity, check
from gfs_cn.money import Unit, to_money
from gfs_cn.tables import (
    ClassifiedRow,
    Column,
    EconomicRow,
    ExpenditureTable,
    GeneralBudgetBasicExpenditureTable,
    Report,
    ReportKind,
    RowKind,
    Section,
    TableStatus,
)
from tests.reports import read_with_narrative


def _row(code: str, total: str, *, line: int, page: int | None = None, name: str | None = None) -> ClassifiedRow:
    subject = functional.lookup(code)
    return ClassifiedRow(
        code=code,
        printed_code=code,
        name=name or subject.name,
        subject=subject,
        amounts={Column.TOTAL: to_money(Decimal(total))},
        line=line,
        page=page,
    )


def _total(total: str, *, line: int, page: int | None = None) -> ClassifiedRow:
    return ClassifiedRow(
        name="合计", kind=RowKind.TOTAL, amounts={Column.TOTAL: to_money(Decimal(total))}, line=line, page=page
    )


def _table(*rows: ClassifiedRow, **fields: object) -> ExpenditureTable:
    lines = [r.line for r in rows if r.line is not None]
    pages = [r.page for r in rows if r.page is not None]
    return ExpenditureTable(
        title="支出总表",
        columns=(Column.TOTAL,),
        rows=rows,
        first_line=min(lines, default=None),
        last_line=max(lines, default=None),
        first_page=min(pages, default=None),
        last_page=max(pages, default=None),
        **fields,  # type: ignore[arg-type]
    )


def _report(*tables: ExpenditureTable, **fields: object) -> Report:
    return Report(department="某局", year=2024, kind=ReportKind.BUDGET, tables=tables, **fields)  # type: ignore[arg-type]


WRONG = (
    _total("3.00", line=10, page=4),
    _row("210", "3.00", line=11, page=4),
    _row("21015", "3.00", line=12, page=4),
    _row("2101501", "2.00", line=13, page=5),  # the 款 says 3.00
)


def test_a_rule_on_a_doubtful_table_is_incomplete_with_the_readers_reason() -> None:
    doubtful = _table(*WRONG, status=TableStatus.DOUBTFUL, doubts=("a column realigned by the row's arithmetic",))
    findings = [f for f in check(_report(doubtful)) if f.rule == "rollup.codes"]
    assert findings
    assert {f.severity for f in findings} == {Severity.INCOMPLETE}
    assert all("a column realigned by the row's arithmetic" in f.message for f in findings)
    # Read and vouched for, the same table is the publisher's error.
    assert {f.severity for f in check(_report(_table(*WRONG))) if f.rule == "rollup.codes"} == {Severity.ERROR}


def test_a_table_failing_most_of_its_identities_is_a_reading_doubt() -> None:
    # Every 款 ten times its one 项: a column misread, not eight errors of the publisher's.
    items = sorted(s.code for s in functional.CATALOG if len(s.code) == 7 and s.code.startswith("210"))
    sections = list(dict.fromkeys(code[:5] for code in items))[:8]
    rows = [_total("80.00", line=10, page=3), _row("210", "80.00", line=11, page=3)]
    for n, section in enumerate(sections):
        item = next(code for code in items if code.startswith(section))
        rows += [_row(section, "10.00", line=12 + 2 * n, page=3), _row(item, "1.00", line=13 + 2 * n, page=3)]
    findings = [f for f in check(_report(_table(*rows))) if f.rule == "rollup.codes"]
    assert len(findings) == len(sections)
    assert {f.severity for f in findings} == {Severity.INCOMPLETE}
    assert all("a column or row misread is likelier" in f.message for f in findings)
    # One wrong cell breaks a few rows, never most of a table: the publisher's error.
    assert {f.severity for f in check(_report(_table(*WRONG))) if f.rule == "rollup.codes"} == {Severity.ERROR}


def test_every_finding_names_its_page_once() -> None:
    findings = [f for f in check(_report(_table(*WRONG))) if f.severity is Severity.ERROR]
    assert findings
    for finding in findings:
        assert finding.page is not None
        assert finding.location.startswith(f"p. {finding.page}, line {finding.line}")
        assert str(finding).count(f"p. {finding.page}") == 1


def test_a_narrative_finding_is_on_the_narratives_page_not_the_tables() -> None:
    total = ClassifiedRow(
        name="合计", kind=RowKind.TOTAL, amounts={Column.BASIC: to_money(Decimal("3.00"))}, line=10, page=4
    )
    table = ExpenditureTable(
        title="支出总表", columns=(Column.BASIC,), rows=(total,), first_line=10, last_line=10, first_page=4, last_page=4
    )
    section = Section(heading="一、收支预算总体情况", text="基本支出5.00万元", first_line=2, first_page=1)
    report = attrs.evolve(_report(table), narrative=(section,))
    (finding,) = check(report, only=["narrative.figures"])
    assert finding.severity is Severity.ERROR
    assert (finding.page, finding.line) == (1, 2)
    # Where the reader gave the section no page, the finding names none rather than the table's.
    report = attrs.evolve(report, narrative=(attrs.evolve(section, first_page=None),))
    (finding,) = check(report, only=["narrative.figures"])
    assert (finding.page, finding.line) == (None, 2)


def test_a_statement_is_found_at_the_line_and_page_it_is_printed_on() -> None:
    total = ClassifiedRow(
        name="合计", kind=RowKind.TOTAL, amounts={Column.BASIC: to_money(Decimal("3.00"))}, line=40, page=9
    )
    table = ExpenditureTable(title="支出总表", columns=(Column.BASIC,), rows=(total,), first_line=40, first_page=9)
    # The heading on line 2 (p. 1); the text's lines on 3, 5 (a blank line between) and 30 (p. 2, after a table).
    section = Section(
        heading="一、收支预算总体情况",
        text="本部门2024年收支预算\n总额3.00万元。其\n中基本支出5.00万元",
        first_line=2,
        first_page=1,
        lines=(3, 5, 30),
        pages=(1, 1, 2),
    )
    report = attrs.evolve(_report(table), narrative=(section,))
    (finding,) = check(report, only=["narrative.figures"])
    assert (finding.page, finding.line) == (2, 30)
    assert finding.location == "p. 2, line 30"
    # A section that does not know its lines is found at its heading.
    report = attrs.evolve(report, narrative=(attrs.evolve(section, lines=(), pages=()),))
    (finding,) = check(report, only=["narrative.figures"])
    assert (finding.page, finding.line) == (1, 2)


@pytest.mark.parametrize("seed", ["anshan", "ezhou"])
def test_the_reader_keeps_the_line_of_every_line_of_a_section(seed: str) -> None:
    from gfs_cn.reading import read_text
    from tests.reports import text

    source = text(seed).split("\n")
    sections = read_text(text(seed)).narrative
    assert sections
    for section in sections:
        printed = section.text.split("\n")
        assert len(section.lines) == len(printed)
        for number, line in zip(section.lines, printed, strict=True):
            assert line in source[number - 1].replace("\t", " ")  # as printed (a markdown "# " aside)


def test_counts_agree_between_the_findings_and_the_summary() -> None:
    for seed in ("anshan", "ezhou", "xixia", "zibo"):
        result = read_with_narrative(seed).check()
        severities = result.severities()
        counts = result.counts()
        for severity in ("error", "warning", "rounding", "incomplete", "note"):
            assert severities[severity] == counts[severity], (seed, severity)


def test_one_finding_for_a_difference_several_columns_show() -> None:
    ezhou = read_with_narrative("ezhou").check()
    places = [(f.rule, f.line, f.row, f.expected, f.actual) for f in ezhou]
    assert len(places) == len(set(places))
    merged = [f for f in ezhou if f.rule == "rollup.codes" and f.line == 170]
    assert len(merged) == 1
    assert "[本年收入, 财政拨款]" in merged[0].message or "[财政拨款, 本年收入]" in merged[0].message


def test_the_result_carries_its_findings_as_data_html_and_a_frame() -> None:
    result = read_with_narrative("anshan").check()
    data = result.to_dict()
    assert len(data["findings"]) == len(result)
    assert data["severities"]["error"] == len([f for f in result if f.severity is Severity.ERROR])
    json.dumps(data, ensure_ascii=False)
    html = result._repr_html_()
    assert html.count("<tr class=") == len(result)
    assert "narrative.figures" in html
    pytest.importorskip("pandas")
    frame = result.to_frame()
    assert len(frame) == len(result)
    assert list(frame["rule"]) == [f.rule for f in result]
    assert frame["expected"].iloc[0] == result[0].expected


def test_the_three_public_table_in_wan_yuan_among_tables_in_yuan_is_a_note() -> None:
    from gfs_cn.tables import ThreePublicRow, ThreePublicTable

    three = ThreePublicTable(
        title="“三公”经费预算表",
        columns=(Column.TOTAL,),
        unit=Unit.WAN_YUAN,
        rows=(ThreePublicRow(amounts={Column.TOTAL: to_money(Decimal("1.00"))}, basis="预算数"),),
    )
    other = attrs.evolve(_table(_total("100.00", line=3)), unit=Unit.YUAN)
    report = attrs.evolve(_report(other), tables=(other, three), money_unit=Unit.YUAN)
    (finding,) = check(report, only=["structure.unit"])
    assert finding.severity is Severity.NOTE
    # Any other table in another unit is still worth a warning.
    odd = attrs.evolve(_table(_total("1.00", line=3)), unit=Unit.WAN_YUAN)
    report = attrs.evolve(report, tables=(other, odd))
    assert [f.severity for f in check(report, only=["structure.unit"])] == [Severity.WARNING]


def test_a_percentage_printed_truncated_is_a_rounding_note() -> None:
    # 2,915.22 on 7,968.14 is 36.586%: 36.58% is that truncated, 36.50% is wrong.
    for stated, severity in (("36.58", Severity.ROUNDING), ("36.50", Severity.ERROR)):
        section = Section(
            heading="（一）公共安全支出", text=f"10,883.36万元，与上年相比增加2,915.22万元，增长{stated}%", first_line=3
        )
        report = attrs.evolve(_report(_table(_total("1.00", line=9))), narrative=(section,))
        (finding,) = check(report, only=["narrative.change"])
        assert finding.severity is severity


def test_a_statement_takes_the_qualifier_of_its_section() -> None:
    from gfs_cn.tables import ExpenditureTable as Expenditure
    from gfs_cn.tables import GeneralBudgetExpenditureTable

    def table(kind: type[ExpenditureTable], basic: str) -> ExpenditureTable:
        total = ClassifiedRow(
            name="合计", kind=RowKind.TOTAL, amounts={Column.BASIC: to_money(Decimal(basic))}, line=20
        )
        return kind(title=kind.kind.label, columns=(Column.BASIC,), rows=(total,))

    every_fund = table(Expenditure, "120.00")
    appropriation = table(GeneralBudgetExpenditureTable, "100.00")
    section = Section(heading="三、财政拨款支出预算情况说明", text="基本支出100.00万元", first_line=5)
    report = attrs.evolve(_report(every_fund), tables=(every_fund, appropriation), narrative=(section,))
    findings = check(report, only=["narrative.figures"])
    assert not [f for f in findings if f.severity is Severity.ERROR], findings
    assert check(report, only=["narrative.figures"]).counts()["passed"] >= 1
    # Outside such a section it is the report's basic expenditure, and 100 is not 120.
    plain = attrs.evolve(report, narrative=(attrs.evolve(section, heading="一、总体情况"),))
    assert [f.severity for f in check(plain, only=["narrative.figures"])] == [Severity.ERROR]


def test_a_basic_expenditure_table_printed_by_functional_codes_is_checked_as_functional() -> None:
    rows = tuple(
        EconomicRow(
            code=code,
            printed_code=code,
            name=functional.lookup(code).name,
            amounts={Column.TOTAL: to_money(Decimal(amount))},
            line=n,
        )
        for n, (code, amount) in enumerate((("221", "3.00"), ("22102", "3.00"), ("2210201", "3.00")), 30)
    )
    table = GeneralBudgetBasicExpenditureTable(title="一般公共预算基本支出表", columns=(Column.TOTAL,), rows=rows)
    report = Report(department="某局", year=2024, kind=ReportKind.BUDGET, tables=(table,))
    assert not list(check(report, only=["catalogue.code", "catalogue.name"]))
    # A functional code printed with another code's name is still found, for the right reason.
    wrong = attrs.evolve(rows[1], name="住房公积金")
    table = attrs.evolve(table, rows=(rows[0], wrong, rows[2]))
    report = attrs.evolve(report, tables=(table,))
    (finding,) = check(report, only=["catalogue.name"])
    assert "code 22102 is 住房改革支出" in finding.message
    # Economic codes in the same kind of table stay economic.
    assert economic.department.lookup("30101").name == "基本工资"


def test_finding_location_and_text() -> None:
    finding = Finding(rule="r", severity=Severity.ERROR, message="m", page=3, line=40)
    assert finding.location == "p. 3, line 40"
    assert str(finding) == "[error] r (p. 3, line 40): m"
    assert Finding(rule="r", severity=Severity.NOTE, message="m").location == ""


def test_a_three_public_table_by_unit_adds_up_its_units_blank_as_zero() -> None:
    from gfs_cn.tables import ThreePublicRow, ThreePublicTable

    def row(kind: RowKind, unit: str | None, total: str | None, reception: str | None, line: int) -> ThreePublicRow:
        amounts = {
            Column.TOTAL: None if total is None else to_money(Decimal(total)),
            Column.OFFICIAL_RECEPTION: None if reception is None else to_money(Decimal(reception)),
        }
        return ThreePublicRow(amounts=amounts, kind=kind, unit_code=unit, basis="预算数", line=line, page=7)

    def table(*rows: ThreePublicRow) -> ThreePublicTable:
        return ThreePublicTable(
            title="“三公”经费预算表", columns=(Column.TOTAL, Column.OFFICIAL_RECEPTION), rows=rows, first_line=20
        )

    good = table(
        row(RowKind.TOTAL, None, "3.00", "1.00", 20),
        row(RowKind.UNIT, "044001", "2.00", "1.00", 21),
        row(RowKind.UNIT, "044002", "1.00", None, 22),  # 公务接待费 blank: zero
    )
    report = attrs.evolve(_report(), tables=(good,))
    result = check(report, only=["rollup.units"])
    assert not list(result)
    assert result.counts()["passed"] == 2
    # The 合计 left blank beside units that spend: an error, at the 合计's page and line.
    blank = table(
        row(RowKind.TOTAL, None, "3.00", None, 20),
        row(RowKind.UNIT, "044001", "2.00", "1.00", 21),
        row(RowKind.UNIT, "044002", "1.00", None, 22),
    )
    (finding,) = check(attrs.evolve(report, tables=(blank,)), only=["rollup.units"])
    assert finding.severity is Severity.ERROR
    assert (finding.page, finding.line, finding.column) == (7, 20, Column.OFFICIAL_RECEPTION)


def test_a_general_budget_total_is_not_compared_with_a_summary_that_holds_other_funds() -> None:
    """Beijing SASAC 2026 (预算04表, one 预算数 column): 本年支出合计 515,664.77万元 holds 495,836.20 of 国有资本经营
    spending; its 一般公共预算支出表 rightly totals 19,828.57. Without those other funds, the two must agree."""
    from gfs_cn.tables import AppropriationSummaryTable, GeneralBudgetExpenditureTable, ReportKind, Side, SummaryLine

    def line(side: Side, item: str, amount: str, kind: RowKind = RowKind.ITEM) -> SummaryLine:
        return SummaryLine(side=side, item=item, kind=kind, amounts={Column.AMOUNT: to_money(Decimal(amount))})

    def report(capital: str) -> Report:
        summary = AppropriationSummaryTable(
            columns=(Column.AMOUNT,),
            income_columns=(Column.AMOUNT,),
            rows=(
                line(Side.INCOME, "一、一般公共预算资金", "19828.57"),
                line(Side.INCOME, "三、国有资本经营预算资金", capital),
                line(Side.EXPENDITURE, "本年支出合计", "515664.77", RowKind.TOTAL),
            ),
        )
        total = ClassifiedRow(name="合计", kind=RowKind.TOTAL, amounts={Column.TOTAL: to_money(Decimal("19828.57"))})
        general = GeneralBudgetExpenditureTable(columns=(Column.TOTAL,), rows=(total,))
        return Report(department="北京市国资委", year=2026, kind=ReportKind.BUDGET, tables=(summary, general))

    def cross_total(found: Report) -> list[Finding]:
        return [f for f in check(found) if f.rule == "cross.total"]

    assert cross_total(report("495836.20")) == []
    assert [f.severity for f in cross_total(report("0.00"))] == [Severity.ERROR]


def test_a_code_printed_once_per_economic_class_is_added_before_it_is_compared() -> None:
    """Beijing's 报表 print 2120101 行政运行 once per economic class beside it (607.28 + 2,099.21 万元)."""
    from gfs_cn.tables import ExpenditureTable, GeneralBudgetExpenditureTable, ReportKind

    def row(amount: str) -> ClassifiedRow:
        subject = functional.lookup("2120101")
        figures = {Column.TOTAL: to_money(Decimal(amount))}
        return ClassifiedRow(code="2120101", printed_code="2120101", name="行政运行", subject=subject, amounts=figures)

    whole = ExpenditureTable(columns=(Column.TOTAL,), rows=(row("607.28"), row("2099.21")))

    def findings(general: str) -> list[Finding]:
        part = GeneralBudgetExpenditureTable(columns=(Column.TOTAL,), rows=(row(general),))
        report = Report(department="某办", year=2026, kind=ReportKind.BUDGET, tables=(whole, part))
        return [f for f in check(report) if f.rule == "cross.general-classes"]

    assert findings("2706.49") == []
    assert [f.severity for f in findings("2800.00")] == [Severity.ERROR]


def test_a_qualified_procurement_figure_is_not_the_total_restated() -> None:
    """Chongqing commerce 2026, p. 4: 政府采购预算总额6,546.82万元 …；其中一般公共预算拨款政府采购5,499.84万元."""
    from gfs_cn.tables import ReportKind, Section

    def report(text: str) -> Report:
        section = Section(heading="（二）政府采购情况", text=text, first_line=1)
        return Report(department="某委", year=2026, kind=ReportKind.BUDGET, narrative=(section,))

    part = "所属各预算单位政府采购预算总额6,546.82万元；其中一般公共预算拨款政府采购5,499.84万元。"
    assert [f for f in check(report(part)) if f.rule == "narrative.repeated"] == []
    again = "所属各预算单位政府采购预算总额6,546.82万元；政府采购5,499.84万元。"
    assert [f.severity for f in check(report(again)) if f.rule == "narrative.repeated"] == [Severity.ERROR]


def test_funds_named_by_their_header_path_add_up_under_the_total_before_them() -> None:
    """Beijing's 部门整体支出绩效目标表: 预算支出总额 | 财政拨款 › 合计 | 财政拨款 › 基本支出 | 财政拨款 › 项目支出."""
    from gfs_cn.tables import DepartmentPerformanceTable, ReportKind, Task

    def table(total: str) -> Report:
        funds = tuple(
            Task(name=name, amount=to_money(Decimal(amount)))
            for name, amount in (
                ("预算支出总额", total),
                ("财政拨款 › 合计", "4704.24"),
                ("财政拨款 › 基本支出", "4306.39"),
                ("财政拨款 › 项目支出", "397.85"),
            )
        )
        performance = DepartmentPerformanceTable(subject_name="某办", funds=funds)
        return Report(department="某办", year=2026, kind=ReportKind.BUDGET, tables=(performance,))

    def errors(report: Report) -> list[Finding]:
        return [f for f in check(report) if f.rule == "performance.funds" and f.severity is Severity.ERROR]

    assert errors(table("4704.24")) == []
    assert len(errors(table("4800.00"))) == 1


def test_the_three_public_row_of_the_year_is_the_current_one_in_words_too() -> None:
    """Xi'an prints 上年 | 当年 | 增减变化情况 per unit: 当年 is the budget's year, the report's own rows come first."""
    from gfs_cn.checks.narrative import current_row
    from gfs_cn.tables import ReportKind, ThreePublicRow, ThreePublicTable

    def row(basis: str, total: str, unit: str | None = None) -> ThreePublicRow:
        kind = RowKind.UNIT if unit else RowKind.TOTAL
        return ThreePublicRow(basis=basis, kind=kind, unit_code=unit, amounts={Column.TOTAL: to_money(Decimal(total))})

    rows = (
        row("上年", "12"),
        row("当年", "10.2"),
        row("增减变化情况", "-1.8"),
        row("上年", "12", "117"),
        row("当年", "10.2", "117"),
    )
    table = ThreePublicTable(columns=(Column.TOTAL,), rows=rows)
    assert current_row(table, ReportKind.BUDGET, 2026) is rows[1]
