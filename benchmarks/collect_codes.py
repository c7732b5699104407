"""Collect every classification code real reports print, with its printed name, into a test fixture.

    python benchmarks/collect_codes.py [--shared ../shared] [--out tests/fixtures/corpus_codes.tsv]

Reads every report in ``../shared/seeds`` (text) and ``../shared/corpus`` (PDF; ``*.part1.pdf`` and
``*.part2.pdf`` are one report) and writes ``tests/fixtures/corpus_codes.tsv``: one row per code and
printed name per report page (per report for the text seeds, which have no pages), with the report's
year, file and page. Tests read the checked-in copy, never ``../shared``.

Two sources, each checked by the other:

1. the library's own reading (``gfs_cn.read``): every row with a code, with the name beside it;
2. each PDF page's layout text: every token shaped like a code, paired with the name printed after it
   on its line or on a neighbouring line (some layouts print the name above or below the code).

A pair is written when it is the report's own: the code resolves in the report's year to the printed
name, or to a former or short name in force; a region's seven-digit subdivision of an economic 款 is
written as ``local``. A pair the catalogue does not know is never dropped silently: it is judged by
hand in :data:`EXPECT` (a misprint, read on the page), read by hand in :data:`ADDED` (what neither
reading gets), or named in :data:`NOT_CODES` (a number that is not a code, with what it is); anything
else is reported at the end as unexplained — a clean run reports none. A library reading the page
text contradicts, where the page text gives the code with a name in force, is reported as corrected
(the reader's misreads, for the reader's issues).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gfs_cn  # noqa: E402
from gfs_cn import economic, functional  # noqa: E402
from gfs_cn.catalog import Classification, NameKind, normalize_name  # noqa: E402
from gfs_cn.errors import GfsError  # noqa: E402
from gfs_cn.tables.rows import ClassifiedRow, EconomicRow, GenericRow  # noqa: E402

CATALOGS: dict[str, Classification] = {
    "functional": functional.CATALOG,
    "department": economic.department.CATALOG,
    "government": economic.government.CATALOG,
}

HEADER = """\
# Every classification code the real reports print, with the name printed beside it (facts only):
# the four text seeds (../shared/seeds) and the twenty corpus PDFs (../shared/corpus), 2018-2026.
# Regenerate with `python benchmarks/collect_codes.py` (it says how each pair was found and checked).
# year: the report's year (the edition it uses); scheme: functional | department | government;
# report: the file; page: its page (PDF), or line: the line of the text seed.
# expect: ok (the name in force that year: official, short or former) |
#   misprint:<what> (the report prints the code with a name the edition does not give it) |
#   local:<parent> (a region's own subdivision below a national code; not a national code).
year	scheme	code	name	report	page	line	expect
"""

# What a reading finds that is not the official name in force, read on the page and judged by hand:
# (report stem, code, name as printed) → expect (see HEADER).
EXPECT: dict[tuple[str, str, str], str] = {
    # A 款 name with the wording of another classification's 类 (509 对个人和家庭的补助 has 的, 303 too).
    ("anshan-medical-security-2024-budget", "30399", "其他对个人和家庭的补助支出"): "misprint:其他对个人和家庭的补助",
    ("yt-petition-2026-budget", "303", "对个人和家庭补助"): "misprint:对个人和家庭的补助",
    # 50999 with the 的 of its 类 509: four reports of three regions; the checks flag it (catalogue.name).
    ("xixia-medical-security-2024-budget", "50999", "其他对个人和家庭的补助"): "misprint:其他对个人和家庭补助",
    ("yt-petition-2026-budget", "50999", "其他对个人和家庭的补助"): "misprint:其他对个人和家庭补助",
    ("bj-major-projects-2026-budget", "50999", "其他对个人和家庭的补助"): "misprint:其他对个人和家庭补助",
    ("bj-sasac-2026-budget-tables", "50999", "其他对个人和家庭的补助"): "misprint:其他对个人和家庭补助",
    # Chongqing's system prints the 款 without 监管 (p10, p13, p17 and p11, p14, p19).
    ("cq-commerce-2026-budget", "21505", "工业和信息产业"): "misprint:工业和信息产业监管",
    ("cq-science-2026-budget", "21505", "工业和信息产业"): "misprint:工业和信息产业监管",
    # The narrative names the 类 without its （一） (p15).
    ("xa-audit-2026-budget", "503", "机关资本性支出"): "misprint:机关资本性支出（一）",
    # The narrative (p11) prints a 项 that does not exist; the tables (p22) print 2089999.
    ("xa-meteo-2022-budget", "2089901", "其他社会保障和就业支出"): "misprint-code:2089999",
}

# Pairs neither reading gets, read on the page by hand: (report stem, page, code, name as printed).
ADDED: list[tuple[str, int, str, str]] = [
    # The text layer puts the brackets of the name on a line of their own (cq-commerce p20, cq-science p21).
    ("cq-commerce-2026-budget", 20, "30212", "因公出国（境）费用"),
    ("cq-commerce-2026-budget", 20, "30213", "维修（护）费"),
    ("cq-science-2026-budget", 21, "30213", "维修（护）费"),
]

# Numbers the readings take for codes that are not codes: (report stem, number) → what they are.
NOT_CODES: dict[tuple[str, str], str] = {
    ("bj-major-projects-2026-budget", "250"): "an indicator value of a performance table (p23)",
    ("bj-major-projects-2026-budget", "26000"): "an indicator value of a performance table (p23)",
    ("bj-major-projects-2026-budget", "290"): "an indicator value of a performance table (p23)",
    ("bj-sasac-2026-budget-tables", "200"): "a count in a performance table: 200本 (p19)",
    ("bj-sasac-2026-budget-tables", "300"): "a count in a performance table: 300本 (p19)",
    ("bj-sasac-2026-budget-tables", "500"): "a count in a performance table: 500本 (p19)",
    ("js-npc-office-2019-budget", "200"): "a head count in the narrative: 200名 (part1 p4)",
    ("sh-putuo-finance-2024-final", "302"): "the 类 cell of codes whose 款 cell the text layer puts apart (p17)",
    ("xa-meteo-2022-budget", "234"): "the unit code 234 before 西安市气象局 (p19, p20, p30)",
    ("xa-meteo-2022-budget", "3055700"): "an amount in yuan (p27)",
    ("zhuhai-commerce-2026-budget", "300"): "a figure in a performance table (p32)",
    ("zhuhai-commerce-2026-budget", "500"): "a figure in a performance table (p34)",
}


# A token shaped like a code: a functional 类/款/项, or a department or government economic 类/款 (a
# region's 目 below a 款 has seven digits). Never an amount (210.00, 1,234) or a count in prose (209万元).
CODE = re.compile(
    r"(?<![\d.,A-Za-z\-])(2\d{2}(?:\d{2}){0,2}|3[019]\d(?:\d{2}){0,2}|5[019]\d(?:\d{2})?)(?![\d.,%A-Za-z_])"
)
TOKEN = re.compile(CODE.pattern + r"(?!\s*[万元亿个人次项家件份天篇册])")
# Codes printed over 类|款|项 cells (Shanghai, Xi'an): 201 08 01, 302 99.
SPLIT = re.compile(r"(?<![\d.,A-Za-z\-])([235]\d{2})((?:[ \t]{1,8}\d{2}(?![\d.,])){1,2})(?![\d.,%_])")
NAME = re.compile(r"[\u4e00-\u9fff（）()“”、·]+(?: ?[\u4e00-\u9fff（）()“”、·]+)*")


def scheme_of(code: str) -> str:
    """The classification a code's first digit names: 2 functional, 3 department, 5 government economic."""
    return {"2": "functional", "3": "department", "5": "government"}[code[0]]


