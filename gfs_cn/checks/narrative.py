"""The narrative against the tables: figures the 情况说明 states equal the table figures they name.

Which phrases name which figure is data (``data/narrative_claims.tsv``): a pattern over the
narrative text and a locator of the table figure, as for the links between tables.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final

import attrs

from gfs_cn import _data
from gfs_cn.catalog import normalize_name
from gfs_cn.checks.across import figure as table_figure
from gfs_cn.checks.figures import Cell, Figure
from gfs_cn.checks.findings import Finding, Severity
from gfs_cn.checks.registry import Context, compared, implements, statement_place
from gfs_cn.errors import GfsError
from gfs_cn.money import parse_decimal
from gfs_cn.tables.columns import Column
from gfs_cn.tables.kinds import ReportKind, TableKind
from gfs_cn.tables.models import Table, ThreePublicTable
from gfs_cn.tables.report import Section
from gfs_cn.tables.rows import RowKind

__all__ = ["Claim", "claim_matches", "claims", "current_row", "other_year"]


@attrs.frozen(slots=True)
class Claim:
    """A phrase of the narrative that states a table figure."""

    id: str
    pattern: re.Pattern[str]
    table: TableKind
    locator: str
    columns: str


@functools.cache
def claims() -> tuple[Claim, ...]:
    """The claims of ``data/narrative_claims.tsv``."""
    return tuple(
        Claim(row["id"], re.compile(row["pattern"]), TableKind(row["table"]), row["locator"], row["columns"])
        for row in _data.read_rows("narrative_claims.tsv")
    )


def current_row(table: Table[Any], report_kind: ReportKind, year: int) -> Any:
    """The “三公” row of the report's own year: that year's row (2024年预算数, 当年, 本年), the 决算数 of a final
    account, or the only row; of a table by unit, the report's own rows (outside any unit) first."""
    rows = [r for r in table.rows if r.unit_code is None] or list(table.rows)
    if len(rows) > 2 and not any(r.year is not None or r.basis for r in rows):
        return None  # rows of several years or panels, none saying which: no row to take
    if len(rows) > 1:
        wanted = "决算数" if report_kind is ReportKind.FINAL_ACCOUNT else None
        this_year = [r for r in rows if r.year == year or (wanted and wanted in r.basis)]
        if not this_year and not wanted:
            this_year = [r for r in rows if _THIS_YEAR.match(r.basis or "")]
        rows = this_year or rows[-1:]
    return rows[0] if rows else None


# A basis naming the report's own year without its number (当年 beside 上年 and 增减变化情况, Xi'an).
_THIS_YEAR: Final = re.compile(r"^(?:当年|本年|今年)")


def _current(
    context: Context, table: ThreePublicTable, spec: str, report_kind: ReportKind, year: int
) -> tuple[Figure, str, int | None] | None:
    """The “三公” figures of the report's own year (see :func:`current_row`)."""
    row = current_row(table, report_kind, year)
    if row is None:
        return None
    columns = [Column(c) for c in spec.split("|")[0].split("+")]
    if any(c not in row.amounts for c in columns):
        return None
    return Figure.total(context.cell(table, row, c) for c in columns), row.basis or "“三公”经费", row.line


def _change(context: Context, table: ThreePublicTable, spec: str, year: int) -> tuple[Figure, str, int | None] | None:
    """The change of the “三公” figures from the year before to the report's year, where both are printed."""
    rows = {row.year: row for row in table.rows if row.year is not None}
    if year not in rows or year - 1 not in rows:
        return None
    column = Column(spec.split("|")[0])
    now, before = rows[year], rows[year - 1]
    change = context.cell(table, now, column) - context.cell(table, before, column)
    return change, f"{now.basis} − {before.basis}", now.line


def _count(table: Table[Any]) -> int:
    """How many rows of a table are items (projects, codes), not totals or units."""
    return sum(
        1
        for r in table.rows
        if getattr(r, "kind", None) is RowKind.ITEM and _TOTAL_NAME.fullmatch(normalize_name(str(r.label))) is None
    )


