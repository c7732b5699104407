"""The built wheel carries the data: install it outside the source tree and look a code up."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment, outside the source tree, with only the built wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(work / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (work / "dist").glob("gfs_cn-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    return python


def test_sdist_carries_the_data_and_the_tests(installed_wheel: Path) -> None:
    import tarfile

    (sdist,) = (installed_wheel.parent.parent.parent / "dist").glob("gfs_cn-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"data/functional.tsv", "data/economic_crosswalk.tsv", "data/title_parts.tsv", "CHANGELOG.md"} <= names
    assert "tests/fixtures/texts/anshan.txt" in names


def test_wheel_looks_codes_up_outside_the_source_tree(installed_wheel: Path, tmp_path: Path) -> None:
    script = (
        "import gfs_cn, pathlib;"
        "assert 'site-packages' in gfs_cn.__file__, gfs_cn.__file__;"
        "import importlib.resources as r; assert r.files('gfs_cn').joinpath('py.typed').is_file();"
        "print(gfs_cn.functional.lookup('2101501').path[-1],"
        " gfs_cn.economic.to_government('30101', 'institution').code,"
        " len(gfs_cn.functional.CATALOG) > 1000)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run(
        [str(installed_wheel), "-c", script], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
    )
    assert result.stdout.split() == ["行政运行", "50501", "True"]


def test_wheel_installs_the_console_script(installed_wheel: Path, tmp_path: Path) -> None:
    gfs_cn = installed_wheel.parent / "gfs-cn"
    result = subprocess.run([str(gfs_cn), "demo", "--text"], cwd=tmp_path, check=True, capture_output=True, text=True)
    assert "鞍山市医疗保障局, 2024 部门预算" in result.stdout
    assert "270 of 270 printed amounts placed" in result.stdout
