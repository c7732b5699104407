"""Performance tables (绩效目标表, 绩效自评表): their funds add up, agree with the project list, and a
self-evaluation scores itself as its template says (执行率 = 执行数 / 预算数, 得分 = 分值 × 执行率, 总分 = Σ 得分).

A table's 预算情况 lines come in groups: 资金来源 (its total, then （1）政府预算资金 …) and 资金结构
(（1）基本支出, （2）项目支出); or 年度资金总额 with 其中：财政拨款 and 其他资金. A group's total is the
sum of its parts; a group printed without a total sums to the first group's total (or the table's 预算资金).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final

from gfs_cn.catalog import normalize_name
from gfs_cn.checks.figures import Cell, Figure, percentage_consistent, percentage_last_digit, ratio_range
from gfs_cn.checks.findings import Finding, Severity
from gfs_cn.checks.registry import Context, implements
from gfs_cn.tables.kinds import TableKind
from gfs_cn.tables.models import _PerformanceTable
from gfs_cn.tables.rows import RowKind

__all__: list[str] = []

_GROUP: Final = re.compile(r"^\d+[、.]")
_FIRST_PART: Final = re.compile(r"\(1\)")
_TOTAL_WORDS: Final = re.compile(r"总额|合计|总计")
_HALF: Final = Decimal("0.5")
_AMOUNT_TEXT: Final = r"\d[\d,]*(?:\.\d+)?"
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)


def _groups(table: _PerformanceTable) -> list[tuple[int | None, list[int]]]:
    """(index of the group's total line or None, indices of its part lines) per group of funds lines."""
    groups: list[tuple[int | None, list[int]]] = []
    for n, task in enumerate(table.funds):
        name = normalize_name(task.name)
        if _GROUP.match(name) or (_TOTAL_WORDS.search(name) and not name.startswith("其中")):
            if _FIRST_PART.search(name):
                groups.append((None, [n]))
            else:
                # A sub-total named by its header path (预算支出总额 | 财政拨款 › 合计 | 财政拨款 › 基本支出 …, the
                # Beijing template) is also a part of the total printed before it without a path.
                outer = groups[0] if groups and groups[0][0] is not None else None
                paths = outer is not None and all(" › " in table.funds[m].name for m in outer[1])
                if outer is not None and paths and " › " in task.name and " › " not in table.funds[outer[0] or 0].name:
                    outer[1].append(n)
                groups.append((n, []))
        elif groups:
            groups[-1][1].append(n)
        else:
            groups.append((None, [n]))
    return groups


@implements("performance.funds")
def funds(context: Context) -> Iterator[Finding]:
    """A group of 预算情况 lines: its total equals the sum of its parts (a blank total beside parts that
    carry money is an error); a group without a total sums to the first group's total or 预算资金."""
    for table in context.report.tables:
        if not isinstance(table, _PerformanceTable) or not table.funds:
            continue
        groups = _groups(table)

        def fund(n: int, table: _PerformanceTable = table) -> Figure:
            return context.amount(table, None, table.funds[n].amount, f"funds[{n}].amount")

        reference: Figure | None = None
        if table.amount is not None:
            reference = context.amount(table, None, table.amount, "amount")
        where: dict[str, Any] = {"tables": (table.kind.value,)}
        name = table.subject_name or table.title
        for total, parts in groups:
            carrying = [n for n in parts if table.funds[n].amount is not None]
            if total is not None and reference is None:
                reference = fund(total)
            if not carrying and (total is None or not table.funds[total].amount):
                continue  # parts and total blank (or zero): nothing to add up; a total beside blank parts is compared
            summed = Figure.total(fund(n) for n in parts)
            if total is not None:
                against, label = fund(total), table.funds[total].name
            elif reference is not None:
                against, label = reference, "预算资金"
            else:
                continue
            at = table.funds[total] if total is not None else table.funds[parts[0]] if parts else None
            found = context.compare(
                expected=summed,
                actual=against,
                what=f"{name}: {label} = {' + '.join(table.funds[n].name for n in parts) or '(no parts printed)'}",
                row=f"{name} {label}",
                incomplete=not table.reliable,
                tables=where["tables"],
                line=_line(at, table),
                page=_page(at, table),
            )
            if found is not None:
                yield found


@implements("performance.project-amount")
def project_amounts(context: Context) -> Iterator[Finding]:
    """A project's 绩效目标表 states the funds the project list (项目支出表) gives a project of that name."""
    projects = context.report.get(TableKind.PROJECT_EXPENDITURE)
    if projects is None or not projects.columns:
        return
    column = projects.columns[0]
    by_name: dict[str, list[Any]] = {}
    for row in projects.rows:
        if row.kind is RowKind.ITEM and row.amounts.get(column) is not None:
            by_name.setdefault(normalize_name(row.name), []).append(row)
    for table in context.report.tables_of(TableKind.PROJECT_PERFORMANCE):
        if not isinstance(table, _PerformanceTable) or table.amount is None:
            continue
        rows = by_name.get(normalize_name(table.subject_name))
        if not rows:
            continue  # a project the list does not name: no figure to compare
        stated = context.amount(table, None, table.amount, "amount")
        figures = [context.cell(projects, row, column) for row in rows]
        closest = min(figures, key=lambda f: abs(f.value - stated.value))
        found = context.compare(
            expected=closest,
            actual=stated,
            what=f"{table.subject_name}: 预算资金 equals the project's in {projects.title or projects.kind.label}",
            tables=(table.kind.value, projects.kind.value),
            row=table.subject_name,
            line=table.first_line,
            incomplete=not (table.reliable and projects.reliable),
        )
        if found is not None:
            yield found


def _line(at: Any, table: _PerformanceTable) -> int | None:
    """The line a funds or execution line was printed on (the table's first line where the reader gives none)."""
    line = getattr(at, "line", None)
    return int(line) if line is not None else table.first_line


def _page(at: Any, table: _PerformanceTable) -> int | None:
    page = getattr(at, "page", None)
    return int(page) if page is not None else table.first_page


def _self_evaluations(context: Context) -> Iterator[_PerformanceTable]:
    for table in context.report.tables_of(TableKind.PERFORMANCE_SELF_EVALUATION):
        if isinstance(table, _PerformanceTable):
            yield table


def _where(table: _PerformanceTable, label: str, at: Any = None) -> dict[str, Any]:
    """Where a finding on a line of a table is: the table, the line's label, its line and page."""
    name = table.subject_name or table.title
    return {"tables": (table.kind.value,), "row": f"{name} {label}".strip(), "line": _line(at, table)}


@implements("performance.execution-rate")
def execution_rates(context: Context) -> Iterator[Finding]:
    """执行率 (B/A) is 执行数 / 预算数 at the printed precision, for some true values within the rounding
    of the printed figures."""
    for table in _self_evaluations(context):
        for n, line in enumerate(table.execution):
            if line.rate is None or line.budget is None or line.executed is None:
                continue
            budget = context.amount(table, None, line.budget, f"execution[{n}].budget")
            executed = context.amount(table, None, line.executed, f"execution[{n}].executed")
            where = _where(table, f"{line.name} 执行率", line)
            if budget.value - budget.bound <= 0:
                continue  # 预算数 0: no rate to compute (the template prints it blank or as it likes)
            if percentage_consistent(line.rate, executed, budget):
                context.passed(**where)
                continue
            computed = executed.value / budget.value * 100
            rate = Figure(line.rate, _ZERO, (Cell(table, None, f"execution[{n}].rate", line.rate),))
            last_digit = percentage_last_digit(line.rate, executed, budget)
            yield context.note(
                f"{where['row']}: 执行数 {context.money(executed.value)} / 预算数 {context.money(budget.value)} is "
                f"{computed:.2f}%, printed {line.rate}% "
                + (
                    "(off in its last digit: printed truncated)"
                    if last_digit
                    else "(beyond the rounding of the printed figures)"
                ),
                paths=context.paths([executed, budget, rate]),
                severity=Severity.ROUNDING if last_digit else Severity.INCOMPLETE if not table.reliable else None,
                expected=computed,
                actual=line.rate,
                page=_page(line, table),
                **where,
            )


def _rate_range(context: Context, table: _PerformanceTable, n: int) -> tuple[Decimal, Decimal] | None:
    """The execution rate (a fraction) a 预算执行情况 line gives: its printed 执行率 give or take half a
    unit of its last digit, else 执行数 / 预算数 over their rounding; capped at 100% (a score is at most
    its points)."""
    line = table.execution[n]
    if line.rate is not None:
        half = _HALF * Decimal(1).scaleb(_exponent(line.rate))
        low, high = (line.rate - half) / 100, (line.rate + half) / 100
    elif line.budget is not None and line.executed is not None:
        budget = context.amount(table, None, line.budget, "")
        executed = context.amount(table, None, line.executed, "")
        found = ratio_range(executed, budget)
        if found is None:
            return None
        low, high = found
    else:
        return None
    return min(max(low, _ZERO), _ONE), min(max(high, _ZERO), _ONE)


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) and exponent < 0 else 0


