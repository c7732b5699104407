"""The seed reports as fixtures: text to read, and the hand-built reports to compare with."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from gfs_cn.tables import Report, Section

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = ("anshan", "ezhou", "xixia", "zibo")


def text(seed: str) -> str:
    """The extracted text of a seed report (tables only)."""
    return (FIXTURES / "texts" / f"{seed}.txt").read_text(encoding="utf-8")


def hand_built(seed: str) -> ModuleType:
    """The fixture module with the report transcribed by hand (REPORT, PRINTED_AMOUNTS, OMITTED)."""
    return importlib.import_module(f"tests.fixtures.reports.{seed}")


def narrative(seed: str) -> tuple[Section, ...]:
    """The figure-stating clauses of a seed's narrative, one section per heading (tests/fixtures/narrative.tsv)."""
    from tests.conftest import read_fixture_rows

    sections: dict[tuple[int, str], list[str]] = {}
    for row in read_fixture_rows("narrative.tsv"):
        if row["seed"] == seed:
            sections.setdefault((int(row["line"]), row["heading"]), []).append(row["clause"])
    return tuple(
        Section(heading=heading, text="；".join(clauses), first_line=line)
        for (line, heading), clauses in sections.items()
    )


def read_with_narrative(seed: str) -> Report:
    """A seed read from its tables, with the figure clauses of its narrative attached."""
    import attrs

    from gfs_cn.reading import read_text

    return attrs.evolve(read_text(text(seed)), narrative=narrative(seed))