def local_parent(code: str, year: int) -> str | None:
    """The national 款 a region's seven-digit economic 目 (3021101 差旅费 in Beijing) subdivides."""
    scheme = scheme_of(code)
    if scheme == "functional" or len(code) != 7 or not CATALOGS[scheme].is_valid(code[:5], year=year):
        return None
    return code[:5]


def names_in_force(scheme: str, code: str, year: int) -> set[str]:
    """The names a report of ``year`` may print for ``code``: official, short, former in force."""
    catalog = CATALOGS[scheme]
    try:
        matches = catalog.of_year(year).names_of(code)
    except GfsError:
        return set()
    return {normalize_name(m.name) for m in matches if m.kind is not NameKind.FORMER or m.in_force(year)}


def reports(shared: Path) -> dict[str, list[Path]]:
    """Report stem → its files (one text seed, one PDF, or a PDF in parts)."""
    found: dict[str, list[Path]] = {}
    for path in sorted((shared / "seeds").glob("*.txt")):
        found[path.stem] = [path]
    for path in sorted((shared / "corpus").glob("*.pdf")):
        found.setdefault(path.name.split(".")[0], []).append(path)
    return found


def year_of(stem: str) -> int:
    match = re.search(r"20\d\d", stem)
    assert match is not None, stem
    return int(match.group())