@implements("performance.execution-score")
def execution_scores(context: Context) -> Iterator[Finding]:
    """得分 of 预算执行情况 = 分值 × 执行率 (at most 分值), where the line prints its points and score:
    consistent when some rounding of the product at the score's printed precision (to nearest, up or
    down) gives the printed score."""
    for table in _self_evaluations(context):
        for n, line in enumerate(table.execution):
            if line.score is None or line.weight is None:
                continue
            where = _where(table, f"{line.name} 得分", line)
            found = _rate_range(context, table, n)
            if found is None:
                if line.score:
                    # 预算数 0 and no rate printed: no rate to score, yet a score is printed.
                    yield context.note(
                        f"{where['row']}: {line.score} printed for {line.weight}分, but the execution rate is "
                        "undefined (预算数 0, no 执行率 printed)",
                        expected=Decimal(0),
                        actual=line.score,
                        page=_page(line, table),
                        severity=Severity.INCOMPLETE if not table.reliable else None,
                        **where,
                    )
                continue
            low, high = line.weight * found[0], line.weight * found[1]
            unit = Decimal(1).scaleb(_exponent(line.score))
            # Rounded to nearest, up or down at the printed precision, the product lies within one unit.
            if low - unit < line.score < high + unit:
                context.passed(**where)
                continue
            shown = f"{low:.2f}" if high - low < Decimal("0.01") else f"{low:.2f}–{high:.2f}"
            rate = f"{line.rate}%" if line.rate is not None else "执行数 / 预算数"
            score = Figure(line.score, _ZERO, (Cell(table, None, f"execution[{n}].score", line.score),))
            yield context.note(
                f"{where['row']}: {line.weight}分 × {rate} is {shown}, printed {line.score}",
                paths=context.paths([score]),
                severity=Severity.INCOMPLETE if not table.reliable else None,
                expected=low,
                actual=line.score,
                page=_page(line, table),
                **where,
            )


