"""The ``gfs-cn`` command line (also ``python -m gfs_cn``).

>>> main(["lookup", "2101501"])
2101501	项	行政运行	卫生健康支出 › 医疗保障管理事务 › 行政运行
0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from gfs_cn import __version__, _data, economic, functional
from gfs_cn.catalog import Classification, Subject, normalize_name
from gfs_cn.errors import GfsError

SAMPLE = "samples/anshan-medical-security-2024-budget.txt"

__all__ = ["main"]

_SCHEMES: dict[str, Classification] = {
    "functional": functional.CATALOG,
    "department": economic.department.CATALOG,
    "government": economic.government.CATALOG,
}

_EPILOG = """examples:
  gfs-cn lookup 2101501 "210 15 01" 30101 --scheme auto
  gfs-cn search 医疗保障
  gfs-cn tree 210 --depth 2
  gfs-cn map 30101 --unit-kind institution
"""


def _catalog_for(code: str, scheme: str) -> Classification:
    if scheme != "auto":
        return _SCHEMES[scheme]
    # Functional codes start with 2, department economic with 3, government economic with 5.
    first = functional.compact(code)[0]
    return {"3": economic.department.CATALOG, "5": economic.government.CATALOG}.get(first, functional.CATALOG)


def _line(subject: Subject) -> str:
    return f"{subject.code}\t{subject.level.label}\t{subject.name}\t{' › '.join(subject.path)}"


def _lookup(args: argparse.Namespace) -> int:
    for code in args.codes:
        print(_line(_catalog_for(code, args.scheme).lookup(code)))
    return 0


def _search(args: argparse.Namespace) -> int:
    hits = (
        _SCHEMES[args.scheme].search(args.text)
        if args.scheme != "auto"
        else [s for catalog in _SCHEMES.values() for s in catalog.search(args.text)]
    )
    for subject in hits:
        print(_line(subject))
    return 0 if hits else 1


def _tree(args: argparse.Namespace) -> int:
    catalog = _SCHEMES["functional" if args.scheme == "auto" else args.scheme]
    roots = [catalog.lookup(args.code)] if args.code else [s for s in catalog if s.parent is None]

    def show(subject: Subject, depth: int) -> None:
        print("  " * depth + f"{subject.code} {subject.name}")
        if args.depth is None or depth + 1 < args.depth:
            for child in subject.children:
                show(child, depth + 1)

    for root in roots:
        show(root, 0)
    return 0


def _map(args: argparse.Namespace) -> int:
    target = economic.to_government(args.code, args.unit_kind)
    source = economic.department.lookup(args.code)
    print(f"{source.code} {source.name}\t→\t{target.code} {target.name}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    """A tour of the catalogue over the codes printed in the sample report shipped in data/."""
    path = _data.data_path(SAMPLE)
    print(f"Codes printed in {path.name}, looked up in the catalogue:")
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        first, _, rest = line.partition("\t")
        name = rest.split("\t", 1)[0]
        # Code cells hold digits and blanks only; anything else in the first column is text or an amount.
        if not first.strip() or not all(c.isdigit() or c.isspace() for c in first) or (first, name) in seen:
            continue
        seen.add((first, name))
        try:
            subject = _catalog_for(first, "auto").lookup(first)
        except GfsError as err:
            print(f"  ! line {number}: {err}")
            continue
        same = normalize_name(name) == normalize_name(subject.name)
        note = "" if same else f"   (printed as {name!r})"
        print(f"  {subject.scheme.label}  {subject.code:<8}{' › '.join(subject.path)}{note}")
    print("Crosswalk of the same department codes for an institution (事业单位):")
    for code in ("30101", "30201", "30302"):
        target = economic.to_government(code, economic.UnitKind.INSTITUTION)
        print(f"  {code} {economic.department.lookup(code).name} → {target}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gfs-cn",
        description="China's government finance classification (政府收支分类科目).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"gfs-cn {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_: str, example: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    scheme_choices = ["auto", *_SCHEMES]
    lookup = command("lookup", _lookup, "look codes up, in any printed form", 'gfs-cn lookup 2101501 "210 15 01"')
    lookup.add_argument("codes", nargs="+", metavar="CODE")
    lookup.add_argument("--scheme", choices=scheme_choices, default="auto")

    search = command("search", _search, "find codes whose name contains TEXT", "gfs-cn search 医疗保障")
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--scheme", choices=scheme_choices, default="auto")

    tree = command("tree", _tree, "print the tree below CODE (or every 类)", "gfs-cn tree 210 --depth 2")
    tree.add_argument("code", nargs="?", metavar="CODE")
    tree.add_argument("--depth", type=int, default=None)
    tree.add_argument("--scheme", choices=scheme_choices, default="auto")

    map_ = command(
        "map",
        _map,
        "map a department economic code to the government one",
        "gfs-cn map 30101 --unit-kind agency",
    )
    map_.add_argument("code", metavar="DEPT_CODE")
    map_.add_argument("--unit-kind", required=True, choices=[k.value for k in economic.UnitKind])

    command("demo", _demo, "tour the catalogue over the sample report shipped in data/", "gfs-cn demo")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 nothing found, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except GfsError as err:
        if args.debug:
            raise
        print(f"gfs-cn: error: {err}", file=sys.stderr)
        return 2
