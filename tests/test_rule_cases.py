"""Every built-in check proven both ways: a fixture where it passes and one where it fails.

The cases are data (tests/fixtures/rule_cases.tsv): mostly a seed report as printed (where the seed is
consistent, or really errs) and the same seed with one printed figure changed. A rule without both is a
failure of its own.
"""

from __future__ import annotations

import functools

import attrs
import pytest

from gfs_cn.checks import CheckResult, Severity, Status, check, rules
from gfs_cn.money import Unit
from gfs_cn.reading import read_text
from gfs_cn.tables import Report, Section, TableKind
from tests.conftest import read_fixture_rows
from tests.reports import narrative, text

CASES = read_fixture_rows("rule_cases.tsv")
BUILT_IN = [r for r in rules() if r.category != "user"]
FAMILIES = {"catalogue", "within", "across", "narrative", "performance", "final", "structure", "explain"}


def _case_id(case: dict[str, str]) -> str:
    return f"{case['rule']}-{case['expect']}"


@functools.cache
def _text(seed: str, line: str, old: str, new: str) -> str:
    lines = text(seed).split("\n")
    # Several printed figures change where line, old and new each list them separated by " | ".
    for at, was, now in zip(line.split(" | "), old.split(" | "), new.split(" | "), strict=True) if line else ():
        was, now = was.replace("\\t", "\t"), now.replace("\\t", "\t")
        n = int(at) - 1
        assert was in lines[n], f"{seed}:{at} does not print {was!r}: {lines[n]!r}"
        lines[n] = lines[n].replace(was, now, 1)
    return "\n".join(lines)


def _report(case: dict[str, str]) -> Report:
    report = attrs.evolve(
        read_text(_text(case["seed"], case["line"], case["old"], case["new"])), narrative=narrative(case["seed"])
    )
    if case["clause"]:
        added = Section(heading="（测试）", text=case["clause"], first_line=None)
        report = attrs.evolve(report, narrative=(*report.narrative, added))
    for change in filter(None, case["builder"].split(";")):
        what, _, argument = change.partition(":")
        if what == "drop":
            dropped = {TableKind(k) for k in argument.split(",")}
            report = attrs.evolve(report, tables=tuple(t for t in report.tables if t.kind not in dropped))
        elif what == "contents":
            report = attrs.evolve(report, contents=tuple(argument.split("|")))
        elif what == "unit":
            first = attrs.evolve(report.tables[0], unit=Unit.parse(argument))
            report = attrs.evolve(report, tables=(first, *report.tables[1:]))
        else:
            raise AssertionError(f"unknown builder {change!r}")
    return report


def _run(case: dict[str, str]) -> CheckResult:
    return check(_report(case))


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    cases = {(c["rule"], c["expect"]) for c in CASES}
    missing = [(r.id, e) for r in BUILT_IN for e in ("pass", "fail") if (r.id, e) not in cases]
    assert not missing, f"rules without a case: {missing}"
    known = {r.id for r in BUILT_IN}
    assert {c["rule"] for c in CASES} <= known


def test_every_rule_has_category_description_and_severity() -> None:
    for rule in BUILT_IN:
        assert rule.category in FAMILIES
        assert rule.description
        assert rule.severity in (Severity.ERROR, Severity.WARNING, Severity.NOTE)


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"] == "pass"], ids=_case_id)
def test_the_rule_passes(case: dict[str, str]) -> None:
    result = _run(case)
    rule = case["rule"]
    wrong = [f for f in result if f.rule == rule and f.severity in (Severity.ERROR, Severity.WARNING)]
    assert not wrong, wrong
    if rule != "explain.cells":  # explaining is no check of its own: nothing to count
        assert rule not in result.not_applicable
        statuses = {o.status for o in result.outcomes if o.rule == rule}
        assert statuses & {Status.PASSED, Status.ROUNDING}, f"{rule} did not apply"


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"] == "fail"], ids=_case_id)
def test_the_rule_fails(case: dict[str, str]) -> None:
    result = _run(case)
    severity = next(r.severity for r in BUILT_IN if r.id == case["rule"])
    found = [f for f in result if f.rule == case["rule"]]
    assert any(f.severity is severity for f in found), found
