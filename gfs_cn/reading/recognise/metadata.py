"""Who, when and what: the department, year, kind and scope of a report, from the cues it prints.

Cues, strongest first:

- *labelled* lines — ``编制部门：…``, ``预算主管部门：…``, ``预算单位：…``, ``部门：… 单位：万元`` (the unit
  is not part of the name), on the cover or over every table;
- the *cover*: the first lines of the document, where the department's name may wrap over two or
  three lines (上海市普陀区人民政府 / 万里街道办事处) and the title names the year and the kind
  (``2024年度部门决算``, ``2025年区级单位预算``; a year printed alone next to ``年度部门决算``);
- the tables' titles (``2025年部门收入预算总表``, ``2025年预算单位财务收支预算总表``).

Where the cues disagree, or none is found, a :class:`~gfs_cn.tables.ReadingNote` says so; a
fragment (度, 区级) is never returned as a department.

>>> from gfs_cn.reading.sources.text import split_lines
>>> found = read_metadata(split_lines("上海市普陀区2025年区级单位预算\\n预算单位：上海市普陀区人民政府办公室\\n目录"))
>>> found.department, found.year, found.scope.value
('上海市普陀区人民政府办公室', 2025, 'unit')
"""

from __future__ import annotations

import collections
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import attrs

from gfs_cn.money import Unit
from gfs_cn.reading.model import Line, compact_text
from gfs_cn.tables.kinds import ReportKind, Scope
from gfs_cn.tables.report import ReadingNote

__all__ = ["Metadata", "read_metadata"]

UNIT_LINE: Final = re.compile(r"(?:金额)?单位[:：]\s*(万元|元|亿元)")
"""A line or cell naming the unit of money: 单位：万元, 金额单位：元."""
_COLON: Final = re.compile("[:：﹕︓]")
"""Every character that compacts (NFKC) to a colon."""
_LABELLED: Final = re.compile(
    r"(?:编制部门|预算主管部门|主管部门|预算单位|部门名称|单位名称|部门)[:：](.*?)(?=(?:金额)?单位[:：]|$)"
)
# What ends the name of an organisation (局, 厅, 人民检察院, 办事处 …).
_ORGANISATION: Final = re.compile(
    r"(?:局|厅|院|委员会|委|办公室|办公厅|办事处|中心|政府|部|会|所|站|队|馆|校|学|社|署|团|室|处|庭|司|行|台|园|场|公司)"
    r"(?:[(（](?:汇总|本级|部门汇总)[)）])?$"  # 西安市审计局（汇总）, 深圳市司法局（本级）: the scope, kept in the name
)
_LABEL_CELLS: Final = frozenset({"部门名称", "编制部门", "预算主管部门", "主管部门", "部门(单位)名称"})
_COVER_TITLE: Final = re.compile(r"(20\d{2})年度?(.{0,8}?)(部门|单位)(预算|决算)")
_NAME_THEN_YEAR: Final = re.compile(r"^(.+?)(20\d{2})年度?(?:区级|市级|县级|省级)?(?:部门|单位)(?:预算|决算)")
_YEAR_THEN_NAME: Final = re.compile(r"^(20\d{2})年度?(.+?)(?:部门|单位)(?:预算|决算)")
_YEAR: Final = re.compile(r"(20\d{2})\s*年")
_YEAR_ALONE: Final = re.compile(r"^(20\d{2})$")
_KIND_WORD: Final = re.compile(r"(预算|决算)")
_COVER_LINES: Final = 12
_TITLE_YEAR: Final = re.compile(r"^(?:[一二三四五六七八九十\d]+[、.．])?(20\d{2})年")
# Anywhere in the text: 市国资委2026年部门预算中的… (a 报表 file names its year only in a note or a target).
_REPORT_YEAR: Final = re.compile(r"(20\d{2})年度?(?:部门|单位)(?:综合)?(?:预算|决算)")
# A year in a file's name (bj-sasac-2026-budget-tables.pdf): the last cue, said in a note.
_NAME_YEAR: Final = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


@attrs.frozen(slots=True)
class Metadata:
    """What a report says about itself, and notes where its cues disagree or are missing."""

    department: str
    year: int | None
    kind: ReportKind | None
    scope: Scope
    notes: tuple[ReadingNote, ...] = ()
    unit: Unit | None = None
    """The unit of money the document names most often (单位：万元), if any."""


def _plausible(name: str) -> bool:
    return 2 <= len(name) <= 40 and not re.search(r"\d|万元|预算|决算|报表|目录", name)


def _cover(lines: Sequence[Line]) -> list[Line]:
    """The cover: the first non-blank lines, up to the 目录 or the first grid."""
    cover: list[Line] = []
    for line in lines:
        if line.blank:
            continue
        text = compact_text(line.text)
        if text.startswith("目录") or "\t" in line.raw.strip("\t") or len(cover) >= _COVER_LINES:
            break
        cover.append(line)
    return cover


