"""How the rows of a table by code nest (科目层级): which rows a 合计 adds up, which rows make up each parent.

The reader's verification and the checks ask the same two questions of a table's rows, and answer them
here, from the codes as printed: a code known to the catalogue, or one of a code's shape (3, 5 or 7 digits)
the year's edition lacks (21598, added during 2024) or a region adds below a 款 (3021101 under 30211).

>>> from gfs_cn.tables import ClassifiedRow
>>> rows = [ClassifiedRow(code=c, printed_code=c) for c in ("210", "21015", "2101501", "2101502", "221")]
>>> [r.code for r in top_rows(rows)]
['210', '221']
>>> [(parent.code, [k.code for k in kids]) for parent, kids in code_tree(rows)]
[('210', ['21015']), ('21015', ['2101501', '2101502'])]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from gfs_cn.tables.rows import RowKind

__all__ = ["code_tree", "is_coded", "top_rows"]

_CODE_LENGTHS: Final = frozenset({3, 5, 7})


def is_coded(row: Any) -> bool:
    """Whether the row prints a code to add up by: one the catalogue knows, or one of a code's shape."""
    code: str | None = getattr(row, "code", None)
    if not code:
        return False
    return getattr(row, "subject", None) is not None or (code.isdigit() and len(code) in _CODE_LENGTHS)


def top_rows(rows: Sequence[Any]) -> list[Any]:
    """The rows a table's 合计 adds up: its top units (the shortest unit codes), else the coded rows no
    printed row is a parent of — the 类 of a table by 类/款/项, a region's sub-item 3021101 where its 款
    30211 is not printed — per unit."""
    units = [r for r in rows if r.kind is RowKind.UNIT and r.unit_code]
    if units:
        shortest = min(len(r.unit_code) for r in units)
        return [r for r in units if len(r.unit_code) == shortest]
    coded = [r for r in rows if r.kind is RowKind.ITEM and is_coded(r)]
    printed = {(r.unit_code, r.code) for r in coded}
    return [r for r in coded if not any((r.unit_code, r.code[:n]) in printed for n in range(3, len(r.code), 2))]


def code_tree(rows: Sequence[Any]) -> list[tuple[Any, list[Any]]]:
    """(parent, children) for every coded row that has children printed below it.

    A child is a row whose code extends the parent's by one level; its parent is the nearest row above it
    with that code (the same 类 may be printed twice, once per government class). Rows are grouped by unit.
    """
    children: dict[int, list[Any]] = {}
    last: dict[tuple[str | None, str], int] = {}
    for position, row in enumerate(rows):
        if row.kind is not RowKind.ITEM or not is_coded(row):
            continue
        code = row.code
        parent = last.get((row.unit_code, code[:-2])) if len(code) > 3 else None
        if parent is not None:
            children.setdefault(parent, []).append(row)
        last[(row.unit_code, code)] = position
    return [(rows[i], kids) for i, kids in sorted(children.items())]
