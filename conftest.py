"""Test set-up for the whole tree: the doctests of gfs_cn.frames need the optional pandas."""

from __future__ import annotations

import importlib.util

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the doctests of :mod:`gfs_cn.frames` where pandas is not installed (tests skip themselves)."""
    if importlib.util.find_spec("pandas") is not None:
        return
    skip = pytest.mark.skip(reason="pandas is not installed: pip install 'gfs-cn[pandas]'")
    for item in items:
        if item.path.name == "frames.py" and item.path.parent.name == "gfs_cn":
            item.add_marker(skip)
