"""Roll-ups over columns (列式汇总): :func:`rollup_records` adds a whole table of records at once, exactly.

:func:`~gfs_cn.aggregate.rollup` adds one ``Decimal`` per item in a Python loop; over millions of
records — a province's reports read into Arrow or Parquet — that loop is the bottleneck. Here the
same roll-up runs over arrays: amounts as integers of fen (a ``decimal128(20, 2)`` column *is* an
integer of fen, read without conversion), codes as the indices of their dictionary, leaves found per
table with array operations — in one pass over blocks of rows where each table's rows are in code
order, as reports print them. The result is the same :class:`~gfs_cn.aggregate.Rollup` of exact
``Decimal`` yuan.
Needs numpy and pyarrow (``pip install 'gfs-cn[arrow]'``).

>>> import gfs_cn
>>> from gfs_cn import Level
>>> from gfs_cn.aggregate import rollup
>>> report = gfs_cn.read(gfs_cn.sample_path())
>>> fast = rollup_records(gfs_cn.to_records(report))
>>> fast == rollup(report.table("expenditure").rows), fast.total == sum(fast.by_level(Level.CLASS).values())
(True, True)
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from gfs_cn.aggregate._common import CATALOGS, aggregate_units, ancestors
from gfs_cn.aggregate.totals import Rollup, UnplacedAmount, from_leaves
from gfs_cn.catalog import Scheme
from gfs_cn.errors import GfsError
from gfs_cn.records import Record
from gfs_cn.tables.columns import Column

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

__all__ = ["EXPENDITURE_TABLES", "rollup_records"]

EXPENDITURE_TABLES: Final = ("expenditure", "final_expenditure")
"""The tables :func:`rollup_records` adds by default: 支出总表 of budgets and of final accounts."""

_DENSE_LIMIT = 2**28
"""Most (table, code) slots the table of subtotals holds densely (a byte each); beyond, keys are sorted."""
_TABLE_KEYS: Final = ("source", "department", "year", "report_kind", "scope", "table", "table_index")
"""The columns that together name one table of one report: leaves are found within a table."""
_NEEDED: Final = (*_TABLE_KEYS, "unit_code", "row_kind", "column", "row_code", "subject_code", "government_code",
                  "amount")  # fmt: skip


def rollup_records(
    data: Any,
    *,
    column: Column | str = Column.TOTAL,
    tables: Sequence[str] | None = EXPENDITURE_TABLES,
    scheme: Scheme = Scheme.FUNCTIONAL,
) -> Rollup:
    """Totals per 类, 款 and 项 of a table of records, adding leaves only: :func:`~gfs_cn.aggregate.rollup`, vectorised.

    ``data`` is a ``pyarrow.Table`` of records (:func:`gfs_cn.arrow.to_arrow`, a Parquet dataset read
    back), a pandas DataFrame of records, or records themselves. The records added are those of kind
    ``item`` in ``column`` of the tables named (``tables=None``: every table; the default adds the
    支出总表). Within each table of each report (and each unit, where a table lists units) a code is
    a subtotal, not added, when one of its descendants is there too; a unit whose sub-units are
    listed is skipped (:attr:`~gfs_cn.aggregate.Rollup.aggregate_units`), as :func:`rollup` does.
    Codes are ``subject_code`` (the canonical code; ``government_code`` for the government economic
    scheme); a record whose row has no valid code is in :attr:`~gfs_cn.aggregate.Rollup.unplaced`,
    by its printed ``row_code``.

    Unlike :func:`rollup` over rows, a blank cell gives no record, so it does not make its code
    present: a 款 whose 项 rows are all blank in ``column`` is a leaf here.

    Fastest where each table's rows are together and in code order, as reports print them and
    :func:`~gfs_cn.records.to_records` keeps them (one pass); any other order gives the same totals,
    more slowly. Amounts up to 2⁶³ fen (9.2×10¹⁶ yuan) are added exactly; a larger one is refused.

    >>> from decimal import Decimal
    >>> from gfs_cn.records import Record
    >>> def record(code, amount):
    ...     return Record("某局", 2024, "budget", "expenditure", 0, 0, None, "item", None, code, "", code or None,
    ...                   None, None, "", "total", Decimal(amount), "万元")
    >>> totals = rollup_records([record("21015", "150.00"), record("2101501", "100.00"),
    ...                          record("2101550", "50.00"), record("2080501", "7.50")])
    >>> totals["210"], totals.total
    (Decimal('150.00'), Decimal('157.50'))
    """
    import numpy as np

    table = _as_arrow(data)
    chosen_column = column if isinstance(column, Column) else _column_of(column)
    mask = _both(_matches(table["row_kind"], ("item",)), _matches(table["column"], (chosen_column.value,)))
    if tables is not None:
        mask = _both(mask, _matches(table["table"], tuple(tables)))
    positions = None if mask is None or mask.all() else np.flatnonzero(mask)
    code_name = "government_code" if scheme is Scheme.GOVERNMENT_ECONOMIC else "subject_code"
    names = [*_TABLE_KEYS, "unit_code", code_name, "amount"]
    rows = table.select(names) if positions is None else table.select(names).take(positions)
    if rows.num_rows == 0:
        return from_leaves({}, scheme=scheme, column=chosen_column)

    fen, largest = _fen(rows["amount"])
    codes, code_index = _encode(rows[code_name])
    known, canonical, reasons = _canonical(codes, scheme)
    # the last slot of `known`, "", takes every row that adds to no total
    size = len(known)
    trash = size - 1
    # per distinct code given, the index of its canonical code in `known` (trash for a blank code or one
    # not in the classification), then trash again: `take` reads a row's index -1, a null, as the last
    lut = np.append(np.where(canonical < 0, trash, canonical), trash)
    units, unit_index = _encode(rows["unit_code"])
    table_id = _table_ids(rows)
    group = _dense(table_id.astype(np.int64) * (len(units) + 1) + (unit_index + 1)) if len(units) else table_id

    kept: np.ndarray[Any, Any] | None = None
    nested: frozenset[str] = frozenset()
    if len(units):
        # a unit whose sub-units the same table lists (044 above 044001) repeats their figures: skipped
        kept, nested = _without_nested_units(group, table_id, unit_index, units)
    # Leaves add into slots [0, size), subtotals into [size, 2 × size): no pass to pick either out.
    split = largest * len(fen) >= 2**63  # sums that could overflow int64
    no_code = lut == trash  # per distinct code given, then for a null
    uncoded = bool(no_code[:-1].any() or rows[code_name].null_count)  # some row has no valid code
    sums = _Sums(2 * size, split)
    if not _add_in_order(sums, group, code_index, lut, kept, uncoded, _descendants_end(tuple(known)), fen):
        sums = _Sums(2 * size, split)
        _add_by_marks(sums, group, code_index, lut, kept, known, fen)
    is_leaf = sums.counts[:trash] > 0

    unplaced: list[UnplacedAmount] = []
    if uncoded:
        unplaced_rows = no_code.take(code_index)
        if kept is not None:
            unplaced_rows &= kept
        unplaced = _unplaced(table, positions, fen, code_index, reasons, unplaced_rows)
    totals = sums.totals()
    if isinstance(totals, list):  # sums beyond int64: added as Decimals
        leaves = {known[i]: Decimal(totals[i]).scaleb(-2) for i in np.flatnonzero(is_leaf).tolist()}
        return from_leaves(leaves, scheme=scheme, column=chosen_column, unplaced=unplaced, aggregate_units=nested)
    return _from_leaf_sums(
        tuple(known), totals[:trash], is_leaf, scheme=scheme, column=chosen_column, unplaced=unplaced, nested=nested
    )


_BLOCK: Final = 1 << 16
"""Rows taken at a time in the one-pass roll-up: each block's arrays stay in the processor's cache."""


class _Sums:
    """Exact sums of integer fen per slot, and how many rows each slot got: in int64 where no sum can
    overflow (``split=False``: the largest amount times the rows is below 2**63), else in two halves
    of 32 bits, each summed exactly in int64 (amounts up to 2**63 fen, rows up to 2**31)."""

    def __init__(self, size: int, split: bool) -> None:
        import numpy as np

        self.parts = [np.zeros(size, dtype=np.int64) for _ in range(2 if split else 1)]
        self.counts = np.zeros(size, dtype=np.int64)

    def add(self, index: np.ndarray[Any, Any], fen: np.ndarray[Any, Any]) -> None:
        import numpy as np

        if len(self.parts) == 1:
            np.add.at(self.parts[0], index, fen)
        else:
            np.add.at(self.parts[0], index, fen & (2**32 - 1))
            np.add.at(self.parts[1], index, fen >> 32)
        self.counts += np.bincount(index, minlength=len(self.counts))

    def totals(self) -> np.ndarray[Any, Any] | list[int]:
        """The sums: an int64 array, or Python ints where they were split."""
        if len(self.parts) == 1:
            return self.parts[0]
        low, high = self.parts
        return [(h << 32) + lo for h, lo in zip(high.tolist(), low.tolist(), strict=True)]


def _add_in_order(
    sums: _Sums,
    group: np.ndarray[Any, Any],
    code_index: np.ndarray[Any, Any],
    lut: np.ndarray[Any, Any],
    kept: np.ndarray[Any, Any] | None,
    uncoded: bool,
    end: np.ndarray[Any, Any],
    fen: np.ndarray[Any, Any],
) -> bool:
    """Add every row to its leaf or subtotal slot in one pass, where each group's rows are together and
    in strictly increasing code order; False (``sums`` then partial) where they are not.

    Reports print each table in code order (类, its first 款, that 款's 项 …), and the codes are
    sorted, so a row is a subtotal exactly when the next row of its group is a descendant (an index
    below ``end`` of its own). Rows of no valid code (the last slot of ``lut``; ``uncoded``: there are
    some) and rows not ``kept`` are left out of the order. Taken a block at a time; the last row of a
    block waits for the next.
    """
    import numpy as np

    trash = len(end) - 1
    shift = np.int64(len(end))  # the subtotal slots start after the leaf slots
    heads: list[np.ndarray[Any, Any]] = []  # the group of every run of rows
    carry: tuple[int, int, np.ndarray[Any, Any]] | None = None  # the last row so far: code, group, fen
    for start in range(0, len(group), _BLOCK):
        codes = lut.take(code_index[start : start + _BLOCK])
        groups = group[start : start + _BLOCK]
        amounts = fen[start : start + _BLOCK]
        if uncoded or kept is not None:
            keep = codes != trash
            if kept is not None:
                keep &= kept[start : start + _BLOCK]
            if not keep.all():
                codes, groups, amounts = codes[keep], groups[keep], amounts[keep]
                if not len(codes):
                    continue
        if carry is None:
            heads.append(groups[:1])
        else:
            code, previous, amount = carry
            same = previous == groups[0]
            if same and codes[0] <= code:
                return False
            if not same:
                heads.append(groups[:1])
            subtotal = bool(same and codes[0] < end[code])
            sums.add(np.asarray([code + shift * subtotal], dtype=np.int64), amount)
        same = groups[1:] == groups[:-1]
        later, earlier = codes[1:], codes[:-1]
        if (same & (later <= earlier)).any():
            return False
        heads.append(groups[1:][~same])
        sums.add(earlier + (same & (later < end.take(earlier))) * shift, amounts[:-1])
        carry = int(codes[-1]), int(groups[-1]), amounts[-1:]
    if carry is not None:
        sums.add(np.asarray([carry[0]], dtype=np.int64), carry[2])
    runs = np.concatenate(heads) if heads else np.zeros(0, dtype=np.int64)
    # every group in one run: the runs' groups are all different
    return not len(runs) or int(np.bincount(runs).max()) <= 1


def _from_leaf_sums(
    known: tuple[str, ...],
    sums: np.ndarray[Any, Any],
    is_leaf: np.ndarray[Any, Any],
    *,
    scheme: Scheme,
    column: Column,
    unplaced: list[UnplacedAmount],
    nested: frozenset[str],
) -> Rollup:
    """:func:`~gfs_cn.aggregate.totals.from_leaves` over integer sums of fen, in arrays: each leaf's sum
    added to its own code and its ancestors' (int64 cannot overflow: ``sums`` came from amounts whose
    largest times their number is below 2**63), then one ``Decimal`` per code."""
    import numpy as np

    if not is_leaf.any():
        return from_leaves({}, scheme=scheme, column=column, unplaced=unplaced, aggregate_units=nested)
    every, position, parents = _every_code(known)
    leaf = np.flatnonzero(is_leaf)
    amounts = sums[leaf]
    totals = np.zeros(len(every), dtype=np.int64)
    present = np.zeros(len(every), dtype=bool)
    for up in (position, *parents):  # the codes themselves, then each level of ancestors
        at = up[leaf]
        has = at >= 0
        np.add.at(totals, at[has], amounts[has])
        present[at[has]] = True
    names = [every[i] for i in np.flatnonzero(present).tolist()]
    values = totals[present].tolist()
    return Rollup(
        scheme=scheme,
        column=column,
        totals={code: Decimal(value).scaleb(-2) for code, value in zip(names, values, strict=True)},
        total=Decimal(int(amounts.sum())).scaleb(-2),
        unplaced=tuple(unplaced),
        leaves=frozenset(known[i] for i in leaf.tolist()),
        aggregate_units=nested,
    )


@functools.lru_cache(maxsize=8)
def _every_code(known: tuple[str, ...]) -> tuple[list[str], np.ndarray[Any, Any], list[np.ndarray[Any, Any]]]:
    """The codes of ``known`` (its last entry ``""`` aside) and all their ancestors, sorted; per code of
    ``known``, its position there, and per level of ancestors, the position of its ancestor (-1: none)."""
    import numpy as np

    codes = known[:-1]
    every = sorted({*codes, *(code[:n] for code in codes for n in ancestors(code))})
    position_of = {code: i for i, code in enumerate(every)}
    depth = max((len(ancestors(code)) for code in codes), default=0)
    parents = [
        np.asarray([position_of[code[:n]] if n < len(code) else -1 for code in codes], dtype=np.int64)
        for n in range(3, 3 + 2 * depth, 2)
    ]
    return every, np.asarray([position_of[code] for code in codes], dtype=np.int64), parents


@functools.lru_cache(maxsize=8)
def _descendants_end(known: tuple[str, ...]) -> np.ndarray[Any, Any]:
    """Per index of the sorted codes ``known`` (its last entry ``""`` aside): the first index after its
    descendants — the codes it is a proper prefix of, which sort right after it."""
    import bisect

    import numpy as np

    codes = known[:-1]
    # ":" sorts after every digit: code + ":" is above every code that code is a prefix of
    ends = [bisect.bisect_left(codes, code + ":", i + 1) for i, code in enumerate(codes)]
    return np.asarray([*ends, len(codes)], dtype=np.int32)


def _matches(values: pa.ChunkedArray, wanted: tuple[str, ...]) -> np.ndarray[Any, Any] | None:
    """A boolean per row: is the value one of ``wanted``? ``None`` where every row is (nothing to
    pick out, checked on the dictionary alone). Dictionary columns are compared by dictionary."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    parts: list[np.ndarray[Any, Any] | None] = []
    for chunk in values.chunks:
        if pa.types.is_dictionary(chunk.type):
            hits = np.isin(np.asarray(chunk.dictionary.to_pylist(), dtype=object), wanted)
            if hits.all() and not chunk.null_count:
                parts.append(None)
                continue
            indices = chunk.indices.fill_null(0).to_numpy(zero_copy_only=False)
            part = hits[indices] if len(hits) else np.zeros(len(chunk), dtype=bool)
            if chunk.null_count:
                part &= chunk.is_valid().to_numpy(zero_copy_only=False)
        else:
            part = pc.is_in(chunk, value_set=pa.array(wanted, type=chunk.type)).to_numpy(zero_copy_only=False)
        parts.append(part)
    if all(part is None for part in parts):
        return None
    chunks = values.chunks
    whole = [np.ones(len(c), dtype=bool) if part is None else part for c, part in zip(chunks, parts, strict=True)]
    return np.concatenate(whole)


