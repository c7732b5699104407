"""Performance-target tables (绩效目标表, 绩效自评表): who, how much, the goal, the indicators.

These tables are forms more than grids: key/value lines (项目名称, 主管部门, 预算资金情况 …),
then an indicator header (一级指标 | 二级指标 | 三级指标 | 运算符号 | 指标值 | 度量单位 | 完成时限)
and indicator rows whose level cells are merged, so blank on continuation rows. One title may
hold several subjects (a unit, a project each) and one subject may run over several pages.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs
from moneyed import Money

from gfs_cn.errors import GfsError
from gfs_cn.money import Unit, parse_decimal, to_money
from gfs_cn.reading.model import Line, compact_text
from gfs_cn.tables.models import BudgetExecution, Task, _PerformanceTable
from gfs_cn.tables.rows import Indicator, Operator

__all__ = ["Carry", "read_performance_tables"]

_SUBJECT_KEYS: Final = ("部门(单位)名称", "项目(政策)名称", "项目名称", "专项资金名称", "部门名称", "专项(项目)名称")
_DEPARTMENT_KEYS: Final = ("主管部门",)
_UNIT_KEYS: Final = ("实施单位", "项目实施单位", "单位名称")
_AMOUNT_KEYS: Final = (
    "预算资金情况",
    "年度预算资金(万元)",
    "部门预算总额(万元)",
    "项目资金(万元)",
    "资金总额",
    "当年预算",
)
_GOAL_KEYS: Final = (
    "年度绩效目标",
    "总体目标",
    "年度总体目标",
    "年度总体绩效目标",
    "年度履职目标",
    "项目实施期目标",
    "当年绩效目标",
)
_TASK_KEYS: Final = ("年度主要任务",)
# 专项资金情况（万元） | 资金总额： | 4200.00, then 财政拨款： | 其他资金： on the lines below (Quanzhou).
# 当年预算 | 46,794.00 | 市级支出 | 40,624.00, then 补助区县 | 6,170.00 below (Chongqing).
_FUNDS_KEYS: Final = ("预算情况", "专项资金情况(万元)", "当年预算")
_TEXT_KEYS: Final = ("项目概况",)
# 主要政策任务1：2024年医疗保障工作经费-淄博市医疗保障局 — a task of a special fund.
_POLICY_TASK: Final = re.compile(r"^主要政策任务\d+[:：]")
# Labels printed in the first cell of indicator rows, left of the 一级指标 column.
_ROW_LABELS: Final = frozenset({"年度绩效目标", "绩效指标", "年度绩效指标", "绩效目标"})
_OPERATOR_TEXTS: Final = frozenset({">=", "<=", "≥", "≤", "＞＝", "＜＝", "=", "＝", ">", "<", "＞", "＜"})
_LEADING_OPERATOR: Final = re.compile(r"^(>=|<=|≥|≤|＞＝|＜＝|=|＝|>|<|＞|＜)\s*(.*)$")
_HEADER_ROLES: Final = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "level3",
    "运算符号": "operator",
    "指标值": "target",
    "年初目标值": "target",
    "度量单位": "unit",
    "绩效度量单位": "unit",
    "绩效指标性质": "operator",
    "本年绩效指标值": "target",
    "计量单位": "unit",
    # 绩效指标 | 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%) (Chongqing): one level of indicator.
    "指标名称": "level3",
    "指标性质": "operator",
    "指标权重(%)": "weight",
    "完成时限": "deadline",
    "权重": "weight",
    "分值": "weight",
    "指标值说明": "description",
    "指标解释": "description",
    "备注": "description",
    "年度指标值": "target",
    "实际完成值": "actual",
    "得分": "score",
}
# A performance table printed as one grid (Beijing 报表 files): the project's cells, merged down the rows of
# its indicators, head columns of the indicator header (项目名称 | 项目总额 | 其中：财政资金 | 其他资金 | 绩效目标 |
# 一级指标 …).
_SUBJECT_ROLES: Final = {
    "项目名称": "subject",
    "项目总额": "amount",
    "当年财政拨款预算金额": "amount",
    "绩效目标": "goal",
    "当年绩效目标": "goal",
}
_FUND_COLUMNS: Final = ("财政资金", "其他资金")
# 总体资金情况（万元） | 预算支出总额 | 财政拨款 … over 合计 | 基本支出 | 项目支出, the figures on the row below
# (Beijing 部门整体支出绩效目标表): the first figure is the table's amount, each one a fund under its headers.
_FUNDS_GRID_KEY: Final = "总体资金情况(万元)"
# Punctuation of running text: a label with it is a sentence, never the name of a fund (财政拨款：).
_SENTENCE: Final = re.compile(r"[。；;，,]")
# The 预算执行情况 block of a 绩效自评表: its header names the columns, the lines under it the funds.
_EXECUTION_KEY: Final = "预算执行情况"
# First match wins: 得分 (20分*执行率) names 执行率 too; 年初预算数 is not the budget 执行率 divides by.
_EXECUTION_ROLES: Final = (
    ("年初预算数", "initial"),
    ("全年预算数", "budget"),
    ("得分", "score"),
    ("分值", "weight"),
    ("执行率", "rate"),
    ("执行数", "executed"),
    ("预算数", "budget"),
)
_POINTS: Final = re.compile(r"\((\d+(?:\.\d+)?)分")
_TOTAL_SCORE_KEY: Final = "总分"
# (A), (B) after a header: 年初目标值(A), 实际完成值(B) name the same roles as without.
_LETTER: Final = re.compile(r"\([A-Z](?:/[A-Z])?\)$")
_NUMBER: Final = re.compile(r"[\d,]+(?:\.\d+)?")


@attrs.define
class _Draft:
    """A performance table being read."""

    subject_name: str = ""
    department: str | None = None
    implementing_unit: str | None = None
    amount: Money | None = None
    goal: str = ""
    tasks: list[Task] = attrs.field(factory=list)
    funds: list[Task] = attrs.field(factory=list)
    indicators: list[Indicator] = attrs.field(factory=list)
    execution: list[BudgetExecution] = attrs.field(factory=list)
    total_score: Decimal | None = None
    first_line: int | None = None
    last_line: int | None = None


def _key(cell: str) -> str:
    return compact_text(cell).rstrip(":：")


def _role_key(cell: str) -> str:
    """A header cell as the roles name it: 实际完成 值 (B) → 实际完成值."""
    return _LETTER.sub("", _key(cell))


def _points(text: str) -> Decimal | None:
    """A number of points printed in a cell (``20`` of ``20``, ``12.5``); ``None`` for words or blanks."""
    text = compact_text(text)
    if not text or not _NUMBER.fullmatch(text):
        return None
    return Decimal(text.replace(",", ""))


def _execution_columns(cells: Sequence[str]) -> tuple[list[str | None], Decimal | None]:
    """The roles of a 预算执行情况 header's columns, from its first named column on, and the points the
    block is worth (``(20分)`` printed after its label)."""
    roles: list[str | None] = []
    started = False
    for cell in cells[1:]:
        key = _key(cell)
        started = started or bool(key)  # columns count from the first one named (年初预算数 too)
        if not started:
            continue
        role = next((r for word, r in _EXECUTION_ROLES if word in key), None)
        roles.append(role if role not in roles else None)
    while roles and roles[-1] is None:
        roles.pop()
    points = _POINTS.search(compact_text(cells[0]))
    return roles, None if points is None else Decimal(points.group(1))


def _execution_line(
    cells: Sequence[str], columns: list[str | None], weight: Decimal | None, unit: Unit
) -> BudgetExecution | None:
    """A line under a 预算执行情况 header: its label, then figures in the header's order."""
    at = next((i for i, c in enumerate(cells) if c.strip() and _points(c.rstrip("%％")) is None), None)
    if at is None or compact_text(cells[at]).endswith(("%", "％")):
        return None
    values = list(cells[at + 1 :])
    while values and not values[0].strip():
        values.pop(0)
    found: dict[str, str] = {}
    for role, value in zip(columns, values, strict=False):
        if role is not None:
            found[role] = value.strip()
    if not found:
        return None
    rate_text = compact_text(found.get("rate", "")).rstrip("%％")
    return BudgetExecution(
        name=cells[at].strip(),
        budget=_money(found["budget"], unit) if found.get("budget") else None,
        executed=_money(found["executed"], unit) if found.get("executed") else None,
        rate=_points(rate_text),
        weight=_points(found.get("weight", "")) if "weight" in found else weight,
        score=_points(found.get("score", "")),
    )


