"""Issue 20 through the entry point: one input model for read, check and show; show; -v/-q; search; CSV and Parquet."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

import gfs_cn
from gfs_cn.cli import main
from tests.conftest import FIXTURES

ANSHAN = FIXTURES / "texts" / "anshan.txt"
XIXIA = FIXTURES / "texts" / "xixia.txt"


@pytest.fixture
def parts(tmp_path: Path) -> tuple[Path, Path]:
    """The Anshan report published as two files: the second names no year (as js-npc-office-2019 does)."""
    lines = ANSHAN.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "anshan.part1.txt", tmp_path / "anshan.part2.txt"
    first.write_text("".join(lines[:287]), encoding="utf-8")
    second.write_text("".join(lines[287:]).replace("2024", "二〇二四"), encoding="utf-8")
    return first, second


def test_the_parts_of_one_report_are_read_as_one(parts: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    first, second = parts
    assert main(["check", str(second), str(first), "--fail-on", "warning", "--workers", "0"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{first} + {second}: 鞍山市医疗保障局 2024 部门预算 — 1 error, 3 warnings, 2 incomplete")
    # a folder groups them too, and the same findings come out as from the report in one file
    assert main(["check", str(first.parent), "--fail-on", "warning"]) == 1
    by_folder = capsys.readouterr().out
    assert by_folder == out
    assert main(["check", str(ANSHAN)]) == 1  # the real 成本指标 over 预算资金 (表17)
    # The same findings, at the same lines; the second file's pages number on from the first file's.
    def unpaged(text: str) -> list[str]:
        return [re.sub(r"p\. \d+, ", "", line) for line in text.splitlines()[1:]]

    assert unpaged(capsys.readouterr().out) == unpaged(out)


def test_parts_named_otherwise_are_grouped_by_parts(
    parts: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes, tables = tmp_path / "notes.txt", tmp_path / "tables.txt"
    parts[0].rename(notes)
    parts[1].rename(tables)
    assert main(["show", str(notes), str(tables), "--parts"]) == 0
    assert capsys.readouterr().out.startswith("鞍山市医疗保障局 · 2024 部门预算")


def test_overrides_where_the_report_does_not_say(
    parts: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    second = str(parts[1])
    assert main(["check", second]) == 2
    err = capsys.readouterr().err
    assert err == f"gfs-cn: error: {second}: the fiscal year is not named in the text; pass year=\n"  # the path once
    # The real 成本指标 over 预算资金 (表17) is in this part: an error.
    assert main(["check", second, "--year", "2024", "--kind", "预算", "-q"]) == 1
    assert capsys.readouterr().out.startswith(f"{second}: 鞍山市医疗保障局 2024 部门预算")
    assert main(["read", second, "--year", "2024", "--department", "某局", "--kind", "final_account"]) == 0
    report = gfs_cn.from_json(capsys.readouterr().out)
    assert (report.year, report.department, report.kind.value) == (2024, "某局", "final_account")


def test_a_list_of_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = tmp_path / "reports.txt"
    listed.write_text(f"# the reports to read\n{ANSHAN}\n\n{XIXIA}\n", encoding="utf-8")
    assert main(["read", f"@{listed}", "--format", "csv", "-q"]) == 0
    sources = {line.split(",")[-3] for line in capsys.readouterr().out.splitlines()[1:]}
    assert sources == {str(ANSHAN), str(XIXIA)}
    assert main(["read", f"@{tmp_path / 'none.txt'}"]) == 2
    assert "no such list of files" in capsys.readouterr().err


def test_rules_chosen_by_id_or_family(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ANSHAN), "--only", "catalogue.code,economic.group"]) == 0
    rules = {line.split()[1] for line in capsys.readouterr().out.splitlines()[2:]}
    assert rules == {"catalogue.code", "economic.group"}
    assert main(["check", str(ANSHAN), "--disable", "catalogue", "--disable", "narrative,structure.numbering"]) == 1
    rules = {line.split()[1] for line in capsys.readouterr().out.splitlines()[2:]}
    assert rules == {"performance.cost-amounts", "economic.group", "structure.budget-tables"}
    assert main(["check", str(ANSHAN), "--only", "colum.sums"]) == 2
    assert "'colum.sums' is not a check rule or family of rules; did you mean column.sums" in capsys.readouterr().err


def test_findings_say_their_page_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ANSHAN), "--only", "economic.group"]) == 0
    (line,) = capsys.readouterr().out.splitlines()[2:]
    assert line.split()[:5] == ["warning", "economic.group", "line", "473", "30239"]  # text: a line, no page


def test_show_a_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(ANSHAN)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "鞍山市医疗保障局 · 2024 部门预算 · amounts in 万元 · 15 tables"
    assert lines[1] == f"source: {ANSHAN}"
    assert "270 of 270 printed amounts placed" in lines[2]
    assert "Reading notes" not in out  # nothing inferred: the report names its department one way
    # A text without form feeds has no pages to tell: the page column stays blank.
    assert lines[6].split() == ["表1", "收支预算总表", "万元", "20", "2,311.07", "read", "budget_summary"]
    table = next(line for line in lines if "支出预算总表" in line)
    assert table.split() == ["表3", "支出预算总表", "万元", "25", "2,311.07", "read", "expenditure"]
    special = lines.index(next(line for line in lines if "special_funds" in line))
    assert lines[special].split()[-2:] == ["incomplete", "special_funds"]
    assert "it was cut off" in lines[special + 1]  # the reader's doubt, under its table
    assert "  210  卫生健康支出        1,741.90万元" in lines
    assert lines[-1] == "Checks: 1 error, 3 warnings, 2 incomplete (gfs-cn check lists them)"


def test_show_one_table_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(ANSHAN), "--table", "支出总表"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "表3 支出预算总表 · expenditure · 万元 · 25 rows · read"
    assert lines[1].split()[:3] == ["科目编码", "科目名称", "合计"]
    assert lines[2].split() == ["合计", "2,311.07", "2,091.96", "1,970.38", "121.58", "219.11"]
    assert any(line.split()[:2] == ["2101501", "行政运行"] for line in lines)
    with pytest.raises(SystemExit) as exited:
        main(["show", str(ANSHAN), "--table", "三公经费支出表"])
    assert exited.value.code == 2
    assert "did you mean" in capsys.readouterr().err


def test_show_says_reading_notes_and_what_was_not_placed(capsys: pytest.CaptureFixture[str]) -> None:
    report = gfs_cn.read(XIXIA)
    assert report.unplaced
    assert main(["show", str(XIXIA), "-q"]) == 0
    out = capsys.readouterr().out
    assert f"Not placed in a table ({len(report.unplaced)}):" in out
    assert report.unplaced[0].reason in out


def test_log_messages_verbose_and_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    """Warnings by default (amounts not placed), more with -v (tables the reader does not vouch for), none with -q."""
    assert main(["read", str(XIXIA), "--format", "csv"]) == 0
    err = capsys.readouterr().err
    expected = "1 block of amounts not placed in a table (report.unplaced; gfs-cn show lists them)"
    assert err == f"gfs-cn: {XIXIA}: {expected}\n"
    assert main(["read", str(XIXIA), "--format", "csv", "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["-v", "read", str(ANSHAN), "--format", "csv"]) == 0
    assert f"gfs-cn: {ANSHAN}: 部门管理专项资金预算表 is incomplete: " in capsys.readouterr().err
    assert main(["read", str(ANSHAN), "--format", "csv", "-v", "--workers", "1"]) == 0  # from a worker too
    assert "is incomplete" in capsys.readouterr().err
    assert logging.getLogger("gfs_cn").handlers[-1:] != []  # the library's NullHandler stays; the CLI's is gone
    assert all(type(h) is logging.NullHandler for h in logging.getLogger("gfs_cn").handlers)


def test_messages_go_above_the_progress_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every message is written with tqdm.write, so a progress bar is never garbled."""
    from tqdm import tqdm

    written: list[str] = []
    monkeypatch.setattr(tqdm, "write", classmethod(lambda cls, text, file=None: written.append(text)))
    assert main(["read", str(XIXIA), "nowhere.txt", "--format", "csv", "--keep-going", "--workers", "0"]) == 1
    assert written[0].startswith(f"gfs-cn: {XIXIA}: 1 block of amounts not placed")
    assert written[1] == "gfs-cn: nowhere.txt: no such file"
    assert written[2].startswith("1 reports read, 1 failed; ")


