"""The registry of checks: rules kept as data (``data/check_rules.tsv``), each bound to its code.

A :class:`Rule` says what is checked, how bad a violation is and which tables it reads; its
implementation is a function from a :class:`Context` to findings, registered with
:func:`implements`. Users list the rules with :func:`rules`, and add their own with
:func:`register`.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

import attrs

from gfs_cn import _data
from gfs_cn.checks.figures import Cell, Figure, half_unit
from gfs_cn.checks.findings import Finding, Severity
from gfs_cn.errors import GfsError
from gfs_cn.money import Unit
from gfs_cn.tables.columns import Column
from gfs_cn.tables.report import Report

__all__ = [
    "CheckFunction",
    "Context",
    "Rule",
    "compared",
    "implements",
    "register",
    "rules",
    "statement_place",
    "unregister",
]


@attrs.frozen(slots=True, kw_only=True)
class Rule:
    """A check: its id, the severity of a violation beyond rounding, the tables it reads, what it says."""

    id: str
    severity: Severity
    tables: tuple[str, ...]
    description: str
    category: str = "user"
    """The family of the rule (catalogue, within, across, narrative, performance, final, structure …)."""


class _Run:
    """What the rules of one run share: where each table and row sits in the report (for JSON paths),
    and the instances that passed."""

    __slots__ = ("failures", "memo", "passed", "row_index", "table_index")

    def __init__(self, report: Report) -> None:
        self.table_index = {id(t): n for n, t in enumerate(report.tables)}
        self.row_index: dict[int, dict[int, int]] = {}
        self.passed: list[tuple[str, tuple[str, ...], str | None, str | None, int | None]] = []
        self.failures: list[tuple[Finding, tuple[Cell, ...], tuple[Cell, ...]]] = []
        """Errors with the cells of their two sides (actual, expected), for the explaining rule."""
        self.memo: dict[str, Any] = {}
        """What several rules read alike, read once per run (the narrative's claim matches)."""

    def path(self, cell: Cell) -> str:
        if cell.table is None:
            return f"$.narrative[{cell.row}].{cell.key}"
        table = self.table_index.get(id(cell.table))
        if table is None:
            return ""
        if cell.row is None:
            return f"$.tables[{table}].{cell.key}"
        rows = self.row_index.get(id(cell.table))
        if rows is None:
            rows = self.row_index[id(cell.table)] = {id(r): n for n, r in enumerate(cell.table.rows)}
        row = rows.get(id(cell.row))
        return f"$.tables[{table}].{cell.key}" if row is None else f"$.tables[{table}].rows[{row}].{cell.key}"


@functools.lru_cache(maxsize=4096)
def compared(text: str) -> str:
    """A narrative text in the form statements are matched in (:func:`gfs_cn.catalog.normalize_name`), made
    once per text: every narrative rule reads every section."""
    from gfs_cn.catalog import normalize_name

    return normalize_name(text)


def statement_place(section: Any, at: int | None = None) -> dict[str, Any]:
    """Where a statement of a narrative section is printed: the section's heading as the row, and the line
    (and page) of the text at position ``at`` of its compared text (:func:`compared`); the section's first
    line where ``at`` is not given or the section does not know its lines."""
    place: dict[str, Any] = {"tables": (), "row": section.heading or None, "line": section.first_line}
    first_page = getattr(section, "first_page", None)
    if first_page is not None:
        place["page"] = first_page
    numbers = getattr(section, "lines", ())
    if at is None or not numbers:
        return place
    index = _line_index(section.text, at)
    if index < len(numbers):
        place["line"] = numbers[index]
        pages = getattr(section, "pages", ())
        if index < len(pages):
            place["page"] = pages[index]
    return place


@functools.lru_cache(maxsize=4096)
def _line_ends(text: str) -> tuple[int, ...]:
    """The position in the compared text where each line of ``text`` ends (blanks are removed in the
    compared form, so the line breaks are counted line by line)."""
    ends: list[int] = []
    total = 0
    for line in text.split("\n"):
        total += len(compared(line))
        ends.append(total)
    return tuple(ends)


def _line_index(text: str, at: int) -> int:
    """The line of ``text`` that position ``at`` of its compared form falls on."""
    return bisect.bisect_right(_line_ends(text), at)


# A stated number and the unit printed after it (9,101.68万元, 0.3亿元, 867.50 万元).
_STATED_UNIT: Final = re.compile(r"[\d,.]+\s*(万元|亿元|元)")


@attrs.frozen(slots=True, kw_only=True)
class Context:
    """What a check function gets: the report, the rule, and how figures are bounded.

    Figures read with :meth:`cell` carry their exact rounding bound (half a unit of the last printed
    digit in the table's unit) unless a fixed ``tolerance`` per figure was asked for.
    """

    report: Report
    rule: Rule
    tolerance: Decimal
    """Per printed term, in yuan (0.005 万元 = 50 yuan), for comparisons of bare Decimals."""
    fixed: Decimal | None = None
    """A fixed bound per printed figure in the printed unit (``check(tolerance=…)``); ``None``: exact."""
    run: _Run | None = attrs.field(default=None, eq=False)

    def money(self, value: Decimal | None) -> str:
        """A yuan figure in the report's printed unit, for messages (as ``format_amount`` prints it in
        zh_CN, without babel's cost: messages are made for every rounding note)."""
        if value is None:
            return "blank"
        unit = self.report.money_unit
        shown = (value / unit.factor).quantize(_CENT, rounding=ROUND_HALF_UP)
        return f"{shown:,.2f}{unit.value}"

    def factor(self, table: Any) -> Decimal:
        """Yuan per unit of the unit ``table`` printed (the report's where the table printed none)."""
        unit = getattr(table, "unit", None) or self.report.money_unit
        return unit.factor

    def bound(self, amount: Decimal | None, factor: Decimal) -> Decimal:
        """The rounding bound of one printed amount (yuan) in a unit of ``factor`` yuan; 0 for a blank."""
        if amount is None:
            return _ZERO
        if self.fixed is not None:
            return self.fixed * factor
        return half_unit(amount, factor)

    def cell(self, table: Any, row: Any, column: Column) -> Figure:
        """The figure in ``row`` under ``column`` (a blank cell is an exact zero)."""
        money = row.amounts.get(column)
        key = _KEYS.get(column) or _KEYS.setdefault(column, f"amounts.{column.value}")
        if money is None:
            return Figure(_ZERO, _ZERO, (Cell(table, row, key, None),))
        amount = money.amount
        unit = table.unit or self.report.money_unit
        bound = half_unit(amount, unit.factor) if self.fixed is None else self.fixed * unit.factor
        return Figure(amount, bound, (Cell(table, row, key, amount),))

    def cells(self, table: Any, rows: Iterable[Any], column: Column) -> Figure:
        """The sum of a column over rows (bounds add up)."""
        return Figure.total(self.cell(table, row, column) for row in rows)

    def amount(self, table: Any, row: Any, money: Any, key: str) -> Figure:
        """A figure held outside ``amounts`` (an ``extra`` column, a performance table's 预算资金)."""
        amount = None if money is None else money.amount
        return Figure(
            _ZERO if amount is None else amount,
            self.bound(amount, self.factor(table)),
            (Cell(table, row, key, amount),),
        )

    def stated(self, number: Decimal, section: int, at: int | None = None, factor: Decimal | None = None) -> Figure:
        """A figure the narrative states (``number`` in the report's unit, or in ``factor`` yuan), at
        position ``at`` of the section's compared text."""
        if factor is None:
            factor = self._stated_unit(section, at) or self.report.money_unit.factor
        amount = number * factor
        return Figure(amount, self.bound(amount, factor), (Cell(None, section, "text", amount, at),))

    def _stated_unit(self, section: int, at: int | None) -> Decimal | None:
        """Yuan per unit of the unit the narrative prints after the number at ``at`` (9,101.68万元), if any:
        a statement says its own unit, whatever the tables print in."""
        if at is None or not 0 <= section < len(self.report.narrative):
            return None
        text = compared(self.report.narrative[section].text)
        found = _STATED_UNIT.match(text, at)
        return None if found is None else Unit.parse(found.group(1)).factor

    def paths(self, figures: Iterable[Figure]) -> tuple[str, ...]:
        """JSON paths into ``gfs_cn.to_dict(report)`` of the cells the figures were read from."""
        if self.run is None:
            return ()
        return tuple(dict.fromkeys(p for f in figures for c in f.cells if (p := self.run.path(c))))

    def page(self, figures: Iterable[Figure]) -> int | None:
        """The page of the first cell that has one."""
        for figure in figures:
            for cell in figure.cells:
                page = getattr(cell.row, "page", None)
                if page is not None:
                    return int(page)
                if cell.row is None and getattr(cell.table, "first_page", None) is not None:
                    return int(cell.table.first_page)
        return None

    def passed(
        self,
        *,
        tables: tuple[str, ...] = (),
        row: str | None = None,
        column: Column | str | None = None,
        line: int | None = None,
        page: int | None = None,
    ) -> None:
        """Record an instance of the rule that holds (every instance counts, not only the failures); ``page``
        is accepted so a finding's place can be passed as it is, and not recorded."""
        if self.run is not None:
            name = column.value if isinstance(column, Column) else column
            self.run.passed.append((self.rule.id, tables, row, name, line))

    def compare(
        self,
        *,
        expected: Decimal | Figure,
        actual: Decimal | Figure,
        terms: int = 1,
        what: str,
        tables: tuple[str, ...],
        row: str | None = None,
        column: Column | None = None,
        line: int | None = None,
        incomplete: bool = False,
        page: int | None = None,
    ) -> Finding | None:
        """A finding when ``actual`` differs from ``expected``: a rounding note when the difference is
        within the figures' bounds added (``terms`` × the tolerance for bare Decimals), else the rule's
        severity (incomplete where a table was cut off). A match is recorded as a passed instance."""
        if isinstance(expected, Figure) or isinstance(actual, Figure):
            figures = [f for f in (actual, expected) if isinstance(f, Figure)]
            allowed = sum((f.bound for f in figures), _ZERO)
            expected_value = expected.value if isinstance(expected, Figure) else expected
            actual_value = actual.value if isinstance(actual, Figure) else actual
            described = "rounding of the printed figures"
        else:
            figures = []
            allowed = self.tolerance * max(terms, 1)
            expected_value, actual_value = expected, actual
            described = f"rounding of {terms} printed figures"
        expected_value, actual_value = _cents(expected_value), _cents(actual_value)
        difference = actual_value - expected_value
        if difference == 0:
            self.passed(tables=tables, row=row, column=column, line=line)
            return None
        within = abs(difference) <= allowed
        if within:
            severity = Severity.ROUNDING
        elif incomplete:
            severity = Severity.INCOMPLETE
        else:
            severity = self.rule.severity
        where = f"{row} " if row else ""
        column_text = f"[{column.label}] " if column else ""
        verdict = (
            f"within {described} (±{self.money(allowed)})"
            if within
            else "no verdict: the reading of a table it needs is in doubt"
            if incomplete
            else "beyond rounding"
        )
        message = (
            f"{where}{column_text}{what}: expected {self.money(expected_value)}, printed {self.money(actual_value)} "
            f"(difference {self.money(difference)}, {verdict})"
        )
        found = self.note(
            message,
            tables=tables,
            row=row,
            line=line,
            severity=severity,
            column=column,
            expected=expected_value,
            actual=actual_value,
            page=page if page is not None else self.page(figures),
            paths=self.paths(figures),
            bound=_cents(allowed),
        )
        failed = severity is Severity.ERROR and isinstance(actual, Figure) and isinstance(expected, Figure)
        if self.run is not None and failed:
            self.run.failures.append((found, actual.cells, expected.cells))  # type: ignore[union-attr]
        return found

    def note(
        self,
        message: str,
        *,
        tables: tuple[str, ...],
        row: str | None = None,
        line: int | None = None,
        severity: Severity | None = None,
        column: Column | None = None,
        expected: Decimal | None = None,
        actual: Decimal | None = None,
        page: int | None = None,
        paths: tuple[str, ...] = (),
        bound: Decimal | None = None,
    ) -> Finding:
        """A finding that is not a comparison of two sums (a wrong name, an unknown code …)."""
        expected = None if expected is None else _cents(expected)
        actual = None if actual is None else _cents(actual)
        difference = actual - expected if actual is not None and expected is not None else None
        return Finding(
            rule=self.rule.id,
            severity=severity or self.rule.severity,
            message=message,
            tables=tables,
            row=row,
            column=column,
            expected=expected,
            actual=actual,
            difference=difference,
            line=line,
            page=page,
            paths=paths,
            bound=bound,
        )


def _cents(value: Decimal) -> Decimal:
    """A yuan figure with exactly two decimals, so findings print alike (75000.00, not 75000.0 or 75000)."""
    return value.quantize(_CENT)


_CENT = Decimal("0.01")
_ZERO = Decimal(0)
_KEYS: dict[Column, str] = {}

CheckFunction = Callable[[Context], Iterable[Finding]]

_IMPLEMENTATIONS: dict[str, CheckFunction] = {}
_EXTRA: dict[str, tuple[Rule, CheckFunction]] = {}
_LOCK = threading.Lock()


def implements(rule_id: str) -> Callable[[CheckFunction], CheckFunction]:
    """Bind a function to a rule of ``data/check_rules.tsv``."""

    def bind(function: CheckFunction) -> CheckFunction:
        _IMPLEMENTATIONS[rule_id] = function
        return function

    return bind


@functools.cache
def _data_rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(
            id=row["id"],
            severity=Severity(row["severity"]),
            tables=tuple(row["tables"].split(",")),
            description=row["description"],
            category=row["category"],
        )
        for row in _data.read_rows("check_rules.tsv")
    )


