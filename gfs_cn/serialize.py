"""Reports to and from JSON (序列化): a versioned schema, exact amounts, a converter of our own.

:func:`to_dict` turns a :class:`~gfs_cn.tables.Report` into plain dicts, lists, strings, numbers,
booleans and ``None``; :func:`from_dict` reads it back, exactly: ``from_dict(to_dict(r)) == r``,
line numbers included. Amounts are yuan strings (``"23110700.00"``), never floats; enums are their
values; catalogue subjects are their codes, looked up again in the right classification; each table
carries its ``"kind"``. The document starts with a schema marker, ``"schema": "gfs_cn.report/1"``.
The format is described in ``docs/serialization.md``.

>>> from gfs_cn import from_json, to_json
>>> from gfs_cn.tables import Report, ReportKind
>>> report = Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET)
>>> text = to_json(report)
>>> text[:68]
'{"schema": "gfs_cn.report/1", "department": "鞍山市医疗保障局", "year": 2024'
>>> from_json(text) == report
True

Data this version cannot read raises :class:`~gfs_cn.errors.SchemaError` naming where:

>>> from gfs_cn import from_dict
>>> data = to_dict(report) | {"year": "2024"}
>>> from_dict(data)
Traceback (most recent call last):
...
gfs_cn.errors.SchemaError: expected a whole number, not a string ($.year)
"""

from __future__ import annotations

import enum
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, TypeVar, get_args, get_origin

import attrs
from moneyed import Money

from gfs_cn import functional
from gfs_cn.catalog import Classification, Subject
from gfs_cn.economic import department, government
from gfs_cn.errors import SchemaError
from gfs_cn.money import CURRENCY, MAX_DECIMALS, MAX_DIGITS, MAX_YUAN
from gfs_cn.tables.columns import Column
from gfs_cn.tables.kinds import TableKind
from gfs_cn.tables.models import TABLE_CLASSES, Table
from gfs_cn.tables.report import Report
from gfs_cn.tables.rows import ClassifiedRow, EconomicRow, ProjectRow, SummaryLine

if TYPE_CHECKING:
    from cattrs import Converter

    from gfs_cn.checks import Finding

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "YEARS",
    "findings_from_dicts",
    "findings_to_dicts",
    "from_dict",
    "from_json",
    "make_converter",
    "to_dict",
    "to_json",
]

SCHEMA_VERSION: Final = 1
"""The version of the report schema this gfs_cn writes, and the newest it reads."""
SCHEMA: Final = f"gfs_cn.report/{SCHEMA_VERSION}"
"""The schema marker at the top of every serialized report."""

_SCHEMA_MARKER: Final = re.compile(r"gfs_cn\.report/([0-9]+)")
# Amounts and decimals as written: optional minus, ASCII digits, optional decimals. No exponent,
# no separators, no blanks, so every reader of the JSON can parse it exactly.
_DECIMAL_TEXT: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")

YEARS: Final = range(1950, 2101)
"""The fiscal years a report may be of: anything else is a typo or a number in the wrong field."""
_MAX_DEPTH: Final = 100
"""How deeply JSON may nest: a report nests six levels deep, so anything far deeper is not one."""
_MAX_CODE: Final = 64
_LINE_FIELDS: Final = frozenset({"line", "first_line", "last_line", "page", "line_number"})
"""Fields holding a line or page number of the source, counted from 1."""

_SUBJECT_FIELDS: Final[Mapping[type, Mapping[str, Classification]]] = {
    ClassifiedRow: {"subject": functional.CATALOG},
    EconomicRow: {"subject": department.CATALOG, "government_subject": government.CATALOG},
    SummaryLine: {"subject": functional.CATALOG},
    ProjectRow: {"subject": functional.CATALOG},
}
"""The classification each catalogue field is written as a code of, and looked up in again."""
_CODE_OF: Final[Mapping[str, str]] = {"subject": "code", "government_subject": "government_code"}
"""The code field a subject field must agree with, where the row has one."""

T = TypeVar("T")


