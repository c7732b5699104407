"""The command line, through its entry point: output, exit codes, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gfs_cn import from_json, read_text, to_records
from gfs_cn.cli import main
from tests.reports import FIXTURES, SEEDS

TEXTS = [str(FIXTURES / "texts" / f"{seed}.txt") for seed in SEEDS]


def test_lookup_any_printed_form(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "210 15 01", "30101", "50501"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2101501\t项\t行政运行")
    assert lines[1].startswith("30101\t款\t基本工资")
    assert lines[2].startswith("50501\t款\t工资福利支出")


def test_bad_code_is_one_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "21O1501"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "'O' at position 3 is not a digit" in captured.err


def test_debug_shows_the_traceback() -> None:
    with pytest.raises(ValueError, match="not a digit"):
        main(["--debug", "lookup", "21O1501"])


def test_search_and_nothing_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "医疗保障经办"]) == 0
    assert "2101506" in capsys.readouterr().out
    assert main(["search", "不存在"]) == 1


def test_tree_depth(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tree", "210", "--depth", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "210 卫生健康支出"
    assert "  21015 医疗保障管理事务" in lines
    assert not [line for line in lines if line.startswith("    ")]


def test_map(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "30101", "--unit-kind", "institution"]) == 0
    assert "50501 工资福利支出" in capsys.readouterr().out


def test_demo_reads_and_checks_the_published_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pdfplumber")
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "sh-putuo-govoffice-2025-budget.pdf: 上海市普陀区人民政府办公室, 2025 部门预算, amounts in 元" in out
    assert "9 tables read; 221 of 221 printed amounts placed" in out
    assert "201 一般公共服务支出" in out


def test_demo_reads_and_checks_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--text"]) == 0
    out = capsys.readouterr().out
    assert "鞍山市医疗保障局, 2024 部门预算" in out
    assert "270 of 270 printed amounts placed" in out
    assert "210 卫生健康支出" in out
    assert "Checks: 8 errors, 12 warnings, 2 incomplete, 1 note" in out
    assert "narrative.figures" in out


def test_read_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", TEXTS[0]]) == 0
    report = from_json(capsys.readouterr().out)
    assert report.tables == read_text(Path(TEXTS[0])).tables


def test_read_several_files_as_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", *TEXTS[:2]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [from_json(line).department for line in lines] == ["鞍山市医疗保障局", "鄂州市医疗保障服务中心"]


def test_read_csv_has_one_row_per_amount(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", *TEXTS, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    expected = sum(len(to_records(read_text(Path(t)))) for t in TEXTS)
    assert len(rows) == expected
    assert {"department", "column", "amount"} <= set(rows[0])


def test_read_records_into_a_folder(tmp_path: Path) -> None:
    assert main(["read", *TEXTS, "--format", "records", "--out", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted([f"{seed}.jsonl" for seed in SEEDS] + ["errors.jsonl", "summary.json"])
    first = json.loads((tmp_path / "anshan.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["department"] == "鞍山市医疗保障局"


def test_check_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    anshan, ezhou, _, zibo = TEXTS
    # One real error: 表17's 成本指标 ≤188366元 in a project of 8.00万元; without it, warnings only.
    assert main(["check", anshan]) == 1
    assert main(["check", anshan, "--disable", "performance.cost-amounts"]) == 0
    assert main(["check", anshan, "--disable", "performance.cost-amounts", "--fail-on", "warning"]) == 1
    # One real error: the 基金监管专项 self-evaluation scores 14 for 20分 × 24.62% (4.92); else rounding notes.
    assert main(["check", ezhou]) == 1
    assert main(["check", ezhou, "--fail-on", "error"]) == 1
    assert main(["check", ezhou, "--fail-on", "rounding"]) == 1
    assert main(["check", zibo, "--fail-on", "incomplete"]) == 1
    out = capsys.readouterr().out
    assert "鞍山市医疗保障局 2024 部门预算 — 1 error, 3 warnings" in out
    assert "鞍山市医疗保障局 2024 部门预算 — 3 warnings" in out
    assert "passed, 0 errors, 3 warnings, 0 rounding, 2 incomplete, 0 notes, rules not applicable:" in out


def test_check_json_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", *TEXTS, "--format", "json"]) == 1  # Ezhou's one real error
    documents = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [d["department"] for d in documents][:2] == ["鞍山市医疗保障局", "鄂州市医疗保障服务中心"]
    error, warning = documents[0]["findings"][:2]
    assert (error["severity"], error["rule"]) == ("error", "performance.cost-amounts")
    assert warning["severity"] == "warning"
    assert warning["line"] == 465
    counts = documents[1]["counts"]
    assert counts["checks"] == sum(v for k, v in counts.items() if k != "checks")
    assert counts["rounding"] > 0
    assert documents[1]["rules"]["column.sums"]["passed"] > 0
    assert "structure.budget-tables" in documents[1]["not_applicable"]  # a final account


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("这不是预算公开。", encoding="utf-8")
    assert main(["check", str(junk)]) == 2
    assert "no disclosure table" in capsys.readouterr().err
    assert main(["read", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["lookup", "search", "tree", "map", "read", "check", "show", "demo"])
def test_help_for_every_command_has_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out
    assert f"gfs-cn {command}" in out


def test_module_entry_point_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "gfs_cn", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("gfs-cn ")


def test_progress_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", *TEXTS[:2], "--format", "csv"]) == 0
    assert capsys.readouterr().err == ""  # piped (not a terminal): no progress
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["read", *TEXTS[:2], "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert "1/2" in err
    assert "2/2" in err
    assert "2 reports read, 0 failed" in err  # the summary, after the bar


# --- issue 9 -------------------------------------------------------------------------------------


def test_an_internal_error_has_its_own_exit_code_and_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gfs_cn import cli

    def broken(*args: object, **options: object) -> object:
        raise RuntimeError("a bug\nwith two lines")

    monkeypatch.setattr(cli.functional.CATALOG, "lookup", broken)
    assert main(["lookup", "2101501"]) == cli.EXIT_INTERNAL == 3
    err = capsys.readouterr().err
    assert err == "gfs-cn: internal error: RuntimeError: a bug (run with --debug for the traceback)\n"
    with pytest.raises(RuntimeError, match="a bug"):
        main(["--debug", "lookup", "2101501"])


def test_check_stops_at_an_unreadable_file_or_keeps_going(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As ``read``: the first file that cannot be read stops the command (exit 2) unless --keep-going,
    which checks the others, says each failure once (the path once, not twice) and exits 1."""
    junk = tmp_path / "junk.txt"
    junk.write_text("这不是预算公开。", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    assert main(["check", str(junk), TEXTS[1], str(missing), "--workers", "0"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"gfs-cn: error: {junk}: no disclosure table")
    assert "--keep-going" in captured.err

    assert main(["check", str(junk), TEXTS[1], str(missing), "--keep-going", "--fail-on", "rounding"]) == 1
    captured = capsys.readouterr()
    assert f"{TEXTS[1]}: 鄂州市医疗保障服务中心 2022 部门决算" in captured.out
    errors = captured.err.splitlines()
    assert errors[0].startswith(f"gfs-cn: {junk}: no disclosure table")
    assert errors[1] == f"gfs-cn: {missing}: no such file"
    assert errors[2].startswith("1 reports read, 2 failed; ")  # the summary line every report command ends with
    assert main(["check", str(junk), TEXTS[1], "--format", "json", "--keep-going"]) == 1
    documents = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [d["file"] for d in documents] == [TEXTS[1], str(junk)]
    assert documents[0]["department"] == "鄂州市医疗保障服务中心"
    assert "no disclosure table" in documents[1]["error"]


def test_output_in_an_encoding_without_chinese_does_not_crash() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    result = subprocess.run(
        [sys.executable, "-m", "gfs_cn", "lookup", "2101501"], capture_output=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"2101501\t?\t????")


def test_demo_pads_chinese_names_by_display_width(capsys: pytest.CaptureFixture[str]) -> None:
    from gfs_cn.terminal import display_width as _display_width

    assert main(["demo", "--text"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.endswith("万元") and line[2:5].isdigit()]
    assert len(lines) >= 3
    assert len({_display_width(line) for line in lines}) == 1


def test_messages_are_not_cut_when_piped(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from gfs_cn.terminal import display_width as _display_width

    monkeypatch.delenv("COLUMNS", raising=False)
    assert main(["check", TEXTS[0]]) == 1
    out = capsys.readouterr().out
    assert "…" not in out
    assert "30239 其他交通费用 is 公用经费 in the catalogue, but 52.35万元 of it is printed as 人员经费\n" in out
    monkeypatch.setenv("COLUMNS", "80")  # asked for a width: kept to it
    assert main(["check", TEXTS[0]]) == 1
    lines = capsys.readouterr().out.splitlines()[1:]
    assert all(_display_width(line) <= 80 for line in lines)
    assert any(line.endswith("…") for line in lines)


def test_tree_finds_the_scheme_like_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tree", "501", "--depth", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "501 机关工资福利支出"
    assert "  50101 工资奖金津补贴" in lines
    assert main(["tree", "30101"]) == 0
    assert capsys.readouterr().out == "30101 基本工资\n"


def test_map_takes_several_codes_and_chinese_unit_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "30101", "30102", "--unit-kind", "行政单位"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "30101 基本工资\t→\t50101 工资奖金津补贴",
        "30102 津贴补贴\t→\t50101 工资奖金津补贴",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["search", ""], "give some text to search for"),
        (["search", "  "], "give some text to search for"),
        (["tree", "210", "--depth", "-1"], "give 1 or more"),
        (["tree", "210", "--depth", "0"], "give 1 or more"),
        (["tree", "210", "--depth", "x"], "give 1 or more"),
        (["map", "30101", "--unit-kind", "unit"], "is not a unit kind"),
    ],
)
def test_bad_usage_exits_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
