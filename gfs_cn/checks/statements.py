"""The narrative against itself and against the tables' definitions (情况说明的内部勾稽).

Percentages and changes (“比上年增加 X 万元，增长 Y%”, “占 Z%”) are recomputed from the stated
figures, within the rounding of every figure involved; the same quantity stated twice must agree;
stated definitions of 人员经费/公用经费 are held against the economic classes they name; the “三公”
parts against their total; the procurement total against its parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final

from gfs_cn.checks.figures import Cell, Figure, percentage_consistent, percentage_last_digit, top_rows
from gfs_cn.checks.findings import Finding, Severity
from gfs_cn.checks.registry import Context, compared, implements, statement_place
from gfs_cn.tables.columns import Column
from gfs_cn.tables.kinds import TableKind
from gfs_cn.tables.models import EconomicTable
from gfs_cn.tables.rows import RowKind

__all__: list[str] = []

_NUMBER: Final = r"\d[\d,]*(?:\.\d+)?"
# An amount, then (within one sentence, allowing a year) a comparison with the year before, the change in
# 万元 and the change in per cent: 7.2万元,比2023年预算数减少1.5万元,降低17.24%.
_CHANGE: Final = re.compile(
    rf"(?P<amount>{_NUMBER})万元[^;%\d。]{{0,30}}?(?:比|较|与)[^;%\d。]{{0,6}}(?:\d{{4}})?[^;%\d。]{{0,16}}?"
    rf"(?P<sign>增加|减少|上升|下降|增长|降低)(?P<change>{_NUMBER})万元[^;%\d。]{{0,8}}?(?P<pct>{_NUMBER})%"
)
_SHARE: Final = re.compile(
    rf"(?P<amount>{_NUMBER})万元[,]?(?:占|(?P<done>完成(?:年初)?预算的))(?P<what>[^\d%。;]{{0,20}}?)(?P<pct>{_NUMBER})%"
)
# The budget a “完成预算的 Z%” measures against, stated earlier in its sentence: 年初预算为0万元,支出决算为24.8万元.
_BUDGET_BEFORE: Final = re.compile(rf"预算(?:数)?(?:为|是)?(?P<amount>{_NUMBER})万元")
_AMOUNT: Final = re.compile(rf"(?P<amount>{_NUMBER})万元")
_DOWN: Final = frozenset({"减少", "下降", "降低"})
_DEFINITION: Final = re.compile(
    rf"(?P<what>人员经费|公用经费)(?:支出)?(?:\((?:即|包括)?(?P<paren>[^)]*)\)|(?:主要)?包括(?P<words>[^;。\d]*?))"
    rf"(?:为|是|共|合计)?(?P<amount>{_NUMBER})万元"
)
# The economic classes (类) a definition names, by the words it uses.
_CLASSES: Final = (("工资福利", "301"), ("商品和服务", "302"), ("对个人和家庭", "303"), ("资本性", "310"))
_THREE_PUBLIC: Final = re.compile(
    rf'"三公"经费(?:财政拨款)?(?:支出)?(?:预算数|预算|决算数|决算)?(?:为|是|共)?(?P<amount>{_NUMBER})万元'
)
_THREE_PUBLIC_PARTS: Final = (
    re.compile(rf"因公出国\(境\)费(?:用)?(?:预算)?(?:为|是)?(?P<amount>{_NUMBER})万元"),
    re.compile(rf"公务用车购置及运行(?:维护)?费(?:预算)?(?:为|是)?(?P<amount>{_NUMBER})万元"),
    re.compile(rf"公务接待费(?:预算)?(?:为|是)?(?P<amount>{_NUMBER})万元"),
)
_OPERATING_COSTS: Final = re.compile(
    rf"机关运行经费(?:支出|预算|安排)?(?:为|是|共)?(?P<amount>{_NUMBER})万元(?P<rest>[^;。]*)"
)
_SAME_AS_OPERATING: Final = re.compile(r"公用经费.{0,6}一致")
# A “三公” figure's change from last year: an amount, or words saying it did not change (持平).
_PART_NAMES: Final = (r"因公出国\(境\)费(?:用)?", r"公务用车购置及运行(?:维护)?费", r"公务接待费")
_CHANGE_OF: Final = (
    r"[^;。]{{0,30}}?(?:(?P<sign>增加|减少|上升|下降|增长|降低)(?P<change>{number})万元|(?P<flat>持平|无增减))"
)
_TOTAL_CHANGE: Final = re.compile(r'"三公"经费' + _CHANGE_OF.format(number=_NUMBER))
_PART_CHANGES: Final = tuple(re.compile(name + _CHANGE_OF.format(number=_NUMBER)) for name in _PART_NAMES)
_BROKEN_DOWN: Final = re.compile(r"包括|其中")
_BRACKETED: Final = re.compile(r"\([^()]*\d[^()]*\)")
_PROCUREMENT_TOTAL: Final = re.compile(rf"政府采购(?:支出|预算)?总额(?:为|是)?(?P<amount>{_NUMBER})万元")
_PROCUREMENT_PARTS: Final = (
    re.compile(rf"政府采购货物(?:支出|预算)?(?P<amount>{_NUMBER})万元"),
    re.compile(rf"政府采购工程(?:支出|预算)?(?P<amount>{_NUMBER})万元"),
    re.compile(rf"政府采购服务(?:支出|预算)?(?P<amount>{_NUMBER})万元"),
)
_SMALL: Final = re.compile(rf"授予中小企业合同金额(?:为|是)?(?P<amount>{_NUMBER})万元")
_MICRO: Final = re.compile(rf"授予小微企业合同金额(?:为|是)?(?P<amount>{_NUMBER})万元")


_ZERO: Final = Decimal(0)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _sections(context: Context) -> Iterator[tuple[int, Any, str]]:
    for index, section in enumerate(context.report.narrative):
        yield index, section, compared(section.text)


def _where(section: Any, at: int | None = None) -> dict[str, Any]:
    """The statement's place: its section's heading, and the line and page the text at ``at`` is printed on."""
    return statement_place(section, at)


def _at(figure: Figure) -> int | None:
    """Where in its section's text a stated figure is (the first narrative cell's position)."""
    return next((c.at for c in figure.cells if c.table is None and c.at is not None), None)


@implements("narrative.change")
def changes(context: Context) -> Iterator[Finding]:
    """“X 万元，比上年增加/减少 Y 万元，增长/下降 Z%”: Z is Y over last year's X − Y, within rounding."""
    for index, section, text in _sections(context):
        for match in _CHANGE.finditer(text):
            now = context.stated(_number(match["amount"]), index, at=match.start("amount"))
            change = context.stated(_number(match["change"]), index, at=match.start("change"))
            if match["sign"] in _DOWN:
                change = -change
            before = now - change
            pct = _number(match["pct"])
            stated = pct if change.value >= 0 else -pct
            where = _where(section, match.start())
            # The change may be of an amount stated earlier in its sentence (收入4,203.47万元，其中…其他收入
            # 100.00万元，较上年增加142.30万元): any of them will do.
            sentence = max(text.rfind("。", 0, match.start()), text.rfind(";", 0, match.start())) + 1
            earlier = [
                context.stated(_number(m["amount"]), index, at=m.start("amount"))
                for m in _AMOUNT.finditer(text, sentence, match.start())
            ]
            if any(percentage_consistent(stated, change, figure - change) for figure in (now, *earlier)):
                context.passed(**where)
                continue
            computed = change.value / before.value * 100 if before.value else None
            shown = "undefined" if computed is None else f"{computed:.2f}%"
            if percentage_last_digit(stated, change, before):
                yield context.note(
                    f"{section.heading or 'narrative'}: {match.group(0)!r} — a change of "
                    f"{context.money(change.value)} on last year's {context.money(before.value)} is {shown}; "
                    f"{pct}% is off in its last digit (printed truncated or adjusted): a rounding note",
                    paths=context.paths([now, change]),
                    severity=Severity.ROUNDING,
                    **where,
                )
                continue
            yield context.note(
                f"{section.heading or 'narrative'}: {match.group(0)!r} — a change of {context.money(change.value)} "
                f"on last year's {context.money(before.value)} is {shown}, not {pct}% (even within rounding)",
                paths=context.paths([now, change]),
                **where,
            )