def page_texts(paths: list[Path]) -> list[tuple[str, int, str]]:
    """(file name, page in that file, layout text) of every page, in the reader's (global) order."""
    import pdfplumber

    pages = []
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                pages.append((path.name, number, page.extract_text(layout=True) or ""))
    return pages


def library_pairs(paths: list[Path], year: int) -> Iterator[tuple[str, str, int | None, int | None]]:
    """(code, name, global page, line) of every row with a code the library reads."""
    try:
        if paths[0].suffix == ".txt":
            report = gfs_cn.read_text(paths[0])
        else:
            report = gfs_cn.read([str(p) for p in paths] if len(paths) > 1 else str(paths[0]), year=year)
    except GfsError as err:
        print(f"  the library does not read it: {err}", file=sys.stderr)
        return
    for table in report.tables:
        for row in table.rows:
            pairs: list[tuple[str, str]] = []
            if isinstance(row, ClassifiedRow):
                pairs.append((row.code, row.name))
            elif isinstance(row, EconomicRow):
                pairs.append((row.code, row.name))
                if row.government_code:
                    pairs.append((row.government_code, row.government_name or ""))
            elif isinstance(row, GenericRow) and row.code:
                pairs.append((row.code, row.name))
            for code, name in pairs:
                # Project and indicator rows of generic tables carry other numbers (100, 11000021T…).
                if CODE.fullmatch(code) and (not isinstance(row, GenericRow) or name):
                    yield code, name, row.page, row.line


def text_pairs(lines: list[str]) -> Iterator[tuple[str, bool, bool, list[str]]]:
    """Every code-shaped token of a page — split over cells or not — with whether a name is printed
    right beside it (after it, or before it with the code in brackets: 行政运行（2010801）) and the
    candidate names printed around it, nearest first."""
    for i, line in enumerate(lines):
        tokens = [(m.start(), m.end(), m.group(1) + "".join(m.group(2).split()), True) for m in SPLIT.finditer(line)]
        taken = [(start, end) for start, end, _, _ in tokens]
        tokens += [
            (m.start(), m.end(), m.group(1), False)
            for m in TOKEN.finditer(line)
            if not any(start <= m.start() < end for start, end in taken)
        ]
        for start, end, code, split in sorted(tokens):
            candidates = []
            after = re.sub(r"^[\s\-－—:：\]】）)]+", "", line[end:])
            head = NAME.match(after)
            if head:
                candidates.append(head.group())
            bracketed = re.search(r"(" + NAME.pattern + r")[（(]$", line[:start].rstrip())
            if bracketed:
                candidates.append(bracketed.group(1).rstrip("（(").lstrip("）)、"))
            named = bool(candidates)
            for j in (i - 1, i + 1, i - 2, i + 2):
                if 0 <= j < len(lines):
                    window = lines[j][max(0, start - 12) : end + 60]
                    candidates.extend(n.strip() for n in NAME.findall(window))
            yield code, split, named, candidates


def wrapped(candidate: str, names: set[str], lines_near: str) -> str | None:
    """The full name where ``candidate`` is its head and the tail is printed on a neighbouring line."""
    head = normalize_name(candidate)
    if len(head) < 4:
        return None
    near = normalize_name(lines_near)
    return next((n for n in sorted(names) if n.startswith(head) and n != head and n[len(head) :] in near), None)