class _InvalidValueError(ValueError):
    """A value a hook refuses; ``suffix`` continues the path where the hook knows more (``.kind``)."""

    def __init__(self, reason: str, value: object = None, suffix: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.value = value
        self.suffix = suffix


# --- public API ----------------------------------------------------------------------------


def make_converter() -> Converter:
    """A new cattrs converter for reports, owned by gfs_cn (never cattrs' global one).

    It writes and reads every class of :mod:`gfs_cn.tables` as the schema says; :func:`to_dict`
    and :func:`from_dict` use one made on first use. Strict: a string where a number belongs, an
    unknown field or a float amount is refused, not coerced.

    >>> from gfs_cn.tables import BudgetUnit
    >>> converter = make_converter()
    >>> converter.unstructure(BudgetUnit(code="073001", name="鞍山市医疗保障局本级"))
    {'code': '073001', 'name': '鞍山市医疗保障局本级', 'kind': None}
    >>> converter.structure({"name": "本级", "kind": "agency"}, BudgetUnit).kind
    <UnitKind.AGENCY: 'agency'>
    """
    from cattrs import Converter
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

    converter = Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook_factory(_is_enum, _enum_structure_factory)
    converter.register_unstructure_hook(Money, _money_text)
    converter.register_structure_hook(Money, _structure_money)
    converter.register_unstructure_hook(Decimal, _decimal_text)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook_func(_is_amounts, _unstructure_amounts)
    converter.register_structure_hook_func(_is_amounts, _structure_amounts)
    converter.register_structure_hook_func(_is_extra_amounts, _structure_extra_amounts)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_structure_factory)
    # A Subject is written as a code of one classification, which only the field knows:
    # a Subject field not listed in _SUBJECT_FIELDS is a model change this module must follow.
    converter.register_unstructure_hook(Subject, _unlisted_subject)
    converter.register_structure_hook(Subject, _unlisted_subject)

    converter.register_unstructure_hook_factory(_is_record, _record_unstructurer)
    converter.register_structure_hook_factory(_is_record, _record_structurer)
    converter.register_unstructure_hook_factory(_is_table_type, _table_unstructurer)
    converter.register_structure_hook_factory(_is_table_type, _table_structurer)

    report_to_dict = make_dict_unstructure_fn(Report, converter)
    report_from_dict = make_dict_structure_fn(Report, converter, **_checked_fields(Report))

    def write_report(report: Report) -> dict[str, Any]:
        return {"schema": SCHEMA, **report_to_dict(report)}

    def read_report(data: object, _: object) -> Report:
        if not isinstance(data, Mapping):
            raise _InvalidValueError(f"a report is an object, not {_json_kind(data)}", data)
        _check_schema(data.get("schema"))
        return report_from_dict({key: value for key, value in data.items() if key != "schema"}, Report)

    converter.register_unstructure_hook(Report, write_report)
    converter.register_structure_hook(Report, read_report)
    return converter