def _labelled(
    lines: Sequence[Line],
) -> tuple[collections.Counter[str], collections.Counter[str], collections.Counter[str]]:
    """The departments labelled lines name (编制部门：…), those a label cell names in the cell beside it
    (部门名称 | …), and the units of money lines name (单位：万元), by how often: one pass, as a long text's
    lines are parsed again on each pass."""
    found: collections.Counter[str] = collections.Counter()
    paired: collections.Counter[str] = collections.Counter()
    units: collections.Counter[str] = collections.Counter()
    for line in lines:
        if not _COLON.search(line.text):  # before compacting: most lines of a long text have no label
            cells = [c for c in line.cells if c]
            if len(cells) == 2 and compact_text(cells[0]) in _LABEL_CELLS:
                # 部门名称 | 北京市人民政府国有资产监督管理委员会: a label and its value in cells of their own
                # (the 部门整体支出绩效目标表 of a file of tables that names its department nowhere else).
                name = compact_text(cells[1])
                if _plausible(name) and _ORGANISATION.search(name):
                    paired[name] += 1
            continue
        text = compact_text(line.text)
        for match in _LABELLED.finditer(text):
            name = match.group(1).strip()
            if _plausible(name):
                found[name] += 1
        unit = UNIT_LINE.search(text)
        if unit:
            units[unit.group(1)] += 1
    return found, paired, units


def _cover_name(cover: Sequence[Line]) -> tuple[str, int] | None:
    """The department a cover names, and its line: a title with the name before or after the year,
    or lines of an organisation's name (perhaps wrapped) before the title."""
    for line in cover:
        text = compact_text(line.text)
        for pattern, group in ((_NAME_THEN_YEAR, 1), (_YEAR_THEN_NAME, 2)):
            match = pattern.match(text)
            if match and _plausible(match.group(group)) and _ORGANISATION.search(match.group(group)):
                return match.group(group), line.number
    texts = [compact_text(line.text) for line in cover]
    for start in range(len(texts)):
        best = None
        for length in (1, 2, 3):
            parts = texts[start : start + length]
            if len(parts) < length or any(_KIND_WORD.search(p) or _YEAR.search(p) or ":" in p for p in parts):
                break
            name = "".join(parts)
            if _plausible(name) and _ORGANISATION.search(name):
                best = name  # the longest wrap that still ends as an organisation
        if best is not None:
            return best, cover[start].number
    return None


def _year(lines: Sequence[Line], cover: Sequence[Line]) -> tuple[int | None, int]:
    """The fiscal year and the line it was read from."""
    for line in cover:
        match = _COVER_TITLE.search(compact_text(line.text))
        if match:
            return int(match.group(1)), line.number
    # 年度部门决算 with the year on a line of its own beside it.
    for i, line in enumerate(cover):
        if _YEAR_ALONE.match(compact_text(line.text)):
            neighbours = cover[max(0, i - 1) : i + 2]
            if any(_KIND_WORD.search(compact_text(n.text)) for n in neighbours):
                return int(compact_text(line.text)), line.number
    titles: collections.Counter[int] = collections.Counter()
    for line in lines:
        first = next((c for c in line.cells if c), "")
        match = _TITLE_YEAR.match(compact_text(first))
        if match and compact_text(first).endswith("表"):
            titles[int(match.group(1))] += 1
    if titles:
        year = titles.most_common(1)[0][0]
        return year, 0
    for line in lines[:40]:
        match = _YEAR.search(line.text)
        if match:
            return int(match.group(1)), line.number
    named: collections.Counter[int] = collections.Counter()
    for line in lines:
        if "年" in line.text:
            named.update(int(m.group(1)) for m in _REPORT_YEAR.finditer(compact_text(line.text)))
    if named:
        return named.most_common(1)[0][0], 0
    return None, 0


def _file_year(origin: str | None) -> int | None:
    """The year a report's file names print, if they agree on one (``… + …`` for several files)."""
    if not origin:
        return None
    years = {int(m.group(1)) for part in origin.split(" + ") for m in _NAME_YEAR.finditer(Path(part).name)}
    return years.pop() if len(years) == 1 else None


def read_metadata(lines: Sequence[Line], origin: str | None = None) -> Metadata:
    """The department, year, kind (budget/final account) and scope (department/unit) a document prints;
    where the text names no year, the year its file name (``origin``) gives, with a note."""
    cover = _cover(lines)
    notes: list[ReadingNote] = []
    labelled, paired, units = _labelled(lines)
    from_cover = _cover_name(cover)
    if not labelled and from_cover is None:
        labelled = paired  # the last cue: a file of tables naming its department in a 部门名称 cell only
    department = ""
    if labelled:
        department = labelled.most_common(1)[0][0]
        if len(labelled) > 1:
            others = "、".join(name for name, _ in labelled.most_common()[1:4])
            notes.append(_note(0, f"the department is named {department} most often, also {others}"))
        if from_cover is not None and from_cover[0] != department and from_cover[0] not in department:
            notes.append(_note(from_cover[1], f"the cover names {from_cover[0]}, the tables {department}"))
    elif from_cover is not None:
        department = from_cover[0]
    else:
        notes.append(_note(0, "the department is not named on the cover nor over the tables; pass department="))
    year, _ = _year(lines, cover)
    if year is None:
        year = _file_year(origin)
        if year is not None:
            notes.append(_note(0, f"the fiscal year is not named in the text; {year} is read from the file name"))
    head = "".join(compact_text(line.text) for line in cover)
    kind = None
    if "决算" in head and "预算" not in head.replace("预算单位", ""):
        kind = ReportKind.FINAL_ACCOUNT
    elif "预算" in head:
        kind = ReportKind.BUDGET
    scope = (
        Scope.UNIT
        if re.search(r"单位(?:预算|决算)|预算单位[:：]", head) and not re.search(r"部门(?:预算|决算)", head)
        else Scope.DEPARTMENT
    )
    unit = Unit.parse(units.most_common(1)[0][0]) if units else None
    return Metadata(department=department, year=year, kind=kind, scope=scope, notes=tuple(notes), unit=unit)


def _note(line: int, message: str) -> ReadingNote:
    return ReadingNote(line=line, table="", message=message)
