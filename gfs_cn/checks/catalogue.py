"""Rules against the catalogue: codes of the edition, their names, their parents, and economic codes.

A code printed with a name is compared with the catalogue after blanks and bracket widths are
normalised; a different name is reported as another code's name, a former name (with its
years), or other words. Economic rows are checked against the 人员经费/公用经费 grouping and the
crosswalk of the two economic classifications.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final

from gfs_cn import economic, functional
from gfs_cn.catalog import Classification, NameKind, normalize_name, strip_numbering
from gfs_cn.checks.findings import Finding, Severity
from gfs_cn.checks.registry import Context, implements
from gfs_cn.checks.within import label, value
from gfs_cn.codes import Level
from gfs_cn.economic import BasicGroup, UnitKind
from gfs_cn.errors import GfsError, InvalidCodeError, UnknownCodeError
from gfs_cn.tables.columns import Column
from gfs_cn.tables.models import ClassifiedTable, EconomicTable, TwoSidedTable
from gfs_cn.tables.rows import RowKind, Side

__all__: list[str] = []


def _coded_rows(context: Context) -> Iterator[tuple[Any, Any, str, Classification, str, str]]:
    """(table, row, code, catalogue, printed code, printed name) of every code a table prints.

    The classification is told by the code, not by the table's kind: a 一般公共预算基本支出表 printed by
    functional 类/款 (``210 02 住房改革支出``) prints functional codes, a panel by economic codes prints
    economic ones (functional codes begin with 2, department economic ones with 3, government ones with 5).
    """
    for table in context.report.tables:
        if isinstance(table, ClassifiedTable):
            for row in table.rows:
                if row.kind is RowKind.ITEM and row.code:
                    yield (
                        table,
                        row,
                        row.code,
                        _classification(row.code, functional.CATALOG),
                        row.printed_code,
                        row.name,
                    )
        elif isinstance(table, EconomicTable):
            for item in table.rows:
                if item.kind is not RowKind.ITEM:
                    continue
                if item.code:
                    catalog = _classification(item.code, economic.department.CATALOG)
                    yield table, item, item.code, catalog, item.printed_code, item.name
                if item.government_code:
                    yield (
                        table,
                        item,
                        item.government_code,
                        _classification(item.government_code, economic.government.CATALOG),
                        item.printed_government_code or "",
                        item.government_name or "",
                    )


# The classification a code of each leading digit belongs to (the catalogues' own ranges).
_BY_FIRST_DIGIT: Final = {"2": "functional", "3": "department", "5": "government"}


def _classification(code: str, default: Classification) -> Classification:
    """The catalogue a code belongs to by its leading digit and length; ``default`` where it says nothing."""
    scheme = _BY_FIRST_DIGIT.get(code[:1])
    if scheme == "functional" and len(code) in (3, 5, 7):
        return functional.CATALOG
    if scheme == "department" and len(code) in (3, 5):
        return economic.department.CATALOG
    if scheme == "government" and len(code) in (3, 5):
        return economic.government.CATALOG
    return default


@implements("catalogue.code")
def known_codes(context: Context) -> Iterator[Finding]:
    """Every printed code is a code of the report's year's edition; a code of another year's edition is a
    warning naming the years it belongs to; a stray character before a code is reported too."""
    year = context.report.year
    for table, row, code, catalog, printed, name in _coded_rows(context):
        try:
            catalog.lookup(code, year=year)
        except UnknownCodeError as err:
            years = catalog.years_of(code)
            if years:
                span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
                yield context.note(
                    f"{printed} {name}: {code} is a code of the {span} editions, not of the {year} edition",
                    tables=(table.kind.value,),
                    row=f"{printed} {name}",
                    line=row.line,
                    severity=Severity.WARNING,
                )
                continue
            edition = _edition_year(catalog, year)
            newer = edition is not None and edition < year
            yield context.note(
                f"{printed} {name}: {err}"
                + (
                    f" — the latest edition held is {edition}'s: a code added for {year} may be missing from it"
                    if newer
                    else ""
                ),
                tables=(table.kind.value,),
                row=f"{printed} {name}",
                line=row.line,
                severity=Severity.WARNING if newer else None,
            )
        except InvalidCodeError as err:
            parent = _local_parent(catalog, code, year)
            yield context.note(
                f"{printed} {name}: {err}"
                + (f" — a local subdivision of {parent} (regions add digits below the catalogue)" if parent else ""),
                tables=(table.kind.value,),
                row=f"{printed} {name}",
                line=row.line,
                severity=Severity.WARNING if parent else None,
            )
        else:
            if "\t" not in printed and printed.replace(" ", "") != code:
                yield context.note(
                    f"{printed!r} is printed with a stray character before code {code} "
                    f"({catalog.lookup(code, year=year).name})",
                    tables=(table.kind.value,),
                    row=f"{printed} {name}",
                    line=row.line,
                    severity=Severity.WARNING,
                )


def _local_parent(catalog: Classification, code: str, year: int) -> str | None:
    """The catalogue's code a longer code extends by two digits (3010201 under 30102), if it is one."""
    if not code.isdigit() or len(code) < 5:
        return None
    subject = catalog.of_year(year).get(code[:-2])
    return None if subject is None else f"{subject.code} {subject.name}"


