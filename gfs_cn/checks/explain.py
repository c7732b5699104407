"""One printed cell behind several failures: the smallest set of cells whose change makes every failed
identity hold (a finding of its own, beside the failures it explains).

A wrong figure breaks its row's sum, its parent's roll-up and a link to another table at once. For each
failed identity (actual − expected = d) a cell on the actual side fixes it when changed by −d, a cell on
the expected side when changed by +d; a cell explains the failures that ask it for the same change. The
cells are chosen greedily, each explaining at least two failures no chosen cell explains yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from gfs_cn.checks.figures import Cell
from gfs_cn.checks.findings import Finding
from gfs_cn.checks.registry import Context, implements, statement_place

__all__: list[str] = []


@implements("explain.cells")
def explain(context: Context) -> Iterator[Finding]:
    """Cells that explain two or more of the run's errors: changing each by the amount shown makes them hold."""
    run = context.run
    if run is None or len(run.failures) < 2:
        return
    candidates: dict[tuple[Any, Decimal], tuple[Cell, set[int]]] = {}
    for n, (finding, actual, expected) in enumerate(run.failures):
        difference = finding.difference or Decimal(0)
        sides = {c.ident for c in actual}, {c.ident for c in expected}
        for cells, change in ((actual, -difference), (expected, difference)):
            for cell in cells:
                if cell.ident in sides[0] and cell.ident in sides[1]:
                    continue  # on both sides: a change cancels out
                entry = candidates.setdefault((cell.ident, change), (cell, set()))
                entry[1].add(n)
    explained: set[int] = set()
    while True:
        best = max(
            candidates.items(),
            key=lambda item: (len(item[1][1] - explained), -abs(item[0][1])),
            default=None,
        )
        if best is None or len(best[1][1] - explained) < 2:
            return
        (_, change), (cell, failures) = best
        new = sorted(failures - explained)
        explained |= failures
        yield _finding(context, cell, change, [run.failures[n][0] for n in new])


def _finding(context: Context, cell: Cell, change: Decimal, failures: list[Finding]) -> Finding:
    run = context.run
    path = run.path(cell) if run is not None else ""
    if cell.table is None:
        section = context.report.narrative[cell.row]
        where = f"the figure stated in {section.heading or 'the narrative'}"
        tables: tuple[str, ...] = ()
        place = statement_place(section, cell.at)
        row, line, page = place["row"], place["line"], place.get("page")
    else:
        row = str(getattr(cell.row, "label", "") or "") if cell.row is not None else cell.table.title
        where = f"{cell.table.title or cell.table.kind.label} {row} {cell.key}"
        tables = (cell.table.kind.value,)
        line = getattr(cell.row, "line", None) if cell.row is not None else cell.table.first_line
        page = getattr(cell.row, "page", None) if cell.row is not None else cell.table.first_page
    value = cell.value if cell.value is not None else Decimal(0)
    listed = "; ".join(f"{f.rule} at {f.row or '—'}" for f in failures)
    return context.note(
        f"one printed figure explains {len(failures)} failures: {where} ({path}) printed {context.money(value)}; "
        f"as {context.money(value + change)} it would make all of them hold — {listed}",
        tables=tables,
        row=row,
        line=line,
        page=page,
        expected=value + change,
        actual=value,
        paths=(path,) if path else (),
    )
