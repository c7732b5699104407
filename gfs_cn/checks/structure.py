"""The shape of a disclosure: the tables its template requires, its numbering, its year and unit.

Which tables a template requires is data: the ``tables`` of the rules ``structure.final-tables`` (the
nine 部门决算 公开表) and ``structure.budget-tables`` (the budget tables every region prints) in
``data/check_rules.tsv``. A table printed empty (本表无数据) is present.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final

from gfs_cn.checks.findings import Finding, Severity
from gfs_cn.checks.registry import Context, implements
from gfs_cn.tables.kinds import ReportKind, TableKind
from gfs_cn.tables.titles import title_kind

__all__: list[str] = []

_NUMBER: Final = re.compile(r"^(?:表|公开)(\d+)(?:表)?$")
_YEAR: Final = re.compile(r"(20\d\d)\s*年")
# A heading naming a part of the disclosure and its year: 第二部分 2024年部门预算表, 2022年度部门决算情况说明.
_PART_YEAR: Final = re.compile(r"(20\d\d)年度?(?:部门|单位)?(?:预算|决算)(?:表|情况说明|情况和重要事项说明)")


def _required(context: Context, kind: ReportKind) -> Iterator[Finding]:
    report = context.report
    if report.kind is not kind:
        return
    present = {t.kind for t in report.tables}
    required = [TableKind(value) for value in context.rule.tables]
    if 2 * sum(1 for k in required if k in present) < len(required):
        return  # a few tables, not a whole disclosure (a table read on its own): nothing to require
    unplaced = " ".join((u.table or "") + u.text[:200] for u in report.unplaced)
    # A source that ends inside a table (its last table cut off) may have lost the tables after it.
    cut = bool(report.tables) and max(report.tables, key=lambda t: t.first_line or 0).incomplete
    for kind_required in required:
        where: dict[str, Any] = {"tables": (kind_required.value,), "row": kind_required.label}
        if kind_required in present:
            context.passed(**where)
            continue
        # A table the reader saw but could not place, or a source cut off, gives no verdict.
        unsure = kind_required.label in unplaced or cut
        yield context.note(
            f"the {kind.label} template requires {kind_required.label} ({kind_required.value}); the report has none"
            + (" (the source was cut off or a block could not be read)" if unsure else ""),
            severity=Severity.INCOMPLETE if unsure else None,
            **where,
        )


@implements("structure.final-tables")
def final_tables(context: Context) -> Iterator[Finding]:
    """A final account prints the nine 公开表 (a table with no data is printed with its note)."""
    yield from _required(context, ReportKind.FINAL_ACCOUNT)


@implements("structure.budget-tables")
def budget_tables(context: Context) -> Iterator[Finding]:
    """A budget prints the tables every region's template has."""
    yield from _required(context, ReportKind.BUDGET)


@implements("structure.numbering")
def numbering(context: Context) -> Iterator[Finding]:
    """Tables are numbered without gaps (表1, 表2 …; 公开01表 …): a missing number is a table left out."""
    numbers: dict[int, str] = {}
    unnumbered = 0
    for table in context.report.tables:
        match = _NUMBER.match((table.number or "").replace(" ", ""))
        if match:
            numbers.setdefault(int(match.group(1)), table.number or "")
        elif table.kind is not TableKind.OTHER:
            unnumbered += 1
    if len(numbers) < 2:
        return
    missing = [n for n in range(min(numbers), max(numbers) + 1) if n not in numbers]
    if not missing:
        context.passed(tables=(), row=f"{len(numbers)} numbered tables")
        return
    shown = ", ".join(str(n) for n in missing)
    # Tables read without their number (or blocks not placed) may be the missing ones: no verdict then.
    unsure = unnumbered or context.report.unplaced
    yield context.note(
        f"tables numbered {min(numbers)}–{max(numbers)} are printed without number(s) {shown}"
        + (f" ({unnumbered} tables were read without a number)" if unnumbered else ""),
        tables=(),
        row="table numbers",
        severity=Severity.INCOMPLETE if unsure else None,
    )


@implements("structure.year")
def year(context: Context) -> Iterator[Finding]:
    """A table title that prints a year prints the report's year; so does a heading of the narrative that
    names the report's parts (第二部分 2024年部门预算表, 2024年部门预算情况说明)."""
    report = context.report
    for table in report.tables:
        match = _YEAR.search(table.title)
        if match is None:
            continue
        where: dict[str, Any] = {"tables": (table.kind.value,), "row": table.title, "line": table.first_line}
        printed = int(match.group(1))
        if printed == report.year:
            context.passed(**where)
            continue
        yield context.note(f"{table.title!r} is titled {printed}, the report is for {report.year}", **where)
    for section in report.narrative:
        heading = "".join((section.heading or "").split())
        match = _PART_YEAR.search(heading)
        if match is None:
            continue
        where = {"tables": (), "row": section.heading, "line": section.first_line}
        printed = int(match.group(1))
        if printed == report.year:
            context.passed(**where)
            continue
        yield context.note(f"the heading {section.heading!r} names {printed}, the report is for {report.year}", **where)