def to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data: dicts, lists, strings, ints, booleans and ``None``.

    >>> from gfs_cn import functional, to_money
    >>> from gfs_cn.tables import ClassifiedRow, Column, ExpenditureTable, Report, ReportKind
    >>> row = ClassifiedRow(code="2101501", printed_code="2101501", name="行政运行",
    ...                     subject=functional.lookup("2101501"),
    ...                     amounts={Column.TOTAL: to_money(Decimal("442.28")), Column.PROJECT: None})
    >>> table = ExpenditureTable(title="支出预算总表", columns=(Column.TOTAL, Column.PROJECT), rows=(row,))
    >>> data = to_dict(Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET, tables=(table,)))
    >>> data["schema"], data["money_unit"], data["tables"][0]["kind"]
    ('gfs_cn.report/1', '万元', 'expenditure')
    >>> data["tables"][0]["rows"][0]["subject"], data["tables"][0]["rows"][0]["amounts"]
    ('2101501', {'total': '4422800.00', 'project': None})
    """
    data: dict[str, Any] = _converter().unstructure(report, Report)
    return data


def from_dict(data: Mapping[str, Any]) -> Report:
    """The report that :func:`to_dict` wrote; :class:`~gfs_cn.errors.SchemaError` for anything else.

    Reads every schema version up to :data:`SCHEMA_VERSION`; a newer one (written by a later
    gfs_cn) is refused rather than half read.

    >>> from_dict({"schema": "gfs_cn.report/1", "department": "鄂州市医疗保障服务中心", "year": 2022,
    ...            "kind": "final_account"})
    <Report 鄂州市医疗保障服务中心 2022 部门决算: 0 tables>
    """
    from cattrs.errors import BaseValidationError

    try:
        report: Report = _converter().structure(data, Report)
    except RecursionError as err:  # data built in Python, nested deeper than the stack
        raise SchemaError(f"nested more than {_MAX_DEPTH} levels deep: not a report", where="$") from err
    except (BaseValidationError, _InvalidValueError) as err:
        problems = list(_problems(err, "$"))
        path, reason, value = problems[0]
        raise SchemaError(reason, value=value, where=path, problems=[(p, r) for p, r, _ in problems]) from err
    return report


def findings_to_dicts(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """Findings of :func:`gfs_cn.check` as JSON-ready data (figures as yuan strings, enums by value).

    >>> from gfs_cn.checks import Finding, Severity
    >>> findings_to_dicts([Finding(rule="rollup.total", severity=Severity.ROUNDING, message="…",
    ...                            expected=Decimal("10.00"), actual=Decimal("10.01"), difference=Decimal("0.01"))])
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'rule': 'rollup.total', 'severity': 'rounding', 'message': '…', 'tables': [], 'row': None, 'column': None,
      'expected': '10.00', 'actual': '10.01', 'difference': '0.01', 'line': None, 'bound': None, 'page': None,
      'paths': []}]
    """
    from gfs_cn.checks.findings import Finding

    return [_converter().unstructure(finding, Finding) for finding in findings]


def findings_from_dicts(data: Iterable[Mapping[str, Any]]) -> list[Finding]:
    """The findings :func:`findings_to_dicts` wrote; :class:`~gfs_cn.errors.SchemaError` for anything else."""
    from cattrs.errors import BaseValidationError

    from gfs_cn.checks.findings import Finding

    findings = []
    for n, item in enumerate(data):
        try:
            findings.append(_converter().structure(item, Finding))
        except (BaseValidationError, _InvalidValueError) as err:
            path, reason, value = next(_problems(err, f"$[{n}]"))
            raise SchemaError(reason, value=value, where=path) from err
    return findings


def to_json(report: Report, indent: int | None = None) -> str:
    """The report as JSON text (non-ASCII characters kept as they are, not escaped).

    >>> from gfs_cn.tables import Report, ReportKind
    >>> text = to_json(Report(department="鞍山市医疗保障局", year=2024, kind=ReportKind.BUDGET), indent=1)
    >>> text.splitlines()[:3]
    ['{', ' "schema": "gfs_cn.report/1",', ' "department": "鞍山市医疗保障局",']
    """
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes) -> Report:
    """The report in JSON text written by :func:`to_json`; :class:`~gfs_cn.errors.SchemaError` if it is not one.

    >>> from_json("[1, 2]")
    Traceback (most recent call last):
    ...
    gfs_cn.errors.SchemaError: a report is an object, not an array ($)
    """
    try:
        data = json.loads(text)
    except RecursionError as err:  # "[" * 100000: the decoder nests as deep as the text does
        raise SchemaError(f"nested more than {_MAX_DEPTH} levels deep: not a report", where="$") from err
    except json.JSONDecodeError as err:
        where = f"line {err.lineno}, column {err.colno}"
        raise SchemaError(f"not JSON: {err.msg}", value=err.doc[err.pos : err.pos + 20], where=where) from err
    except UnicodeDecodeError as err:
        where = f"byte {err.start}"
        raise SchemaError(
            f"not JSON: not {err.encoding} text", value=err.object[err.start : err.end], where=where
        ) from err
    depth = _depth(data)
    if depth is not None:
        raise SchemaError(f"nested more than {_MAX_DEPTH} levels deep: not a report", where=depth)
    return from_dict(data)


def _depth(data: object) -> str | None:
    """The path where ``data`` nests deeper than :data:`_MAX_DEPTH`, or ``None``; without recursion."""
    stack: list[tuple[object, str, int]] = [(data, "$", 0)]
    while stack:
        value, path, level = stack.pop()
        if level > _MAX_DEPTH:
            return path
        if isinstance(value, dict):
            stack.extend((v, path + _step(k), level + 1) for k, v in value.items() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]", level + 1) for i, v in enumerate(value) if isinstance(v, (dict, list)))
    return None


@functools.cache
def _converter() -> Converter:
    return make_converter()


def _check_schema(marker: object) -> None:
    if marker is None:
        raise _InvalidValueError(f'missing: a report starts with "schema": "{SCHEMA}"', None, ".schema")
    found = _SCHEMA_MARKER.fullmatch(marker) if isinstance(marker, str) else None
    if found is None or int(found.group(1)) < 1:
        raise _InvalidValueError(f"{marker!r} is not a gfs_cn report schema ({SCHEMA!r})", marker, ".schema")
    if int(found.group(1)) > SCHEMA_VERSION:
        reason = f"{marker!r} is newer than this gfs_cn reads ({SCHEMA!r}): upgrade gfs_cn to read it"
        raise _InvalidValueError(reason, marker, ".schema")


# --- hooks ---------------------------------------------------------------------------------


def _json_kind(value: object) -> str:
    """What a JSON value is, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, Decimal)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise _InvalidValueError(f"expected a string, not {_json_kind(value)}", value)
    return value


