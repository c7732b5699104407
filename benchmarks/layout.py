"""Space-aligned text: each corpus PDF read as published, then as the text pdfplumber lays out from it.

    python benchmarks/layout.py [--corpus DIR] [NAME ...]

``extract_text(layout=True)`` keeps words at their columns and separates cells by spaces only, as
``pdftotext -layout`` does. Per report: amounts the PDF read places, amounts the text read places, how
many of those are the same amount in the same table, row (code and name) and column, and what the text
read reports. Prints; asserts nothing. Needs the corpus (default ``../shared/corpus``) and pdfplumber.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path
from typing import Any

import gfs_cn
from gfs_cn.reading import coverage

sys.path.insert(0, str(Path(__file__).parent))
from unruled import placed  # one count of placed amounts for both benchmarks

ROOT = Path(__file__).resolve().parent.parent


def laid_out(files: list[str]) -> str:
    import pdfplumber

    texts = []
    for name in files:
        with pdfplumber.open(name) as pdf:
            texts.append("\f".join(page.extract_text(layout=True) or "" for page in pdf.pages))
    return "\f".join(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("names", nargs="*", help="only the reports whose file name contains one of these")
    args = parser.parse_args()
    sources: list[list[str]] = [
        [str(f), str(f).replace(".part1", ".part2")] if ".part1" in f.name else [str(f)]
        for f in sorted(args.corpus.glob("*.pdf"))
        if ".part2" not in f.name
    ]
    print(f"{'report':42} {'pdf':>6} {'text':>6} {'same':>6} {'same %':>7} {'reported':>9} {'lost':>5}")
    totals = collections.Counter[str]()
    with tempfile.TemporaryDirectory() as folder:
        for files in sources:
            name = Path(files[0]).name.replace(".part1", "").removesuffix(".pdf")
            if args.names and not any(n in name for n in args.names):
                continue
            source: Any = files if len(files) > 1 else files[0]
            text_path = Path(folder) / f"{name}.txt"
            text_path.write_text(laid_out(files), encoding="utf-8")
            from_pdf = gfs_cn.read(source)
            try:
                from_text = gfs_cn.read(text_path)
            except gfs_cn.GfsError as err:
                print(f"{name:42} {err}")
                continue
            found = coverage(text_path, from_text)
            a, b = placed(from_pdf), placed(from_text)
            same = sum((a & b).values())
            row = {"pdf": sum(a.values()), "text": sum(b.values()), "same": same}
            row |= {"reported": found.reported, "lost": len(found.unplaced)}
            totals.update(row)
            print(
                f"{name:42} {row['pdf']:6} {row['text']:6} {same:6} {same / max(row['pdf'], 1):7.1%} "
                f"{row['reported']:9} {row['lost']:5}"
            )
    print(
        f"all: {totals['same']} of {totals['pdf']} amounts read the same from the laid-out text "
        f"({totals['same'] / max(totals['pdf'], 1):.1%}); {totals['text']} placed, {totals['reported']} reported, "
        f"{totals['lost']} lost"
    )


if __name__ == "__main__":
    main()