@implements("performance.total-score")
def total_scores(context: Context) -> Iterator[Finding]:
    """总分 = Σ 得分: the indicators' scores and the 预算执行情况 score."""
    for table in _self_evaluations(context):
        if table.total_score is None:
            continue
        # The 预算执行情况 score is printed once, on its first line that has one (年度资金总额).
        scored = [n for n, e in enumerate(table.execution) if e.score is not None][:1]
        scores: list[tuple[str, Any, Decimal | None]] = [
            (f"execution[{n}].score", None, table.execution[n].score) for n in scored
        ]
        scores += [("score", row, row.score) for row in table.rows]
        printed = [(key, row, s) for key, row, s in scores if s is not None]
        if not printed:
            continue
        summed = sum((s for _, _, s in printed), _ZERO)
        where = _where(table, "总分")
        if summed == table.total_score:
            context.passed(**where)
            continue
        # Scores printed with decimals may be rounded: allow half a unit of each.
        slack = sum((_HALF * Decimal(1).scaleb(_exponent(s)) for _, _, s in printed if _exponent(s)), _ZERO)
        slack += _HALF * Decimal(1).scaleb(_exponent(table.total_score)) if _exponent(table.total_score) else _ZERO
        severity = Severity.ROUNDING if abs(summed - table.total_score) <= slack else None
        if severity is None and not table.reliable:
            severity = Severity.INCOMPLETE
        cells = [Figure(s, _ZERO, (Cell(table, row, key, s),)) for key, row, s in printed]
        total = Figure(table.total_score, _ZERO, (Cell(table, None, "total_score", table.total_score),))
        yield context.note(
            f"{where['row']}: the scores printed ({len(printed)}) add up to {summed}, 总分 printed {table.total_score}",
            paths=context.paths([total, *cells]),
            severity=severity,
            expected=summed,
            actual=table.total_score,
            **where,
        )