def _edition_year(catalog: Classification, year: int) -> int | None:
    """The year of the edition the catalogue holds for ``year`` (``2024年政府收支分类科目`` → 2024)."""
    found = _EDITION_YEAR.search(catalog.of_year(year).edition)
    return int(found.group(1)) if found else None


_EDITION_YEAR = re.compile(r"(20\d\d)年")


@implements("catalogue.name")
def official_names(context: Context) -> Iterator[Finding]:
    """A valid code is printed with its official name, as in force in the report's year."""
    year = context.report.year
    for table, row, code, any_year, _printed, name in _coded_rows(context):
        catalog = any_year.of_year(year)  # names are compared with those in force in the report's year
        subject = catalog.get(code)
        if subject is None or not name or normalize_name(name) == normalize_name(subject.name):
            continue
        where = f"{code} {name}"
        matches = catalog.find_all(name, parent=subject.parent.code if subject.parent else None)
        own = [m for m in matches if m.subject == subject]
        if own and own[0].kind is NameKind.FORMER:
            years = f"until {own[0].until}" if own[0].until else "in earlier editions"
            message = f"{where}: a former name of {code} ({years}); the {year} name is {subject.name}"
            severity = Severity.WARNING
        elif own and own[0].kind is NameKind.SHORT:
            continue
        else:
            others = [m.subject for m in catalog.find_all(name) if m.subject != subject]
            same_level = [o for o in others if o.level is subject.level] or others
            if same_level:
                other = min(same_level, key=lambda o: (o.code[:3] != code[:3], o.code))
                message = f"{where}: code {code} is {subject.name}; the printed name is that of {other.code}"
                severity = Severity.ERROR
            else:
                message = f"{where}: code {code} is {subject.name} in the catalogue; the printed name differs"
                severity = Severity.WARNING
        yield context.note(message, tables=(table.kind.value,), row=where, line=row.line, severity=severity)


@implements("catalogue.parent")
def parents(context: Context) -> Iterator[Finding]:
    """A 款 or 项 row sits under the row of its own 类 or 款 (the nearest row above of a higher level)."""
    for table in context.report.tables:
        if not isinstance(table, (ClassifiedTable, EconomicTable)):
            continue
        for panel in _panels(table.rows):
            yield from _misplaced(context, table, panel)


def _panels(rows: Any) -> list[list[Any]]:
    """Rows in reading order per panel: side-by-side panels (公开06表) give several rows per line."""
    # A panel is told by the columns its rows hold and, where two panels hold the same column
    # (公用经费 continued), by the order of such rows on their line.
    if any(getattr(row, "panel", 0) for row in rows):
        # The reader says which panel each row is in.
        by_panel: dict[int, list[Any]] = {}
        for row in rows:
            by_panel.setdefault(row.panel, []).append(row)
        return list(by_panel.values())
    panels: dict[tuple[frozenset[Any], int], list[Any]] = {}
    seen: dict[tuple[int | None, frozenset[Any]], int] = {}
    for row in rows:
        columns = frozenset(row.amounts)
        n = seen.get((row.line, columns), 0)
        seen[(row.line, columns)] = n + 1
        panels.setdefault((columns, n), []).append(row)
    return list(panels.values())


def _misplaced(context: Context, table: Any, rows: list[Any]) -> Iterator[Finding]:
    above: dict[int, Any] = {}
    if True:
        for row in rows:
            if row.kind is RowKind.UNIT or row.kind is RowKind.TOTAL:
                above.clear()
                continue
            code = row.code
            if not code or row.subject is None:
                continue
            level = len(code)
            parent = above.get(level - 2)
            if parent is not None and not code.startswith(parent.code):
                yield context.note(
                    f"{code} {row.name} is printed under {parent.code} {parent.name}, not under its own "
                    f"{'类' if level == 5 else '款'} {code[:-2]}",
                    tables=(table.kind.value,),
                    row=label(row),
                    line=row.line,
                )
            above[level] = row
            for deeper in [k for k in above if k > level]:
                del above[deeper]