def _money(text: str, unit: Unit) -> Money | None:
    match = re.search(r"[\d,，]+(?:\.\d+)?", text)
    if not match:
        return None
    try:
        value = parse_decimal(match.group(0))
    except GfsError:
        return None
    return None if value is None else to_money(value, unit)


@attrs.define
class Carry:
    """What a page continuing a performance table needs from the page before: its header and levels."""

    roles: dict[str, int] = attrs.field(factory=dict)
    levels: list[str] = attrs.field(factory=lambda: ["", "", ""])


def read_performance_tables(
    cls: type[_PerformanceTable],
    title_line: Line,
    lines: Sequence[Line],
    *,
    unit: Unit,
    title: str,
    carry: Carry | None = None,
) -> tuple[list[_PerformanceTable], Carry, list[Line]]:
    """Every subject of a block as its own table; a first table with no subject continues the previous
    one (``carry`` holds that one's header and levels). Returns the carry for the next page too, and
    the lines with figures among the indicators that no table holds (to be reported, never dropped)."""
    drafts = [_Draft(first_line=title_line.number)]
    roles: dict[str, int] = dict(carry.roles) if carry else {}
    levels = list(carry.levels) if carry else ["", "", ""]
    in_tasks = in_funds = False
    execution: tuple[list[str | None], Decimal | None] | None = None
    loose: list[Line] = []
    funds_header: list[list[str]] = []
    grid_projects = _whole_projects(lines, unit)
    for line in lines:
        if line.blank:
            continue
        cells = list(line.cells)
        first = _key(next((c for c in cells if c), ""))
        keys = [_key(c) for c in cells]
        draft = drafts[-1]
        if first == _FUNDS_GRID_KEY or (0 < len(funds_header) < 3 and not line.amount_tokens()):
            funds_header.append(cells)
            continue
        if funds_header and line.amount_tokens():
            _grid_funds(draft, funds_header, cells, unit)
            draft.last_line, funds_header = line.number, []
            continue
        funds_header = []
        # An indicator header naming the subject's column too (项目名称 | 项目总额 | … | 一级指标 …, Beijing)
        # is a header, not a 项目名称 key.
        is_header = _is_indicator_header(keys)
        if not is_header and (first in _SUBJECT_KEYS or first.startswith("部门名称")):
            value = next((c for c in cells[1:] if c), "") or re.split(r"[:：]", line.text, maxsplit=1)[-1]
            if draft.subject_name or draft.indicators or draft.tasks:
                drafts.append(_Draft(first_line=line.number))
                draft = drafts[-1]
            draft.subject_name = value.strip()
            # 项目名称 | … | 主管部门 | … on one line.
            at = next((i for i, key in enumerate(keys) if key in _DEPARTMENT_KEYS), None)
            if at is not None:
                draft.department = next((c for c in cells[at + 1 :] if c), "") or None
            roles, levels, in_tasks, in_funds, execution = {}, ["", "", ""], False, False, None
            continue
        if is_header:
            roles = {}
            for i, cell in enumerate(cells):
                role = _HEADER_ROLES.get(_role_key(cell)) or _SUBJECT_ROLES.get(_role_key(cell))
                if role and role not in roles:
                    roles[role] = i
            levels, in_tasks, in_funds, execution = ["", "", ""], False, False, None
            continue
        if "subject" in roles and any(k in _FUND_COLUMNS for k in keys) and not line.amount_tokens():
            # 财政资金 | 其他资金 under 其中： on the header's second row.
            roles.update({f"fund:{k}": i for i, k in enumerate(keys) if k in _FUND_COLUMNS})
            continue
        if "subject" in roles and grid_projects and _starts_project(cells, roles, unit):
            draft = _grid_subject(drafts, cells, roles, line, unit)
            levels = ["", "", ""]
        # 预算执行情况 (20分) | 预算数 | 执行数 | 执行率 | 得分, or the national template's 项目资金（万元） |
        # 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分.
        if first.startswith(_EXECUTION_KEY) or (
            any(k.endswith("执行数") for k in keys) and any(k.startswith("执行率") for k in keys)
        ):
            execution = _execution_columns(cells[next(i for i, c in enumerate(cells) if c) :])
            draft.last_line = line.number
            continue
        if first == _TOTAL_SCORE_KEY:
            points = [p for p in (_points(c) for c in cells[1:]) if p is not None]
            if points:
                draft.total_score = points[-1]  # 总分 | 100 | 92: the points available, then those earned
                draft.last_line = line.number
            execution = None
            continue
        if execution is not None and not roles:
            found = _execution_line(cells, *execution, unit=unit)
            if found is not None:
                draft.execution.append(found)
                draft.last_line = line.number
                continue
        task = _POLICY_TASK.match(compact_text(line.text))
        if task:
            draft.tasks.append(Task(name=line.text.split("：", 1)[-1].split(":", 1)[-1].strip()))
            draft.last_line = line.number
            continue
        handled = False
        for i, key in enumerate(keys):
            value = next((c for c in cells[i + 1 :] if c), "")
            if key in _AMOUNT_KEYS:
                # 项目资金（万元） | 年度预算资金总额: | 35.00 — the figure may follow a label.
                value = next((c for c in cells[i + 1 :] if _money(c, unit) is not None), value)
            if key in _DEPARTMENT_KEYS:
                draft.department, handled = value, True
            elif key in _UNIT_KEYS:
                draft.implementing_unit, handled = value, True
            elif key in _AMOUNT_KEYS and not roles:
                draft.amount, handled = _money(value, unit), True
            elif key in _GOAL_KEYS and not roles:
                draft.goal, handled = value, True
            elif key in _TASK_KEYS:
                in_tasks, handled = True, True
            elif key in _TEXT_KEYS and not roles:
                in_funds, handled = False, True  # a description the model does not hold: text, no figure
            if key in _FUNDS_KEYS:
                in_funds, in_tasks = True, False
                if key in _AMOUNT_KEYS:
                    # 当年预算 | 46,794.00 | 市级支出 | 40,624.00: the funds beside the amount, by their labels.
                    draft.funds.extend(_labelled_funds(cells[i + 2 :], unit))
        if handled:
            draft.last_line = line.number
            continue
        if roles:
            if roles.get("level1") == 0 and _key(cells[0]) in _ROW_LABELS:
                # A row label (年度绩效目标) where the header printed 一级指标: the header sits one cell left.
                roles = {role: i + 1 for role, i in roles.items()}
            indicator = _indicator(cells, roles, levels, line)
            if indicator is not None:
                draft.indicators.append(indicator)
                draft.last_line = line.number
            elif "\t" in line.raw and line.amount_tokens():
                loose.append(line)  # figures among the indicators (a project's 项目总额 cell split over lines)
            continue
        if in_funds:
            texts = [c for c in cells if c]
            amount = _money(texts[-1], unit) if texts and re.fullmatch(r"[\d,.]+", texts[-1]) else None
            label = " ".join(t for t in texts if not re.fullmatch(r"[\d,.]+", t))
            if _SENTENCE.search(label):
                # 项目实施期目标…等。 | 12345: a sentence ends the funds (its number is a hotline's, not a fund's).
                in_funds = False
                if amount is not None:
                    loose.append(line)
                continue
            if label:
                draft.funds.append(Task(name=label, amount=amount))
                draft.last_line = line.number
            continue
        if in_tasks:
            texts = [c for c in cells if c]
            if texts:
                amount = _money(texts[-1], unit) if len(texts) > 1 and re.fullmatch(r"[\d,.]+", texts[-1]) else None
                draft.tasks.append(Task(name=texts[0], amount=amount))
                draft.last_line = line.number
    tables = [
        cls(
            title=title,
            subject_name=d.subject_name,
            department=d.department,
            implementing_unit=d.implementing_unit,
            amount=d.amount,
            goal=d.goal,
            tasks=tuple(d.tasks),
            funds=tuple(d.funds),
            execution=tuple(d.execution),
            total_score=d.total_score,
            rows=tuple(d.indicators),
            first_line=d.first_line,
            last_line=d.last_line,
        )
        for d in drafts
    ]
    return tables, Carry(roles=roles, levels=levels), loose


