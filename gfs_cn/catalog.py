"""A hierarchical classification of codes (科目表), loaded lazily from ``data/``.

One :class:`Classification` holds one code table — the functional
classification, or one of the two economic classifications — and answers the
same small set of questions for each: :meth:`~Classification.lookup` (raises),
:meth:`~Classification.get` (returns a default), :meth:`~Classification.is_valid`,
:meth:`~Classification.find` by name, :meth:`~Classification.search` and iteration.

The table is read on first use, once, under a lock; ``import gfs_cn`` reads nothing.
"""

from __future__ import annotations

import enum
import functools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from typing import Final, Protocol

import attrs

from gfs_cn import _data
from gfs_cn.codes import Level, compact
from gfs_cn.editions import FIRST_YEAR, LATEST_YEAR, Change, ChangeKind, History
from gfs_cn.errors import AmbiguousNameError, GfsError, InvalidCodeError, UnknownCodeError, UnknownNameError

__all__ = [
    "BudgetType",
    "Classification",
    "LookupFunction",
    "NameKind",
    "NameMatch",
    "Scheme",
    "Subject",
    "normalize_name",
    "strip_numbering",
]

# How many codes and printed forms (e.g. "210 15 01") the lookup index may hold.
_MEMO_LIMIT: Final = 100_000


class Scheme(enum.Enum):
    """Which classification a code belongs to."""

    FUNCTIONAL = "functional"
    """支出功能分类科目"""
    DEPARTMENT_ECONOMIC = "department economic"
    """部门预算支出经济分类科目"""
    GOVERNMENT_ECONOMIC = "government economic"
    """政府预算支出经济分类科目"""

    @property
    def label(self) -> str:
        """The Chinese name of the classification."""
        return _SCHEME_LABELS[self]


_SCHEME_LABELS = {
    Scheme.FUNCTIONAL: "支出功能分类科目",
    Scheme.DEPARTMENT_ECONOMIC: "部门预算支出经济分类科目",
    Scheme.GOVERNMENT_ECONOMIC: "政府预算支出经济分类科目",
}


class BudgetType(enum.Enum):
    """The budget a functional code belongs to (预算类型)."""

    GENERAL = "general"
    """一般公共预算"""
    FUND = "fund"
    """政府性基金预算"""
    CAPITAL = "capital"
    """国有资本经营预算"""
    INSURANCE = "insurance"
    """社会保险基金预算"""

    @property
    def label(self) -> str:
        """The Chinese name of the budget."""
        return _BUDGET_LABELS[self]


_BUDGET_LABELS = {
    BudgetType.GENERAL: "一般公共预算",
    BudgetType.FUND: "政府性基金预算",
    BudgetType.CAPITAL: "国有资本经营预算",
    BudgetType.INSURANCE: "社会保险基金预算",
}


class NameKind(enum.Enum):
    """How a name refers to a code: its official name, a short form of it, or a former name.

    The order is the order of precedence when a name matches several codes.
    """

    OFFICIAL = "official"
    SHORT = "short"
    """A form printed in summary tables: the name without 支出, or a listed abbreviation."""
    FORMER = "former"
    """A name in force in earlier editions (e.g. 210 医疗卫生与计划生育支出 until 2018)."""


def normalize_name(name: str) -> str:
    """The form names are compared in: NFKC (full-width brackets to half-width), no blanks.

    >>> normalize_name("维修（护）费 ") == normalize_name("维修(护)费")
    True
    """
    folded = unicodedata.normalize("NFKC", name)
    return "".join(folded.split()).replace("“", '"').replace("”", '"')


# Numbering printed before items and titles: 一、 八. （十） (3) 12、 — half-width after NFKC.
_NUMBERING: Final = re.compile(r"^(?:\(?[一二三四五六七八九十]+[)、.]|\(\d+\)|\d+[、.])")


def strip_numbering(name: str) -> str:
    """A printed item in compared form (see :func:`normalize_name`) without the numbering before it.

    >>> strip_numbering("（十）卫 生健康支出"), strip_numbering("八、卫生健康支出"), strip_numbering("2.项目支出")
    ('卫生健康支出', '卫生健康支出', '项目支出')
    """
    return _NUMBERING.sub("", normalize_name(name), count=1)