# A row read as an item that prints a total's name (合 计 in a project list): not a project.
_TOTAL_NAME: Final = re.compile(r"合计|总计|小计|[一-龥]*合计")


_YEAR_BEFORE: Final = re.compile(r"(?:(\d{4})年度?|上年度?|去年)[^;,。\d]{0,6}$")


def other_year(text: str, start: int, year: int) -> bool:
    """Whether the phrase at ``start`` speaks of another year than the report's (2023年…, 上年…)."""
    found = _YEAR_BEFORE.search(text, max(0, start - 12), start)
    return found is not None and (found.group(1) is None or int(found.group(1)) != year)


def _none_finding(
    context: Context, claim: Claim, table: Table[Any], match: re.Match[str], section: Section, index: int
) -> Finding | None:
    """A statement in words that there is none (无政府采购): the table's figure is zero, or the table
    prints no amount at all (an empty table with its note)."""
    report = context.report
    if claim.locator == "current" and isinstance(table, ThreePublicTable):
        figure = _current(context, table, claim.columns, report.kind, report.year)
    else:
        figure = table_figure(context, table, claim.locator, claim.columns)
    where: dict[str, Any] = {**statement_place(section, match.start()), "tables": (claim.table.value,)}
    if figure is None:
        printed = [
            context.cell(table, row, column)
            for row in table.rows
            for column, money in getattr(row, "amounts", {}).items()
            if money is not None and money.amount
        ]
        if not printed:
            context.passed(**where)
            return None
        figure = (printed[0], "an amount", None)
    stated = Figure(Decimal(0), Decimal(0), (Cell(None, index, "text", Decimal(0), match.start("none")),))
    what = f"{claim.id}: the narrative states {match.group(0)!r} (none); {table.title or claim.table.label} {figure[1]}"
    return context.compare(expected=figure[0], actual=stated, what=what, incomplete=not table.reliable, **where)


@functools.cache
def _section_qualifiers() -> tuple[tuple[re.Pattern[str], str, Claim], ...]:
    """(heading pattern, claim id, the claim as the section qualifies it) of ``data/narrative_sections.tsv``."""
    by_id = {c.id: c for c in claims()}
    return tuple(
        (
            re.compile(row["heading"]),
            row["claim"],
            attrs.evolve(
                by_id[row["claim"]],
                id=row["as"],
                table=TableKind(row["table"]),
                locator=row["locator"],
                columns=row["columns"],
            ),
        )
        for row in _data.read_rows("narrative_sections.tsv")
    )


@functools.lru_cache(maxsize=512)
def _qualified(heading: str) -> dict[str, Claim]:
    """The claims a section heading qualifies (财政拨款 in （四）财政拨款支出决算表说明), by the claim's id."""
    found: dict[str, Claim] = {}
    for pattern, claim_id, claim in _section_qualifiers():
        if heading and pattern.search(heading):
            found.setdefault(claim_id, claim)
    return found


ClaimMatch = tuple[int, Section, str, Claim, "re.Match[str]"]
"""(section index, section, its compared text, the claim, the match) of one phrase the narrative states."""


def claim_matches(context: Context) -> list[ClaimMatch]:
    """Every phrase of the narrative a claim pattern finds, in order (found once per check run: the
    rules on figures, repeated statements and units all read them)."""
    memo = context.run.memo if context.run is not None else {}
    found: list[ClaimMatch] | None = memo.get("claims")
    if found is None:
        found = _claim_matches(context.report.narrative)
        memo["claims"] = found
    return found


_APART: Final = "\x1f"
"""What the sections' texts are joined with to be searched at once (no statement spans it)."""


