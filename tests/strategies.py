"""Hypothesis strategies for every table class, every row class and whole reports.

Fields are drawn from their type hints, so a field added to a model is drawn too (and a type this
module does not know fails loudly, asking to be taught here). What the type cannot say is drawn
by hand: amounts keyed by the table's columns (a two-sided table's income lines by its income
columns), and codes with the catalogue subject consistent with them — the subject of a valid
canonical code, ``None`` for anything else (unknown codes, printed forms, text, blank).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import attrs
from hypothesis import strategies as st
from moneyed import Money

from gfs_cn import economic, functional
from gfs_cn._shapes import row_class
from gfs_cn.catalog import Classification, Subject
from gfs_cn.codes import Level
from gfs_cn.tables import (
    TABLE_CLASSES,
    BudgetRow,
    ClassifiedRow,
    Column,
    EconomicRow,
    GenericRow,
    Indicator,
    ProjectRow,
    Report,
    Side,
    SummaryLine,
    Table,
    ThreePublicRow,
)

__all__ = ["ROW_STRATEGIES", "money", "reports", "tables"]

Strategy = st.SearchStrategy[Any]

PRINTED = st.sampled_from(
    ["合计", "总计", "行政运行", "商品和服务支 出", "一、一般公共服务支出", "(十)卫生健康支出", "其中：财政拨款", ""]
)
TEXT = st.one_of(PRINTED, st.text(max_size=12))
"""Text as reports print it, and any text at all (blanks, tabs, quotes, markup, other scripts)."""

money = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False
).map(lambda yuan: Money(yuan, "CNY"))
"""Amounts in yuan with two decimals (printed 万元 figures times 10,000 always are)."""

money_or_blank = st.one_of(st.none(), money)


def for_type(hint: Any) -> Strategy:
    """A strategy for a field's type hint."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is type(None):
        return st.none()
    if hint is str:
        return TEXT
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(min_value=-1, max_value=10**6)
    if hint is Decimal:
        return st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=1000)
    if hint is Money:
        return money
    if origin in (Union, types.UnionType):
        return st.one_of(*(for_type(arg) for arg in args))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    if origin is dict and args[0] is str:
        return st.dictionaries(TEXT, for_type(args[1]), max_size=2)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return st.lists(for_type(args[0]), max_size=3).map(tuple)
    if isinstance(hint, type) and attrs.has(hint) and hint is not Subject:
        return records(hint)
    raise NotImplementedError(f"no strategy for {hint!r}: teach tests/strategies.py (Subject fields are drawn by hand)")


_BY_NAME: dict[str, Strategy] = {
    **dict.fromkeys(("line", "first_line", "last_line", "page", "line_number"), st.integers(1, 10**6)),
    "year": st.integers(1950, 2100),
}
"""Fields whose name says what they hold, drawn as serialization accepts them (lines from 1, plausible years)."""


def _for_field(cls: type, name: str, hint: Any) -> Strategy:
    if cls is Report and name == "department":
        return TEXT.filter(str.strip)
    strategy = _BY_NAME.get(name)
    if strategy is None:
        return for_type(hint)
    return st.one_of(st.none(), strategy) if type(None) in get_args(hint) else strategy


def records(cls: type, **overrides: Strategy) -> Strategy:
    """Instances of an attrs class, every ``init`` field drawn from its type unless overridden."""
    hints = typing.get_type_hints(cls)
    fields = [field for field in attrs.fields(cls) if field.init]
    unknown = set(overrides) - {field.name for field in fields}
    assert not unknown, f"{cls.__name__} has no fields {unknown}"
    drawn = {
        f.name: overrides[f.name] if f.name in overrides else _for_field(cls, f.name, hints[f.name]) for f in fields
    }
    return st.builds(cls, **drawn)


def amounts(columns: tuple[Column, ...]) -> Strategy:
    """A value or a blank under every column."""
    return st.fixed_dictionaries(dict.fromkeys(columns, money_or_blank))


def _subject_of(catalog: Classification, code: str) -> Subject | None:
    subject = catalog.get(code)
    return subject if subject is not None and subject.code == code else None


