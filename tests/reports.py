"""The seed reports as fixtures: text to read, and the hand-built reports to compare with."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = ("anshan", "ezhou", "xixia", "zibo")


def text(seed: str) -> str:
    """The extracted text of a seed report (tables only)."""
    return (FIXTURES / "texts" / f"{seed}.txt").read_text(encoding="utf-8")


def hand_built(seed: str) -> ModuleType:
    """The fixture module with the report transcribed by hand (REPORT, PRINTED_AMOUNTS, OMITTED)."""
    return importlib.import_module(f"tests.fixtures.reports.{seed}")
