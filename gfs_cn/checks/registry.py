"""The registry of checks: rules kept as data (``data/check_rules.tsv``), each bound to its code.

A :class:`Rule` says what is checked, how bad a violation is and which tables it reads; its
implementation is a function from a :class:`Context` to findings, registered with
:func:`implements`. Users list the rules with :func:`rules`, and add their own with
:func:`register`.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from decimal import Decimal

import attrs

from gfs_cn import _data
from gfs_cn.checks.findings import Finding, Severity
from gfs_cn.errors import GfsError
from gfs_cn.money import format_amount
from gfs_cn.tables.columns import Column
from gfs_cn.tables.report import Report

__all__ = ["CheckFunction", "Context", "Rule", "implements", "register", "rules", "unregister"]


@attrs.frozen(slots=True, kw_only=True)
class Rule:
    """A check: its id, the severity of a violation beyond rounding, the tables it reads, what it says."""

    id: str
    severity: Severity
    tables: tuple[str, ...]
    description: str


@attrs.frozen(slots=True, kw_only=True)
class Context:
    """What a check function gets: the report, the rule, and the rounding tolerance per printed term."""

    report: Report
    rule: Rule
    tolerance: Decimal
    """Per printed term, in yuan (0.005 万元 = 50 yuan)."""

    def money(self, value: Decimal | None) -> str:
        """A yuan figure in the report's printed unit, for messages."""
        return "blank" if value is None else format_amount(value, self.report.money_unit)

    def compare(
        self,
        *,
        expected: Decimal,
        actual: Decimal,
        terms: int,
        what: str,
        tables: tuple[str, ...],
        row: str | None = None,
        column: Column | None = None,
        line: int | None = None,
        incomplete: bool = False,
    ) -> Finding | None:
        """A finding when ``actual`` differs from ``expected``: a rounding note within ``terms`` ×
        the tolerance, else the rule's severity (incomplete where a table was cut off)."""
        expected, actual = _cents(expected), _cents(actual)
        difference = actual - expected
        if difference == 0:
            return None
        within = abs(difference) <= self.tolerance * max(terms, 1)
        if within:
            severity = Severity.ROUNDING
        elif incomplete:
            severity = Severity.INCOMPLETE
        else:
            severity = self.rule.severity
        where = f"{row} " if row else ""
        column_text = f"[{column.label}] " if column else ""
        verdict = (
            f"within rounding of {terms} printed figures"
            if within
            else "a table it needs was cut off in the source"
            if incomplete
            else "beyond rounding"
        )
        message = (
            f"{where}{column_text}{what}: expected {self.money(expected)}, printed {self.money(actual)} "
            f"(difference {self.money(difference)}, {verdict})"
        )
        return self.note(
            message,
            tables=tables,
            row=row,
            line=line,
            severity=severity,
            column=column,
            expected=expected,
            actual=actual,
        )

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
        )


def _cents(value: Decimal) -> Decimal:
    """A yuan figure with exactly two decimals, so findings print alike (75000.00, not 75000.0 or 75000)."""
    return value.quantize(_CENT)


_CENT = Decimal("0.01")

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
