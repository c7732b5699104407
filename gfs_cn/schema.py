"""The JSON Schema of the report JSON (报告 JSON 的模式), generated from the models so it cannot drift.

:func:`json_schema` walks :class:`~gfs_cn.tables.Report` and every class it holds — the attrs
fields and their type hints — the way :mod:`gfs_cn.serialize` writes them: amounts and decimals as
strings of digits, enums as their values, catalogue subjects as codes, each table tagged with its
``kind``. Any JSON Schema validator (``jsonschema``, ``ajv``) then checks a document without gfs_cn;
``docs/schema.json`` holds the schema, published with the docs, and a test keeps it current.

>>> schema = json_schema()
>>> schema["$schema"], schema["properties"]["schema"]
('https://json-schema.org/draft/2020-12/schema', {'const': 'gfs_cn.report/1'})
>>> sorted(schema["$defs"])[:3]
['AppropriationBasicExpenditureTable', 'AppropriationExpenditureTable', 'AppropriationSummaryTable']
"""

from __future__ import annotations

import copy
import enum
import functools
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final, Union, get_args, get_origin

import attrs
from moneyed import Money

from gfs_cn._shapes import row_class
from gfs_cn.catalog import Subject
from gfs_cn.serialize import _DECIMAL_TEXT, _SUBJECT_FIELDS, SCHEMA
from gfs_cn.tables.columns import Column
from gfs_cn.tables.models import TABLE_CLASSES, Table
from gfs_cn.tables.report import Report

__all__ = ["json_schema"]

_DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"
_DECIMAL: Final = {"type": "string", "pattern": f"^{_DECIMAL_TEXT.pattern}$"}
_AMOUNT: Final = {**_DECIMAL, "description": "An amount in yuan, exact: digits, a point, two decimals."}
_CODE: Final = {"type": "string", "description": "A canonical code of the classification."}


class _Builder:
    """Schemas of the classes a report holds, each once, in ``$defs``."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placed first: a class that holds itself refers to its own entry
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = dict(extra or {})
        required = list(extra or {})
        subjects = _SUBJECT_FIELDS.get(cls, {})
        for field in attrs.fields(cls):
            if field.name in subjects:
                properties[field.name] = {"anyOf": [_CODE, {"type": "null"}]}
            elif isinstance(hints[field.name], typing.TypeVar) or (field.name == "rows" and issubclass(cls, Table)):
                properties[field.name] = {"type": "array", "items": self.ref(row_class(cls))}
            else:
                properties[field.name] = self.of(hints[field.name], where=f"{cls.__name__}.{field.name}")
            if field.default is attrs.NOTHING:
                required.append(field.name)
        schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            schema["required"] = required
        doc = (cls.__doc__ or "").strip().split("\n\n")[0]
        if doc:
            schema["description"] = " ".join(doc.split())
        return schema

    def of(self, hint: Any, *, where: str) -> dict[str, Any]:
        """The schema of a value of type ``hint`` as the serializer writes it."""
        origin, args = get_origin(hint), get_args(hint)
        if origin in (Union, types.UnionType):
            options = [self.of(arg, where=where) for arg in args if arg is not type(None)]
            if type(None) in args:
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin is tuple:
            return {"type": "array", "items": self.of(args[0], where=where)}
        if origin in (dict, Mapping):  # a row's amounts are an immutable Mapping, written as an object
            key, value = args
            schema: dict[str, Any] = {"type": "object", "additionalProperties": self.of(value, where=where)}
            if key is Column:
                schema["propertyNames"] = {"enum": [c.value for c in Column]}
            return schema
        if origin is Table or (isinstance(hint, type) and issubclass(hint, Table)):
            return {"oneOf": [self.table(cls) for cls in TABLE_CLASSES.values()]}
        if hint is Money:
            return dict(_AMOUNT)
        if hint is Decimal:
            return dict(_DECIMAL)
        if hint is Subject:
            return dict(_CODE)
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return {"type": "integer"}
        if hint is str:
            return {"type": "string"}
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return {"enum": [member.value for member in hint]}
        if isinstance(hint, type) and attrs.has(hint):
            return self.ref(hint)
        raise TypeError(f"{where}: no JSON Schema for {hint!r}; gfs_cn.schema must learn how it is written")

    def table(self, cls: type[Table[Any]]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}
            self.defs[name] = self.object(cls, extra={"kind": {"const": cls.kind.value}})
        return {"$ref": f"#/$defs/{name}"}


@functools.cache
def _schema() -> dict[str, Any]:
    builder = _Builder()
    report = builder.object(Report, extra={"schema": {"const": SCHEMA}})
    return {
        "$schema": _DRAFT,
        "$id": f"https://gfs-cn.invalid/schema/{SCHEMA.replace('/', '-')}.json",
        "title": f"A disclosure read by gfs_cn ({SCHEMA})",
        **report,
        "$defs": dict(sorted(builder.defs.items())),
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of what :func:`gfs_cn.to_dict` and :func:`gfs_cn.to_json` write.

    >>> import gfs_cn, jsonschema
    >>> jsonschema.validate(gfs_cn.to_dict(gfs_cn.read(gfs_cn.sample_path())), gfs_cn.json_schema())
    """
    return copy.deepcopy(_schema())


if __name__ == "__main__":  # python -m gfs_cn.schema > docs/schema.json
    import json

    print(json.dumps(json_schema(), ensure_ascii=False, indent=1))
