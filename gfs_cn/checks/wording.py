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

import functools
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final

from gfs_cn import _data
from gfs_cn.checks.figures import Figure
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
_AMOUNT: Final = re.compile(rf"(?P<amount>{_NUMBER})万元")
_REACH: Final = 160
"""How far before the comparison its two figures may be stated (its sentence and the one before)."""
_WORDS: Final = {"大于": 1, "高于": 1, "超过": 1, "小于": -1, "低于": -1, "等于": 0}

# 截至2023年12月31日, 截止2024年底, 截至2024年末.
_DATE: Final = re.compile(r"(?:截至|截止)(?:到)?(?P<year>\d{4})年(?:(?P<month>\d{1,2})月(?:\d{1,2}日)?|底|末)")

# XX局, ××单位, 某某, XXX (not a run of letters in a web address or a code).
_PLACEHOLDER: Final = re.compile(
    r"(?<![A-Za-z0-9./:_-])(?:[XＸ×]{2,}|[xｘ]{2,}(?=[\u4e00-\u9fff])|某某|□{2,})(?![A-Za-z0-9])"
)


def _budget_and_final(context: Context, index: int, text: str, end: int) -> tuple[Figure, Figure] | None:
    """The last 预算 and 决算 figures section ``index`` states within ``_REACH`` characters before ``end``."""
    start = max(0, end - _REACH)
    budgets = list(_BUDGET.finditer(text, start, end))
    finals = list(_FINAL.finditer(text, start, end))
    if not budgets or not finals:
        return None
    budget = context.stated(_number(budgets[-1]["amount"]), index, at=budgets[-1].start("amount"))
    final = context.stated(_number(finals[-1]["amount"]), index, at=finals[-1].start("amount"))
    return budget, final


def _where(section: Any, at: int | None = None) -> dict[str, Any]:
    """The statement's place: its section's heading, and the line and page the text at ``at`` is printed on."""
    return statement_place(section, at)


@implements("narrative.comparison")
def comparisons(context: Context) -> Iterator[Finding]:
    """“决算数大于/小于/等于预算数” against the 预算 and 决算 figures stated just before it."""
    for index, section in enumerate(context.report.narrative):
        text = compared(section.text)
        for match in _COMPARED.finditer(text):
            stated = _budget_and_final(context, index, text, match.start())
            if stated is None:
                continue  # the figures are not stated with it: nothing to compare
            budget, final = stated
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


@functools.cache
def _change_words() -> dict[str, int]:
    """The words of change of data/narrative_changes.tsv and the direction each says (+1 up, −1 down, 0 flat)."""
    directions = {"up": 1, "down": -1, "flat": 0}
    return {row["word"]: directions[row["direction"]] for row in _data.read_rows("narrative_changes.tsv")}