# A 成本指标's target printed as an amount: ≤35万元, 188366 元, 11.2 under a name saying (万元).
_TARGET_AMOUNT: Final = re.compile(r"^(?:<=|≤|=|<)?(?P<number>\d[\d,]*(?:\.\d+)?)(?P<unit>万元|元|亿元)$")
_NAME_UNIT: Final = re.compile(r"(?:\((?P<paren>万元|元|亿元)\)|≤(?P<after>万元|元))$")
_BARE_NUMBER: Final = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
# A rate or a cost per item (人均, 单价, 标准, 每…, 元/人): not an amount of the project's funds.
_PER_ITEM: Final = re.compile(r"人均|单价|标准|单次|每|/|率")
_FACTORS: Final = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
_RUN: Final = 8
"""The most parts a cost total is looked for over (the amounts printed beside it)."""


def _cost_amounts(context: Context, table: _PerformanceTable) -> list[tuple[Any, Figure]]:
    """The 成本指标 of a table whose target is an amount of money, each with its figure in yuan."""
    found: list[tuple[Any, Figure]] = []
    for indicator in table.rows:
        if "成本" not in indicator.level1 + indicator.level2:
            continue
        name = normalize_name(indicator.level3)
        if _PER_ITEM.search(name):
            continue
        target = normalize_name(indicator.target) + normalize_name(indicator.unit)
        match = _TARGET_AMOUNT.match(target)
        if match is not None:
            number, unit = match["number"], match["unit"]
        else:
            named = _NAME_UNIT.search(name)
            if named is None or not _BARE_NUMBER.match(normalize_name(indicator.target)):
                continue
            number, unit = normalize_name(indicator.target), named["paren"] or named["after"]
        factor = _FACTORS[unit]
        value = Decimal(number.replace(",", "")) * factor
        bound = context.bound(value, factor)
        found.append((indicator, Figure(value, bound, (Cell(table, indicator, "target", value),))))
    return found


def _totals(figures: list[Figure]) -> set[int]:
    """Indexes of the amounts that are totals of others printed beside them (a task's 资金总额 ≤35万元 over its
    ≤17万元, ≤5万元 and ≤13万元), and of the parts they cover: a total stands for its parts."""
    values, bounds = [_ZERO], [_ZERO]  # running sums: a window's sum is a difference of two
    for figure in figures:
        values.append(values[-1] + figure.value)
        bounds.append(bounds[-1] + figure.bound)
    covered: set[int] = set()
    for i, total in enumerate(figures):
        found = False
        for start in range(max(0, i - _RUN), i + 1):
            for end in range(max(i + 1, start + 3), min(len(figures), start + _RUN + 1) + 1):
                summed = values[end] - values[start] - total.value
                allowed = bounds[end] - bounds[start]  # the parts' bounds and the total's own
                if abs(summed - total.value) > allowed:
                    continue
                parts = [n for n in range(start, end) if n != i]
                if not covered.intersection(parts):
                    covered.update(parts)
                    found = True
                    break
            if found:
                break
    return covered


