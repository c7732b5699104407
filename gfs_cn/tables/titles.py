"""Tables recognised by what their titles say: the parts of a title, then the kind those parts make.

The vocabulary of table kinds, below the reader and the checks: the reader classifies the titles it
reads with it, the checks the titles a 目录 lists (a report read by any reader is checked alike).

Titles vary without end (支出预算总表, 部门支出总体情况表, 2025年部门一般公共预算支出功能分类预算表,
公开 03 表：支出预算总表 …), but they are made of a few parts: the fund (一般公共预算, 政府性基金,
国有资本经营, 财政拨款, or every fund), the side (收入, 支出, 收支), the breakdown (功能分类, 经济分类,
基本支出, 项目, “三公”, 采购, 绩效 …), the phase (预算 or 决算) and whether it is a 总表. The parts are
data (``data/title_parts.tsv``), and so is the kind each combination makes (``data/title_kinds.tsv``).

>>> title_kind("2025年部门财政拨款收支预算总表")
<TableKind.APPROPRIATION_SUMMARY: 'appropriation_summary'>
>>> title_kind("公开 07 表：一般公共预算支出预算表")
<TableKind.GENERAL_BUDGET_EXPENDITURE: 'general_budget_expenditure'>
>>> title_kind("2025年部门一般公共预算基本支出部门预算经济分类预算表")
<TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE: 'general_budget_basic_expenditure'>
>>> title_parts("财政拨款“三公”经费支出决算表")
{'phase': 'final', 'breakdown': 'three_public', 'fund': 'appropriation', 'side': 'expenditure'}
>>> title_kind("财政拨款支出预算表（功能科目）公开表五部门： 江苏省人大常委会办公厅 单位：万元")
<TableKind.APPROPRIATION_EXPENDITURE: 'appropriation_expenditure'>
>>> title_kind("第三部分 2024年部门预算情况说明") is None, title_kind("部门决算表") is None
(True, True)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

from gfs_cn import _data
from gfs_cn.tables.kinds import TableKind

__all__ = ["TABLE_NUMBER", "is_title_text", "printed_title", "title_kind", "title_parts"]


def _numbering(space: str) -> str:
    """A table's printed number (公开03表, 公开表三, 预算01表, 预算表12, 表3-1) as a pattern; ``space`` is what
    may stand between its parts (nothing on compacted text). The words are data: ``data/title_numbers.tsv``."""
    words = "|".join(re.escape(row["word"]) for row in _data.read_rows("title_numbers.tsv"))
    s = space
    return (
        rf"(?:(?:{words}){s}\d+{s}表|(?:{words}){s}表{s}[一二三四五六七八九十\d]+"
        rf"|(?<![\u4e00-\u9fff])表{s}\d+(?:-\d+)?)"
    )


TABLE_NUMBER: Final = _numbering("")
"""A table's printed number on compacted text (``compact_text``): 公开03表, 预算表12, 表3-1."""
# Numbering before a title: 一、 （十二） 12. 9． 第二部分 表1 公开01表： 预算01表 附表3：
_LEADING: Final = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|附表\d*[:：]?)*"
    rf"{TABLE_NUMBER}?[:：]?"
)
_TABLE_NUMBER: Final = re.compile(rf"{TABLE_NUMBER}[:：]?")
# What a title cell may carry after the title: 部门：… 单位：万元 (Jiangsu prints both in the title's cell).
_META_TAIL: Final = re.compile(r"(?:编制|预算主管)?(?:部门|单位)(?:名称)?[:：].*$")
_TRAILING: Final = re.compile(r"(?:[(（]\d{4}年度?[)）]|[(（](?:部门|政府)预算[)）])$")
# A trailing qualifier after 表 (财政拨款支出预算表（功能科目）): part of the title, not of its ending.
_QUALIFIER: Final = re.compile(r"[(（][^()（）]{1,16}[)）]$")
_YEAR: Final = re.compile(r"^\d{4}年度?")
_SENTENCE: Final = re.compile(r"[，。；;！？0-9]|\d{4}年度?.+\d")
_MAX_LENGTH: Final = 48


@functools.cache
def _parts() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    return tuple((re.compile(row["part"]), row["feature"], row["value"]) for row in _data.read_rows("title_parts.tsv"))


@functools.cache
def _kinds() -> tuple[tuple[TableKind, dict[str, str]], ...]:
    rules = []
    for row in _data.read_rows("title_kinds.tsv"):
        kind = TableKind(row.pop("kind"))
        rules.append((kind, row))
    return tuple(rules)


def compact_text(text: str) -> str:
    """Text as titles are compared: NFKC (full-width to half-width), no blanks at all (as the reader's
    :func:`gfs_cn.reading.model.compact_text`)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _core(text: str) -> str:
    """The title without numbering, a leading year, a trailing (2024年度)."""
    compact = compact_text(text)
    compact = _LEADING.sub("", compact, count=1)
    compact = _TABLE_NUMBER.sub("", compact)
    compact = _META_TAIL.sub("", compact)
    compact = _YEAR.sub("", compact)
    return _TRAILING.sub("", compact)


_PRINTED_META: Final = re.compile(r"\s*(?:编制|预算主管)?(?:部门|单位)(?:名称)?\s*[:：].*$")
_PRINTED_NUMBER: Final = re.compile(r"\s*" + _numbering(r"\s*") + r"\s*[:：]?\s*")


def printed_title(text: str) -> str:
    """A title as printed, without what its cell carries besides: the table number and 部门：… 单位：….

    >>> printed_title("收支预算总表公开表一部门： 江苏省人大常委会办公厅 单位：万元")
    '收支预算总表'
    >>> printed_title("公开 03 表：支出预算总表")
    '支出预算总表'
    """
    return _PRINTED_NUMBER.sub("", _PRINTED_META.sub("", text)).strip()


def is_title_text(text: str) -> bool:
    """Whether a line could be a table's title: short, ending in 表, not a sentence.

    >>> is_title_text("五、财政拨款支出预算表"), is_title_text("详见单位的项目绩效目标表。")
    (True, False)
    """
    core = _QUALIFIER.sub("", _core(text))
    return 2 < len(core) <= _MAX_LENGTH and core.endswith("表") and not _SENTENCE.search(core)


@functools.lru_cache(maxsize=4096)
def title_parts(text: str) -> dict[str, str]:
    """The parts a title is made of, by feature (see ``data/title_parts.tsv``)."""
    rest = _core(text)
    found: dict[str, str] = {}
    for pattern, feature, value in _parts():
        match = pattern.search(rest)
        if match is None:
            continue
        found.setdefault(feature, value)
        rest = rest[: match.start()] + "|" + rest[match.end() :]
    if "side" not in found and found.get("breakdown") in _SPENDING:
        found["side"] = "expenditure"
    return found


# Breakdowns that only ever break expenditure down (a “三公” table is a spending table).
_SPENDING: Final = frozenset({"three_public", "operating", "basic", "project", "economic", "functional"})


@functools.lru_cache(maxsize=4096)
def title_kind(text: str) -> TableKind | None:
    """The standard table kind a line names as a title, ``None`` if it is not a title of one."""
    if not is_title_text(text):
        return None
    parts = title_parts(text)
    if not parts:
        return None
    for kind, rule in _kinds():
        if all(_matches(rule[feature], parts.get(feature)) for feature in rule):
            return kind
    return None


def _matches(wanted: str, found: str | None) -> bool:
    if wanted == "*":
        return True
    if wanted == "-":
        return found is None
    return wanted == found
