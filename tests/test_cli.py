"""The command line, through its entry point: output, exit codes, errors."""

from __future__ import annotations

import csv
import io
import json
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


def test_demo_reads_and_checks_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "鞍山市医疗保障局, 2024 部门预算" in out
    assert "259 of 259 printed amounts placed" in out
    assert "210 卫生健康支出" in out
    assert "Checks: 7 errors, 3 warnings, 2 incomplete" in out
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
    assert written == [f"{seed}.jsonl" for seed in SEEDS]
    first = json.loads((tmp_path / "anshan.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["department"] == "鞍山市医疗保障局"


def test_check_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    anshan, ezhou, _, zibo = TEXTS
    assert main(["check", anshan]) == 0  # warnings only
    assert main(["check", anshan, "--fail-on", "warning"]) == 1
    assert main(["check", ezhou]) == 0  # rounding notes only
    assert main(["check", ezhou, "--fail-on", "rounding"]) == 1
    assert main(["check", zibo, "--fail-on", "incomplete"]) == 1
    out = capsys.readouterr().out
    assert "鞍山市医疗保障局 2024 部门预算 — 3 warnings" in out
    assert "passed, 0 errors, 3 warnings, 0 rounding, 2 incomplete, rules not applicable:" in out


def test_check_json_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", *TEXTS, "--format", "json"]) == 0
    documents = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [d["department"] for d in documents][:2] == ["鞍山市医疗保障局", "鄂州市医疗保障服务中心"]
    warning = documents[0]["findings"][0]
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


@pytest.mark.parametrize("command", ["lookup", "search", "tree", "map", "read", "check", "demo"])
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
    assert "[1/2] anshan.txt" in err
    assert "[2/2] ezhou.txt" in err
