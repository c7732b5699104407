"""The narrative's wording: comparison words against the figures they compare, dates against the report's
year, placeholders a template left in.

- ``决算数大于预算数`` (小于, 等于, 持平) after ``年初预算为X万元，支出决算为Y万元``: Y is greater than
  (less than, equal to) X, beyond the rounding of the two figures.
- ``截至2023年12月31日`` (the date of the assets, the vehicles): the end of the report's year in a final
  account, of the year before in a budget (published at the start of its year).
- ``XX局``, ``××``, ``某某``: a template's placeholder, in the narrative, a heading, a table's title or
  the department's name.
- ``鞍山市医疗保险局2024年部门预算`` in the report of 鞍山市医疗保障局: a department named before the year of a
  budget or final account is the report's department (or one of its units).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final

from gfs_cn.checks.findings import Finding
from gfs_cn.checks.registry import Context, compared, implements, statement_place
from gfs_cn.tables.kinds import ReportKind

__all__: list[str] = []

_NUMBER: Final = r"\d[\d,]*(?:\.\d+)?"
# 决算数大于预算数, 支出决算数小于年初预算数, 决算数与预算数持平, 决算数等于预算数.
_COMPARED: Final = re.compile(
    r"决算(?:数)?(?:(?P<word>大于|小于|等于|高于|低于|超过)(?:年初|调整后)?预算(?:数)?"
    r"|与(?:年初|调整后)?预算(?:数)?(?P<flat>持平|相等|一致))"
)
_BUDGET: Final = re.compile(rf"预算(?:数)?(?:为|是)?(?P<amount>{_NUMBER})万元")
_FINAL: Final = re.compile(rf"决算(?:数)?(?:为|是)?(?P<amount>{_NUMBER})万元")
_REACH: Final = 160
"""How far before the comparison its two figures may be stated (its sentence and the one before)."""
_WORDS: Final = {"大于": 1, "高于": 1, "超过": 1, "小于": -1, "低于": -1, "等于": 0}

# 截至2023年12月31日, 截止2024年底, 截至2024年末.
_DATE: Final = re.compile(r"(?:截至|截止)(?:到)?(?P<year>\d{4})年(?:(?P<month>\d{1,2})月(?:\d{1,2}日)?|底|末)")

# XX局, ××单位, 某某, XXX (not a run of letters in a web address or a code).
_PLACEHOLDER: Final = re.compile(
    r"(?<![A-Za-z0-9./:_-])(?:[XＸ×]{2,}|[xｘ]{2,}(?=[\u4e00-\u9fff])|某某|□{2,})(?![A-Za-z0-9])"
)


def _where(section: Any, at: int | None = None) -> dict[str, Any]:
    """The statement's place: its section's heading, and the line and page the text at ``at`` is printed on."""
    return statement_place(section, at)


@implements("narrative.comparison")
def comparisons(context: Context) -> Iterator[Finding]:
    """“决算数大于/小于/等于预算数” against the 预算 and 决算 figures stated just before it."""
    for index, section in enumerate(context.report.narrative):
        text = compared(section.text)
        for match in _COMPARED.finditer(text):
            start = max(0, match.start() - _REACH)
            budgets = list(_BUDGET.finditer(text, start, match.start()))
            finals = list(_FINAL.finditer(text, start, match.start()))
            if not budgets or not finals:
                continue  # the figures are not stated with it: nothing to compare
            budget = context.stated(_number(budgets[-1]["amount"]), index, at=budgets[-1].start("amount"))
            final = context.stated(_number(finals[-1]["amount"]), index, at=finals[-1].start("amount"))
            word = match["word"] or match["flat"]
            sign = 0 if match["flat"] else _WORDS[word]
            difference = final.value - budget.value
            within = abs(difference) <= final.bound + budget.bound
            # 等于/持平 holds within rounding; 大于/小于 holds in its direction, or where rounding cannot tell.
            holds = within if sign == 0 else within or difference * sign > 0
            where = _where(section, match.start())
            if holds:
                context.passed(**where)
                continue
            yield context.note(
                f"{section.heading or 'narrative'}: {match.group(0)!r}, but the figures stated before it are "
                f"预算 {context.money(budget.value)} and 决算 {context.money(final.value)}"
                + (" (equal within rounding)" if within else ""),
                expected=budget.value,
                actual=final.value,
                paths=context.paths([final, budget]),
                **where,
            )


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _date_years(kind: ReportKind, year: int, month: int | None) -> tuple[int, ...]:
    """The years a 截至 date may name: the end of a final account's year; in a budget (drawn up before its
    year begins) the end of the year before, or a day within its year."""
    if kind is ReportKind.FINAL_ACCOUNT:
        return (year,)
    return (year - 1,) if month in (None, 12) else (year - 1, year)


@implements("narrative.dates")
def dates(context: Context) -> Iterator[Finding]:
    """A date the narrative states its figures at (截至2024年12月31日) is the end of the report's year (a
    final account) or of the year before (a budget)."""
    report = context.report
    for section in report.narrative:
        text = compared(section.text)
        for match in _DATE.finditer(text):
            month = int(match["month"]) if match["month"] else None
            allowed = _date_years(report.kind, report.year, month)
            where = _where(section, match.start())
            if int(match["year"]) in allowed:
                context.passed(**where)
                continue
            shown = " or ".join(str(y) for y in allowed)
            yield context.note(
                f"{section.heading or 'narrative'}: {match.group(0)!r} in the {report.year} {report.kind.label}: "
                f"a date of {shown} was expected",
                **where,
            )


@implements("narrative.placeholder")
def placeholders(context: Context) -> Iterator[Finding]:
    """No placeholder of a template (XX局, ××, 某某) is left in the department's name, a heading, the
    narrative or a table's title."""
    report = context.report
    places: list[tuple[str, dict[str, Any]]] = [(report.department, {"tables": (), "row": "department"})]
    places += _places(report)
    found = False
    for text, where in places:
        match = _PLACEHOLDER.search(compared(text)) if text else None
        if match is None:
            continue
        where = _located(where, match.start())
        found = True
        context_text = compared(text)[max(0, match.start() - 12) : match.end() + 12]
        yield context.note(f"a placeholder {match.group(0)!r} is printed: …{context_text}…", **where)
    if not found and report.department:
        context.passed(tables=(), row="department")