@implements("catalogue.summary-item")
def summary_items(context: Context) -> Iterator[Finding]:
    """An expenditure line that looks like a class line names a class of the edition (or a former name)."""
    year = context.report.year
    for table in context.report.tables:
        if not isinstance(table, TwoSidedTable):
            continue
        for line in table.side(Side.EXPENDITURE):
            item = normalize_name(line.item)
            if line.kind is not RowKind.ITEM or not item.endswith(("支出", "事务", "预算")) or "合计" in item:
                continue
            if line.panel:
                continue  # a second panel breaks the total down by use (支出用途: 基本支出, 项目支出), not by class
            name = strip_numbering(item)
            if line.subject is None:
                if name in _NOT_CLASSES or functional.find_all(name, year=year):
                    continue  # a 款 or 项 printed under its class (一般行政管理事务): a name of the edition
                yield context.note(
                    f"{line.item!r} names no functional class of the edition",
                    tables=(table.kind.value,),
                    row=line.item,
                    line=line.line,
                )
                continue
            # Old templates print former names with 支出 appended (城乡社区事务支出).
            candidates = [name, name[:-2]] if name.endswith("支出") else [name]
            former = [
                m
                for candidate in candidates
                for m in functional.find_all(candidate, level=Level.CLASS)
                if m.kind is NameKind.FORMER
            ]
            # Official in the report's own year (文化体育与传媒支出 is the 2018 name, former since 2019).
            official = any(
                m.kind is not NameKind.FORMER
                for c in candidates
                for m in functional.find_all(c, year=year, level=Level.CLASS)
            )
            if former and not official and former[0].subject == line.subject:
                yield context.note(
                    f"{line.item!r} is a former name of {line.subject.code} (until {former[0].until}); the "
                    f"{context.report.year} name is {line.subject.name}",
                    tables=(table.kind.value,),
                    row=line.item,
                    line=line.line,
                )


# Expenditure lines of summary tables that are not functional classes.
_NOT_CLASSES = frozenset(
    {"本年支出", "支出总计", "结转下年", "年终结转结余", "上缴上级支出", "对附属单位补助支出", "事业单位经营支出"}
    | {"对附属单位的补助支出", "结转下年支出", "结转下年资金"}
    # Expenditure by use (支出用途), printed where a template gives no second panel: not a functional class.
    | {"基本支出", "项目支出", "支出"}
)


@implements("economic.group")
def economic_groups(context: Context) -> Iterator[Finding]:
    """An amount in the 人员经费 column belongs to a 人员经费 code (301, 303), in 公用经费 to a 公用经费 code."""
    for table in context.report.tables:
        if not isinstance(table, EconomicTable) or not {Column.PERSONNEL, Column.OPERATING} <= set(table.columns):
            continue
        for row in table.rows:
            if row.kind is not RowKind.ITEM or row.subject is None or row.subject.level is not Level.SECTION:
                continue
            try:
                group = economic.basic_group(row.code)
            except GfsError:
                continue
            if group is None:
                continue
            wrong = Column.OPERATING if group is BasicGroup.PERSONNEL else Column.PERSONNEL
            amount = value(row, wrong)
            if amount:
                yield context.note(
                    f"{row.code} {row.name} is {group.label} in the catalogue, but {context.money(amount)} of it is "
                    f"printed as {wrong.label}",
                    tables=(table.kind.value,),
                    row=label(row),
                    column=wrong,
                    line=row.line,
                    expected=Decimal(0),
                    actual=amount,
                )


@implements("economic.crosswalk")
def crosswalk_pairs(context: Context) -> Iterator[Finding]:
    """A printed department → government pairing is official for some kind of unit; for the unit's own
    kind where the report says which."""
    for table in context.report.tables:
        if not isinstance(table, EconomicTable):
            continue
        for row in table.rows:
            if row.subject is None or row.government_subject is None:
                continue
            kinds = economic.pairing_kinds(row.code, row.government_code)
            if not kinds:
                targets = {k.label: economic.to_government(row.code, k).code for k in UnitKind if _mapped(row.code, k)}
                official = ", ".join(f"{code} for a {kind}" for kind, code in targets.items())
                yield context.note(
                    f"{row.code} {row.name} is printed beside {row.government_code} {row.government_name or ''}; "
                    f"the crosswalk books it under {official or 'no government code'}",
                    tables=(table.kind.value,),
                    row=label(row),
                    line=row.line,
                )


def _mapped(code: str, kind: UnitKind) -> bool:
    try:
        economic.to_government(code, kind)
    except GfsError:
        return False
    return True