def _structure_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise _InvalidValueError(f"expected a whole number, not {_json_kind(value)}", value)
    return value


def _structure_bool(value: object, _: object) -> bool:
    if type(value) is not bool:
        raise _InvalidValueError(f"expected true or false, not {_json_kind(value)}", value)
    return value


def _is_enum(type_: object) -> bool:
    return isinstance(type_, type) and issubclass(type_, enum.Enum)


def _enum_structure_factory(type_: type[enum.Enum], _: object) -> Callable[[object, object], enum.Enum]:
    by_value = {member.value: member for member in type_}
    allowed = ", ".join(repr(v) for v in list(by_value)[:6]) + (" …" if len(by_value) > 6 else "")

    def structure(value: object, _: object) -> enum.Enum:
        try:
            return by_value[value]
        except (KeyError, TypeError):
            raise _InvalidValueError(f"{value!r} is not a {type_.__name__} ({allowed})", value) from None

    return structure


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        raise SchemaError(f"{value} is not a finite number")
    return f"{value:f}"


def _money_text(money: Money) -> str:
    """Yuan with at least two decimals, never rounded: ``23110700.00``."""
    if money.currency.code != CURRENCY:
        raise SchemaError(f"gfs_cn writes CNY amounts, not {money.currency.code} ({money!r})")
    text = _decimal_text(money.amount)
    point = text.find(".")
    if point < 0:
        return text + ".00"
    return text + "0" if len(text) - point == 2 else text


def _parse_decimal(value: object, what: str) -> Decimal:
    if not isinstance(value, str):
        raise _InvalidValueError(f"expected {what} as a string like '23110700.00', not {_json_kind(value)}", value)
    if _DECIMAL_TEXT.fullmatch(value) is None:
        raise _InvalidValueError(f"{value!r} is not {what}: expected digits like '23110700.00'", value)
    number = Decimal(value)
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    if abs(number) >= MAX_YUAN or -exponent > MAX_DECIMALS:
        reason = f"{value!r} is not {what}: implausible, beyond 10^{MAX_DIGITS} or {MAX_DECIMALS} decimal places"
        raise _InvalidValueError(reason, value)
    return number


def _structure_money(value: object, _: object) -> Money:
    return Money(_parse_decimal(value, "an amount in yuan"), CURRENCY)


def _structure_decimal(value: object, _: object) -> Decimal:
    return _parse_decimal(value, "a decimal number")


def _is_amounts(type_: object) -> bool:
    return get_origin(type_) in (dict, Mapping) and get_args(type_)[:1] == (Column,)


