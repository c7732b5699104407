"""Roll-ups over columns (列式汇总): :func:`rollup_records` adds a whole table of records at once, exactly.

:func:`~gfs_cn.aggregate.rollup` adds one ``Decimal`` per item in a Python loop; over millions of
records — a province's reports read into Arrow or Parquet — that loop is the bottleneck. Here the
same roll-up runs over arrays: amounts as integers of fen (a ``decimal128(20, 2)`` column *is* an
integer of fen, read without conversion), codes as small integers, leaves found per table with
array operations. The result is the same :class:`~gfs_cn.aggregate.Rollup` of exact ``Decimal`` yuan.
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
    mask = _matches(table["row_kind"], ("item",)) & _matches(table["column"], (chosen_column.value,))
    if tables is not None:
        mask &= _matches(table["table"], tuple(tables))
    positions = None if mask.all() else np.flatnonzero(mask)
    code_name = "government_code" if scheme is Scheme.GOVERNMENT_ECONOMIC else "subject_code"
    names = [*_TABLE_KEYS, "unit_code", code_name, "amount"]
    rows = table.select(names) if positions is None else table.select(names).take(positions)
    if rows.num_rows == 0:
        return from_leaves({}, scheme=scheme, column=chosen_column)

    fen = _fen(rows["amount"])
    codes, code_index = _encode(rows[code_name])
    known, canonical, reasons = _canonical(codes, scheme)
    # the last slot of `known`, "", takes every row that adds to no total
    trash = len(known) - 1
    # per row, the index of its canonical code in `known` (trash for a blank code or one not in the
    # classification; `take` reads index -1, a null, as the last: trash too)
    code_of = np.append(np.where(canonical < 0, trash, canonical), trash).astype(np.int32).take(code_index)
    units, unit_index = _encode(rows["unit_code"])
    table_id = _table_ids(rows)
    group = _dense(table_id.astype(np.int64) * (len(units) + 1) + (unit_index + 1)) if len(units) else table_id

    unplaced_rows = code_of == trash
    nested: frozenset[str] = frozenset()
    if len(units):
        # a unit whose sub-units the same table lists (044 above 044001) repeats their figures: skipped
        kept, nested = _without_nested_units(group, table_id, unit_index, units)
        unplaced_rows &= kept
        code_of[~kept] = trash
    subtotal = _subtotals(group, code_of, known)
    # Leaves add into slots [0, size), subtotals into [size, 2 × size): no pass to pick either out
    size = len(known)
    index = code_of + subtotal * np.int32(size)
    sums = _sum_by(index, fen, 2 * size)
    counts = np.bincount(index, minlength=2 * size)
    leaves = {known[i]: Decimal(sums[i]).scaleb(-2) for i in np.flatnonzero(counts[:trash]).tolist()}

    unplaced = _unplaced(table, positions, fen, code_index, reasons, unplaced_rows)
    return from_leaves(leaves, scheme=scheme, column=chosen_column, unplaced=unplaced, aggregate_units=nested)


def _subtotals(group: np.ndarray[Any, Any], code_of: np.ndarray[Any, Any], known: list[str]) -> np.ndarray[Any, Any]:
    """A boolean per row: is it a subtotal — does a descendant of its code appear in its group?

    Reports print each table in code order (类, its first 款, that 款's 项 …), and ``known`` is sorted,
    so a row is a subtotal exactly when the next row of its group is a descendant: one pass. Rows
    in any other order (or a code repeated within a group) are looked up in a table of marks instead.
    Rows of the last code of ``known`` (``""``: no code) are left out of the order.
    """
    import numpy as np

    end = _descendants_end(tuple(known))
    coded = code_of != len(known) - 1
    if coded.all():
        found = _subtotals_in_order(group, code_of, end)
        if found is not None:
            return found
    else:
        where = np.flatnonzero(coded)
        ordered = _subtotals_in_order(group[where], code_of[where], end)
        if ordered is not None:
            found = np.zeros(len(group), dtype=bool)
            found[where] = ordered
            return found
    return _has_descendant(group, code_of, known)


def _subtotals_in_order(
    group: np.ndarray[Any, Any], code_of: np.ndarray[Any, Any], end: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any] | None:
    """Subtotals where each group's rows are together and in strictly increasing code order, else None.

    ``code_of`` indexes the sorted codes; a code's descendants are those after it up to ``end`` of it.
    """
    import numpy as np

    rows = len(group)
    if rows < 2:
        return np.zeros(rows, dtype=bool)
    same = group[1:] == group[:-1]
    later, earlier = code_of[1:], code_of[:-1]
    if (same & (later <= earlier)).any():
        return None
    # every group in one run: the runs' groups are all different
    runs = group[np.flatnonzero(~same) + 1]
    if len(runs) and np.bincount(np.append(runs, group[0])).max() > 1:
        return None
    found = np.zeros(rows, dtype=bool)
    np.logical_and(same, later < end.take(earlier), out=found[:-1])
    return found


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


def _sum_by(index: np.ndarray[Any, Any], fen: np.ndarray[Any, Any], size: int) -> list[int]:
    """Exact integer sums of ``fen`` by ``index``, as Python ints. In int64 where no sum can overflow
    (the largest amount times the rows is below 2**63); else in two halves of 32 bits, each summed
    exactly in int64, joined as Python ints (amounts up to 2**63 fen, rows up to 2**31)."""
    import numpy as np

    bound = max(-int(fen.min(initial=0)), int(fen.max(initial=0))) * len(fen)
    if bound < 2**63:
        sums = np.zeros(size, dtype=np.int64)
        np.add.at(sums, index, fen)
        result: list[int] = sums.tolist()
        return result
    low_sums = np.zeros(size, dtype=np.int64)
    high_sums = np.zeros(size, dtype=np.int64)
    np.add.at(low_sums, index, fen & (2**32 - 1))
    np.add.at(high_sums, index, fen >> 32)
    return [(high << 32) + low for high, low in zip(high_sums.tolist(), low_sums.tolist(), strict=True)]


def _matches(values: pa.ChunkedArray, wanted: tuple[str, ...]) -> np.ndarray[Any, Any]:
    """A boolean per row: is the value one of ``wanted``? Dictionary columns are compared by dictionary."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = []
    for chunk in values.chunks:
        if pa.types.is_dictionary(chunk.type):
            hits = np.isin(np.asarray(chunk.dictionary.to_pylist(), dtype=object), wanted)
            if hits.all() and not chunk.null_count:
                parts.append(np.ones(len(chunk), dtype=bool))
                continue
            indices = chunk.indices.fill_null(0).to_numpy(zero_copy_only=False)
            part = hits[indices] if len(hits) else np.zeros(len(chunk), dtype=bool)
            if chunk.null_count:
                part &= chunk.is_valid().to_numpy(zero_copy_only=False)
        else:
            part = pc.is_in(chunk, value_set=pa.array(wanted, type=chunk.type)).to_numpy(zero_copy_only=False)
        parts.append(part)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


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


def _fen(amounts: pa.ChunkedArray) -> np.ndarray[Any, Any]:
    """Amounts as integers of fen, exactly: a ``decimal128(·, 2)`` value is stored as that integer."""
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
    for chunk in amounts.chunks:
        words = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[2 * chunk.offset : 2 * (chunk.offset + len(chunk))]
        low, high = words[0::2], words[1::2]
        # each high word must be the low word's sign: where no amount is negative, checked without a copy
        positive = high.min(initial=0) == 0 and high.max(initial=0) == 0 and low.min(initial=0) >= 0
        if not positive and not np.array_equal(high, low >> 63):
            raise GfsError("an amount exceeds 9.2×10¹⁶ yuan (2⁶³ fen): beyond what the fast roll-up adds")
        parts.append(low)
    if len(parts) == 1:
        return parts[0]  # a strided view of the buffer: no copy
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


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
