"""The command line, through its entry point."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gfs_cn.cli import main


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


def test_demo_tours_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "2101501" in out
    assert "30399" in out


def test_module_entry_point_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "gfs_cn", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("gfs-cn ")