@attrs.frozen(slots=True, eq=False, repr=False)
class Subject:
    """One code of a classification (科目): code, official name, level and place in the tree.

    Immutable and hashable; equal when scheme and code are equal.

    >>> from gfs_cn import functional
    >>> s = functional.lookup("2101501")
    >>> s.code, s.name, s.level.label
    ('2101501', '行政运行', '项')
    >>> s.path
    ('卫生健康支出', '医疗保障管理事务', '行政运行')
    """

    code: str
    name: str
    level: Level
    scheme: Scheme
    budgets: frozenset[BudgetType] = frozenset()
    year: int | None = None
    """The edition the code was looked up in (``None``: the latest held, or one identical to it)."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Subject):
            return NotImplemented
        return self.code == other.code and self.scheme is other.scheme

    def __hash__(self) -> int:
        return hash((self.code, self.scheme))

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def __repr__(self) -> str:
        return f"<Subject {self.scheme.value} {self.code} {self.name}>"

    @property
    def _catalog(self) -> Classification:
        latest = _REGISTRY[self.scheme]
        return latest if self.year is None else latest.of_year(self.year)

    @property
    def parent(self) -> Subject | None:
        """The code one level up (2101501 → 21015), or ``None`` for a 类."""
        if self.level is Level.CLASS:
            return None
        return self._catalog.lookup(self.code[: self.level.digits - 2])

    @property
    def children(self) -> tuple[Subject, ...]:
        """The codes one level down, sorted by code."""
        return self._catalog.children_of(self.code)

    @property
    def ancestors(self) -> tuple[Subject, ...]:
        """All codes above, from the 类 down (excluding this one)."""
        catalog = self._catalog
        return tuple(catalog.lookup(self.code[:n]) for n in range(3, len(self.code), 2))

    @property
    def path(self) -> tuple[str, ...]:
        """Official names from the 类 down to this code."""
        return (*(a.name for a in self.ancestors), self.name)

    @property
    def former_names(self) -> tuple[NameMatch, ...]:
        """Names this code had in earlier editions, with their years."""
        return self._catalog.names_of(self.code, NameKind.FORMER)

    @property
    def history(self) -> tuple[Change, ...]:
        """Every recorded change of this code, its former codes and its successors (see ``history``)."""
        return _REGISTRY[self.scheme].history(self.code)


@attrs.frozen(slots=True)
class NameMatch:
    """A name resolved to a code, saying how it matched and the years it was in force."""

    subject: Subject
    name: str
    kind: NameKind
    since: int | None = None
    """First year the name was in force, where known."""
    until: int | None = None
    """Last year the name was in force (``None``: still in force or unknown)."""

    def in_force(self, year: int) -> bool:
        """Whether this name was the one in force in ``year``."""
        return (self.since is None or self.since <= year) and (self.until is None or year <= self.until)


class LookupFunction(Protocol):
    """The signature of :meth:`Classification.lookup`, as a plain function (the modules' ``lookup``)."""

    def __call__(self, code: object, year: int | None = None) -> Subject: ...


class Classification:
    """A code table, loaded from ``data/`` on first use.

    The module-level functions of :mod:`gfs_cn.functional`,
    :mod:`gfs_cn.economic.department` and :mod:`gfs_cn.economic.government` are
    the bound methods of one instance each: the latest edition held (``lookup``
    is :meth:`lookup_function`, the method as a plain function). Every
    question takes ``year=`` to answer as of that year's edition instead
    (:meth:`of_year`, the modules' ``edition``); years before the first edition
    held use the first, years after the latest use the latest.
    """

    def __init__(
        self,
        scheme: Scheme,
        filename: str,
        names_filename: str,
        lengths: tuple[int, ...],
        changes_filename: str | None = None,
        *,
        year: int | None = None,
        latest: Classification | None = None,
    ) -> None:
        self.scheme: Final = scheme
        self.lengths: Final = lengths
        self.year: Final = LATEST_YEAR if year is None else year
        """The year of this edition."""
        self._filename = filename
        self._names_filename = names_filename
        self._latest = self if latest is None else latest
        self._history: History = (
            History(filename, changes_filename or filename.replace(".tsv", "_changes.tsv"))
            if latest is None
            else latest._history
        )
        self._lock = threading.Lock()
        self._loaded = False
        # canonical code → Subject, plus printed forms remembered after their first lookup;
        # a key it lacks goes to _resolve() without the cost of raising KeyError.
        self._index = _Index(self._resolve)
        # The same codes in a plain dict, for lookups with ``year=``: subscripting an exact dict is what the
        # interpreter makes fastest, and a key it lacks (before loading, a printed form) costs one KeyError.
        self._canonical: dict[str, Subject] = {}
        self._subjects: tuple[Subject, ...] = ()
        self._children: dict[str, tuple[Subject, ...]] = {}
        self._names: dict[str, list[NameMatch]] = {}
        self._names_by_code: dict[str, tuple[NameMatch, ...]] = {}
        self._edition = ""
        if latest is None:
            # One (unloaded) object per edition held; each loads on its first question, so
            # lookup(code, year=y) is two plain subscripts: year → that edition's index → code.
            self._editions: dict[int, Classification] = {LATEST_YEAR: self}
            for held in range(FIRST_YEAR, LATEST_YEAR):
                self._editions[held] = Classification(scheme, filename, names_filename, lengths, year=held, latest=self)
            self._year_index: dict[int, dict[str, Subject]] = {y: e._canonical for y, e in self._editions.items()}
            for edition in self._editions.values():
                edition._year_index = self._year_index
            _REGISTRY[scheme] = self
        else:
            self._editions = latest._editions

    # -- loading ---------------------------------------------------------------------------

    def _load(self) -> None:
        latest = self._latest
        if latest is not self and self._history.table(self.year) is self._history.table(latest.year):
            # No recorded change since this year (2024 and 2025 today): share the latest edition's codes.
            latest._ensure_loaded()
            with self._lock:
                if not self._loaded:
                    self._subjects, self._children = latest._subjects, latest._children
                    self._names, self._names_by_code = latest._names, latest._names_by_code
                    self._edition = latest._edition
                    self._index.update((s.code, s) for s in latest._subjects)
                    self._canonical.update(self._index)
                    self._loaded = True
            return
        with self._lock:
            if self._loaded:
                return
            budgets_cache: dict[str, frozenset[BudgetType]] = {}
            subjects = []
            year = None if self._latest is self else self.year
            for code, (name, tag) in self._history.table(self.year).items():
                budgets = budgets_cache.get(tag)
                if budgets is None:
                    budgets = frozenset(BudgetType(b) for b in tag.split(",") if b)
                    budgets_cache[tag] = budgets
                subjects.append(Subject(code, name, Level(len(code)), self.scheme, budgets, year))
            subjects.sort(key=lambda s: s.code)
            children: dict[str, list[Subject]] = {}
            for subject in subjects:
                if subject.level is not Level.CLASS:
                    children.setdefault(subject.code[:-2], []).append(subject)
            self._children = {code: tuple(kids) for code, kids in children.items()}
            self._subjects = tuple(subjects)
            by_code = {s.code: s for s in subjects}
            self._build_names(by_code)
            base = next(
                (c.split(":", 1)[1].strip() for c in _data.read_comments(self._filename) if c.startswith("edition:")),
                "",
            )
            # A year with no recorded change since 2024 is the base table itself, and says so.
            same = self._history.table(self.year) is self._history.base()
            self._edition = base if same else f"{self.year}年政府收支分类科目 (2024 edition with the recorded changes)"
            self._index.update(by_code)
            self._canonical.update(by_code)
            self._loaded = True

    def _build_names(self, by_code: dict[str, Subject]) -> None:
        names: dict[str, list[NameMatch]] = {}
        per_code: dict[str, list[NameMatch]] = {}

        def add(match: NameMatch) -> None:
            same_name = names.setdefault(normalize_name(match.name), [])
            if any(m.subject is match.subject for m in same_name):
                return  # e.g. a former name that is also the derived short form of another
            same_name.append(match)
            per_code.setdefault(match.subject.code, []).append(match)

        for subject in by_code.values():
            add(NameMatch(subject, subject.name, NameKind.OFFICIAL))
            # Summary tables print class names without the trailing 支出 (“卫生健康”).
            if subject.name.endswith("支出") and len(subject.name) >= 4:
                add(NameMatch(subject, subject.name[:-2], NameKind.SHORT))
        rows = [
            (row["code"], row["name"], NameKind(row["kind"]), row["since"], row["until"])
            for row in _data.read_rows(self._names_filename)
        ]
        # Names a rename of the editions held replaced are former names from the year after.
        # A former name was in force since the code's previous change of an earlier year: several
        # changes of one year (a merge lists each old code) are not successive names.
        changed: dict[str, list[int]] = {}
        for change in self._history.changes():
            if change.year > self.year:
                break
            renamed = change.old_name != change.name and change.kind is not ChangeKind.ADDED
            if change.code and change.old_name and renamed:
                start = max((y for y in changed.get(change.code, ()) if y < change.year), default=None)
                rows.append((change.code, change.old_name, NameKind.FORMER, str(start or ""), str(change.year - 1)))
                changed.setdefault(change.code, []).append(change.year)
        for code, name, kind, first, last in rows:
            found = by_code.get(code)
            if found is None:
                continue  # a name of a code this edition does not have
            match = NameMatch(found, name, kind, int(first) if first else None, int(last) if last else None)
            add(match)
            # Old templates print former class names without 支出 too (“资源勘探信息等”).
            if kind is NameKind.FORMER and name.endswith("支出") and len(name) >= 4:
                add(NameMatch(found, name[:-2], kind, match.since, match.until))
        self._names = names
        self._names_by_code = {code: tuple(found) for code, found in per_code.items()}

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            self._load()

    # -- editions --------------------------------------------------------------------------

    def of_year(self, year: int) -> Classification:
        """This classification as of ``year``'s edition (built on first use, then kept).

        >>> from gfs_cn import functional
        >>> functional.edition(2018).lookup("210").name
        '医疗卫生与计划生育支出'
        """
        latest = self._latest
        if self is not latest:
            return latest.of_year(year)
        found = latest._editions.get(year) if type(year) is int else None
        return found if found is not None else latest._editions[_held_year(year)]

    def changes(self, since: int, until: int) -> tuple[Change, ...]:
        """The changes between edition ``since`` and edition ``until`` (either order), by year.

        >>> from gfs_cn import functional
        >>> [str(c) for c in functional.changes(2018, 2019) if c.code == "207"]
        ['2019 renamed 207 文化体育与传媒支出 → 文化旅游体育与传媒支出 (2019年政府收支分类科目)']
        """
        low, high = sorted((_held_year(since), _held_year(until)))
        return tuple(c for c in self._history.changes() if low < c.year <= high)

    def history(self, code: object) -> tuple[Change, ...]:
        """Every recorded change of a code, of the codes it came from and of the codes it became, by year.

        ``code`` may be a code of any edition held.

        >>> from gfs_cn import functional
        >>> [f"{c.year} {c.kind.value} {c.old_code}→{c.code}" for c in functional.history("2080504")]
        ['2021 merged 2080501→2080501', '2021 merged 2080504→2080501']
        """
        canonical = self.compact(code)
        related = {canonical}
        changes = self._history.changes()
        grown = True
        while grown:  # follow renumberings both ways
            grown = False
            for c in changes:
                if c.old_code and c.code and (c.old_code in related) != (c.code in related):
                    related.update((c.old_code, c.code))
                    grown = True
        found = tuple(c for c in changes if c.code in related or c.old_code in related)
        if not found and not any(self.of_year(y).is_valid(canonical) for y in range(FIRST_YEAR, LATEST_YEAR + 1)):
            self.lookup(canonical)  # raises UnknownCodeError for the latest edition
        return found

    def years_of(self, code: object) -> tuple[int, ...]:
        """The years whose edition holds ``code``.

        >>> from gfs_cn import functional
        >>> functional.years_of("2080504")
        (2017, 2018, 2019, 2020)
        """
        canonical = self.compact(code)
        return tuple(y for y in range(FIRST_YEAR, LATEST_YEAR + 1) if self._editions[y].is_valid(canonical))

    # -- codes -----------------------------------------------------------------------------

    @property
    def edition(self) -> str:
        """The source edition: the data file's header for 2024, else the year's title."""
        self._ensure_loaded()
        return self._edition

    def compact(self, code: object) -> str:
        """Canonical digits of a printed code, checking only its form (not that it exists)."""
        return compact(code, lengths=self.lengths, scheme=self.scheme.value)

    def lookup(self, code: object, year: int | None = None) -> Subject:
        """The code in any printed form; raises :class:`InvalidCodeError` or :class:`UnknownCodeError`.

        ``year``: as of that year's edition (default: the latest held).

        >>> from gfs_cn import functional
        >>> functional.lookup("2080504", year=2018).name
        '未归口管理的行政单位离退休'
        """
        try:
            if year is None:
                return self._index[code]  # type: ignore[index]
            return self._year_index[year][code]  # type: ignore[index]
        except KeyError:  # a printed form, an edition not loaded yet, or a year outside the editions held
            return self._remember(code, year)
        except TypeError:  # unhashable, so certainly not a code: compact() says why
            return self._resolve(code) if year is None else self.of_year(year)._resolve(code)

    def lookup_function(self) -> LookupFunction:
        """:meth:`lookup` as a plain function over this classification's indexes: what the modules export
        as ``lookup``, at the cost of a dict subscript or two (a method pays for its ``self``).

        >>> from gfs_cn import functional
        >>> lookup = functional.CATALOG.lookup_function()
        >>> lookup("2080504", year=2018).name, lookup("210 15 01").code
        ('未归口管理的行政单位离退休', '2101501')
        """
        latest = self._latest
        # year → that edition's plain dict of codes; None → the latest's index, which resolves a printed form
        # it lacks without raising (a first sight stays cheap). One subscript chain for both, no test of year:
        # with ``year=``, that is a third of the cost left once the call itself is paid.
        tables: dict[int | None, dict[str, Subject]] = {None: latest._index}
        for held, table in latest._year_index.items():
            tables[held] = table
        remember = latest._remember

        def lookup(code: object, year: int | None = None) -> Subject:
            try:
                return tables[year][code]  # type: ignore[index]
            except (KeyError, TypeError):  # not loaded yet, a printed form, or not a code: the method decides
                return remember(code, year)

        functools.update_wrapper(lookup, self.lookup)
        return lookup

    def _remember(self, code: object, year: int | None) -> Subject:
        """The code as of ``year`` (the latest edition for ``None``), its printed form then kept in that
        edition's plain dict, so that the next lookup of it is a plain hit."""
        edition = self._latest if year is None else self.of_year(year)  # of_year: a year that is no int says so
        subject = edition.lookup(code)
        if edition.year == year and type(code) is str and len(edition._canonical) < edition._index.limit:
            edition._canonical[code] = subject
        return subject

    def _resolve(self, code: object) -> Subject:
        """Called by the index for a key it does not hold: load, then normalise the printed form."""
        if not self._loaded:
            self._load()
        subject = self._index.get(code.replace(" ", "").replace("\t", "")) if isinstance(code, str) else None
        if subject is None:
            canonical = self.compact(code)  # raises InvalidCodeError, saying why
            subject = self._index.get(canonical)
            if subject is None:
                raise UnknownCodeError(
                    canonical, scheme=self.scheme.value, edition=self._edition, nearest=self._nearest(canonical)
                )
        if isinstance(code, str) and len(self._index) < self._index.limit:
            self._index[code] = subject
        return subject

    def _nearest(self, canonical: str) -> Subject | None:
        prefixes = (canonical[:n] for n in range(len(canonical) - 2, 2, -2))
        return next((self._index[p] for p in prefixes if p in self._index), None)

    def get(self, code: object, default: Subject | None = None, year: int | None = None) -> Subject | None:
        """Like :meth:`lookup`, but ``default`` where the code is malformed or unknown."""
        try:
            return self.lookup(code, year)
        except (InvalidCodeError, UnknownCodeError):
            return default

    def is_valid(self, code: object, year: int | None = None) -> bool:
        """Whether ``code`` (any printed form) is a code of this edition (or ``year``'s). Never raises on a code."""
        return self.get(code, None, year) is not None

    def children_of(self, code: object, year: int | None = None) -> tuple[Subject, ...]:
        """The codes one level below ``code``."""
        if year is not None:
            return self.of_year(year).children_of(code)
        return self._children.get(self.lookup(code).code, ())

    def __iter__(self) -> Iterator[Subject]:
        """Every code, sorted (a 类 before its 款, a 款 before its 项)."""
        self._ensure_loaded()
        return iter(self._subjects)

    def __len__(self) -> int:
        self._ensure_loaded()
        return len(self._subjects)

    def __contains__(self, code: object) -> bool:
        return self.is_valid(code)

    def __repr__(self) -> str:
        return f"<Classification {self.scheme.value} {self.year}>"

    def subjects(
        self, level: Level | None = None, budget: BudgetType | None = None, year: int | None = None
    ) -> Iterator[Subject]:
        """Codes of one level and/or one budget type, sorted (of ``year``'s edition if given)."""
        source = self if year is None else self.of_year(year)
        return (s for s in source if (level is None or s.level is level) and (budget is None or budget in s.budgets))

    # -- names -----------------------------------------------------------------------------

    def names_of(self, code: object, kind: NameKind | None = None, year: int | None = None) -> tuple[NameMatch, ...]:
        """Every name of a code (official, former, short), or only those of one kind."""
        if year is not None:
            return self.of_year(year).names_of(code, kind)
        self._ensure_loaded()
        found = self._names_by_code.get(self.lookup(code).code, ())
        return found if kind is None else tuple(m for m in found if m.kind is kind)

    def find_all(
        self, name: str, parent: object = None, year: int | None = None, level: Level | None = None
    ) -> tuple[NameMatch, ...]:
        """Every code a name refers to, best kind first.

        Official names win over short forms, which win over former names; only the
        best kind that matches is returned. ``parent`` (a code) keeps codes under
        it; ``year`` answers as of that year's edition and keeps only former names
        in force that year; ``level`` keeps codes of one level — summary tables
        list 类, so ``level=Level.CLASS`` resolves their short forms (“卫生健康”
        is also the name of two 项).
        """
        if not isinstance(name, str):
            raise UnknownNameError(name, scheme=self.scheme.value)
        if year is not None and type(year) is int and _held_year(year) != self.year:
            return self.of_year(year).find_all(name, parent, year, level)
        self._ensure_loaded()
        matches = self._names.get(normalize_name(name), [])
        if level is not None:
            matches = [m for m in matches if m.subject.level is level]
        if parent is not None:
            prefix = self.lookup(parent).code
            matches = [m for m in matches if m.subject.code.startswith(prefix) and m.subject.code != prefix]
        if year is not None:
            matches = [m for m in matches if m.in_force(year) or m.kind is not NameKind.FORMER]
        for kind in NameKind:
            best = tuple(dict.fromkeys(m for m in matches if m.kind is kind))
            if best:
                return best
        return ()

    def find(self, name: str, parent: object = None, year: int | None = None, level: Level | None = None) -> Subject:
        """The one code an official, short or former name refers to (arguments as :meth:`find_all`).

        Raises :class:`UnknownNameError` when none, :class:`AmbiguousNameError`
        when several (pass ``parent`` or ``level``).
        """
        matches = self.find_all(name, parent, year, level)
        subjects = tuple(dict.fromkeys(m.subject for m in matches))
        if not subjects:
            raise UnknownNameError(name, scheme=self.scheme.value)
        if len(subjects) > 1:
            raise AmbiguousNameError(name, subjects, scheme=self.scheme.value)
        return subjects[0]

    def search(self, text: str, year: int | None = None) -> list[Subject]:
        """Codes whose official or former name contains ``text`` (blanks and bracket widths ignored)."""
        if not isinstance(text, str):
            raise UnknownNameError(text, scheme=self.scheme.value)
        if year is not None:
            return self.of_year(year).search(text)
        self._ensure_loaded()
        needle = normalize_name(text)
        hits = {
            m.subject
            for key, found in self._names.items()
            if needle in key
            for m in found
            if m.kind is not NameKind.SHORT
        }
        return sorted(hits, key=lambda s: s.code)


def _held_year(year: object) -> int:
    """The edition year that answers for ``year``: clamped to the editions held."""
    if type(year) is not int:
        raise GfsError(f"year must be an int (e.g. 2018), not {year!r}")
    return min(max(year, FIRST_YEAR), LATEST_YEAR)


class _Index(dict[str, Subject]):
    """A dict that resolves keys it lacks (printed forms, or anything before loading) through a function."""

    __slots__ = ("_resolve", "limit")

    def __init__(self, resolve: Callable[[object], Subject]) -> None:
        super().__init__()
        self._resolve = resolve
        self.limit = _MEMO_LIMIT
        """Size past which printed forms are no longer remembered (canonical codes always are)."""

    def __missing__(self, key: object) -> Subject:
        # The usual printed forms differ from the canonical code by spaces and tabs only;
        # try that here, before the (slower) full resolution. Empty until loaded: then it resolves.
        if type(key) is str:
            subject = self.get(key.replace(" ", "").replace("\t", ""))
            if subject is not None:
                if len(self) < self.limit:
                    self[key] = subject  # remember the printed form: next time it is a plain hit
                return subject
        return self._resolve(key)


_REGISTRY: dict[Scheme, Classification] = {}