def test_search_finds_names_as_people_type_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "机关事业单位基本养老保险费"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("30108\t款\t机关事业单位基本养老保险缴费\t")
    assert first.endswith("(similar: 96%)")
    assert main(["search", "机关事业单位基本养老保险费", "--exact"]) == 1
    assert main(["search", "提租补贴", "--scheme", "department"]) == 0  # merged into 30102 in 2018
    assert capsys.readouterr().out.splitlines()[-1].endswith("(former name: 提租补贴)")


def test_csv_for_excel_and_its_table_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", str(ANSHAN), "--format", "csv", "--bom"]) == 0
    assert capsys.readouterr().out.startswith("\ufeffdepartment,year,")
    out = tmp_path / "out"
    assert main(["read", str(ANSHAN), "--format", "csv", "--bom", "--out", str(out)]) == 0
    assert (out / "anshan.csv").read_bytes().startswith(b"\xef\xbb\xbfdepartment,year,")
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = package["resources"]
    assert (resource["path"], resource["format"], resource["encoding"]) == ("anshan.csv", "csv", "utf-8-sig")
    assert [f["name"] for f in resource["schema"]["fields"]] == list(gfs_cn.Record._fields)
    assert main(["read", str(ANSHAN), "--format", "json", "--bom"]) == 2


