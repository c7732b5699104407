"""Performance-target tables (绩效目标表, 绩效自评表): who, how much, the goal, the indicators.

These tables are forms more than grids: key/value lines (项目名称, 主管部门, 预算资金情况 …),
then an indicator header (一级指标 | 二级指标 | 三级指标 | 运算符号 | 指标值 | 度量单位 | 完成时限)
and indicator rows whose level cells are merged, so blank on continuation rows. One title may
hold several subjects (a unit, a project each) and one subject may run over several pages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs
from moneyed import Money

from gfs_cn.errors import GfsError
from gfs_cn.money import Unit, parse_decimal, to_money
from gfs_cn.reading.text import Line, compact_text
from gfs_cn.tables.models import Task, _PerformanceTable
from gfs_cn.tables.rows import Indicator, Operator

__all__ = ["Carry", "read_performance_tables"]

_SUBJECT_KEYS: Final = ("部门(单位)名称", "项目(政策)名称", "项目名称", "专项资金名称", "部门名称")
_DEPARTMENT_KEYS: Final = ("主管部门",)
_UNIT_KEYS: Final = ("实施单位", "项目实施单位", "单位名称")
_AMOUNT_KEYS: Final = ("预算资金情况", "年度预算资金(万元)", "部门预算总额(万元)", "项目资金(万元)", "资金总额")
_GOAL_KEYS: Final = ("年度绩效目标", "总体目标", "年度总体目标", "年度总体绩效目标", "年度履职目标")
_TASK_KEYS: Final = ("年度主要任务",)
_FUNDS_KEYS: Final = ("预算情况",)
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
    "年初目标值(A)": "target",
    "度量单位": "unit",
    "计量单位": "unit",
    "完成时限": "deadline",
    "权重": "weight",
    "分值": "weight",
    "指标值说明": "description",
    "指标解释": "description",
    "备注": "description",
}


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
    first_line: int | None = None
    last_line: int | None = None


def _key(cell: str) -> str:
    return compact_text(cell).rstrip(":：")


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
) -> tuple[list[_PerformanceTable], Carry]:
    """Every subject of a block as its own table; a first table with no subject continues the previous
    one (``carry`` holds that one's header and levels). Returns the carry for the next page too."""
    drafts = [_Draft(first_line=title_line.number)]
    roles: dict[str, int] = dict(carry.roles) if carry else {}
    levels = list(carry.levels) if carry else ["", "", ""]
    in_tasks = in_funds = False
    for line in lines:
        if line.blank:
            continue
        cells = list(line.cells)
        first = _key(next((c for c in cells if c), ""))
        keys = [_key(c) for c in cells]
        draft = drafts[-1]
        if first in _SUBJECT_KEYS or first.startswith("部门名称"):
            value = next((c for c in cells[1:] if c), "") or re.split(r"[:：]", line.text, maxsplit=1)[-1]
            if draft.subject_name or draft.indicators or draft.tasks:
                drafts.append(_Draft(first_line=line.number))
                draft = drafts[-1]
            draft.subject_name = value.strip()
            roles, levels, in_tasks, in_funds = {}, ["", "", ""], False, False
            continue
        if "一级指标" in keys and "三级指标" in keys:
            roles = {}
            for i, key in enumerate(keys):
                role = _HEADER_ROLES.get(key)
                if role and role not in roles:
                    roles[role] = i
            levels, in_tasks, in_funds = ["", "", ""], False, False
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
            if key in _FUNDS_KEYS:
                in_funds, in_tasks = True, False
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
            continue
        if in_funds:
            texts = [c for c in cells if c]
            amount = _money(texts[-1], unit) if texts and re.fullmatch(r"[\d,.]+", texts[-1]) else None
            label = " ".join(t for t in texts if not re.fullmatch(r"[\d,.]+", t))
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
            rows=tuple(d.indicators),
            first_line=d.first_line,
            last_line=d.last_line,
        )
        for d in drafts
    ]
    return tables, Carry(roles=roles, levels=levels)


def _shift(cells: Sequence[str], roles: dict[str, int]) -> list[str]:
    """Cells moved back under their headers where merged cells shifted a row (the operator shows where)."""
    op = roles.get("operator")
    if op is None or (op < len(cells) and (not cells[op] or cells[op].strip() in _OPERATOR_TEXTS)):
        return list(cells)
    for k in (1, -1, 2, -2):
        if 0 <= op + k < len(cells) and cells[op + k].strip() in _OPERATOR_TEXTS:
            return list(cells[k:]) if k > 0 else [""] * -k + list(cells)
    return list(cells)


def _indicator(cells: Sequence[str], roles: dict[str, int], levels: list[str], line: Line) -> Indicator | None:
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