@implements("performance.cost-amounts")
def cost_amounts(context: Context) -> Iterator[Finding]:
    """A 成本指标 printed as an amount (≤35万元, 188366 元) is at most the table's 预算资金, and so is the sum of
    those amounts — a total printed over its parts counted once, an amount equal to 预算资金 (the project's cost
    restated) set aside."""
    for table in context.report.tables:
        if not isinstance(table, _PerformanceTable) or table.amount is None or not table.amount.amount:
            continue
        costs = _cost_amounts(context, table)
        if not costs:
            continue
        budget = context.amount(table, None, table.amount, "amount")
        name = table.subject_name or table.title
        incomplete = not table.reliable
        over = False
        for indicator, figure in costs:
            if figure.value - figure.bound <= budget.value + budget.bound:
                continue
            over = True
            yield context.note(
                f"{name}: 成本指标 {indicator.level3} {indicator.printed_operator or indicator.operator.value}"
                f"{indicator.target}{indicator.unit} is more than the 预算资金 {context.money(budget.value)} "
                f"(by {context.money(figure.value - budget.value)})",
                tables=(table.kind.value,),
                row=f"{name} {indicator.level3}".strip(),
                line=indicator.line if indicator.line is not None else table.first_line,
                expected=budget.value,
                actual=figure.value,
                paths=context.paths([figure, budget]),
                bound=figure.bound + budget.bound,
                severity=Severity.INCOMPLETE if incomplete else None,
            )
        if over:
            continue
        figures = [f for _, f in costs if abs(f.value - budget.value) > f.bound + budget.bound]
        covered = _totals(figures)
        counted = [f for n, f in enumerate(figures) if n not in covered]
        where = {"tables": (table.kind.value,), "row": f"{name} 成本指标", "line": costs[0][0].line}
        summed = Figure.total(counted)
        if len(counted) < 2 or summed.value - summed.bound <= budget.value + budget.bound:
            context.passed(**where)
            continue
        yield context.note(
            f"{name}: the 成本指标 printed as amounts add up to {context.money(summed.value)} "
            f"({len(counted)} amounts, totals counted once), more than the 预算资金 {context.money(budget.value)}",
            expected=budget.value,
            actual=summed.value,
            paths=context.paths([summed, budget]),
            bound=summed.bound + budget.bound,
            severity=Severity.INCOMPLETE if incomplete else None,
            **where,
        )


# A final account's summary of a project's self-evaluation: 基金监管专项：项目全年预算数为60万元，执行数为14.77万元.
_EVALUATED: Final = re.compile(
    rf"(?P<name>[^;。:,]{{2,40}}):项目(?:全年)?预算数为(?P<budget>{_AMOUNT_TEXT})万元,"
    rf"(?:调整(?:后)?预算数为(?P<adjusted>{_AMOUNT_TEXT})万元,)?执行数为(?P<executed>{_AMOUNT_TEXT})万元"
)
# A budget's project chosen for a key evaluation: 拟对信访业务工作经费等1个项目开展部门重点绩效评价，涉及预算资金75万元.
_KEY_EVALUATION: Final = re.compile(
    rf"拟对(?P<name>[^;。,]{{2,40}}?)(?:等)?1个项目开展[^;。]{{0,20}}?涉及预算资金(?P<amount>{_AMOUNT_TEXT})万元"
)
_NAME_SCORE: Final = 85
"""How near (rapidfuzz's ratio, 0–100) a name stated in the narrative must be to a table's project name."""


