"""Shared fixtures: the seed facts copied into tests/fixtures (never ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def read_fixture_rows(name: str) -> list[dict[str, str]]:
    """Rows of a TSV fixture (``#`` comment lines skipped) keyed by its header."""
    lines = [
        line.rstrip("\n")
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:]]


@pytest.fixture(scope="session")
def seed_codes() -> list[dict[str, str]]:
    return read_fixture_rows("seed_codes.tsv")
