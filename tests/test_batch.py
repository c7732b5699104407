"""Batch reading: every good source read, every bad one a failure naming it, in order, in processes."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

import gfs_cn
from gfs_cn.batch import ReadFailure, map_reports, read_many
from gfs_cn.errors import GfsError
from tests.conftest import FIXTURES

TEXTS = sorted((FIXTURES / "texts").glob("*.txt"))


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Junk text, an empty file, a truncated PDF, a file that does not exist."""
    folder = tmp_path_factory.mktemp("bad")
    junk = folder / "junk.txt"
    junk.write_text("这不是一份预算公开文件。\n只是一些文字 12.5 和数字 3,000.00\n", encoding="utf-8")
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    return {
        "junk": junk,
        "empty": empty,
        "truncated": FIXTURES / "pdf" / "truncated.pdf",
        "missing": folder / "missing.txt",
    }


def mixed(bad: dict[str, Path]) -> list[Path]:
    return [TEXTS[0], bad["junk"], TEXTS[1], bad["empty"], TEXTS[2], bad["truncated"], TEXTS[3], bad["missing"]]


@pytest.mark.parametrize("workers", [0, 2])
def test_mixed_batch_reads_every_good_source_and_names_every_bad_one(bad: dict[str, Path], workers: int) -> None:
    sources = mixed(bad)
    results = list(read_many(sources, workers=workers))
    assert len(results) == len(sources)
    good = [r for r in results if isinstance(r, gfs_cn.Report)]
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert [r.source for r in good] == [str(p) for p in TEXTS]
    assert [f.source for f in failures] == [str(bad[k]) for k in ("junk", "empty", "truncated", "missing")]
    assert all(f.error and f.message for f in failures)
    assert "no such file" in failures[-1].message
    # the reports are those gfs_cn.read gives one by one
    assert good == [gfs_cn.read(p) for p in TEXTS]


def test_unordered_gives_the_same_results(bad: dict[str, Path]) -> None:
    sources = mixed(bad)
    ordered = list(read_many(sources, workers=2))
    unordered = list(read_many(sources, workers=2, ordered=False))
    key = lambda r: r.source  # noqa: E731
    assert sorted(unordered, key=key) == sorted(ordered, key=key)


def test_on_error_skip_and_raise(bad: dict[str, Path]) -> None:
    sources = mixed(bad)
    skipped = list(read_many(sources, workers=0, on_error="skip"))
    assert all(isinstance(r, gfs_cn.Report) for r in skipped)
    assert len(skipped) == len(TEXTS)
    with pytest.raises(GfsError, match="no such file"):
        list(read_many([bad["missing"]], workers=0, on_error="raise"))
    with pytest.raises(GfsError, match="on_error"):
        list(read_many(sources, on_error="ignore"))  # type: ignore[arg-type]


def test_a_mapping_names_reports_and_records_by_the_callers_id() -> None:
    ids = {f"report-{i}": path for i, path in enumerate(TEXTS[:2])}
    results = list(map_reports(gfs_cn.to_records, ids, workers=2))
    assert [{r.source for r in records} for records in results] == [{"report-0"}, {"report-1"}]


def test_a_generator_is_consumed_lazily() -> None:
    """A batch over an endless stream yields its first results: sources are read ahead a few at a time."""
    import itertools

    endless = itertools.cycle(TEXTS)
    first = list(itertools.islice(read_many(endless, workers=2), 6))
    assert [r.source for r in first] == [str(p) for p in (TEXTS + TEXTS)[:6]]


def test_records_carry_provenance() -> None:
    (report,) = read_many({"anshan.txt": TEXTS[0]}, workers=0)
    assert isinstance(report, gfs_cn.Report)
    records = gfs_cn.to_records(report)
    assert {r.source for r in records} == {"anshan.txt"}
    assert {r.scope for r in records} == {report.scope.value}
    assert all(r.line is not None for r in records if r.row_index is not None and r.table != "other")
    lines = report.tables[0].rows
    first = next(r for r in records if r.row_index is not None)
    assert first.line == lines[first.row_index].line


def test_a_pdf_and_a_truncated_copy() -> None:
    """The one-page PDF fixture reads into a report once gfs_cn reads PDFs; its truncated copy never does."""
    pdf, truncated = FIXTURES / "pdf" / "putuo-govoffice-2025-summary.pdf", FIXTURES / "pdf" / "truncated.pdf"
    whole, cut = read_many([pdf, truncated], workers=0)
    assert isinstance(cut, ReadFailure)
    assert cut.source == str(truncated)
    if isinstance(whole, ReadFailure) and "codec" in whole.message:
        pytest.skip("this gfs_cn reads no PDF yet (gfs_cn.read takes it as text)")
    assert isinstance(whole, gfs_cn.Report)
    assert whole.year == 2025
    assert whole.source == str(pdf)


def _die_on_ezhou(report: gfs_cn.Report) -> str:
    """A worker function that kills its process on one report, as an out-of-memory kill would."""
    if "ezhou" in (report.source or ""):
        os._exit(1)
    return report.source or ""


@pytest.mark.parametrize("ordered", [True, False])
def test_a_worker_that_dies_fails_its_source_only(ordered: bool) -> None:
    results = list(map_reports(_die_on_ezhou, [str(p) for p in TEXTS], workers=2, ordered=ordered))
    assert len(results) == len(TEXTS)
    died = [r for r in results if isinstance(r, ReadFailure)]
    assert [(Path(f.source).name, f.error) for f in died] == [("ezhou.txt", "WorkerDied")]
    assert sorted(r for r in results if isinstance(r, str)) == sorted(str(p) for p in TEXTS if "ezhou" not in p.name)


def test_a_worker_hands_back_its_memory_after_every_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """After each source, read or failed, a worker collects the reading's garbage cycles and trims its
    heap, so its peak does not grow over a batch (benchmarks/batch.py measures by how much)."""
    import gfs_cn.batch as batch

    released: list[int] = []
    monkeypatch.setattr(batch, "_release_memory", lambda: released.append(1))
    good = batch._run_in_worker(batch._identity, None, str(TEXTS[0]), {}).result
    bad = batch._run_in_worker(batch._identity, None, "no-such-file.txt", {}).result
    assert isinstance(good, gfs_cn.Report)
    assert isinstance(bad, batch._Raised)
    assert bad.failure.error == "SourceNotFoundError"
    assert released == [1, 1]


def test_releasing_memory_works_on_any_c_library() -> None:
    import gfs_cn.batch as batch

    trim = batch._malloc_trim()
    assert trim is None or callable(trim)  # glibc's malloc_trim, or nothing to call (macOS, musl, Windows)
    batch._release_memory()


def test_what_a_worker_logs_is_logged_in_the_calling_process(caplog: pytest.LogCaptureFixture) -> None:
    """A worker's log records come back with its result and go to the caller's handlers, so a progress
    bar's handler (or a log file) sees them; a source left out (``on_error="skip"``) is a warning."""
    with caplog.at_level(logging.INFO, logger="gfs_cn"):
        results = list(gfs_cn.read_many([str(TEXTS[0]), "no-such-file.txt"], workers=1, on_error="skip"))
    assert len(results) == 1
    skipped = [r for r in caplog.records if r.name == "gfs_cn.batch"]
    assert [(r.levelname, r.getMessage()) for r in skipped] == [("WARNING", "no-such-file.txt: skipped, no such file")]