def _unstructure_amounts(amounts: Mapping[Column, Money | None]) -> dict[str, str | None]:
    return {column.value: None if money is None else _money_text(money) for column, money in amounts.items()}


def _structure_amounts(value: object, type_: Any) -> dict[Column, Money | None]:
    from cattrs.errors import IterableValidationError, IterableValidationNote

    if not isinstance(value, dict):
        raise _InvalidValueError(f"expected an object of amounts by column, not {_json_kind(value)}", value)
    amounts: dict[Column, Money | None] = {}
    errors: list[Exception] = []
    for key, cell in value.items():
        try:
            column = Column(key)
        except ValueError:
            error = _InvalidValueError(f"{key!r} is not a column (gfs_cn.tables.Column)", key)
            errors.append(_noted(error, IterableValidationNote(f"Structuring amounts key @ key {key!r}", key, Column)))
            continue
        try:
            amounts[column] = None if cell is None else _structure_money(cell, Money)
        except _InvalidValueError as error:
            errors.append(_noted(error, IterableValidationNote(f"Structuring amounts value @ key {key!r}", key, Money)))
    if errors:
        raise IterableValidationError("While structuring amounts", errors, type_)
    return amounts


def _is_extra_amounts(type_: object) -> bool:
    return get_origin(type_) is dict and get_args(type_)[:1] == (str,)


def _structure_extra_amounts(value: object, type_: Any) -> dict[str, Money | None]:
    """Amounts under printed header paths (``extra``): an object of yuan strings or nulls."""
    if not isinstance(value, dict):
        raise _InvalidValueError(f"expected an object of amounts by header, not {_json_kind(value)}", value)
    return {str(key): None if cell is None else _structure_money(cell, Money) for key, cell in value.items()}


def _is_homogeneous_tuple(type_: object) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_structure_factory(type_: Any, converter: Converter) -> Callable[[object, object], tuple[Any, ...]]:
    """Tuples from JSON arrays only: a string or an object is refused, not iterated."""
    from cattrs.errors import IterableValidationError, IterableValidationNote

    item_type = get_args(type_)[0]
    structure_item = converter.get_structure_hook(item_type)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise _InvalidValueError(f"expected an array, not {_json_kind(value)}", value)
        items = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(structure_item(item, item_type))
            except Exception as error:  # gathered, as cattrs does, to report every problem
                errors.append(
                    _noted(error, IterableValidationNote(f"Structuring {type_} @ index {index}", index, item_type))
                )
        if errors:
            raise IterableValidationError(f"While structuring {type_}", errors, type_)
        return tuple(items)

    return structure


def _noted(error: Exception, note: object) -> Exception:
    """``error`` with a cattrs note saying where it happened (``add_note`` is Python 3.11+)."""
    error.__notes__ = [*getattr(error, "__notes__", ()), note]  # type: ignore[attr-defined]
    return error


def _is_table_type(type_: object) -> bool:
    """``Table[Any]`` (the type of ``Report.tables``) and every table class."""
    return get_origin(type_) is Table or (isinstance(type_, type) and issubclass(type_, Table))


def _is_record(type_: object) -> bool:
    """Every attrs class a report holds but the tables, the report and catalogue subjects."""
    return isinstance(type_, type) and attrs.has(type_) and not issubclass(type_, (Table, Report, Subject))


def _record_unstructurer(cls: type, converter: Converter) -> Callable[[Any], dict[str, Any]]:
    from cattrs.gen import make_dict_unstructure_fn

    unstructure: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(cls, converter, **_subject_overrides(cls))
    return _amounts_last(unstructure) if _has_amounts(cls) else unstructure


def _record_structurer(cls: type, converter: Converter) -> Callable[[Any, Any], Any]:
    from cattrs.gen import make_dict_structure_fn

    structure: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, converter, **_subject_overrides(cls), **_checked_fields(cls)
    )
    return _objects_only(_consistent(cls, structure))


