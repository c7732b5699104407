"""Running the checks on a report: every rule, every place it applies, one outcome each."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from gfs_cn.checks import (  # noqa: F401 - they register the rules
    across,
    catalogue,
    explain,
    final,
    narrative,
    performance,
    statements,
    structure,
    within,
    wording,
)
from gfs_cn.checks.findings import Finding, Severity
from gfs_cn.checks.outcomes import CheckResult, Outcome, Status
from gfs_cn.checks.registry import Context, Rule, _Run, implementation, rules
from gfs_cn.checks.settle import settle
from gfs_cn.errors import GfsError
from gfs_cn.tables.report import Report

__all__ = ["DEFAULT_TOLERANCE", "check"]

DEFAULT_TOLERANCE = Decimal("0.005")
"""Half a unit of the last printed digit of a 万元 figure with two decimals (for bare-Decimal comparisons)."""


def check(
    report: Report,
    *,
    tolerance: Decimal | str | None = None,
    disable: Iterable[str] = (),
    only: Iterable[str] | None = None,
) -> CheckResult:
    """Every rule on ``report``: the findings, sorted (severity, rule, line, table, row, column), and the
    outcome of every rule instance (:class:`~gfs_cn.checks.outcomes.CheckResult`; iterating it gives
    the findings).

    By default every printed figure is bounded by half a unit of its last printed digit in its table's
    unit, a sum by the sum of its parts' bounds, and two figures differing by no more than their bounds
    added are a rounding note. ``tolerance`` instead fixes the bound per printed figure, in the printed
    unit (``"0.005"``; ``0`` makes every difference count). ``disable`` skips rules by id; ``only`` runs
    just those.

    >>> from gfs_cn.reading import read_text
    >>> text = "\\n".join([
    ...     "支出总表", "部门名称：某局", "单位：万元", "科目编码\\t科目名称\\t合计\\t基本支出\\t项目支出",
    ...     "\\t合计\\t15.00\\t10.00\\t5.00", "2101501\\t行政运行\\t15.50\\t10.00\\t5.00",
    ... ])
    >>> result = check(read_text(text, year=2024))
    >>> for finding in result:
    ...     print(finding.severity.value, finding.rule, finding.row, finding.expected, finding.actual)
    error column.sums 2101501 行政运行 150000.00 155000.00
    error rollup.total 合计 155000.00 150000.00
    note explain.cells 2101501 行政运行 150000.00 155000.00
    >>> result.summary().split(", rules")[0]
    '11 checks: 8 passed, 2 errors, 0 warnings, 0 rounding, 0 incomplete, 1 notes'
    >>> result[-1].paths
    ('$.tables[0].rows[1].amounts.total',)
    """
    fixed = None if tolerance is None else Decimal(tolerance)
    per_term = (DEFAULT_TOLERANCE if fixed is None else fixed) * report.money_unit.factor
    wanted = set(only) if only is not None else None
    skipped = set(disable)
    run = _Run(report)
    findings: list[Finding] = []
    outcomes: list[Outcome] = []
    not_applicable: list[str] = []
    for rule in rules():
        if rule.id in skipped or (wanted is not None and rule.id not in wanted):
            continue
        context = Context(report=report, rule=rule, tolerance=per_term, fixed=fixed, run=run)
        before = len(run.passed)
        try:
            found = list(implementation(rule)(context))
        except GfsError as err:  # a rule that cannot read the report says so, it does not stop the others
            found = [context.note(f"the rule could not run: {err}", tables=(), severity=Severity.INCOMPLETE)]
        findings.extend(found)
        if len(run.passed) == before and not found and rule.category != "explain":
            if rule.category in _WHOLE_REPORT and _applies(rule, report):
                # A rule that records no instances of its own (a catalogue rule) passed as a whole.
                outcomes.append(Outcome(rule=rule.id, status=Status.PASSED))
            else:
                not_applicable.append(rule.id)
    # Each finding on its page, reading doubts as incomplete, one finding per row for a difference several
    # columns show; then one outcome per finding (an explanation is a note), so counts agree everywhere.
    findings = settle(report, findings)
    outcomes.extend(_outcome(f) for f in findings)
    outcomes.extend(
        Outcome(rule=rule, status=Status.PASSED, tables=tables, row=row, column=column, line=line)
        for rule, tables, row, column, line in run.passed
    )
    return CheckResult(
        findings=tuple(sorted(findings, key=lambda f: f.sort_key)),
        outcomes=tuple(outcomes),
        not_applicable=tuple(not_applicable),
    )


# Families whose rules do not record the instances that pass: a run without findings is one pass.
_WHOLE_REPORT = frozenset({"catalogue", "user"})


def _outcome(finding: Finding) -> Outcome:
    return Outcome(
        rule=finding.rule,
        status=Status.of(finding.severity),
        tables=finding.tables,
        row=finding.row,
        column=finding.column.value if finding.column else None,
        line=finding.line,
    )


def _applies(rule: Rule, report: Report) -> bool:
    """Whether the report prints a table the rule reads (``*``: any table with rows)."""
    if rule.category == "narrative" and not report.narrative:
        return False
    kinds = {t.kind.value for t in report.tables if t.rows}
    if "*" in rule.tables:
        return bool(kinds)
    return bool(kinds & set(rule.tables))
