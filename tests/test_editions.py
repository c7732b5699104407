"""Editions of the classifications by year: every edition is a consistent tree, every change list
applies cleanly, and the codes real reports print resolve in their report's year."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gfs_cn import compare, economic, functional
from gfs_cn.catalog import Classification, NameKind, normalize_name
from gfs_cn.checks import Severity, check
from gfs_cn.editions import BASE_YEAR, FIRST_YEAR, LATEST_YEAR, ChangeKind, EditionError, apply, undo
from gfs_cn.errors import GfsError, InvalidCodeError, UnknownCodeError
from gfs_cn.money import to_money
from gfs_cn.tables import ClassifiedRow, Column, ExpenditureTable, Report, ReportKind
from tests.conftest import read_fixture_rows

CATALOGS: dict[str, Classification] = {
    "functional": functional.CATALOG,
    "department": economic.department.CATALOG,
    "government": economic.government.CATALOG,
}
YEARS = range(FIRST_YEAR, LATEST_YEAR + 1)
SEED_YEARS = {"anshan": 2024, "ezhou": 2022, "xixia": 2024, "zibo": 2024}


def _names_in_force(catalog: Classification, code: str, year: int) -> set[str]:
    """The official name of ``year`` and the short/former forms a report of that year may print."""
    return {
        normalize_name(m.name)
        for m in catalog.of_year(year).names_of(code)
        if m.kind is not NameKind.FORMER or m.in_force(year)
    }


# -- real reports ----------------------------------------------------------------------------------

CORPUS = read_fixture_rows("corpus_codes.tsv")


def _corpus_id(row: dict[str, str]) -> str:
    where = f"p{row['page']}" if row["page"] else f"l{row['line']}"
    return f"{row['year']}:{row['scheme']}:{row['code']}:{row['report']}:{where}"


@pytest.mark.parametrize("row", CORPUS, ids=_corpus_id)
def test_every_code_the_reports_print_resolves_in_its_year_with_its_name(row: dict[str, str]) -> None:
    catalog = CATALOGS[row["scheme"]]
    year = int(row["year"])
    expect, _, detail = row["expect"].partition(":")
    printed = normalize_name(row["name"])
    if expect == "local":
        # A region's 目 below a national 款 (3021101 差旅费): not a national code, its 款 is.
        with pytest.raises(InvalidCodeError):
            catalog.lookup(row["code"], year=year)
        assert catalog.lookup(row["code"][:5], year=year).code == detail
        return
    if expect == "misprint-code":
        # A code that is no code of the edition, printed beside the name of the one meant.
        with pytest.raises(UnknownCodeError):
            catalog.lookup(row["code"], year=year)
        assert printed in _names_in_force(catalog, detail, year)
        return
    subject = catalog.lookup(row["code"], year=year)
    assert subject.code == row["code"]
    if expect == "misprint":
        # The report words the name differently; the catalogue does not take the wording for a name.
        assert printed not in _names_in_force(catalog, row["code"], year)
        assert normalize_name(detail) in _names_in_force(catalog, row["code"], year)
        return
    assert expect == "ok", f"unknown expectation {row['expect']!r}"
    if printed:  # a procurement table prints codes with no name beside them
        assert printed in _names_in_force(catalog, row["code"], year), (
            f"{row['code']} is {subject.name} in {year}; the report prints {row['name']}"
        )


def test_the_corpus_fixture_covers_every_report_and_year() -> None:
    reports = {row["report"].split(".")[0] for row in CORPUS}
    assert len(reports) == 24
    assert {int(row["year"]) for row in CORPUS} == {2018, 2019, 2022, 2024, 2025, 2026}
    assert {row["scheme"] for row in CORPUS} == set(CATALOGS)


@pytest.mark.parametrize(
    "row",
    [r for r in read_fixture_rows("seed_codes.tsv") if r["expect"] == "ok"],
    ids=lambda r: f"{r['report']}:{r['line']}:{r['code']}",
)
def test_every_code_the_seeds_print_resolves_in_their_year(row: dict[str, str]) -> None:
    catalog = CATALOGS[row["scheme"]]
    year = SEED_YEARS[row["report"]]
    assert catalog.lookup(row["code"], year=year).code == row["code"]
    assert normalize_name(row["name"]) in _names_in_force(catalog, row["code"], year)


def test_a_2018_report_code_abolished_since_is_of_2018_not_of_2024() -> None:
    assert functional.lookup("2080504", year=2018).name == "未归口管理的行政单位离退休"
    assert functional.lookup("20805", year=2018).name == "行政事业单位离退休"
    assert not functional.is_valid("2080504")
    with pytest.raises(UnknownCodeError):
        functional.lookup("2080504", year=2024)
    assert functional.years_of("2080504") == (2017, 2018, 2019, 2020)


def test_the_2018_edition_has_the_2018_names_and_parents() -> None:
    old = functional.edition(2018)
    assert old.year == 2018
    subject = old.lookup("2100199")
    assert subject.path == (
        "医疗卫生与计划生育支出",
        "医疗卫生与计划生育管理事务",
        "其他医疗卫生与计划生育管理事务支出",
    )
    assert subject.parent is not None
    assert subject.parent.name == "医疗卫生与计划生育管理事务"
    assert old.find("医疗卫生与计划生育支出").code == "210"
    assert [s.code for s in old.search("未归口管理")] == ["2080504"]
    assert functional.find_all("卫生健康支出", year=2018) == ()  # the 2019 name
    assert functional.find("医疗卫生与计划生育支出", year=2018).code == "210"


def test_former_names_still_resolve_in_the_latest_edition() -> None:
    match = functional.find_all("医疗卫生与计划生育支出")[0]
    assert (match.subject.code, match.kind, match.until) == ("210", NameKind.FORMER, 2018)
    assert functional.find("未归口管理的行政单位离退休").code == "2080501"  # its successor
    assert functional.find_all("医疗卫生与计划生育支出", year=2024) == ()
    assert economic.department.find("医疗费补助").code == "30307"
    assert economic.department.lookup("30307", year=2017).name == "医疗费"


@pytest.mark.parametrize("year", [None, 2017, 2018, 2024, 2026, 2030, 2000])
@pytest.mark.parametrize("code", ["2101501", "210 15 01", "２１０１５０１", "2080504", "2040410", "20598"])
def test_the_modules_lookup_answers_as_the_method(code: str, year: int | None) -> None:
    catalog = functional.CATALOG
    try:
        expected = catalog.lookup(code, year=year)
    except UnknownCodeError:
        with pytest.raises(UnknownCodeError):
            functional.lookup(code, year=year)
        return
    assert functional.lookup(code, year=year) is expected
    assert functional.lookup(code, year) is expected  # twice: the printed form is remembered by now


def test_the_modules_lookup_refuses_what_the_method_refuses() -> None:
    with pytest.raises(InvalidCodeError):
        functional.lookup(["2101501"], year=2018)  # unhashable
    with pytest.raises(GfsError, match="year must be an int"):
        functional.lookup("2101501", year="2018")  # type: ignore[arg-type]
    with pytest.raises(UnknownCodeError):
        economic.department.lookup("30104", year=2018)
    assert economic.department.lookup("30104", year=2017).name == "其他社会保障缴费"
    assert economic.department.lookup("30311", year=2017).name == "住房公积金"
    assert economic.department.lookup("30311", year=2018).name == "代缴社会保险费"


def test_years_outside_the_editions_held_use_the_nearest() -> None:
    assert functional.edition(2010) is functional.edition(FIRST_YEAR)
    assert functional.edition(2040) is functional.CATALOG
    assert functional.lookup("210", year=LATEST_YEAR) is functional.lookup("210")


@given(st.one_of(st.text(max_size=4), st.booleans(), st.none()))
def test_a_year_that_is_not_an_int_is_a_clear_error(year: object) -> None:
    if year is None:
        return
    with pytest.raises(GfsError, match="year must be an int"):
        functional.lookup("210", year=year)  # type: ignore[arg-type]


# -- invariants per edition ------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", CATALOGS)
@pytest.mark.parametrize("year", YEARS)
def test_every_edition_is_a_tree_with_unique_sibling_names(scheme: str, year: int) -> None:
    edition = CATALOGS[scheme].of_year(year)
    codes = {s.code for s in edition}
    assert codes, "an edition holds codes"
    siblings: dict[str, set[str]] = {}
    for subject in edition:
        assert subject.level.digits == len(subject.code)
        parent = subject.parent
        if parent is not None:
            assert parent.code in codes
            assert subject.code.startswith(parent.code)
            assert subject in parent.children
        key = subject.code[:-2] if len(subject.code) > 3 else ""
        name = normalize_name(subject.name)
        assert name not in siblings.setdefault(key, set()), f"{year}: two {subject.name} under {key}"
        siblings[key].add(name)


@pytest.mark.parametrize("scheme", CATALOGS)
@pytest.mark.parametrize("year", YEARS)
def test_lookup_in_a_year_gives_back_every_code_of_that_edition(scheme: str, year: int) -> None:
    catalog = CATALOGS[scheme]
    for subject in catalog.of_year(year):
        found = catalog.lookup(subject.code, year=year)
        assert found.code == subject.code
        assert found.name == subject.name
        assert catalog.is_valid(subject.code, year=year)


@given(st.integers(min_value=FIRST_YEAR, max_value=LATEST_YEAR), st.data())
def test_property_lookup_of_any_code_of_any_edition_is_itself(year: int, data: st.DataObject) -> None:
    catalog = data.draw(st.sampled_from(list(CATALOGS.values())))
    subjects = list(catalog.of_year(year))
    subject = data.draw(st.sampled_from(subjects))
    assert catalog.lookup(subject.code, year=year).code == subject.code


# -- across editions -------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", CATALOGS)
@pytest.mark.parametrize("year", range(FIRST_YEAR + 1, LATEST_YEAR + 1))
def test_each_change_list_applies_cleanly_both_ways(scheme: str, year: int) -> None:
    history = CATALOGS[scheme]._history
    before, after = history.table(year - 1), history.table(year)
    changes = history.of_year(year)
    assert apply(before, changes) == after
    assert undo(after, changes) == before


def test_applying_2023_to_2024_to_the_2023_edition_gives_the_2024_table() -> None:
    history = functional.CATALOG._history
    assert apply(history.table(2023), history.of_year(2024)) == history.base()
    assert {s.code for s in functional.edition(2024)} == set(history.base())


def test_a_change_that_does_not_fit_is_an_error() -> None:
    history = functional.CATALOG._history
    change = next(c for c in history.of_year(2021) if c.old_code == "2080504")
    with pytest.raises(EditionError, match="2080504"):
        apply(history.table(2024), (change,))  # 2080504 is gone by 2024


def test_every_change_names_its_notice_date_and_source() -> None:
    for catalog in CATALOGS.values():
        for change in catalog.changes(FIRST_YEAR, LATEST_YEAR):
            assert change.notice
            assert change.effective.startswith(str(change.year)[:3])
            assert change.source.split(":", 1)[0] in {"corpus", "url", "knowledge"}
            if change.kind is ChangeKind.ADDED:
                assert change.code
                assert not change.old_code
            elif change.kind is ChangeKind.REMOVED:
                assert change.old_code
                assert not change.code


def test_changes_and_history() -> None:
    assert functional.changes(2023, 2024) == functional.changes(2024, 2023)
    assert all(2023 < c.year <= 2024 for c in functional.changes(2023, 2024))
    assert [c.kind for c in functional.history("2080501")] == [ChangeKind.MERGED, ChangeKind.MERGED]
    assert functional.lookup("2080501").history == functional.history("2080501")
    assert functional.history("2101501") == ()
    with pytest.raises(UnknownCodeError):
        functional.history("2101598")


def test_base_year_is_the_shipped_table() -> None:
    assert functional.edition(BASE_YEAR).edition.startswith("2024年政府收支分类科目 (财政部)")
    # 2025 added 2060208 科技人才队伍建设: the latest edition is the base with the recorded changes.
    assert functional.CATALOG.edition == f"{LATEST_YEAR}年政府收支分类科目 (2024 edition with the recorded changes)"


# -- checks use the report's year ------------------------------------------------------------------


def _report_of(year: int, *rows: tuple[str, str]) -> Report:
    built = [
        ClassifiedRow(
            code=code,
            printed_code=code,
            name=name,
            subject=functional.get(code, year=year),
            amounts={Column.TOTAL: to_money(Decimal("1.00"))},
            line=n,
        )
        for n, (code, name) in enumerate(rows, 10)
    ]
    table = ExpenditureTable(title="支出总表", columns=(Column.TOTAL,), rows=tuple(built))
    return Report(department="某局", year=year, kind=ReportKind.BUDGET, tables=(table,))


def test_a_2018_report_printing_2018_codes_and_names_is_fine() -> None:
    report = _report_of(
        2018,
        ("210", "医疗卫生与计划生育支出"),
        ("20805", "行政事业单位离退休"),
        ("2080504", "未归口管理的行政单位离退休"),
    )
    assert check(report, only=["catalogue.code", "catalogue.name"]) == []


def test_a_code_of_another_years_edition_is_a_warning_naming_its_years() -> None:
    (finding,) = check(_report_of(2024, ("2080504", "未归口管理的行政单位离退休")), only=["catalogue.code"])
    assert finding.severity is Severity.WARNING
    assert "2017–2020 editions" in finding.message
    assert "not of the 2024 edition" in finding.message


def test_names_are_compared_with_those_in_force_that_year() -> None:
    (finding,) = check(_report_of(2024, ("210", "医疗卫生与计划生育支出")), only=["catalogue.name"])
    assert "until 2018" in finding.message
    (finding,) = check(_report_of(2018, ("210", "卫生健康支出")), only=["catalogue.name"])
    assert "医疗卫生与计划生育支出" in finding.message


# -- comparison across years -----------------------------------------------------------------------


def _budget(year: int, *rows: tuple[str, str]) -> Report:
    built = tuple(
        ClassifiedRow(
            code=code,
            subject=functional.get(code, year=year),
            name=functional.lookup(code, year=year).name,
            amounts={Column.TOTAL: to_money(Decimal(amount))},
        )
        for code, amount in rows
    )
    return Report(department="某局", year=year, kind=ReportKind.BUDGET, tables=(ExpenditureTable(rows=built),))


def test_compare_across_years_maps_codes_through_the_changes() -> None:
    older = _budget(2017, ("2080501", "10.00"), ("2080504", "5.00"), ("2300260", "7.00"), ("2040404", "1.00"))
    newer = _budget(2024, ("2080501", "16.00"), ("2300269", "7.00"))
    diff = compare(older, newer)
    by_code = {c.code: c for c in diff.changes}
    merged = by_code["2080501"]
    assert (merged.a, merged.b) == (Decimal("150000.00"), Decimal("160000.00"))  # 10 + 5 万元 merged, in yuan
    assert "2080504" in merged.reclassified
    assert "merged" in merged.reclassified
    renumbered = by_code["2300269"]
    assert renumbered.status.value == "unchanged"
    assert "renumbered 2300260" in renumbered.reclassified
    assert "2300260" not in by_code  # the same line, not a disappeared one
    removed = by_code["2040404"]  # 查办和预防职务犯罪, abolished in 2018
    assert removed.status.value == "disappeared"
    assert "removed" in removed.reclassified
    assert any("2080504" in note for note in diff.reclassified)
    assert "classification:" in repr(diff)


def test_compare_in_either_order_and_within_a_year_maps_nothing() -> None:
    older = _budget(2019, ("2080504", "5.00"))
    newer = _budget(2024, ("2080501", "5.00"))
    backwards = compare(newer, older)
    assert [(c.code, c.status.value) for c in backwards.changes] == [("2080501", "unchanged")]
    same_year = compare(_budget(2024, ("2080501", "5.00")), _budget(2024, ("2080501", "6.00")))
    assert same_year.reclassified == ()
    assert all(not c.reclassified for c in same_year.changes)


def test_every_question_takes_a_year() -> None:
    assert [s.code for s in functional.search("未归口管理", year=2019)] == ["2080504"]
    assert functional.search("未归口管理", year=2024) == [functional.lookup("2080501")]  # by its former name
    assert "2080504" in {s.code for s in functional.children_of("20805", year=2018)}
    assert "2080504" not in {s.code for s in functional.children_of("20805")}
    assert len(list(functional.subjects(year=2018))) == len(functional.edition(2018))
    assert functional.get("2080504", year=2020) is not None
    assert functional.get("2080504", year=2021) is None
    assert functional.is_valid("2080504", year=2017)
    names = functional.names_of("210", year=2018)
    assert names[0].name == "医疗卫生与计划生育支出"
    assert functional.find("未归口管理的行政单位离退休", year=2019).code == "2080504"


def test_a_subject_of_an_edition_knows_its_year() -> None:
    old = functional.lookup("2080504", year=2018)
    assert old.year == 2018
    assert functional.lookup("2080501").year is None
    assert old == functional.lookup("2080504", year=2019)  # same scheme and code: equal across editions
    assert [a.name for a in old.ancestors] == ["社会保障和就业支出", "行政事业单位离退休"]


def test_a_split_applies_and_undoes_and_compare_shows_it_split() -> None:
    from gfs_cn.aggregate.comparison import _code_map
    from gfs_cn.editions import Change

    def split(code: str, name: str) -> Change:
        return Change(
            2022, ChangeKind.SPLIT, code, name, "20101", "人大事务", "财预〔2021〕1号", "2022-01-01", "knowledge:test"
        )

    changes = (split("20102", "甲"), split("20103", "乙"))
    before = {"201": ("一般公共服务支出", "general"), "20101": ("人大事务", "general")}
    after = apply(before, changes)
    assert after == {"201": before["201"], "20102": ("甲", "general"), "20103": ("乙", "general")}
    assert undo(after, changes) == before

    class _Fake:
        def changes(self, since: int, until: int) -> tuple[Change, ...]:
            return changes

    mapped = _code_map(_Fake(), 2021, 2022)  # type: ignore[arg-type]
    codes, note = mapped["20101"]
    assert codes == ("20102", "20103")
    assert note.count("split") == 2