def _claim_matches(narrative: tuple[Section, ...]) -> list[ClaimMatch]:
    """The claims' matches in each section, as a search of each section gives them, found by searching
    all sections' texts joined (one search per claim, not one per claim and section)."""
    texts = [compared(section.text) for section in narrative]
    starts: list[int] = []
    at = 0
    for text in texts:
        starts.append(at)
        at += len(text) + len(_APART)
    joined = _APART.join(texts)
    by_section: dict[int, list[tuple[int, int, Claim, re.Match[str]]]] = {}
    for order, claim in enumerate(claims()):
        spans = list(claim.pattern.finditer(joined))
        if any(_APART in m.group(0) for m in spans):
            # A match across two sections: search this claim section by section, as a reader would.
            for index, text in enumerate(texts):
                for match in claim.pattern.finditer(text):
                    by_section.setdefault(index, []).append((order, match.start(), claim, match))
            continue
        for span in spans:
            index = bisect.bisect_right(starts, span.start()) - 1
            again = claim.pattern.match(texts[index], span.start() - starts[index])
            if again is not None:
                by_section.setdefault(index, []).append((order, again.start(), claim, again))
    found: list[ClaimMatch] = []
    for index, section in enumerate(narrative):
        qualified = _qualified(compared(section.heading or ""))
        for _, _, claim, match in sorted(by_section.get(index, ()), key=lambda m: (m[0], m[1])):
            found.append((index, section, texts[index], qualified.get(claim.id, claim), match))
    return found


@implements("narrative.figures")
def narrative_figures(context: Context) -> Iterator[Finding]:
    """Each figure a claim pattern finds in a narrative section, against the table figure it names."""
    report = context.report
    for index, section, text, claim, match in claim_matches(context):
        table: Table[Any] | None = report.get(claim.table)
        if table is None:
            continue
        if claim.locator != "change" and other_year(text, match.start(), report.year):
            continue  # last year's figure, not the table's
        found = _claim_finding(context, claim, table, match, section, index)
        if found is not None:
            yield found


def _claim_finding(
    context: Context, claim: Claim, table: Table[Any], match: re.Match[str], section: Section, index: int
) -> Finding | None:
    report = context.report
    groups = match.groupdict()
    if groups.get("none"):
        return _none_finding(context, claim, table, match, section, index)
    try:
        stated = parse_decimal(groups.get("amount") or groups.get("count") or "")
    except GfsError:
        return None
    if stated is None:
        return None
    if groups.get("sign") in ("减少", "下降"):
        stated = -stated
    where: dict[str, Any] = {**statement_place(section, match.start()), "tables": (claim.table.value,)}
    if claim.locator in ("rows", "tables"):
        # rows: the items of one table (projects); tables: how many tables of the kind (one per project)
        count = _count(table) if claim.locator == "rows" else len(report.tables_of(claim.table))
        what = f"{claim.id}: the narrative states {match.group(0)!r}; {table.title or claim.table.label}"
        if stated == count:
            context.passed(**where)
            return None
        return context.note(
            f"{section.heading or 'narrative'} {what}: the table lists {count}",
            severity=Severity.INCOMPLETE if not table.reliable else None,
            paths=context.paths([Figure(Decimal(count), Decimal(0), (Cell(table, None, "rows"),))]),
            **where,
        )
    if claim.locator == "current" and isinstance(table, ThreePublicTable):
        figure = _current(context, table, claim.columns, report.kind, report.year)
    elif claim.locator == "change" and isinstance(table, ThreePublicTable):
        figure = _change(context, table, claim.columns, report.year)
    else:
        figure = table_figure(context, table, claim.locator, claim.columns)
    if figure is None:
        return None
    what = f"{claim.id}: the narrative states {match.group(0)!r}; {table.title or claim.table.label} {figure[1]}"
    return context.compare(
        expected=figure[0],
        actual=context.stated(stated, index, at=match.start("amount") if groups.get("amount") else None),
        what=what,
        incomplete=not table.reliable,
        **where,
    )