def _grid_funds(draft: _Draft, header: list[list[str]], cells: Sequence[str], unit: Unit) -> None:
    """The figures under a 总体资金情况 header: each a fund named by the headers above it (a header cell
    spans the blank cells to its right), the first the table's amount."""
    names: list[list[str]] = [[] for _ in cells]
    for row in header:
        last = ""
        for i in range(1, len(cells)):
            text = row[i].strip() if i < len(row) else ""
            last = text or (last if len(header) > 1 and row is header[0] else "")
            if last:
                names[i].append(last)
    for i, text in enumerate(cells):
        money = _money(text, unit) if text.strip() and i > 0 else None
        if money is None:
            continue
        if draft.amount is None:
            draft.amount = money
        draft.funds.append(Task(name=" › ".join(names[i]) or str(i), amount=money))


def _whole_projects(lines: Sequence[Line], unit: Unit) -> bool:
    """Whether a grid-form table prints each project's cells whole on the project's first row. Where a merged
    cell's text comes in pieces on rows of their own (centred down its rows), the rows of one project cannot be
    told from the next one's: the indicators are then read without their projects, the pieces reported."""
    roles: dict[str, int] = {}
    for line in lines:
        keys = [_key(c) for c in line.cells]
        if _is_indicator_header(keys):
            roles = {r: i for i, k in enumerate(keys) if (r := _HEADER_ROLES.get(k) or _SUBJECT_ROLES.get(k) or "")}
            continue
        subject = _cell_at(line.cells, roles["subject"]) if "subject" in roles else ""
        if subject and not _starts_project(line.cells, roles, unit):
            return False
    return True


