"""Running the checks on a report."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from gfs_cn.checks import across, catalogue, narrative, within  # noqa: F401 - they register the rules
from gfs_cn.checks.findings import Finding
from gfs_cn.checks.registry import Context, implementation, rules
from gfs_cn.errors import GfsError
from gfs_cn.tables.report import Report

__all__ = ["DEFAULT_TOLERANCE", "check"]

DEFAULT_TOLERANCE = Decimal("0.005")
"""Half a unit of the last printed digit of a 万元 figure with two decimals."""


def check(
    report: Report,
    *,
    tolerance: Decimal | str = DEFAULT_TOLERANCE,
    disable: Iterable[str] = (),
    only: Iterable[str] | None = None,
) -> list[Finding]:
    """Every finding of every rule on ``report``, sorted (severity, rule, line, table, row, column).

    ``tolerance`` is the rounding allowed per printed figure, in the report's printed unit
    (0.005 万元 by default): a difference within n × tolerance for n figures is a rounding note.
    ``disable`` skips rules by id; ``only`` runs just those.

    >>> from gfs_cn.reading import read_text
    >>> text = "\\n".join([
    ...     "支出总表", "部门名称：某局", "单位：万元", "科目编码\\t科目名称\\t合计\\t基本支出\\t项目支出",
    ...     "\\t合计\\t15.00\\t10.00\\t5.00", "2101501\\t行政运行\\t15.50\\t10.00\\t5.00",
    ... ])
    >>> for finding in check(read_text(text, year=2024)):
    ...     print(finding.severity.value, finding.rule, finding.row, finding.expected, finding.actual)
    error column.sums 2101501 行政运行 150000.00 155000.00
    error rollup.total 合计 155000.00 150000.00
    """
    per_term = Decimal(tolerance) * report.money_unit.factor
    wanted = set(only) if only is not None else None
    skipped = set(disable)
    findings: list[Finding] = []
    for rule in rules():
        if rule.id in skipped or (wanted is not None and rule.id not in wanted):
            continue
        context = Context(report=report, rule=rule, tolerance=per_term)
        try:
            findings.extend(implementation(rule)(context))
        except GfsError as err:  # a rule that cannot read the report says so, it does not stop the others
            findings.append(context.note(f"the rule could not run: {err}", tables=()))
    return sorted(findings, key=lambda f: f.sort_key)
