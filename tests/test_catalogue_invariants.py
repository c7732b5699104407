"""Invariants over every row of every catalogue data file."""

from __future__ import annotations

from collections import Counter

import pytest

from gfs_cn import _data, economic, functional
from gfs_cn.catalog import BudgetType, Classification, NameKind, Subject
from gfs_cn.codes import Level
from gfs_cn.economic import BasicGroup, UnitKind

CATALOGS: dict[str, tuple[Classification, str]] = {
    "functional": (functional.CATALOG, "functional.tsv"),
    "department": (economic.department.CATALOG, "economic_department.tsv"),
    "government": (economic.government.CATALOG, "economic_government.tsv"),
}


@pytest.fixture(params=list(CATALOGS), ids=list(CATALOGS))
def catalog_and_file(request: pytest.FixtureRequest) -> tuple[Classification, str]:
    return CATALOGS[request.param]


def test_file_rows_are_sorted_unique_and_consistent(catalog_and_file: tuple[Classification, str]) -> None:
    catalog, filename = catalog_and_file
    rows = list(_data.read_rows(filename))
    codes = [row["code"] for row in rows]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))
    for row in rows:
        code = row["code"]
        assert code.isascii(), code
        assert code.isdigit(), code
        assert len(code) in catalog.lengths, code
        assert row["level"] == Level(len(code)).label, code
        assert row["parent"] == (code[:-2] if len(code) > 3 else ""), code
        assert row["name"], code
        assert row["name"] == row["name"].strip(), code
        assert " " not in row["name"], code
    assert any(c.startswith("edition:") for c in _data.read_comments(filename))


def test_every_subject_has_its_parent_and_unique_sibling_names(catalog_and_file: tuple[Classification, str]) -> None:
    catalog, _ = catalog_and_file
    subjects = list(catalog)
    assert len(subjects) == len(catalog)
    for subject in subjects:
        parent = subject.parent
        if subject.level is Level.CLASS:
            assert parent is None
        else:
            assert parent is not None
            assert subject.code.startswith(parent.code)
            assert parent.level.digits == subject.level.digits - 2
            assert subject in parent.children
        assert subject.ancestors == tuple(a for a in subject.ancestors if subject.code.startswith(a.code))
        assert subject.path[-1] == subject.name
        assert len(subject.path) == len(subject.ancestors) + 1
        names = Counter(child.name for child in subject.children)
        assert not [name for name, n in names.items() if n > 1], subject.code


def test_subjects_are_immutable_and_hashable() -> None:
    subject = functional.lookup("2101501")
    assert {subject: 1}[functional.lookup("210 15 01")] == 1
    with pytest.raises(AttributeError):
        subject.name = "x"  # type: ignore[misc]
    assert str(subject) == "2101501 行政运行"
    assert subject != economic.department.get("301")


def test_functional_catalogue_is_complete_in_size() -> None:
    counts = Counter(s.level for s in functional.CATALOG)
    # The 2024 edition has hundreds of 款 and well over a thousand 项.
    assert counts[Level.CLASS] >= 30
    assert counts[Level.SECTION] >= 200
    assert counts[Level.ITEM] >= 1000


def test_functional_classes_of_the_2024_edition() -> None:
    names = {s.code: s.name for s in functional.subjects(level=Level.CLASS)}
    assert names["207"] == "文化旅游体育与传媒支出"
    assert names["210"] == "卫生健康支出"
    assert names["224"] == "灾害防治及应急管理支出"
    assert names["234"] == "抗疫特别国债安排的支出"
    assert {"201", "208", "209", "212", "221", "223", "229", "230", "231", "232", "233"} <= set(names)


def test_budget_types_are_modelled_not_merged() -> None:
    every = list(functional.CATALOG)
    assert all(s.budgets for s in every)
    for subject in every:
        if subject.children:
            assert subject.budgets == frozenset().union(*(c.budgets for c in subject.children)), subject.code
    assert functional.lookup("223").budgets == {BudgetType.CAPITAL}
    assert functional.lookup("209").budgets == {BudgetType.INSURANCE}
    assert BudgetType.FUND in functional.lookup("212").budgets
    capital_classes = [s.code for s in functional.subjects(level=Level.CLASS, budget=BudgetType.CAPITAL)]
    assert "223" in capital_classes
    assert "210" not in capital_classes


def test_name_files_refer_to_existing_codes() -> None:
    for catalog, _ in CATALOGS.values():
        for subject in catalog:
            for match in catalog.names_of(subject.code):
                assert match.subject == subject
                if match.kind is NameKind.FORMER:
                    assert match.until is not None, (subject.code, match.name)
                    assert match.until < 2024, (subject.code, match.name)


def test_crosswalk_rows_refer_to_existing_codes_for_both_kinds() -> None:
    rows = list(_data.read_rows("economic_crosswalk.tsv"))
    seen = {(row["department_code"], row["unit_kind"]) for row in rows}
    assert len(seen) == len(rows)
    for row in rows:
        dept = economic.department.lookup(row["department_code"])
        gov = economic.government.lookup(row["government_code"])
        assert dept.level is gov.level, row
        if dept.level is Level.SECTION:
            # A 款 maps into the government class its own class maps to, or a sibling class
            # of the same capital/transfer family; never into an unrelated 类 by typo.
            assert gov.code[:3] in {r["government_code"][:3] for r in rows if r["department_code"][:3] == dept.code[:3]}
    for subject in economic.department.CATALOG:
        for kind in UnitKind:
            assert (subject.code, kind.value) in seen, (subject.code, kind)


def test_basic_groups() -> None:
    assert economic.basic_group("301") is BasicGroup.PERSONNEL
    assert economic.basic_group("30399") is BasicGroup.PERSONNEL
    assert economic.basic_group("30239") is BasicGroup.OPERATING
    assert economic.basic_group("31302") is None
    for row in _data.read_rows("economic_groups.tsv"):
        assert isinstance(economic.department.lookup(row["department_code"]), Subject)