def _starts_project(cells: Sequence[str], roles: dict[str, int], unit: Unit) -> bool:
    """Whether a row of a grid-form table starts a project: the project's name, its amount and its first
    indicator on one row (where a merged cell's text is printed across its rows in pieces, no row does)."""
    subject, amount = _cell_at(cells, roles["subject"]), _cell_at(cells, roles.get("amount"))
    indicator = _cell_at(cells, roles.get("level1")) or _cell_at(cells, roles.get("level3"))
    return bool(subject and indicator and amount) and _points(subject) is None and _money(amount, unit) is not None


def _labelled_funds(cells: Sequence[str], unit: Unit) -> list[Task]:
    """Funds printed as label | figure pairs along a line (市级支出 | 40,624.00 | 补助区县 | 6,170.00)."""
    texts = [c.strip() for c in cells if c.strip()]
    return [
        Task(name=label, amount=_money(figure, unit))
        for label, figure in itertools.pairwise(texts)
        if _money(label, unit) is None and re.fullmatch(r"[\d,.]+", figure)
    ]


def _is_indicator_header(keys: Sequence[str]) -> bool:
    """An indicator header: 一级指标 … 三级指标, or 指标名称 … 指标值 (one level, Chongqing)."""
    return ("一级指标" in keys and "三级指标" in keys) or ("指标名称" in keys and "指标值" in keys)


