"""Issue 20, the library: Python conventions — read takes paths, file objects and bytes; a missing file is a
FileNotFoundError; logging; Table.total(); CSV for Excel; the JSON Schema; compare by normalised names; charts."""

from __future__ import annotations

import io
import json
import logging
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

import gfs_cn
from gfs_cn import SourceNotFoundError, to_money
from gfs_cn.aggregate import Status, compare
from gfs_cn.tables import (
    ClassifiedRow,
    ClassifiedTable,
    Column,
    Report,
    ReportKind,
    RowKind,
    Side,
    SummaryLine,
    TableKind,
    TwoSidedTable,
)
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((FIXTURES / "texts").glob("*.txt"))
ANSHAN = FIXTURES / "texts" / "anshan.txt"


# -- read: paths, file objects, bytes -------------------------------------------------------------------------


def test_read_takes_bytes_and_file_objects() -> None:
    expected = gfs_cn.read(ANSHAN)
    data = ANSHAN.read_bytes()
    assert gfs_cn.read(data) == expected
    assert gfs_cn.read(io.BytesIO(data)).source is None
    with ANSHAN.open("rb") as binary:
        assert gfs_cn.read(binary).source == str(ANSHAN)  # a named file names the report
    with ANSHAN.open(encoding="utf-8") as text:
        assert gfs_cn.read(text) == expected
    assert gfs_cn.read(ANSHAN.read_text(encoding="utf-8").encode("gb18030")) == expected  # detected, as for files


def test_read_takes_a_pdf_as_bytes_or_a_file_object() -> None:
    pytest.importorskip("pdfplumber")
    pdf = gfs_cn.sample_path(pdf=True)
    with pdf.open("rb") as handle:
        report = gfs_cn.read(handle)
    assert report == gfs_cn.read(pdf)
    assert report.source == str(pdf)
    assert report.table(TableKind.THREE_PUBLIC).rows[0].page == 20


@pytest.mark.parametrize("missing", ["reports/missing.pdf", Path("reports/missing.txt")])
def test_a_missing_file_is_a_file_not_found_error(missing: str | Path) -> None:
    with pytest.raises(FileNotFoundError) as raised:
        gfs_cn.read(missing)
    error = raised.value
    assert isinstance(error, SourceNotFoundError)
    assert isinstance(error, gfs_cn.ReadError)
    assert isinstance(error, gfs_cn.GfsError)
    assert error.filename == str(missing)
    assert str(error) == f"no such file: {str(missing)!r}"
    with pytest.raises(FileNotFoundError):
        gfs_cn.read([ANSHAN, missing])  # a missing part of a report, too
    copied = pickle.loads(pickle.dumps(error))  # it crosses from a worker process as it was
    assert (type(copied), str(copied), copied.filename) == (SourceNotFoundError, str(error), str(missing))


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(gfs_cn.ReadError, match=r"is a folder: gfs_cn\.read takes files"):
        gfs_cn.read(tmp_path)


def test_the_reader_logs_what_it_does_not_vouch_for(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="gfs_cn"):
        report = gfs_cn.read(ANSHAN)
    (special,) = [t for t in report.tables if not t.reliable]
    messages = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    expected = f"{ANSHAN}: {special.title} is incomplete: {special.doubts[0]}"
    assert ("gfs_cn.reading", "INFO", expected) in messages
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="gfs_cn"):
        report = gfs_cn.read(FIXTURES / "texts" / "xixia.txt")
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "block of amounts not placed in a table" in warning
    blocks = [r.getMessage() for r in caplog.records if "amounts not placed in a table (line" in r.getMessage()]
    assert len(blocks) == len(report.unplaced) == 1
    assert blocks[0].endswith(report.unplaced[0].reason)


# -- Table.total() ------------------------------------------------------------------------------------------------


def test_total_falls_back_to_the_first_amount_column() -> None:
    """A table printing one amount column, not headed 合计 (本年预算数, 金额), with its 合计 row."""
    total = ClassifiedRow(name="合计", kind=RowKind.TOTAL, amounts={Column.GENERAL_BUDGET: to_money(Decimal("7.50"))})
    item = ClassifiedRow(code="2101501", name="行政运行", amounts={Column.GENERAL_BUDGET: to_money(Decimal("7.50"))})
    table = ClassifiedTable(columns=(Column.GENERAL_BUDGET,), rows=(total, item))
    assert table.total() == Decimal("75000.00")
    assert table.total(Column.TOTAL) is None  # asked for a column the table does not print: none
    both = ClassifiedTable(columns=(Column.GENERAL_BUDGET, Column.TOTAL), rows=(total,))
    assert both.total() is None  # a 合计 column is printed, and blank in that row: no fallback
    assert ClassifiedTable(columns=(Column.GENERAL_BUDGET,), rows=(item,)).total() is None


# -- CSV for Excel, its Table Schema ----------------------------------------------------------------------------------


def test_csv_with_a_byte_order_mark_for_excel(tmp_path: Path) -> None:
    report = gfs_cn.read(ANSHAN)
    gfs_cn.to_csv(report, tmp_path / "excel.csv", encoding="utf-8-sig")
    gfs_cn.to_csv([report], tmp_path / "plain.csv")
    excel, plain = (tmp_path / "excel.csv").read_bytes(), (tmp_path / "plain.csv").read_bytes()
    assert excel == b"\xef\xbb\xbf" + plain
    lines = plain.decode("utf-8").splitlines()
    assert lines[0].split(",") == list(gfs_cn.Record._fields)
    assert len(lines) == 1 + len(gfs_cn.to_records(report))