@implements("narrative.share")
def shares(context: Context) -> Iterator[Finding]:
    """“X 万元，占 Z%” (or “完成预算的 Z%”): some amount stated before it in the same section is the whole
    X is Z% of."""
    for index, section, text in _sections(context):
        for match in _SHARE.finditer(text):
            part = context.stated(_number(match["amount"]), index, at=match.start("amount"))
            pct = _number(match["pct"])
            wholes = [
                context.stated(_number(m["amount"]), index, at=m.start("amount"))
                for m in _AMOUNT.finditer(text, 0, match.start())
                if m.start() != match.start()
            ]
            wholes = [w for w in wholes if w.value > 0]
            where = _where(section, match.start())
            named = _named_whole(context, match["what"], text, index)
            if match["done"]:
                sentence = max(text.rfind("。", 0, match.start()), text.rfind(";", 0, match.start())) + 1
                budgets = list(_BUDGET_BEFORE.finditer(text, sentence, match.start()))
                if budgets:
                    budget = context.stated(_number(budgets[-1]["amount"]), index, at=budgets[-1].start("amount"))
                    if budget.value == 0:
                        continue  # a share of a budget of 0 is no figure: nothing to recompute
                    named = budget, "the budget stated before it"
            if named is not None:
                # The share names its whole (占“三公”经费的 Z%): that whole, not any amount before it.
                whole, label = named
                if percentage_consistent(pct, part, whole):
                    context.passed(**where)
                    continue
                last_digit = percentage_last_digit(pct, part, whole)
                yield context.note(
                    f"{section.heading or 'narrative'}: {match.group(0)!r} — {context.money(part.value)} is "
                    f"{part.value / whole.value * 100:.2f}% of {label} {context.money(whole.value)}, not {pct}% "
                    + (
                        "(off in its last digit: printed truncated or adjusted)"
                        if last_digit
                        else "(even within rounding)"
                    ),
                    paths=context.paths([part, whole]),
                    severity=Severity.ROUNDING if last_digit else None,
                    **where,
                )
                continue
            if not wholes:
                continue  # no whole stated: nothing to recompute
            # The whole may be stated in another section (支出总额 in the overview): any amount will do.
            # …or printed only in a table (the “三公” total the narrative breaks down but never states).
            if any(percentage_consistent(pct, part, whole) for whole in wholes) or any(
                percentage_consistent(pct, part, whole)
                for whole in (*_all_amounts(context), *_table_totals(context))
                if whole.value > 0 and whole.cells[0].ident != part.cells[0].ident
            ):
                context.passed(**where)
                continue
            first = wholes[0]
            near = next((w for w in wholes if percentage_last_digit(pct, part, w)), None)
            if near is not None:
                yield context.note(
                    f"{section.heading or 'narrative'}: {match.group(0)!r} — {context.money(part.value)} is "
                    f"{part.value / near.value * 100:.2f}% of {context.money(near.value)}; {pct}% is off "
                    "in its last digit (printed truncated or adjusted): a rounding note",
                    paths=context.paths([part, near]),
                    severity=Severity.ROUNDING,
                    **where,
                )
                continue
            yield context.note(
                f"{section.heading or 'narrative'}: {match.group(0)!r} — no amount stated before it makes "
                f"{context.money(part.value)} {pct}% (of {context.money(first.value)} it is "
                f"{part.value / first.value * 100:.2f}%)",
                paths=context.paths([part, first]),
                **where,
            )