def _cell_at(cells: Sequence[str], at: int | None) -> str:
    return cells[at].strip() if at is not None and at < len(cells) else ""


def _grid_subject(drafts: list[_Draft], cells: Sequence[str], roles: dict[str, int], line: Line, unit: Unit) -> _Draft:
    """A project starting on an indicator row of a grid-form table: its name, amount, funds and goal from the
    row's first cells (merged down the rows of its indicators, printed on the first), as a draft of its own."""
    draft = drafts[-1]
    if draft.subject_name or draft.indicators:
        draft = _Draft(first_line=line.number)
        drafts.append(draft)
    draft.subject_name = _cell_at(cells, roles["subject"])
    amount = _cell_at(cells, roles.get("amount"))
    draft.amount = _money(amount, unit) if amount else None
    draft.goal = _cell_at(cells, roles.get("goal"))
    for role, at in roles.items():
        if role.startswith("fund:") and _cell_at(cells, at):
            draft.funds.append(Task(name=role.removeprefix("fund:"), amount=_money(_cell_at(cells, at), unit)))
    draft.last_line = line.number
    return draft


def _shift(cells: Sequence[str], roles: dict[str, int]) -> list[str]:
    """Cells moved back under their headers where merged cells shifted a row (the operator shows where)."""
    op = roles.get("operator")
    if op is None or (op < len(cells) and (not cells[op] or cells[op].strip() in _OPERATOR_TEXTS)):
        return list(cells)
    # Nearest first: a merged cell shifts a row by one or two; a grid continued on a page without the subject's
    # columns starts at the indicators (成本指标 | … | ≤ | 72.11 in the 一级指标 column's place: a long way).
    for k in sorted((k for k in range(-op, len(cells) - op) if k), key=abs):
        if cells[op + k].strip() in _OPERATOR_TEXTS:
            return list(cells[k:]) if k > 0 else [""] * -k + list(cells)
    return list(cells)