def _checked_fields(cls: type) -> dict[str, Any]:
    """cattrs overrides checking the values of fields whose name says what they hold (lines, years, codes)."""
    from cattrs.gen import override

    names = {field.name for field in attrs.fields(cls)}
    checks: dict[str, Callable[[object, object], object]] = dict.fromkeys(names & _LINE_FIELDS, _line_number)
    if "year" in names:
        checks["year"] = _year
    if cls is Report:
        checks["department"] = _department
    if cls in _SUBJECT_FIELDS:
        checks.update(dict.fromkeys(names & {"code", "government_code"}, _code))
    return {name: override(struct_hook=check) for name, check in checks.items()}


def _line_number(value: object, _: object) -> int | None:
    if value is None:
        return None
    number = _structure_int(value, int)
    if number < 1:
        raise _InvalidValueError(f"{number} is not a line or page number: they count from 1", number)
    return number


def _year(value: object, _: object) -> int | None:
    if value is None:
        return None
    year = _structure_int(value, int)
    if year not in YEARS:
        raise _InvalidValueError(f"{year} is not a plausible fiscal year ({YEARS[0]}–{YEARS[-1]})", year)
    return year


def _department(value: object, _: object) -> str:
    name = _structure_str(value, str)
    if not name.strip():
        raise _InvalidValueError("the department is blank: a report names its department", value)
    return name


def _code(value: object, _: object) -> str | None:
    if value is None:
        return None
    code = _structure_str(value, str)
    # The canonical code, or the text printed where it is not one; that holds a digit (the reader
    # moves text without one into the name), no tab or line break, and is never long.
    if code and not (len(code) <= _MAX_CODE and code.isprintable() and any(c.isdigit() for c in code)):
        raise _InvalidValueError(f"{code!r} is not a code: a code holds digits, on one line, {_MAX_CODE} at most", code)
    return code


def _consistent(cls: type, structure: Callable[[Any, Any], T]) -> Callable[[Any, Any], T]:
    """Refuse a row whose catalogue subject is not the subject of its code."""
    pairs = [(s, _CODE_OF[s]) for s in _SUBJECT_FIELDS.get(cls, {}) if _CODE_OF[s] in attrs.fields_dict(cls)]
    if not pairs:
        return structure

    def read(value: object, type_: object) -> T:
        row = structure(value, type_)
        for subject_field, code_field in pairs:
            subject, code = getattr(row, subject_field), getattr(row, code_field)
            if subject is not None and subject.code != code:
                reason = f"the subject {subject.code} is not the subject of the row's {code_field} {code!r}"
                raise _InvalidValueError(reason, subject.code, f".{subject_field}")
        return row

    return read


def _table_unstructurer(_: object, converter: Converter) -> Callable[[Table[Any]], dict[str, Any]]:
    """Tables tagged with their kind, written as the class of the table at hand."""
    from cattrs.gen import make_dict_unstructure_fn

    by_class = {cls: make_dict_unstructure_fn(cls, converter) for cls in TABLE_CLASSES.values()}

    def write(table: Table[Any]) -> dict[str, Any]:
        unstructure = by_class.get(type(table))
        if unstructure is None:
            raise SchemaError(f"{type(table).__name__} is not a table class of gfs_cn.tables.TABLE_CLASSES")
        body = unstructure(table)
        rows = body.pop("rows")
        return {"kind": table.kind.value, **body, "rows": rows}

    return write


def _table_structurer(_: object, converter: Converter) -> Callable[[object, object], Table[Any]]:
    """Tables read as the class of their ``"kind"``."""
    from cattrs.gen import make_dict_structure_fn

    by_kind = {
        kind: make_dict_structure_fn(cls, converter, **_checked_fields(cls)) for kind, cls in TABLE_CLASSES.items()
    }

    def read(data: object, _: object) -> Table[Any]:
        if not isinstance(data, Mapping):
            raise _InvalidValueError(f"expected an object, not {_json_kind(data)}", data)
        tag = data.get("kind")
        if tag is None:
            raise _InvalidValueError('missing: every table says its "kind"', None, ".kind")
        try:
            kind = TableKind(tag)
        except (ValueError, TypeError):
            raise _InvalidValueError(f"{tag!r} is not a table kind", tag, ".kind") from None
        body = {key: value for key, value in data.items() if key != "kind"}
        # Reports written before tables had a status said only whether one was cut off.
        if "incomplete" in body and "status" not in body:
            cut = body.pop("incomplete")
            if cut is True:
                body["status"], body["doubts"] = "incomplete", ["cut off in the source"]
        table: Table[Any] = by_kind[kind](body, TABLE_CLASSES[kind])
        return table

    return read