def _named_whole(context: Context, what: str, text: str, index: int) -> tuple[Figure, str] | None:
    """The whole a share names, where it names one this rule knows: the “三公” total (the table's row of
    the report's year, else the sum of the parts the section states)."""
    if "三公" not in what:
        return None
    from gfs_cn.checks.narrative import current_row

    for kind in _THREE_PUBLIC_KINDS:
        table = context.report.get(kind)
        row = None if table is None else current_row(table, context.report.kind, context.report.year)
        if table is not None and row is not None and row.amounts.get(Column.TOTAL) is not None:
            whole = context.cell(table, row, Column.TOTAL)
            if whole.value > 0:
                return whole, f"the “三公” total of {table.title or kind.label}"
    parts = [p for p in (_first(pattern, text, context, index) for pattern in _THREE_PUBLIC_PARTS) if p]
    if len(parts) == len(_THREE_PUBLIC_PARTS):
        whole = Figure.total(p[0] for p in parts)
        if whole.value > 0:
            return whole, "the “三公” total its parts stated add up to"
    return None


def _table_totals(context: Context) -> list[Figure]:
    """The totals the tables print: every 合计 row's and every “三公” row's total, under each column."""
    figures: list[Figure] = []
    for table in context.report.tables:
        for row in table.rows:
            if getattr(row, "kind", None) is RowKind.TOTAL or table.kind in _THREE_PUBLIC_KINDS:
                figures.extend(context.cell(table, row, c) for c, m in getattr(row, "amounts", {}).items() if m)
    return figures


_THREE_PUBLIC_KINDS: Final = frozenset({TableKind.THREE_PUBLIC, TableKind.FINAL_THREE_PUBLIC})


def _all_amounts(context: Context) -> list[Figure]:
    """Every amount the narrative states, in every section."""
    return [
        context.stated(_number(m["amount"]), index, at=m.start("amount"))
        for index, _section, text in _sections(context)
        for m in _AMOUNT.finditer(text)
    ]