def register(rule: Rule, function: CheckFunction) -> None:
    """Add a check of your own; it runs with the built-in ones (``check(..., disable=[id])`` skips it).

    >>> from gfs_cn.checks import Rule, Severity, register, rules, unregister
    >>> register(Rule(id="my.rule", severity=Severity.WARNING, tables=("*",), description="…"), lambda ctx: [])
    >>> "my.rule" in [r.id for r in rules()]
    True
    >>> unregister("my.rule")
    """
    if any(r.id == rule.id for r in _data_rules()):
        raise GfsError(f"rule {rule.id!r} is built in; choose another id")
    with _LOCK:
        _EXTRA[rule.id] = (rule, function)


def unregister(rule_id: str) -> None:
    """Remove a check added with :func:`register` (built-in rules are disabled per call, not removed)."""
    with _LOCK:
        _EXTRA.pop(rule_id, None)


def rules() -> tuple[Rule, ...]:
    """Every rule: the built-in ones of ``data/check_rules.tsv`` in file order, then registered ones."""
    return _data_rules() + tuple(rule for rule, _ in _EXTRA.values())


def implementation(rule: Rule) -> CheckFunction:
    """The function that checks a rule."""
    if rule.id in _EXTRA:
        return _EXTRA[rule.id][1]
    return _IMPLEMENTATIONS[rule.id]


def bound_rule_ids() -> frozenset[str]:
    """Ids of the built-in rules that have an implementation (a test compares them with the data)."""
    return frozenset(_IMPLEMENTATIONS)
