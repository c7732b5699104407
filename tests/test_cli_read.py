"""``gfs-cn read`` over folders: mixed good and bad files, a Parquet dataset, names that never collide."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

import gfs_cn
from gfs_cn.cli import main
from gfs_cn.cli_read import expand
from tests.conftest import FIXTURES

TEXTS = sorted((FIXTURES / "texts").glob("*.txt"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Four good reports, and junk, an empty file and a truncated PDF, with a name repeated in a subfolder."""
    root = tmp_path / "in"
    (root / "more").mkdir(parents=True)
    for path in TEXTS:
        shutil.copy(path, root / path.name)
    shutil.copy(TEXTS[0], root / "more" / TEXTS[0].name)  # anshan.txt twice, in two folders
    (root / "junk.txt").write_text("这不是一份预算公开文件。\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    shutil.copy(FIXTURES / "pdf" / "truncated.pdf", root / "more" / "truncated.pdf")
    (root / "notes.md").write_text("not read: neither .pdf nor .txt\n", encoding="utf-8")
    return root


def test_a_folder_expands_to_its_pdf_and_text_files(folder: Path) -> None:
    names = [str(Path(p).relative_to(folder)) for p in expand([str(folder)])]
    assert names == [
        "anshan.txt", "empty.txt", "ezhou.txt", "junk.txt", "more/anshan.txt", "more/truncated.pdf", "xixia.txt",
        "zibo.txt",
    ]  # fmt: skip
    assert expand([str(folder / "*.txt")])[:1] == [str(folder / "anshan.txt")]
    assert expand([str(folder / "**" / "anshan.txt")]) == [str(folder / "anshan.txt"), str(folder / "more/anshan.txt")]


def test_keep_going_to_parquet(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["read", str(folder), "--out", str(out), "--format", "parquet", "--workers", "2", "--keep-going"]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["datapackage.json", "errors.jsonl", "records", "summary.json"]

    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(e["source"]).name for e in errors) == ["empty.txt", "junk.txt", "truncated.pdf"]
    assert all(e["error"] and e["message"] for e in errors)

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["reports_read"] == 5
    assert summary["reports_failed"] == 3
    assert summary["amounts_placed"] <= summary["amounts_printed"]
    assert set(summary["findings"]) == {"error", "warning", "incomplete", "rounding", "note"}
    assert "5 reports read, 3 failed" in capsys.readouterr().out

    from gfs_cn.arrow import from_arrow, read_parquet

    back = from_arrow(read_parquet(out / "records"))
    good = [folder / p.name for p in TEXTS] + [folder / "more" / TEXTS[0].name]
    expected = [r for path in good for r in gfs_cn.to_records(gfs_cn.read(path), source=str(path))]
    assert Counter(back) == Counter(expected)

    # a second run into the same folder would add the same records again: refused
    assert main(["read", str(folder), "--out", str(out), "--format", "parquet", "--keep-going"]) == 2
    assert "already holds a dataset" in capsys.readouterr().err


def test_without_keep_going_the_first_failure_stops(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["read", str(folder), "--out", str(out), "--format", "csv", "--workers", "0"]) == 2
    err = capsys.readouterr().err
    assert "empty.txt" in err
    assert "--keep-going" in err
    assert sorted(p.name for p in out.iterdir()) == ["anshan.csv", "datapackage.json", "errors.jsonl", "summary.json"]


def test_output_names_never_collide(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["read", str(folder), "--out", str(out), "--format", "jsonl", "--workers", "0", "--keep-going"]) == 1
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "anshan-2.jsonl", "anshan.jsonl", "errors.jsonl", "ezhou.jsonl", "summary.json", "xixia.jsonl", "zibo.jsonl"
    ]  # fmt: skip
    first, second = (
        (out / name).read_text(encoding="utf-8").splitlines() for name in ("anshan.jsonl", "anshan-2.jsonl")
    )
    assert json.loads(first[0])["source"] == str(folder / "anshan.txt")
    assert json.loads(second[0])["source"] == str(folder / "more" / "anshan.txt")


def test_parquet_needs_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", str(TEXTS[0]), "--format", "parquet"]) == 2
    assert "--out" in capsys.readouterr().err


def test_failures_without_out_go_to_stderr(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", str(folder / "junk.txt"), str(TEXTS[0]), "--format", "csv", "--keep-going"]) == 1
    captured = capsys.readouterr()
    assert "junk.txt" in captured.err
    assert "1 reports read, 1 failed" in captured.err
    assert captured.out.startswith("department,year")
