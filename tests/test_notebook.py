"""docs/cookbook.ipynb runs, cell by cell, in a real Jupyter kernel; any error in a cell fails the test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat", reason="the cookbook test needs nbclient: pip install -e '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="the cookbook test needs nbclient: pip install -e '.[test]'")
pytest.importorskip("ipykernel", reason="the cookbook test needs a Jupyter kernel: pip install -e '.[test]'")
pytest.importorskip("matplotlib", reason="the cookbook draws a chart: pip install -e '.[test]'")
pytest.importorskip("pandas", reason="the cookbook uses pandas: pip install -e '.[test]'")

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "cookbook.ipynb"


def _read() -> Any:
    return nbformat.read(NOTEBOOK, as_version=4)


def test_the_committed_notebook_is_stored_with_the_outputs_of_a_whole_run() -> None:
    """The site shows the notebook with its outputs: every code cell ran, in order, once, without an error,
    and the chart is among them (re-run it with `python tests/test_notebook.py`)."""
    notebook = _read()
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1)), "run every cell, in order"
    outputs = [output for cell in code for output in cell.outputs]
    assert all(cell.outputs for cell in code)
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    assert any("image/png" in o.get("data", {}) for o in code[-1].outputs)


def _run(notebook: Any, folder: Path) -> None:
    client = nbclient.NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(folder)}},  # the kernel's working directory
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails


def test_the_notebook_runs_in_a_kernel(tmp_path: Path) -> None:
    notebook = _read()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    _run(notebook, tmp_path)

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    kinds = {kind for o in outputs for kind in o.get("data", {})}
    assert {"text/html", "image/png"} <= kinds  # a table shown as HTML, the chart as a picture
    html = "".join(o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {}))
    assert '<div class="gfs-cn-table">' in html
    assert "2,311.07" in html
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "<Rollup functional (total): 4 类, 6 款, 14 项; total 23110700.00 yuan>" in printed
    assert "narrative.figures" in printed
    assert "30108" in "".join(o.get("data", {}).get("text/plain", "") for o in outputs)  # found by a near name


if __name__ == "__main__":  # run the notebook and store it with its outputs
    import tempfile

    stored = _read()
    with tempfile.TemporaryDirectory() as folder:
        _run(stored, Path(folder))
    nbformat.write(stored, NOTEBOOK)