def _unlisted_subject(*args: object) -> None:
    raise SchemaError("a Subject field must be listed in gfs_cn.serialize._SUBJECT_FIELDS with its classification")


def _subject_overrides(cls: type) -> dict[str, Any]:
    """cattrs overrides writing each Subject field of ``cls`` as a code of its classification."""
    from cattrs.gen import override

    return {
        name: override(unstruct_hook=_subject_writer(cls, name, catalog), struct_hook=_subject_reader(catalog))
        for name, catalog in _SUBJECT_FIELDS.get(cls, {}).items()
    }


def _subject_writer(cls: type, name: str, catalog: Classification) -> Callable[[Subject | None], str | None]:
    scheme = catalog.scheme

    def write(subject: Subject | None) -> str | None:
        if subject is None:
            return None
        if subject.scheme is not scheme:
            raise SchemaError(
                f"{subject} is a {subject.scheme.label} code, not a {scheme.label} code",
                value=subject,
                where=f"{cls.__name__}.{name}",
            )
        return subject.code

    return write


def _subject_reader(catalog: Classification) -> Callable[[object, object], Subject | None]:
    def read(code: object, _: object) -> Subject | None:
        if code is None:
            return None
        if not isinstance(code, str):
            raise _InvalidValueError(f"expected a code as a string, not {_json_kind(code)}", code)
        subject = catalog.get(code)
        if subject is None:
            raise _InvalidValueError(
                f"{code!r} is not a code of the {catalog.scheme.label} (edition: {catalog.edition})", code
            )
        if subject.code != code:
            raise _InvalidValueError(f"{code!r} is not written as a canonical code ({subject.code!r})", code)
        return subject

    return read


def _has_amounts(cls: type) -> bool:
    return any(field.name == "amounts" for field in attrs.fields(cls))


def _amounts_last(unstructure: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    """Rows written with their amounts last, after what identifies them, for a reader's eye."""

    def write(row: object) -> dict[str, Any]:
        data = unstructure(row)
        data["amounts"] = data.pop("amounts")
        return data

    return write


def _objects_only(structure: Callable[[Any, Any], T]) -> Callable[[Any, Any], T]:
    """Refuse anything but a JSON object before cattrs looks fields up in it."""

    def read(value: object, type_: object) -> T:
        if not isinstance(value, dict):
            raise _InvalidValueError(f"expected an object, not {_json_kind(value)}", value)
        return structure(value, type_)

    return read


# --- errors --------------------------------------------------------------------------------


def _problems(error: BaseException, path: str) -> Iterator[tuple[str, str, object]]:
    """Every problem in a cattrs error tree as ``(path, reason, value)``, paths like ``$.tables[3].kind``."""
    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

    if isinstance(error, IterableValidationError):
        with_notes, without = error.group_exceptions()
        for sub, note in with_notes:
            yield from _problems(sub, path + _step(note.index))
        for sub in without:
            yield from _problems(sub, path)
    elif isinstance(error, ClassValidationError):
        class_notes, others = error.group_exceptions()
        for sub, attribute in class_notes:
            yield from _problems(sub, f"{path}.{attribute.name}")
        for sub in others:
            yield from _problems(sub, path)
    elif isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields):
            yield path + _step(key), f"unexpected field: not in the {SCHEMA} schema", None
    elif isinstance(error, _InvalidValueError):
        yield path + error.suffix, error.reason, error.value
    elif isinstance(error, KeyError):
        yield path, "missing: the field is required", None
    else:
        yield path, f"{type(error).__name__}: {error}", None


def _step(key: object) -> str:
    if isinstance(key, str) and key.isidentifier():
        return f".{key}"
    return f"[{key!r}]"