@implements("narrative.repeated")
def repeated(context: Context) -> Iterator[Finding]:
    """The same quantity (one table figure of data/narrative_claims.tsv) stated twice agrees."""
    from gfs_cn.checks.narrative import claim_matches, other_year

    stated: dict[tuple[str, str, str], list[tuple[Figure, str, Any]]] = {}
    # Only the claims of tables the report prints: a final account's phrases are not a budget's.
    present = {t.kind for t in context.report.tables}
    for index, section, text, claim, match in claim_matches(context):
        if claim.locator in ("rows", "change"):
            continue
        # The claims of tables the report prints; or, where the table is absent, of the report's kind
        # (a budget's 政府采购 stated twice, where no procurement table is printed).
        if claim.table not in present and claim.table.report_kind not in (context.report.kind, None):
            continue
        groups = match.groupdict()
        amount, none = groups.get("amount"), groups.get("none")
        if not (amount or none) or other_year(text, match.start(), context.report.year):
            continue
        key = (claim.table.value, claim.locator, claim.columns)
        if none:  # a statement in words that there is none (无政府采购) states zero
            figure = Figure(_ZERO, _ZERO, (Cell(None, index, "text", _ZERO, match.start("none")),))
        else:
            figure = context.stated(_number(amount or ""), index, at=match.start("amount"))
        stated.setdefault(key, []).append((figure, match.group(0), section))
    for statements in stated.values():
        first, first_text, first_section = statements[0]
        for figure, said, section in statements[1:]:
            found = context.compare(
                expected=first,
                actual=figure,
                what=f"the narrative states {said!r}, and earlier {first_text!r} ({first_section.heading})",
                **_where(section, _at(figure)),
            )
            if found is not None:
                yield found


def _basic_table(context: Context) -> EconomicTable | None:
    for kind in (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, TableKind.FINAL_GENERAL_BUDGET_BASIC_EXPENDITURE):
        table = context.report.get(kind)
        if isinstance(table, EconomicTable) and table.rows:
            return table
    return None


_WHOLE: Final[tuple[Column, ...]] = (Column.TOTAL, Column.BASIC)
_SPLIT: Final[tuple[Column, ...]] = (Column.PERSONNEL, Column.OPERATING)


def _class_figure(context: Context, table: EconomicTable, codes: list[str]) -> Figure | None:
    """The amount of economic classes in a basic-expenditure table: their 类 rows, else their 款 rows."""
    columns = [c for c in _WHOLE if c in table.columns][:1] or [c for c in _SPLIT if c in table.columns]
    if not columns:
        return None
    parts: list[Figure] = []
    for code in codes:
        rows = top_rows(table.rows, code)
        if not rows:
            sections = {r.code for r in table.rows if len(r.code) == 5 and r.code[:3] == code}
            rows = [r for section in sorted(sections) for r in top_rows(table.rows, section)]
        parts.extend(context.cell(table, r, c) for r in rows for c in columns)
    return Figure.total(parts) if parts else None


@implements("narrative.definitions")
def definitions(context: Context) -> Iterator[Finding]:
    """A 人员经费/公用经费 stated with its definition (“即工资福利支出与对个人和家庭补助支出之和”)
    equals the sum of the economic classes the definition names, in the basic-expenditure table."""
    table = _basic_table(context)
    if table is None:
        return
    for index, section, text in _sections(context):
        for match in _DEFINITION.finditer(text):
            words = match["paren"] or match["words"] or ""
            codes = [code for word, code in _CLASSES if word in words]
            if not codes:
                continue
            figure = _class_figure(context, table, codes)
            if figure is None:
                continue
            found = context.compare(
                expected=figure,
                actual=context.stated(_number(match["amount"]), index, at=match.start("amount")),
                what=f"{match['what']} as the narrative defines it ({'+'.join(codes)}) in "
                f"{table.title or table.kind.label}; the narrative states {match.group(0)!r}",
                incomplete=not table.reliable,
                **{**_where(section, match.start()), "tables": (table.kind.value,)},
            )
            if found is not None:
                yield found


def _first(pattern: re.Pattern[str], text: str, context: Context, index: int) -> tuple[Figure, str] | None:
    match = pattern.search(text)
    if match is None:
        return None
    return context.stated(_number(match["amount"]), index, at=match.start("amount")), match.group(0)