def _places(report: Any) -> list[tuple[str, dict[str, Any]]]:
    """The texts a name may be printed in, each with its place: every heading, every section's text (its
    place kept with the section, ``_located`` finds the line) and every table's title."""
    places: list[tuple[str, dict[str, Any]]] = []
    for section in report.narrative:
        places += [(section.heading or "", _where(section)), (section.text, {**_where(section), "_section": section})]
    places += [(t.title, {"tables": (t.kind.value,), "row": t.title, "line": t.first_line}) for t in report.tables]
    return places


def _located(place: dict[str, Any], at: int) -> dict[str, Any]:
    """The place of a match at ``at`` of a text: its line, where the text is a section's."""
    section = place.get("_section")
    return place if section is None else _where(section, at)


# A department named before the year of a disclosure: 上海市普陀区财政局2024年度部门决算, 苏州市审计局2026年部门预算.
_NAMED: Final = re.compile(
    r"(?P<name>[\u4e00-\u9fff()]{4,30}?(?:局|委员会|办公室|办公厅|中心|检察院|法院|街道办事处|委|厅))"
    r"(?:\(?本级\)?)?20\d\d年度?(?:部门|单位)?(?:综合)?(?:预算|决算)"
)
_QUALIFIERS: Final = re.compile(r"\((?:本级|汇总|部门|单位)\)$")


def _same_body(name: str, known: list[str]) -> bool:
    """Whether a name printed (perhaps after other words: 纳入, 第二部分) is one of the known names, or one of
    them its shorter form (江苏省委办公厅 for 中共江苏省委办公厅)."""
    return any(k and (name.endswith(k) or k.endswith(name)) for k in known)


@implements("narrative.department")
def department(context: Context) -> Iterator[Finding]:
    """A department named before the year of a disclosure (in a heading, the narrative or a table's title) is
    the report's department or one of its units."""
    report = context.report
    known = [_QUALIFIERS.sub("", compared(n)) for n in (report.department, *(u.name for u in report.units)) if n]
    if not known:
        return
    for text, place in _places(report):
        for match in _NAMED.finditer(compared(text)) if text else ():
            where = _located(place, match.start())
            if _same_body(match["name"], known):
                context.passed(**where)
                continue
            yield context.note(
                f"{match.group(0)!r} names another department than the report's ({report.department})",
                **where,
            )
