"""The outcome of every rule instance a check run made, so “checked and fine” differs from “not checked”.

:func:`gfs_cn.checks.check` returns a :class:`CheckResult`: a sequence of its findings (as before),
plus one :class:`Outcome` per place each rule applied — passed, error, warning, rounding, incomplete
— and the rules that did not apply (the tables they read are absent).

>>> result = CheckResult(findings=(), outcomes=(Outcome(rule="r", status=Status.PASSED),), not_applicable=("s",))
>>> list(result), result.summary()
([], '1 checks: 1 passed, 0 errors, 0 warnings, 0 rounding, 0 incomplete, rules not applicable: s')
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, overload

import attrs

from gfs_cn.checks.findings import Finding, Severity

__all__ = ["CheckResult", "Outcome", "Status"]


class Status(enum.Enum):
    """What one rule instance found."""

    PASSED = "passed"
    ERROR = "error"
    WARNING = "warning"
    ROUNDING = "rounding"
    """Different only within the rounding bounds of the printed figures."""
    INCOMPLETE = "incomplete"
    """A table the rule needs was cut off or could not be read: no verdict."""

    @classmethod
    def of(cls, severity: Severity) -> Status:
        """The status a finding of ``severity`` gives its instance."""
        return cls(severity.value)


@attrs.frozen(slots=True, kw_only=True)
class Outcome:
    """One rule applied at one place: the rule, the status, where (table kinds, row, column, line)."""

    rule: str
    status: Status
    tables: tuple[str, ...] = ()
    row: str | None = None
    column: str | None = None
    line: int | None = None


@attrs.frozen(slots=True, kw_only=True, eq=False)
class CheckResult(Sequence[Finding]):
    """Findings of a check run (iterate, index, ``len``) and the outcome of every rule instance."""

    findings: tuple[Finding, ...]
    outcomes: tuple[Outcome, ...]
    not_applicable: tuple[str, ...] = ()
    """Ids of the rules that found nothing to check (the tables they read are absent)."""

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | Sequence[Finding]:
        return self.findings[index]

    def __eq__(self, other: object) -> bool:
        # Compares as the list of findings, as check() returned before it returned a result.
        if isinstance(other, CheckResult):
            return self.findings == other.findings and self.outcomes == other.outcomes
        if isinstance(other, (list, tuple)):
            return list(self.findings) == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.findings)

    def __repr__(self) -> str:
        # Shown as the list of findings check() used to return; summary() gives the counts.
        return repr(list(self.findings))

    def counts(self) -> dict[str, int]:
        """Instances per status, over every rule (``checks`` is the number of instances)."""
        tally = Counter(o.status for o in self.outcomes)
        return {"checks": len(self.outcomes), **{s.value: tally.get(s, 0) for s in Status}}

    def by_rule(self) -> dict[str, dict[str, int]]:
        """Instances per status for each rule that ran (rules that did not apply are absent)."""
        table: dict[str, Counter[Status]] = {}
        for outcome in self.outcomes:
            table.setdefault(outcome.rule, Counter())[outcome.status] += 1
        return {rule: {s.value: tally.get(s, 0) for s in Status} for rule, tally in table.items()}

    def summary(self) -> str:
        """``N checks: P passed, F errors, W warnings, R rounding, I incomplete, rules not applicable: …``."""
        c = self.counts()
        missing = ", ".join(self.not_applicable) or "none"
        return (
            f"{c['checks']} checks: {c['passed']} passed, {c['error']} errors, {c['warning']} warnings, "
            f"{c['rounding']} rounding, {c['incomplete']} incomplete, rules not applicable: {missing}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Counts, per-rule counts and the rules not applicable, JSON-ready (findings: see
        :func:`gfs_cn.serialize.findings_to_dicts`)."""
        return {"counts": self.counts(), "rules": self.by_rule(), "not_applicable": list(self.not_applicable)}
