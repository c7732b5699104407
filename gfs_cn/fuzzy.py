"""Names matched as people type them (模糊匹配): the nearest names of the catalogue, scored, on rapidfuzz.

:func:`search` finds codes whose official or former name contains the text, as
:meth:`~gfs_cn.catalog.Classification.search` does, and where none does, the codes whose names are
nearest to it — a character missing, added or changed (机关事业单位基本养老保险费 for 30108
机关事业单位基本养老保险缴费) — each with its score (0–100). :func:`closest` suggests among any
strings (rule ids, table kinds); :func:`similarity` scores two names. Names are compared in the
catalogue's normal form (blanks, bracket widths and numbering ignored).

>>> [(m.subject.code, m.name, round(m.score)) for m in search("机关事业单位基本养老保险费")][:1]
[('30108', '机关事业单位基本养老保险缴费', 96)]
>>> closest("colum.sums", ["column.sums", "rollup.total"])
['column.sums']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Final

import attrs
from rapidfuzz import fuzz, process

from gfs_cn import economic, functional
from gfs_cn.catalog import Classification, NameKind, Subject, normalize_name, strip_numbering

__all__ = ["Match", "closest", "search", "similarity"]

EXACT: Final = 100.0
"""The score of a name that contains the text searched for."""
CUTOFF: Final = 75.0
"""The least score :func:`search` suggests a name at."""


@attrs.frozen(slots=True)
class Match:
    """A code found for a text: the subject, the name of it that matched, which kind of name, and how well."""

    subject: Subject
    name: str
    """The name that matched (official or former), as the catalogue holds it."""
    kind: NameKind
    score: float
    """100 where the name contains the text; else how near the name is (rapidfuzz's ratio, 0–100)."""


def similarity(a: str, b: str) -> float:
    """How alike two printed names are, 0–100, blanks, bracket widths and numbering ignored.

    >>> similarity("1. 一般公共预算资金", "1．一般公共预算") > 80, similarity("事业收入", "经营收入") < 80
    (True, True)
    """
    return float(fuzz.ratio(strip_numbering(a), strip_numbering(b)))


def closest(text: str, choices: Iterable[str], *, limit: int = 3, cutoff: float = 60.0) -> list[str]:
    """The choices nearest ``text``, best first (at most ``limit``, none scoring below ``cutoff``)."""
    found = process.extract(text, list(choices), scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff)
    return [choice for choice, _, _ in found]


@functools.cache
def _names(catalog: Classification) -> tuple[tuple[str, ...], tuple[tuple[Subject, str, NameKind], ...]]:
    """Every official and former name of a classification: their normal forms, and what each names."""
    keys: list[str] = []
    entries: list[tuple[Subject, str, NameKind]] = []
    for subject in catalog:
        for match in catalog.names_of(subject.code):
            if match.kind is NameKind.SHORT:
                continue
            keys.append(normalize_name(match.name))
            entries.append((subject, match.name, match.kind))
    return tuple(keys), tuple(entries)


_CATALOGS: Final = (functional.CATALOG, economic.department.CATALOG, economic.government.CATALOG)


def search(
    text: str,
    catalogs: Sequence[Classification] = _CATALOGS,
    *,
    limit: int = 10,
    cutoff: float = CUTOFF,
) -> list[Match]:
    """Codes for ``text``: those whose name contains it (score 100), in code order; where none does,
    the ``limit`` nearest names scoring ``cutoff`` or more, best first. One match per code, its best name.

    >>> search("住房公积金")[0].subject.code
    '2210201'
    >>> search("完全不相干的文字")
    []
    """
    needle = normalize_name(text)
    if not needle:
        return []
    exact: dict[Subject, Match] = {}
    order = {catalog.scheme: i for i, catalog in enumerate(catalogs)}
    for catalog in catalogs:
        keys, entries = _names(catalog)
        for key, (subject, name, kind) in zip(keys, entries, strict=True):
            if needle in key and (subject not in exact or kind is NameKind.OFFICIAL):
                exact[subject] = Match(subject, name, kind, EXACT)
    if exact:
        return sorted(exact.values(), key=lambda m: (order[m.subject.scheme], m.subject.code))
    near: dict[Subject, Match] = {}
    for catalog in catalogs:
        keys, entries = _names(catalog)
        found = process.extract(needle, keys, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=cutoff)
        for _, score, index in found:
            subject, name, kind = entries[index]
            if subject not in near or score > near[subject].score:
                near[subject] = Match(subject, name, kind, float(score))
    return sorted(near.values(), key=lambda m: (-m.score, order[m.subject.scheme], m.subject.code))[:limit]
