"""The crosswalk between the two economic classifications (两套支出经济分类科目对照表),
and the 人员经费/公用经费 grouping of department codes in 基本支出.

Where a department code is booked in the government classification depends on
the spending unit: an agency (行政单位, and 事业单位 managed under the
civil-service law, 参公) books 30101 基本工资 under 50101 工资奖金津补贴; an
institution (事业单位) books it under 50501 工资福利支出.

>>> from gfs_cn.economic import to_government, from_government, UnitKind
>>> to_government("30101", UnitKind.AGENCY).code
'50101'
>>> to_government("30101", "事业单位").code
'50501'
>>> [s.code for s in from_government("50103")]
['30113']
"""

from __future__ import annotations

import enum
import threading

from gfs_cn import _data
from gfs_cn.catalog import Subject
from gfs_cn.economic import department, government
from gfs_cn.errors import GfsError, UnmappedCodeError

__all__ = ["BasicGroup", "UnitKind", "basic_group", "from_government", "pairing_kinds", "to_government"]


class UnitKind(enum.Enum):
    """Kind of spending unit, which decides the crosswalk (单位性质)."""

    AGENCY = "agency"
    """行政单位, and 参照公务员法管理的事业单位 (参公)."""
    INSTITUTION = "institution"
    """事业单位 (not 参公)."""

    @property
    def label(self) -> str:
        """The Chinese term."""
        return "行政单位" if self is UnitKind.AGENCY else "事业单位"

    @classmethod
    def parse(cls, value: UnitKind | str) -> UnitKind:
        """A unit kind from its English value or a Chinese description.

        >>> UnitKind.parse("参公事业单位"), UnitKind.parse("institution")
        (<UnitKind.AGENCY: 'agency'>, <UnitKind.INSTITUTION: 'institution'>)
        """
        if isinstance(value, UnitKind):
            return value
        if not isinstance(value, str):
            raise GfsError(f"{value!r} is not a unit kind: use agency (行政/参公) or institution (事业单位)")
        text = value.strip()
        for kind in cls:
            if text.lower() == kind.value:
                return kind
        # 参公 units are institutions in law but agencies in the crosswalk, so test it first.
        if "参公" in text or "参照公务员" in text or "行政" in text or "机关" in text:
            return cls.AGENCY
        if "事业" in text:
            return cls.INSTITUTION
        raise GfsError(f"{value!r} is not a unit kind: use agency (行政/参公) or institution (事业单位)")


class BasicGroup(enum.Enum):
    """Part of 基本支出 a department economic code counts towards."""

    PERSONNEL = "personnel"
    """人员经费"""
    OPERATING = "operating"
    """公用经费"""

    @property
    def label(self) -> str:
        """The Chinese term."""
        return "人员经费" if self is BasicGroup.PERSONNEL else "公用经费"


class _Crosswalk:
    """The crosswalk and grouping tables, read on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded = False
        self.forward: dict[tuple[str, UnitKind], str] = {}
        self.backward: dict[str, list[tuple[str, UnitKind]]] = {}
        self.groups: dict[str, BasicGroup] = {}

    def load(self) -> _Crosswalk:
        if self._loaded:
            return self
        with self._lock:
            if not self._loaded:
                for row in _data.read_rows("economic_crosswalk.tsv"):
                    kind = UnitKind(row["unit_kind"])
                    self.forward[row["department_code"], kind] = row["government_code"]
                    self.backward.setdefault(row["government_code"], []).append((row["department_code"], kind))
                for row in _data.read_rows("economic_groups.tsv"):
                    self.groups[row["department_code"]] = BasicGroup(row["group"])
                self._loaded = True
        return self


_TABLES = _Crosswalk()


def to_government(department_code: object, unit_kind: UnitKind | str) -> Subject:
    """The government economic code a department code is booked under, for a unit kind.

    Raises :class:`~gfs_cn.errors.UnmappedCodeError` where the crosswalk has no row.
    """
    dept = department.lookup(department_code)
    kind = UnitKind.parse(unit_kind)
    target = _TABLES.load().forward.get((dept.code, kind))
    if target is None:
        raise UnmappedCodeError(dept.code, kind.value)
    return government.lookup(target)


def from_government(government_code: object, unit_kind: UnitKind | str | None = None) -> tuple[Subject, ...]:
    """The department codes that fold into a government code (for one unit kind, or either)."""
    gov = government.lookup(government_code)
    kind = None if unit_kind is None else UnitKind.parse(unit_kind)
    pairs = _TABLES.load().backward.get(gov.code, [])
    codes = dict.fromkeys(code for code, k in pairs if kind is None or k is kind)
    return tuple(department.lookup(code) for code in sorted(codes))


def pairing_kinds(department_code: object, government_code: object) -> frozenset[UnitKind]:
    """The unit kinds for which the crosswalk books ``department_code`` under ``government_code``.

    Empty where the pairing is not official for any kind — a report that prints it
    has misprinted one of the two codes.

    >>> sorted(k.value for k in pairing_kinds("30101", "50501"))
    ['institution']
    """
    dept = department.lookup(department_code).code
    gov = government.lookup(government_code).code
    forward = _TABLES.load().forward
    return frozenset(kind for kind in UnitKind if forward.get((dept, kind)) == gov)


def basic_group(department_code: object) -> BasicGroup | None:
    """Whether a department code counts as 人员经费 or 公用经费 in 基本支出 (``None``: neither).

    >>> basic_group("30101").label, basic_group("30201").label
    ('人员经费', '公用经费')
    """
    subject = department.lookup(department_code)
    groups = _TABLES.load().groups
    for code in (subject.code, subject.code[:3]):
        if code in groups:
            return groups[code]
    return None
