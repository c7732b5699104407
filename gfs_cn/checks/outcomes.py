"""The outcome of every rule instance a check run made, so “checked and fine” differs from “not checked”.

:func:`gfs_cn.checks.check` returns a :class:`CheckResult`: a sequence of its findings (as before),
plus one :class:`Outcome` per place each rule applied — passed, error, warning, rounding, incomplete
— and the rules that did not apply (the tables they read are absent).

>>> result = CheckResult(findings=(), outcomes=(Outcome(rule="r", status=Status.PASSED),), not_applicable=("s",))
>>> list(result), result.summary()
([], '1 checks: 1 passed, 0 errors, 0 warnings, 0 rounding, 0 incomplete, 0 notes, rules not applicable: s')
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterator, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, overload

import attrs

from gfs_cn.checks.findings import Finding, Severity

if TYPE_CHECKING:
    import pandas

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
    NOTE = "note"
    """Worth knowing, not wrong (a template's practice)."""

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
        """``N checks: P passed, F errors, W warnings, R rounding, I incomplete, K notes, rules not applicable: …``.

        Every finding but an explanation (``explain.cells``, a note) is one instance, so the counts
        here are the counts of the findings by severity.
        """
        c = self.counts()
        missing = ", ".join(self.not_applicable) or "none"
        return (
            f"{c['checks']} checks: {c['passed']} passed, {c['error']} errors, {c['warning']} warnings, "
            f"{c['rounding']} rounding, {c['incomplete']} incomplete, {c['note']} notes, "
            f"rules not applicable: {missing}"
        )

    def severities(self) -> dict[str, int]:
        """Findings per severity, worst first (every severity, 0 where none)."""
        tally = Counter(f.severity for f in self.findings)
        return {s.value: tally.get(s, 0) for s in sorted(Severity, key=lambda s: s.rank)}

    def to_dict(self) -> dict[str, Any]:
        """Counts, findings per severity, the findings themselves, per-rule counts and the rules not
        applicable, JSON-ready (figures as yuan strings, enums by value).

        >>> f = Finding(rule="r", severity=Severity.ERROR, message="m", page=3, line=40)
        >>> data = CheckResult(findings=(f,), outcomes=(Outcome(rule="r", status=Status.ERROR),)).to_dict()
        >>> data["severities"]["error"], data["findings"][0]["page"], data["findings"][0]["line"]
        (1, 3, 40)
        """
        return {
            "counts": self.counts(),
            "severities": self.severities(),
            "findings": [_finding_dict(f) for f in self.findings],
            "rules": self.by_rule(),
            "not_applicable": list(self.not_applicable),
        }

    def to_frame(self) -> pandas.DataFrame:
        """The findings as a pandas DataFrame, one row each (needs the optional extra ``gfs-cn[pandas]``):
        rule, severity, page, line, tables, row, column, expected, actual, difference (yuan), bound, message."""
        from gfs_cn.frames import _require_pandas

        _require_pandas()
        import pandas as pd

        rows = [{**_finding_dict(f), "location": f.location} for f in self.findings]
        columns = list(_FRAME_COLUMNS)
        frame: pandas.DataFrame = pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=columns)
        for name in ("expected", "actual", "difference", "bound"):
            frame[name] = [None if v is None else _decimal(v) for v in frame[name]]
        return frame

    def _repr_html_(self) -> str:
        """The summary, then one table row per finding (severity, rule, where, message), for Jupyter."""
        head = "".join(f"<th>{h}</th>" for h in ("severity", "rule", "where", "finding"))
        body = "".join(
            f'<tr class="gfs-{f.severity.value}"><td>{f.severity.value}</td><td><code>{escape(f.rule)}</code></td>'
            f'<td>{escape(f.location)}</td><td style="text-align:left">{escape(f.message)}</td></tr>'
            for f in self.findings
        )
        counts = ", ".join(f"{n} {s}" for s, n in self.severities().items() if n) or "no findings"
        return (
            f"<div><p><strong>{escape(counts)}</strong> — {escape(self.summary())}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        )


_FRAME_COLUMNS = (
    "rule",
    "severity",
    "page",
    "line",
    "location",
    "tables",
    "row",
    "column",
    "expected",
    "actual",
    "difference",
    "bound",
    "message",
)


def _decimal(text: str) -> Any:
    from decimal import Decimal

    return Decimal(text)


def _finding_dict(finding: Finding) -> dict[str, Any]:
    """A finding as JSON-ready data (figures as yuan strings, enums by value)."""

    def number(value: Any) -> str | None:
        return None if value is None else str(value)

    # The fields of gfs_cn.serialize.findings_to_dicts, in its order (so either reads the other's output).
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "tables": list(finding.tables),
        "row": finding.row,
        "column": finding.column.value if finding.column else None,
        "expected": number(finding.expected),
        "actual": number(finding.actual),
        "difference": number(finding.difference),
        "line": finding.line,
        "bound": number(finding.bound),
        "page": finding.page,
        "paths": list(finding.paths),
    }