def coded(catalog: Classification) -> Strategy:
    """``(code, subject)``: a valid code with its subject, or anything else with ``None``."""
    valid = st.sampled_from([subject.code for subject in catalog])
    # Codes as rows hold them: canonical, or printed text with a digit (a row without a code has "").
    other = st.one_of(
        st.text("0123456789", min_size=1, max_size=8),
        st.sampled_from(["", "2101598", "0 30206", "30299x", "21O1501", "（210）", "210１5"]),
    )
    return st.one_of(valid, other).map(lambda code: (code, _subject_of(catalog, code)))


FUNCTIONAL_CLASSES = [subject for subject in functional.CATALOG if subject.level is Level.CLASS]

Columns = tuple[Column, ...]


@st.composite
def classified_rows(draw: st.DrawFn, columns: Columns, income_columns: Columns) -> ClassifiedRow:
    code, subject = draw(coded(functional.CATALOG))
    row: ClassifiedRow = draw(
        records(ClassifiedRow, code=st.just(code), subject=st.just(subject), amounts=amounts(columns))
    )
    return row


@st.composite
def economic_rows(draw: st.DrawFn, columns: Columns, income_columns: Columns) -> EconomicRow:
    code, subject = draw(coded(economic.department.CATALOG))
    government_code, government_subject = draw(st.one_of(st.just((None, None)), coded(economic.government.CATALOG)))
    row: EconomicRow = draw(
        records(
            EconomicRow,
            code=st.just(code),
            subject=st.just(subject),
            government_code=st.just(government_code),
            government_subject=st.just(government_subject),
            amounts=amounts(columns),
        )
    )
    return row


@st.composite
def summary_lines(draw: st.DrawFn, columns: Columns, income_columns: Columns) -> SummaryLine:
    side = draw(st.sampled_from(list(Side)))
    subject = None if side is Side.INCOME else draw(st.one_of(st.none(), st.sampled_from(FUNCTIONAL_CLASSES)))
    keys = income_columns if side is Side.INCOME else columns
    line: SummaryLine = draw(records(SummaryLine, side=st.just(side), subject=st.just(subject), amounts=amounts(keys)))
    return line


@st.composite
def project_rows(draw: st.DrawFn, columns: Columns, income_columns: Columns) -> ProjectRow:
    code, subject = draw(st.one_of(st.just((None, None)), coded(functional.CATALOG)))
    row: ProjectRow = draw(records(ProjectRow, code=st.just(code), subject=st.just(subject), amounts=amounts(columns)))
    return row


def _plain_rows(cls: type) -> Callable[[Columns, Columns], Strategy]:
    def rows(columns: Columns, income_columns: Columns) -> Strategy:
        return records(cls, amounts=amounts(columns)) if "amounts" in attrs.fields_dict(cls) else records(cls)

    return rows


ROW_STRATEGIES: dict[type, Callable[[Columns, Columns], Strategy]] = {
    ClassifiedRow: classified_rows,
    EconomicRow: economic_rows,
    SummaryLine: summary_lines,
    ProjectRow: project_rows,
    ThreePublicRow: _plain_rows(ThreePublicRow),
    BudgetRow: _plain_rows(BudgetRow),
    GenericRow: _plain_rows(GenericRow),
    Indicator: _plain_rows(Indicator),
}
"""Rows of each row class, given the table's columns and income columns."""

column_lists = st.lists(st.sampled_from(list(Column)), unique=True, max_size=4).map(tuple)


@st.composite
def tables(draw: st.DrawFn, cls: type[Table[Any]]) -> Table[Any]:
    """A table of ``cls``: columns, rows whose amounts have exactly those columns, every other field."""
    columns = draw(column_lists)
    names = attrs.fields_dict(cls)
    income_columns = draw(column_lists) if "income_columns" in names else ()
    rows = draw(st.lists(ROW_STRATEGIES[row_class(cls)](columns, income_columns), max_size=4).map(tuple))
    overrides = {"columns": st.just(columns), "rows": st.just(rows)}
    if "income_columns" in names:
        overrides["income_columns"] = st.just(income_columns)
    table: Table[Any] = draw(records(cls, **overrides))
    return table


any_table = st.one_of(*(tables(cls) for cls in TABLE_CLASSES.values()))


def reports(max_tables: int = 4) -> Strategy:
    """Whole reports: tables of any classes, units, unplaced blocks, narrative and the rest."""
    return records(Report, tables=st.lists(any_table, max_size=max_tables).map(tuple))