def _project(name: str, tables: list[_PerformanceTable]) -> _PerformanceTable | None:
    """The table of the project the narrative names: the same name, one containing the other, or the nearest
    name at least :data:`_NAME_SCORE` alike (names matched loosely: 基本医疗(含生育)业务经办管理 and its table's
    基本医疗（含生育）业务经办管理)."""
    from rapidfuzz import fuzz

    wanted = normalize_name(name)
    best: tuple[float, _PerformanceTable | None] = (0.0, None)
    for table in tables:
        printed = normalize_name(table.subject_name)
        if not printed:
            continue
        score = 100.0 if printed == wanted or printed in wanted or wanted in printed else fuzz.ratio(printed, wanted)
        if score > best[0]:
            best = (score, table)
    return best[1] if best[0] >= _NAME_SCORE else None


@implements("performance.narrative-projects")
def narrative_projects(context: Context) -> Iterator[Finding]:
    """A project the narrative names with its figures (a final account's 项目全年预算数为X万元，执行数为Y万元; a
    budget's 拟对NAME1个项目开展重点绩效评价，涉及预算资金X万元) has those figures in its own table (绩效自评表: its
    年度资金总额 预算数 and 执行数; 绩效目标表: 预算资金), its name matched loosely."""
    from gfs_cn.checks.registry import compared, statement_place

    evaluations = list(_self_evaluations(context))
    targets = [t for t in context.report.tables_of(TableKind.PROJECT_PERFORMANCE) if isinstance(t, _PerformanceTable)]
    for index, section in enumerate(context.report.narrative):
        text = compared(section.text)
        for match in _EVALUATED.finditer(text):
            table = _project(match["name"], evaluations)
            if table is None or not table.execution:
                continue  # a project no table is printed for: nothing to compare
            line = table.execution[0]
            where = {**statement_place(section, match.start()), "tables": (table.kind.value,)}
            budgets = [
                context.stated(Decimal(match[key].replace(",", "")), index, at=match.start(key))
                for key in ("budget", "adjusted")
                if match[key]
            ]
            if line.budget is not None:
                printed = context.amount(table, None, line.budget, "execution[0].budget")
                # The table's 预算数 is the budget stated, or the adjusted budget (全年预算数 after adjustment).
                near = min(budgets, key=lambda b: abs(b.value - printed.value))
                found = context.compare(
                    expected=printed,
                    actual=near,
                    what=f"{match['name']}: the narrative states 预算数 {match.group(0)!r}; "
                    f"{table.subject_name} 绩效自评表 {line.name} 预算数",
                    incomplete=not table.reliable,
                    **where,
                )
                if found is not None:
                    yield found
            if line.executed is not None:
                found = context.compare(
                    expected=context.amount(table, None, line.executed, "execution[0].executed"),
                    actual=context.stated(
                        Decimal(match["executed"].replace(",", "")), index, at=match.start("executed")
                    ),
                    what=f"{match['name']}: the narrative states 执行数 {match.group(0)!r}; "
                    f"{table.subject_name} 绩效自评表 {line.name} 执行数",
                    incomplete=not table.reliable,
                    **where,
                )
                if found is not None:
                    yield found
        for match in _KEY_EVALUATION.finditer(text):
            table = _project(match["name"], targets)
            if table is None or table.amount is None:
                continue
            where = {**statement_place(section, match.start()), "tables": (table.kind.value,)}
            found = context.compare(
                expected=context.amount(table, None, table.amount, "amount"),
                actual=context.stated(Decimal(match["amount"].replace(",", "")), index, at=match.start("amount")),
                what=f"{match['name']}: the narrative states {match.group(0)!r}; {table.subject_name} "
                "绩效目标表 预算资金",
                incomplete=not table.reliable,
                **where,
            )
            if found is not None:
                yield found