def _both(first: np.ndarray[Any, Any] | None, second: np.ndarray[Any, Any] | None) -> np.ndarray[Any, Any] | None:
    """Rows in both selections (``None``: every row)."""
    if first is None or second is None:
        return second if first is None else first
    both: np.ndarray[Any, Any] = first & second
    return both


def _dense(keys: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Integer keys renumbered 0, 1, 2 … by first appearance (a hash, not a sort)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    result: np.ndarray[Any, Any] = pc.dictionary_encode(pa.array(keys)).indices.to_numpy().astype(np.int64)
    return result


def _table_ids(rows: pa.Table) -> np.ndarray[Any, Any]:
    """One small integer per table of a report: the columns of :data:`_TABLE_KEYS` combined."""
    import numpy as np

    # a source names one report: where every record has one, the report's other fields add nothing
    keys = ("source", "table", "table_index") if not rows["source"].null_count else _TABLE_KEYS
    varying = [name for name in keys if not _constant(rows[name])]  # the others are the same in every row
    if not varying:
        return np.zeros(rows.num_rows, dtype=np.int32)
    if len(varying) == 1 and not rows[varying[0]].null_count:
        values, index = _encode(rows[varying[0]], listed=False)
        if len(values) <= 2 * rows.num_rows + 1024:
            return index  # a dictionary's indices are the ids already, as they are
    combined = np.zeros(rows.num_rows, dtype=np.int64)
    size = 1
    for name in varying:
        values, index = _encode(rows[name], listed=False)
        width = len(values) + 1
        if size == 1:
            combined, size = index.astype(np.int64) + 1, width
            continue
        if size * width >= 2**62:  # renumber before the combination could overflow
            combined, size = _dense(combined), rows.num_rows
        combined *= width
        combined += index
        combined += 1
        size *= width
    # ids must be dense for the table of subtotals: renumber only where they are sparse
    return combined if size <= 2 * rows.num_rows + 1024 else _dense(combined)


def _constant(values: pa.ChunkedArray) -> bool:
    """Whether a column holds one value in every row (no nulls), checked without encoding it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if values.null_count or len(values) == 0:
        return bool(values.null_count == len(values))
    if pa.types.is_dictionary(values.type):
        return (
            all(len(chunk.dictionary) == 1 for chunk in values.chunks)
            and len({chunk.dictionary[0].as_py() for chunk in values.chunks}) == 1
        )
    if pa.types.is_integer(values.type):
        extremes = pc.min_max(values)
        return bool(extremes["min"].as_py() == extremes["max"].as_py())
    return False


def _add_by_marks(
    sums: _Sums,
    group: np.ndarray[Any, Any],
    code_index: np.ndarray[Any, Any],
    lut: np.ndarray[Any, Any],
    kept: np.ndarray[Any, Any] | None,
    known: list[str],
    fen: np.ndarray[Any, Any],
) -> None:
    """Add every row to its leaf or subtotal slot, the rows in any order: a table of (group, code)
    marks each code that has a descendant in the group (every row marks its ancestors), then each row
    looks its own code up. Both passes go a block at a time; the per-code tables are composed with
    ``lut`` first, so a row's dictionary index reads them directly."""
    import numpy as np

    size = len(known)
    trash = size - 1
    ranks = _parent_ranks(tuple(known))
    groups = int(group.max(initial=-1)) + 1
    if ranks is None or groups * (ranks[0] + 1) > _DENSE_LIMIT:  # no parents, or too many slots for a table
        code_of = lut.take(code_index)
        if kept is not None:
            code_of[~kept] = trash
        sums.add(code_of + _has_descendant(group, code_of, known) * np.int64(size), fen)
        return
    width, rank, ranks_above = ranks
    stride = np.int64(width + 1)
    own = rank.take(lut)  # per dictionary index (and, last, a null): its rank among the possible parents
    above = [up.take(lut) for up in ranks_above]
    flat = np.zeros(groups * int(stride), dtype=bool)
    blocks = range(0, len(group), _BLOCK)
    for start in blocks:
        indices, base = code_index[start : start + _BLOCK], group[start : start + _BLOCK] * stride
        if kept is not None:  # a skipped unit marks nothing
            chosen = kept[start : start + _BLOCK]
            indices, base = indices[chosen], base[chosen]
        for ancestor in above:
            flat[base + ancestor.take(indices)] = True
    flat.reshape(groups, int(stride))[:, width] = False  # the spare slots the rows with no such ancestor marked
    shift = np.int64(size)
    for start in blocks:
        indices, base = code_index[start : start + _BLOCK], group[start : start + _BLOCK] * stride
        amounts = fen[start : start + _BLOCK]
        if kept is not None:
            chosen = kept[start : start + _BLOCK]
            indices, base, amounts = indices[chosen], base[chosen], amounts[chosen]
        sums.add(lut.take(indices) + flat[base + own.take(indices)] * shift, amounts)


@functools.lru_cache(maxsize=8)
def _parent_ranks(
    known: tuple[str, ...],
) -> tuple[int, np.ndarray[Any, Any], list[np.ndarray[Any, Any]]] | None:
    """The codes of ``known`` with a descendant among them (类 and 款: few) numbered 0 … width - 1; per
    code, that rank (``width`` for the others) and, per level, its ancestor's rank (``width``: none).
    None where no code has a descendant among them."""
    import numpy as np

    ancestors_of = _ancestor_tables(known)
    if not ancestors_of:
        return None
    none = len(known) - 1
    is_parent = np.zeros(len(known), dtype=bool)
    for up in ancestors_of:
        is_parent[up] = True
    is_parent[none] = False
    width = int(is_parent.sum())
    rank = np.full(len(known), width, dtype=np.int64)
    rank[np.flatnonzero(is_parent)] = np.arange(width, dtype=np.int64)
    return width, rank, [rank.take(up) for up in ancestors_of]


def _has_descendant(
    group: np.ndarray[Any, Any], code_of: np.ndarray[Any, Any], known: list[str]
) -> np.ndarray[Any, Any]:
    """A boolean per row: does a descendant of its code appear in its group (so it is a subtotal)?

    Only codes with a descendant among ``known`` can be subtotals; they are few (类 and 款), so a
    dense table of (group, such code) is small: marked from every row's ancestors, then looked up.
    """
    import numpy as np

    ancestors_of = _ancestor_tables(tuple(known))
    if not ancestors_of:
        return np.zeros(len(group), dtype=bool)
    none = len(known) - 1
    is_parent = np.zeros(len(known), dtype=bool)
    for up in ancestors_of:
        is_parent[up] = True
    is_parent[none] = False
    width = int(is_parent.sum())
    # Per code: its rank among the possible parents, and its ancestors' ranks, ``width`` where there is
    # none — a spare slot in each group's row of the table, cleared before reading — and a last entry
    # for rows of no valid code (code_of -1; the last code of `known`, "", has none either).
    rank = np.full(len(known) + 1, width, dtype=np.int32)
    rank[np.flatnonzero(is_parent)] = np.arange(width, dtype=np.int32)
    ranks_above = [np.append(rank[up], np.int32(width)) for up in ancestors_of]
    groups = int(group.max(initial=-1)) + 1
    stride = width + 1
    own = rank.take(code_of)
    if groups * stride > _DENSE_LIMIT:  # too large for a dense table: look the keys up sorted instead
        base64 = group.astype(np.int64) * stride
        marks = [base64 + r[code_of] for r in ranks_above]
        marked = np.unique(np.concatenate([m[r[code_of] < width] for m, r in zip(marks, ranks_above, strict=True)]))
        found: np.ndarray[Any, Any] = (own < width) & np.isin(base64 + own, marked)
        return found
    # int32 keys (the table has at most 2**28 slots): half the memory traffic of int64
    base = group.astype(np.int32) * np.int32(stride)
    has_child = np.zeros((groups, stride), dtype=bool)
    flat = has_child.reshape(-1)
    for above in ranks_above:
        flat[base + above.take(code_of)] = True
    has_child[:, width] = False  # the spare slots the rows with no such ancestor marked
    result: np.ndarray[Any, Any] = flat[base + own]
    return result


def _without_nested_units(
    group: np.ndarray[Any, Any], table_id: np.ndarray[Any, Any], unit_index: np.ndarray[Any, Any], units: Sequence[Any]
) -> tuple[np.ndarray[Any, Any], frozenset[str]]:
    """Rows to keep, and the units skipped: those a proper prefix of another unit of the same table."""
    import numpy as np

    # groups are numbered by first appearance, so a group's first row is where the running maximum grows
    highest = np.maximum.accumulate(group)
    first = np.flatnonzero(np.concatenate(([True], highest[1:] > highest[:-1])))
    by_table: dict[int, list[tuple[int, str]]] = {}
    for g, (table, unit) in enumerate(zip(table_id[first].tolist(), unit_index[first].tolist(), strict=True)):
        if unit >= 0:
            by_table.setdefault(table, []).append((g, units[unit]))
    skip = np.zeros(len(first), dtype=bool)
    names: set[str] = set()
    for members in by_table.values():
        nested = aggregate_units(code for _, code in members) if len(members) > 1 else frozenset()
        for g, code in members:
            if code in nested:
                skip[g] = True
                names.add(code)
    return ~skip[group], frozenset(names)


def _column_of(value: str) -> Column:
    try:
        return Column(value)
    except ValueError:
        raise GfsError(f"{value!r} is not a column (one of: {', '.join(c.value for c in Column)})") from None


def _as_arrow(data: Any) -> pa.Table:
    """Records as an Arrow table with at least the columns a roll-up reads."""
    import pyarrow as pa

    if isinstance(data, pa.Table):
        table = data
    elif type(data).__name__ == "DataFrame" and hasattr(data, "columns"):
        table = pa.Table.from_pandas(data, preserve_index=False)
    else:
        records = data if isinstance(data, list) else list(data)
        if records and not isinstance(records[0], Record):
            raise GfsError(f"rollup_records adds records, not {type(records[0]).__name__}")
        columns = list(zip(*records, strict=True)) if records else [() for _ in Record._fields]
        arrays = {
            name: pa.array(values, type=pa.decimal128(20, 2) if name == "amount" else None)
            for name, values in zip(Record._fields, columns, strict=True)
            if name in _NEEDED
        }
        table = pa.table(arrays) if records else pa.table({name: pa.array([], pa.string()) for name in _NEEDED})
        if not records:
            table = table.set_column(table.schema.get_field_index("amount"), "amount",
                                     pa.array([], pa.decimal128(20, 2)))  # fmt: skip
    missing = [name for name in _NEEDED if name not in table.column_names]
    if missing:
        raise GfsError(f"the records have no column {', '.join(map(repr, missing))}: not gfs_cn's records")
    return table


def _fen(amounts: pa.ChunkedArray) -> tuple[np.ndarray[Any, Any], int]:
    """Amounts as integers of fen, exactly (a ``decimal128(·, 2)`` value is stored as that integer), and
    the largest in magnitude."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if amounts.null_count:
        raise GfsError(f"{amounts.null_count} records have no amount")
    if pa.types.is_floating(amounts.type):
        raise GfsError(
            "the amounts are floats, no longer the printed figures: roll up the exact records (not floats=True)"
        )
    if not pa.types.is_decimal(amounts.type) or amounts.type.scale != 2:
        try:
            amounts = pc.cast(amounts, pa.decimal128(20, 2))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as err:
            raise GfsError(f"amounts of type {amounts.type} are not exact yuan with two decimals: {err}") from err
    if amounts.type.bit_width != 128:
        amounts = pc.cast(amounts, pa.decimal128(20, 2))
    parts = []
    largest = 0
    for chunk in amounts.chunks:
        words = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[2 * chunk.offset : 2 * (chunk.offset + len(chunk))]
        low, high = words[0::2], words[1::2]
        smallest, greatest = int(low.min(initial=0)), int(low.max(initial=0))
        # each high word must be the low word's sign: where no amount is negative, checked without a copy
        positive = smallest >= 0 and high.min(initial=0) == 0 and high.max(initial=0) == 0
        if not positive and not np.array_equal(high, low >> 63):
            raise GfsError("an amount exceeds 9.2×10¹⁶ yuan (2⁶³ fen): beyond what the fast roll-up adds")
        largest = max(largest, -smallest, greatest)
        parts.append(low)
    if len(parts) == 1:
        return parts[0], largest  # a strided view of the buffer: no copy
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)), largest


def _encode(values: pa.ChunkedArray, *, listed: bool = True) -> tuple[Sequence[Any], np.ndarray[Any, Any]]:
    """The distinct values and, per row, the index of its value (-1 for null). ``listed=False``: the
    values as a ``range`` of as many (for a caller that needs only their number)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if values.null_count == len(values):  # e.g. unit_code in a table that lists no units
        return [], np.broadcast_to(np.int32(-1), (len(values),))  # read-only, costs nothing
    array = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    if pa.types.is_integer(array.type) and not array.null_count:
        numbers = array.to_numpy()
        low = int(numbers.min(initial=0))
        span = int(numbers.max(initial=0)) - low + 1
        if span <= 2 * len(numbers) + 1024:  # a small range: the value itself, shifted, is the index
            return range(low, low + span), numbers - low
    if pa.types.is_dictionary(array.type):
        dictionary = array.dictionary
        if dictionary.null_count or pc.count_distinct(dictionary).as_py() != len(dictionary):
            array = array.cast(array.type.value_type)  # a dictionary that repeats a value: encode afresh
    if not pa.types.is_dictionary(array.type):
        array = pc.dictionary_encode(array)
    distinct = array.dictionary.to_pylist() if listed else range(len(array.dictionary))
    indices = array.indices
    if not array.null_count and not indices.null_count:
        return distinct, indices.to_numpy()  # no copy
    # nulls — in the values or in the indices — become -1
    valid = array.is_valid() if array.null_count else None
    indices = indices.fill_null(-1).to_numpy(zero_copy_only=False)
    if valid is not None:
        indices = np.where(valid.to_numpy(zero_copy_only=False), indices, np.int32(-1))
    return distinct, indices


def _canonical(codes: Sequence[Any], scheme: Scheme) -> tuple[list[str], np.ndarray[Any, Any], list[str | None]]:
    """The canonical codes met, sorted, then a last slot ``""`` meaning “no such code”; per distinct
    code given, the index of its canonical code (-1 if none) and why not."""
    import numpy as np

    lookup = CATALOGS[scheme].lookup
    found: list[str | None] = []
    reasons: list[str | None] = []
    for code in codes:
        if not code:
            found.append(None)
            reasons.append("the row prints no code")
            continue
        try:
            found.append(lookup(code).code)
        except GfsError as err:
            found.append(None)
            reasons.append(str(err))
            continue
        reasons.append(None)
    known = sorted({code for code in found if code is not None})
    index_of = {code: i for i, code in enumerate(known)}
    indexes = [-1 if code is None else index_of[code] for code in found]
    return [*known, ""], np.asarray(indexes, dtype=np.int64), reasons


@functools.lru_cache(maxsize=8)
def _ancestor_tables(known: tuple[str, ...]) -> list[np.ndarray[Any, Any]]:
    """Per code index, the index of its ancestor at each level (the last slot where that ancestor is
    not among the codes, or the code has no ancestor there)."""
    import numpy as np

    none = len(known) - 1
    index_of = {code: i for i, code in enumerate(known[:-1])}
    depth = max((len(ancestors(code)) for code in known[:-1]), default=0)
    tables = [[none] * len(known) for _ in range(depth)]
    for i, code in enumerate(known[:-1]):
        for level, n in enumerate(range(3, len(code), 2)):  # the proper prefixes that are codes (ancestors())
            tables[level][i] = index_of.get(code[:n], none)
    return [np.asarray(table, dtype=np.int64) for table in tables]


def _unplaced(
    table: pa.Table,
    positions: np.ndarray[Any, Any] | None,
    fen: np.ndarray[Any, Any],
    code_index: np.ndarray[Any, Any],
    reasons: list[str | None],
    unplaced: np.ndarray[Any, Any],
) -> list[UnplacedAmount]:
    """Records with no valid code, summed by printed code and reason, in the order first met."""
    import numpy as np

    where = np.flatnonzero(unplaced)
    if not len(where):
        return []
    printed = table["row_code"].take(where if positions is None else positions[where]).to_pylist()
    found: dict[tuple[str, str], int] = {}
    for position, code in zip(where.tolist(), printed, strict=True):
        index = int(code_index[position])
        reason = (reasons[index] if index >= 0 else None) or "the row prints no code"
        found[code or "", reason] = found.get((code or "", reason), 0) + int(fen[position])
    return [
        UnplacedAmount(code=code, amount=Decimal(total).scaleb(-2), reason=reason)
        for (code, reason), total in found.items()
    ]
