"""Access to the catalogue's text files in ``data/`` (shipped as ``gfs_cn/data`` in the wheel).

Files are UTF-8, tab-separated, one row per record, with ``#`` comment lines at the
top naming the source edition, then a header row.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Final


def _data_root() -> Path:
    packaged = resources.files("gfs_cn").joinpath("data")
    if packaged.is_dir():
        return Path(str(packaged))
    # A source checkout (editable install): data/ sits beside the package, not in it.
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "data").is_dir():
        return checkout / "data"
    raise FileNotFoundError("gfs_cn's data files are missing: the package was installed without them")


def data_path(name: str) -> Path:
    """Path of the data file ``name`` (e.g. ``"functional.tsv"``)."""
    return _data_root() / name


SAMPLE: Final = "samples/anshan-medical-security-2024-budget.txt"
SAMPLE_PDF: Final = "samples/sh-putuo-govoffice-2025-budget.pdf"


def sample_path(pdf: bool = False) -> Path:
    """A real disclosure shipped with gfs_cn: the Anshan medical security bureau's 2024 budget (text
    extracted from its PDF), or with ``pdf=True`` the Putuo district government office's 2025 budget as
    published (a PDF, read with ``pip install 'gfs-cn[pdf]'``).

    >>> sample_path().name, sample_path(pdf=True).name
    ('anshan-medical-security-2024-budget.txt', 'sh-putuo-govoffice-2025-budget.pdf')
    """
    return data_path(SAMPLE_PDF if pdf else SAMPLE)


def read_comments(name: str) -> list[str]:
    """The ``#`` comment lines at the top of a data file, without the ``#``."""
    lines = []
    with data_path(name).open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            lines.append(line[1:].strip())
    return lines


def read_rows(name: str) -> Iterator[dict[str, str]]:
    """Rows of a data file as dicts keyed by its header; comment and blank lines skipped."""
    with data_path(name).open(encoding="utf-8") as handle:
        header: list[str] | None = None
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            if len(cells) != len(header):
                raise ValueError(f"{name}: row {cells!r} has {len(cells)} cells, header has {len(header)}")
            yield dict(zip(header, cells, strict=False))