def collect(shared: Path) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """The fixture's rows, the readings left unexplained, and the library's misreads the pages corrected."""
    rows: dict[tuple[str, str, str, str, str], dict[str, Any]] = {}
    unexplained: list[str] = []
    corrected: list[str] = []

    def add(year: int, code: str, name: str, report: str, page: int | None, line: int | None, expect: str) -> None:
        scheme = scheme_of(code)
        key = (report, str(page or ""), scheme, code, normalize_name(name))
        rows.setdefault(
            key,
            {
                "year": year,
                "scheme": scheme,
                "code": code,
                "name": name,
                "report": report,
                "page": page or "",
                "line": "" if page else (line or ""),
                "expect": expect,
            },
        )

    added = {(stem, page, code): name for stem, page, code, name in ADDED}
    for stem, paths in reports(shared).items():
        year = year_of(stem)
        print(stem, file=sys.stderr)
        pages = page_texts(paths) if paths[0].suffix == ".pdf" else []
        located = {number: (file, local) for number, (file, local, _) in enumerate(pages, 1)}
        covered: set[tuple[int | None, str]] = set()
        pending: list[tuple[int | None, str, str]] = []
        for code, name, page, line in library_pairs(paths, year):
            file, local = located.get(page or 0, (paths[0].name, None))
            if normalize_name(name) in names_in_force(scheme_of(code), code, year):
                add(year, code, name, file, local, line, "ok")
                covered.add((page, code))
            elif (parent := local_parent(code, year)) is not None and name:
                add(year, code, name, file, local, line, f"local:{parent}")
                covered.add((page, code))
            elif (stem, code, name) in EXPECT:
                add(year, code, name, file, local, line, EXPECT[stem, code, name])
                covered.add((page, code))
            elif (stem, page or 0, code) in added or (stem, code) in NOT_CODES:
                continue
            else:
                pending.append((page, code, f"{stem} p{page} l{line}: library reads {code} {name!r}"))
        for number, (file, local, text) in enumerate(pages, 1):
            lines = text.split("\n")
            for code, split, named, candidates in text_pairs(lines):
                if (number, code) in covered or (stem, number, code) in added or (stem, code) in NOT_CODES:
                    continue
                names = names_in_force(scheme_of(code), code, year)
                hit = next((c for c in candidates if normalize_name(c) in names), None)
                if hit is None:
                    hit = next((w for c in candidates if (w := wrapped(c, names, text)) is not None), None)
                if hit is None and split and not named and names:
                    hit = ""  # printed in code cells with no name beside it (procurement tables)
                judged = next((c for c in candidates if (stem, code, c) in EXPECT), None)
                if hit is not None:
                    add(year, code, hit, file, local, None, "ok")
                    covered.add((number, code))
                elif judged is not None:
                    add(year, code, judged, file, local, None, EXPECT[stem, code, judged])
                    covered.add((number, code))
                elif (parent := local_parent(code, year)) is not None and candidates:
                    add(year, code, candidates[0], file, local, None, f"local:{parent}")
                    covered.add((number, code))
                elif named:  # a token with no name beside it is a cell of a split code, or a number
                    unexplained.append(f"{stem} p{number} ({file} p{local}): text {code} near {candidates[:3]}")
        for page, code, what in pending:
            (corrected if (page, code) in covered else unexplained).append(what)
        for (a_stem, page, code), name in added.items():
            if a_stem == stem:
                file, local = located.get(page, (paths[0].name, None))
                add(year, code, name, file, local, None, "ok")
    ordered = sorted(
        rows.values(),
        key=lambda r: (r["year"], r["scheme"], r["code"], r["report"], r["page"] or 0, r["line"] or 0, r["name"]),
    )
    return ordered, unexplained, corrected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "corpus_codes.tsv")
    args = parser.parse_args()
    rows, unexplained, corrected = collect(args.shared)
    columns = ["year", "scheme", "code", "name", "report", "page", "line", "expect"]
    with args.out.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for row in rows:
            out.write("\t".join(str(row[c]) for c in columns) + "\n")
    print(f"{len(rows)} rows from {len({r['report'] for r in rows})} files written to {args.out}")
    for item in corrected:
        print("the page corrects:", item)
    print(f"{len(corrected)} readings of the library the page text corrects")
    for item in unexplained:
        print("unexplained:", item)
    print(f"{len(unexplained)} unexplained")


if __name__ == "__main__":
    main()