@implements("structure.unit")
def unit(context: Context) -> Iterator[Finding]:
    """Every table prints amounts in the report's money unit (a table in 元 among 万元 tables is read
    right, but a reader of the PDF may not notice)."""
    report = context.report
    for table in report.tables:
        if table.unit is None or not table.rows:
            continue
        where: dict[str, Any] = {
            "tables": (table.kind.value,),
            "row": table.title or table.kind.label,
            "line": table.first_line,
        }
        if table.unit is report.money_unit:
            context.passed(**where)
            continue
        practice = table.kind in _OWN_UNIT and table.unit.factor > report.money_unit.factor
        yield context.note(
            f"{table.title or table.kind.label} prints amounts in {table.unit.value}; the report's other tables "
            f"print {report.money_unit.value}"
            + (" (the template's practice for this table: read right, worth knowing)" if practice else ""),
            severity=Severity.NOTE if practice else None,
            **where,
        )


# Tables templates print in a larger unit than the rest (the “三公” table in 万元 among tables in 元).
_OWN_UNIT: Final = frozenset({TableKind.THREE_PUBLIC, TableKind.FINAL_THREE_PUBLIC})


@implements("structure.contents")
def contents(context: Context) -> Iterator[Finding]:
    """Each table the 目录 lists (an entry of a standard kind) is printed: a listed table the report has
    none of was left out (an entry of no standard kind is not judged)."""
    report = context.report
    if not report.contents:
        return
    present = {t.kind for t in report.tables}
    unplaced = " ".join((u.table or "") + u.text[:200] for u in report.unplaced)
    cut = bool(report.tables) and max(report.tables, key=lambda t: t.first_line or 0).incomplete
    kinds = [title_kind(entry) for entry in report.contents]
    # A cut-off source may have lost the tables listed after the last one it prints, not those before.
    last_printed = max((n for n, k in enumerate(kinds) if k in present), default=-1)
    for n, (entry, kind) in enumerate(zip(report.contents, kinds, strict=True)):
        if kind is None or kind is TableKind.OTHER:
            continue
        where: dict[str, Any] = {"tables": (kind.value,), "row": entry.lstrip("-– ").strip()}
        if kind in present:
            context.passed(**where)
            continue
        unsure = kind.label in unplaced or (cut and n > last_printed)
        yield context.note(
            f"the 目录 lists {where['row']!r} ({kind.label}); the report prints no such table"
            + (" (the source was cut off or a block could not be read)" if unsure else ""),
            severity=Severity.INCOMPLETE if unsure else None,
            **where,
        )


# Units a figure may have been printed in by mistake: 元 for 万元 (×10,000), 万元 for 亿元, and back.
_UNIT_RATIOS: Final = (Decimal(10000), Decimal(1) / Decimal(10000))


@implements("structure.narrative-unit")
def narrative_unit(context: Context) -> Iterator[Finding]:
    """A figure the narrative states (in its printed unit, 万元) and the table figure it names agree in
    unit: where they differ by exactly a unit step (×10,000), the table's printed unit (单位：元) or the
    narrative's is wrong. A figure that simply differs is narrative.figures' to report."""
    from gfs_cn.checks.across import figure as table_figure
    from gfs_cn.checks.narrative import _current, claim_matches, other_year
    from gfs_cn.tables.models import ThreePublicTable

    report = context.report
    for index, section, text, claim, match in claim_matches(context):
        if claim.locator in ("rows", "tables", "change") or not match.groupdict().get("amount"):
            continue
        table = report.get(claim.table)
        if table is None or other_year(text, match.start(), report.year):
            continue
        if claim.locator == "current" and isinstance(table, ThreePublicTable):
            found = _current(context, table, claim.columns, report.kind, report.year)
        else:
            found = table_figure(context, table, claim.locator, claim.columns)
        if found is None:
            continue
        printed = found[0]
        stated = context.stated(Decimal(match["amount"].replace(",", "")), index, at=match.start("amount"))
        where: dict[str, Any] = {
            "tables": (claim.table.value,),
            "row": section.heading or None,
            "line": section.first_line,
        }
        if abs(stated.value - printed.value) <= stated.bound + printed.bound:
            context.passed(**where)
            continue
        for ratio in _UNIT_RATIOS:
            scaled = printed.value * ratio
            if scaled and abs(stated.value - scaled) <= stated.bound + printed.bound * ratio:
                unit = (table.unit or report.money_unit).value
                yield context.note(
                    f"{section.heading or 'narrative'}: the narrative states {match.group(0)!r}; "
                    f"{table.title or claim.table.label} prints the same number in {unit} "
                    f"({context.money(printed.value)}): the table's unit or the narrative's is wrong",
                    expected=printed.value,
                    actual=stated.value,
                    paths=context.paths([stated, printed]),
                    **where,
                )
                break
