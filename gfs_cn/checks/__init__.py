"""Checks (勾稽关系) of a report: within tables, across tables, against the catalogue and the narrative.

Rules are data (``data/check_rules.tsv``, with the links between tables in ``data/check_links.tsv``
and the narrative phrases in ``data/narrative_claims.tsv``); each finding names the rule, the
table(s), the row as printed and the column, the expected and actual figures, the difference and
whether it is within rounding.

>>> from gfs_cn.checks import rules
>>> [r.id for r in rules()][:3]
['catalogue.code', 'catalogue.name', 'catalogue.parent']
"""

from __future__ import annotations

from gfs_cn.checks.figures import Figure
from gfs_cn.checks.findings import Finding, Severity
from gfs_cn.checks.outcomes import CheckResult, Outcome, Status
from gfs_cn.checks.registry import CheckFunction, Context, Rule, register, rules, unregister
from gfs_cn.checks.runner import DEFAULT_TOLERANCE, check

__all__ = [
    "DEFAULT_TOLERANCE",
    "CheckFunction",
    "CheckResult",
    "Context",
    "Figure",
    "Finding",
    "Outcome",
    "Rule",
    "Severity",
    "Status",
    "check",
    "register",
    "rules",
    "unregister",
]