def test_the_table_schema_describes_every_field() -> None:
    from gfs_cn.records import table_schema

    fields = table_schema()["fields"]
    assert [f["name"] for f in fields] == list(gfs_cn.Record._fields)
    assert all(f["description"] and ":class:" not in f["description"] for f in fields)
    assert {f["name"]: f["type"] for f in fields}["page"] == "integer"


# -- the JSON Schema -----------------------------------------------------------------------------------------------


def test_reports_validate_against_the_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(gfs_cn.json_schema())
    validator.check_schema(gfs_cn.json_schema())
    reports = [gfs_cn.read(path) for path in TEXTS]
    for report in reports:
        assert list(validator.iter_errors(gfs_cn.to_dict(report))) == []
    data = gfs_cn.to_dict(reports[0])
    data["tables"][1]["rows"][0]["amounts"]["total"] = 2311.07  # a float amount: not what gfs_cn writes
    data["year"] = "2024"
    data["tables"][0]["kind"] = "no_such_kind"
    problems = {tuple(e.absolute_path)[:2] for e in validator.iter_errors(data)}
    assert ("year",) in problems
    assert ("tables", 1) in problems
    assert ("tables", 0) in problems


def test_the_published_schema_is_current() -> None:
    """docs/schema.json is what json_schema() says: regenerate it with `python -m gfs_cn.schema > docs/schema.json`."""
    published = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))
    assert published == gfs_cn.json_schema()


# -- compare: rows aligned by normalised names -----------------------------------------------------------------


def _summary(year: int, item: str, amount: str) -> Report:
    line = SummaryLine(side=Side.INCOME, item=item, amounts={Column.AMOUNT: to_money(Decimal(amount))})
    other = SummaryLine(side=Side.INCOME, item="2. 事业收入", amounts={Column.AMOUNT: to_money(Decimal("1.00"))})
    table = TwoSidedTable.__subclasses__()[0](columns=(Column.AMOUNT,), rows=(line, other))
    return Report(department="某局", year=year, kind=ReportKind.BUDGET, tables=(table,))


def test_compare_aligns_items_printed_a_little_differently() -> None:
    diff = compare(_summary(2023, "1. 一般公共预算资金", "100.00"), _summary(2024, "1．一般公共预算", "120.00"))
    assert diff.appeared == ()
    assert diff.disappeared == ()
    (changed,) = diff.changed()
    assert (changed.name, changed.a, changed.b, changed.status) == (
        "1．一般公共预算", Decimal("1000000.00"), Decimal("1200000.00"), Status.CHANGED,
    )  # fmt: skip
    apart = compare(_summary(2023, "1. 经营收入", "100.00"), _summary(2024, "1. 财政专户收入", "100.00"))
    assert len(apart.appeared) == len(apart.disappeared) == 1  # not alike: two lines


# -- charts ----------------------------------------------------------------------------------------------------------


def test_charts_need_a_chinese_font_and_say_how_to_get_one(monkeypatch: pytest.MonkeyPatch) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from matplotlib import font_manager

    from gfs_cn.charts import FontMissingError

    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    with pytest.raises(FontMissingError, match=r"apt-get install fonts-noto-cjk.*font="):
        gfs_cn.read(ANSHAN).plot()


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_charts_of_a_report_a_rollup_and_two_years() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # any font file will do for the test: a machine without a Chinese font draws boxes, but draws
    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    report = gfs_cn.read(ANSHAN)
    before = dict(matplotlib.rcParams)
    ax = report.plot(font=font)
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["201 一般公共服务支出", "208 社会保障和就业支出",
                                                            "210 卫生健康支出", "221 住房保障支出"]  # fmt: skip
    assert [round(p.get_width(), 2) for p in ax.patches] == [101.77, 247.84, 1741.9, 219.56]
    assert dict(matplotlib.rcParams) == before  # the global settings are left alone
    expenditure = report.table(TableKind.EXPENDITURE)
    ax = gfs_cn.rollup(expenditure.rows).plot(font=font, unit="元")
    assert round(ax.patches[0].get_width()) == 1017700
    ax = report.plot(report, labels=["2024 预算", "2024 决算"], font=font)
    assert len(ax.patches) == 8
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2024 预算", "2024 决算"]
    plt.close("all")


def test_a_chart_by_codes_alone_needs_no_chinese_font(monkeypatch: pytest.MonkeyPatch) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import warnings

    import matplotlib.pyplot as plt

    from gfs_cn import charts

    monkeypatch.setattr(charts, "cjk_font", lambda font=None: pytest.fail("no font with Chinese characters is needed"))
    report = gfs_cn.read(ANSHAN)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # not one glyph missing
        ax = report.plot(report, labels=["2024", "2023"], names=False)
        ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["201", "208", "210", "221"]
    assert (ax.get_xlabel(), ax.get_title()) == ("10,000 yuan", "expenditure by functional class, 10,000 yuan")
    plt.close("all")
