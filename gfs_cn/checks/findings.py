"""What a check finds: the rule, where, the expected and actual figures, and a sentence."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from gfs_cn.tables.columns import Column

__all__ = ["Finding", "Severity"]


class Severity(enum.Enum):
    """How bad a finding is, worst first."""

    ERROR = "error"
    """The report contradicts itself or the catalogue beyond rounding."""
    WARNING = "warning"
    """Something a reader should look at: a former name, a pairing for the other kind of unit."""
    INCOMPLETE = "incomplete"
    """The rule needs a table the source cut off: no verdict."""
    ROUNDING = "rounding"
    """A difference within the rounding of the printed figures (n × 0.005 万元 for n terms), or a
    percentage printed truncated (10.15% for 10.157%)."""
    NOTE = "note"
    """Worth knowing, not wrong: a template's practice (the “三公” table in 万元 among tables in 元), the
    printed cell that would explain several errors at once."""

    @property
    def rank(self) -> int:
        """0 for the worst (error)."""
        return _RANKS[self]


_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INCOMPLETE: 2, Severity.ROUNDING: 3, Severity.NOTE: 4}


@attrs.frozen(slots=True, kw_only=True)
class Finding:
    """One finding of a check (勾稽关系/目录 …): rule, severity, where, figures, and a readable sentence.

    Figures are Decimal yuan (``None`` where the rule compares no figures); ``difference`` is
    ``actual - expected``.
    """

    rule: str
    severity: Severity
    message: str
    tables: tuple[str, ...] = ()
    """The table kinds involved (TableKind values)."""
    row: str | None = None
    """The row as printed: code and name, or the item of a summary line."""
    column: Column | None = None
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    line: int | None = None
    """Line of the source text, where known."""
    bound: Decimal | None = None
    """The rounding allowed between the two figures, in yuan (their printed figures' half-units added)."""
    page: int | None = None
    """Page of the source (PDF), where known."""
    paths: tuple[str, ...] = ()
    """JSON paths into ``gfs_cn.to_dict(report)`` of every figure compared (``$.tables[3].rows[12].amounts.total``)."""

    @property
    def location(self) -> str:
        """Where to look, said once: ``p. 12, line 345`` (page of the PDF, line of the text), ``line 345``
        where the source has no pages, ``""`` where neither is known."""
        parts = [f"p. {self.page}"] if self.page is not None else []
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)

    @property
    def sort_key(self) -> tuple[int, str, int, str, str, str]:
        """Severity first, then rule, line, table, row and column: a stable order."""
        return (
            self.severity.rank,
            self.rule,
            self.line if self.line is not None else 0,
            ",".join(self.tables),
            self.row or "",
            self.column.value if self.column else "",
        )

    def __str__(self) -> str:
        where = f" ({self.location})" if self.location else ""
        return f"[{self.severity.value}] {self.rule}{where}: {self.message}"