def _scored(cells: Sequence[str], roles: dict[str, int], levels: list[str], line: Line) -> Indicator | None:
    """A self-evaluation's indicator row (绩效自评表): its last cells are 目标值, 实际完成值 (分值) and 得分,
    wherever merged cells left them; the names before them are the lowest levels (one: 三级指标; two:
    二级 and 三级; three: all). Words after the 得分 column (偏差原因分析及改进措施) are a remark."""
    placed = [(i, c.strip()) for i, c in enumerate(cells) if c.strip()]
    while placed and placed[-1][0] > roles["score"] and _points(placed[-1][1]) is None:
        placed.pop()  # a remark printed after 得分
    texts = [c for _, c in placed]
    weighted = "weight" in roles
    tail = 4 if weighted else 3
    if len(texts) < tail + 1 or _points(texts[-1]) is None or (weighted and _points(texts[-2]) is None):
        return None
    names = [t for t in texts[:-tail] if compact_text(t) not in _ROW_LABELS]
    if not names:
        return None
    if len(names) >= 3:
        levels[0], levels[1] = names[-3], names[-2]
    elif len(names) == 2:
        levels[1] = names[0]
    printed_operator, target = "", texts[-tail]
    match = _LEADING_OPERATOR.match(target)
    if match:
        printed_operator, target = match.group(1), match.group(2)
    return Indicator(
        level1=levels[0],
        level2=levels[1],
        level3=names[-1],
        operator=Operator.parse(printed_operator),
        printed_operator=printed_operator,
        target=target,
        actual=texts[-tail + 1],
        weight=_points(texts[-2]) if weighted else None,
        score=_points(texts[-1]),
        line=line.number,
    )


def _indicator(cells: Sequence[str], roles: dict[str, int], levels: list[str], line: Line) -> Indicator | None:
    if "score" in roles and "actual" in roles:
        scored = _scored(cells, roles, levels, line)
        if scored is not None:
            return scored
    cells = _shift(cells, roles)
    # A 三级指标 printed one cell left, in the 二级指标 column, under a 二级指标 carried from above.
    level2_at, level3_at = roles.get("level2"), roles.get("level3")
    if (
        level2_at is not None
        and level3_at is not None
        and level3_at < len(cells)
        and not cells[level3_at]
        and cells[level2_at]
        and levels[1]
        and any(cells[i] for i in range(level3_at + 1, len(cells)))
    ):
        cells = [*cells[:level2_at], "", cells[level2_at], *cells[level3_at + 1 :]]

    def cell(role: str) -> str:
        i = roles.get(role)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    # Level cells are merged downwards: blank means "as above"; a new upper level resets the lower.
    if cell("level1"):
        levels[0], levels[1] = cell("level1"), ""
    if cell("level2"):
        levels[1] = cell("level2")
    if not cell("level3") and not cell("target"):
        return None
    printed_operator = cell("operator")
    target = cell("target")
    if not printed_operator:
        match = _LEADING_OPERATOR.match(target)
        if match:
            printed_operator, target = match.group(1), match.group(2)
    weight_text = cell("weight")
    weight = None
    if weight_text:
        try:
            weight = Decimal(weight_text)
        except ArithmeticError:
            weight = None
    return Indicator(
        level1=levels[0],
        level2=levels[1],
        level3=cell("level3"),
        operator=Operator.parse(printed_operator),
        printed_operator=printed_operator,
        target=target,
        unit=cell("unit"),
        deadline=cell("deadline"),
        weight=weight,
        description=cell("description"),
        line=line.number,
    )