def test_parquet_modes_and_what_lies_beside_the_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    command = ["read", str(ANSHAN), "nowhere.txt", "--format", "parquet", "--out", str(out), "--keep-going"]
    assert main(command) == 1
    rows = len(pd.read_parquet(out / "records"))  # the dataset alone: errors and summary lie beside it
    assert sorted(p.name for p in (out / "records").iterdir()) == ["year=2024"]
    assert json.loads((out / "errors.jsonl").read_text(encoding="utf-8"))["source"] == "nowhere.txt"
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["resources"][0]["path"] == "records"
    assert main(command) == 2  # run again: refused, never doubled
    assert "--mode overwrite or append" in capsys.readouterr().err
    assert main([*command, "--mode", "overwrite"]) == 1
    assert len(pd.read_parquet(out / "records")) == rows
    assert main([*command, "--mode", "append"]) == 1
    assert len(pd.read_parquet(out / "records")) == 2 * rows


def test_a_folder_without_reports_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.md").write_text("no report here", encoding="utf-8")
    assert main(["read", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.startswith("gfs-cn: error: no reports to read: the folders and globs given hold no")
    assert not (tmp_path / "out").exists()  # nothing written


@pytest.mark.parametrize(
    ("names", "grouped"),
    [
        (["r/a.part2.pdf", "r/a.part1.pdf"], [("r/a.part1.pdf", "r/a.part2.pdf")]),
        (["r/a_part1.pdf", "r/a_Part2.pdf", "r/b.pdf"], [("r/a_part1.pdf", "r/a_Part2.pdf"), "r/b.pdf"]),
        (["r/预算第1部分.pdf", "r/预算第2部分.pdf"], [("r/预算第1部分.pdf", "r/预算第2部分.pdf")]),
        (["r/a.part1.pdf"], ["r/a.part1.pdf"]),  # a part alone is a report alone
        (["r/a.part1.pdf", "s/a.part2.pdf"], ["r/a.part1.pdf", "s/a.part2.pdf"]),  # other folders: other reports
        (["r/a.part10.pdf", "r/a.part9.pdf"], [("r/a.part9.pdf", "r/a.part10.pdf")]),  # by number, not by name
    ],
)
def test_parts_are_grouped_by_their_names(names: list[str], grouped: list[object]) -> None:
    from gfs_cn.inputs import group_parts

    assert group_parts(names) == grouped


def test_a_two_sided_summary_is_shown_as_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(ANSHAN), "--table", "budget_summary"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["收入项目", "金额", "支出项目", "金额"]
    assert lines[2].split() == ["一、一般公共预算拨款收入", "2,311.07", "一、一般公共服务支出", "101.77"]