@functools.cache
def _change_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The statements of change, built from the vocabulary: two figures and a word (X万元，比上年Y万元增加);
    a final figure against a budget one (决算数比预算数减少); a change whose words disagree (增加Z万元，下降P%);
    an increase stated with its figure (X万元，比上年增加Z万元)."""
    words = "|".join(sorted(map(re.escape, _change_words()), key=len, reverse=True))
    plain = rf"(?:(?!{words})[^;。\d,])"
    two = re.compile(
        rf"(?P<now>{_NUMBER})万元[^;。\d]{{0,20}}?(?:比|较|与)(?P<base>{plain}{{0,12}}(?:\d{{4}}年度?)?{plain}{{0,12}})"
        rf"(?P<other>{_NUMBER})万元(?:相比|比较)?,?(?<!基本)(?P<word>{words})(?:(?P<change>{_NUMBER})万元)?"
    )
    final = re.compile(rf"决算(?:数)?(?:比|较)(?:年初|调整后)?预算(?:数)?(?P<word>{words})")
    mixed = re.compile(
        rf"(?P<first>{words})(?P<change>{_NUMBER})万元,?(?P<second>{words})(?:幅度)?(?:为|了)?(?P<pct>{_NUMBER})%"
    )
    increase = re.compile(
        rf"(?P<now>{_NUMBER})万元[^;。\d]{{0,30}}?(?:比|较|与|同比)[^;。\d]{{0,6}}(?:\d{{4}})?[^;。\d]{{0,16}}?"
        rf"(?P<word>{words})(?P<change>{_NUMBER})万元"
    )
    return two, final, mixed, increase


_BASE: Final = re.compile(r"年|预算|决算")
"""What a figure compared with is: another year's, or the budget's (比上年, 比2023年预算数, 比年初预算)."""


def _holds(direction: int, difference: Decimal, bound: Decimal) -> bool:
    """Whether a difference goes the way a word of change says (within rounding, any way holds but flat's)."""
    within = abs(difference) <= bound
    if direction == 0:
        return within
    return within or difference * direction > 0


@implements("narrative.direction")
def directions(context: Context) -> Iterator[Finding]:
    """A word of change (增加, 减少, 增长, 下降, 持平 …, data/narrative_changes.tsv) goes the way the figures
    it compares go."""
    two, final, mixed, increase = _change_patterns()
    vocabulary = _change_words()
    for index, section in enumerate(context.report.narrative):
        text = compared(section.text)
        for match in two.finditer(text):
            if not _BASE.search(match["base"]):
                continue
            now = context.stated(_number(match["now"]), index, at=match.start("now"))
            other = context.stated(_number(match["other"]), index, at=match.start("other"))
            yield from _direction(context, (index, section), match, (now, other), vocabulary[match["word"]])
        for match in final.finditer(text):
            stated = _budget_and_final(context, index, text, match.start())
            if stated is None:
                continue  # the figures are not stated with it: nothing to compare
            budget, spent = stated
            yield from _direction(context, (index, section), match, (spent, budget), vocabulary[match["word"]])
        for match in mixed.finditer(text):
            first, second = vocabulary[match["first"]], vocabulary[match["second"]]
            where = _where(section, match.start())
            if first == 0 or second == 0 or first == second or not (_number(match["change"]) or _number(match["pct"])):
                context.passed(**where)
                continue
            yield context.note(
                f"{section.heading or 'narrative'}: {match.group(0)!r} — the change is said to go up and down at once",
                **where,
            )
        for match in increase.finditer(text):
            if vocabulary[match["word"]] != 1:
                continue
            change = context.stated(_number(match["change"]), index, at=match.start("change"))
            # The change may be of an amount stated earlier in its sentence (收入4,203.47万元，其中…其他收入
            # 100.00万元，较上年增加142.30万元): any of them will do.
            sentence = max(text.rfind("。", 0, match.start()), text.rfind(";", 0, match.start())) + 1
            figures = [
                context.stated(_number(m["amount"]), index, at=m.start("amount"))
                for m in _AMOUNT.finditer(text, sentence, match.start("change"))
            ]
            where = _where(section, match.start())
            if any(f.value + f.bound >= change.value - change.bound for f in figures):
                context.passed(**where)
                continue
            now = context.stated(_number(match["now"]), index, at=match.start("now"))
            yield context.note(
                f"{section.heading or 'narrative'}: {match.group(0)!r} — an increase of {context.money(change.value)} "
                f"to {context.money(now.value)} makes the figure compared with negative "
                f"({context.money(now.value - change.value)})",
                expected=now.value - change.value,
                actual=now.value,
                paths=context.paths([now, change]),
                **where,
            )


def _direction(
    context: Context, at: tuple[int, Any], match: re.Match[str], figures: tuple[Figure, Figure], direction: int
) -> Iterator[Finding]:
    """The word of change at ``match`` against the two figures it compares (and the change it states, if any)."""
    index, section = at
    now, other = figures
    change = match.groupdict().get("change")
    where = _where(section, match.start())
    difference = now.value - other.value
    bound = now.bound + other.bound
    if not _holds(direction, difference, bound):
        said = {1: "above", -1: "below", 0: "equal to"}[direction]
        yield context.note(
            f"{section.heading or 'narrative'}: {match.group(0)!r} says {context.money(now.value)} is {said} "
            f"{context.money(other.value)}, but it is not (difference {context.money(difference)}"
            + (", beyond rounding)" if direction == 0 else ")"),
            expected=other.value,
            actual=now.value,
            paths=context.paths([now, other]),
            bound=bound,
            **where,
        )
        return
    if change is None or direction == 0:
        context.passed(**where)
        return
    stated = context.stated(_number(change), index, at=match.start("change"))
    found = context.compare(
        expected=Figure(abs(difference), bound, (*now.cells, *other.cells)),
        actual=stated,
        what=f"{section.heading or 'narrative'}: {match.group(0)!r} — the change between the two figures it states",
        **where,
    )
    if found is not None:
        yield found


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