@implements("narrative.three-public")
def three_public_parts(context: Context) -> Iterator[Finding]:
    """The “三公” total the narrative states equals its stated parts (at least their sum where a part is
    not stated)."""
    for index, section, text in _sections(context):
        total = _first(_THREE_PUBLIC, text, context, index)
        if total is None:
            continue
        parts = [p for p in (_first(pattern, text, context, index) for pattern in _THREE_PUBLIC_PARTS) if p]
        if not parts:
            continue
        summed = Figure.total(p[0] for p in parts)
        what = f"the parts stated ({', '.join(repr(p[1]) for p in parts)}) against {total[1]!r}"
        if len(parts) == len(_THREE_PUBLIC_PARTS) or summed.value - summed.bound > total[0].value + total[0].bound:
            found = context.compare(expected=summed, actual=total[0], what=what, **_where(section, _at(total[0])))
            if found is not None:
                yield found
        else:
            context.passed(**_where(section, _at(total[0])))


def _change(match: re.Match[str] | None, context: Context, index: int) -> Figure | None:
    if match is None or _BROKEN_DOWN.search(match.group(0)):
        return None  # the change read is a sub-part's (包括公务用车购置费0万元，与上年持平): no verdict
    if match["flat"]:
        return Figure(Decimal(0), Decimal(0), ())
    change = context.stated(_number(match["change"]), index, at=match.start("change"))
    return -change if match["sign"] in _DOWN else change


@implements("narrative.three-public-changes")
def three_public_changes(context: Context) -> Iterator[Finding]:
    """The “三公” total's change from last year equals the sum of its parts' changes, where the narrative
    states all three (“与上年持平” is a change of zero)."""
    for index, section, text in _sections(context):
        printed = _TOTAL_CHANGE.search(text)
        # A part's own breakdown in brackets (公务用车购置费0万元，比上年增加0万元；…) is not the part's change.
        text = _BRACKETED.sub("", text)
        total = _change(_TOTAL_CHANGE.search(text), context, index)
        if total is None:
            continue
        parts = [_change(pattern.search(text), context, index) for pattern in _PART_CHANGES]
        if any(p is None for p in parts):
            continue
        found = context.compare(
            expected=Figure.total(p for p in parts if p is not None),
            actual=total,
            what="the “三公” total's change from last year against the sum of its parts' changes",
            **_where(section, None if printed is None else printed.start()),
        )
        if found is not None:
            yield found


@implements("narrative.procurement")
def procurement(context: Context) -> Iterator[Finding]:
    """政府采购: the total equals 货物 + 工程 + 服务 where all are stated; 授予中小企业 ≤ the total and
    其中小微企业 ≤ 授予中小企业."""
    for index, section, text in _sections(context):
        total = _first(_PROCUREMENT_TOTAL, text, context, index)
        parts = [p for p in (_first(pattern, text, context, index) for pattern in _PROCUREMENT_PARTS) if p]
        small = _first(_SMALL, text, context, index)
        micro = _first(_MICRO, text, context, index)
        where = _where(section, next((_at(f[0]) for f in (total, small, micro) if f is not None), None))
        if total is not None and len(parts) == len(_PROCUREMENT_PARTS):
            found = context.compare(
                expected=Figure.total(p[0] for p in parts),
                actual=total[0],
                what=f"{total[1]!r} against its parts {', '.join(repr(p[1]) for p in parts)}",
                **where,
            )
            if found is not None:
                yield found
        for part, whole in ((small, total), (micro, small)):
            if part is None or whole is None:
                continue
            if part[0].value - part[0].bound <= whole[0].value + whole[0].bound:
                context.passed(**where)
                continue
            yield context.note(
                f"{section.heading or 'narrative'}: {part[1]!r} exceeds {whole[1]!r}, which includes it",
                expected=whole[0].value,
                actual=part[0].value,
                paths=context.paths([part[0], whole[0]]),
                **where,
            )


@implements("narrative.operating-costs")
def operating_costs(context: Context) -> Iterator[Finding]:
    """机关运行经费 stated as equal to 公用经费 (“与…公用经费之和一致”) equals the 公用经费 of the
    basic-expenditure table."""
    table = _basic_table(context)
    if table is None or not ({Column.OPERATING} & set(table.columns)):
        return
    totals = [r for r in table.rows if r.kind is RowKind.TOTAL]
    if not totals:
        return
    operating = Figure.total(context.cell(table, r, Column.OPERATING) for r in totals)
    for index, section, text in _sections(context):
        for match in _OPERATING_COSTS.finditer(text):
            if not _SAME_AS_OPERATING.search(match["rest"]):
                continue
            found = context.compare(
                expected=operating,
                actual=context.stated(_number(match["amount"]), index, at=match.start("amount")),
                what=f"the narrative states {match.group(0)[:40]!r}…, equal to 公用经费 of "
                f"{table.title or table.kind.label}",
                incomplete=not table.reliable,
                **{**_where(section, match.start()), "tables": (table.kind.value,)},
            )
            if found is not None:
                yield found
